/** GetResourcePolicy: the backup's policy; no Policy member when it has none (world/backup-sharing.ts). */
import { getResourcePolicy as getWorldPolicy } from '../../world/backup-sharing.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';

export const getResourcePolicy = defineOperation({
  name: 'GetResourcePolicy',
  errors: COMMON_ERRORS,
  run(world, input) {
    return { Policy: unwrapCloudHsm(getWorldPolicy(world, input.ResourceArn)).resourcePolicy };
  },
});
