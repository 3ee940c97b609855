/**
 * TagResource (CloudHSM API reference): adds or overwrites tags on a cluster or backup. More than
 * 50 tags on one resource is CloudHsmResourceLimitExceededException, which the current model lists
 * for this operation only (world/resource-tags.ts).
 */
import { tagResource as tagWorldResource } from '../../world/resource-tags.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';

export const tagResource = defineOperation({
  name: 'TagResource',
  errors: [...COMMON_ERRORS, 'CloudHsmResourceLimitExceededException', 'CloudHsmTagException'],
  run(world, input) {
    unwrapCloudHsm(tagWorldResource(world, input.ResourceId, input.TagList));
    return {};
  },
});
