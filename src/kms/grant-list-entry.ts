/**
 * A grant as ListGrants and ListRetirableGrants return it (API reference GrantListEntry): KeyId is
 * the key ARN; members the grant lacks are omitted.
 */
import type { Grant } from '../world/grant.js';
import type { World } from '../world/world.js';
import { epochSeconds } from './wire-values.js';

export function grantListEntry(world: World, grant: Grant): Record<string, unknown> {
  return {
    KeyId: world.keyArn(grant.keyId),
    GrantId: grant.grantId,
    Name: grant.name,
    CreationDate: epochSeconds(world, grant.createdAtMs),
    GranteePrincipal: grant.granteePrincipal,
    RetiringPrincipal: grant.retiringPrincipal,
    IssuingAccount: grant.issuingAccount,
    Operations: [...grant.operations],
    Constraints: grant.constraints,
    GranteeServicePrincipal: grant.granteeServicePrincipal,
    RetiringServicePrincipal: grant.retiringServicePrincipal,
  };
}

/** ListGrants and ListRetirableGrants allow Limit 1..100, default 50 (API reference). */
export const MAX_GRANTS_PER_PAGE = 100;
export const DEFAULT_GRANTS_PER_PAGE = 50;

export function grantPageLimit(limit: number | undefined): number {
  return Math.min(limit ?? DEFAULT_GRANTS_PER_PAGE, MAX_GRANTS_PER_PAGE);
}
