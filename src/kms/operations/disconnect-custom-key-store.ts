/** DisconnectCustomKeyStore (docs/behaviour.md §3.3, §4.3): the store's keys show Unavailable, except those pending deletion. */
import { disconnectKeyStore } from '../../world/key-store-connection.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';

export const disconnectCustomKeyStore = defineOperation({
  name: 'DisconnectCustomKeyStore',
  errors: [
    'CustomKeyStoreInvalidStateException',
    'CustomKeyStoreNotFoundException',
    'KMSInternalException',
  ],
  run(world, input) {
    unwrap(disconnectKeyStore(world, input.CustomKeyStoreId), 'management');
    return {};
  },
});
