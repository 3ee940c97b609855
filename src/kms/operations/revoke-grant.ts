/** RevokeGrant (issue #10): a grant of the named key (key id or ARN), in every key state. */
import { removeGrant } from '../../world/grant-registry.js';
import { KMS_MESSAGES, KmsError } from '../errors.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ID_ERRORS } from '../operation.js';
import { grantOfKey } from '../grant-lookup.js';

export const revokeGrant = defineOperation({
  name: 'RevokeGrant',
  errors: [...KEY_ID_ERRORS, 'InvalidGrantIdException', 'DryRunOperationException'],
  run(world, input) {
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    const grant = grantOfKey(world, key, input.GrantId);
    if (input.DryRun) throw new KmsError('DryRunOperationException', KMS_MESSAGES.dryRun);
    removeGrant(world, grant, 'revoked');
    return {};
  },
});
