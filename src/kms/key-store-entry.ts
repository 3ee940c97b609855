/** CustomKeyStoresListEntry (docs/behaviour.md §2.3): ConnectionErrorCode only while FAILED. */
import type { CustomKeyStore } from '../world/custom-key-store.js';
import type { World } from '../world/world.js';
import { epochSeconds } from './wire-values.js';

export function keyStoreEntry(world: World, store: CustomKeyStore): Record<string, unknown> {
  return {
    CustomKeyStoreId: store.customKeyStoreId,
    CustomKeyStoreName: store.name,
    CloudHsmClusterId: store.clusterId,
    TrustAnchorCertificate: store.trustAnchorCertificate,
    ConnectionState: store.connectionState,
    ConnectionErrorCode: store.connectionState === 'FAILED' ? store.connectionErrorCode : undefined,
    CreationDate: epochSeconds(world, store.createdAtMs),
    CustomKeyStoreType: 'AWS_CLOUDHSM',
  };
}
