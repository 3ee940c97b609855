/**
 * Rotation of key material (issue #10; EnableKeyRotation, DisableKeyRotation, GetKeyRotationStatus,
 * RotateKeyOnDemand, ListKeyRotations). Only AWS_KMS keys rotate: a key in a CloudHSM key store is
 * refused with UnsupportedOperationException in the wording KMS uses for other origins
 * (`<ARN> origin is EXTERNAL which is not valid for this operation.`, Developer Guide key-state
 * table note 6). A rotation adds a new material in KMS's own HSMs and makes it current; earlier
 * materials stay, so ciphertext sealed before still opens (key-material.ts).
 *
 * Automatic rotation runs on the kernel: every `periodDays` (default 365, model 90..2560) from the
 * day it was enabled. A rotation that falls due while the key is disabled or pending deletion waits
 * and happens when the key is enabled again (API reference, GetKeyRotationStatus "Disabled").
 * On-demand rotations complete at once, at most 25 per key (API reference, RotateKeyOnDemand), and
 * are refused with ConflictException within 20 minutes of a scheduled automatic one.
 */
import { awsManagedRefusal } from './aws-managed-refusal.js';
import { type KeyMaterial, newKeyMaterial } from './key-material.js';
import type { KmsKey } from './kms-key.js';
import type { KmsProblemKind } from './kms-problem.js';
import { fail, ok, type Result } from './result.js';
import { MS_PER_DAY } from './timings.js';
import type { World } from './world.js';

export const DEFAULT_ROTATION_PERIOD_DAYS = 365;
/** API reference, RotateKeyOnDemand (botocore model 2026-08; older pages said 10). */
export const MAX_ON_DEMAND_ROTATIONS = 25;
/** ConflictException: an automatic rotation is in progress or due within 20 minutes. */
export const ROTATION_CONFLICT_WINDOW_MS = 20 * 60 * 1000;

export interface RotationStatus {
  readonly enabled: boolean;
  readonly periodDays: number | undefined;
  readonly nextAtMs: number | undefined;
}

/** Only AWS_KMS keys can rotate (Developer Guide key-state table note 7). */
function unsupported(key: KmsKey): Result<true, KmsProblemKind> {
  if (key.origin !== 'AWS_KMS')
    return fail(
      'rotation-unsupported',
      `${key.arn} origin is ${key.origin} which is not valid for this operation.`,
    );
  return ok(true);
}

/** Checks shared by the operations that change rotation: origin, manager, then key state. */
function changeable(world: World, key: KmsKey, action: string): Result<true, KmsProblemKind> {
  const origin = unsupported(key);
  if (!origin.ok) return origin;
  if (key.keyManager === 'AWS') return awsManagedRefusal(world, key, action);
  if (key.pendingDeletion) return fail('key-pending-deletion', `${key.arn} is pending deletion.`);
  if (!key.enabledIntent) return fail('key-disabled', `${key.arn} is disabled.`);
  return ok(true);
}

function freshHandle(world: World): number {
  let handle = world.kernel.ids.keyHandle();
  while (world.kmsOwnKeys.has(handle)) handle = world.kernel.ids.keyHandle();
  return handle;
}

/** New material in KMS's own HSMs becomes current. */
export function rotateMaterial(
  world: World,
  key: KmsKey,
  type: 'AUTOMATIC' | 'ON_DEMAND',
): KeyMaterial {
  const handle = freshHandle(world);
  world.kmsOwnKeys.put({
    handle,
    label: key.arn,
    owner: 'kms',
    material: world.entropy.bytes(32),
    createdAtMs: world.nowMs,
  });
  const material = newKeyMaterial(key.keyId, handle, world.nowMs, { atMs: world.nowMs, type });
  key.materials.push(material);
  key.backingHandle = handle;
  world.record('kms.key.rotated', { keyId: key.keyId, type, keyMaterialId: material.materialId });
  return material;
}

function rotatesNow(key: KmsKey): boolean {
  return key.enabledIntent && !key.pendingDeletion;
}

function schedule(world: World, key: KmsKey, periodDays: number, anchorMs: number): void {
  const nextAtMs = Math.max(anchorMs + periodDays * MS_PER_DAY, world.nowMs);
  const timer = world.kernel.schedule(nextAtMs - world.nowMs, `rotate key ${key.keyId}`, () =>
    rotationDue(world, key),
  );
  key.rotation = { periodDays, anchorMs, nextAtMs, cancel: () => timer.cancel() };
}

function rotationDue(world: World, key: KmsKey): void {
  const rotation = key.rotation;
  if (world.keys.get(key.keyId) !== key || !rotation) return;
  rotation.cancel = undefined;
  // A disabled or pending-deletion key does not rotate; the due rotation waits for EnableKey.
  if (!rotatesNow(key)) return;
  rotateMaterial(world, key, 'AUTOMATIC');
  schedule(world, key, rotation.periodDays, world.nowMs);
}

/** EnableKey calls this: a rotation that fell due while the key was disabled happens now. */
export function resumeDueRotation(world: World, key: KmsKey): void {
  if (key.rotation && key.rotation.cancel === undefined && rotatesNow(key)) rotationDue(world, key);
}

/** Automatic rotation of an AWS managed key: always on, yearly, not configurable. */
export function startAutomaticRotation(world: World, key: KmsKey, periodDays: number): void {
  key.rotation?.cancel?.();
  schedule(world, key, periodDays, key.rotation?.anchorMs ?? world.nowMs);
}

export function enableKeyRotation(
  world: World,
  key: KmsKey,
  periodDays: number = DEFAULT_ROTATION_PERIOD_DAYS,
): Result<KmsKey, KmsProblemKind> {
  const allowed = changeable(world, key, 'kms:EnableKeyRotation');
  if (!allowed.ok) return allowed;
  startAutomaticRotation(world, key, periodDays);
  world.record('kms.key.rotation-enabled', { keyId: key.keyId, periodDays });
  return ok(key);
}

export function disableKeyRotation(world: World, key: KmsKey): Result<KmsKey, KmsProblemKind> {
  const allowed = changeable(world, key, 'kms:DisableKeyRotation');
  if (!allowed.ok) return allowed;
  key.rotation?.cancel?.();
  key.rotation = undefined;
  world.record('kms.key.rotation-disabled', { keyId: key.keyId });
  return ok(key);
}

export function rotateKeyOnDemand(world: World, key: KmsKey): Result<KeyMaterial, KmsProblemKind> {
  const allowed = changeable(world, key, 'kms:RotateKeyOnDemand');
  if (!allowed.ok) return allowed;
  if (key.onDemandRotations >= MAX_ON_DEMAND_ROTATIONS)
    return fail(
      'rotation-limit',
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
    );
  if (key.rotation && key.rotation.nextAtMs - world.nowMs <= ROTATION_CONFLICT_WINDOW_MS)
    return fail(
      'rotation-conflict',
      `An automatic rotation of ${key.arn} is in progress or scheduled to begin within the next 20 minutes.`,
    );
  key.onDemandRotations += 1;
  return ok(rotateMaterial(world, key, 'ON_DEMAND'));
}

/** GetKeyRotationStatus: false while pending deletion, true again if the deletion is cancelled. */
export function rotationStatus(key: KmsKey): Result<RotationStatus, KmsProblemKind> {
  const origin = unsupported(key);
  if (!origin.ok) return origin;
  if (!key.rotation || key.pendingDeletion)
    return ok({ enabled: false, periodDays: undefined, nextAtMs: undefined });
  return ok({
    enabled: true,
    periodDays: key.rotation.periodDays,
    nextAtMs: key.rotation.nextAtMs,
  });
}

/** ListKeyRotations: the key's materials, for AWS_KMS keys only. */
export function rotationsOf(key: KmsKey): Result<readonly KeyMaterial[], KmsProblemKind> {
  const origin = unsupported(key);
  if (!origin.ok) return origin;
  return ok(key.materials);
}
