/**
 * faults/hsm-loss.ts (docs/behaviour.md §4.4, §6.4, §10 rows "Lose one of several HSMs", "Lose all HSMs" and
 * "Re-add HSM after total loss"): losing one HSM of two changes nothing for crypto but CreateKey →
 * CloudHsmClusterInvalidConfigurationException; losing all makes crypto fail with
 * KMSInvalidStateException while the store stays CONNECTED, and a new connect ends FAILED /
 * INSUFFICIENT_CLOUDHSM_HSMS. Heal recreates HSMs in the lost AZs; the first HSM of an emptied
 * cluster restores the newest READY backup, so keys made after it have no material.
 */
import { describe, expect, it } from 'vitest';
import { DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import { CreateKeyCommand, DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import type { Simulator } from '../../src/simulator.js';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { expectClientError } from '../support/keystore-expect.js';
import {
  addHsms,
  connectAndSettle,
  createStoreKey,
  disconnectAndSettle,
  keyState,
  roundTrip,
  settleBackups,
  storeEntry,
} from '../support/keystore-world.js';

function injectByAction(sim: Simulator, fault: string, params: Record<string, unknown>): string {
  const result = sim.runAction({ action: 'inject-fault', fault, ...params });
  expect(result).toMatchObject({ ok: true, healable: true });
  return String((result as { faultId?: unknown }).faultId);
}

async function hsmsOf(w: ConnectedWorld): Promise<{ id: string; az: string; state: string }[]> {
  const out = await w.hsm.send(
    new DescribeClustersCommand({ Filters: { clusterIds: [w.clusterId] } }),
  );
  return (out.Clusters![0]!.Hsms ?? []).map((hsm) => ({
    id: hsm.HsmId!,
    az: hsm.AvailabilityZone!,
    state: hsm.State!,
  }));
}

async function keyWithCiphertext(w: ConnectedWorld) {
  const key = await createStoreKey(w.kms, w.customKeyStoreId);
  const sealed = await w.kms.send(
    new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('before') }),
  );
  return { keyId: key.KeyId!, arn: key.Arn!, blob: sealed.CiphertextBlob! };
}

async function decrypts(w: ConnectedWorld, blob: Uint8Array): Promise<string> {
  return Buffer.from(
    (await w.kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!,
  ).toString();
}

function hsmCreated(sim: Simulator): void {
  sim.advanceMs(sim.world.timings.hsmCreateMs);
}

describe('faults: hsm-loss', () => {
  it('faults: hsm-loss: sim.inject (the first active HSM) → crypto unaffected, CreateKey → CloudHsmClusterInvalidConfigurationException; sim.heal → replacement in the same AZ, CreateKey works once ACTIVE', async () => {
    const w = await buildConnectedWorld(5301);
    const key = await keyWithCiphertext(w);
    const [lost, kept] = await hsmsOf(w);
    const faultId = w.sim.inject('hsm-loss', { clusterId: w.clusterId });
    expect(await hsmsOf(w)).toEqual([kept]);
    expect(await decrypts(w, key.blob)).toBe('before');
    expect(await roundTrip(w.kms, key.keyId)).toBe('kmsim');
    await expectClientError(
      w.kms.send(
        new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: w.customKeyStoreId }),
      ),
      'CloudHsmClusterInvalidConfigurationException',
    );
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    w.sim.heal(faultId);
    const replaced = await hsmsOf(w);
    expect(replaced.map((hsm) => [hsm.az, hsm.state])).toEqual([
      [kept!.az, 'ACTIVE'],
      [lost!.az, 'CREATE_IN_PROGRESS'],
    ]);
    expect(replaced[1]!.id).not.toBe(lost!.id);
    hsmCreated(w.sim);
    const created = await keyWithCiphertext(w);
    expect(await decrypts(w, created.blob)).toBe('before');
    expect(await decrypts(w, key.blob)).toBe('before');
  });

  it('faults: hsm-loss: inject-fault naming an hsmId loses that HSM; heal-fault by name; a missing hsmId or a cluster without HSMs is refused', async () => {
    const w = await buildConnectedWorld(5302);
    const key = await keyWithCiphertext(w);
    const [first, second] = await hsmsOf(w);
    injectByAction(w.sim, 'hsm-loss', { clusterId: w.clusterId, hsmId: second!.id });
    expect(await hsmsOf(w)).toEqual([first]);
    expect(await decrypts(w, key.blob)).toBe('before');
    expect(
      w.sim.runAction({
        action: 'inject-fault',
        fault: 'hsm-loss',
        clusterId: w.clusterId,
        hsmId: 'hsm-nosuchhsm01',
      }),
    ).toMatchObject({ ok: false, message: expect.stringContaining("'hsmId'") });
    expect(w.sim.runAction({ action: 'heal-fault', fault: 'hsm-loss' })).toMatchObject({
      ok: true,
    });
    hsmCreated(w.sim);
    expect((await hsmsOf(w)).map((hsm) => hsm.state)).toEqual(['ACTIVE', 'ACTIVE']);
    expect((await keyWithCiphertext(w)).keyId).toMatch(/^[0-9a-f-]{36}$/);
    w.sim.inject('all-hsms-loss', { clusterId: w.clusterId });
    expect(() => w.sim.inject('hsm-loss', { clusterId: w.clusterId })).toThrow(
      /'clusterId'.*no active HSM/,
    );
  });
});

describe('faults: all-hsms-loss', () => {
  it('faults: all-hsms-loss: sim.inject → KMSInvalidStateException, store CONNECTED, key Enabled; sim.heal → HSMs back from the newest backup: a key older than it works, a newer one has no material', async () => {
    const w = await buildConnectedWorld(5311);
    const older = await keyWithCiphertext(w);
    await addHsms(w.sim, w.hsm, w.clusterId, [2]); // ACTIVE beside the others: a backup holding `older`
    settleBackups(w.sim);
    const newer = await keyWithCiphertext(w);
    const faultId = w.sim.inject('all-hsms-loss', { clusterId: w.clusterId });
    expect(await hsmsOf(w)).toEqual([]);
    for (const key of [older, newer]) {
      await expectClientError(
        w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob })),
        'KMSInvalidStateException',
      );
      await expectClientError(
        w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') })),
        'KMSInvalidStateException',
      );
      expect(await keyState(w.kms, key.keyId)).toBe('Enabled');
    }
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    w.sim.heal(faultId);
    expect((await hsmsOf(w)).map((hsm) => hsm.state)).toEqual([
      'CREATE_IN_PROGRESS',
      'CREATE_IN_PROGRESS',
      'CREATE_IN_PROGRESS',
    ]);
    hsmCreated(w.sim);
    expect(await decrypts(w, older.blob)).toBe('before');
    expect(await roundTrip(w.kms, older.keyId)).toBe('kmsim');
    await expectClientError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: newer.blob })),
      'KMSInvalidStateException',
    );
    await expectClientError(
      w.kms.send(new EncryptCommand({ KeyId: newer.keyId, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
    );
    expect(await keyState(w.kms, newer.keyId)).toBe('Enabled');
  });

  it('faults: all-hsms-loss: inject-fault, then a fresh connect → FAILED / INSUFFICIENT_CLOUDHSM_HSMS; heal-fault; disconnect + connect → CONNECTED (RB-3)', async () => {
    const w = await buildConnectedWorld(5312);
    const key = await keyWithCiphertext(w);
    await addHsms(w.sim, w.hsm, w.clusterId, [2]);
    settleBackups(w.sim);
    const faultId = injectByAction(w.sim, 'all-hsms-loss', { clusterId: w.clusterId });
    await disconnectAndSettle(w, w.customKeyStoreId);
    const failed = await connectAndSettle(w, w.customKeyStoreId);
    expect({ state: failed.ConnectionState, code: failed.ConnectionErrorCode }).toEqual({
      state: 'FAILED',
      code: 'INSUFFICIENT_CLOUDHSM_HSMS',
    });
    expect(w.sim.runAction({ action: 'heal-fault', faultId })).toEqual({ ok: true, faultId });
    hsmCreated(w.sim);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('FAILED');
    await disconnectAndSettle(w, w.customKeyStoreId);
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    expect(await decrypts(w, key.blob)).toBe('before');
  });

  it('faults: all-hsms-loss: a cluster with no HSM left is refused naming clusterId', async () => {
    const w = await buildConnectedWorld(5313);
    w.sim.inject('all-hsms-loss', { clusterId: w.clusterId });
    expect(
      w.sim.runAction({ action: 'inject-fault', fault: 'all-hsms-loss', clusterId: w.clusterId }),
    ).toMatchObject({ ok: false, message: expect.stringContaining("'clusterId'") });
  });
});
