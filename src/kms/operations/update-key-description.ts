/** UpdateKeyDescription (issue #10): every key state but PendingDeletion (key-state table). */
import { updateKeyDescription as updateWorldDescription } from '../../world/kms-key-lifecycle.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ID_ERRORS } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const updateKeyDescription = defineOperation({
  name: 'UpdateKeyDescription',
  errors: KEY_ID_ERRORS,
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    unwrap(updateWorldDescription(world, key, input.Description), 'management');
    return {};
  },
});
