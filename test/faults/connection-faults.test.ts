/**
 * faults/connection-reset.ts and connection-timeout.ts, scoped by rule-scope.ts (docs/behaviour.md §1.6): the
 * connection between the application and the endpoint is reset (ECONNRESET) or times out; the SDK
 * classifies both as transient and retries. Scoped by service, operations, count and duration.
 * Heal: the rule is removed. Retries and timeouts wait in virtual time, so the retrying cases run
 * inside a VirtualTimeDriver run.
 */
import { describe, expect, it } from 'vitest';
import { DescribeClustersCommand } from '@aws-sdk/client-cloudhsm-v2';
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { VirtualTimeDriver } from '../../src/sim/driver.js';
import { createKmsClient } from '../../src/transport/sdk-clients.js';
import { buildConnectedWorld } from '../support/connected-store.js';
import { rejectionOf } from '../support/keystore-expect.js';
import { createStoreKey, roundTrip } from '../support/keystore-world.js';

function encrypt(kms: KMSClient, keyId: string) {
  return kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
}

/** What the pinned node handler raises on a reset socket: Node's error, renamed TimeoutError. */
async function expectReset(call: Promise<unknown>): Promise<void> {
  const error = (await rejectionOf(call)) as Error & { code?: string };
  expect({ name: error.name, message: error.message, code: error.code }).toEqual({
    name: 'TimeoutError',
    message: 'read ECONNRESET',
    code: 'ECONNRESET',
  });
}

describe('faults: connection-reset', () => {
  it('faults: connection-reset: sim.inject (unbounded) → every request is reset, KMS and CloudHSM alike; sim.heal → works', async () => {
    const w = await buildConnectedWorld(6001);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const faultId = w.sim.inject('connection-reset', {});
    await expectReset(encrypt(w.kms, key.KeyId!));
    await expectReset(w.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId! })));
    await expectReset(w.hsm.send(new DescribeClustersCommand({})));
    w.sim.heal(faultId);
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    expect((await w.hsm.send(new DescribeClustersCommand({}))).Clusters).toHaveLength(1);
  });

  it('faults: connection-reset: inject-fault with count 2 → a maxAttempts 3 client succeeds on attempt 3 (retried in virtual time), a maxAttempts 1 client fails once', async () => {
    const w = await buildConnectedWorld(6002);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const retrying = createKmsClient(w.sim, { maxAttempts: 3 });
    expect(
      w.sim.runAction({
        action: 'inject-fault',
        fault: 'connection-reset',
        service: 'kms',
        count: 2,
      }),
    ).toMatchObject({ ok: true, healable: true });
    await new VirtualTimeDriver(w.sim.kernel).run(async () => {
      expect((await encrypt(retrying, key.KeyId!)).$metadata.attempts).toBe(3);
    });
    w.sim.runAction({
      action: 'inject-fault',
      fault: 'connection-reset',
      service: 'kms',
      count: 1,
    });
    await expectReset(encrypt(w.kms, key.KeyId!));
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
  });

  it('faults: connection-reset: scoped to operations and service; a duration ends it in virtual time; heal-fault by name', async () => {
    const w = await buildConnectedWorld(6003);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const blob = (await encrypt(w.kms, key.KeyId!)).CiphertextBlob!;
    w.sim.runAction({
      action: 'inject-fault',
      fault: 'connection-reset',
      service: 'kms',
      operations: ['Encrypt'],
    });
    await expectReset(encrypt(w.kms, key.KeyId!));
    expect((await w.kms.send(new DecryptCommand({ CiphertextBlob: blob }))).KeyId).toBe(key.Arn);
    expect((await w.hsm.send(new DescribeClustersCommand({}))).Clusters).toHaveLength(1);
    expect(w.sim.runAction({ action: 'heal-fault', fault: 'connection-reset' })).toMatchObject({
      ok: true,
    });
    w.sim.inject('connection-reset', { service: 'cloudhsmv2', durationMs: 60_000 });
    expect((await encrypt(w.kms, key.KeyId!)).KeyId).toBe(key.Arn);
    await expectReset(w.hsm.send(new DescribeClustersCommand({})));
    w.sim.advanceMs(60_000);
    expect((await w.hsm.send(new DescribeClustersCommand({}))).Clusters).toHaveLength(1);
  });
});

describe('faults: connection-timeout', () => {
  it('faults: connection-timeout: sim.inject → a maxAttempts 1 client fails with TimeoutError after timeoutMs of virtual time; sim.heal → answers at once', async () => {
    const w = await buildConnectedWorld(6011);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const faultId = w.sim.inject('connection-timeout', { service: 'kms', timeoutMs: 7_000 });
    await new VirtualTimeDriver(w.sim.kernel).run(async () => {
      const start = w.sim.nowMs;
      const error = await rejectionOf(encrypt(w.kms, key.KeyId!));
      expect(error.name).toBe('TimeoutError');
      expect(w.sim.nowMs - start).toBe(7_000);
      w.sim.heal(faultId);
      const healedAt = w.sim.nowMs;
      await encrypt(w.kms, key.KeyId!);
      expect(w.sim.nowMs - healedAt).toBeLessThan(7_000);
    });
  });

  it('faults: connection-timeout: inject-fault with count 1 and the default 30 s → a retrying client succeeds on attempt 2 after 30 s of virtual time; heal-fault of a used-up rule still succeeds', async () => {
    const w = await buildConnectedWorld(6012);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const retrying = createKmsClient(w.sim, { maxAttempts: 3 });
    const injected = w.sim.runAction({
      action: 'inject-fault',
      fault: 'connection-timeout',
      service: 'kms',
      operations: ['Encrypt'],
      count: 1,
    });
    expect(injected).toMatchObject({ ok: true, healable: true });
    await new VirtualTimeDriver(w.sim.kernel).run(async () => {
      const start = w.sim.nowMs;
      const out = await encrypt(retrying, key.KeyId!);
      expect(out.$metadata.attempts).toBe(2);
      expect(w.sim.nowMs - start).toBeGreaterThanOrEqual(30_000);
    });
    expect(
      w.sim.runAction({
        action: 'heal-fault',
        faultId: (injected as { faultId?: unknown }).faultId,
      }),
    ).toMatchObject({ ok: true });
  });

  it('faults: connection faults: bad scope parameters are refused naming the field', async () => {
    const w = await buildConnectedWorld(6013);
    expect(() => w.sim.inject('connection-reset', { operations: 'Encrypt' })).toThrow(
      /'operations'/,
    );
    expect(() => w.sim.inject('connection-timeout', { timeoutMs: 'soon' })).toThrow(/'timeoutMs'/);
    expect(() => w.sim.inject('connection-reset', { hsmId: 'x' })).toThrow(
      /'hsmId' is not a parameter/,
    );
    // Bounds and closed sets the fault declares (faults/rule-scope.ts).
    expect(() => w.sim.inject('connection-reset', { count: 0 })).toThrow(
      "inject connection-reset: field 'count' of fault 'connection-reset' must be a whole number of at least 1, got 0",
    );
    expect(() => w.sim.inject('connection-reset', { count: 1.5 })).toThrow(/whole number/);
    expect(() => w.sim.inject('connection-reset', { service: 'sts' })).toThrow(
      'inject connection-reset: field \'service\' must be kms or cloudhsmv2 (omit it for both), got "sts"',
    );
  });

  it('faults: connection faults: a service or operation no request can have is refused, not injected as a rule that never matches (issue 11 §7)', async () => {
    const w = await buildConnectedWorld(6014);
    for (const fault of ['connection-reset', 'connection-timeout']) {
      for (const [params, field] of [
        [{ service: 'bogus' }, 'service'],
        [{ service: 'KMS' }, 'service'],
        [{ service: 'kms', operations: ['Encrpyt'] }, 'operations'],
        [{ service: 'cloudhsmv2', operations: ['Encrypt'] }, 'operations'],
        [{ operations: [] }, 'operations'],
      ] as const) {
        const result = w.sim.runAction({ action: 'inject-fault', fault, ...params });
        expect(result, `${fault} ${JSON.stringify(params)}`).toMatchObject({ ok: false });
        expect((result as { message: string }).message).toMatch(new RegExp(`^field '${field}' `));
      }
    }
    expect(
      w.sim.runAction({
        action: 'inject-fault',
        fault: 'force-error',
        exception: 'KMSInternalException',
        operations: ['DescribeClusters'],
      }),
    ).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^field 'operations' 'DescribeClusters' is not an operation of kms/,
      ),
    });
    // Nothing was injected by the refused calls: the connection still works.
    expect(w.sim.faults.list()).toEqual([]);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    // Every real service and operation is still accepted.
    for (const params of [
      { service: 'kms' },
      { service: 'cloudhsmv2', operations: ['DescribeClusters', 'CreateHsm'] },
      { operations: ['Encrypt', 'DescribeBackups'] },
    ]) {
      const result = w.sim.runAction({
        action: 'inject-fault',
        fault: 'connection-reset',
        ...params,
      });
      expect(result, JSON.stringify(params)).toMatchObject({ ok: true });
      w.sim.heal((result as unknown as { faultId: string }).faultId);
    }
  });
});
