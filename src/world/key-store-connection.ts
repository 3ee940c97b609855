/**
 * Connecting and disconnecting a CloudHSM key store (docs/behaviour.md §4.3). Connect returns at once; the store
 * is CONNECTING for `timings.connectMs`, then the cluster is examined and the store becomes
 * CONNECTED, or FAILED with the ConnectionErrorCode the world state explains (docs/behaviour.md §4.2).
 * Quick failures (cluster not active, fewer than two subnets) are reported synchronously and
 * leave the store DISCONNECTED; which defects fail quickly is unverified (docs/fidelity.md).
 */
import { activeHsms } from './cluster.js';
import { attemptLogin, KMSUSER } from './crypto-user.js';
import type { ConnectionErrorCode, CustomKeyStore } from './custom-key-store.js';
import { findKeyStore, liveCluster } from './key-store-lifecycle.js';
import { freeAddresses } from './network.js';
import type { KmsProblemKind } from './kms-problem.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

export function connectKeyStore(
  world: World,
  customKeyStoreId: string,
): Result<CustomKeyStore, KmsProblemKind> {
  const found = findKeyStore(world, customKeyStoreId);
  if (!found.ok) return found;
  const store = found.value;
  if (store.connectionState === 'DISCONNECTING' || store.connectionState === 'FAILED') {
    const hint =
      store.connectionState === 'FAILED' ? ' Disconnect it before connecting again.' : '';
    return fail(
      'key-store-invalid-state',
      `Custom key store ${customKeyStoreId} is ${store.connectionState}.${hint}`,
    );
  }
  // Already connected or connecting: accepted as a no-op (docs/behaviour.md §4.3, unverified).
  if (store.connectionState === 'CONNECTED' || store.connectionState === 'CONNECTING')
    return ok(store);
  const cluster = liveCluster(world, store.clusterId);
  if (cluster && cluster.state !== 'ACTIVE') {
    return fail(
      'cluster-not-active',
      `AWS CloudHSM cluster ${cluster.clusterId} is not active (state ${cluster.state}).`,
    );
  }
  if (cluster && cluster.subnetMapping.size < 2) {
    return fail(
      'cluster-invalid-configuration',
      `The cluster ${cluster.clusterId} must have private subnets in at least two Availability Zones.`,
    );
  }
  store.connectionState = 'CONNECTING';
  store.connectionErrorCode = undefined;
  world.record('kms.key-store.connection', { customKeyStoreId, state: 'CONNECTING' });
  const timer = world.kernel.schedule(world.timings.connectMs, `connect ${customKeyStoreId}`, () =>
    finishConnect(world, store),
  );
  store.cancelTransition = () => timer.cancel();
  return ok(store);
}

/** Why a connect attempt fails now, in the order KMS meets the problems (docs/behaviour.md §4.2, §4.3 connect steps). */
function connectFailure(world: World, store: CustomKeyStore): ConnectionErrorCode | undefined {
  const cluster = liveCluster(world, store.clusterId);
  if (!cluster) return 'CLUSTER_NOT_FOUND';
  if (world.network.partitionedClusters.has(cluster.clusterId)) return 'NETWORK_ERRORS';
  const subnets = [...cluster.subnetMapping.values()].map((subnetId) =>
    world.network.subnet(subnetId),
  );
  if (subnets.some((subnet) => !subnet || subnet.deleted)) return 'SUBNET_NOT_FOUND';
  if (subnets.some((subnet) => freeAddresses(subnet!) < 1))
    return 'INSUFFICIENT_FREE_ADDRESSES_IN_SUBNET';
  if (activeHsms(cluster).length === 0 || !cluster.contents) return 'INSUFFICIENT_CLOUDHSM_HSMS';
  const kmsuser = cluster.contents.users.get(KMSUSER);
  if (!kmsuser) return 'USER_NOT_FOUND';
  switch (attemptLogin(kmsuser, store.kmsuserPassword)) {
    case 'locked-out':
      return 'USER_LOCKED_OUT';
    case 'logged-in-elsewhere':
      return 'USER_LOGGED_IN';
    case 'invalid-credentials':
      return 'INVALID_CREDENTIALS';
    case 'ok':
      return undefined;
  }
}

function finishConnect(world: World, store: CustomKeyStore): void {
  store.cancelTransition = undefined;
  if (store.connectionState !== 'CONNECTING') return;
  const failure = connectFailure(world, store);
  if (failure) {
    store.connectionState = 'FAILED';
    store.connectionErrorCode = failure;
    world.record('kms.key-store.connection', {
      customKeyStoreId: store.customKeyStoreId,
      state: 'FAILED',
      connectionErrorCode: failure,
    });
    return;
  }
  const cluster = liveCluster(world, store.clusterId)!;
  // KMS rotates kmsuser's password to a value only it knows (docs/behaviour.md §4.3).
  const rotated = world.kernel.ids.kmsuserPassword();
  cluster.contents!.users.get(KMSUSER)!.password = rotated;
  store.kmsuserPassword = rotated;
  // One KMS-managed ENI per cluster subnet (docs/behaviour.md §4.3).
  store.enis = [...cluster.subnetMapping.values()].map((subnetId) => {
    const subnet = world.network.subnet(subnetId)!;
    return { eniId: world.kernel.ids.eniId(), subnetId, ip: world.network.allocateAddress(subnet) };
  });
  store.connectionState = 'CONNECTED';
  world.record('kms.key-store.connection', {
    customKeyStoreId: store.customKeyStoreId,
    state: 'CONNECTED',
    clusterId: cluster.clusterId,
  });
}

export function disconnectKeyStore(
  world: World,
  customKeyStoreId: string,
): Result<CustomKeyStore, KmsProblemKind> {
  const found = findKeyStore(world, customKeyStoreId);
  if (!found.ok) return found;
  const store = found.value;
  if (store.connectionState === 'DISCONNECTED' || store.connectionState === 'DISCONNECTING') {
    return fail(
      'key-store-invalid-state',
      `Custom key store ${customKeyStoreId} is already ${store.connectionState}.`,
    );
  }
  store.cancelTransition?.();
  store.connectionState = 'DISCONNECTING';
  // The error code is reported only while FAILED (docs/behaviour.md §4.2; docs/fidelity.md).
  store.connectionErrorCode = undefined;
  world.record('kms.key-store.connection', { customKeyStoreId, state: 'DISCONNECTING' });
  const timer = world.kernel.schedule(
    world.timings.disconnectMs,
    `disconnect ${customKeyStoreId}`,
    () => {
      store.cancelTransition = undefined;
      if (store.connectionState !== 'DISCONNECTING') return;
      for (const eni of store.enis) {
        const subnet = world.network.subnet(eni.subnetId);
        if (subnet) world.network.releaseAddress(subnet, eni.ip);
      }
      store.enis = [];
      store.connectionState = 'DISCONNECTED';
      world.record('kms.key-store.connection', { customKeyStoreId, state: 'DISCONNECTED' });
    },
  );
  store.cancelTransition = () => timer.cancel();
  return ok(store);
}
