/**
 * Decrypt (docs/behaviour.md §2.4, §8.1-8.3, §8.6). KeyId is optional for symmetric ciphertext; when given it
 * must name the key in the blob. With DryRun and DryRunModifiers IGNORE_CIPHERTEXT only the key
 * named by KeyId is checked and CiphertextBlob may be omitted.
 */
import { recordKeyUse } from '../../world/key-last-use.js';
import { KMS_MESSAGES, KmsError } from '../errors.js';
import { checkGrantTokens } from '../grant-tokens.js';
import { resolveKey } from '../key-resolution.js';
import { assertSymmetricAlgorithm, assertUsableState } from '../key-usability.js';
import { DECRYPT_ERRORS, defineOperation } from '../operation.js';
import { openFor } from '../symmetric-crypto.js';
import { refuseRecipient } from '../unsupported-features.js';

export const decrypt = defineOperation({
  name: 'Decrypt',
  errors: [...DECRYPT_ERRORS, 'UnsupportedOperationException'],
  run(world, input, latency) {
    refuseRecipient(input.Recipient);
    // Request validation before key resolution (docs/behaviour.md §3.2 check order).
    const ignoreCiphertext =
      input.DryRun === true && input.DryRunModifiers?.includes('IGNORE_CIPHERTEXT') === true;
    if (ignoreCiphertext && input.KeyId === undefined)
      throw new KmsError(
        'ValidationException',
        'KeyId is required when DryRunModifiers contains IGNORE_CIPHERTEXT.',
      );
    const ciphertext = input.CiphertextBlob;
    if (ciphertext === undefined && !ignoreCiphertext)
      throw new KmsError('ValidationException', KMS_MESSAGES.nullCiphertextBlob);
    checkGrantTokens(world, input.GrantTokens);
    const named = input.KeyId !== undefined ? resolveKey(world, input.KeyId) : undefined;
    if (ignoreCiphertext || ciphertext === undefined) {
      // DryRun with IGNORE_CIPHERTEXT checks the named key only (docs/behaviour.md §8.6).
      assertUsableState(world, named!);
      throw new KmsError('DryRunOperationException', KMS_MESSAGES.dryRun);
    }
    if (named) assertSymmetricAlgorithm(named, input.EncryptionAlgorithm, 'Decrypt');
    const opened = openFor(
      world,
      {
        ciphertext,
        context: input.EncryptionContext,
        expectedKey: named,
        dryRun: input.DryRun,
      },
      latency,
    );
    assertSymmetricAlgorithm(opened.key, input.EncryptionAlgorithm, 'Decrypt');
    recordKeyUse(world, opened.key, 'Decrypt');
    return {
      KeyId: opened.key.arn,
      Plaintext: opened.plaintext,
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
      // The material that sealed this blob, which after a rotation is not the current one.
      KeyMaterialId: opened.key.origin === 'AWS_KMS' ? opened.material.materialId : undefined,
    };
  },
});
