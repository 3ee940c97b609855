/**
 * ScheduleKeyDeletion (docs/behaviour.md §2.4): waiting period 7..30 days (default 30), allowed in every state
 * but PendingDeletion, including Unavailable (docs/behaviour.md §3.3).
 */
import { scheduleKeyDeletion as scheduleWorldDeletion } from '../../world/kms-key-lifecycle.js';
import { KmsError } from '../errors.js';
import { resolveKeyToChange } from '../key-state-change.js';
import { keyStateOf } from '../key-usability.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';
import { epochSeconds } from '../wire-values.js';

export const scheduleKeyDeletion = defineOperation({
  name: 'ScheduleKeyDeletion',
  errors: [
    'NotFoundException',
    'InvalidArnException',
    'DependencyTimeoutException',
    'KMSInternalException',
    'KMSInvalidStateException',
  ],
  run(world, input) {
    const windowDays = input.PendingWindowInDays ?? 30;
    // Request validation before key resolution (docs/behaviour.md §3.2 check order).
    if (windowDays < 7 || windowDays > 30) {
      // LocalStack's wording; the real text is unverified (docs/behaviour.md §2.4 [E]).
      throw new KmsError(
        'ValidationException',
        `PendingWindowInDays should be between 7 and 30, but it is ${windowDays}`,
      );
    }
    const key = resolveKeyToChange(world, input.KeyId, 'ScheduleKeyDeletion');
    unwrap(scheduleWorldDeletion(world, key, windowDays), 'management');
    return {
      KeyId: key.arn,
      DeletionDate: epochSeconds(world, key.pendingDeletion!.deletionAtMs),
      KeyState: keyStateOf(world, key),
      PendingWindowInDays: windowDays,
    };
  },
});
