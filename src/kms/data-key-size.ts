/**
 * GenerateDataKey sizing (docs/behaviour.md §2.4): exactly one of KeySpec (AES_128 → 16 bytes, AES_256 → 32)
 * or NumberOfBytes (1..1024, already range-checked by validation).
 */
import { KmsError } from './errors.js';

export function dataKeyBytes(
  keySpec: 'AES_256' | 'AES_128' | undefined,
  numberOfBytes: number | undefined,
): number {
  if ((keySpec === undefined) === (numberOfBytes === undefined)) {
    // Wording shared by moto, LocalStack and local-kms; unverified on AWS (docs/behaviour.md §2.4 [E]).
    throw new KmsError('ValidationException', 'Please specify either number of bytes or key spec.');
  }
  if (numberOfBytes !== undefined) return numberOfBytes;
  return keySpec === 'AES_128' ? 16 : 32;
}
