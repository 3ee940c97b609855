/**
 * faults/cluster-deletion.ts (docs/behaviour.md §4.6, §6.3, §10 row "Delete cluster", RB-3 CLUSTER_NOT_FOUND):
 * the cluster and its HSMs are deleted; crypto → KMSInvalidStateException while the store stays
 * CONNECTED; a later connect ends FAILED / CLUSTER_NOT_FOUND. Backups survive, so a related cluster
 * created from one is accepted by UpdateCustomKeyStore. No heal by reversal.
 */
import { describe, expect, it } from 'vitest';
import { DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { DecryptCommand, EncryptCommand, UpdateCustomKeyStoreCommand } from '@aws-sdk/client-kms';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { backupsOf } from '../support/keystore-cloudhsm.js';
import { expectClientError } from '../support/keystore-expect.js';
import {
  addHsms,
  connectAndSettle,
  createClusterFromBackup,
  createStoreKey,
  disconnectAndSettle,
  keyState,
  newestBackupId,
  roundTrip,
  settleBackups,
  storeEntry,
} from '../support/keystore-world.js';

async function keyWithCiphertext(w: ConnectedWorld) {
  const key = await createStoreKey(w.kms, w.customKeyStoreId);
  const sealed = await w.kms.send(
    new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('before') }),
  );
  return { keyId: key.KeyId!, blob: sealed.CiphertextBlob! };
}

describe('faults: cluster-deletion', () => {
  it('faults: cluster-deletion: sim.inject → crypto KMSInvalidStateException, store CONNECTED, key Enabled, cluster DELETED without HSMs, backups kept; sim.heal refuses', async () => {
    const w = await buildConnectedWorld(5501);
    const key = await keyWithCiphertext(w);
    const backupsBefore = (await backupsOf(w.hsm, w.clusterId)).map((backup) => backup.BackupId);
    const faultId = w.sim.inject('cluster-deletion', { clusterId: w.clusterId });
    await expectClientError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob })),
      'KMSInvalidStateException',
    );
    await expectClientError(
      w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
    );
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    expect(await keyState(w.kms, key.keyId)).toBe('Enabled');
    const described =
      (await w.hsm.send(new DescribeClustersCommand({ Filters: { clusterIds: [w.clusterId] } })))
        .Clusters ?? [];
    expect(described.map((cluster) => [cluster.State, cluster.Hsms?.length ?? 0])).toEqual([
      ['DELETED', 0],
    ]);
    expect((await backupsOf(w.hsm, w.clusterId)).map((backup) => backup.BackupId)).toEqual(
      backupsBefore,
    );
    expect(() => w.sim.heal(faultId)).toThrow(/cannot be healed by reversal/);
  });

  it('faults: cluster-deletion: inject-fault (healable false); reconnect → FAILED / CLUSTER_NOT_FOUND; a cluster from its newest backup + UpdateCustomKeyStore + connect → every ciphertext decrypts (RB-3)', async () => {
    const w = await buildConnectedWorld(5502);
    const key = await keyWithCiphertext(w);
    await addHsms(w.sim, w.hsm, w.clusterId, [2]); // a backup holding the key
    settleBackups(w.sim);
    expect(
      w.sim.runAction({
        action: 'inject-fault',
        fault: 'cluster-deletion',
        clusterId: w.clusterId,
      }),
    ).toMatchObject({ ok: true, healable: false });
    await disconnectAndSettle(w, w.customKeyStoreId);
    const failed = await connectAndSettle(w, w.customKeyStoreId);
    expect({ state: failed.ConnectionState, code: failed.ConnectionErrorCode }).toEqual({
      state: 'FAILED',
      code: 'CLUSTER_NOT_FOUND',
    });
    const restored = await createClusterFromBackup(
      w.sim,
      w.hsm,
      await newestBackupId(w.hsm, w.clusterId),
    );
    await addHsms(w.sim, w.hsm, restored, [0, 1]);
    await disconnectAndSettle(w, w.customKeyStoreId);
    await w.kms.send(
      new UpdateCustomKeyStoreCommand({
        CustomKeyStoreId: w.customKeyStoreId,
        CloudHsmClusterId: restored,
      }),
    );
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    expect(
      Buffer.from(
        (await w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob }))).Plaintext!,
      ).toString(),
    ).toBe('before');
    expect(await roundTrip(w.kms, key.keyId)).toBe('kmsim');
  });

  it('faults: cluster-deletion: a cluster already deleted or unknown is refused naming clusterId', async () => {
    const w = await buildConnectedWorld(5503);
    w.sim.inject('cluster-deletion', { clusterId: w.clusterId });
    expect(() => w.sim.inject('cluster-deletion', { clusterId: w.clusterId })).toThrow(
      /'clusterId'/,
    );
    expect(
      w.sim.runAction({
        action: 'inject-fault',
        fault: 'cluster-deletion',
        clusterId: 'cluster-nosuchclust',
      }),
    ).toMatchObject({ ok: false, message: expect.stringContaining("'clusterId'") });
  });
});
