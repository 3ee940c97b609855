/**
 * CreateCluster, InitializeCluster and DeleteCluster through the real CloudHSMV2Client (docs/behaviour.md §2.5,
 * §6.1), including a cluster created from a backup (SourceBackupId).
 */
import { describe, expect, it } from 'vitest';
import {
  CreateClusterCommand,
  DeleteBackupCommand,
  DeleteClusterCommand,
  DeleteHsmCommand,
  DescribeBackupsCommand,
  InitializeClusterCommand,
} from '@aws-sdk/client-cloudhsm-v2';
import { buildActiveCluster, TEST_CERT } from '../../support/connected-store.js';
import {
  freshHsmWorld,
  createBareCluster,
  describeCluster,
  subnetIds,
} from '../../support/keystore-cloudhsm.js';
import { expectClientError } from '../../support/keystore-expect.js';
import {
  addHsms,
  createStore,
  newestBackupId,
  settleBackups,
} from '../../support/keystore-world.js';

const initialize = (clusterId: string, signedCert = TEST_CERT, trustAnchor = TEST_CERT) =>
  new InitializeClusterCommand({
    ClusterId: clusterId,
    SignedCert: signedCert,
    TrustAnchor: trustAnchor,
  });

describe('cloudhsm: CreateCluster', () => {
  it('cloudhsm: CreateCluster: → CREATE_IN_PROGRESS with no HSMs, one subnet per AZ; UNINITIALIZED after the create time', async () => {
    const w = freshHsmWorld(201);
    const subnets = subnetIds(w.sim, 2);
    const cluster = await createBareCluster(w, { subnetCount: 2, settle: false });
    expect(cluster.ClusterId).toMatch(/^cluster-[2-7a-z]{11}$/);
    expect(cluster).toMatchObject({
      State: 'CREATE_IN_PROGRESS',
      Hsms: [],
      HsmType: 'hsm1.medium',
      VpcId: w.sim.world.network.vpcId,
      BackupPolicy: 'DEFAULT',
    });
    expect(Object.values(cluster.SubnetMapping!).sort()).toEqual([...subnets].sort());
    expect(cluster.CreateTimestamp).toBeInstanceOf(Date);
    w.sim.advanceMs(w.sim.world.timings.clusterCreateMs - 1);
    expect((await describeCluster(w.hsm, cluster.ClusterId!))?.State).toBe('CREATE_IN_PROGRESS');
    w.sim.advanceMs(1);
    expect((await describeCluster(w.hsm, cluster.ClusterId!))?.State).toBe('UNINITIALIZED');
  });

  it('cloudhsm: CreateCluster: an unknown subnet → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(202);
    await expectClientError(
      w.hsm.send(
        new CreateClusterCommand({
          HsmType: 'hsm1.medium',
          SubnetIds: ['subnet-0123456789abcdef0'],
        }),
      ),
      'CloudHsmInvalidRequestException',
    );
    expect(w.sim.world.clusters.size).toBe(0);
  });

  it('cloudhsm: CreateCluster: a deleted subnet → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(203);
    const [first, second] = subnetIds(w.sim, 2);
    w.sim.world.network.subnet(second!)!.deleted = true;
    await expectClientError(
      w.hsm.send(
        new CreateClusterCommand({ HsmType: 'hsm1.medium', SubnetIds: [first!, second!] }),
      ),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: CreateCluster: two subnets in one AZ → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(204);
    const [first] = subnetIds(w.sim, 1);
    await expectClientError(
      w.hsm.send(new CreateClusterCommand({ HsmType: 'hsm1.medium', SubnetIds: [first!, first!] })),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: CreateCluster: BackupRetentionPolicy outside 7..379 days → CloudHsmInvalidRequestException; the bounds are accepted', async () => {
    const w = freshHsmWorld(209);
    for (const Value of ['6', '0', '380', '999']) {
      await expectClientError(
        w.hsm.send(
          new CreateClusterCommand({
            HsmType: 'hsm1.medium',
            SubnetIds: subnetIds(w.sim),
            BackupRetentionPolicy: { Type: 'DAYS', Value },
          }),
        ),
        'CloudHsmInvalidRequestException',
        /7/,
      );
    }
    expect(w.sim.world.clusters.size).toBe(0);
    for (const Value of ['7', '379']) {
      const out = await w.hsm.send(
        new CreateClusterCommand({
          HsmType: 'hsm1.medium',
          SubnetIds: subnetIds(w.sim),
          BackupRetentionPolicy: { Type: 'DAYS', Value },
        }),
      );
      expect(out.Cluster?.BackupRetentionPolicy).toEqual({ Type: 'DAYS', Value });
    }
  });

  it('cloudhsm: CreateCluster: an HSM type the service does not offer → CloudHsmInvalidRequestException; hsm2m.medium is offered', async () => {
    const w = freshHsmWorld(210);
    await expectClientError(
      w.hsm.send(new CreateClusterCommand({ HsmType: 'hsm9.bogus', SubnetIds: subnetIds(w.sim) })),
      'CloudHsmInvalidRequestException',
      /hsm9\.bogus/,
    );
    const out = await w.hsm.send(
      new CreateClusterCommand({ HsmType: 'hsm2m.medium', SubnetIds: subnetIds(w.sim) }),
    );
    expect(out.Cluster?.HsmType).toBe('hsm2m.medium');
  });

  it('cloudhsm: CreateCluster: SourceBackupId → the cluster records it, needs no initialization, and its first HSM brings the backup’s keys and users', async () => {
    const w = freshHsmWorld(205);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    const store = await createStore(w.kms, 'src', clusterId);
    expect(store).toMatch(/^cks-/);
    settleBackups(w.sim);
    const backupId = await newestBackupId(w.hsm, clusterId);
    const created = await w.hsm.send(
      new CreateClusterCommand({
        HsmType: 'hsm1.medium',
        SubnetIds: subnetIds(w.sim),
        SourceBackupId: backupId,
      }),
    );
    expect(created.Cluster).toMatchObject({
      State: 'CREATE_IN_PROGRESS',
      SourceBackupId: backupId,
      Hsms: [],
    });
    const restoredId = created.Cluster!.ClusterId!;
    w.sim.advanceMs(w.sim.world.timings.clusterCreateMs);
    await expectClientError(w.hsm.send(initialize(restoredId)), 'CloudHsmInvalidRequestException');
    await addHsms(w.sim, w.hsm, restoredId, [0]);
    const restored = await describeCluster(w.hsm, restoredId);
    expect(restored?.State).toBe('ACTIVE');
    expect(restored?.Certificates?.ClusterCertificate).toBe(TEST_CERT);
    const contents = w.sim.world.clusters.get(restoredId)!.contents!;
    expect([...contents.users.keys()]).toEqual(['kmsuser']);
    expect(contents.keys.handles()).toEqual(
      w.sim.world.backups.get(backupId)!.contents.keys.handles(),
    );
  });

  it('cloudhsm: CreateCluster: SourceBackupId may be the full backup ARN', async () => {
    const w = freshHsmWorld(206);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    settleBackups(w.sim);
    const backupId = await newestBackupId(w.hsm, clusterId);
    const arn = `arn:aws:cloudhsm:us-east-1:111122223333:backup/${backupId}`;
    const created = await w.hsm.send(
      new CreateClusterCommand({
        HsmType: 'hsm1.medium',
        SubnetIds: subnetIds(w.sim),
        SourceBackupId: arn,
      }),
    );
    expect(created.Cluster?.SourceBackupId).toBe(backupId);
  });

  it('cloudhsm: CreateCluster: unknown SourceBackupId → CloudHsmResourceNotFoundException', async () => {
    const w = freshHsmWorld(207);
    await expectClientError(
      w.hsm.send(
        new CreateClusterCommand({
          HsmType: 'hsm1.medium',
          SubnetIds: subnetIds(w.sim),
          SourceBackupId: 'backup-abcdefghijk',
        }),
      ),
      'CloudHsmResourceNotFoundException',
    );
  });

  it('cloudhsm: CreateCluster: a backup pending deletion cannot be restored into a cluster → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(208);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    await addHsms(w.sim, w.hsm, clusterId, [2]);
    settleBackups(w.sim);
    const backupId = await newestBackupId(w.hsm, clusterId);
    await w.hsm.send(new DeleteBackupCommand({ BackupId: backupId }));
    await expectClientError(
      w.hsm.send(
        new CreateClusterCommand({
          HsmType: 'hsm1.medium',
          SubnetIds: subnetIds(w.sim),
          SourceBackupId: backupId,
        }),
      ),
      'CloudHsmInvalidRequestException',
    );
  });
});

describe('cloudhsm: InitializeCluster', () => {
  it('cloudhsm: InitializeCluster: UNINITIALIZED with an active HSM → INITIALIZE_IN_PROGRESS, then INITIALIZED', async () => {
    const w = freshHsmWorld(211);
    const cluster = await createBareCluster(w);
    await addHsms(w.sim, w.hsm, cluster.ClusterId!, [0]);
    expect((await describeCluster(w.hsm, cluster.ClusterId!))?.Certificates?.ClusterCsr).toMatch(
      /^-----BEGIN CERTIFICATE REQUEST-----/,
    );
    const out = await w.hsm.send(initialize(cluster.ClusterId!));
    expect([out.State, out.StateMessage]).toEqual([
      'INITIALIZE_IN_PROGRESS',
      'State will change to INITIALIZED upon completion.',
    ]);
    w.sim.advanceMs(w.sim.world.timings.clusterInitializeMs);
    const initialized = await describeCluster(w.hsm, cluster.ClusterId!);
    expect(initialized?.State).toBe('INITIALIZED');
    expect(initialized?.Certificates?.ClusterCertificate).toBe(TEST_CERT);
  });

  it('cloudhsm: InitializeCluster: no HSM yet → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(212);
    const cluster = await createBareCluster(w);
    await expectClientError(
      w.hsm.send(initialize(cluster.ClusterId!)),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: InitializeCluster: still CREATE_IN_PROGRESS → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(213);
    const cluster = await createBareCluster(w, { settle: false });
    await expectClientError(
      w.hsm.send(initialize(cluster.ClusterId!)),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: InitializeCluster: already ACTIVE → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(214);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    await expectClientError(w.hsm.send(initialize(clusterId)), 'CloudHsmInvalidRequestException');
  });

  it('cloudhsm: InitializeCluster: a SignedCert or TrustAnchor that is not PEM → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(215);
    const cluster = await createBareCluster(w);
    await addHsms(w.sim, w.hsm, cluster.ClusterId!, [0]);
    await expectClientError(
      w.hsm.send(initialize(cluster.ClusterId!, 'not a certificate')),
      'CloudHsmInvalidRequestException',
    );
    await expectClientError(
      w.hsm.send(initialize(cluster.ClusterId!, TEST_CERT, 'MIIB plain base64')),
      'CloudHsmInvalidRequestException',
    );
    expect((await describeCluster(w.hsm, cluster.ClusterId!))?.State).toBe('UNINITIALIZED');
  });

  it('cloudhsm: InitializeCluster: unknown cluster → CloudHsmResourceNotFoundException', async () => {
    const w = freshHsmWorld(216);
    await expectClientError(
      w.hsm.send(initialize('cluster-abcdefghijk')),
      'CloudHsmResourceNotFoundException',
    );
  });
});

describe('cloudhsm: DeleteCluster', () => {
  it('cloudhsm: DeleteCluster: with HSMs → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(221);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    await expectClientError(
      w.hsm.send(new DeleteClusterCommand({ ClusterId: clusterId })),
      'CloudHsmInvalidRequestException',
    );
    expect((await describeCluster(w.hsm, clusterId))?.State).toBe('ACTIVE');
  });

  it('cloudhsm: DeleteCluster: with an HSM still DELETE_IN_PROGRESS → CloudHsmInvalidRequestException', async () => {
    const w = freshHsmWorld(222);
    const { clusterId, hsmIds } = await buildActiveCluster(w.sim, w.hsm, 1);
    await w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, HsmId: hsmIds[0]! }));
    await expectClientError(
      w.hsm.send(new DeleteClusterCommand({ ClusterId: clusterId })),
      'CloudHsmInvalidRequestException',
    );
  });

  it('cloudhsm: DeleteCluster: without HSMs → DELETE_IN_PROGRESS, then DELETED; its backups remain', async () => {
    const w = freshHsmWorld(223);
    const { clusterId, hsmIds } = await buildActiveCluster(w.sim, w.hsm, 1);
    await w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, HsmId: hsmIds[0]! }));
    w.sim.advanceMs(w.sim.world.timings.hsmDeleteMs);
    const out = await w.hsm.send(new DeleteClusterCommand({ ClusterId: clusterId }));
    expect(out.Cluster?.State).toBe('DELETE_IN_PROGRESS');
    w.sim.advanceMs(w.sim.world.timings.clusterDeleteMs);
    expect((await describeCluster(w.hsm, clusterId))?.State).toBe('DELETED');
    await expectClientError(
      w.hsm.send(new DeleteClusterCommand({ ClusterId: clusterId })),
      'CloudHsmResourceNotFoundException',
    );
    const backups = await w.hsm.send(
      new DescribeBackupsCommand({ Filters: { clusterIds: [clusterId] } }),
    );
    expect(backups.Backups?.length).toBeGreaterThanOrEqual(2);
  });

  it('cloudhsm: DeleteCluster: a cluster that was never given an HSM → deleted', async () => {
    const w = freshHsmWorld(224);
    const cluster = await createBareCluster(w);
    await w.hsm.send(new DeleteClusterCommand({ ClusterId: cluster.ClusterId! }));
    w.sim.advanceMs(w.sim.world.timings.clusterDeleteMs);
    expect(w.sim.world.clusters.get(cluster.ClusterId!)?.state).toBe('DELETED');
  });

  it('cloudhsm: DeleteCluster: unknown cluster → CloudHsmResourceNotFoundException', async () => {
    const w = freshHsmWorld(225);
    await expectClientError(
      w.hsm.send(new DeleteClusterCommand({ ClusterId: 'cluster-abcdefghijk' })),
      'CloudHsmResourceNotFoundException',
    );
  });

  it('cloudhsm: DeleteCluster: a cluster backing a key store can be deleted once HSM-free; KMS is not asked', async () => {
    const w = freshHsmWorld(226);
    const { clusterId, hsmIds } = await buildActiveCluster(w.sim, w.hsm);
    await createStore(w.kms, 'orphaned', clusterId);
    for (const hsmId of hsmIds)
      await w.hsm.send(new DeleteHsmCommand({ ClusterId: clusterId, HsmId: hsmId }));
    w.sim.advanceMs(w.sim.world.timings.hsmDeleteMs);
    await w.hsm.send(new DeleteClusterCommand({ ClusterId: clusterId }));
    expect(w.sim.world.keyStores.size).toBe(1);
  });
});
