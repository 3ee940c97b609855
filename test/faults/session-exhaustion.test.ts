/**
 * faults/session-exhaustion.ts (docs/behaviour.md §1.6, §4.6, §10 row "Session exhaustion burst", RB-4): no free
 * PKCS#11 session → cryptographic requests fail with KMSInternalException (HTTP 500, server fault),
 * which the SDK retries with backoff; `count` limits how many requests fail. The store and key do not
 * change state. Heal: sessions are free again.
 */
import { describe, expect, it } from 'vitest';
import { DecryptCommand, DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { VirtualTimeDriver } from '../../src/sim/driver.js';
import { createKmsClient } from '../../src/transport/sdk-clients.js';
import { buildConnectedWorld } from '../support/connected-store.js';
import { rejectionOf, type SdkError } from '../support/keystore-expect.js';
import {
  apiCalls,
  createStoreKey,
  keyState,
  roundTrip,
  storeEntry,
} from '../support/keystore-world.js';

function expectSessionError(error: SdkError, clusterId: string): void {
  expect({
    name: error.name,
    status: error.$metadata?.httpStatusCode,
    fault: error.$fault,
  }).toEqual({ name: 'KMSInternalException', status: 500, fault: 'server' });
  expect(error.message).toContain('PKCS#11 session');
  expect(error.message).toContain(clusterId);
}

describe('faults: session-exhaustion', () => {
  it('faults: session-exhaustion: sim.inject (no count) → every crypto call KMSInternalException 500 until sim.heal; DescribeKey, store and key unaffected', async () => {
    const w = await buildConnectedWorld(5901);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const blob = (
      await w.kms.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('before') }))
    ).CiphertextBlob!;
    const faultId = w.sim.inject('session-exhaustion', { clusterId: w.clusterId });
    for (let call = 0; call < 3; call++) {
      expectSessionError(
        await rejectionOf(
          w.kms.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') })),
        ),
        w.clusterId,
      );
    }
    expectSessionError(
      await rejectionOf(w.kms.send(new DecryptCommand({ CiphertextBlob: blob }))),
      w.clusterId,
    );
    expect(
      (await w.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId! }))).KeyMetadata!.KeyState,
    ).toBe('Enabled');
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    w.sim.heal(faultId);
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
  });

  it('faults: session-exhaustion: inject-fault with count 2 → a maxAttempts 3 client succeeds on its third attempt after backoff in virtual time; a maxAttempts 1 client would have failed', async () => {
    const w = await buildConnectedWorld(5902);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const retrying = createKmsClient(w.sim, { retryMode: 'standard', maxAttempts: 3 });
    expect(
      w.sim.runAction({
        action: 'inject-fault',
        fault: 'session-exhaustion',
        clusterId: w.clusterId,
        count: 2,
      }),
    ).toMatchObject({ ok: true, healable: true });
    await new VirtualTimeDriver(w.sim.kernel).run(async () => {
      const start = w.sim.nowMs;
      const before = apiCalls(w.sim, 'Encrypt');
      const out = await retrying.send(
        new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') }),
      );
      expect(out.$metadata.attempts).toBe(3);
      expect(apiCalls(w.sim, 'Encrypt') - before).toBe(3);
      expect(w.sim.nowMs).toBeGreaterThan(start);
    });
    // The count is used up: the weak client is fine now, and sees the error on a new burst.
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    w.sim.runAction({
      action: 'inject-fault',
      fault: 'session-exhaustion',
      clusterId: w.clusterId,
      count: 1,
    });
    expectSessionError(
      await rejectionOf(
        w.kms.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') })),
      ),
      w.clusterId,
    );
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    expect(await keyState(w.kms, key.KeyId!)).toBe('Enabled');
  });

  it('faults: session-exhaustion: heal-fault by name ends an unbounded burst; a bad count is refused naming count', async () => {
    const w = await buildConnectedWorld(5903);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    w.sim.runAction({
      action: 'inject-fault',
      fault: 'session-exhaustion',
      clusterId: w.clusterId,
    });
    expectSessionError(
      await rejectionOf(
        w.kms.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') })),
      ),
      w.clusterId,
    );
    expect(w.sim.runAction({ action: 'heal-fault', fault: 'session-exhaustion' })).toMatchObject({
      ok: true,
    });
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    expect(() => w.sim.inject('session-exhaustion', { clusterId: w.clusterId, count: -1 })).toThrow(
      /'count'/,
    );
  });
});
