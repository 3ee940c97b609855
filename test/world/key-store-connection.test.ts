/**
 * The connection state machine at the world level (src/world/key-store-connection.ts; docs/behaviour.md §4.2,
 * §4.3): which ConnectionErrorCode wins when several things are wrong, and what a connect changes.
 */
import { ADDRESSES_PER_SUBNET, freeAddresses } from '../../src/world/network.js';
import { describe, expect, it } from 'vitest';
import { KMSUSER } from '../../src/world/crypto-user.js';
import { connectKeyStore, disconnectKeyStore } from '../../src/world/key-store-connection.js';
import { loseHsm } from '../../src/world/hsm-lifecycle.js';
import { KMSUSER_PASSWORD } from '../support/connected-store.js';
import { directStoreWorld, must } from '../support/keystore-direct.js';

function failWith(w: ReturnType<typeof directStoreWorld>): string | undefined {
  must(connectKeyStore(w.world, w.store.customKeyStoreId));
  w.sim.advanceMs(w.world.timings.connectMs);
  expect(w.store.connectionState).toBe('FAILED');
  return w.store.connectionErrorCode;
}

describe('world: key store connection', () => {
  it('world: connect: a successful connect rotates kmsuser’s password and records CONNECTED', () => {
    const w = directStoreWorld(621);
    expect(w.store.connectionState).toBe('CONNECTED');
    const user = w.cluster.contents!.users.get(KMSUSER)!;
    expect(user.password).not.toBe(KMSUSER_PASSWORD);
    expect(user.password).toBe(w.store.kmsuserPassword);
    expect(
      w.sim.kernel.trace.ofKind('kms.key-store.connection').map((event) => event.data.state),
    ).toEqual(['CONNECTING', 'CONNECTED']);
  });

  it('world: connect: precedence — a partition is reported before subnet, HSM and user problems', () => {
    const w = directStoreWorld(622, false);
    w.world.network.partitionedClusters.add(w.cluster.clusterId);
    w.world.network.subnet([...w.cluster.subnetMapping.values()][0]!)!.deleted = true;
    w.cluster.contents!.users.delete(KMSUSER);
    expect(failWith(w)).toBe('NETWORK_ERRORS');
  });

  it('world: connect: precedence — a deleted subnet before a full one, and both before missing HSMs', () => {
    const w = directStoreWorld(623, false);
    const [a, b] = [...w.cluster.subnetMapping.values()].map((id) => w.world.network.subnet(id)!);
    a!.heldElsewhere = ADDRESSES_PER_SUBNET;
    b!.deleted = true;
    for (const hsmId of [...w.cluster.hsms.keys()]) loseHsm(w.world, w.cluster.clusterId, hsmId);
    expect(failWith(w)).toBe('SUBNET_NOT_FOUND');
  });

  it('world: connect: a failed login counts towards lockout; one success resets the count', () => {
    const w = directStoreWorld(624, false);
    w.store.kmsuserPassword = 'stale-Pass1';
    expect(failWith(w)).toBe('INVALID_CREDENTIALS');
    expect(w.cluster.contents!.users.get(KMSUSER)!.failedLogins).toBe(1);
    must(disconnectKeyStore(w.world, w.store.customKeyStoreId));
    w.sim.advanceMs(w.world.timings.disconnectMs);
    w.store.kmsuserPassword = KMSUSER_PASSWORD;
    must(connectKeyStore(w.world, w.store.customKeyStoreId));
    w.sim.advanceMs(w.world.timings.connectMs);
    expect(w.store.connectionState).toBe('CONNECTED');
    expect(w.cluster.contents!.users.get(KMSUSER)!.failedLogins).toBe(0);
  });

  it('world: connect: a failed connect creates no ENIs and takes no subnet address', () => {
    const w = directStoreWorld(625, false);
    const free = [...w.cluster.subnetMapping.values()].map((id) =>
      freeAddresses(w.world.network.subnet(id)!),
    );
    w.cluster.contents!.users.delete(KMSUSER);
    expect(failWith(w)).toBe('USER_NOT_FOUND');
    expect(w.store.enis).toEqual([]);
    expect(
      [...w.cluster.subnetMapping.values()].map((id) => freeAddresses(w.world.network.subnet(id)!)),
    ).toEqual(free);
  });

  it('world: disconnect: from FAILED clears the error code; from CONNECTING cancels the pending connect', () => {
    const w = directStoreWorld(626, false);
    w.world.network.partitionedClusters.add(w.cluster.clusterId);
    failWith(w);
    must(disconnectKeyStore(w.world, w.store.customKeyStoreId));
    expect([w.store.connectionState, w.store.connectionErrorCode]).toEqual([
      'DISCONNECTING',
      undefined,
    ]);
    w.sim.advanceMs(w.world.timings.disconnectMs);
    w.world.network.partitionedClusters.delete(w.cluster.clusterId);
    must(connectKeyStore(w.world, w.store.customKeyStoreId));
    must(disconnectKeyStore(w.world, w.store.customKeyStoreId));
    w.sim.advanceMs(w.world.timings.connectMs);
    expect(w.store.connectionState).toBe('DISCONNECTED');
  });
});
