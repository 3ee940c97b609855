/**
 * One HSM fails and vanishes without a backup (docs/behaviour.md §10 "Lose one of several HSMs"). Spec says:
 * losing one of several changes nothing for callers, but with fewer than two ACTIVE HSMs in
 * distinct AZs CreateKey → CloudHsmClusterInvalidConfigurationException. Heal: a new HSM is created
 * in the lost HSM's AZ (hsm-replacement.ts).
 */
import { activeHsms } from '../world/cluster.js';
import { defineFault, onCluster, refused } from './fault.js';
import { loseAndRecreate } from './hsm-replacement.js';
import { clusterParam } from './world-lookups.js';

export const hsmLoss = defineFault({
  name: 'hsm-loss',
  summary:
    'one HSM (hsmId, or the first active one) fails without a backup; heal creates a replacement',
  symptom: false,
  healable: true,
  params: {
    cluster: onCluster(),
    az: {
      kind: 'az',
      required: false,
      as: 'hsmId',
      description: 'the HSM to lose (default: the first active HSM)',
    },
  },
  schedule: {
    byDefault: true,
    draw: { az: { draw: 'az', optional: true } },
    losesHsms: true,
    settleMs: (timings) => timings.hsmCreateMs,
  },
  runbook: {
    heal: 'Replace the lost HSM with CreateHsm in the same Availability Zone; it is cloned from a surviving HSM.',
  },
  inject(world, params) {
    const cluster = clusterParam(world, params.clusterId);
    if (!cluster.ok) return refused(cluster.message);
    const hsmId =
      typeof params.hsmId === 'string' ? params.hsmId : activeHsms(cluster.value)[0]?.hsmId;
    if (hsmId === undefined)
      return refused(
        `field 'clusterId': cluster ${cluster.value.clusterId} has no active HSM to lose`,
      );
    if (!cluster.value.hsms.has(hsmId))
      return refused(`field 'hsmId': no HSM ${hsmId} in cluster ${cluster.value.clusterId}`);
    return loseAndRecreate(world, cluster.value.clusterId, [hsmId]);
  },
});
