/**
 * GrantTokens on the operations that take them (docs/behaviour.md §8.5; issue #10): every token must be one
 * that CreateGrant issued in this account, else InvalidGrantTokenException. A token of a grant that
 * was since retired or revoked is still a well-formed token: KMS only uses tokens to bridge grant
 * propagation, and kmsim authorizes nothing, so it is accepted. Tokens are checked with the rest of
 * the request, before the key is resolved (docs/fidelity.md).
 */
import { isIssuedGrantToken } from '../world/grant-registry.js';
import type { World } from '../world/world.js';
import { KmsError } from './errors.js';

export const INVALID_GRANT_TOKEN_MESSAGE = 'Invalid grant token.';

export function checkGrantTokens(world: World, tokens: readonly string[] | undefined): void {
  for (const token of tokens ?? []) {
    if (!isIssuedGrantToken(world, token))
      throw new KmsError('InvalidGrantTokenException', INVALID_GRANT_TOKEN_MESSAGE);
  }
}
