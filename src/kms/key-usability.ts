/**
 * Whether a key may be used for a cryptographic operation right now, in the order of docs/behaviour.md §3.2:
 * key state first (DisabledException / KMSInvalidStateException with the recorded texts), then
 * DryRun, then the CloudHSM backend (docs/behaviour.md §4.6).
 */
import { currentMaterial, type KeyMaterial } from '../world/key-material.js';
import { effectiveKeyState, type KeyState, type KmsKey } from '../world/kms-key.js';
import {
  admitStoreRequest,
  admitStoreRequestOn,
  backingMaterial,
  storeMaterial,
} from '../world/backing-key-access.js';
import { liveCluster } from '../world/key-store-lifecycle.js';
import type { RequestLatency } from '../sim/request-latency.js';
import type { World } from '../world/world.js';
import { KMS_MESSAGES, KmsError } from './errors.js';
import { unwrap } from './problem-errors.js';

export function keyStateOf(world: World, key: KmsKey) {
  return effectiveKeyState(
    key,
    key.customKeyStoreId ? world.keyStores.get(key.customKeyStoreId) : undefined,
  );
}

/** docs/behaviour.md §3.2, first row: the key-state errors of the cryptographic operations. */
export function assertUsableState(world: World, key: KmsKey): void {
  assertStateUsable(key, keyStateOf(world, key));
}

function assertStateUsable(key: KmsKey, state: KeyState): void {
  switch (state) {
    case 'Enabled':
    case 'Updating':
      return;
    case 'Disabled':
      throw new KmsError('DisabledException', `${key.arn} is disabled.`);
    case 'PendingDeletion':
      throw new KmsError('KMSInvalidStateException', `${key.arn} is pending deletion.`);
    case 'PendingImport':
      throw new KmsError('KMSInvalidStateException', `${key.arn} is pending import.`);
    case 'Unavailable':
      throw new KmsError('KMSInvalidStateException', `${key.arn} is unavailable.`);
    case 'Creating':
      throw new KmsError('KMSInvalidStateException', `${key.arn} is creating.`);
    case 'PendingReplicaDeletion':
      throw new KmsError('KMSInvalidStateException', `${key.arn} is pending replica deletion.`);
  }
}

/** docs/behaviour.md §8.4: symmetric keys accept SYMMETRIC_DEFAULT only. */
export function assertSymmetricAlgorithm(
  key: KmsKey,
  algorithm: string | undefined,
  operation: string,
): void {
  if (algorithm !== undefined && algorithm !== 'SYMMETRIC_DEFAULT') {
    throw new KmsError(
      'InvalidKeyUsageException',
      `The encryption algorithm ${algorithm} is not valid for ${operation} with ${key.arn}, whose key spec is SYMMETRIC_DEFAULT.`,
    );
  }
}

/** After every other check passes, a DryRun stops here (docs/behaviour.md §8.6). */
export function stopIfDryRun(dryRun: boolean | undefined): void {
  if (dryRun) throw new KmsError('DryRunOperationException', KMS_MESSAGES.dryRun);
}

/** A key material and its bytes, ready to seal or open. */
export interface UsableMaterial {
  readonly material: KeyMaterial;
  readonly bytes: Uint8Array;
}

/**
 * State, the store's request quota, then DryRun, then the backend: the material to use (the current
 * one unless a blob named another), or the exact exception (docs/behaviour.md §3.2, §4.6; §5.1: DryRun requests
 * count against quotas).
 */
export function materialForCrypto(
  world: World,
  key: KmsKey,
  dryRun: boolean | undefined,
  latency: RequestLatency,
  material: KeyMaterial = currentMaterial(key),
): UsableMaterial {
  const storeId = key.customKeyStoreId;
  if (storeId === undefined || key.origin === 'AWS_KMS') {
    assertUsableState(world, key);
    if (storeId !== undefined) unwrap(admitStoreRequest(world, storeId), 'crypto');
    stopIfDryRun(dryRun);
    return { material, bytes: unwrap(backingMaterial(world, key, latency, material), 'crypto') };
  }
  // The same steps with the store and its cluster looked up once (issue #12); nothing in between
  // changes either.
  const store = world.keyStores.get(storeId);
  assertStateUsable(key, effectiveKeyState(key, store));
  const cluster = store ? liveCluster(world, store.clusterId) : undefined;
  unwrap(admitStoreRequestOn(world, storeId, cluster), 'crypto');
  stopIfDryRun(dryRun);
  // A key whose store is gone is Unavailable, refused above.
  if (!store)
    throw new Error(`simulator invariant: key ${key.keyId} names missing store ${storeId}`);
  return {
    material,
    bytes: unwrap(storeMaterial(world, key, store, cluster, latency, material), 'crypto'),
  };
}
