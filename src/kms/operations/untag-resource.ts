/** UntagResource (issue #10): removes tag keys; a key that is not there is no error. */
import { untagKey } from '../../world/key-tags.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const untagResource = defineOperation({
  name: 'UntagResource',
  errors: [
    'KMSInternalException',
    'NotFoundException',
    'InvalidArnException',
    'KMSInvalidStateException',
    'TagException',
  ],
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    unwrap(untagKey(world, key, input.TagKeys), 'management');
    return {};
  },
});
