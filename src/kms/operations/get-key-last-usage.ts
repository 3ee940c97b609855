/**
 * GetKeyLastUsage (issue #10; in the botocore KMS model since 2026): the last successful
 * cryptographic operation on the key, tracked from the key's creation, so TrackingStartDate is the
 * creation date. The CloudTrail event id is derived from the request id (kmsim keeps no CloudTrail;
 * docs/fidelity.md). Works in every key state and for keys in CloudHSM key stores.
 */
import { createHash } from 'node:crypto';
import { resolveKey } from '../key-resolution.js';
import { defineOperation } from '../operation.js';
import { epochSeconds } from '../wire-values.js';

function eventIdOf(requestId: string): string {
  const hex = createHash('sha256').update(`kmsim-cloudtrail-event:${requestId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export const getKeyLastUsage = defineOperation({
  name: 'GetKeyLastUsage',
  errors: [
    'NotFoundException',
    'InvalidArnException',
    'DependencyTimeoutException',
    'KMSInternalException',
  ],
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    const use = key.lastUse;
    return {
      KeyId: key.keyId,
      // "If the key has not been used since tracking began, this response element is empty."
      KeyLastUsage: use
        ? {
            Operation: use.operation,
            Timestamp: epochSeconds(world, use.atMs),
            CloudTrailEventId: eventIdOf(use.requestId),
            KmsRequestId: use.requestId,
          }
        : {},
      TrackingStartDate: epochSeconds(world, key.createdAtMs),
      KeyCreationDate: epochSeconds(world, key.createdAtMs),
    };
  },
});
