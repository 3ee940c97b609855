/**
 * DeleteCustomKeyStore through the real KMSClient (docs/behaviour.md §4.4 rows; RB-8 retiring a key store).
 */
import { describe, expect, it } from 'vitest';
import {
  DeleteCustomKeyStoreCommand,
  DescribeCustomKeyStoresCommand,
  DisconnectCustomKeyStoreCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { MS_PER_DAY } from '../../../src/world/timings.js';
import { buildConnectedWorld } from '../../support/connected-store.js';
import { expectClientError } from '../../support/keystore-expect.js';
import {
  buildDisconnectedWorld,
  connectAndSettle,
  createStore,
  createStoreKey,
  disconnectAndSettle,
  kmsuserOf,
  storeEntry,
} from '../../support/keystore-world.js';

const remove = (id: string) => new DeleteCustomKeyStoreCommand({ CustomKeyStoreId: id });

describe('key store: delete', () => {
  it('key store: delete: DISCONNECTED and empty → {} and the store is gone', async () => {
    const w = await buildDisconnectedWorld(81);
    const out = await w.kms.send(remove(w.customKeyStoreId));
    expect(out.$metadata.httpStatusCode).toBe(200);
    await expectClientError(
      storeEntry(w.kms, w.customKeyStoreId),
      'CustomKeyStoreNotFoundException',
    );
    expect((await w.kms.send(new DescribeCustomKeyStoresCommand({}))).CustomKeyStores).toEqual([]);
    w.sim.assertNoBugs();
  });

  it('key store: delete: unknown store id → CustomKeyStoreNotFoundException', async () => {
    const w = await buildDisconnectedWorld(82);
    await expectClientError(
      w.kms.send(remove('cks-0123456789abcdef0')),
      'CustomKeyStoreNotFoundException',
    );
  });

  it('key store: delete: CONNECTED → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildConnectedWorld(83);
    await expectClientError(
      w.kms.send(remove(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
  });

  it('key store: delete: DISCONNECTING → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildConnectedWorld(84);
    await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    await expectClientError(
      w.kms.send(remove(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: delete: FAILED → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildDisconnectedWorld(85);
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionState).toBe('FAILED');
    await expectClientError(
      w.kms.send(remove(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: delete: store still has a key → CustomKeyStoreHasCMKsException', async () => {
    const w = await buildConnectedWorld(86);
    await createStoreKey(w.kms, w.customKeyStoreId);
    await disconnectAndSettle(w, w.customKeyStoreId);
    await expectClientError(
      w.kms.send(remove(w.customKeyStoreId)),
      'CustomKeyStoreHasCMKsException',
    );
  });

  it('key store: delete: a key pending deletion still counts → CustomKeyStoreHasCMKsException until its waiting period ends, then {}', async () => {
    const w = await buildConnectedWorld(87);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
    await disconnectAndSettle(w, w.customKeyStoreId);
    await expectClientError(
      w.kms.send(remove(w.customKeyStoreId)),
      'CustomKeyStoreHasCMKsException',
    );
    w.sim.advanceMs(7 * MS_PER_DAY - w.sim.world.timings.disconnectMs - 1);
    await expectClientError(
      w.kms.send(remove(w.customKeyStoreId)),
      'CustomKeyStoreHasCMKsException',
    );
    w.sim.advanceMs(1);
    await w.kms.send(remove(w.customKeyStoreId));
    await expectClientError(
      storeEntry(w.kms, w.customKeyStoreId),
      'CustomKeyStoreNotFoundException',
    );
  });

  it('key store: delete: never touches the cluster, its HSMs, kmsuser or key material', async () => {
    const w = await buildConnectedWorld(88);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
    await disconnectAndSettle(w, w.customKeyStoreId);
    w.sim.advanceMs(7 * MS_PER_DAY);
    const cluster = w.sim.world.clusters.get(w.clusterId)!;
    const handles = cluster.contents!.keys.handles();
    const password = kmsuserOf(w.sim, w.clusterId).password;
    const backups = w.sim.world.backups.size;
    await w.kms.send(remove(w.customKeyStoreId));
    expect(cluster.state).toBe('ACTIVE');
    expect([...cluster.hsms.keys()]).toEqual(w.hsmIds);
    expect(cluster.contents!.keys.handles()).toEqual(handles);
    expect(kmsuserOf(w.sim, w.clusterId).password).toBe(password);
    expect(w.sim.world.backups.size).toBe(backups);
    // The key was deleted while the store was disconnected, so its material is orphaned (docs/behaviour.md §3.3).
    const created = w.sim.kernel.trace
      .ofKind('kms.key.created')
      .find((event) => event.data.keyId === key.KeyId);
    expect(handles).toContain(created!.data.backingHandle);
  });

  it('key store: delete: the freed cluster can back a new store', async () => {
    const w = await buildDisconnectedWorld(89);
    await w.kms.send(remove(w.customKeyStoreId));
    await expect(
      createStore(w.kms, 'second-life', w.clusterId, kmsuserOf(w.sim, w.clusterId).password),
    ).resolves.toMatch(/^cks-/);
  });
});
