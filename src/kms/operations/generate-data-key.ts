/** GenerateDataKey (docs/behaviour.md §2.4): a fresh data key in plaintext and sealed under the KMS key. */
import { recordKeyUse } from '../../world/key-last-use.js';
import { dataKeyBytes } from '../data-key-size.js';
import { checkGrantTokens } from '../grant-tokens.js';
import { resolveKey } from '../key-resolution.js';
import { materialForCrypto } from '../key-usability.js';
import { CRYPTO_ERRORS, defineOperation } from '../operation.js';
import { sealFor } from '../symmetric-crypto.js';
import { refuseRecipient } from '../unsupported-features.js';

export const generateDataKey = defineOperation({
  name: 'GenerateDataKey',
  errors: [...CRYPTO_ERRORS, 'UnsupportedOperationException'],
  run(world, input, latency) {
    // Request validation before key resolution (docs/behaviour.md §3.2 check order).
    const size = dataKeyBytes(input.KeySpec, input.NumberOfBytes);
    checkGrantTokens(world, input.GrantTokens);
    const key = resolveKey(world, input.KeyId);
    refuseRecipient(input.Recipient);
    const material = materialForCrypto(world, key, input.DryRun, latency);
    const dataKey = world.entropy.bytes(size);
    const sealed = sealFor(world, key, material, dataKey, input.EncryptionContext);
    recordKeyUse(world, key, 'GenerateDataKey');
    return {
      CiphertextBlob: sealed,
      Plaintext: dataKey,
      KeyId: key.arn,
      KeyMaterialId: key.origin === 'AWS_KMS' ? material.material.materialId : undefined,
    };
  },
});
