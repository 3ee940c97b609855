/**
 * What hsm-loss and all-hsms-loss share: HSMs fail without a backup, and the heal creates new ones
 * in the lost HSMs' AZs; the first one of an emptied cluster restores the newest backup, so keys
 * made after it are missing (docs/behaviour.md §6.4, §10).
 */
import { createHsm, loseHsm } from '../world/hsm-lifecycle.js';
import type { World } from '../world/world.js';
import { type InjectOutcome, injected } from './fault.js';

export function loseAndRecreate(world: World, clusterId: string, hsmIds: string[]): InjectOutcome {
  const cluster = world.clusters.get(clusterId)!;
  const zones = hsmIds.map((hsmId) => cluster.hsms.get(hsmId)!.availabilityZone);
  for (const hsmId of hsmIds) loseHsm(world, clusterId, hsmId);
  world.record('fault.hsm-loss', { clusterId, hsmIds });
  return injected(() => {
    for (const zone of zones) createHsm(world, clusterId, zone);
  });
}
