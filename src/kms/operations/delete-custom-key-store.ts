/** DeleteCustomKeyStore (docs/behaviour.md §4.4): DISCONNECTED and empty; never touches the cluster. */
import { deleteKeyStore } from '../../world/key-store-lifecycle.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const deleteCustomKeyStore = defineOperation({
  name: 'DeleteCustomKeyStore',
  errors: [
    'CustomKeyStoreHasCMKsException',
    'CustomKeyStoreInvalidStateException',
    'CustomKeyStoreNotFoundException',
    'KMSInternalException',
  ],
  run(world, input) {
    unwrap(deleteKeyStore(world, input.CustomKeyStoreId), 'management');
    return {};
  },
});
