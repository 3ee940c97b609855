/**
 * Reaching a key's backing material (spec §4.6). An AWS_KMS key's material is always in KMS's own
 * HSMs. An AWS_CLOUDHSM key's material must be reachable through its store's *current* cluster:
 * the cluster exists, KMS can reach it, it has an ACTIVE HSM with a free PKCS#11 session, and the
 * HSMs hold the handle. Key state and store connection are checked by the caller before this
 * (spec §3.2 ordering). Every use of a cluster adds that cluster's HSM latency to the request.
 */
import { activeHsms } from './cluster.js';
import type { HsmContents } from './hsm-contents.js';
import type { KmsKey } from './kms-key.js';
import type { KmsProblemKind } from './kms-problem.js';
import { liveCluster } from './key-store-lifecycle.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

export function backingMaterial(world: World, key: KmsKey): Result<Uint8Array, KmsProblemKind> {
  if (key.origin === 'AWS_KMS') {
    const object = world.kmsOwnKeys.get(key.backingHandle);
    if (!object) throw new Error(`simulator invariant: AWS_KMS key ${key.keyId} has no material`);
    return ok(object.material);
  }
  const store = world.keyStores.get(key.customKeyStoreId!);
  if (!store) throw new Error(`simulator invariant: key ${key.keyId} names missing store ${key.customKeyStoreId}`);
  const reachable = reachableCluster(world, store.clusterId);
  if (!reachable.ok) return reachable;
  const object = reachable.value.keys.get(key.backingHandle);
  if (!object) {
    return fail('backend-key-material-missing', `The key material for ${key.arn} is not in AWS CloudHSM cluster ${store.clusterId}.`);
  }
  return ok(object.material);
}

/** The contents of a store's cluster if KMS can use them now. Shared by crypto, CreateKey and GenerateRandom. */
export function reachableCluster(world: World, clusterId: string): Result<HsmContents, KmsProblemKind> {
  const cluster = liveCluster(world, clusterId);
  if (!cluster) return fail('backend-cluster-deleted', `AWS CloudHSM cluster ${clusterId} was not found.`);
  if (world.network.partitionedClusters.has(clusterId)) return fail('backend-unreachable', `KMS cannot reach AWS CloudHSM cluster ${clusterId}.`);
  if (activeHsms(cluster).length === 0 || !cluster.contents) {
    return fail('backend-no-active-hsm', `AWS CloudHSM cluster ${clusterId} has no active HSMs.`);
  }
  world.addRequestLatency(cluster.hsmLatencyMs);
  if (cluster.sessionsExhausted && cluster.sessionsExhausted.remaining > 0) {
    cluster.sessionsExhausted.remaining -= 1;
    return fail('backend-sessions-exhausted', `KMS could not get a PKCS#11 session on AWS CloudHSM cluster ${clusterId}. Retry with backoff.`);
  }
  return ok(cluster.contents);
}
