/**
 * ListKeyPolicies (issue #10): always `["default"]`, the only key policy name (API reference). One
 * name never needs a second page, so kmsim issues no NextMarker; a Marker is ignored, because the
 * model gives this operation no InvalidMarkerException to refuse it with (docs/fidelity.md).
 */
import { DEFAULT_POLICY_NAME } from '../../world/key-policy.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ID_ERRORS } from '../operation.js';

export const listKeyPolicies = defineOperation({
  name: 'ListKeyPolicies',
  errors: KEY_ID_ERRORS,
  run(world, input) {
    resolveKey(world, input.KeyId, { keysOnly: true });
    return { PolicyNames: [DEFAULT_POLICY_NAME], Truncated: false };
  },
});
