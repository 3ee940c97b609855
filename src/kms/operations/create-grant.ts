/**
 * CreateGrant (issue #10): request rules (grant-requests.ts) and GrantTokens first, then the key
 * (key id or ARN) and its state (world/grant-registry.ts), then DryRun. With a Name, an equal
 * request returns the existing grant's id with a fresh token (API reference, CreateGrant Name).
 */
import { createGrant as createWorldGrant } from '../../world/grant-registry.js';
import { KMS_MESSAGES, KmsError } from '../errors.js';
import { grantSpecOf } from '../grant-requests.js';
import { checkGrantTokens } from '../grant-tokens.js';
import { resolveKey } from '../key-resolution.js';
import { defineOperation, KEY_ID_ERRORS } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const createGrant = defineOperation({
  name: 'CreateGrant',
  errors: [
    ...KEY_ID_ERRORS,
    'DisabledException',
    'InvalidGrantTokenException',
    'LimitExceededException',
    'DryRunOperationException',
  ],
  run(world, input) {
    const spec = grantSpecOf(input);
    checkGrantTokens(world, input.GrantTokens);
    const key = resolveKey(world, input.KeyId, { keysOnly: true });
    const created = unwrap(createWorldGrant(world, key, spec, input.DryRun === true), 'management');
    if (created === 'dry-run') throw new KmsError('DryRunOperationException', KMS_MESSAGES.dryRun);
    return { GrantToken: created.token, GrantId: created.grant.grantId };
  },
});
