/**
 * ReEncrypt (spec §2.4): open with the source key (from the blob, or SourceKeyId which must match),
 * seal under the destination key. Works across key stores. Source problems are reported before
 * destination problems (spec §2.4 suggests source first; docs/fidelity.md).
 */
import { KmsError } from '../errors.js';
import { keyMaterialId } from '../key-metadata.js';
import { resolveKey } from '../key-resolution.js';
import { assertSymmetricAlgorithm, assertUsableState, materialForCrypto, stopIfDryRun } from '../key-usability.js';
import { DECRYPT_ERRORS, defineOperation } from '../operation.js';
import { openFor, sealFor } from '../symmetric-crypto.js';

export const reEncrypt = defineOperation({
  name: 'ReEncrypt',
  errors: DECRYPT_ERRORS,
  run(world, input) {
    const source = input.SourceKeyId !== undefined ? resolveKey(world, input.SourceKeyId) : undefined;
    const destination = resolveKey(world, input.DestinationKeyId);
    assertSymmetricAlgorithm(destination, input.DestinationEncryptionAlgorithm, 'ReEncrypt');
    if (input.DryRun && input.DryRunModifiers?.includes('IGNORE_CIPHERTEXT')) {
      if (!source) throw new KmsError('ValidationException', 'SourceKeyId is required when DryRunModifiers contains IGNORE_CIPHERTEXT.');
      assertUsableState(world, source);
      assertUsableState(world, destination);
      stopIfDryRun(true);
    }
    if (input.CiphertextBlob === undefined) {
      throw new KmsError('ValidationException', '1 validation error detected: Value null at \'ciphertextBlob\' failed to satisfy constraint: Member must not be null');
    }
    // The source is opened for real only once the destination is known to be usable too.
    const opened = openFor(world, { ciphertext: input.CiphertextBlob, context: input.SourceEncryptionContext, expectedKey: source, dryRun: false });
    assertSymmetricAlgorithm(opened.key, input.SourceEncryptionAlgorithm, 'ReEncrypt');
    const material = materialForCrypto(world, destination, input.DryRun);
    return {
      CiphertextBlob: sealFor(world, destination, material, opened.plaintext, input.DestinationEncryptionContext),
      SourceKeyId: opened.key.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      SourceKeyMaterialId: opened.key.origin === 'AWS_KMS' ? keyMaterialId(opened.key) : undefined,
      DestinationKeyMaterialId: destination.origin === 'AWS_KMS' ? keyMaterialId(destination) : undefined,
    };
  },
});
