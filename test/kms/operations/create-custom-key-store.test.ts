/**
 * CreateCustomKeyStore through the real KMSClient: every row of docs/behaviour.md §4.4's CreateCustomKeyStore
 * block, in the order the table gives them, plus the shape of a fresh store (docs/behaviour.md §2.3).
 */
import { describe, expect, it } from 'vitest';
import { CreateClusterCommand, InitializeClusterCommand } from '@aws-sdk/client-cloudhsm-v2';
import { CreateCustomKeyStoreCommand, DescribeCustomKeyStoresCommand } from '@aws-sdk/client-kms';
import { Simulator } from '../../../src/simulator.js';
import { createCloudHsmClient, createKmsClient } from '../../../src/transport/sdk-clients.js';
import {
  buildActiveCluster,
  buildConnectedWorld,
  KMSUSER_PASSWORD,
  TEST_CERT,
} from '../../support/connected-store.js';
import { expectClientError } from '../../support/keystore-expect.js';
import {
  addHsms,
  apiCalls,
  createClusterFromBackup,
  createStore,
  newestBackupId,
  OTHER_CERT,
  settleBackups,
  storeEntry,
} from '../../support/keystore-world.js';

function freshWorld(seed = 11) {
  const sim = new Simulator({ seed });
  return {
    sim,
    kms: createKmsClient(sim, { maxAttempts: 1 }),
    hsm: createCloudHsmClient(sim, { maxAttempts: 1 }),
  };
}

/** CreateCluster + CreateHsm in the given AZs, waiting until the cluster is UNINITIALIZED with ACTIVE HSMs. */
async function uninitializedCluster(
  w: ReturnType<typeof freshWorld>,
  azIndexes: number[],
): Promise<string> {
  const subnets = [...w.sim.world.network.subnets.values()]
    .slice(0, 3)
    .map((subnet) => subnet.subnetId);
  const created = await w.hsm.send(
    new CreateClusterCommand({ HsmType: 'hsm1.medium', SubnetIds: subnets }),
  );
  const clusterId = created.Cluster!.ClusterId!;
  w.sim.advanceMs(w.sim.world.timings.clusterCreateMs);
  await addHsms(w.sim, w.hsm, clusterId, azIndexes);
  return clusterId;
}

/** A cluster activated with the given HSM AZs (activation needs an INITIALIZED cluster). */
async function activeClusterWithHsmsIn(
  w: ReturnType<typeof freshWorld>,
  azIndexes: number[],
): Promise<string> {
  const clusterId = await uninitializedCluster(w, azIndexes);
  await w.hsm.send(
    new InitializeClusterCommand({
      ClusterId: clusterId,
      SignedCert: TEST_CERT,
      TrustAnchor: TEST_CERT,
    }),
  );
  w.sim.advanceMs(w.sim.world.timings.clusterInitializeMs);
  w.sim.activateCluster(clusterId, KMSUSER_PASSWORD);
  return clusterId;
}

describe('key store: create', () => {
  it('key store: create: on an ACTIVE cluster with two HSMs in two AZs → a DISCONNECTED AWS_CLOUDHSM store', async () => {
    const w = freshWorld();
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    const id = await createStore(w.kms, 'orders', clusterId);
    expect(id).toMatch(/^cks-[0-9a-f]{17}$/);
    const entry = await storeEntry(w.kms, id);
    expect(entry).toMatchObject({
      CustomKeyStoreId: id,
      CustomKeyStoreName: 'orders',
      CloudHsmClusterId: clusterId,
      TrustAnchorCertificate: TEST_CERT,
      ConnectionState: 'DISCONNECTED',
      CustomKeyStoreType: 'AWS_CLOUDHSM',
    });
    expect(entry.CreationDate).toBeInstanceOf(Date);
    expect(entry.ConnectionErrorCode).toBeUndefined();
    w.sim.assertNoBugs();
  });

  it('key store: create: name already used → CustomKeyStoreNameInUseException, even on another valid cluster', async () => {
    const w = freshWorld();
    const first = await buildActiveCluster(w.sim, w.hsm);
    const second = await buildActiveCluster(w.sim, w.hsm);
    await createStore(w.kms, 'orders', first.clusterId);
    await expectClientError(
      createStore(w.kms, 'orders', second.clusterId),
      'CustomKeyStoreNameInUseException',
    );
    expect((await w.kms.send(new DescribeCustomKeyStoresCommand({}))).CustomKeyStores).toHaveLength(
      1,
    );
  });

  it('key store: create: unknown cluster id → CloudHsmClusterNotFoundException', async () => {
    const w = freshWorld();
    await expectClientError(
      createStore(w.kms, 'orders', 'cluster-abcdefghijk'),
      'CloudHsmClusterNotFoundException',
    );
  });

  it('key store: create: cluster already backing a store → CloudHsmClusterInUseException', async () => {
    const w = await buildConnectedWorld(12);
    await expectClientError(
      createStore(w.kms, 'second', w.clusterId),
      'CloudHsmClusterInUseException',
    );
  });

  it('key store: create: cluster restored from a backup of an in-use cluster (shared backup history) → CloudHsmClusterInUseException', async () => {
    const w = await buildConnectedWorld(13);
    settleBackups(w.sim);
    const related = await createClusterFromBackup(
      w.sim,
      w.hsm,
      await newestBackupId(w.hsm, w.clusterId),
    );
    await addHsms(w.sim, w.hsm, related, [0, 1]);
    expect(w.sim.world.clusters.get(related)?.state).toBe('ACTIVE');
    await expectClientError(createStore(w.kms, 'second', related), 'CloudHsmClusterInUseException');
  });

  it('key store: create: cluster restored from a backup of an unused cluster is accepted with the original trust anchor', async () => {
    const w = freshWorld(14);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    settleBackups(w.sim);
    const related = await createClusterFromBackup(
      w.sim,
      w.hsm,
      await newestBackupId(w.hsm, clusterId),
    );
    await addHsms(w.sim, w.hsm, related, [0, 1]);
    const id = await createStore(w.kms, 'restored', related);
    expect((await storeEntry(w.kms, id)).CloudHsmClusterId).toBe(related);
  });

  it('key store: create: cluster UNINITIALIZED → CloudHsmClusterNotActiveException', async () => {
    const w = freshWorld();
    const clusterId = await uninitializedCluster(w, [0, 1]);
    expect(w.sim.world.clusters.get(clusterId)?.state).toBe('UNINITIALIZED');
    await expectClientError(
      createStore(w.kms, 'orders', clusterId),
      'CloudHsmClusterNotActiveException',
    );
  });

  it('key store: create: cluster INITIALIZED but not activated → CloudHsmClusterNotActiveException', async () => {
    const w = freshWorld();
    const clusterId = await uninitializedCluster(w, [0, 1]);
    await w.hsm.send(
      new InitializeClusterCommand({
        ClusterId: clusterId,
        SignedCert: TEST_CERT,
        TrustAnchor: TEST_CERT,
      }),
    );
    w.sim.advanceMs(w.sim.world.timings.clusterInitializeMs);
    expect(w.sim.world.clusters.get(clusterId)?.state).toBe('INITIALIZED');
    await expectClientError(
      createStore(w.kms, 'orders', clusterId),
      'CloudHsmClusterNotActiveException',
    );
  });

  it('key store: create: trust anchor is not the cluster’s → IncorrectTrustAnchorException', async () => {
    const w = freshWorld();
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    await expectClientError(
      createStore(w.kms, 'orders', clusterId, KMSUSER_PASSWORD, OTHER_CERT),
      'IncorrectTrustAnchorException',
    );
  });

  it('key store: create: the trust anchor comparison ignores line breaks and spacing', async () => {
    const w = freshWorld();
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    const reflowed = TEST_CERT.replace(/\n/g, '\r\n');
    await expect(
      createStore(w.kms, 'orders', clusterId, KMSUSER_PASSWORD, reflowed),
    ).resolves.toMatch(/^cks-/);
  });

  it('key store: create: two active HSMs in the same AZ → CloudHsmClusterInvalidConfigurationException', async () => {
    const w = freshWorld();
    const clusterId = await activeClusterWithHsmsIn(w, [0, 0]);
    await expectClientError(
      createStore(w.kms, 'orders', clusterId),
      'CloudHsmClusterInvalidConfigurationException',
    );
  });

  it('key store: create: a single active HSM → CloudHsmClusterInvalidConfigurationException', async () => {
    const w = freshWorld();
    const clusterId = await activeClusterWithHsmsIn(w, [0]);
    await expectClientError(
      createStore(w.kms, 'orders', clusterId),
      'CloudHsmClusterInvalidConfigurationException',
    );
  });

  it('key store: create: an 11th store → LimitExceededException (10 per account and Region)', async () => {
    const w = freshWorld(15);
    for (let i = 0; i < 10; i++) {
      const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
      await createStore(w.kms, `store-${i}`, clusterId);
    }
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    await expectClientError(createStore(w.kms, 'store-10', clusterId), 'LimitExceededException');
    expect((await w.kms.send(new DescribeCustomKeyStoresCommand({}))).CustomKeyStores).toHaveLength(
      10,
    );
  });

  it('key store: create: the SDK retries LimitExceededException as throttling (docs/behaviour.md §1.6): 3 wire calls with maxAttempts 3', async () => {
    const w = freshWorld(17);
    for (let i = 0; i < 10; i++) {
      const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
      await createStore(w.kms, `store-${i}`, clusterId);
    }
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    const before = apiCalls(w.sim, 'CreateCustomKeyStore');
    const retrying = createKmsClient(w.sim, { maxAttempts: 3 });
    const error = await expectClientError(
      createStore(retrying, 'store-10', clusterId),
      'LimitExceededException',
    );
    expect(error.$metadata?.attempts).toBe(3);
    expect(apiCalls(w.sim, 'CreateCustomKeyStore') - before).toBe(3);
  });

  it('key store: create: an AWS_CLOUDHSM store without cluster, trust anchor or password → ValidationException naming the member', async () => {
    const w = freshWorld();
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    const full = {
      CustomKeyStoreName: 'orders',
      CloudHsmClusterId: clusterId,
      TrustAnchorCertificate: TEST_CERT,
      KeyStorePassword: KMSUSER_PASSWORD,
    };
    for (const member of [
      'CloudHsmClusterId',
      'TrustAnchorCertificate',
      'KeyStorePassword',
    ] as const) {
      const { [member]: _dropped, ...input } = full;
      await expectClientError(
        w.kms.send(new CreateCustomKeyStoreCommand(input)),
        'ValidationException',
        new RegExp(member),
      );
    }
    expect(w.sim.world.keyStores.size).toBe(0);
  });

  it('key store: create: exact duplicate of a DISCONNECTED store → the same id, no second store', async () => {
    const w = freshWorld();
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    const id = await createStore(w.kms, 'orders', clusterId);
    await expect(createStore(w.kms, 'orders', clusterId)).resolves.toBe(id);
    expect((await w.kms.send(new DescribeCustomKeyStoresCommand({}))).CustomKeyStores).toHaveLength(
      1,
    );
  });

  it('key store: create: same name and cluster but another password is not a duplicate → CustomKeyStoreNameInUseException', async () => {
    const w = freshWorld();
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    await createStore(w.kms, 'orders', clusterId);
    await expectClientError(
      createStore(w.kms, 'orders', clusterId, 'another-Passw0rd'),
      'CustomKeyStoreNameInUseException',
    );
  });

  it('key store: create: duplicate of a CONNECTED store is not idempotent → CustomKeyStoreNameInUseException', async () => {
    const w = await buildConnectedWorld(16);
    await expectClientError(
      createStore(w.kms, 'store-1', w.clusterId),
      'CustomKeyStoreNameInUseException',
    );
  });
});
