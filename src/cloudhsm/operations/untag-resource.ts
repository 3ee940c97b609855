/** UntagResource (CloudHSM API reference): removes tags by key; absent keys are ignored. */
import { untagResource as untagWorldResource } from '../../world/resource-tags.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';

export const untagResource = defineOperation({
  name: 'UntagResource',
  errors: [...COMMON_ERRORS, 'CloudHsmTagException'],
  run(world, input) {
    unwrapCloudHsm(untagWorldResource(world, input.ResourceId, input.TagKeyList));
    return {};
  },
});
