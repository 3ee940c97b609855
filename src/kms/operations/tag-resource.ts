/** TagResource (issue #10): adds or updates tags; the rules live in world/key-tags.ts. */
import { tagKey } from '../../world/key-tags.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const tagResource = defineOperation({
  name: 'TagResource',
  errors: [
    'KMSInternalException',
    'NotFoundException',
    'InvalidArnException',
    'KMSInvalidStateException',
    'LimitExceededException',
    'TagException',
  ],
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    unwrap(tagKey(world, key, input.Tags), 'management');
    return {};
  },
});
