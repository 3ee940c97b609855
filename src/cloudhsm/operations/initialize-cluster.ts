/** InitializeCluster (docs/behaviour.md §2.5): UNINITIALIZED with an active HSM → INITIALIZE_IN_PROGRESS → INITIALIZED. */
import { initializeCluster as initializeWorldCluster } from '../../world/cluster-lifecycle.js';
import { COMMON_ERRORS, defineOperation, unwrapCloudHsm } from '../operation.js';

export const initializeCluster = defineOperation({
  name: 'InitializeCluster',
  errors: COMMON_ERRORS,
  run(world, input) {
    const cluster = unwrapCloudHsm(
      initializeWorldCluster(world, input.ClusterId, input.SignedCert, input.TrustAnchor),
    );
    return { State: cluster.state, StateMessage: cluster.stateMessage };
  },
});
