/**
 * Finding the grant a RetireGrant or RevokeGrant names (issue #10): by a key and a grant id of
 * that key, or by a grant token. A grant id the key does not have is InvalidGrantIdException; a
 * token kmsim never issued is InvalidGrantTokenException; a token whose grant is gone names no
 * grant, also InvalidGrantIdException (docs/fidelity.md).
 */
import type { Grant } from '../world/grant.js';
import { grantOfToken, isIssuedGrantToken } from '../world/grant-registry.js';
import type { KmsKey } from '../world/kms-key.js';
import type { World } from '../world/world.js';
import { KmsError } from './errors.js';
import { INVALID_GRANT_TOKEN_MESSAGE } from './grant-tokens.js';

export function grantOfKey(world: World, key: KmsKey, grantId: string): Grant {
  const grant = world.grants.get(grantId);
  if (!grant || grant.keyId !== key.keyId)
    throw new KmsError(
      'InvalidGrantIdException',
      `Grant ID ${grantId} is not valid for ${key.arn}.`,
    );
  return grant;
}

export function grantByToken(world: World, token: string): Grant {
  if (!isIssuedGrantToken(world, token))
    throw new KmsError('InvalidGrantTokenException', INVALID_GRANT_TOKEN_MESSAGE);
  const grant = grantOfToken(world, token);
  if (!grant)
    throw new KmsError(
      'InvalidGrantIdException',
      'The grant this grant token identifies was retired or revoked.',
    );
  return grant;
}
