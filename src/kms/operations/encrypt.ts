/** Encrypt (docs/behaviour.md §2.1, §2.4): response KeyId is always the key ARN, even when an alias was given. */
import { recordKeyUse } from '../../world/key-last-use.js';
import { checkGrantTokens } from '../grant-tokens.js';
import { resolveKey } from '../key-resolution.js';
import { assertSymmetricAlgorithm, materialForCrypto } from '../key-usability.js';
import { CRYPTO_ERRORS, defineOperation } from '../operation.js';
import { sealFor } from '../symmetric-crypto.js';

export const encrypt = defineOperation({
  name: 'Encrypt',
  errors: CRYPTO_ERRORS,
  run(world, input, latency) {
    checkGrantTokens(world, input.GrantTokens);
    const key = resolveKey(world, input.KeyId);
    assertSymmetricAlgorithm(key, input.EncryptionAlgorithm, 'Encrypt');
    const material = materialForCrypto(world, key, input.DryRun, latency);
    const sealed = sealFor(world, key, material, input.Plaintext, input.EncryptionContext);
    recordKeyUse(world, key, 'Encrypt');
    return {
      CiphertextBlob: sealed,
      KeyId: key.arn,
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    };
  },
});
