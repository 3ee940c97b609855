/**
 * A KMS key's key materials (issue #10 rotation). An AWS_KMS key starts with one material and gains
 * one per rotation; the newest is current and seals new ciphertext, and every earlier one still
 * opens what it sealed, because each blob names the material (its KeyMaterialId) that sealed it
 * (docs/behaviour.md §8.1: the header identifies the backing key). A CloudHSM key has exactly one material, the
 * key object in its cluster (docs/behaviour.md §2.4 CreateKey).
 */
import { createHash } from 'node:crypto';
import { blobKeyBytes } from '../crypto/ciphertext-blob.js';

export interface KeyMaterial {
  /** Handle of the key object: in KMS's own HSMs (AWS_KMS) or in the store's cluster. */
  readonly handle: number;
  /** KeyMaterialId / backing key id: 64 lower-case hex characters (docs/behaviour.md §2.1 BackingKeyIdType). */
  readonly materialId: string;
  readonly createdAtMs: number;
  /** How this material came to be current; absent for the first material (ListKeyRotations). */
  readonly rotation?: { readonly atMs: number; readonly type: 'AUTOMATIC' | 'ON_DEMAND' };
  /**
   * The key id and this material's id as the 48 bytes every blob it seals starts with
   * (ciphertext-blob.ts), worked out once here rather than on every Encrypt (issue #12).
   */
  readonly blobKeyBytes: Uint8Array;
}

/** The material behind `handle` for key `keyId`; `rotation` says how it became current (absent: the first). */
export function newKeyMaterial(
  keyId: string,
  handle: number,
  createdAtMs: number,
  rotation?: KeyMaterial['rotation'],
): KeyMaterial {
  const materialId = materialIdFor(keyId, handle);
  const blobKeyBytesOf = blobKeyBytes({ keyId, backingKeyId: materialId });
  return rotation === undefined
    ? { handle, materialId, createdAtMs, blobKeyBytes: blobKeyBytesOf }
    : { handle, materialId, createdAtMs, rotation, blobKeyBytes: blobKeyBytesOf };
}

/** A stable identifier of one material, never derived from the material's bytes. */
export function materialIdFor(keyId: string, handle: number): string {
  return createHash('sha256').update(`kmsim-key-material:${keyId}:${handle}`).digest('hex');
}

/** The material that seals new ciphertext: the newest. */
export function currentMaterial(key: { readonly materials: readonly KeyMaterial[] }): KeyMaterial {
  const current = key.materials[key.materials.length - 1];
  if (!current) throw new Error('simulator invariant: a KMS key without key material');
  return current;
}

export function findMaterial(
  key: { readonly materials: readonly KeyMaterial[] },
  materialId: string,
): KeyMaterial | undefined {
  // Newest first: most blobs were sealed by the current material. Ids are unique within a key.
  const materials = key.materials;
  for (let i = materials.length - 1; i >= 0; i--) {
    const material = materials[i] as KeyMaterial;
    if (material.materialId === materialId) return material;
  }
  return undefined;
}
