/**
 * Small steps on top of `buildConnectedWorld` for KMS tests, all through the real SDK client:
 * create keys in either key store, move a key into a given state, cut and restore the store.
 */
import {
  ConnectCustomKeyStoreCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisconnectCustomKeyStoreCommand,
  EncryptCommand,
  ScheduleKeyDeletionCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import type { ConnectedWorld } from './connected-store.js';

export interface TestKey {
  readonly keyId: string;
  readonly arn: string;
}

/**
 * Virtual time between management calls so a loop stays under the 5-per-second quotas of docs/behaviour.md §5.1
 * (CreateKey, CreateAlias, ...) instead of testing throttling by accident.
 */
export const QUOTA_SPACING_MS = 250;

function asTestKey(metadata: KeyMetadata | undefined): TestKey {
  if (!metadata?.KeyId || !metadata.Arn) throw new Error('CreateKey returned no KeyMetadata');
  return { keyId: metadata.KeyId, arn: metadata.Arn };
}

/** A symmetric key in the world's CloudHSM key store. */
export async function createHsmKey(w: ConnectedWorld, description?: string): Promise<TestKey> {
  const created = await w.kms.send(
    new CreateKeyCommand({
      Origin: 'AWS_CLOUDHSM',
      CustomKeyStoreId: w.customKeyStoreId,
      Description: description,
    }),
  );
  w.sim.advanceMs(QUOTA_SPACING_MS);
  return asTestKey(created.KeyMetadata);
}

/** A symmetric key in the default (AWS_KMS) key store. */
export async function createAwsKmsKey(w: ConnectedWorld, description?: string): Promise<TestKey> {
  const created = await w.kms.send(new CreateKeyCommand({ Description: description }));
  w.sim.advanceMs(QUOTA_SPACING_MS);
  return asTestKey(created.KeyMetadata);
}

export async function describe(w: ConnectedWorld, keyId: string): Promise<KeyMetadata> {
  const described = await w.kms.send(new DescribeKeyCommand({ KeyId: keyId }));
  return described.KeyMetadata!;
}

export async function keyStateOf(w: ConnectedWorld, keyId: string): Promise<string | undefined> {
  return (await describe(w, keyId)).KeyState;
}

/** DisconnectCustomKeyStore, then let virtual time finish it (store DISCONNECTED). */
export async function disconnectStore(w: ConnectedWorld): Promise<void> {
  await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
  w.sim.advanceMs(w.sim.world.timings.disconnectMs);
}

/** ConnectCustomKeyStore, then let virtual time finish it (store CONNECTED). */
export async function reconnectStore(w: ConnectedWorld): Promise<void> {
  await w.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
  w.sim.advanceMs(w.sim.world.timings.connectMs);
}

export type TableState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'Unavailable';

/** Moves a CloudHSM-store key (currently Enabled, store CONNECTED) into `state`. */
export async function putInState(
  w: ConnectedWorld,
  key: TestKey,
  state: TableState,
): Promise<void> {
  if (state === 'Disabled') await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
  if (state === 'PendingDeletion')
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
  if (state === 'Unavailable') await disconnectStore(w);
  const actual = await keyStateOf(w, key.keyId);
  if (actual !== state)
    throw new Error(`could not put key ${key.keyId} in state ${state}; it is ${actual}`);
}

export async function encryptUnder(
  w: ConnectedWorld,
  keyId: string,
  plaintext: string,
  context?: Record<string, string>,
): Promise<Uint8Array> {
  const encrypted = await w.kms.send(
    new EncryptCommand({
      KeyId: keyId,
      Plaintext: Buffer.from(plaintext),
      EncryptionContext: context,
    }),
  );
  return encrypted.CiphertextBlob!;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
