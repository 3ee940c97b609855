/**
 * The cluster is deleted, HSMs and all (docs/behaviour.md §10 "Delete cluster"). Spec says: crypto →
 * KMSInvalidStateException while the store stays CONNECTED; a later connect ends FAILED with
 * CLUSTER_NOT_FOUND. Backups survive. No heal by reversal: recovery is a related cluster built from
 * a backup and UpdateCustomKeyStore (RB-3 CLUSTER_NOT_FOUND).
 */
import { loseHsm } from '../world/hsm-lifecycle.js';
import { defineFault, injected, onCluster, refused } from './fault.js';
import { clusterParam } from './world-lookups.js';

export const clusterDeletion = defineFault({
  name: 'cluster-deletion',
  summary: 'the cluster and its HSMs are deleted; backups remain',
  symptom: false,
  healable: false,
  params: { cluster: onCluster() },
  schedule: { byDefault: false, draw: {}, breaksConnect: true, losesHsms: true },
  runbook: {},
  inject(world, params) {
    const cluster = clusterParam(world, params.clusterId);
    if (!cluster.ok) return refused(cluster.message);
    for (const hsmId of [...cluster.value.hsms.keys()])
      loseHsm(world, cluster.value.clusterId, hsmId);
    cluster.value.state = 'DELETED';
    cluster.value.contents = undefined;
    world.record('fault.cluster-deleted', { clusterId: cluster.value.clusterId });
    return injected(undefined);
  },
});
