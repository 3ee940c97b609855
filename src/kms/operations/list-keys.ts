/** ListKeys (spec §2.4): every key not yet deleted, paged with Limit (default 100) and Marker. */
import { defineOperation } from '../operation.js';
import { paginate } from '../pagination.js';

export const listKeys = defineOperation({
  name: 'ListKeys',
  errors: ['DependencyTimeoutException', 'KMSInternalException', 'InvalidMarkerException'],
  run(world, input) {
    const page = paginate([...world.keys.values()], input.Limit, input.Marker, 100);
    return {
      Keys: page.items.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })),
      NextMarker: page.nextMarker,
      Truncated: page.truncated,
    };
  },
});
