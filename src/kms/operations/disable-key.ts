/** DisableKey (docs/behaviour.md §3.2): idempotent; on an Unavailable key it takes effect at reconnect (docs/behaviour.md §3.3). */
import { setKeyEnabled } from '../../world/kms-key-lifecycle.js';
import { resolveKeyToChange } from '../key-state-change.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const disableKey = defineOperation({
  name: 'DisableKey',
  errors: [
    'NotFoundException',
    'InvalidArnException',
    'DependencyTimeoutException',
    'KMSInternalException',
    'KMSInvalidStateException',
  ],
  run(world, input) {
    unwrap(
      setKeyEnabled(world, resolveKeyToChange(world, input.KeyId, 'DisableKey'), false),
      'management',
    );
    return {};
  },
});
