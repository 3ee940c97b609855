/**
 * ConnectCustomKeyStore failing asynchronously (docs/behaviour.md §4.2, §4.4, §10): the call returns `{}`, the
 * store is CONNECTING, then FAILED with the ConnectionErrorCode the world state explains. Causes
 * without an API yet are injected into the world directly (a later issue adds fault injectors).
 */
import { ADDRESSES_PER_SUBNET } from '../../../src/world/network.js';
import { describe, expect, it } from 'vitest';
import { DeleteClusterCommand, DeleteHsmCommand } from '@aws-sdk/client-cloudhsm-v2';
import {
  ConnectCustomKeyStoreCommand,
  DisconnectCustomKeyStoreCommand,
  EncryptCommand,
  UpdateCustomKeyStoreCommand,
} from '@aws-sdk/client-kms';
import { expectClientError } from '../../support/keystore-expect.js';
import type { ConnectedWorld } from '../../support/connected-store.js';
import {
  buildDisconnectedWorld,
  createStoreKey,
  disconnectAndSettle,
  keyState,
  kmsuserOf,
  roundTrip,
  setKmsuserPassword,
  settleConnect,
  storeEntry,
} from '../../support/keystore-world.js';

/** Connect, check it answered {} with the store CONNECTING, let it finish, and return the entry. */
async function connectExpectingAsync(w: ConnectedWorld) {
  const out = await w.kms.send(
    new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }),
  );
  expect(out.$metadata.httpStatusCode).toBe(200);
  expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTING');
  settleConnect(w.sim);
  return storeEntry(w.kms, w.customKeyStoreId);
}

async function expectFailedWith(w: ConnectedWorld, code: string): Promise<void> {
  const entry = await connectExpectingAsync(w);
  expect(entry.ConnectionState).toBe('FAILED');
  expect(entry.ConnectionErrorCode).toBe(code);
}

function subnetsOf(w: ConnectedWorld) {
  return [...w.sim.world.clusters.get(w.clusterId)!.subnetMapping.values()].map(
    (id) => w.sim.world.network.subnet(id)!,
  );
}

async function deleteAllHsms(w: ConnectedWorld): Promise<void> {
  for (const hsmId of w.hsmIds)
    await w.hsm.send(new DeleteHsmCommand({ ClusterId: w.clusterId, HsmId: hsmId }));
  w.sim.advanceMs(w.sim.world.timings.hsmDeleteMs);
}

describe('key store: connect fails asynchronously', () => {
  it('key store: connect: cluster deleted → FAILED CLUSTER_NOT_FOUND', async () => {
    const w = await buildDisconnectedWorld(31);
    await deleteAllHsms(w);
    await w.hsm.send(new DeleteClusterCommand({ ClusterId: w.clusterId }));
    w.sim.advanceMs(w.sim.world.timings.clusterDeleteMs);
    await expectFailedWith(w, 'CLUSTER_NOT_FOUND');
  });

  it('key store: connect: partition opens during the connect → FAILED NETWORK_ERRORS', async () => {
    const w = await buildDisconnectedWorld(32);
    await w.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    settleConnect(w.sim);
    const entry = await storeEntry(w.kms, w.customKeyStoreId);
    expect([entry.ConnectionState, entry.ConnectionErrorCode]).toEqual([
      'FAILED',
      'NETWORK_ERRORS',
    ]);
  });

  it('key store: connect: a cluster subnet deleted → FAILED SUBNET_NOT_FOUND', async () => {
    const w = await buildDisconnectedWorld(33);
    subnetsOf(w)[1]!.deleted = true;
    await expectFailedWith(w, 'SUBNET_NOT_FOUND');
  });

  it('key store: connect: a cluster subnet without a free address → FAILED INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET', async () => {
    const w = await buildDisconnectedWorld(34);
    subnetsOf(w)[0]!.heldElsewhere = ADDRESSES_PER_SUBNET;
    await expectFailedWith(w, 'INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET');
  });

  it('key store: connect: every HSM deleted → FAILED INSUFFICIENT_CLOUDHSM_HSMS', async () => {
    const w = await buildDisconnectedWorld(35);
    await deleteAllHsms(w);
    expect(w.sim.world.clusters.get(w.clusterId)?.state).toBe('ACTIVE');
    await expectFailedWith(w, 'INSUFFICIENT_CLOUDHSM_HSMS');
  });

  it('key store: connect: kmsuser missing from the cluster → FAILED USER_NOT_FOUND', async () => {
    const w = await buildDisconnectedWorld(36);
    w.sim.world.clusters.get(w.clusterId)!.contents!.users.delete('kmsuser');
    await expectFailedWith(w, 'USER_NOT_FOUND');
  });

  it('key store: connect: password rotated by the crypto officer while disconnected → FAILED INVALID_CREDENTIALS', async () => {
    const w = await buildDisconnectedWorld(37);
    setKmsuserPassword(w.sim, w.clusterId, 'officer-Set-1');
    await expectFailedWith(w, 'INVALID_CREDENTIALS');
  });

  it('key store: connect: FAILED → disconnect → UpdateCustomKeyStore KeyStorePassword → connect → CONNECTED', async () => {
    const w = await buildDisconnectedWorld(38);
    const key = await createKeyWhileConnected(w);
    setKmsuserPassword(w.sim, w.clusterId, 'officer-Set-1');
    await expectFailedWith(w, 'INVALID_CREDENTIALS');
    expect(await keyState(w.kms, key)).toBe('Unavailable');
    const arn = w.sim.world.keys.get(key)!.arn;
    await expectClientError(
      w.kms.send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      `${arn} is unavailable.`,
    );
    const update = new UpdateCustomKeyStoreCommand({
      CustomKeyStoreId: w.customKeyStoreId,
      KeyStorePassword: 'officer-Set-1',
    });
    await expectClientError(w.kms.send(update), 'CustomKeyStoreInvalidStateException');
    const disconnected = await disconnectAndSettle(w, w.customKeyStoreId);
    expect(disconnected.ConnectionErrorCode).toBeUndefined();
    await w.kms.send(update);
    const entry = await connectExpectingAsync(w);
    expect(entry.ConnectionState).toBe('CONNECTED');
    expect(await roundTrip(w.kms, key, 'recovered')).toBe('recovered');
  });

  it('key store: connect: kmsuser locked out after five failed logins → FAILED USER_LOCKED_OUT, even with the right password', async () => {
    const w = await buildDisconnectedWorld(39);
    setKmsuserPassword(w.sim, w.clusterId, 'officer-Set-1');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await expectFailedWith(w, 'INVALID_CREDENTIALS');
      await disconnectAndSettle(w, w.customKeyStoreId);
    }
    expect(kmsuserOf(w.sim, w.clusterId).failedLogins).toBe(5);
    await expectFailedWith(w, 'USER_LOCKED_OUT');
    await disconnectAndSettle(w, w.customKeyStoreId);
    await w.kms.send(
      new UpdateCustomKeyStoreCommand({
        CustomKeyStoreId: w.customKeyStoreId,
        KeyStorePassword: 'officer-Set-1',
      }),
    );
    await expectFailedWith(w, 'USER_LOCKED_OUT');
    // The crypto officer resets the password, which unlocks the user.
    await disconnectAndSettle(w, w.customKeyStoreId);
    setKmsuserPassword(w.sim, w.clusterId, 'officer-Set-2');
    await w.kms.send(
      new UpdateCustomKeyStoreCommand({
        CustomKeyStoreId: w.customKeyStoreId,
        KeyStorePassword: 'officer-Set-2',
      }),
    );
    expect((await connectExpectingAsync(w)).ConnectionState).toBe('CONNECTED');
  });

  it('key store: connect: kmsuser logged in elsewhere → FAILED USER_LOGGED_IN, and that attempt does not count towards lockout', async () => {
    const w = await buildDisconnectedWorld(40);
    kmsuserOf(w.sim, w.clusterId).loggedInElsewhere = true;
    await expectFailedWith(w, 'USER_LOGGED_IN');
    expect(kmsuserOf(w.sim, w.clusterId).failedLogins).toBe(0);
    kmsuserOf(w.sim, w.clusterId).loggedInElsewhere = false;
    await disconnectAndSettle(w, w.customKeyStoreId);
    expect((await connectExpectingAsync(w)).ConnectionState).toBe('CONNECTED');
  });

  it('key store: connect: the cause is judged when the connect finishes, not when it starts', async () => {
    const w = await buildDisconnectedWorld(41);
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    await w.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    w.sim.world.network.partitionedClusters.delete(w.clusterId);
    settleConnect(w.sim);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
  });

  it('key store: connect: DisconnectCustomKeyStore during CONNECTING cancels the connect', async () => {
    const w = await buildDisconnectedWorld(42);
    await w.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    settleConnect(w.sim);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('DISCONNECTED');
  });
});

/** Connects, creates a key, disconnects again; returns the key id. */
async function createKeyWhileConnected(w: ConnectedWorld): Promise<string> {
  await w.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
  settleConnect(w.sim);
  const key = await createStoreKey(w.kms, w.customKeyStoreId);
  await disconnectAndSettle(w, w.customKeyStoreId);
  return key.KeyId!;
}
