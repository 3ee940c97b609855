/**
 * Reaching a key's backing material (spec §4.6). An AWS_KMS key's material is always in KMS's own
 * HSMs. An AWS_CLOUDHSM key's material must be reachable through its store's *current* cluster:
 * the cluster exists, KMS can reach it, it has an ACTIVE HSM, and the HSMs hold the handle. Key
 * state and store connection are checked by the caller before this (spec §3.2 ordering).
 */
import { activeHsms } from './cluster.js';
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
export function reachableCluster(world: World, clusterId: string) {
  const cluster = liveCluster(world, clusterId);
  if (!cluster) return fail('backend-cluster-deleted' as KmsProblemKind, `AWS CloudHSM cluster ${clusterId} was not found.`);
  if (world.network.partitionedClusters.has(clusterId)) return fail('backend-unreachable' as KmsProblemKind, `KMS cannot reach AWS CloudHSM cluster ${clusterId}.`);
  if (activeHsms(cluster).length === 0 || !cluster.contents) {
    return fail('backend-no-active-hsm' as KmsProblemKind, `AWS CloudHSM cluster ${clusterId} has no active HSMs.`);
  }
  return ok(cluster.contents);
}
