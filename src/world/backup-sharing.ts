/**
 * Backup resource policies (CloudHSM API reference PutResourcePolicy / GetResourcePolicy /
 * DeleteResourcePolicy; user guide "Working with shared backups"). Only backups take a resource
 * policy, and only a READY backup the account owns can be shared. kmsim simulates one account, so
 * a policy is stored and returned byte for byte but grants nothing anyone could use; evaluating it
 * is out of scope (docs/fidelity.md).
 */
import type { Backup } from './backup.js';
import { findBackup } from './backup-lifecycle.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

export type SharingProblem = 'not-found' | 'invalid-request';

const ARN = /^arn:aws(?:-us-gov)?:cloudhsm:([^:]+):(\d{12}):(backup|cluster|hsm)\/(.+)$/;

/** The backup a resource ARN names, in this account and Region. */
function backupNamed(
  world: World,
  resourceArn: string | undefined,
): Result<Backup, SharingProblem> {
  if (resourceArn === undefined) return fail('invalid-request', 'ResourceArn is required.');
  const [, region, account, type, id] = ARN.exec(resourceArn) ?? [];
  // Cross-account use: No (API reference); another account's or Region's resource is not here.
  if (region !== world.region || account !== world.accountId)
    return fail('not-found', `Resource ${resourceArn} not found.`);
  if (type !== 'backup')
    return fail('invalid-request', 'Resource policies are supported only on backups.');
  return findBackup(world, id!);
}

function checkPolicyDocument(policy: string | undefined): Result<string, SharingProblem> {
  if (policy === undefined) return fail('invalid-request', 'Policy is required.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return fail('invalid-request', 'Policy is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return fail('invalid-request', 'Policy must be a JSON object.');
  return ok(policy);
}

export function putResourcePolicy(
  world: World,
  resourceArn: string | undefined,
  policy: string | undefined,
): Result<Backup, SharingProblem> {
  const found = backupNamed(world, resourceArn);
  if (!found.ok) return found;
  const backup = found.value;
  if (backup.state !== 'READY')
    return fail(
      'invalid-request',
      `Backup ${backup.backupId} is in state ${backup.state}; only a READY backup can be shared.`,
    );
  const document = checkPolicyDocument(policy);
  if (!document.ok) return document;
  backup.resourcePolicy = document.value;
  world.record('cloudhsm.backup.policy-set', { backupId: backup.backupId });
  return ok(backup);
}

export function getResourcePolicy(
  world: World,
  resourceArn: string | undefined,
): Result<Backup, SharingProblem> {
  return backupNamed(world, resourceArn);
}

/** Removes the policy; answers the backup as it was, so the caller can return the old policy. */
export function deleteResourcePolicy(
  world: World,
  resourceArn: string | undefined,
): Result<{ backup: Backup; previous: string | undefined }, SharingProblem> {
  const found = backupNamed(world, resourceArn);
  if (!found.ok) return found;
  const backup = found.value;
  const previous = backup.resourcePolicy;
  backup.resourcePolicy = undefined;
  world.record('cloudhsm.backup.policy-deleted', { backupId: backup.backupId });
  return ok({ backup, previous });
}
