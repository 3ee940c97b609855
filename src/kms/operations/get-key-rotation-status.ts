/**
 * GetKeyRotationStatus (issue #10): KeyRotationEnabled, and while enabled the period and the next
 * rotation date (recorded response shape: KeyId, KeyRotationEnabled, NextRotationDate,
 * RotationPeriodInDays). False while the key is pending deletion. On-demand rotations complete at
 * once, so OnDemandRotationStartDate never appears (docs/fidelity.md). KeyId is the key ARN, as
 * RotateKeyOnDemand's is on the wire.
 */
import { rotationStatus } from '../../world/key-rotation.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ID_ERRORS } from '../operation.js';
import { unwrap } from '../problem-errors.js';
import { epochSeconds } from '../wire-values.js';

export const getKeyRotationStatus = defineOperation({
  name: 'GetKeyRotationStatus',
  errors: [...KEY_ID_ERRORS, 'UnsupportedOperationException'],
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    const status = unwrap(rotationStatus(key), 'management');
    return {
      KeyRotationEnabled: status.enabled,
      KeyId: key.arn,
      RotationPeriodInDays: status.periodDays,
      NextRotationDate:
        status.nextAtMs === undefined ? undefined : epochSeconds(world, status.nextAtMs),
    };
  },
});
