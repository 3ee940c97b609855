/**
 * DescribeCustomKeyStores (docs/behaviour.md §2.3): all stores, or one by id or by name; a filter that matches
 * nothing is CustomKeyStoreNotFoundException. Both filters at once: ValidationException (docs/behaviour.md §2.3
 * suggests it; unverified).
 */
import { KmsError } from '../errors.js';
import { keyStoreEntry } from '../key-store-entry.js';
import { defineOperation } from '../operation.js';
import { paginate } from '../pagination.js';

export const describeCustomKeyStores = defineOperation({
  name: 'DescribeCustomKeyStores',
  errors: ['CustomKeyStoreNotFoundException', 'InvalidMarkerException', 'KMSInternalException'],
  run(world, input) {
    if (input.CustomKeyStoreId !== undefined && input.CustomKeyStoreName !== undefined) {
      throw new KmsError(
        'ValidationException',
        'You cannot specify both CustomKeyStoreId and CustomKeyStoreName.',
      );
    }
    let stores = [...world.keyStores.values()];
    if (input.CustomKeyStoreId !== undefined) {
      stores = stores.filter((store) => store.customKeyStoreId === input.CustomKeyStoreId);
      if (stores.length === 0)
        throw new KmsError(
          'CustomKeyStoreNotFoundException',
          `Custom key store ${input.CustomKeyStoreId} does not exist.`,
        );
    }
    if (input.CustomKeyStoreName !== undefined) {
      stores = stores.filter((store) => store.name === input.CustomKeyStoreName);
      if (stores.length === 0)
        throw new KmsError(
          'CustomKeyStoreNotFoundException',
          `Custom key store with name ${input.CustomKeyStoreName} does not exist.`,
        );
    }
    const page = paginate(stores, input.Limit, input.Marker, 1000);
    return {
      CustomKeyStores: page.items.map((store) => keyStoreEntry(world, store)),
      NextMarker: page.nextMarker,
      Truncated: page.truncated,
    };
  },
});
