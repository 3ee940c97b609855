/**
 * KeyMetadata as DescribeKey and CreateKey return it (docs/behaviour.md §2.2). For a CloudHSM key the member set
 * is the documented example's; `Enabled` is true only in state Enabled; `DeletionDate` only while
 * pending deletion; `CurrentKeyMaterialId` only for AWS_KMS keys.
 */
import { currentMaterial } from '../world/key-material.js';
import type { KmsKey } from '../world/kms-key.js';
import type { World } from '../world/world.js';
import { keyStateOf } from './key-usability.js';
import { epochSeconds } from './wire-values.js';

/** The 64-hex identifier of the key's current material (it changes when the key rotates). */
export function keyMaterialId(key: KmsKey): string {
  return currentMaterial(key).materialId;
}

export function keyMetadata(world: World, key: KmsKey): Record<string, unknown> {
  const state = keyStateOf(world, key);
  const store = key.customKeyStoreId ? world.keyStores.get(key.customKeyStoreId) : undefined;
  return {
    AWSAccountId: world.accountId,
    KeyId: key.keyId,
    Arn: key.arn,
    CreationDate: epochSeconds(world, key.createdAtMs),
    Enabled: state === 'Enabled',
    Description: key.description,
    KeyUsage: key.keyUsage,
    KeyState: state,
    DeletionDate: key.pendingDeletion
      ? epochSeconds(world, key.pendingDeletion.deletionAtMs)
      : undefined,
    Origin: key.origin,
    CustomKeyStoreId: key.customKeyStoreId,
    // Follows the store's current cluster after UpdateCustomKeyStore (docs/behaviour.md §2.2, unverified).
    CloudHsmClusterId: store?.clusterId,
    KeyManager: key.keyManager,
    CustomerMasterKeySpec: key.keySpec,
    KeySpec: key.keySpec,
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    MultiRegion: false,
    CurrentKeyMaterialId: key.origin === 'AWS_KMS' ? keyMaterialId(key) : undefined,
  };
}
