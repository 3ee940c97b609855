/**
 * Adding and removing HSMs (docs/behaviour.md §2.5 CreateHsm/DeleteHsm, §6.4):
 * - an HSM added beside an active one is cloned from it (via a fresh backup): nothing is lost;
 * - the first HSM of a cluster that had HSMs before restores the newest READY backup (for a
 *   cluster created from a backup with none of its own yet, the source backup), so keys created
 *   after that backup are missing;
 * - the first HSM of a cluster created from a backup restores that backup;
 * - DeleteHsm takes a backup first; an HSM lost to a fault does not.
 */
import { newestReadyBackup, scheduleDailyBackups, takeBackup } from './backup-lifecycle.js';
import { activeHsms, isInitializedOrActive, type Cluster } from './cluster.js';
import { findCluster, type ClusterProblem } from './cluster-lifecycle.js';
import type { Hsm } from './hsm.js';
import { HsmContents } from './hsm-contents.js';
import { freeAddresses } from './network.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

/** HSMs per cluster (docs/behaviour.md §6.6, fixed). */
export const MAX_HSMS_PER_CLUSTER = 28;

const CLUSTER_STATES_ACCEPTING_HSMS = new Set([
  'UNINITIALIZED',
  'INITIALIZED',
  'ACTIVE',
  'DEGRADED',
]);

export function createHsm(
  world: World,
  clusterId: string,
  availabilityZone: string,
  ipAddress?: string,
): Result<Hsm, ClusterProblem> {
  const found = findCluster(world, clusterId);
  if (!found.ok) return found;
  const cluster = found.value;
  if (!CLUSTER_STATES_ACCEPTING_HSMS.has(cluster.state)) {
    return fail(
      'invalid-request',
      `Cluster ${clusterId} is in state ${cluster.state} and cannot accept a new HSM.`,
    );
  }
  const subnetId = cluster.subnetMapping.get(availabilityZone);
  if (subnetId === undefined)
    return fail(
      'invalid-request',
      `The cluster has no subnet in Availability Zone ${availabilityZone}.`,
    );
  const subnet = world.network.subnet(subnetId);
  if (!subnet || subnet.deleted)
    return fail('invalid-request', `Subnet ${subnetId} does not exist.`);
  if (freeAddresses(subnet) <= 0)
    return fail('invalid-request', `Subnet ${subnetId} has no free IP addresses.`);
  if (cluster.hsms.size >= MAX_HSMS_PER_CLUSTER)
    return fail(
      'invalid-request',
      `Cluster ${clusterId} already has ${MAX_HSMS_PER_CLUSTER} HSMs.`,
    );
  // A requested address must be a free one of the AZ's subnet (docs/behaviour.md §2.5 CreateHsm IpAddress).
  const unavailable =
    ipAddress === undefined ? undefined : world.network.unavailableReason(subnet, ipAddress);
  if (unavailable !== undefined) return fail('invalid-request', unavailable);
  const hsm: Hsm = {
    hsmId: world.kernel.ids.hsmId(),
    clusterId,
    availabilityZone,
    subnetId,
    eniId: world.kernel.ids.eniId(),
    eniIp:
      ipAddress === undefined
        ? world.network.allocateAddress(subnet)
        : world.network.allocateRequestedAddress(subnet, ipAddress),
    hsmType: cluster.hsmType,
    state: 'CREATE_IN_PROGRESS',
    stateMessage: 'HSM create in progress.',
  };
  cluster.hsms.set(hsm.hsmId, hsm);
  world.record('cloudhsm.hsm.state', {
    clusterId,
    hsmId: hsm.hsmId,
    availabilityZone,
    state: hsm.state,
  });
  world.kernel.schedule(world.timings.hsmCreateMs, `hsm ${hsm.hsmId} active`, () =>
    hsmBecameActive(world, cluster, hsm),
  );
  return ok(hsm);
}

function hsmBecameActive(world: World, cluster: Cluster, hsm: Hsm): void {
  if (hsm.state !== 'CREATE_IN_PROGRESS' || cluster.hsms.get(hsm.hsmId) !== hsm) return;
  const hadActivePeer = activeHsms(cluster).length > 0;
  hsm.state = 'ACTIVE';
  hsm.stateMessage = 'HSM created.';
  let restoredFrom: string | undefined;
  if (!cluster.contents) {
    const backup =
      cluster.pendingRestore ??
      (cluster.hadHsms ? newestBackupToRestore(world, cluster) : undefined);
    cluster.contents = backup ? backup.contents.clone() : new HsmContents();
    restoredFrom = backup?.backupId;
    if (cluster.pendingRestore) {
      cluster.pendingRestore = undefined;
      // A restored cluster is backed up daily like any active one (docs/behaviour.md §6.3).
      scheduleDailyBackups(world, cluster);
    }
  }
  cluster.hadHsms = true;
  world.record('cloudhsm.hsm.state', {
    clusterId: cluster.clusterId,
    hsmId: hsm.hsmId,
    state: hsm.state,
    restoredFromBackupId: restoredFrom ?? null,
    keyHandles: cluster.contents.keys.handles(),
  });
  if (hadActivePeer && isInitializedOrActive(cluster)) takeBackup(world, cluster, 'hsm-added');
}

/**
 * What an HSM added to an emptied cluster restores: the cluster's newest READY backup or, for a
 * cluster created from a backup that has no backup of its own yet, that source backup (its history
 * starts there; without it the cluster would come back with no users and no keys).
 */
function newestBackupToRestore(world: World, cluster: Cluster) {
  const own = newestReadyBackup(world, cluster.clusterId);
  if (own || cluster.sourceBackupId === undefined) return own;
  const source = world.backups.get(cluster.sourceBackupId);
  return source?.state === 'READY' ? source : undefined;
}

export type HsmSelector = {
  readonly hsmId?: string | undefined;
  readonly eniId?: string | undefined;
  readonly eniIp?: string | undefined;
};

export function findHsm(
  world: World,
  clusterId: string,
  selector: HsmSelector,
): Result<{ cluster: Cluster; hsm: Hsm }, ClusterProblem> {
  const found = findCluster(world, clusterId);
  if (!found.ok) return found;
  const cluster = found.value;
  for (const hsm of cluster.hsms.values()) {
    if (
      (selector.hsmId && hsm.hsmId === selector.hsmId) ||
      (selector.eniId && hsm.eniId === selector.eniId) ||
      (selector.eniIp && hsm.eniIp === selector.eniIp)
    ) {
      return ok({ cluster, hsm });
    }
  }
  const named = selector.hsmId ?? selector.eniId ?? selector.eniIp ?? '(none)';
  return fail('not-found', `HSM ${named} not found in cluster ${clusterId}.`);
}

/** DeleteHsm: backs the cluster up first (docs/behaviour.md §6.3), then the HSM goes DELETE_IN_PROGRESS → DELETED. */
export function deleteHsm(
  world: World,
  clusterId: string,
  selector: HsmSelector,
): Result<Hsm, ClusterProblem> {
  const found = findHsm(world, clusterId, selector);
  if (!found.ok) return found;
  const { cluster, hsm } = found.value;
  if (hsm.state === 'DELETE_IN_PROGRESS')
    return fail('invalid-request', `HSM ${hsm.hsmId} is already being deleted.`);
  if (hsm.state === 'ACTIVE' && isInitializedOrActive(cluster))
    takeBackup(world, cluster, 'hsm-removed');
  hsm.state = 'DELETE_IN_PROGRESS';
  hsm.stateMessage = 'HSM delete in progress.';
  syncContents(world, cluster);
  world.record('cloudhsm.hsm.state', { clusterId, hsmId: hsm.hsmId, state: hsm.state });
  world.kernel.schedule(world.timings.hsmDeleteMs, `hsm ${hsm.hsmId} deleted`, () =>
    removeHsm(world, cluster, hsm, 'deleted'),
  );
  return ok(hsm);
}

/** An HSM fails and is gone at once, with no backup (fault injection; docs/behaviour.md §10 HSM loss). */
export function loseHsm(
  world: World,
  clusterId: string,
  hsmId: string,
): Result<Hsm, ClusterProblem> {
  const found = findHsm(world, clusterId, { hsmId });
  if (!found.ok) return found;
  removeHsm(world, found.value.cluster, found.value.hsm, 'lost');
  return ok(found.value.hsm);
}

function removeHsm(world: World, cluster: Cluster, hsm: Hsm, how: 'deleted' | 'lost'): void {
  if (cluster.hsms.get(hsm.hsmId) !== hsm) return;
  hsm.state = 'DELETED';
  cluster.hsms.delete(hsm.hsmId);
  const subnet = world.network.subnet(hsm.subnetId);
  if (subnet) world.network.releaseAddress(subnet, hsm.eniIp);
  syncContents(world, cluster);
  world.record('cloudhsm.hsm.state', {
    clusterId: cluster.clusterId,
    hsmId: hsm.hsmId,
    state: 'DELETED',
    how,
  });
}

/** With no ACTIVE HSM left, nothing holds the cluster's users and keys any more. */
function syncContents(world: World, cluster: Cluster): void {
  if (cluster.contents && activeHsms(cluster).length === 0) {
    cluster.contents = undefined;
    world.record('cloudhsm.cluster.contents-lost', { clusterId: cluster.clusterId });
  }
}
