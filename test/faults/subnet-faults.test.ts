/**
 * faults/subnet-missing.ts and subnet-full.ts (docs/behaviour.md §4.2, §4.3, RB-3 rows SUBNET_NOT_FOUND and
 * INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET): KMS meets a cluster's subnets when it creates its ENIs at
 * connect. A connected store is not affected; the next connect ends FAILED with SUBNET_NOT_FOUND or
 * INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET. Heal: the subnet exists again / has addresses again.
 */
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../../src/simulator.js';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import {
  connectAndSettle,
  createStoreKey,
  disconnectAndSettle,
  roundTrip,
} from '../support/keystore-world.js';

function injectByAction(sim: Simulator, fault: string, params: Record<string, unknown>): string {
  const result = sim.runAction({ action: 'inject-fault', fault, ...params });
  expect(result).toMatchObject({ ok: true, healable: true });
  return String((result as { faultId?: unknown }).faultId);
}

/** One of the cluster's subnets. */
function clusterSubnet(w: ConnectedWorld): string {
  return [...w.sim.world.clusters.get(w.clusterId)!.subnetMapping.values()][1]!;
}

async function reconnect(w: ConnectedWorld): Promise<string> {
  await disconnectAndSettle(w, w.customKeyStoreId);
  const entry = await connectAndSettle(w, w.customKeyStoreId);
  return entry.ConnectionErrorCode
    ? `${entry.ConnectionState}/${entry.ConnectionErrorCode}`
    : entry.ConnectionState!;
}

const CASES = [
  { fault: 'subnet-missing', code: 'SUBNET_NOT_FOUND' },
  { fault: 'subnet-full', code: 'INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET' },
] as const;

describe('faults: subnet faults', () => {
  it.each(CASES)(
    'faults: $fault: sim.inject → a CONNECTED store keeps working; injected while disconnected → connect FAILED/$code; sim.heal → reconnect CONNECTED',
    async ({ fault, code }) => {
      const w = await buildConnectedWorld(`5701-${fault}`);
      const key = await createStoreKey(w.kms, w.customKeyStoreId);
      const whileConnected = w.sim.inject(fault, { subnetId: clusterSubnet(w) });
      expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
      w.sim.heal(whileConnected);
      // Inject after the disconnect: a disconnect frees the address KMS's own ENI held.
      await disconnectAndSettle(w, w.customKeyStoreId);
      const faultId = w.sim.inject(fault, { subnetId: clusterSubnet(w) });
      const failed = await connectAndSettle(w, w.customKeyStoreId);
      expect(`${failed.ConnectionState}/${failed.ConnectionErrorCode}`).toBe(`FAILED/${code}`);
      w.sim.heal(faultId);
      expect(await reconnect(w)).toBe('CONNECTED');
      expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    },
  );

  it.each(CASES)(
    'faults: $fault: inject-fault / heal-fault by id → FAILED/$code, then CONNECTED',
    async ({ fault, code }) => {
      const w = await buildConnectedWorld(`5702-${fault}`);
      await disconnectAndSettle(w, w.customKeyStoreId);
      const faultId = injectByAction(w.sim, fault, { subnetId: clusterSubnet(w) });
      const failed = await connectAndSettle(w, w.customKeyStoreId);
      expect(`${failed.ConnectionState}/${failed.ConnectionErrorCode}`).toBe(`FAILED/${code}`);
      expect(w.sim.runAction({ action: 'heal-fault', faultId })).toEqual({ ok: true, faultId });
      expect(await reconnect(w)).toBe('CONNECTED');
    },
  );

  it('faults: subnet faults: an unknown subnet is refused naming subnetId', async () => {
    const w = await buildConnectedWorld(5703);
    for (const { fault } of CASES) {
      expect(() => w.sim.inject(fault, { subnetId: 'subnet-0000000000000000' })).toThrow(
        /'subnetId'/,
      );
    }
  });
});
