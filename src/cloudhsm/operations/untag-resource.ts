/** UntagResource (CloudHSM API reference): removes tags by key; absent keys are ignored. */
import { untagResource as untagWorldResource } from '../../world/resource-tags.js';
import { defineOperation, unwrapCloudHsm } from '../operation.js';

export const untagResource = defineOperation({
  name: 'UntagResource',
  errors: [
    'CloudHsmAccessDeniedException',
    'CloudHsmInternalFailureException',
    'CloudHsmInvalidRequestException',
    'CloudHsmResourceNotFoundException',
    'CloudHsmServiceException',
    'CloudHsmTagException',
  ],
  run(world, input) {
    unwrapCloudHsm(untagWorldResource(world, input.ResourceId, input.TagKeyList));
    return {};
  },
});
