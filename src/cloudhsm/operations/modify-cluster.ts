/**
 * ModifyCluster (docs/behaviour.md §2.5): changes the backup retention policy (7..379 days). An HsmType change
 * is refused with the reason: kmsim does not simulate the HSM type migration (world/
 * cluster-modification.ts).
 */
import { retentionDaysOf } from '../../world/backup-retention.js';
import { modifyCluster as modifyWorldCluster } from '../../world/cluster-modification.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';
import { clusterWire } from '../wire-shapes.js';

export const modifyCluster = defineOperation({
  name: 'ModifyCluster',
  errors: COMMON_ERRORS,
  run(world, input) {
    const cluster = unwrapCloudHsm(
      modifyWorldCluster(world, input.ClusterId, {
        hsmType: input.HsmType,
        backupRetentionDays: unwrapCloudHsm(retentionDaysOf(input.BackupRetentionPolicy)),
      }),
    );
    return { Cluster: clusterWire(world, cluster) };
  },
});
