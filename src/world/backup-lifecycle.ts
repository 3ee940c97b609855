/**
 * Taking, expiring, deleting and restoring backups (docs/behaviour.md §6.3, §6.4). A backup's contents are a
 * clone of the cluster's users and keys at the moment it is taken, so a later restore brings back
 * exactly what existed then: keys created afterwards are missing, keys deleted afterwards return.
 */
import type { Backup, BackupTrigger } from './backup.js';
import type { Cluster } from './cluster.js';
import { activeHsms, isInitializedOrActive } from './cluster.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

export function takeBackup(
  world: World,
  cluster: Cluster,
  trigger: BackupTrigger,
): Backup | undefined {
  if (!cluster.contents) return undefined;
  const backup: Backup = {
    backupId: world.kernel.ids.backupId(),
    clusterId: cluster.clusterId,
    createdAtMs: world.nowMs,
    trigger,
    hsmType: cluster.hsmType,
    mode: cluster.mode,
    lineage: cluster.lineage,
    trustAnchor: cluster.trustAnchor,
    clusterCertificate: cluster.signedCert,
    contents: cluster.contents.clone(),
    state: 'CREATE_IN_PROGRESS',
    neverExpires: false,
    deleteAtMs: undefined,
    tags: [],
    resourcePolicy: undefined,
  };
  world.backups.set(backup.backupId, backup);
  world.record('cloudhsm.backup.started', {
    backupId: backup.backupId,
    clusterId: cluster.clusterId,
    trigger,
    keyHandles: backup.contents.keys.handles(),
  });
  world.kernel.schedule(world.timings.backupCreateMs, `backup ${backup.backupId} ready`, () => {
    if (backup.state !== 'CREATE_IN_PROGRESS') return;
    backup.state = 'READY';
    world.record('cloudhsm.backup.ready', { backupId: backup.backupId });
  });
  return backup;
}

/** The newest READY backup of a cluster: what an HSM added to an emptied cluster restores (docs/behaviour.md §6.4). */
export function newestReadyBackup(world: World, clusterId: string): Backup | undefined {
  let newest: Backup | undefined;
  for (const backup of world.backups.values()) {
    if (backup.clusterId !== clusterId || backup.state !== 'READY') continue;
    if (!newest || backup.createdAtMs >= newest.createdAtMs) newest = backup;
  }
  return newest;
}

/** Starts the daily backup and retention cycle of an activated cluster (docs/behaviour.md §6.3). */
export function scheduleDailyBackups(world: World, cluster: Cluster): void {
  const tick = (): void => {
    if (cluster.state === 'DELETED' || cluster.state === 'DELETE_IN_PROGRESS') return;
    if (isInitializedOrActive(cluster) && activeHsms(cluster).length > 0)
      takeBackup(world, cluster, 'daily');
    expireBackups(world, cluster);
    world.kernel.schedule(
      world.timings.backupIntervalMs,
      `daily backup ${cluster.clusterId}`,
      tick,
    );
  };
  world.kernel.schedule(world.timings.backupIntervalMs, `daily backup ${cluster.clusterId}`, tick);
}

/**
 * Retention: backups older than the policy go PENDING_DELETION, except NeverExpires and the last one.
 * One pass over the live backups (purged ones leave world.backups), so a daily tick costs the same
 * after a simulated century as on day one (issue #11 §2: time passing costs no more than its events).
 */
function expireBackups(world: World, cluster: Cluster): void {
  const cutoffMs = world.nowMs - cluster.backupRetentionDays * 24 * 3_600_000;
  const ready: Backup[] = [];
  for (const backup of world.backups.values())
    if (backup.clusterId === cluster.clusterId && backup.state === 'READY') ready.push(backup);
  let readyLeft = ready.length;
  for (const backup of ready) {
    if (readyLeft <= 1) break;
    if (!backup.neverExpires && backup.createdAtMs < cutoffMs) {
      markPendingDeletion(world, backup);
      readyLeft -= 1;
    }
  }
}

function markPendingDeletion(world: World, backup: Backup): void {
  backup.state = 'PENDING_DELETION';
  backup.deleteAtMs = world.nowMs + world.timings.backupPendingDeletionMs;
  world.record('cloudhsm.backup.pending-deletion', { backupId: backup.backupId });
  world.kernel.schedule(
    world.timings.backupPendingDeletionMs,
    `backup ${backup.backupId} purge`,
    () => {
      if (backup.state !== 'PENDING_DELETION' || backup.deleteAtMs !== world.nowMs) return;
      backup.state = 'DELETED';
      // Gone for good (docs/behaviour.md §2.5: "then gone"): nothing lists or restores a DELETED backup, and
      // keeping every purged copy would make memory grow with virtual time (issue #11 §1-2).
      world.backups.delete(backup.backupId);
      world.record('cloudhsm.backup.deleted', { backupId: backup.backupId });
    },
  );
}

export type BackupProblem = 'not-found' | 'invalid-request';

export function findBackup(world: World, backupIdOrArn: string): Result<Backup, BackupProblem> {
  const backupId = backupIdOrArn.includes(':backup/')
    ? backupIdOrArn.split(':backup/')[1]!
    : backupIdOrArn;
  const backup = world.backups.get(backupId);
  if (!backup || backup.state === 'DELETED')
    return fail('not-found', `Backup ${backupId} not found.`);
  return ok(backup);
}

/** DeleteBackup: READY → PENDING_DELETION, restorable for 7 days (docs/behaviour.md §2.5, §6.3). */
export function deleteBackup(world: World, backupId: string): Result<Backup, BackupProblem> {
  const found = findBackup(world, backupId);
  if (!found.ok) return found;
  const backup = found.value;
  if (backup.state !== 'READY')
    return fail(
      'invalid-request',
      `Backup ${backup.backupId} is in state ${backup.state} and cannot be deleted.`,
    );
  markPendingDeletion(world, backup);
  return ok(backup);
}

/** RestoreBackup: only from PENDING_DELETION, back to READY (docs/behaviour.md §2.5). */
export function restoreBackup(world: World, backupId: string): Result<Backup, BackupProblem> {
  const found = findBackup(world, backupId);
  if (!found.ok) return found;
  const backup = found.value;
  if (backup.state !== 'PENDING_DELETION')
    return fail('invalid-request', `Backup ${backup.backupId} is not pending deletion.`);
  backup.state = 'READY';
  backup.deleteAtMs = undefined;
  world.record('cloudhsm.backup.restored', { backupId: backup.backupId });
  return ok(backup);
}
