/**
 * UpdateCustomKeyStore (docs/behaviour.md §4.4): rename (CONNECTED or DISCONNECTED), tell KMS the current
 * kmsuser password, or move to a related cluster (both only while DISCONNECTED).
 */
import { updateKeyStore } from '../../world/key-store-lifecycle.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';
import { refuseXksSettings } from '../xks-refusal.js';

export const updateCustomKeyStore = defineOperation({
  name: 'UpdateCustomKeyStore',
  errors: [
    'CustomKeyStoreNotFoundException',
    'CustomKeyStoreNameInUseException',
    'CloudHsmClusterNotFoundException',
    'CloudHsmClusterNotRelatedException',
    'CustomKeyStoreInvalidStateException',
    'KMSInternalException',
    'CloudHsmClusterNotActiveException',
    'CloudHsmClusterInvalidConfigurationException',
  ],
  run(world, input) {
    refuseXksSettings(input, undefined);
    unwrap(
      updateKeyStore(world, input.CustomKeyStoreId, {
        newName: input.NewCustomKeyStoreName,
        kmsuserPassword: input.KeyStorePassword,
        clusterId: input.CloudHsmClusterId,
      }),
      'management',
    );
    return {};
  },
});
