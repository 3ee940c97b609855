/** CancelKeyDeletion (spec §2.4): only from PendingDeletion; the key comes back Disabled. */
import { cancelKeyDeletion as cancelWorldDeletion } from '../../world/kms-key-lifecycle.js';
import { resolveKey } from '../key-resolution.js';
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
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    unwrap(cancelWorldDeletion(world, key), 'management');
    return { KeyId: key.arn };
  },
});
