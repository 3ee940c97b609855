/**
 * An operation of the CloudHSM v2 model that kmsim cannot serve faithfully answers
 * UnknownOperationException with a message naming the operation and the reason, so a caller can
 * tell "kmsim does not simulate this" from a routing bug or a real service error (docs/fidelity.md).
 */
import { CloudHsmError } from './errors.js';

export function refusal(operation: string, reason: string): CloudHsmError {
  return new CloudHsmError(
    'UnknownOperationException',
    `kmsim does not serve CloudHSMV2.${operation}: ${reason}`,
  );
}
