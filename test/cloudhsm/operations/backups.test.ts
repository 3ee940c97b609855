/**
 * Backups through the real CloudHSMV2Client (docs/behaviour.md §2.5, §6.3): when they are taken, DescribeBackups
 * filters / order / paging, DeleteBackup → PENDING_DELETION, RestoreBackup → READY,
 * ModifyBackupAttributes, and the retention policy.
 */
import { describe, expect, it } from 'vitest';
import {
  DeleteBackupCommand,
  DeleteHsmCommand,
  DescribeBackupsCommand,
  InitializeClusterCommand,
  ModifyBackupAttributesCommand,
  RestoreBackupCommand,
  type Backup,
} from '@aws-sdk/client-cloudhsm-v2';
import { MS_PER_DAY } from '../../../src/world/timings.js';
import { buildActiveCluster, KMSUSER_PASSWORD, TEST_CERT } from '../../support/connected-store.js';
import {
  backupsOf,
  createBareCluster,
  freshHsmWorld,
  type HsmWorld,
} from '../../support/keystore-cloudhsm.js';
import { expectClientError } from '../../support/keystore-expect.js';
import {
  addHsms,
  createClusterFromBackup,
  newestBackupId,
  settleBackups,
} from '../../support/keystore-world.js';

const triggerOf = (w: HsmWorld, backup: Backup) =>
  w.sim.world.backups.get(backup.BackupId!)!.trigger;

/** An active cluster with three backups: activation, an HSM added, an HSM removed; all READY. */
async function clusterWithThreeBackups(seed: number) {
  const w = freshHsmWorld(seed);
  const { clusterId, hsmIds } = await buildActiveCluster(w.sim, w.hsm);
  settleBackups(w.sim);
  await addHsms(w.sim, w.hsm, clusterId, [2]);
  settleBackups(w.sim);
  await w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, HsmId: hsmIds[0]! }));
  settleBackups(w.sim);
  return { w, clusterId };
}

describe('cloudhsm: backups are taken', () => {
  it('cloudhsm: backups: on activation, when an HSM is added and when one is removed', async () => {
    const { w, clusterId } = await clusterWithThreeBackups(301);
    const backups = await backupsOf(w.hsm, clusterId);
    expect(backups.map((backup) => triggerOf(w, backup))).toEqual([
      'activation',
      'hsm-added',
      'hsm-removed',
    ]);
    expect(backups.map((backup) => backup.BackupState)).toEqual(['READY', 'READY', 'READY']);
    expect(backups[0]).toMatchObject({ ClusterId: clusterId, NeverExpires: false });
    expect(backups[0]!.DeleteTimestamp).toBeUndefined();
  });

  it('cloudhsm: backups: the wire entry also carries BackupArn, HsmType and Mode (members the pinned SDK does not model yet)', async () => {
    const { w, clusterId } = await clusterWithThreeBackups(305);
    const response = await w.sim.handleWire({
      target: 'BaldrApiService.DescribeBackups',
      body: JSON.stringify({ SortAscending: true }),
      headers: {},
    });
    const [first] = (JSON.parse(response.body) as { Backups: Record<string, unknown>[] }).Backups;
    expect(first).toMatchObject({
      ClusterId: clusterId,
      HsmType: 'hsm1.medium',
      Mode: 'FIPS',
      BackupState: 'READY',
    });
    expect(first!.BackupArn).toBe(
      `arn:aws:cloudhsm:us-east-1:111122223333:backup/${first!.BackupId as string}`,
    );
    expect(first).not.toHaveProperty('DeleteTimestamp');
  });

  it('cloudhsm: backups: a new backup is CREATE_IN_PROGRESS, then READY after the backup time', async () => {
    const w = freshHsmWorld(302);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    expect((await backupsOf(w.hsm, clusterId)).map((backup) => backup.BackupState)).toEqual([
      'CREATE_IN_PROGRESS',
    ]);
    settleBackups(w.sim);
    expect((await backupsOf(w.hsm, clusterId)).map((backup) => backup.BackupState)).toEqual([
      'READY',
    ]);
  });

  it('cloudhsm: backups: daily, once per virtual day', async () => {
    const w = freshHsmWorld(303);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    w.sim.advanceMs(3 * MS_PER_DAY);
    const backups = await backupsOf(w.hsm, clusterId);
    expect(backups.map((backup) => triggerOf(w, backup))).toEqual([
      'activation',
      'daily',
      'daily',
      'daily',
    ]);
    const seconds = backups.map((backup) => backup.CreateTimestamp!.getTime());
    expect(seconds[2]! - seconds[1]!).toBe(MS_PER_DAY);
  });

  it('cloudhsm: backups: a cluster created from a backup is backed up daily too, once its first HSM is active', async () => {
    const w = freshHsmWorld(306);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    settleBackups(w.sim);
    const restored = await createClusterFromBackup(
      w.sim,
      w.hsm,
      await newestBackupId(w.hsm, clusterId),
    );
    await addHsms(w.sim, w.hsm, restored, [0]);
    w.sim.advanceMs(2 * MS_PER_DAY);
    expect((await backupsOf(w.hsm, restored)).map((backup) => triggerOf(w, backup))).toEqual([
      'daily',
      'daily',
    ]);
  });

  it('cloudhsm: backups: no daily backup while the cluster has no active HSM', async () => {
    const w = freshHsmWorld(304);
    const { clusterId, hsmIds } = await buildActiveCluster(w.sim, w.hsm);
    for (const hsmId of hsmIds)
      await w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, HsmId: hsmId }));
    w.sim.advanceMs(2 * MS_PER_DAY);
    expect((await backupsOf(w.hsm, clusterId)).map((backup) => triggerOf(w, backup))).toEqual([
      'activation',
      'hsm-removed',
      'hsm-removed',
    ]);
  });
});

describe('cloudhsm: DescribeBackups', () => {
  it('cloudhsm: DescribeBackups: newest first by default, oldest first with SortAscending', async () => {
    const { w, clusterId } = await clusterWithThreeBackups(311);
    const ascending = (await backupsOf(w.hsm, clusterId, true)).map((backup) => backup.BackupId);
    const descending = (await w.hsm.send(new DescribeBackupsCommand({}))).Backups!.map(
      (backup) => backup.BackupId,
    );
    expect(descending).toEqual([...ascending].reverse());
  });

  it('cloudhsm: DescribeBackups: backupIds, clusterIds, states and neverExpires filters', async () => {
    const { w, clusterId } = await clusterWithThreeBackups(312);
    const other = await buildActiveCluster(w.sim, w.hsm);
    const mine = await backupsOf(w.hsm, clusterId);
    const byId = await w.hsm.send(
      new DescribeBackupsCommand({ Filters: { backupIds: [mine[1]!.BackupId!] } }),
    );
    expect(byId.Backups?.map((backup) => backup.BackupId)).toEqual([mine[1]!.BackupId]);
    const byCluster = await w.hsm.send(
      new DescribeBackupsCommand({ Filters: { clusterIds: [other.clusterId] } }),
    );
    expect(byCluster.Backups?.map((backup) => backup.ClusterId)).toEqual([other.clusterId]);
    const inProgress = await w.hsm.send(
      new DescribeBackupsCommand({ Filters: { states: ['CREATE_IN_PROGRESS'] } }),
    );
    expect(inProgress.Backups?.map((backup) => backup.ClusterId)).toEqual([other.clusterId]);
    await w.hsm.send(
      new ModifyBackupAttributesCommand({ BackupId: mine[0]!.BackupId!, NeverExpires: true }),
    );
    const kept = await w.hsm.send(
      new DescribeBackupsCommand({ Filters: { neverExpires: ['true'] } }),
    );
    expect(kept.Backups?.map((backup) => backup.BackupId)).toEqual([mine[0]!.BackupId]);
    const unknown = await w.hsm.send(
      new DescribeBackupsCommand({ Filters: { backupIds: ['backup-abcdefghijk'] } }),
    );
    expect(unknown.Backups).toEqual([]);
  });

  it('cloudhsm: DescribeBackups: MaxResults and NextToken page through', async () => {
    const { w, clusterId } = await clusterWithThreeBackups(313);
    const all = (await backupsOf(w.hsm, clusterId)).map((backup) => backup.BackupId);
    const first = await w.hsm.send(
      new DescribeBackupsCommand({ MaxResults: 2, SortAscending: true }),
    );
    expect(first.Backups?.map((backup) => backup.BackupId)).toEqual(all.slice(0, 2));
    const rest = await w.hsm.send(
      new DescribeBackupsCommand({
        MaxResults: 2,
        SortAscending: true,
        NextToken: first.NextToken!,
      }),
    );
    expect(rest.Backups?.map((backup) => backup.BackupId)).toEqual(all.slice(2));
    expect(rest.NextToken).toBeUndefined();
  });

  it('cloudhsm: DescribeBackups: an unknown filter name → CloudHsmInvalidRequestException (our choice)', async () => {
    const { w } = await clusterWithThreeBackups(314);
    await expectClientError(
      w.hsm.send(new DescribeBackupsCommand({ Filters: { vpcIds: ['vpc-1'] } })),
      'CloudHsmInvalidRequestException',
    );
  });
});

describe('cloudhsm: DeleteBackup / RestoreBackup / ModifyBackupAttributes', () => {
  it('cloudhsm: DeleteBackup: READY → PENDING_DELETION with DeleteTimestamp 7 days later; DELETED and unlisted after that', async () => {
    const { w, clusterId } = await clusterWithThreeBackups(321);
    const [target] = await backupsOf(w.hsm, clusterId);
    const out = await w.hsm.send(new DeleteBackupCommand({ BackupId: target!.BackupId! }));
    expect(out.Backup?.BackupState).toBe('PENDING_DELETION');
    expect(out.Backup!.DeleteTimestamp!.getTime() - w.sim.kernel.clock.epochNowMs).toBe(
      7 * MS_PER_DAY,
    );
    w.sim.advanceMs(7 * MS_PER_DAY);
    const listed = (await backupsOf(w.hsm, clusterId)).map((backup) => backup.BackupId);
    expect(listed).not.toContain(target!.BackupId);
    await expectClientError(
      w.hsm.send(new RestoreBackupCommand({ BackupId: target!.BackupId! })),
      'CloudHsmResourceNotFoundException',
    );
  });

  it('cloudhsm: DeleteBackup: a backup already PENDING_DELETION → CloudHsmInvalidRequestException', async () => {
    const { w, clusterId } = await clusterWithThreeBackups(322);
    const [target] = await backupsOf(w.hsm, clusterId);
    await w.hsm.send(new DeleteBackupCommand({ BackupId: target!.BackupId! }));
    await expectClientError(
      w.hsm.send(new DeleteBackupCommand({ BackupId: target!.BackupId! })),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: DeleteBackup: unknown backup → CloudHsmResourceNotFoundException', async () => {
    const w = freshHsmWorld(323);
    await expectClientError(
      w.hsm.send(new DeleteBackupCommand({ BackupId: 'backup-abcdefghijk' })),
      'CloudHsmResourceNotFoundException',
    );
  });

  it('cloudhsm: RestoreBackup: PENDING_DELETION → READY without DeleteTimestamp, and it is not purged later', async () => {
    const { w, clusterId } = await clusterWithThreeBackups(324);
    const [target] = await backupsOf(w.hsm, clusterId);
    await w.hsm.send(new DeleteBackupCommand({ BackupId: target!.BackupId! }));
    w.sim.advanceMs(6 * MS_PER_DAY);
    const out = await w.hsm.send(new RestoreBackupCommand({ BackupId: target!.BackupId! }));
    expect(out.Backup?.BackupState).toBe('READY');
    expect(out.Backup?.DeleteTimestamp).toBeUndefined();
    w.sim.advanceMs(2 * MS_PER_DAY);
    expect(
      (await backupsOf(w.hsm, clusterId)).find((backup) => backup.BackupId === target!.BackupId)
        ?.BackupState,
    ).toBe('READY');
  });

  it('cloudhsm: RestoreBackup: a READY backup → CloudHsmInvalidRequestException', async () => {
    const { w, clusterId } = await clusterWithThreeBackups(325);
    const [target] = await backupsOf(w.hsm, clusterId);
    await expectClientError(
      w.hsm.send(new RestoreBackupCommand({ BackupId: target!.BackupId! })),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: ModifyBackupAttributes: NeverExpires on and off, returned in the Backup', async () => {
    const { w, clusterId } = await clusterWithThreeBackups(326);
    const [target] = await backupsOf(w.hsm, clusterId);
    const on = await w.hsm.send(
      new ModifyBackupAttributesCommand({ BackupId: target!.BackupId!, NeverExpires: true }),
    );
    expect(on.Backup).toMatchObject({ BackupId: target!.BackupId, NeverExpires: true });
    const off = await w.hsm.send(
      new ModifyBackupAttributesCommand({ BackupId: target!.BackupId!, NeverExpires: false }),
    );
    expect(off.Backup?.NeverExpires).toBe(false);
  });

  it('cloudhsm: ModifyBackupAttributes: unknown backup → CloudHsmResourceNotFoundException', async () => {
    const w = freshHsmWorld(327);
    await expectClientError(
      w.hsm.send(
        new ModifyBackupAttributesCommand({ BackupId: 'backup-abcdefghijk', NeverExpires: true }),
      ),
      'CloudHsmResourceNotFoundException',
    );
  });

  it('cloudhsm: retention: backups older than the policy go PENDING_DELETION at the daily run, except NeverExpires ones', async () => {
    const w = freshHsmWorld(328);
    const cluster = await createBareCluster(w, { retentionDays: 7 });
    expect(cluster.BackupRetentionPolicy).toEqual({ Type: 'DAYS', Value: '7' });
    const clusterId = cluster.ClusterId!;
    await addHsms(w.sim, w.hsm, clusterId, [0, 1]);
    await w.hsm.send(
      new InitializeClusterCommand({
        ClusterId: clusterId,
        SignedCert: TEST_CERT,
        TrustAnchor: TEST_CERT,
      }),
    );
    w.sim.advanceMs(w.sim.world.timings.clusterInitializeMs);
    w.sim.activateCluster(clusterId, KMSUSER_PASSWORD);
    settleBackups(w.sim);
    const [activation] = await backupsOf(w.hsm, clusterId);
    w.sim.advanceMs(MS_PER_DAY);
    const [, firstDaily] = await backupsOf(w.hsm, clusterId);
    await w.hsm.send(
      new ModifyBackupAttributesCommand({ BackupId: firstDaily!.BackupId!, NeverExpires: true }),
    );
    w.sim.advanceMs(8 * MS_PER_DAY);
    const states = new Map(
      (await backupsOf(w.hsm, clusterId)).map((backup) => [backup.BackupId, backup.BackupState]),
    );
    expect(states.get(activation!.BackupId)).toBe('PENDING_DELETION');
    expect(states.get(firstDaily!.BackupId)).toBe('READY');
  });
});
