/**
 * A network partition between KMS and a cluster (docs/behaviour.md §10: security group or firewall trouble).
 * Spec says: while CONNECTED the store stays CONNECTED and crypto fails with
 * KMSInvalidStateException `KMS cannot communicate with your CloudHSM cluster` (400, not retried);
 * a connect attempt during the partition ends FAILED with NETWORK_ERRORS. Heal: the path returns.
 */
import { defineFault, injected, onCluster, refused } from './fault.js';
import { clusterParam } from './world-lookups.js';

export const networkPartition = defineFault({
  name: 'network-partition',
  summary: 'KMS cannot reach the cluster; heal restores the path',
  symptom: false,
  healable: true,
  params: { cluster: onCluster('the cluster KMS loses') },
  schedule: { byDefault: true, draw: {}, breaksConnect: true },
  runbook: {
    heal: 'Restore the network path from KMS to the cluster (the cluster security group must allow TCP 2223-2225; nothing may block it on the way).',
  },
  inject(world, params) {
    const cluster = clusterParam(world, params.clusterId);
    if (!cluster.ok) return refused(cluster.message);
    const clusterId = cluster.value.clusterId;
    world.network.partitionedClusters.add(clusterId);
    world.record('fault.partition', { clusterId, open: true });
    return injected(() => {
      world.network.partitionedClusters.delete(clusterId);
      world.record('fault.partition', { clusterId, open: false });
    });
  },
});
