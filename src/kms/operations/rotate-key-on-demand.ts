/**
 * RotateKeyOnDemand (issue #10): new key material at once; the response KeyId is the key ARN
 * (recorded on the wire). Limits and refusals: world/key-rotation.ts.
 */
import { rotateKeyOnDemand as rotateWorldKey } from '../../world/key-rotation.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ROTATION_ERRORS } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const rotateKeyOnDemand = defineOperation({
  name: 'RotateKeyOnDemand',
  errors: [...KEY_ROTATION_ERRORS, 'LimitExceededException', 'ConflictException'],
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    unwrap(rotateWorldKey(world, key), 'management');
    return { KeyId: key.arn };
  },
});
