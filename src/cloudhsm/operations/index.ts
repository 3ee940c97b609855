/**
 * cloudhsm/operations/: one file per CloudHSM v2 operation, named after its wire name:
 * create-cluster, describe-clusters, initialize-cluster, delete-cluster, create-hsm, delete-hsm,
 * describe-backups, delete-backup, restore-backup, modify-backup-attributes, modify-cluster,
 * tag-resource, untag-resource, list-tags, get-/put-/delete-resource-policy, and
 * copy-backup-to-region, which is refused with its reason. Every operation of the service model
 * is here (test/cloudhsm/operation-status.test.ts).
 */
import type { CloudHsmOperation } from '../operation.js';
import { copyBackupToRegion } from './copy-backup-to-region.js';
import { createCluster } from './create-cluster.js';
import { createHsm } from './create-hsm.js';
import { deleteBackup } from './delete-backup.js';
import { deleteCluster } from './delete-cluster.js';
import { deleteHsm } from './delete-hsm.js';
import { deleteResourcePolicy } from './delete-resource-policy.js';
import { describeBackups } from './describe-backups.js';
import { describeClusters } from './describe-clusters.js';
import { getResourcePolicy } from './get-resource-policy.js';
import { initializeCluster } from './initialize-cluster.js';
import { listTags } from './list-tags.js';
import { modifyBackupAttributes } from './modify-backup-attributes.js';
import { modifyCluster } from './modify-cluster.js';
import { putResourcePolicy } from './put-resource-policy.js';
import { restoreBackup } from './restore-backup.js';
import { tagResource } from './tag-resource.js';
import { untagResource } from './untag-resource.js';

export const CLOUDHSM_OPERATIONS = [
  createCluster,
  describeClusters,
  initializeCluster,
  deleteCluster,
  createHsm,
  deleteHsm,
  describeBackups,
  deleteBackup,
  restoreBackup,
  modifyBackupAttributes,
  modifyCluster,
  tagResource,
  untagResource,
  listTags,
  getResourcePolicy,
  putResourcePolicy,
  deleteResourcePolicy,
  copyBackupToRegion,
] as unknown as readonly CloudHsmOperation<never>[];
