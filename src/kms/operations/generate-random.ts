/**
 * GenerateRandom (docs/behaviour.md §2.4): NumberOfBytes 1..1024, required by the service with its own message.
 * With CustomKeyStoreId the bytes come from that store's cluster, which must be CONNECTED
 * (CustomKeyStoreInvalidStateException) and usable (KMSInternalException otherwise; docs/fidelity.md).
 */
import { admitStoreRequest, reachableCluster } from '../../world/backing-key-access.js';
import { findKeyStore } from '../../world/key-store-lifecycle.js';
import { KmsError } from '../errors.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';
import { refuseRecipient } from '../unsupported-features.js';

export const generateRandom = defineOperation({
  name: 'GenerateRandom',
  errors: [
    'ThrottlingException',
    'DependencyTimeoutException',
    'KMSInternalException',
    'UnsupportedOperationException',
    'CustomKeyStoreNotFoundException',
    'CustomKeyStoreInvalidStateException',
  ],
  run(world, input, latency) {
    if (input.NumberOfBytes === undefined)
      throw new KmsError('ValidationException', 'NumberOfBytes is required.');
    refuseRecipient(input.Recipient);
    if (input.CustomKeyStoreId !== undefined) {
      const store = unwrap(findKeyStore(world, input.CustomKeyStoreId), 'management');
      if (store.connectionState !== 'CONNECTED') {
        throw new KmsError(
          'CustomKeyStoreInvalidStateException',
          `Custom key store ${store.customKeyStoreId} is not connected (state ${store.connectionState}).`,
        );
      }
      unwrap(admitStoreRequest(world, store.customKeyStoreId), 'management');
      unwrap(reachableCluster(world, store.clusterId, latency), 'management');
    }
    return { Plaintext: world.entropy.bytes(input.NumberOfBytes) };
  },
});
