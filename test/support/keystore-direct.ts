/**
 * World-level builders for the unit tests under test/world: the same steps the SDK walk takes,
 * but calling src/world functions directly (no services, no SDK), so a failure points at the world.
 */
import { RequestLatency } from '../../src/sim/request-latency.js';
import { Simulator } from '../../src/simulator.js';
import {
  activateCluster,
  createCluster,
  initializeCluster,
} from '../../src/world/cluster-lifecycle.js';
import type { Cluster } from '../../src/world/cluster.js';
import { createHsm } from '../../src/world/hsm-lifecycle.js';
import { createKeyStore } from '../../src/world/key-store-lifecycle.js';
import { connectKeyStore } from '../../src/world/key-store-connection.js';
import { createKey } from '../../src/world/kms-key-lifecycle.js';
import type { Result } from '../../src/world/result.js';
import { KMSUSER_PASSWORD, TEST_CERT } from './connected-store.js';

/** Unwraps a world result, failing loudly with the problem's detail. */
export function must<T>(result: Result<T>): T {
  if (!result.ok)
    throw new Error(`world call failed: ${result.problem.kind}: ${result.problem.detail}`);
  return result.value;
}

export function subnetIdsOf(sim: Simulator, count = 3): string[] {
  return [...sim.world.network.subnets.values()].slice(0, count).map((subnet) => subnet.subnetId);
}

export function azAt(sim: Simulator, index: number): string {
  return [...sim.world.network.subnets.values()][index]!.availabilityZone;
}

/** An ACTIVE cluster with HSMs in the given AZ indexes and kmsuser, built with world calls only. */
export function directActiveCluster(sim: Simulator, azIndexes: number[] = [0, 1]): Cluster {
  const cluster = must(
    createCluster(sim.world, { hsmType: 'hsm1.medium', subnetIds: subnetIdsOf(sim) }),
  );
  sim.advanceMs(sim.world.timings.clusterCreateMs);
  for (const index of azIndexes) must(createHsm(sim.world, cluster.clusterId, azAt(sim, index)));
  sim.advanceMs(sim.world.timings.hsmCreateMs);
  must(initializeCluster(sim.world, cluster.clusterId, TEST_CERT, TEST_CERT));
  sim.advanceMs(sim.world.timings.clusterInitializeMs);
  must(activateCluster(sim.world, cluster.clusterId, KMSUSER_PASSWORD));
  return cluster;
}

/** A simulator with an ACTIVE cluster and a store on it; connected unless told otherwise. */
export function directStoreWorld(seed: number, connect = true) {
  const sim = new Simulator({ seed });
  const cluster = directActiveCluster(sim);
  const store = must(
    createKeyStore(sim.world, {
      name: 'direct',
      clusterId: cluster.clusterId,
      trustAnchorCertificate: TEST_CERT,
      kmsuserPassword: KMSUSER_PASSWORD,
    }),
  );
  if (connect) {
    must(connectKeyStore(sim.world, store.customKeyStoreId));
    sim.advanceMs(sim.world.timings.connectMs);
  }
  return { sim, world: sim.world, cluster, store };
}

/** A new key in the direct world's store (origin AWS_CLOUDHSM, no description). */
export function storeKey(w: ReturnType<typeof directStoreWorld>) {
  return must(
    createKey(
      w.world,
      {
        description: '',
        origin: 'AWS_CLOUDHSM',
        customKeyStoreId: w.store.customKeyStoreId,
      },
      new RequestLatency(),
    ),
  );
}
