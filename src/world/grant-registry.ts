/**
 * Grant bookkeeping (issue #10): create (idempotent by Name), find by id or token, retire, revoke.
 * CreateGrant follows the key-state table of the Developer Guide: refused while the key is disabled
 * (DisabledException) or pending deletion; allowed while a CloudHSM key is Unavailable. Retiring and
 * revoking work in every key state. A key holds at most 50,000 grants (docs/behaviour.md §5.4). Grants go with
 * their key when its waiting period ends.
 */
import { awsManagedRefusal } from './aws-managed-refusal.js';
import type { Grant, GrantSpec } from './grant.js';
import type { KmsKey } from './kms-key.js';
import type { KmsProblemKind } from './kms-problem.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

/** Grants per KMS key (docs/behaviour.md §5.4). */
export const MAX_GRANTS_PER_KEY = 50_000;

export interface CreatedGrant {
  readonly grant: Grant;
  readonly token: string;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Equal requests: same fields, operations in any order (a set), constraints compared by value. */
function sameSpec(a: GrantSpec, b: GrantSpec): boolean {
  const spec = (s: GrantSpec) =>
    canonical({
      name: s.name,
      granteePrincipal: s.granteePrincipal,
      granteeServicePrincipal: s.granteeServicePrincipal,
      retiringPrincipal: s.retiringPrincipal,
      retiringServicePrincipal: s.retiringServicePrincipal,
      operations: [...s.operations].sort(),
      constraints: s.constraints,
    });
  return spec(a) === spec(b);
}

export function grantsOfKey(world: World, keyId: string): Grant[] {
  return [...world.grants.values()].filter((grant) => grant.keyId === keyId);
}

export function createGrant(
  world: World,
  key: KmsKey,
  spec: GrantSpec,
  dryRun: boolean,
): Result<CreatedGrant | 'dry-run', KmsProblemKind> {
  if (key.keyManager === 'AWS') return awsManagedRefusal(world, key, 'kms:CreateGrant');
  if (key.pendingDeletion) return fail('key-pending-deletion', `${key.arn} is pending deletion.`);
  if (!key.enabledIntent) return fail('key-disabled', `${key.arn} is disabled.`);
  const existing =
    spec.name === undefined
      ? undefined
      : grantsOfKey(world, key.keyId).find((grant) => sameSpec(grant, spec));
  if (!existing && grantsOfKey(world, key.keyId).length >= MAX_GRANTS_PER_KEY)
    return fail(
      'grant-limit',
      `Key ${key.arn} already has ${MAX_GRANTS_PER_KEY} grants, the most a key can have.`,
    );
  if (dryRun) return ok('dry-run');
  // Every call gets its own token, even when an equal named grant is returned (API reference).
  const token = world.kernel.ids.grantToken();
  const grant: Grant = existing ?? {
    ...spec,
    grantId: world.kernel.ids.grantId(),
    keyId: key.keyId,
    createdAtMs: world.nowMs,
    issuingAccount: `arn:aws:iam::${world.accountId}:root`,
  };
  world.grantTokens.set(token, grant.grantId);
  if (!existing) {
    world.grants.set(grant.grantId, grant);
    world.record('kms.grant.created', {
      keyId: key.keyId,
      grantId: grant.grantId,
      name: grant.name ?? null,
    });
  }
  return ok({ grant, token });
}

/** The grant a token names, if the token is one kmsim issued and the grant still exists. */
export function grantOfToken(world: World, token: string): Grant | undefined {
  const grantId = world.grantTokens.get(token);
  return grantId === undefined ? undefined : world.grants.get(grantId);
}

export function isIssuedGrantToken(world: World, token: string): boolean {
  return world.grantTokens.has(token);
}

export function removeGrant(world: World, grant: Grant, how: 'retired' | 'revoked'): void {
  world.grants.delete(grant.grantId);
  world.record(`kms.grant.${how}`, { keyId: grant.keyId, grantId: grant.grantId });
}

/** The key is gone: so are its grants (their tokens stay known, naming nothing). */
export function dropGrantsOfKey(world: World, keyId: string): void {
  for (const grant of grantsOfKey(world, keyId)) world.grants.delete(grant.grantId);
}
