/** CreateCustomKeyStore for AWS_CLOUDHSM stores (docs/behaviour.md §4.4): preconditions in the table's order. */
import { createKeyStore } from '../../world/key-store-lifecycle.js';
import { KmsError } from '../errors.js';
import { defineOperation } from '../operation.js';
import { unwrap } from '../problem-errors.js';
import { refuseXksSettings } from '../xks-refusal.js';

function required(value: string | undefined, member: string): string {
  if (value === undefined)
    throw new KmsError(
      'ValidationException',
      `${member} is required for a custom key store of type AWS_CLOUDHSM.`,
    );
  return value;
}

export const createCustomKeyStore = defineOperation({
  name: 'CreateCustomKeyStore',
  errors: [
    'CloudHsmClusterInUseException',
    'CustomKeyStoreNameInUseException',
    'CloudHsmClusterNotFoundException',
    'KMSInternalException',
    'CloudHsmClusterNotActiveException',
    'IncorrectTrustAnchorException',
    'CloudHsmClusterInvalidConfigurationException',
    'LimitExceededException',
    'UnsupportedOperationException',
  ],
  run(world, input) {
    refuseXksSettings(input, input.CustomKeyStoreType);
    const store = unwrap(
      createKeyStore(world, {
        name: input.CustomKeyStoreName,
        clusterId: required(input.CloudHsmClusterId, 'CloudHsmClusterId'),
        trustAnchorCertificate: required(input.TrustAnchorCertificate, 'TrustAnchorCertificate'),
        kmsuserPassword: required(input.KeyStorePassword, 'KeyStorePassword'),
      }),
      'management',
    );
    return { CustomKeyStoreId: store.customKeyStoreId };
  },
});
