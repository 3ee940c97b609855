/**
 * kms/operations/: one file per KMS operation, named after its wire name.
 * Data plane: encrypt, decrypt, re-encrypt, generate-data-key(-without-plaintext),
 * generate-data-key-pair(-without-plaintext), generate-random.
 * Keys: create-key, describe-key, list-keys, enable-key, disable-key, schedule-key-deletion,
 * cancel-key-deletion. Aliases: create-alias, update-alias, delete-alias, list-aliases.
 * Key stores: create-, connect-, disconnect-, describe-, update-, delete-custom-key-store(s).
 */
import type { KmsOperation } from '../operation.js';
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
] as unknown as readonly KmsOperation<never>[];
