/**
 * GetKeyPolicy (issue #10): the stored document, byte for byte, in every key state (Developer
 * Guide key-state table). `default` is the only policy name (API reference); any other name is
 * NotFoundException (docs/fidelity.md).
 */
import { DEFAULT_POLICY_NAME } from '../../world/key-policy.js';
import { KmsError } from '../errors.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ID_ERRORS } from '../operation.js';

export const getKeyPolicy = defineOperation({
  name: 'GetKeyPolicy',
  errors: KEY_ID_ERRORS,
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    const name = input.PolicyName ?? DEFAULT_POLICY_NAME;
    if (name !== DEFAULT_POLICY_NAME)
      throw new KmsError(
        'NotFoundException',
        `Key policy ${name} does not exist for ${key.arn}; the only key policy name is ${DEFAULT_POLICY_NAME}.`,
      );
    return { Policy: key.policy, PolicyName: DEFAULT_POLICY_NAME };
  },
});
