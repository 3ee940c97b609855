/** DeleteBackup (docs/behaviour.md §2.5): READY → PENDING_DELETION with DeleteTimestamp; restorable for 7 days. */
import { deleteBackup as deleteWorldBackup } from '../../world/backup-lifecycle.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';
import { backupWire } from '../wire-shapes.js';

export const deleteBackup = defineOperation({
  name: 'DeleteBackup',
  errors: COMMON_ERRORS,
  run(world, input) {
    return { Backup: backupWire(world, unwrapCloudHsm(deleteWorldBackup(world, input.BackupId))) };
  },
});
