/** ModifyBackupAttributes (docs/behaviour.md §2.5): NeverExpires exempts a backup from the retention policy. */
import { findBackup } from '../../world/backup-lifecycle.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';
import { backupWire } from '../wire-shapes.js';

export const modifyBackupAttributes = defineOperation({
  name: 'ModifyBackupAttributes',
  errors: COMMON_ERRORS,
  run(world, input) {
    const backup = unwrapCloudHsm(findBackup(world, input.BackupId));
    backup.neverExpires = input.NeverExpires;
    world.record('cloudhsm.backup.never-expires', {
      backupId: backup.backupId,
      neverExpires: input.NeverExpires,
    });
    return { Backup: backupWire(world, backup) };
  },
});
