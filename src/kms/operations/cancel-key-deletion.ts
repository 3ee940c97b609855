/** CancelKeyDeletion (docs/behaviour.md §2.4): only from PendingDeletion; the key comes back Disabled. */
import { cancelKeyDeletion as cancelWorldDeletion } from '../../world/kms-key-lifecycle.js';
import { resolveKeyToChange } from '../key-state-change.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const cancelKeyDeletion = defineOperation({
  name: 'CancelKeyDeletion',
  errors: [
    'NotFoundException',
    'InvalidArnException',
    'DependencyTimeoutException',
    'KMSInternalException',
    'KMSInvalidStateException',
  ],
  run(world, input) {
    const key = resolveKeyToChange(world, input.KeyId, 'CancelKeyDeletion');
    unwrap(cancelWorldDeletion(world, key), 'management');
    return { KeyId: key.arn };
  },
});
