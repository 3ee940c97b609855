/**
 * ReEncrypt (docs/behaviour.md §2.4): open with the source key (from the blob, or SourceKeyId which must match),
 * seal under the destination key. Works across key stores. Source problems are reported before
 * destination problems (docs/behaviour.md §2.4 suggests source first; docs/fidelity.md).
 */
import { recordKeyUse } from '../../world/key-last-use.js';
import { KMS_MESSAGES, KmsError } from '../errors.js';
import { checkGrantTokens } from '../grant-tokens.js';
import { resolveKey } from '../key-resolution.js';
import {
  assertSymmetricAlgorithm,
  assertUsableState,
  materialForCrypto,
} from '../key-usability.js';
import { DECRYPT_ERRORS, defineOperation } from '../operation.js';
import { openFor, sealFor } from '../symmetric-crypto.js';

export const reEncrypt = defineOperation({
  name: 'ReEncrypt',
  errors: DECRYPT_ERRORS,
  run(world, input, latency) {
    // Request validation before key resolution (docs/behaviour.md §3.2 check order).
    const ignoreCiphertext =
      input.DryRun === true && input.DryRunModifiers?.includes('IGNORE_CIPHERTEXT') === true;
    if (ignoreCiphertext && input.SourceKeyId === undefined) {
      throw new KmsError(
        'ValidationException',
        'SourceKeyId is required when DryRunModifiers contains IGNORE_CIPHERTEXT.',
      );
    }
    const ciphertext = input.CiphertextBlob;
    if (ciphertext === undefined && !ignoreCiphertext)
      throw new KmsError('ValidationException', KMS_MESSAGES.nullCiphertextBlob);
    checkGrantTokens(world, input.GrantTokens);
    const source =
      input.SourceKeyId !== undefined ? resolveKey(world, input.SourceKeyId) : undefined;
    const destination = resolveKey(world, input.DestinationKeyId);
    assertSymmetricAlgorithm(destination, input.DestinationEncryptionAlgorithm, 'ReEncrypt');
    if (ignoreCiphertext || ciphertext === undefined) {
      // DryRun with IGNORE_CIPHERTEXT checks the two named keys only (docs/behaviour.md §8.6).
      assertUsableState(world, source!);
      assertUsableState(world, destination);
      throw new KmsError('DryRunOperationException', KMS_MESSAGES.dryRun);
    }
    // The source is opened (state, backend, authentication) before the destination is checked.
    const opened = openFor(
      world,
      {
        ciphertext,
        context: input.SourceEncryptionContext,
        expectedKey: source,
        dryRun: false,
      },
      latency,
    );
    assertSymmetricAlgorithm(opened.key, input.SourceEncryptionAlgorithm, 'ReEncrypt');
    const material = materialForCrypto(world, destination, input.DryRun, latency);
    const sealed = sealFor(
      world,
      destination,
      material,
      opened.plaintext,
      input.DestinationEncryptionContext,
    );
    // Both keys were used (API reference, GetKeyLastUsage: tracked independently).
    recordKeyUse(world, opened.key, 'ReEncrypt');
    recordKeyUse(world, destination, 'ReEncrypt');
    return {
      CiphertextBlob: sealed,
      SourceKeyId: opened.key.arn,
      KeyId: destination.arn,
      SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      SourceKeyMaterialId: opened.key.origin === 'AWS_KMS' ? opened.material.materialId : undefined,
      DestinationKeyMaterialId:
        destination.origin === 'AWS_KMS' ? material.material.materialId : undefined,
    };
  },
});
