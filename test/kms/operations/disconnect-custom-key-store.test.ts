/**
 * DisconnectCustomKeyStore through the real KMSClient (docs/behaviour.md §4.4 rows, §3.3 key states while
 * disconnected, §10 "Operator DisconnectCustomKeyStore").
 */
import { describe, expect, it } from 'vitest';
import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { buildActiveCluster, buildConnectedWorld } from '../../support/connected-store.js';
import { expectClientError } from '../../support/keystore-expect.js';
import {
  buildDisconnectedWorld,
  connectAndSettle,
  createStore,
  createStoreKey,
  disconnectAndSettle,
  keyState,
  roundTrip,
  storeEntry,
} from '../../support/keystore-world.js';

const disconnect = (id: string) => new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: id });

describe('key store: disconnect', () => {
  it('key store: disconnect: CONNECTED → {} and DISCONNECTING, then DISCONNECTED after the disconnect time', async () => {
    const w = await buildConnectedWorld(51);
    const out = await w.kms.send(disconnect(w.customKeyStoreId));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('DISCONNECTING');
    w.sim.advanceMs(w.sim.world.timings.disconnectMs - 1);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('DISCONNECTING');
    w.sim.advanceMs(1);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('DISCONNECTED');
    w.sim.assertNoBugs();
  });

  it('key store: disconnect: unknown store id → CustomKeyStoreNotFoundException', async () => {
    const w = await buildConnectedWorld(52);
    await expectClientError(
      w.kms.send(disconnect('cks-0123456789abcdef0')),
      'CustomKeyStoreNotFoundException',
    );
  });

  it('key store: disconnect: already DISCONNECTED → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildDisconnectedWorld(53);
    await expectClientError(
      w.kms.send(disconnect(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: disconnect: a never-connected store (DISCONNECTED) → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildConnectedWorld(54);
    const { clusterId } = await buildActiveCluster(w.sim, w.hsm);
    const fresh = await createStore(w.kms, 'never-connected', clusterId);
    await expectClientError(w.kms.send(disconnect(fresh)), 'CustomKeyStoreInvalidStateException');
    expect((await storeEntry(w.kms, fresh)).ConnectionState).toBe('DISCONNECTED');
  });

  it('key store: disconnect: DISCONNECTING → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildConnectedWorld(55);
    await w.kms.send(disconnect(w.customKeyStoreId));
    await expectClientError(
      w.kms.send(disconnect(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: disconnect: keys turn Unavailable except PendingDeletion; crypto → KMSInvalidStateException "<ARN> is unavailable."', async () => {
    const w = await buildConnectedWorld(56);
    const live = await createStoreKey(w.kms, w.customKeyStoreId);
    const doomed = await createStoreKey(w.kms, w.customKeyStoreId);
    await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: doomed.KeyId!, PendingWindowInDays: 7 }),
    );
    await disconnectAndSettle(w, w.customKeyStoreId);
    expect(await keyState(w.kms, live.KeyId!)).toBe('Unavailable');
    expect(await keyState(w.kms, doomed.KeyId!)).toBe('PendingDeletion');
    await expectClientError(
      w.kms.send(new EncryptCommand({ KeyId: live.KeyId!, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      `${live.Arn} is unavailable.`,
    );
    await expectClientError(
      w.kms.send(new GenerateDataKeyCommand({ KeyId: live.KeyId!, KeySpec: 'AES_256' })),
      'KMSInvalidStateException',
      `${live.Arn} is unavailable.`,
    );
  });

  it('key store: disconnect: DISCONNECTING already makes keys Unavailable', async () => {
    const w = await buildConnectedWorld(57);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    await w.kms.send(disconnect(w.customKeyStoreId));
    expect(await keyState(w.kms, key.KeyId!)).toBe('Unavailable');
  });

  it('key store: disconnect: CreateKey in the store → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildDisconnectedWorld(58);
    await expectClientError(
      w.kms.send(
        new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: w.customKeyStoreId }),
      ),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: disconnect: Enable/Disable while disconnected take effect on reconnect (docs/behaviour.md §3.3)', async () => {
    const w = await buildConnectedWorld(59);
    const toDisable = await createStoreKey(w.kms, w.customKeyStoreId);
    const toEnable = await createStoreKey(w.kms, w.customKeyStoreId);
    await w.kms.send(new DisableKeyCommand({ KeyId: toEnable.KeyId! }));
    await disconnectAndSettle(w, w.customKeyStoreId);
    await w.kms.send(new DisableKeyCommand({ KeyId: toDisable.KeyId! }));
    await w.kms.send(new EnableKeyCommand({ KeyId: toEnable.KeyId! }));
    expect(await keyState(w.kms, toDisable.KeyId!)).toBe('Unavailable');
    expect(await keyState(w.kms, toEnable.KeyId!)).toBe('Unavailable');
    await connectAndSettle(w, w.customKeyStoreId);
    expect(await keyState(w.kms, toDisable.KeyId!)).toBe('Disabled');
    expect(await keyState(w.kms, toEnable.KeyId!)).toBe('Enabled');
    expect(await roundTrip(w.kms, toEnable.KeyId!)).toBe('kmsim');
  });

  it('key store: disconnect: a pending-deletion key can be cancelled while disconnected; it shows Unavailable, then Disabled on reconnect', async () => {
    const w = await buildConnectedWorld(60);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    await disconnectAndSettle(w, w.customKeyStoreId);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId!, PendingWindowInDays: 7 }));
    expect(await keyState(w.kms, key.KeyId!)).toBe('PendingDeletion');
    await w.kms.send(new CancelKeyDeletionCommand({ KeyId: key.KeyId! }));
    expect(await keyState(w.kms, key.KeyId!)).toBe('Unavailable');
    await connectAndSettle(w, w.customKeyStoreId);
    expect(await keyState(w.kms, key.KeyId!)).toBe('Disabled');
  });

  it('key store: disconnect: leaves the cluster, its HSMs and its key material alone', async () => {
    const w = await buildConnectedWorld(61);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const cluster = w.sim.world.clusters.get(w.clusterId)!;
    const handles = cluster.contents!.keys.handles();
    await disconnectAndSettle(w, w.customKeyStoreId);
    expect(cluster.state).toBe('ACTIVE');
    expect([...cluster.hsms.keys()]).toEqual(w.hsmIds);
    expect(cluster.contents!.keys.handles()).toEqual(handles);
    expect(handles).toContain(w.sim.world.keys.get(key.KeyId!)!.backingHandle);
  });
});
