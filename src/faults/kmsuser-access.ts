/**
 * What the four kmsuser faults share (docs/behaviour.md §4.2, §4.7, §10): finding kmsuser in a cluster whose
 * HSMs are up, and the stores that use the cluster. KMS holds the kmsuser login while connected,
 * so these faults matter at the next ConnectCustomKeyStore.
 */
import type { Cluster } from '../world/cluster.js';
import type { CryptoUser } from '../world/crypto-user.js';
import type { World } from '../world/world.js';
import { type FaultParam, type FaultParams, type InjectOutcome, refused } from './fault.js';
import { kmsuserParam } from './world-lookups.js';

export const KMSUSER_CLUSTER: FaultParam = {
  kind: 'cluster',
  required: true,
  as: 'clusterId',
  description: 'the cluster holding kmsuser',
};

/** Stores using this cluster: heals tell them (as an operator's UpdateCustomKeyStore would) the password. */
export function storesOf(world: World, clusterId: string) {
  return [...world.keyStores.values()].filter((store) => store.clusterId === clusterId);
}

/** Runs `apply` with the cluster's kmsuser, or refuses naming the field. */
export function withKmsuser(
  world: World,
  params: FaultParams,
  apply: (found: { cluster: Cluster; user: CryptoUser }) => InjectOutcome,
): InjectOutcome {
  const found = kmsuserParam(world, params.clusterId);
  if (!found.ok) return refused(found.message);
  if (!found.value.user)
    return refused(`field 'clusterId': cluster ${found.value.cluster.clusterId} has no kmsuser`);
  return apply({ cluster: found.value.cluster, user: found.value.user });
}
