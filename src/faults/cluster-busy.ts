/**
 * The cluster is busy with work unrelated to KMS (spec §5.2): `rps` operations per second of HSM
 * time go to other applications. Spec says: ThrottlingException can come well below the store's
 * 1,800 requests/second, and latency rises as the HSMs' queues grow. Heal: the unrelated load stops.
 */
import { injected, refused, type FaultInjector } from './fault.js';
import { clusterParam } from './world-lookups.js';

export const clusterBusy: FaultInjector = {
  name: 'cluster-busy',
  summary: 'unrelated work takes rps operations per second of the cluster’s HSM capacity',
  symptom: false,
  params: {
    clusterId: { type: 'string', required: true, description: 'the cluster' },
    rps: { type: 'number', required: true, description: 'operations per second of unrelated work' },
  },
  inject(world, params) {
    const cluster = clusterParam(world, params.clusterId);
    if (!cluster.ok) return refused(cluster.message);
    const capacity = world.capacityOf(cluster.value.clusterId);
    const before = capacity.unrelatedLoadRps;
    capacity.unrelatedLoadRps = Number(params.rps);
    world.record('fault.cluster-busy', {
      clusterId: cluster.value.clusterId,
      rps: capacity.unrelatedLoadRps,
    });
    return injected(() => {
      capacity.unrelatedLoadRps = before;
    });
  },
};
