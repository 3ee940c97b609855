/**
 * The cluster is busy with work unrelated to KMS (docs/behaviour.md §5.2): `rps` operations per second of HSM
 * time go to other applications. Spec says: ThrottlingException can come well below the store's
 * 1,800 requests/second, and latency rises as the HSMs' queues grow. Heal: the unrelated load stops.
 */
import { defineFault, injected, onCluster, refused } from './fault.js';
import { clusterParam } from './world-lookups.js';

export const clusterBusy = defineFault({
  name: 'cluster-busy',
  summary: 'unrelated work takes rps operations per second of the cluster’s HSM capacity',
  symptom: false,
  healable: true,
  params: {
    cluster: onCluster(),
    rps: { kind: 'number', required: true, description: 'operations per second of unrelated work' },
  },
  // 500 to 6,000 operations per second, in steps of 500.
  schedule: { byDefault: true, draw: { rps: { draw: 'multiples', of: 500, from: 1, to: 12 } } },
  runbook: { heal: 'Stop or move the unrelated work that was using the cluster’s HSMs.' },
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
});
