/**
 * Backups at the world level (src/world/backup-lifecycle.ts; docs/behaviour.md §6.3, §6.4): a backup is a frozen
 * point-in-time copy; the newest READY backup of the right cluster is what a restore uses; the
 * retention policy never removes a cluster's last backup.
 */
import { describe, expect, it } from 'vitest';
import {
  deleteBackup,
  findBackup,
  newestReadyBackup,
  restoreBackup,
  takeBackup,
} from '../../src/world/backup-lifecycle.js';
import { KMSUSER } from '../../src/world/crypto-user.js';
import { MS_PER_DAY } from '../../src/world/timings.js';
import { Simulator } from '../../src/simulator.js';
import { directActiveCluster, must } from '../support/keystore-direct.js';

function worldWithCluster(seed: number) {
  const sim = new Simulator({ seed });
  const cluster = directActiveCluster(sim);
  sim.advanceMs(sim.world.timings.backupCreateMs);
  return { sim, world: sim.world, cluster };
}

const material = (fill: number) => new Uint8Array(32).fill(fill);

describe('world: backups', () => {
  it('world: backup: holds exactly what existed when taken; later keys and password changes do not leak in', () => {
    const { world, cluster } = worldWithCluster(601);
    cluster.contents!.keys.put({
      handle: 1,
      label: 'before',
      owner: KMSUSER,
      material: material(1),
      createdAtMs: world.nowMs,
    });
    const backup = takeBackup(world, cluster, 'fixture')!;
    cluster.contents!.keys.put({
      handle: 2,
      label: 'after',
      owner: KMSUSER,
      material: material(2),
      createdAtMs: world.nowMs,
    });
    cluster.contents!.keys.delete(1);
    cluster.contents!.users.get(KMSUSER)!.password = 'changed-later';
    expect(backup.contents.keys.handles()).toEqual([1]);
    expect(backup.contents.users.get(KMSUSER)!.password).not.toBe('changed-later');
  });

  it('world: backup: a cluster without contents (no active HSM) cannot be backed up', () => {
    const { world, cluster } = worldWithCluster(602);
    cluster.contents = undefined;
    expect(takeBackup(world, cluster, 'fixture')).toBeUndefined();
  });

  it('world: backup: newestReadyBackup ignores backups still in progress, pending deletion, or of other clusters', () => {
    const { sim, world, cluster } = worldWithCluster(603);
    const other = directActiveCluster(sim);
    const ready = takeBackup(world, cluster, 'fixture')!;
    sim.advanceMs(world.timings.backupCreateMs);
    const doomed = takeBackup(world, cluster, 'fixture')!;
    sim.advanceMs(world.timings.backupCreateMs);
    must(deleteBackup(world, doomed.backupId));
    takeBackup(world, cluster, 'fixture');
    takeBackup(world, other, 'fixture');
    sim.advanceMs(1);
    expect(newestReadyBackup(world, cluster.clusterId)?.backupId).toBe(ready.backupId);
  });

  it('world: backup: findBackup accepts an id or a backup ARN, and reports deleted ones as not found', () => {
    const { sim, world, cluster } = worldWithCluster(604);
    const backup = takeBackup(world, cluster, 'fixture')!;
    expect(must(findBackup(world, world.backupArn(backup.backupId))).backupId).toBe(
      backup.backupId,
    );
    sim.advanceMs(world.timings.backupCreateMs);
    must(deleteBackup(world, backup.backupId));
    sim.advanceMs(world.timings.backupPendingDeletionMs);
    expect(backup.state).toBe('DELETED');
    const missing = findBackup(world, backup.backupId);
    expect(missing.ok ? 'found' : missing.problem.kind).toBe('not-found');
  });

  it('world: backup: restore then delete again restarts the 7-day window (the old purge timer does not fire early)', () => {
    const { sim, world, cluster } = worldWithCluster(605);
    const backup = takeBackup(world, cluster, 'fixture')!;
    sim.advanceMs(world.timings.backupCreateMs);
    must(deleteBackup(world, backup.backupId));
    sim.advanceMs(5 * MS_PER_DAY);
    must(restoreBackup(world, backup.backupId));
    must(deleteBackup(world, backup.backupId));
    sim.advanceMs(3 * MS_PER_DAY);
    expect(backup.state).toBe('PENDING_DELETION');
    sim.advanceMs(4 * MS_PER_DAY);
    expect(backup.state).toBe('DELETED');
  });

  it('world: retention: after 20 simulated years of daily backups the world holds only the retained ones (purged backups are gone, so memory and the daily tick do not grow with time)', () => {
    const { sim, world, cluster } = worldWithCluster(607);
    cluster.backupRetentionDays = 30;
    sim.advanceMs(20 * 365 * MS_PER_DAY);
    const states = new Map<string, number>();
    for (const backup of world.backups.values())
      states.set(backup.state, (states.get(backup.state) ?? 0) + 1);
    // 30 days retained (+1 for the day boundary), 7 days of PENDING_DELETION, nothing DELETED kept.
    expect(states.get('DELETED') ?? 0).toBe(0);
    expect(states.get('READY') ?? 0).toBeLessThanOrEqual(31);
    expect(states.get('PENDING_DELETION') ?? 0).toBeLessThanOrEqual(8);
    expect(world.backups.size).toBeLessThanOrEqual(40);
    // The trace still tells the whole story: one backup started per simulated day.
    expect(sim.kernel.trace.ofKind('cloudhsm.backup.started').length).toBeGreaterThanOrEqual(
      20 * 365,
    );
  });

  it('world: retention: the last READY backup of a cluster is never expired, however old', () => {
    const { sim, world, cluster } = worldWithCluster(606);
    cluster.backupRetentionDays = 7;
    // Stop the daily backups (no active HSM), so the activation backup stays the only one.
    for (const hsm of cluster.hsms.values()) hsm.state = 'DEGRADED';
    sim.advanceMs(30 * MS_PER_DAY);
    const backups = [...world.backups.values()].filter(
      (backup) => backup.clusterId === cluster.clusterId,
    );
    expect(backups.map((backup) => backup.state)).toEqual(['READY']);
  });
});
