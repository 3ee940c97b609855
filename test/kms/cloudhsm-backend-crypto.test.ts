/**
 * Cryptographic operations on keys in a CONNECTED CloudHSM key store whose backend is in trouble
 * (docs/behaviour.md §4.6, §6.4, §10): every failure is KMSInvalidStateException (400, never retried by the SDK),
 * the store stays CONNECTED and the key stays Enabled. Also the best-effort deletion of backing keys
 * (docs/behaviour.md §3.3). Causes without an API yet are injected into the world directly.
 */
import { describe, expect, it } from 'vitest';
import { DeleteClusterCommand, DeleteHsmCommand } from '@aws-sdk/client-cloudhsm-v2';
import {
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  type KMSClient,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { createKmsClient } from '../../src/transport/sdk-clients.js';
import { loseHsm } from '../../src/world/hsm-lifecycle.js';
import { MS_PER_DAY } from '../../src/world/timings.js';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { expectClientError } from '../support/keystore-expect.js';
import {
  addHsms,
  apiCalls,
  createStoreKey,
  disconnectAndSettle,
  keyState,
  roundTrip,
  settleBackups,
  storeEntry,
} from '../support/keystore-world.js';

const UNREACHABLE = 'KMS cannot communicate with your CloudHSM cluster';

/** Every symmetric crypto operation on `keyId`, given a ciphertext made while the backend was healthy. */
function cryptoCalls(kms: KMSClient, keyId: string, blob: Uint8Array) {
  return {
    Encrypt: () => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })),
    Decrypt: () => kms.send(new DecryptCommand({ CiphertextBlob: blob })),
    ReEncrypt: () =>
      kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: keyId })),
    GenerateDataKey: () =>
      kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })),
    GenerateDataKeyWithoutPlaintext: () =>
      kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: keyId, NumberOfBytes: 16 })),
  };
}

async function keyWithCiphertext(w: ConnectedWorld) {
  const key = await createStoreKey(w.kms, w.customKeyStoreId);
  const encrypted = await w.kms.send(
    new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('before') }),
  );
  return { keyId: key.KeyId!, arn: key.Arn!, blob: encrypted.CiphertextBlob! };
}

async function expectStoreAndKeyUntouched(w: ConnectedWorld, keyId: string): Promise<void> {
  expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
  expect(await keyState(w.kms, keyId)).toBe('Enabled');
}

describe('key store backend: crypto on a CONNECTED store', () => {
  it('key store backend: network partition → every crypto op KMSInvalidStateException "KMS cannot communicate with your CloudHSM cluster"; state unchanged', async () => {
    const w = await buildConnectedWorld(121);
    const { keyId, blob } = await keyWithCiphertext(w);
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    for (const [operation, call] of Object.entries(cryptoCalls(w.kms, keyId, blob))) {
      const error = await expectClientError(call(), 'KMSInvalidStateException', UNREACHABLE);
      expect(error.message, operation).toBe(UNREACHABLE);
    }
    await expectStoreAndKeyUntouched(w, keyId);
  });

  it('key store backend: partition → not retried by the SDK even with maxAttempts 3 (one api.call), then heal → works', async () => {
    const w = await buildConnectedWorld(122);
    const { keyId } = await keyWithCiphertext(w);
    const retrying = createKmsClient(w.sim, { maxAttempts: 3 });
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    const before = apiCalls(w.sim, 'Encrypt');
    const error = await expectClientError(
      retrying.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      UNREACHABLE,
    );
    expect(error.$metadata?.attempts).toBe(1);
    expect(apiCalls(w.sim, 'Encrypt') - before).toBe(1);
    w.sim.world.network.partitionedClusters.delete(w.clusterId);
    expect(await roundTrip(retrying, keyId, 'healed')).toBe('healed');
  });

  it('key store backend: every HSM lost → KMSInvalidStateException; store stays CONNECTED, key stays Enabled', async () => {
    const w = await buildConnectedWorld(123);
    const { keyId, blob } = await keyWithCiphertext(w);
    for (const hsmId of w.hsmIds) loseHsm(w.sim.world, w.clusterId, hsmId);
    for (const call of Object.values(cryptoCalls(w.kms, keyId, blob)))
      await expectClientError(call(), 'KMSInvalidStateException');
    await expectStoreAndKeyUntouched(w, keyId);
  });

  it('key store backend: HSMs restored from a backup older than key A → A fails with KMSInvalidStateException, older key B works', async () => {
    const w = await buildConnectedWorld(124);
    const b = await keyWithCiphertext(w);
    await addHsms(w.sim, w.hsm, w.clusterId, [2]); // an HSM added to an active cluster takes a backup (docs/behaviour.md §6.3)
    settleBackups(w.sim);
    const a = await keyWithCiphertext(w);
    for (const hsmId of [...w.sim.world.clusters.get(w.clusterId)!.hsms.keys()])
      loseHsm(w.sim.world, w.clusterId, hsmId);
    await addHsms(w.sim, w.hsm, w.clusterId, [0]);
    const restoredFrom = w.sim.kernel.trace.ofKind('cloudhsm.hsm.state').at(-1)!
      .data.restoredFromBackupId;
    expect(restoredFrom).toEqual(expect.stringMatching(/^backup-/));
    for (const call of Object.values(cryptoCalls(w.kms, a.keyId, a.blob)))
      await expectClientError(call(), 'KMSInvalidStateException');
    await expectStoreAndKeyUntouched(w, a.keyId);
    expect(
      Buffer.from(
        (await w.kms.send(new DecryptCommand({ CiphertextBlob: b.blob }))).Plaintext!,
      ).toString(),
    ).toBe('before');
    expect(await roundTrip(w.kms, b.keyId)).toBe('kmsim');
  });

  it('key store backend: DeleteHsm of the last HSM takes a backup first, so a re-added HSM has every key', async () => {
    const w = await buildConnectedWorld(125);
    const key = await keyWithCiphertext(w);
    for (const hsmId of w.hsmIds)
      await w.hsm.send(new DeleteHsmCommand({ ClusterId: w.clusterId, HsmId: hsmId }));
    w.sim.advanceMs(w.sim.world.timings.hsmDeleteMs);
    settleBackups(w.sim);
    await expectClientError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob })),
      'KMSInvalidStateException',
    );
    await addHsms(w.sim, w.hsm, w.clusterId, [1]);
    expect(
      Buffer.from(
        (await w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob }))).Plaintext!,
      ).toString(),
    ).toBe('before');
  });

  it('key store backend: cluster deleted while CONNECTED → KMSInvalidStateException; store stays CONNECTED', async () => {
    const w = await buildConnectedWorld(126);
    const { keyId, blob } = await keyWithCiphertext(w);
    for (const hsmId of w.hsmIds)
      await w.hsm.send(new DeleteHsmCommand({ ClusterId: w.clusterId, HsmId: hsmId }));
    w.sim.advanceMs(w.sim.world.timings.hsmDeleteMs);
    await w.hsm.send(new DeleteClusterCommand({ ClusterId: w.clusterId }));
    await expectClientError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: blob })),
      'KMSInvalidStateException',
    );
    w.sim.advanceMs(w.sim.world.timings.clusterDeleteMs);
    for (const call of Object.values(cryptoCalls(w.kms, keyId, blob)))
      await expectClientError(call(), 'KMSInvalidStateException');
    await expectStoreAndKeyUntouched(w, keyId);
  });

  it('key store backend: key material deleted from the cluster → KMSInvalidStateException for that key only', async () => {
    const w = await buildConnectedWorld(127);
    const gone = await keyWithCiphertext(w);
    const kept = await keyWithCiphertext(w);
    w.sim.world.clusters
      .get(w.clusterId)!
      .contents!.keys.delete(w.sim.world.keys.get(gone.keyId)!.backingHandle);
    await expectClientError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: gone.blob })),
      'KMSInvalidStateException',
    );
    await expectStoreAndKeyUntouched(w, gone.keyId);
    expect(await roundTrip(w.kms, kept.keyId)).toBe('kmsim');
  });

  it('key store backend: material deleted in the cluster after a backup comes back when HSMs are restored from that backup (docs/behaviour.md §6.4)', async () => {
    const w = await buildConnectedWorld(134);
    const key = await keyWithCiphertext(w);
    await addHsms(w.sim, w.hsm, w.clusterId, [2]);
    settleBackups(w.sim);
    const cluster = w.sim.world.clusters.get(w.clusterId)!;
    cluster.contents!.keys.delete(w.sim.world.keys.get(key.keyId)!.backingHandle);
    await expectClientError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob })),
      'KMSInvalidStateException',
    );
    for (const hsmId of [...cluster.hsms.keys()]) loseHsm(w.sim.world, w.clusterId, hsmId);
    await addHsms(w.sim, w.hsm, w.clusterId, [0]);
    expect(
      Buffer.from(
        (await w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob }))).Plaintext!,
      ).toString(),
    ).toBe('before');
  });

  it('key store backend: the key-state error comes before the backend: a Disabled key under partition → DisabledException', async () => {
    const w = await buildConnectedWorld(128);
    const { keyId, arn } = await keyWithCiphertext(w);
    await w.kms.send(new DisableKeyCommand({ KeyId: keyId }));
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    await expectClientError(
      w.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })),
      'DisabledException',
      `${arn} is disabled.`,
    );
  });

  it('key store backend: DryRun stops before the backend: under partition → DryRunOperationException', async () => {
    const w = await buildConnectedWorld(129);
    const { keyId } = await keyWithCiphertext(w);
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    await expectClientError(
      w.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), DryRun: true })),
      'DryRunOperationException',
      'The request would have succeeded, but the DryRun option is set.',
    );
  });

  it('key store backend: GenerateDataKeyPair on a store key → UnsupportedOperationException', async () => {
    const w = await buildConnectedWorld(130);
    const { keyId } = await keyWithCiphertext(w);
    await expectClientError(
      w.kms.send(new GenerateDataKeyPairCommand({ KeyId: keyId, KeyPairSpec: 'RSA_2048' })),
      'UnsupportedOperationException',
    );
  });
});

describe('key store backend: deleting keys at the end of the waiting period', () => {
  function deletionStatusOf(w: ConnectedWorld, keyId: string): unknown {
    const event = w.sim.kernel.trace.ofKind('kms.key.deleted').find((e) => e.data.keyId === keyId);
    return (event?.data.backingKeys as { deletionStatus: string }[] | undefined)?.map(
      (backing) => backing.deletionStatus,
    );
  }

  it('key store backend: key deleted with the store CONNECTED → backing key removed from the cluster (SUCCESS), backups untouched', async () => {
    const w = await buildConnectedWorld(131);
    const { keyId } = await keyWithCiphertext(w);
    const handle = w.sim.world.keys.get(keyId)!.backingHandle;
    await addHsms(w.sim, w.hsm, w.clusterId, [2]);
    settleBackups(w.sim);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    w.sim.advanceMs(7 * MS_PER_DAY);
    expect(deletionStatusOf(w, keyId)).toEqual(['SUCCESS']);
    expect(w.sim.world.clusters.get(w.clusterId)!.contents!.keys.has(handle)).toBe(false);
    expect(
      [...w.sim.world.backups.values()].some((backup) => backup.contents.keys.has(handle)),
    ).toBe(true);
  });

  it('key store backend: key deleted with the store DISCONNECTED → material orphaned in the cluster (FAILURE)', async () => {
    const w = await buildConnectedWorld(132);
    const { keyId } = await keyWithCiphertext(w);
    const handle = w.sim.world.keys.get(keyId)!.backingHandle;
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    await disconnectAndSettle(w, w.customKeyStoreId);
    w.sim.advanceMs(7 * MS_PER_DAY);
    expect(deletionStatusOf(w, keyId)).toEqual(['FAILURE']);
    expect(w.sim.world.keys.has(keyId)).toBe(false);
    expect(w.sim.world.clusters.get(w.clusterId)!.contents!.keys.has(handle)).toBe(true);
  });

  it('key store backend: key deleted while CONNECTED but partitioned → FAILURE, material orphaned', async () => {
    const w = await buildConnectedWorld(133);
    const { keyId } = await keyWithCiphertext(w);
    const handle = w.sim.world.keys.get(keyId)!.backingHandle;
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 }));
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    w.sim.advanceMs(7 * MS_PER_DAY);
    expect(deletionStatusOf(w, keyId)).toEqual(['FAILURE']);
    expect(w.sim.world.clusters.get(w.clusterId)!.contents!.keys.has(handle)).toBe(true);
  });
});
