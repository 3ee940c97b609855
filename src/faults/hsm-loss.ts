/**
 * HSMs fail and vanish without a backup (spec §10 "Lose one of several HSMs" / "Lose all HSMs").
 * Spec says: losing one of several changes nothing for callers, but with fewer than two ACTIVE HSMs
 * in distinct AZs CreateKey → CloudHsmClusterInvalidConfigurationException; losing all makes crypto
 * fail with KMSInvalidStateException while the store stays CONNECTED, and a new connect ends FAILED
 * with INSUFFICIENT_CLOUDHSM_HSMS. Heal: new HSMs are created in the lost HSMs' AZs; the first one
 * of an emptied cluster restores the newest backup, so keys made after it are missing (spec §6.4).
 */
import { activeHsms } from '../world/cluster.js';
import { createHsm, loseHsm } from '../world/hsm-lifecycle.js';
import type { World } from '../world/world.js';
import { injected, refused, type FaultInjector, type InjectOutcome } from './fault.js';
import { clusterParam } from './world-lookups.js';

function loseAndRecreate(world: World, clusterId: string, hsmIds: string[]): InjectOutcome {
  const cluster = world.clusters.get(clusterId)!;
  const zones = hsmIds.map((hsmId) => cluster.hsms.get(hsmId)!.availabilityZone);
  for (const hsmId of hsmIds) loseHsm(world, clusterId, hsmId);
  world.record('fault.hsm-loss', { clusterId, hsmIds });
  return injected(() => {
    for (const zone of zones) createHsm(world, clusterId, zone);
  });
}

export const hsmLoss: FaultInjector = {
  name: 'hsm-loss',
  summary:
    'one HSM (hsmId, or the first active one) fails without a backup; heal creates a replacement',
  symptom: false,
  params: {
    clusterId: { type: 'string', required: true, description: 'the cluster' },
    hsmId: {
      type: 'string',
      required: false,
      description: 'the HSM to lose (default: the first active HSM)',
    },
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
};

export const allHsmsLoss: FaultInjector = {
  name: 'all-hsms-loss',
  summary:
    'every HSM of the cluster fails without a backup; heal recreates them (restoring the newest backup)',
  symptom: false,
  params: { clusterId: { type: 'string', required: true, description: 'the cluster' } },
  inject(world, params) {
    const cluster = clusterParam(world, params.clusterId);
    if (!cluster.ok) return refused(cluster.message);
    const hsmIds = [...cluster.value.hsms.keys()];
    if (hsmIds.length === 0)
      return refused(`field 'clusterId': cluster ${cluster.value.clusterId} has no HSM to lose`);
    return loseAndRecreate(world, cluster.value.clusterId, hsmIds);
  },
};
