/** RestoreBackup (docs/behaviour.md §2.5): PENDING_DELETION → READY. */
import { restoreBackup as restoreWorldBackup } from '../../world/backup-lifecycle.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';
import { backupWire } from '../wire-shapes.js';

export const restoreBackup = defineOperation({
  name: 'RestoreBackup',
  errors: COMMON_ERRORS,
  run(world, input) {
    return { Backup: backupWire(world, unwrapCloudHsm(restoreWorldBackup(world, input.BackupId))) };
  },
});
