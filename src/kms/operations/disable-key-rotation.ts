/** DisableKeyRotation (issue #10): the counterpart of EnableKeyRotation, with the same refusals. */
import { disableKeyRotation as disableWorldRotation } from '../../world/key-rotation.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ROTATION_ERRORS } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const disableKeyRotation = defineOperation({
  name: 'DisableKeyRotation',
  errors: KEY_ROTATION_ERRORS,
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    unwrap(disableWorldRotation(world, key), 'management');
    return {};
  },
});
