/**
 * UpdateCustomKeyStore through the real KMSClient: every row of docs/behaviour.md §4.4's UpdateCustomKeyStore
 * block, the move to a related cluster built from a backup (docs/behaviour.md §6.4), and DescribeKey's
 * CloudHsmClusterId following the store (docs/behaviour.md §2.2). The two-ACTIVE-HSMs-in-different-AZs rule
 * holds for every call, not only for a new cluster (docs/behaviour.md §4.4, issue #16 §1).
 */
import { describe, expect, it } from 'vitest';
import {
  ConnectCustomKeyStoreCommand,
  DescribeKeyCommand,
  DisconnectCustomKeyStoreCommand,
  UpdateCustomKeyStoreCommand,
  type UpdateCustomKeyStoreCommandInput,
} from '@aws-sdk/client-kms';
import { DeleteClusterCommand, DeleteHsmCommand } from '@aws-sdk/client-cloudhsm-v2';
import {
  buildActiveCluster,
  buildConnectedWorld,
  KMSUSER_PASSWORD,
  type ConnectedWorld,
} from '../../support/connected-store.js';
import { expectClientError } from '../../support/keystore-expect.js';
import {
  addHsms,
  buildDisconnectedWorld,
  connectAndSettle,
  createClusterFromBackup,
  createStore,
  createStoreKey,
  kmsuserOf,
  newestBackupId,
  disconnectAndSettle,
  roundTrip,
  settleBackups,
  storeEntry,
} from '../../support/keystore-world.js';

function update(
  w: ConnectedWorld,
  input: Omit<UpdateCustomKeyStoreCommandInput, 'CustomKeyStoreId'>,
) {
  return w.kms.send(
    new UpdateCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId, ...input }),
  );
}

/** A disconnected store with one key, and a cluster restored from a backup taken after the key existed. */
/**
 * A store that was CONNECTED when one of its cluster's two HSMs failed (docs/behaviour.md §10 "Lose one of
 * several HSMs"), then disconnected: the cluster is ACTIVE with one HSM, in one AZ.
 */
async function disconnectedWithOneHsm(seed: number): Promise<ConnectedWorld> {
  const w = await buildConnectedWorld(seed);
  w.sim.inject('hsm-loss', { clusterId: w.clusterId, hsmId: w.hsmIds[0]! });
  await disconnectAndSettle(w, w.customKeyStoreId);
  return w;
}

const ONE_HSM =
  /must contain at least two active HSMs in different Availability Zones; it has 1 active HSM/;

async function withRelatedCluster(seed: number) {
  const w = await buildConnectedWorld(seed);
  const key = await createStoreKey(w.kms, w.customKeyStoreId);
  // Adding an HSM to an active cluster takes a backup (docs/behaviour.md §6.3), which now holds the key.
  await addHsms(w.sim, w.hsm, w.clusterId, [2]);
  settleBackups(w.sim);
  const backupId = await newestBackupId(w.hsm, w.clusterId);
  expect(
    w.sim.world.backups
      .get(backupId)!
      .contents.keys.has(w.sim.world.keys.get(key.KeyId!)!.backingHandle),
  ).toBe(true);
  const related = await createClusterFromBackup(w.sim, w.hsm, backupId);
  await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
  w.sim.advanceMs(w.sim.world.timings.disconnectMs);
  return { w, key, related };
}

describe('key store: update', () => {
  it('key store: update: unknown store id → CustomKeyStoreNotFoundException', async () => {
    const w = await buildConnectedWorld(61);
    await expectClientError(
      w.kms.send(
        new UpdateCustomKeyStoreCommand({
          CustomKeyStoreId: 'cks-0123456789abcdef0',
          NewCustomKeyStoreName: 'x',
        }),
      ),
      'CustomKeyStoreNotFoundException',
    );
  });

  it('key store: update: KeyStorePassword while CONNECTED → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildConnectedWorld(62);
    await expectClientError(
      update(w, { KeyStorePassword: 'new-Passw0rd' }),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: update: CloudHsmClusterId while CONNECTED → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildConnectedWorld(63);
    await expectClientError(
      update(w, { CloudHsmClusterId: w.clusterId }),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: update: rename while CONNECTED → {} and the store keeps working', async () => {
    const w = await buildConnectedWorld(64);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const out = await update(w, { NewCustomKeyStoreName: 'renamed' });
    expect(out.$metadata.httpStatusCode).toBe(200);
    const entry = await storeEntry(w.kms, w.customKeyStoreId);
    expect([entry.CustomKeyStoreName, entry.ConnectionState]).toEqual(['renamed', 'CONNECTED']);
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
  });

  it('key store: update: rename while DISCONNECTED → {}', async () => {
    const w = await buildDisconnectedWorld(65);
    await update(w, { NewCustomKeyStoreName: 'renamed' });
    expect((await storeEntry(w.kms, w.customKeyStoreId)).CustomKeyStoreName).toBe('renamed');
  });

  it('key store: update: rename while CONNECTING → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildDisconnectedWorld(66);
    await w.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    await expectClientError(
      update(w, { NewCustomKeyStoreName: 'renamed' }),
      'CustomKeyStoreInvalidStateException',
    );
    expect((await storeEntry(w.kms, w.customKeyStoreId)).CustomKeyStoreName).toBe('store-1');
  });

  it('key store: update: new name taken by another store → CustomKeyStoreNameInUseException', async () => {
    const w = await buildConnectedWorld(67);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    await createStore(w.kms, 'taken', clusterId);
    await expectClientError(
      update(w, { NewCustomKeyStoreName: 'taken' }),
      'CustomKeyStoreNameInUseException',
    );
  });

  it('key store: update: renaming to its own current name is not a conflict', async () => {
    const w = await buildConnectedWorld(68);
    await expect(update(w, { NewCustomKeyStoreName: 'store-1' })).resolves.toBeDefined();
  });

  it('key store: update: new cluster id not found → CloudHsmClusterNotFoundException', async () => {
    const w = await buildDisconnectedWorld(69);
    await expectClientError(
      update(w, { CloudHsmClusterId: 'cluster-abcdefghijk' }),
      'CloudHsmClusterNotFoundException',
    );
  });

  it('key store: update: unrelated cluster (no shared backup history) → CloudHsmClusterNotRelatedException', async () => {
    const w = await buildDisconnectedWorld(70);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    await expectClientError(
      update(w, { CloudHsmClusterId: clusterId }),
      'CloudHsmClusterNotRelatedException',
    );
    expect((await storeEntry(w.kms, w.customKeyStoreId)).CloudHsmClusterId).toBe(w.clusterId);
  });

  it('key store: update: related cluster before its first HSM (ACTIVE, no HSM) → CloudHsmClusterInvalidConfigurationException', async () => {
    const { w, related } = await withRelatedCluster(71);
    await expectClientError(
      update(w, { CloudHsmClusterId: related }),
      'CloudHsmClusterInvalidConfigurationException',
      /it has 0 active HSM\(s\)/,
    );
  });

  it('key store: update: related cluster with one active HSM → CloudHsmClusterInvalidConfigurationException', async () => {
    const { w, related } = await withRelatedCluster(72);
    await addHsms(w.sim, w.hsm, related, [0]);
    await expectClientError(
      update(w, { CloudHsmClusterId: related }),
      'CloudHsmClusterInvalidConfigurationException',
    );
  });

  it('key store: update: related cluster with two HSMs in one AZ → CloudHsmClusterInvalidConfigurationException', async () => {
    const { w, related } = await withRelatedCluster(73);
    await addHsms(w.sim, w.hsm, related, [1, 1]);
    await expectClientError(
      update(w, { CloudHsmClusterId: related }),
      'CloudHsmClusterInvalidConfigurationException',
    );
  });

  it('key store: update: related cluster with two HSMs in two AZs → accepted; DescribeKey’s CloudHsmClusterId follows; keys work after connect', async () => {
    const { w, key, related } = await withRelatedCluster(74);
    await addHsms(w.sim, w.hsm, related, [0, 1]);
    await update(w, { CloudHsmClusterId: related });
    expect((await storeEntry(w.kms, w.customKeyStoreId)).CloudHsmClusterId).toBe(related);
    const described = await w.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId! }));
    expect(described.KeyMetadata?.CloudHsmClusterId).toBe(related);
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    expect(await roundTrip(w.kms, key.KeyId!, 'moved')).toBe('moved');
  });

  it('key store: update: recovery after the store’s cluster was deleted — a cluster from its last backup is related and takes over', async () => {
    const { w, key, related } = await withRelatedCluster(77);
    for (const hsmId of [...w.sim.world.clusters.get(w.clusterId)!.hsms.keys()]) {
      await w.hsm.send(new DeleteHsmCommand({ ClusterId: w.clusterId, HsmId: hsmId }));
    }
    w.sim.advanceMs(w.sim.world.timings.hsmDeleteMs);
    await w.hsm.send(new DeleteClusterCommand({ ClusterId: w.clusterId }));
    w.sim.advanceMs(w.sim.world.timings.clusterDeleteMs);
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionErrorCode).toBe(
      'CLUSTER_NOT_FOUND',
    );
    await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    w.sim.advanceMs(w.sim.world.timings.disconnectMs);
    await addHsms(w.sim, w.hsm, related, [0, 1]);
    await update(w, { CloudHsmClusterId: related });
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    expect(await roundTrip(w.kms, key.KeyId!, 'survived')).toBe('survived');
  });

  it('key store: update: a rejected cluster change leaves the name untouched too', async () => {
    const w = await buildDisconnectedWorld(75);
    await expectClientError(
      update(w, { NewCustomKeyStoreName: 'renamed', CloudHsmClusterId: 'cluster-abcdefghijk' }),
      'CloudHsmClusterNotFoundException',
    );
    expect((await storeEntry(w.kms, w.customKeyStoreId)).CustomKeyStoreName).toBe('store-1');
  });

  it('key store: update: KeyStorePassword only tells KMS; kmsuser’s password in the cluster is unchanged', async () => {
    const w = await buildDisconnectedWorld(76);
    const inCluster = kmsuserOf(w.sim, w.clusterId).password;
    await update(w, { KeyStorePassword: KMSUSER_PASSWORD });
    expect(kmsuserOf(w.sim, w.clusterId).password).toBe(inCluster);
    // KMS now holds the stale password, so the next connect cannot log in.
    const entry = await connectAndSettle(w, w.customKeyStoreId);
    expect([entry.ConnectionState, entry.ConnectionErrorCode]).toEqual([
      'FAILED',
      'INVALID_CREDENTIALS',
    ]);
  });
  it('key store: update: KeyStorePassword alone on a cluster left with one ACTIVE HSM → CloudHsmClusterInvalidConfigurationException; KMS keeps the old password', async () => {
    const w = await disconnectedWithOneHsm(78);
    const held = w.sim.world.keyStores.get(w.customKeyStoreId)!.kmsuserPassword;
    await expectClientError(
      update(w, { KeyStorePassword: 'operator-Set-1' }),
      'CloudHsmClusterInvalidConfigurationException',
      ONE_HSM,
    );
    expect(w.sim.world.keyStores.get(w.customKeyStoreId)!.kmsuserPassword).toBe(held);
  });

  it('key store: update: the unchanged CloudHsmClusterId, or a rename alone, on a one-HSM cluster → CloudHsmClusterInvalidConfigurationException', async () => {
    const w = await disconnectedWithOneHsm(79);
    await expectClientError(
      update(w, { CloudHsmClusterId: w.clusterId, KeyStorePassword: 'operator-Set-1' }),
      'CloudHsmClusterInvalidConfigurationException',
      ONE_HSM,
    );
    await expectClientError(
      update(w, { NewCustomKeyStoreName: 'renamed' }),
      'CloudHsmClusterInvalidConfigurationException',
      ONE_HSM,
    );
    expect((await storeEntry(w.kms, w.customKeyStoreId)).CustomKeyStoreName).toBe('store-1');
  });

  it('key store: update: RB-3 on a one-HSM cluster — add an HSM in another AZ first, then the password update is accepted', async () => {
    const w = await disconnectedWithOneHsm(80);
    await addHsms(w.sim, w.hsm, w.clusterId, [0]);
    const out = await update(w, { KeyStorePassword: 'operator-Set-1' });
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(w.sim.world.keyStores.get(w.customKeyStoreId)!.kmsuserPassword).toBe('operator-Set-1');
  });

  it('key store: update: KeyStorePassword alone after the store’s cluster was deleted → CloudHsmClusterNotFoundException', async () => {
    const w = await buildDisconnectedWorld(81);
    for (const hsmId of w.hsmIds)
      await w.hsm.send(new DeleteHsmCommand({ ClusterId: w.clusterId, HsmId: hsmId }));
    w.sim.advanceMs(w.sim.world.timings.hsmDeleteMs);
    await w.hsm.send(new DeleteClusterCommand({ ClusterId: w.clusterId }));
    w.sim.advanceMs(w.sim.world.timings.clusterDeleteMs);
    await expectClientError(
      update(w, { KeyStorePassword: 'operator-Set-1' }),
      'CloudHsmClusterNotFoundException',
      `AWS CloudHSM cluster ${w.clusterId} was not found.`,
    );
  });
});
