/**
 * faults/cluster-busy.ts (docs/behaviour.md §5.2): unrelated work takes HSM capacity, so the store throttles
 * below its 1,800 rps quota and HSM queueing latency rises. Heal: full capacity again.
 */
import { describe, expect, it } from 'vitest';
import { EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { buildConnectedWorld } from '../support/connected-store.js';
import { createStoreKey } from '../support/keystore-world.js';

/** Fires `count` Encrypts in one virtual instant and counts the ThrottlingExceptions. */
async function throttledOf(kms: KMSClient, keyId: string, count: number): Promise<number> {
  let throttled = 0;
  for (let i = 0; i < count; i++) {
    try {
      await kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
    } catch (error) {
      if ((error as Error).name === 'ThrottlingException') throttled++;
      else throw error;
    }
  }
  return throttled;
}

describe('faults: cluster-busy', () => {
  it('faults: cluster-busy: 3,900 rps of unrelated work on 2 HSMs × 2,000 ops/s leaves 100 rps for the store; heal → 1,800 again', async () => {
    const w = await buildConnectedWorld(5901);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    w.sim.advanceMs(1000);
    expect(await throttledOf(w.kms, key.KeyId!, 150)).toBe(0);
    const faultId = w.sim.inject('cluster-busy', { clusterId: w.clusterId, rps: 3_900 });
    w.sim.advanceMs(1000);
    expect(await throttledOf(w.kms, key.KeyId!, 150)).toBe(50);
    w.sim.heal(faultId);
    w.sim.advanceMs(1000);
    expect(await throttledOf(w.kms, key.KeyId!, 150)).toBe(0);
  });

  it('faults: cluster-busy over /_sim/actions: inject-fault and heal-fault by name; a bad rps is named', async () => {
    const w = await buildConnectedWorld(5902);
    const injected = w.sim.runAction({
      action: 'inject-fault',
      fault: 'cluster-busy',
      clusterId: w.clusterId,
      rps: 1_000,
    });
    expect(injected).toMatchObject({ ok: true, healable: true });
    expect(w.sim.world.capacityOf(w.clusterId).unrelatedLoadRps).toBe(1_000);
    expect(
      w.sim.runAction({ action: 'heal-fault', fault: 'cluster-busy', clusterId: w.clusterId }),
    ).toMatchObject({ ok: true });
    expect(w.sim.world.capacityOf(w.clusterId).unrelatedLoadRps).toBe(0);
    const bad = w.sim.runAction({
      action: 'inject-fault',
      fault: 'cluster-busy',
      clusterId: w.clusterId,
      rps: 'lots',
    });
    expect(bad).toEqual({
      ok: false,
      message: "field 'rps' of fault 'cluster-busy' must be a non-negative number",
    });
  });
});
