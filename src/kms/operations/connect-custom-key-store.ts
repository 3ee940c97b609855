/** ConnectCustomKeyStore (docs/behaviour.md §4.3): returns {} at once; the store finishes CONNECTED or FAILED later. */
import { connectKeyStore } from '../../world/key-store-connection.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const connectCustomKeyStore = defineOperation({
  name: 'ConnectCustomKeyStore',
  errors: [
    'CloudHsmClusterNotActiveException',
    'CustomKeyStoreInvalidStateException',
    'CustomKeyStoreNotFoundException',
    'KMSInternalException',
    'CloudHsmClusterInvalidConfigurationException',
  ],
  run(world, input) {
    unwrap(connectKeyStore(world, input.CustomKeyStoreId), 'management');
    return {};
  },
});
