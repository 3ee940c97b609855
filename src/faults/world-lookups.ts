/** Finding the things a fault names, with messages that name the field. */
import { activeHsms, type Cluster } from '../world/cluster.js';
import { KMSUSER, type CryptoUser } from '../world/crypto-user.js';
import type { CustomKeyStore } from '../world/custom-key-store.js';
import type { Subnet } from '../world/network.js';
import type { World } from '../world/world.js';

export type Lookup<T> = { ok: true; value: T } | { ok: false; message: string };

export function clusterParam(world: World, clusterId: unknown): Lookup<Cluster> {
  const cluster = world.clusters.get(String(clusterId));
  if (!cluster || cluster.state === 'DELETED')
    return { ok: false, message: `field 'clusterId': no cluster ${String(clusterId)}` };
  return { ok: true, value: cluster };
}

export function keyStoreParam(world: World, customKeyStoreId: unknown): Lookup<CustomKeyStore> {
  const store = world.keyStores.get(String(customKeyStoreId));
  return store
    ? { ok: true, value: store }
    : { ok: false, message: `field 'customKeyStoreId': no key store ${String(customKeyStoreId)}` };
}

export function subnetParam(world: World, subnetId: unknown): Lookup<Subnet> {
  const subnet = world.network.subnet(String(subnetId));
  return subnet
    ? { ok: true, value: subnet }
    : { ok: false, message: `field 'subnetId': no subnet ${String(subnetId)}` };
}

/** kmsuser in a cluster whose HSMs are up (users live on the HSMs; docs/behaviour.md §4.7). */
export function kmsuserParam(
  world: World,
  clusterId: unknown,
): Lookup<{ cluster: Cluster; user: CryptoUser | undefined }> {
  const found = clusterParam(world, clusterId);
  if (!found.ok) return found;
  if (!found.value.contents || activeHsms(found.value).length === 0) {
    return {
      ok: false,
      message: `field 'clusterId': cluster ${found.value.clusterId} has no active HSM holding its users`,
    };
  }
  return {
    ok: true,
    value: { cluster: found.value, user: found.value.contents.users.get(KMSUSER) },
  };
}
