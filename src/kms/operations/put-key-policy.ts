/**
 * PutKeyPolicy (issue #10): replaces the key policy in every key state (Developer Guide key-state
 * table). The document is checked (world/key-policy.ts) and then stored byte for byte. A policy
 * name other than `default` is UnsupportedOperationException (docs/fidelity.md);
 * BypassPolicyLockoutSafetyCheck is accepted and changes nothing, as kmsim evaluates no policy.
 * AWS managed keys refuse (AccessDeniedException).
 */
import { DEFAULT_POLICY_NAME, putKeyPolicy as putWorldPolicy } from '../../world/key-policy.js';
import { KmsError } from '../errors.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ID_ERRORS } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const putKeyPolicy = defineOperation({
  name: 'PutKeyPolicy',
  errors: [
    ...KEY_ID_ERRORS,
    'MalformedPolicyDocumentException',
    'UnsupportedOperationException',
    'LimitExceededException',
  ],
  run(world, input) {
    const name = input.PolicyName ?? DEFAULT_POLICY_NAME;
    if (name !== DEFAULT_POLICY_NAME)
      throw new KmsError(
        'UnsupportedOperationException',
        `A KMS key has one key policy, named ${DEFAULT_POLICY_NAME}; ${name} is not supported.`,
      );
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    unwrap(putWorldPolicy(world, key, input.Policy), 'management');
    return {};
  },
});
