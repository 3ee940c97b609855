/**
 * Inputs that name AWS features kmsim does not model. They are refused loudly rather than
 * silently ignored, so a test never passes on behaviour we did not emulate (docs/fidelity.md).
 */
import { KmsError } from './errors.js';

/** `Recipient` asks for a Nitro Enclaves attestation flow that kmsim does not emulate. */
export function refuseRecipient(recipient: unknown): void {
  if (recipient !== undefined) {
    throw new KmsError(
      'UnsupportedOperationException',
      'kmsim does not emulate Recipient (AWS Nitro Enclaves attestation).',
    );
  }
}
