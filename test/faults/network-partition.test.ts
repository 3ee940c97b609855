/**
 * faults/network-partition.ts (docs/behaviour.md §4.6, §10 rows "Network partition KMS↔cluster" and "Partition
 * during a connect", RB-3 NETWORK_ERRORS, RB-4): while CONNECTED, crypto → KMSInvalidStateException
 * `KMS cannot communicate with your CloudHSM cluster` (400, not retried) and nothing changes state;
 * a connect during the partition ends FAILED / NETWORK_ERRORS. Heal: the path returns.
 */
import { describe, expect, it } from 'vitest';
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
} from '@aws-sdk/client-kms';
import type { Simulator } from '../../src/simulator.js';
import { createKmsClient } from '../../src/transport/sdk-clients.js';
import { buildConnectedWorld } from '../support/connected-store.js';
import { expectClientError } from '../support/keystore-expect.js';
import {
  apiCalls,
  connectAndSettle,
  createStoreKey,
  disconnectAndSettle,
  keyState,
  roundTrip,
  storeEntry,
} from '../support/keystore-world.js';

const UNREACHABLE = 'KMS cannot communicate with your CloudHSM cluster';

function injectByAction(sim: Simulator, fault: string, params: Record<string, unknown>): string {
  const result = sim.runAction({ action: 'inject-fault', fault, ...params });
  expect(result).toMatchObject({ ok: true, healable: true });
  return String((result as { faultId?: unknown }).faultId);
}

describe('faults: network-partition', () => {
  it('faults: network-partition: sim.inject while CONNECTED → every crypto call KMSInvalidStateException with the spec message, 1 attempt even with maxAttempts 3; store and key unchanged; sim.heal → works', async () => {
    const w = await buildConnectedWorld(5201);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const blob = (
      await w.kms.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('before') }))
    ).CiphertextBlob!;
    const retrying = createKmsClient(w.sim, { maxAttempts: 3 });
    const faultId = w.sim.inject('network-partition', { clusterId: w.clusterId });
    const encryptsBefore = apiCalls(w.sim, 'Encrypt');
    const error = await expectClientError(
      retrying.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      UNREACHABLE,
    );
    expect(error.$metadata?.attempts).toBe(1);
    expect(apiCalls(w.sim, 'Encrypt') - encryptsBefore).toBe(1);
    await expectClientError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: blob })),
      'KMSInvalidStateException',
      UNREACHABLE,
    );
    await expectClientError(
      w.kms.send(new GenerateDataKeyCommand({ KeyId: key.KeyId!, KeySpec: 'AES_256' })),
      'KMSInvalidStateException',
      UNREACHABLE,
    );
    // Metadata does not need the cluster.
    expect(
      (await w.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId! }))).KeyMetadata!.KeyState,
    ).toBe('Enabled');
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    w.sim.heal(faultId);
    expect(
      Buffer.from(
        (await retrying.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!,
      ).toString(),
    ).toBe('before');
    expect(await roundTrip(retrying, key.KeyId!)).toBe('kmsim');
  });

  it('faults: network-partition: inject-fault during a connect → FAILED / NETWORK_ERRORS; heal-fault alone leaves it FAILED; disconnect + connect → CONNECTED (RB-3)', async () => {
    const w = await buildConnectedWorld(5202);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    await disconnectAndSettle(w, w.customKeyStoreId);
    const faultId = injectByAction(w.sim, 'network-partition', { clusterId: w.clusterId });
    const failed = await connectAndSettle(w, w.customKeyStoreId);
    expect({ state: failed.ConnectionState, code: failed.ConnectionErrorCode }).toEqual({
      state: 'FAILED',
      code: 'NETWORK_ERRORS',
    });
    expect(await keyState(w.kms, key.KeyId!)).toBe('Unavailable');
    await expectClientError(
      w.kms.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      `${key.Arn} is unavailable.`,
    );
    expect(w.sim.runAction({ action: 'heal-fault', faultId })).toEqual({ ok: true, faultId });
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('FAILED');
    await disconnectAndSettle(w, w.customKeyStoreId);
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
  });

  it('faults: network-partition: heal-fault by name and cluster; an unknown cluster is refused naming clusterId; a second heal finds nothing', async () => {
    const w = await buildConnectedWorld(5203);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    injectByAction(w.sim, 'network-partition', { clusterId: w.clusterId });
    await expectClientError(
      w.kms.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
      UNREACHABLE,
    );
    expect(
      w.sim.runAction({ action: 'heal-fault', fault: 'network-partition', clusterId: w.clusterId }),
    ).toMatchObject({ ok: true });
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    expect(w.sim.runAction({ action: 'heal-fault', fault: 'network-partition' })).toMatchObject({
      ok: false,
      message: expect.stringContaining("'fault'"),
    });
    expect(() => w.sim.inject('network-partition', { clusterId: 'cluster-nosuchclust' })).toThrow(
      /'clusterId'/,
    );
  });
});
