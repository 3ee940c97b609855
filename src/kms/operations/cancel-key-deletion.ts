/** CancelKeyDeletion (docs/behaviour.md §2.4): only from PendingDeletion; the key comes back Disabled. */
import { cancelKeyDeletion as cancelWorldDeletion } from '../../world/kms-key-lifecycle.js';
import { resolveKeyToChange } from '../key-state-change.js';
import { defineOperation, KEY_ID_ERRORS } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const cancelKeyDeletion = defineOperation({
  name: 'CancelKeyDeletion',
  errors: KEY_ID_ERRORS,
  run(world, input) {
    const key = resolveKeyToChange(world, input.KeyId, 'CancelKeyDeletion');
    unwrap(cancelWorldDeletion(world, key), 'management');
    return { KeyId: key.arn };
  },
});
