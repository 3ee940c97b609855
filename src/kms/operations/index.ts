/**
 * kms/operations/: one file per KMS operation, named after its wire name.
 * Data plane: encrypt, decrypt, re-encrypt, generate-data-key(-without-plaintext),
 * generate-data-key-pair(-without-plaintext), generate-random.
 * Keys: create-key, describe-key, list-keys, enable-key, disable-key, schedule-key-deletion,
 * cancel-key-deletion. Aliases: create-alias, update-alias, delete-alias, list-aliases.
 * Key stores: create-, connect-, disconnect-, describe-, update-, delete-custom-key-store(s).
 * Policies: get-key-policy, put-key-policy, list-key-policies. Tags: tag-resource, untag-resource,
 * list-resource-tags. Grants: create-grant, list-grants, list-retirable-grants, retire-grant,
 * revoke-grant. Rotation: enable-/disable-key-rotation, get-key-rotation-status,
 * rotate-key-on-demand, list-key-rotations. Also update-key-description, get-key-last-usage.
 */
import type { KmsOperation } from '../operation.js';
import { createGrant } from './create-grant.js';
import { disableKeyRotation } from './disable-key-rotation.js';
import { enableKeyRotation } from './enable-key-rotation.js';
import { getKeyLastUsage } from './get-key-last-usage.js';
import { getKeyPolicy } from './get-key-policy.js';
import { getKeyRotationStatus } from './get-key-rotation-status.js';
import { listGrants } from './list-grants.js';
import { listKeyPolicies } from './list-key-policies.js';
import { listKeyRotations } from './list-key-rotations.js';
import { listResourceTags } from './list-resource-tags.js';
import { listRetirableGrants } from './list-retirable-grants.js';
import { putKeyPolicy } from './put-key-policy.js';
import { retireGrant } from './retire-grant.js';
import { revokeGrant } from './revoke-grant.js';
import { rotateKeyOnDemand } from './rotate-key-on-demand.js';
import { tagResource } from './tag-resource.js';
import { untagResource } from './untag-resource.js';
import { updateKeyDescription } from './update-key-description.js';
import { cancelKeyDeletion } from './cancel-key-deletion.js';
import { connectCustomKeyStore } from './connect-custom-key-store.js';
import { createAlias } from './create-alias.js';
import { createCustomKeyStore } from './create-custom-key-store.js';
import { createKey } from './create-key.js';
import { decrypt } from './decrypt.js';
import { deleteAlias } from './delete-alias.js';
import { deleteCustomKeyStore } from './delete-custom-key-store.js';
import { describeCustomKeyStores } from './describe-custom-key-stores.js';
import { describeKey } from './describe-key.js';
import { disableKey } from './disable-key.js';
import { disconnectCustomKeyStore } from './disconnect-custom-key-store.js';
import { enableKey } from './enable-key.js';
import { encrypt } from './encrypt.js';
import { generateDataKey } from './generate-data-key.js';
import { generateDataKeyPair } from './generate-data-key-pair.js';
import { generateDataKeyPairWithoutPlaintext } from './generate-data-key-pair-without-plaintext.js';
import { generateDataKeyWithoutPlaintext } from './generate-data-key-without-plaintext.js';
import { generateRandom } from './generate-random.js';
import { listAliases } from './list-aliases.js';
import { listKeys } from './list-keys.js';
import { reEncrypt } from './re-encrypt.js';
import { scheduleKeyDeletion } from './schedule-key-deletion.js';
import { updateAlias } from './update-alias.js';
import { updateCustomKeyStore } from './update-custom-key-store.js';

export const KMS_OPERATIONS: readonly KmsOperation<never>[] = [
  encrypt,
  decrypt,
  reEncrypt,
  generateDataKey,
  generateDataKeyWithoutPlaintext,
  generateDataKeyPair,
  generateDataKeyPairWithoutPlaintext,
  generateRandom,
  createKey,
  describeKey,
  listKeys,
  enableKey,
  disableKey,
  scheduleKeyDeletion,
  cancelKeyDeletion,
  createAlias,
  updateAlias,
  deleteAlias,
  listAliases,
  createCustomKeyStore,
  connectCustomKeyStore,
  disconnectCustomKeyStore,
  describeCustomKeyStores,
  updateCustomKeyStore,
  deleteCustomKeyStore,
  getKeyPolicy,
  putKeyPolicy,
  listKeyPolicies,
  tagResource,
  untagResource,
  listResourceTags,
  createGrant,
  listGrants,
  listRetirableGrants,
  retireGrant,
  revokeGrant,
  enableKeyRotation,
  disableKeyRotation,
  getKeyRotationStatus,
  rotateKeyOnDemand,
  listKeyRotations,
  updateKeyDescription,
  getKeyLastUsage,
] as unknown as readonly KmsOperation<never>[];
