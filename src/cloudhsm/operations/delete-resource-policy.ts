/**
 * DeleteResourcePolicy: unshares a backup and answers the policy it had (none when it had none;
 * world/backup-sharing.ts).
 */
import { deleteResourcePolicy as deleteWorldPolicy } from '../../world/backup-sharing.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';

export const deleteResourcePolicy = defineOperation({
  name: 'DeleteResourcePolicy',
  errors: COMMON_ERRORS,
  run(world, input) {
    const { backup, previous } = unwrapCloudHsm(deleteWorldPolicy(world, input.ResourceArn));
    return { ResourceArn: world.backupArn(backup.backupId), Policy: previous };
  },
});
