/** Encrypt (spec §2.1, §2.4): response KeyId is always the key ARN, even when an alias was given. */
import { resolveKey } from '../key-resolution.js';
import { assertSymmetricAlgorithm, materialForCrypto } from '../key-usability.js';
import { CRYPTO_ERRORS, defineOperation } from '../operation.js';
import { sealFor } from '../symmetric-crypto.js';

export const encrypt = defineOperation({
  name: 'Encrypt',
  errors: CRYPTO_ERRORS,
  run(world, input, latency) {
    const key = resolveKey(world, input.KeyId);
    assertSymmetricAlgorithm(key, input.EncryptionAlgorithm, 'Encrypt');
    const material = materialForCrypto(world, key, input.DryRun, latency);
    return {
      CiphertextBlob: sealFor(world, key, material, input.Plaintext, input.EncryptionContext),
      KeyId: key.arn,
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  },
});
