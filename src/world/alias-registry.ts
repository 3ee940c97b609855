/**
 * Alias bookkeeping (docs/behaviour.md §2.4 CreateAlias/UpdateAlias/DeleteAlias, §5.4 aliases per key).
 */
import type { Alias } from './alias.js';
import { awsManagedRefusal, refusalOn } from './aws-managed-refusal.js';
import type { KmsKey } from './kms-key.js';
import type { KmsProblemKind } from './kms-problem.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

/** An alias KMS made for an AWS managed key belongs to AWS: the account cannot move or delete it. */
function awsManagedAlias(world: World, alias: Alias): boolean {
  return world.keys.get(alias.targetKeyId)?.keyManager === 'AWS';
}

/** Aliases per KMS key (docs/behaviour.md §5.4: 50 in the quota page's body). */
export const MAX_ALIASES_PER_KEY = 50;

function aliasCount(world: World, keyId: string): number {
  return [...world.aliases.values()].filter((alias) => alias.targetKeyId === keyId).length;
}

export function createAlias(
  world: World,
  aliasName: string,
  target: KmsKey,
): Result<Alias, KmsProblemKind> {
  if (world.aliases.has(aliasName))
    return fail(
      'alias-exists',
      `An alias with the name ${world.aliasArn(aliasName)} already exists`,
    );
  if (target.keyManager === 'AWS') return awsManagedRefusal(world, target, 'kms:CreateAlias');
  if (target.pendingDeletion)
    return fail('key-pending-deletion', `${target.arn} is pending deletion.`);
  if (aliasCount(world, target.keyId) >= MAX_ALIASES_PER_KEY)
    return fail('alias-limit', `Key ${target.arn} already has ${MAX_ALIASES_PER_KEY} aliases.`);
  const alias: Alias = {
    aliasName,
    targetKeyId: target.keyId,
    createdAtMs: world.nowMs,
    lastUpdatedAtMs: world.nowMs,
  };
  world.aliases.set(aliasName, alias);
  world.record('kms.alias.created', { aliasName, targetKeyId: target.keyId });
  return ok(alias);
}

export function updateAlias(
  world: World,
  aliasName: string,
  target: KmsKey,
): Result<Alias, KmsProblemKind> {
  const alias = world.aliases.get(aliasName);
  if (!alias) return fail('alias-not-found', `Alias ${world.aliasArn(aliasName)} is not found.`);
  if (awsManagedAlias(world, alias))
    return refusalOn(world, world.aliasArn(aliasName), 'kms:UpdateAlias');
  if (target.keyManager === 'AWS') return awsManagedRefusal(world, target, 'kms:UpdateAlias');
  // Only the new target's state matters (docs/behaviour.md §3.2 UpdateAlias).
  if (target.pendingDeletion)
    return fail('key-pending-deletion', `${target.arn} is pending deletion.`);
  if (
    alias.targetKeyId !== target.keyId &&
    aliasCount(world, target.keyId) >= MAX_ALIASES_PER_KEY
  ) {
    return fail('alias-limit', `Key ${target.arn} already has ${MAX_ALIASES_PER_KEY} aliases.`);
  }
  alias.targetKeyId = target.keyId;
  alias.lastUpdatedAtMs = world.nowMs;
  world.record('kms.alias.updated', { aliasName, targetKeyId: target.keyId });
  return ok(alias);
}

export function deleteAlias(world: World, aliasName: string): Result<Alias, KmsProblemKind> {
  const alias = world.aliases.get(aliasName);
  if (!alias) return fail('alias-not-found', `Alias ${world.aliasArn(aliasName)} is not found.`);
  if (awsManagedAlias(world, alias))
    return refusalOn(world, world.aliasArn(aliasName), 'kms:DeleteAlias');
  world.aliases.delete(aliasName);
  world.record('kms.alias.deleted', { aliasName });
  return ok(alias);
}
