/** GenerateDataKeyWithoutPlaintext (spec §2.4): GenerateDataKey minus the plaintext. */
import { dataKeyBytes } from '../data-key-size.js';
import { keyMaterialId } from '../key-metadata.js';
import { resolveKey } from '../key-resolution.js';
import { materialForCrypto } from '../key-usability.js';
import { CRYPTO_ERRORS, defineOperation } from '../operation.js';
import { sealFor } from '../symmetric-crypto.js';

export const generateDataKeyWithoutPlaintext = defineOperation({
  name: 'GenerateDataKeyWithoutPlaintext',
  errors: CRYPTO_ERRORS,
  run(world, input, latency) {
    // Request validation before key resolution (spec §3.2 check order).
    const size = dataKeyBytes(input.KeySpec, input.NumberOfBytes);
    const key = resolveKey(world, input.KeyId);
    const material = materialForCrypto(world, key, input.DryRun, latency);
    return {
      CiphertextBlob: sealFor(
        world,
        key,
        material,
        world.entropy.bytes(size),
        input.EncryptionContext,
      ),
      KeyId: key.arn,
      KeyMaterialId: key.origin === 'AWS_KMS' ? keyMaterialId(key) : undefined,
    };
  },
});
