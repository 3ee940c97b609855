/**
 * RetireGrant (issue #10): by GrantToken, or by KeyId (key id or ARN) and GrantId; neither is
 * ValidationException. Works in every key state (key-state table). kmsim does not check who may
 * retire (it evaluates no permissions). DryRun stops after the grant is found.
 */
import { removeGrant } from '../../world/grant-registry.js';
import { KMS_MESSAGES, KmsError } from '../errors.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ID_ERRORS } from '../operation.js';
import { grantByToken, grantOfKey } from '../grant-lookup.js';

export const retireGrant = defineOperation({
  name: 'RetireGrant',
  errors: [
    ...KEY_ID_ERRORS,
    'InvalidGrantTokenException',
    'InvalidGrantIdException',
    'DryRunOperationException',
  ],
  run(world, input) {
    const byId = input.KeyId !== undefined && input.GrantId !== undefined;
    if (input.GrantToken === undefined && !byId)
      throw new KmsError(
        'ValidationException',
        'Specify either GrantToken, or both KeyId and GrantId, to identify the grant to retire.',
      );
    const grant =
      input.GrantToken !== undefined
        ? grantByToken(world, input.GrantToken)
        : grantOfKey(world, resolveKey(world, input.KeyId!, { keysOnly: true }), input.GrantId!);
    if (input.DryRun) throw new KmsError('DryRunOperationException', KMS_MESSAGES.dryRun);
    removeGrant(world, grant, 'retired');
    return {};
  },
});
