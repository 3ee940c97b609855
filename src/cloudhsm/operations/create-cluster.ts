/**
 * CreateCluster (docs/behaviour.md §2.5): CREATE_IN_PROGRESS with no HSMs; SourceBackupId restores a backup.
 * HsmType, Mode, retention and tag rules live in world/ (hsm-types.ts, backup-retention.ts,
 * tag-rules.ts).
 */
import { retentionDaysOf } from '../../world/backup-retention.js';
import { createCluster as createWorldCluster } from '../../world/cluster-lifecycle.js';
import { defineOperation, unwrapCloudHsm } from '../operation.js';
import { clusterWire } from '../wire-shapes.js';

export const createCluster = defineOperation({
  name: 'CreateCluster',
  errors: [
    'CloudHsmAccessDeniedException',
    'CloudHsmInternalFailureException',
    'CloudHsmInvalidRequestException',
    'CloudHsmResourceNotFoundException',
    'CloudHsmServiceException',
    'CloudHsmTagException',
  ],
  run(world, input) {
    const cluster = unwrapCloudHsm(
      createWorldCluster(world, {
        hsmType: input.HsmType,
        subnetIds: input.SubnetIds,
        sourceBackupId: input.SourceBackupId,
        backupRetentionDays: unwrapCloudHsm(retentionDaysOf(input.BackupRetentionPolicy)),
        mode: input.Mode,
        networkType: input.NetworkType,
        tags: input.TagList?.map((tag) => ({ Key: tag.Key, Value: tag.Value })),
      }),
    );
    return { Cluster: clusterWire(world, cluster) };
  },
});
