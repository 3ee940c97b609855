/** PutResourcePolicy: attaches a policy to a READY backup (world/backup-sharing.ts). */
import { putResourcePolicy as putWorldPolicy } from '../../world/backup-sharing.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';

export const putResourcePolicy = defineOperation({
  name: 'PutResourcePolicy',
  errors: COMMON_ERRORS,
  run(world, input) {
    const backup = unwrapCloudHsm(putWorldPolicy(world, input.ResourceArn, input.Policy));
    return { ResourceArn: world.backupArn(backup.backupId), Policy: backup.resourcePolicy };
  },
});
