/** GenerateDataKeyPair: refused for CloudHSM-store keys (docs/behaviour.md §4.6); see data-key-pair-refusal.ts. */
import { refuseDataKeyPair } from '../data-key-pair-refusal.js';
import { checkGrantTokens } from '../grant-tokens.js';
import { CRYPTO_ERRORS, defineOperation } from '../operation.js';

export const generateDataKeyPair = defineOperation({
  name: 'GenerateDataKeyPair',
  errors: [...CRYPTO_ERRORS, 'UnsupportedOperationException'],
  run(world, input) {
    checkGrantTokens(world, input.GrantTokens);
    return refuseDataKeyPair(world, input.KeyId);
  },
});
