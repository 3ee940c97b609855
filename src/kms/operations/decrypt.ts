/**
 * Decrypt (spec §2.4, §8.1-8.3, §8.6). KeyId is optional for symmetric ciphertext; when given it
 * must name the key in the blob. With DryRun and DryRunModifiers IGNORE_CIPHERTEXT only the key
 * named by KeyId is checked and CiphertextBlob may be omitted.
 */
import { KmsError } from '../errors.js';
import { keyMaterialId } from '../key-metadata.js';
import { resolveKey } from '../key-resolution.js';
import { assertSymmetricAlgorithm, assertUsableState, stopIfDryRun } from '../key-usability.js';
import { DECRYPT_ERRORS, defineOperation } from '../operation.js';
import { openFor } from '../symmetric-crypto.js';
import { refuseRecipient } from '../unsupported-features.js';

export const decrypt = defineOperation({
  name: 'Decrypt',
  errors: [...DECRYPT_ERRORS, 'UnsupportedOperationException'],
  run(world, input) {
    refuseRecipient(input.Recipient);
    const named = input.KeyId !== undefined ? resolveKey(world, input.KeyId) : undefined;
    if (input.DryRun && input.DryRunModifiers?.includes('IGNORE_CIPHERTEXT')) {
      if (!named) throw new KmsError('ValidationException', 'KeyId is required when DryRunModifiers contains IGNORE_CIPHERTEXT.');
      assertUsableState(world, named);
      stopIfDryRun(true);
    }
    if (input.CiphertextBlob === undefined) {
      throw new KmsError('ValidationException', '1 validation error detected: Value null at \'ciphertextBlob\' failed to satisfy constraint: Member must not be null');
    }
    if (named) assertSymmetricAlgorithm(named, input.EncryptionAlgorithm, 'Decrypt');
    const opened = openFor(world, { ciphertext: input.CiphertextBlob, context: input.EncryptionContext, expectedKey: named, dryRun: input.DryRun });
    assertSymmetricAlgorithm(opened.key, input.EncryptionAlgorithm, 'Decrypt');
    return {
      KeyId: opened.key.arn,
      Plaintext: opened.plaintext,
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      KeyMaterialId: opened.key.origin === 'AWS_KMS' ? keyMaterialId(opened.key) : undefined,
    };
  },
});
