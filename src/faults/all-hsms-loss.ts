/**
 * Every HSM of the cluster fails without a backup (docs/behaviour.md §10 "Lose all HSMs"). Spec says: crypto
 * fails with KMSInvalidStateException while the store stays CONNECTED, and a new connect ends
 * FAILED with INSUFFICIENT_CLOUDHSM_HSMS. Heal: new HSMs in the lost HSMs' AZs; the first restores
 * the newest backup, so keys made after it are missing (docs/behaviour.md §6.4; hsm-replacement.ts).
 */
import { defineFault, onCluster, refused } from './fault.js';
import { loseAndRecreate } from './hsm-replacement.js';
import { clusterParam } from './world-lookups.js';

export const allHsmsLoss = defineFault({
  name: 'all-hsms-loss',
  summary:
    'every HSM of the cluster fails without a backup; heal recreates them (restoring the newest backup)',
  symptom: false,
  healable: true,
  params: { cluster: onCluster() },
  schedule: {
    byDefault: false,
    draw: {},
    breaksConnect: true,
    losesHsms: true,
    settleMs: (timings) => timings.hsmCreateMs,
  },
  runbook: {
    heal: 'Create HSMs again with CreateHsm; the first one restores the newest READY backup.',
  },
  inject(world, params) {
    const cluster = clusterParam(world, params.clusterId);
    if (!cluster.ok) return refused(cluster.message);
    const hsmIds = [...cluster.value.hsms.keys()];
    if (hsmIds.length === 0)
      return refused(`field 'clusterId': cluster ${cluster.value.clusterId} has no HSM to lose`);
    return loseAndRecreate(world, cluster.value.clusterId, hsmIds);
  },
});
