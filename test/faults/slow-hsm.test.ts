/**
 * faults/slow-hsm.ts (docs/behaviour.md §5.2, §10: a busy cluster): every request that uses the cluster takes
 * `latencyMs` more virtual time; requests that do not touch the cluster are not slowed; a client
 * whose own timeout is shorter gives up. Heal: normal speed. Latency is waited in virtual time, so
 * these tests run inside a VirtualTimeDriver run.
 */
import { describe, expect, it } from 'vitest';
import {
  CreateKeyCommand,
  DescribeKeyCommand,
  EncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { VirtualTimeDriver } from '../../src/sim/driver.js';
import type { Simulator } from '../../src/simulator.js';
import { buildConnectedWorld } from '../support/connected-store.js';
import { rejectionOf } from '../support/keystore-expect.js';
import { createStoreKey } from '../support/keystore-world.js';

const SLOW_MS = 5_000;

/** Virtual ms one call takes. */
async function timed(sim: Simulator, call: () => Promise<unknown>): Promise<number> {
  const start = sim.nowMs;
  await call();
  return sim.nowMs - start;
}

function encrypt(kms: KMSClient, keyId: string) {
  return () => kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
}

describe('faults: slow-hsm', () => {
  it('faults: slow-hsm: sim.inject → crypto on the cluster takes latencyMs more virtual time, other calls do not; sim.heal → normal speed', async () => {
    const w = await buildConnectedWorld(5801);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const awsKey = (await w.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    await new VirtualTimeDriver(w.sim.kernel).run(async () => {
      expect(await timed(w.sim, encrypt(w.kms, key.KeyId!))).toBeLessThan(SLOW_MS);
      const faultId = w.sim.inject('slow-hsm', { clusterId: w.clusterId, latencyMs: SLOW_MS });
      expect(await timed(w.sim, encrypt(w.kms, key.KeyId!))).toBeGreaterThanOrEqual(SLOW_MS);
      expect(await timed(w.sim, encrypt(w.kms, awsKey))).toBeLessThan(SLOW_MS);
      expect(
        await timed(w.sim, () => w.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId! }))),
      ).toBeLessThan(SLOW_MS);
      w.sim.heal(faultId);
      expect(await timed(w.sim, encrypt(w.kms, key.KeyId!))).toBeLessThan(SLOW_MS);
    });
  });

  it('faults: slow-hsm: inject-fault / heal-fault; a caller whose own timeout (1 s) is shorter than the latency gives up with an AbortError', async () => {
    const w = await buildConnectedWorld(5802);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const injected = w.sim.runAction({
      action: 'inject-fault',
      fault: 'slow-hsm',
      clusterId: w.clusterId,
      latencyMs: SLOW_MS,
    });
    expect(injected).toMatchObject({ ok: true, healable: true });
    await new VirtualTimeDriver(w.sim.kernel).run(async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 1_000);
      const start = w.sim.nowMs;
      const error = await rejectionOf(
        w.kms.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') }), {
          abortSignal: controller.signal,
        }),
      );
      clearTimeout(timer);
      expect(error.name).toBe('AbortError');
      expect(w.sim.nowMs - start).toBe(1_000);
      expect(
        w.sim.runAction({ action: 'heal-fault', fault: 'slow-hsm', clusterId: w.clusterId }),
      ).toMatchObject({ ok: true });
      expect(await timed(w.sim, encrypt(w.kms, key.KeyId!))).toBeLessThan(SLOW_MS);
    });
  });

  it('faults: slow-hsm: latencyMs is required and must be a non-negative number', async () => {
    const w = await buildConnectedWorld(5803);
    expect(() => w.sim.inject('slow-hsm', { clusterId: w.clusterId })).toThrow(
      /'latencyMs' is required/,
    );
    expect(() => w.sim.inject('slow-hsm', { clusterId: w.clusterId, latencyMs: -1 })).toThrow(
      /'latencyMs'/,
    );
    expect(() => w.sim.inject('slow-hsm', { clusterId: w.clusterId, latencyMs: '5s' })).toThrow(
      /'latencyMs'/,
    );
  });
});
