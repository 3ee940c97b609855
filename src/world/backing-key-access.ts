/**
 * Reaching a key's backing material (docs/behaviour.md §4.6). An AWS_KMS key's material is always in KMS's own
 * HSMs. An AWS_CLOUDHSM key's material must be reachable through its store's *current* cluster:
 * the cluster exists, KMS can reach it, it has an ACTIVE HSM with a free PKCS#11 session, and the
 * HSMs hold the handle. Key state and store connection are checked by the caller before this
 * (docs/behaviour.md §3.2 ordering). Serving a request on a cluster takes HSM time: queueing and service latency
 * (and any slow-HSM latency) are added to the request.
 */
import { type Cluster, countActiveHsms } from './cluster.js';
import type { CustomKeyStore } from './custom-key-store.js';
import type { RequestLatency } from '../sim/request-latency.js';
import type { HsmContents } from './hsm-contents.js';
import { currentMaterial, type KeyMaterial } from './key-material.js';
import type { KmsKey } from './kms-key.js';
import type { KmsProblemKind } from './kms-problem.js';
import { liveCluster } from './key-store-lifecycle.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

/** The bytes of one of the key's materials (the current one unless named). */
export function backingMaterial(
  world: World,
  key: KmsKey,
  latency: RequestLatency,
  material: KeyMaterial = currentMaterial(key),
): Result<Uint8Array, KmsProblemKind> {
  if (key.origin === 'AWS_KMS') {
    const object = world.kmsOwnKeys.get(material.handle);
    if (!object) throw new Error(`simulator invariant: AWS_KMS key ${key.keyId} has no material`);
    return ok(object.material);
  }
  const store = world.keyStores.get(key.customKeyStoreId!);
  if (!store)
    throw new Error(
      `simulator invariant: key ${key.keyId} names missing store ${key.customKeyStoreId}`,
    );
  return storeMaterial(world, key, store, liveCluster(world, store.clusterId), latency, material);
}

/**
 * `backingMaterial` of a CloudHSM key whose store (and its live cluster, if any) the caller has
 * looked up already in this request (issue #12: a crypto request looked each up three times).
 */
export function storeMaterial(
  world: World,
  key: KmsKey,
  store: CustomKeyStore,
  cluster: Cluster | undefined,
  latency: RequestLatency,
  material: KeyMaterial,
): Result<Uint8Array, KmsProblemKind> {
  const reachable = reachableLiveCluster(world, cluster, store.clusterId, latency);
  if (!reachable.ok) return reachable;
  const object = reachable.value.keys.get(material.handle);
  if (!object) {
    return fail(
      'backend-key-material-missing',
      `The key material for ${key.arn} is not in AWS CloudHSM cluster ${store.clusterId}.`,
    );
  }
  return ok(object.material);
}

/**
 * The contents of a store's cluster if KMS can use them now. Shared by crypto, CreateKey and
 * GenerateRandom, which are served by the HSMs: the HSM time goes to the request's `latency`.
 * `'look-only'` serves nothing (KMS's own housekeeping, such as deleting a key).
 */
export function reachableCluster(
  world: World,
  clusterId: string,
  latency: RequestLatency | 'look-only',
): Result<HsmContents, KmsProblemKind> {
  return reachableLiveCluster(world, liveCluster(world, clusterId), clusterId, latency);
}

/** `reachableCluster`, given `liveCluster(world, clusterId)`. */
function reachableLiveCluster(
  world: World,
  cluster: Cluster | undefined,
  clusterId: string,
  latency: RequestLatency | 'look-only',
): Result<HsmContents, KmsProblemKind> {
  if (!cluster)
    return fail('backend-cluster-deleted', `AWS CloudHSM cluster ${clusterId} was not found.`);
  if (world.network.partitionedClusters.has(clusterId))
    return fail('backend-unreachable', `KMS cannot reach AWS CloudHSM cluster ${clusterId}.`);
  const activeCount = countActiveHsms(cluster);
  if (activeCount === 0 || !cluster.contents) {
    return fail('backend-no-active-hsm', `AWS CloudHSM cluster ${clusterId} has no active HSMs.`);
  }
  if (latency === 'look-only') return ok(cluster.contents);
  if (cluster.sessionsExhausted && cluster.sessionsExhausted.remaining > 0) {
    cluster.sessionsExhausted.remaining -= 1;
    return fail('backend-sessions-exhausted', sessionsGone(clusterId));
  }
  const admittedMs = world
    .capacityOf(clusterId)
    .admitOnActive(
      world.nowMs,
      cluster.hsms.values(),
      activeCount,
      latency.responseWaits ? 'until-done' : 'while-answering',
    );
  if (admittedMs === undefined) return fail('backend-sessions-exhausted', sessionsGone(clusterId));
  latency.add(cluster.hsmLatencyMs + admittedMs);
  return ok(cluster.contents);
}

function sessionsGone(clusterId: string): string {
  return `KMS could not get a PKCS#11 session on AWS CloudHSM cluster ${clusterId}. Retry with backoff.`;
}

/** The one admitted result, shared: an admitted request builds no object for it (issue #12). */
const STORE_ADMITTED = ok(true as const);

/**
 * The store's own request quota (docs/behaviour.md §5.2): 1,800 requests/second, lower when the cluster is busy
 * with unrelated work. Counted for every cryptographic request on the store's keys, DryRun included.
 */
export function admitStoreRequest(
  world: World,
  customKeyStoreId: string,
): Result<true, KmsProblemKind> {
  const store = world.keyStores.get(customKeyStoreId);
  return admitStoreRequestOn(
    world,
    customKeyStoreId,
    store ? liveCluster(world, store.clusterId) : undefined,
  );
}

/** `admitStoreRequest`, given the store's live cluster (undefined without a store or cluster). */
export function admitStoreRequestOn(
  world: World,
  customKeyStoreId: string,
  cluster: Cluster | undefined,
): Result<true, KmsProblemKind> {
  const hsmCount = cluster ? countActiveHsms(cluster) : 0;
  // With no HSM the request fails on the backend check instead; the quota then counts at its full rate.
  const effectiveRps =
    cluster && hsmCount > 0
      ? world.capacityOf(cluster.clusterId).availableRps(hsmCount)
      : world.quotas.limits.customKeyStoreRps;
  const verdict = world.quotas.admitStoreRequest(customKeyStoreId, world.nowMs, effectiveRps);
  return verdict.ok
    ? STORE_ADMITTED
    : fail('throttled', `Custom key store ${customKeyStoreId} is over its request quota.`);
}
