/**
 * ListKeys (docs/behaviour.md §2.4): every key not yet deleted, paged with Limit (default 100) and Marker, in
 * creation order (ties by key id). The marker names the last key returned, so a key deleted
 * between pages never makes the listing skip another.
 */
import type { KmsKey } from '../../world/kms-key.js';
import { defineOperation } from '../operation.js';
import { paginateAfter } from '../pagination.js';

/** Creation instant (zero-padded, so string order is numeric order), then key id. */
function creationCursor(key: KmsKey): string {
  return `${String(key.createdAtMs).padStart(16, '0')}/${key.keyId}`;
}

export const listKeys = defineOperation({
  name: 'ListKeys',
  errors: ['DependencyTimeoutException', 'KMSInternalException', 'InvalidMarkerException'],
  run(world, input) {
    const keys = [...world.keys.values()].sort((a, b) =>
      creationCursor(a) < creationCursor(b) ? -1 : creationCursor(a) > creationCursor(b) ? 1 : 0,
    );
    const page = paginateAfter(keys, creationCursor, input.Limit, input.Marker, 100);
    return {
      Keys: page.items.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })),
      NextMarker: page.nextMarker,
      Truncated: page.truncated,
    };
  },
});
