/**
 * Creating and retiring KMS keys (docs/behaviour.md §2.4 CreateKey, ScheduleKeyDeletion, CancelKeyDeletion,
 * §3.3 deletion of custom-key-store keys, §4.5).
 */
import type { KeyObjectStore } from '../crypto/key-object-store.js';
import { awsManagedRefusal } from './aws-managed-refusal.js';
import type { RequestLatency } from '../sim/request-latency.js';
import { reachableCluster } from './backing-key-access.js';
import { KMSUSER } from './crypto-user.js';
import { dropGrantsOfKey } from './grant-registry.js';
import { newKeyMaterial } from './key-material.js';
import { checkPolicyDocument } from './key-policy.js';
import { defaultKeyPolicy } from './policy-document.js';
import { resumeDueRotation } from './key-rotation.js';
import { checkNewTags } from './key-tags.js';
import type { KeyManager, KeyTag, KmsKey } from './kms-key.js';
import type { KmsProblemKind } from './kms-problem.js';
import { clusterConfigurationProblem, findKeyStore, liveCluster } from './key-store-lifecycle.js';
import { fail, ok, type Result } from './result.js';
import { MS_PER_DAY } from './timings.js';
import type { World } from './world.js';

/** Customer managed keys per account and Region (docs/behaviour.md §5.4). */
export const MAX_KEYS = 100_000;

export interface CreateKeyInput {
  readonly description: string;
  readonly origin: 'AWS_KMS' | 'AWS_CLOUDHSM';
  readonly customKeyStoreId?: string | undefined;
  readonly tags?: readonly KeyTag[] | undefined;
  /** The key policy as given; undefined means KMS writes the default key policy. */
  readonly policy?: string | undefined;
  /** 'AWS' only for the AWS managed keys KMS creates itself (aws-managed-keys.ts). */
  readonly keyManager?: KeyManager;
}

function freshHandle(world: World, store: KeyObjectStore): number {
  let handle = world.kernel.ids.keyHandle();
  while (store.has(handle)) handle = world.kernel.ids.keyHandle();
  return handle;
}

/** Where a new key's material goes: KMS's own HSMs, or the store's cluster (which must qualify). */
function materialHome(
  world: World,
  input: CreateKeyInput,
  latency: RequestLatency,
): Result<KeyObjectStore, KmsProblemKind> {
  if (input.origin === 'AWS_KMS') return ok(world.kmsOwnKeys);
  const found = findKeyStore(world, input.customKeyStoreId!);
  if (!found.ok) return found;
  const store = found.value;
  if (store.connectionState !== 'CONNECTED') {
    return fail(
      'key-store-invalid-state',
      `Custom key store ${store.customKeyStoreId} is not connected (state ${store.connectionState}).`,
    );
  }
  const cluster = liveCluster(world, store.clusterId);
  const configuration = cluster
    ? clusterConfigurationProblem(cluster)
    : `AWS CloudHSM cluster ${store.clusterId} was not found.`;
  if (configuration) return fail('cluster-invalid-configuration', configuration);
  const reachable = reachableCluster(world, store.clusterId, latency);
  return reachable.ok ? ok(reachable.value.keys) : reachable;
}

function customerManagedKeyCount(world: World): number {
  let count = 0;
  for (const key of world.keys.values()) if (key.keyManager === 'CUSTOMER') count += 1;
  return count;
}

/**
 * Order (docs/fidelity.md): tags and policy are request checks and come first; then the key store;
 * then the account's key quota, which AWS managed keys do not count against (docs/behaviour.md §5.4).
 * `latency`: a key in a custom key store is made on its cluster's HSMs, which takes their time.
 */
export function createKey(
  world: World,
  input: CreateKeyInput,
  latency: RequestLatency,
): Result<KmsKey, KmsProblemKind> {
  const tags = checkNewTags(input.tags ?? []);
  if (!tags.ok) return tags;
  if (input.policy !== undefined) {
    const policy = checkPolicyDocument(input.policy);
    if (!policy.ok) return policy;
  }
  const home = materialHome(world, input, latency);
  if (!home.ok) return home;
  const keyManager = input.keyManager ?? 'CUSTOMER';
  if (keyManager === 'CUSTOMER' && customerManagedKeyCount(world) >= MAX_KEYS)
    return fail('key-limit', `You have reached the limit of ${MAX_KEYS} customer managed keys.`);
  const keyId = world.kernel.ids.keyId();
  const arn = world.keyArn(keyId);
  const handle = freshHandle(world, home.value);
  // A persistent, non-extractable AES-256 key labelled with the key ARN, owned by kmsuser (docs/behaviour.md §2.4).
  home.value.put({
    handle,
    label: arn,
    owner: input.origin === 'AWS_CLOUDHSM' ? KMSUSER : 'kms',
    material: world.entropy.bytes(32),
    createdAtMs: world.nowMs,
  });
  const key: KmsKey = {
    keyId,
    arn,
    createdAtMs: world.nowMs,
    description: input.description,
    keyManager,
    keyUsage: 'ENCRYPT_DECRYPT',
    keySpec: 'SYMMETRIC_DEFAULT',
    origin: input.origin,
    customKeyStoreId: input.origin === 'AWS_CLOUDHSM' ? input.customKeyStoreId : undefined,
    backingHandle: handle,
    materials: [newKeyMaterial(keyId, handle, world.nowMs)],
    policy: input.policy ?? defaultKeyPolicy(world.accountId),
    enabledIntent: true,
    pendingDeletion: undefined,
    tags: (input.tags ?? []).map((tag) => ({ TagKey: tag.TagKey, TagValue: tag.TagValue })),
    rotation: undefined,
    onDemandRotations: 0,
    lastUse: undefined,
  };
  world.keys.set(keyId, key);
  world.record('kms.key.created', {
    keyId,
    origin: key.origin,
    customKeyStoreId: key.customKeyStoreId ?? null,
    backingHandle: handle,
  });
  return ok(key);
}

export function setKeyEnabled(
  world: World,
  key: KmsKey,
  enabled: boolean,
): Result<KmsKey, KmsProblemKind> {
  if (key.keyManager === 'AWS')
    return awsManagedRefusal(world, key, enabled ? 'kms:EnableKey' : 'kms:DisableKey');
  if (key.pendingDeletion) return fail('key-pending-deletion', `${key.arn} is pending deletion.`);
  // While the store is disconnected this only records the intent; it applies on reconnect (docs/behaviour.md §3.3).
  key.enabledIntent = enabled;
  world.record('kms.key.enabled-intent', { keyId: key.keyId, enabled });
  // An automatic rotation that fell due while the key was disabled happens now (key-rotation.ts).
  if (enabled) resumeDueRotation(world, key);
  return ok(key);
}

/** UpdateKeyDescription: every state but PendingDeletion (Developer Guide key-state table). */
export function updateKeyDescription(
  world: World,
  key: KmsKey,
  description: string,
): Result<KmsKey, KmsProblemKind> {
  if (key.keyManager === 'AWS') return awsManagedRefusal(world, key, 'kms:UpdateKeyDescription');
  if (key.pendingDeletion) return fail('key-pending-deletion', `${key.arn} is pending deletion.`);
  key.description = description;
  world.record('kms.key.description-updated', { keyId: key.keyId });
  return ok(key);
}

export function scheduleKeyDeletion(
  world: World,
  key: KmsKey,
  windowDays: number,
): Result<KmsKey, KmsProblemKind> {
  if (key.keyManager === 'AWS') return awsManagedRefusal(world, key, 'kms:ScheduleKeyDeletion');
  if (key.pendingDeletion) return fail('key-pending-deletion', `${key.arn} is pending deletion.`);
  const deletionAtMs = world.nowMs + windowDays * MS_PER_DAY;
  const timer = world.kernel.schedule(windowDays * MS_PER_DAY, `delete key ${key.keyId}`, () =>
    deleteKeyNow(world, key),
  );
  key.pendingDeletion = { deletionAtMs, windowDays, cancel: () => timer.cancel() };
  world.record('kms.key.deletion-scheduled', { keyId: key.keyId, deletionAtMs, windowDays });
  return ok(key);
}

export function cancelKeyDeletion(world: World, key: KmsKey): Result<KmsKey, KmsProblemKind> {
  if (!key.pendingDeletion)
    return fail(
      'key-not-pending-deletion',
      `${key.arn} is not pending deletion (or pending replica deletion).`,
    );
  key.pendingDeletion.cancel();
  key.pendingDeletion = undefined;
  // A cancelled key comes back Disabled (docs/behaviour.md §2.4 CancelKeyDeletion).
  key.enabledIntent = false;
  world.record('kms.key.deletion-cancelled', { keyId: key.keyId });
  return ok(key);
}

/**
 * End of the waiting period: the key and its aliases go; KMS makes one best-effort attempt to delete
 * the backing key, which fails (orphaned material) when the store is not connected or the cluster
 * cannot be used (docs/behaviour.md §3.3). Backups are never touched.
 */
function deleteKeyNow(world: World, key: KmsKey): void {
  if (world.keys.get(key.keyId) !== key || !key.pendingDeletion) return;
  world.keys.delete(key.keyId);
  world.deletedKeyIds.add(key.keyId);
  key.rotation?.cancel?.();
  dropGrantsOfKey(world, key.keyId);
  for (const alias of [...world.aliases.values()])
    if (alias.targetKeyId === key.keyId) world.aliases.delete(alias.aliasName);
  let status: 'SUCCESS' | 'FAILURE' = 'SUCCESS';
  let clusterId: string | undefined;
  if (key.origin === 'AWS_KMS') {
    for (const material of key.materials) world.kmsOwnKeys.delete(material.handle);
  } else {
    const store = world.keyStores.get(key.customKeyStoreId!);
    clusterId = store?.clusterId;
    const reachable =
      store && store.connectionState === 'CONNECTED'
        ? reachableCluster(world, store.clusterId, 'look-only')
        : undefined;
    if (reachable?.ok) reachable.value.keys.delete(key.backingHandle);
    else status = 'FAILURE';
  }
  world.record('kms.key.deleted', {
    keyId: key.keyId,
    customKeyStoreId: key.customKeyStoreId ?? null,
    clusterId: clusterId ?? null,
    backingKeys: [{ backingKeyId: String(key.backingHandle), deletionStatus: status }],
  });
}
