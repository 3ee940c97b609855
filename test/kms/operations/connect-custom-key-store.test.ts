/**
 * ConnectCustomKeyStore through the real KMSClient: the synchronous rows of docs/behaviour.md §4.4, the
 * asynchronous mechanics of docs/behaviour.md §4.3 (returns `{}` at once, CONNECTING until the connect time
 * passes, kmsuser's password rotated), and key states around a connect (docs/behaviour.md §3.3).
 * The asynchronous FAILED codes are in connect-custom-key-store-failures.test.ts.
 */
import { freeAddresses } from '../../../src/world/network.js';
import { describe, expect, it } from 'vitest';
import { ConnectCustomKeyStoreCommand, DisconnectCustomKeyStoreCommand } from '@aws-sdk/client-kms';
import { buildConnectedWorld, KMSUSER_PASSWORD } from '../../support/connected-store.js';
import { expectClientError } from '../../support/keystore-expect.js';
import {
  buildDisconnectedWorld,
  createStoreKey,
  keyState,
  kmsuserOf,
  roundTrip,
  settleConnect,
  storeEntry,
} from '../../support/keystore-world.js';

const connect = (id: string) => new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: id });

describe('key store: connect', () => {
  it('key store: connect: returns {} at once and the store is CONNECTING until the connect time has passed', async () => {
    const w = await buildDisconnectedWorld(21);
    const out = await w.kms.send(connect(w.customKeyStoreId));
    expect(Object.keys(out).filter((key) => key !== '$metadata')).toEqual([]);
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTING');
    w.sim.advanceMs(w.sim.world.timings.connectMs - 1);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTING');
    w.sim.advanceMs(1);
    const entry = await storeEntry(w.kms, w.customKeyStoreId);
    expect(entry.ConnectionState).toBe('CONNECTED');
    expect(entry.ConnectionErrorCode).toBeUndefined();
    w.sim.assertNoBugs();
  });

  it('key store: connect: KMS rotates kmsuser’s password to one only it knows (docs/behaviour.md §4.3)', async () => {
    const w = await buildConnectedWorld(22);
    const rotated = kmsuserOf(w.sim, w.clusterId).password;
    expect(rotated).not.toBe(KMSUSER_PASSWORD);
    expect(w.sim.world.keyStores.get(w.customKeyStoreId)?.kmsuserPassword).toBe(rotated);
  });

  it('key store: connect: keys are Unavailable while CONNECTING and come back in their previous state once CONNECTED', async () => {
    const w = await buildConnectedWorld(23);
    const enabled = await createStoreKey(w.kms, w.customKeyStoreId);
    await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    w.sim.advanceMs(w.sim.world.timings.disconnectMs);
    await w.kms.send(connect(w.customKeyStoreId));
    expect(await keyState(w.kms, enabled.KeyId!)).toBe('Unavailable');
    settleConnect(w.sim);
    expect(await keyState(w.kms, enabled.KeyId!)).toBe('Enabled');
    expect(await roundTrip(w.kms, enabled.KeyId!, 'back')).toBe('back');
  });

  it('key store: connect: unknown store id → CustomKeyStoreNotFoundException', async () => {
    const w = await buildConnectedWorld(24);
    await expectClientError(
      w.kms.send(connect('cks-0123456789abcdef0')),
      'CustomKeyStoreNotFoundException',
    );
  });

  it('key store: connect: an already CONNECTED store → {} and nothing changes', async () => {
    const w = await buildConnectedWorld(25);
    const password = kmsuserOf(w.sim, w.clusterId).password;
    const events = w.sim.kernel.trace.ofKind('kms.key-store.connection').length;
    await w.kms.send(connect(w.customKeyStoreId));
    settleConnect(w.sim);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    expect(w.sim.kernel.trace.ofKind('kms.key-store.connection')).toHaveLength(events);
    expect(kmsuserOf(w.sim, w.clusterId).password).toBe(password);
  });

  it('key store: connect: a second connect while CONNECTING is accepted and does not restart the clock', async () => {
    const w = await buildDisconnectedWorld(26);
    await w.kms.send(connect(w.customKeyStoreId));
    w.sim.advanceMs(w.sim.world.timings.connectMs / 2);
    await w.kms.send(connect(w.customKeyStoreId));
    w.sim.advanceMs(w.sim.world.timings.connectMs / 2);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
  });

  it('key store: connect: store DISCONNECTING → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildConnectedWorld(27);
    await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('DISCONNECTING');
    await expectClientError(
      w.kms.send(connect(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: connect: store FAILED → CustomKeyStoreInvalidStateException; disconnect first, then connect works', async () => {
    const w = await buildDisconnectedWorld(28);
    kmsuserOf(w.sim, w.clusterId).loggedInElsewhere = true;
    await w.kms.send(connect(w.customKeyStoreId));
    settleConnect(w.sim);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('FAILED');
    kmsuserOf(w.sim, w.clusterId).loggedInElsewhere = false;
    await expectClientError(
      w.kms.send(connect(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('FAILED');
    await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    w.sim.advanceMs(w.sim.world.timings.disconnectMs);
    await w.kms.send(connect(w.customKeyStoreId));
    settleConnect(w.sim);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
  });

  it('key store: connect: cluster not ACTIVE → CloudHsmClusterNotActiveException and the store stays DISCONNECTED', async () => {
    const w = await buildDisconnectedWorld(29);
    // No API moves an active cluster out of ACTIVE yet (ModifyCluster is not served): set the state.
    w.sim.world.clusters.get(w.clusterId)!.state = 'UPDATE_IN_PROGRESS';
    await expectClientError(
      w.kms.send(connect(w.customKeyStoreId)),
      'CloudHsmClusterNotActiveException',
    );
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('DISCONNECTED');
    w.sim.world.clusters.get(w.clusterId)!.state = 'ACTIVE';
    await w.kms.send(connect(w.customKeyStoreId));
    settleConnect(w.sim);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
  });

  it('key store: connect: KMS creates one ENI per cluster subnet and removes them on disconnect (docs/behaviour.md §4.3)', async () => {
    const w = await buildConnectedWorld(30);
    const store = w.sim.world.keyStores.get(w.customKeyStoreId)!;
    const cluster = w.sim.world.clusters.get(w.clusterId)!;
    expect(store.enis.map((eni) => eni.subnetId).sort()).toEqual(
      [...cluster.subnetMapping.values()].sort(),
    );
    const subnet = w.sim.world.network.subnet(store.enis[0]!.subnetId)!;
    const freeWhileConnected = freeAddresses(subnet);
    await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    w.sim.advanceMs(w.sim.world.timings.disconnectMs);
    expect(store.enis).toEqual([]);
    expect(freeAddresses(subnet)).toBe(freeWhileConnected + 1);
  });
});
