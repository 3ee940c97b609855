/**
 * EnableKeyRotation (issue #10): AWS_KMS keys only; a key in a CloudHSM key store is
 * UnsupportedOperationException (key-state table note 7). RotationPeriodInDays defaults to 365;
 * calling it again on an enabled key changes the period (world/key-rotation.ts).
 */
import { enableKeyRotation as enableWorldRotation } from '../../world/key-rotation.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ROTATION_ERRORS } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const enableKeyRotation = defineOperation({
  name: 'EnableKeyRotation',
  errors: KEY_ROTATION_ERRORS,
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    unwrap(enableWorldRotation(world, key, input.RotationPeriodInDays), 'management');
    return {};
  },
});
