/** DeleteCluster (docs/behaviour.md §2.5): only without HSMs; DELETE_IN_PROGRESS → DELETED. Backups remain. */
import { deleteCluster as deleteWorldCluster } from '../../world/cluster-lifecycle.js';
import { defineOperation, unwrapCloudHsm } from '../operation.js';
import { clusterWire } from '../wire-shapes.js';

export const deleteCluster = defineOperation({
  name: 'DeleteCluster',
  errors: [
    'CloudHsmAccessDeniedException',
    'CloudHsmInternalFailureException',
    'CloudHsmInvalidRequestException',
    'CloudHsmResourceNotFoundException',
    'CloudHsmServiceException',
    'CloudHsmTagException',
  ],
  run(world, input) {
    return {
      Cluster: clusterWire(world, unwrapCloudHsm(deleteWorldCluster(world, input.ClusterId))),
    };
  },
});
