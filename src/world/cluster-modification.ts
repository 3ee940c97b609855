/**
 * ModifyCluster (docs/behaviour.md §2.5; CloudHSM API reference): the backup retention policy takes effect at the
 * cluster's next daily retention pass (docs/behaviour.md §6.3). Changing the HSM type is the documented
 * hsm1.medium → hsm2m.medium migration (HSMs replaced one at a time behind backups, the cluster in
 * limited-write mode, a 24-hour rollback window); kmsim does not simulate it and says so rather than
 * pretend (docs/fidelity.md).
 */
import type { Cluster } from './cluster.js';
import { findCluster, type ClusterProblem } from './cluster-lifecycle.js';
import { checkRetentionDays } from './backup-retention.js';
import { checkHsmType } from './hsm-types.js';
import { fail, ok, type Result } from './result.js';
import type { World } from './world.js';

export interface ClusterModification {
  readonly hsmType?: string | undefined;
  readonly backupRetentionDays?: number | undefined;
}

export function modifyCluster(
  world: World,
  clusterId: string,
  change: ClusterModification,
): Result<Cluster, ClusterProblem> {
  const found = findCluster(world, clusterId);
  if (!found.ok) return found;
  const cluster = found.value;
  if (change.hsmType === undefined && change.backupRetentionDays === undefined)
    return fail('invalid-request', 'Specify BackupRetentionPolicy or HsmType to modify.');
  if (cluster.state === 'DELETE_IN_PROGRESS')
    return fail('invalid-request', `Cluster ${clusterId} is being deleted.`);
  if (change.hsmType !== undefined) {
    const hsmType = checkHsmType(change.hsmType);
    if (!hsmType.ok) return hsmType;
    return fail(
      'invalid-request',
      `kmsim does not simulate changing a cluster's HSM type (the ${cluster.hsmType} → ${change.hsmType} migration); only BackupRetentionPolicy can be modified.`,
    );
  }
  const days = checkRetentionDays(change.backupRetentionDays!);
  if (!days.ok) return days;
  cluster.backupRetentionDays = days.value;
  world.record('cloudhsm.cluster.retention', { clusterId, days: days.value });
  return ok(cluster);
}
