/** GenerateDataKeyWithoutPlaintext (docs/behaviour.md §2.4): GenerateDataKey minus the plaintext. */
import { recordKeyUse } from '../../world/key-last-use.js';
import { dataKeyBytes } from '../data-key-size.js';
import { checkGrantTokens } from '../grant-tokens.js';
import { resolveKey } from '../key-resolution.js';
import { materialForCrypto } from '../key-usability.js';
import { CRYPTO_ERRORS, defineOperation } from '../operation.js';
import { sealFor } from '../symmetric-crypto.js';

export const generateDataKeyWithoutPlaintext = defineOperation({
  name: 'GenerateDataKeyWithoutPlaintext',
  errors: CRYPTO_ERRORS,
  run(world, input, latency) {
    // Request validation before key resolution (docs/behaviour.md §3.2 check order).
    const size = dataKeyBytes(input.KeySpec, input.NumberOfBytes);
    checkGrantTokens(world, input.GrantTokens);
    const key = resolveKey(world, input.KeyId);
    const material = materialForCrypto(world, key, input.DryRun, latency);
    const sealed = sealFor(
      world,
      key,
      material,
      world.entropy.bytes(size),
      input.EncryptionContext,
    );
    recordKeyUse(world, key, 'GenerateDataKeyWithoutPlaintext');
    return {
      CiphertextBlob: sealed,
      KeyId: key.arn,
      KeyMaterialId: key.origin === 'AWS_KMS' ? material.material.materialId : undefined,
    };
  },
});
