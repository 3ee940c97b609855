/** ListKeyPolicies (issue #10): always `["default"]`, the only key policy name (API reference). */
import { DEFAULT_POLICY_NAME } from '../../world/key-policy.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation } from '../operation.js';
import { paginate } from '../pagination.js';

export const listKeyPolicies = defineOperation({
  name: 'ListKeyPolicies',
  errors: [
    'NotFoundException',
    'InvalidArnException',
    'DependencyTimeoutException',
    'KMSInternalException',
    'KMSInvalidStateException',
  ],
  run(world, input) {
    resolveKey(world, input.KeyId, { keysOnly: true });
    const page = paginate([DEFAULT_POLICY_NAME], input.Limit, input.Marker, 100);
    return { PolicyNames: page.items, NextMarker: page.nextMarker, Truncated: page.truncated };
  },
});
