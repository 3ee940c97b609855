/**
 * Sealing and opening KMS ciphertext for the data-plane operations (docs/behaviour.md §8.1-8.3). Encrypt,
 * GenerateDataKey* and ReEncrypt seal; Decrypt and ReEncrypt open. Opening resolves the key from
 * the blob's header, so Decrypt needs no KeyId (docs/behaviour.md §8.1).
 */
import { openBlob, parseBlob, sealBlob, type EncryptionContext } from '../crypto/index.js';
import { GCM_IV_BYTES } from '../crypto/aes-gcm.js';
import { findMaterial, type KeyMaterial } from '../world/key-material.js';
import type { RequestLatency } from '../sim/request-latency.js';
import type { KmsKey } from '../world/kms-key.js';
import type { World } from '../world/world.js';
import { KMS_MESSAGES, KmsError } from './errors.js';
import { materialForCrypto, type UsableMaterial } from './key-usability.js';

/**
 * The IV of the blob being sealed: sealBlob copies it into the blob and GCM takes it before
 * anything else can seal, so one buffer serves every request (issue #12).
 */
const IV_SCRATCH = new Uint8Array(GCM_IV_BYTES);

/** Seals under the given material; the blob names the key and that material (docs/behaviour.md §8.1). */
export function sealFor(
  world: World,
  key: KmsKey,
  usable: UsableMaterial,
  plaintext: Uint8Array,
  context: EncryptionContext | undefined,
): Uint8Array {
  return sealBlob(
    {
      keyId: key.keyId,
      backingKeyId: usable.material.materialId,
      keyBytes: usable.material.blobKeyBytes,
    },
    usable.bytes,
    world.entropy.fill(IV_SCRATCH),
    plaintext,
    context,
  );
}

export interface OpenRequest {
  readonly ciphertext: Uint8Array;
  readonly context: EncryptionContext | undefined;
  /** The key the caller named (KeyId / SourceKeyId), already resolved, if any. */
  readonly expectedKey: KmsKey | undefined;
  readonly dryRun: boolean | undefined;
}

export interface Opened {
  readonly key: KmsKey;
  /** The material that sealed the blob (Decrypt's KeyMaterialId). */
  readonly material: KeyMaterial;
  readonly plaintext: Uint8Array;
}

/**
 * Order (docs/behaviour.md §3.2, §8.3; docs/fidelity.md): an unreadable blob is InvalidCiphertextException; the
 * blob's key must exist and match the named key (IncorrectKeyException); then key state, DryRun,
 * backend; last, authentication (InvalidCiphertextException, empty message). A header naming a
 * deleted key is NotFoundException; one naming a key id never issued here is a modified blob (the
 * header is authenticated data, so it could never have decrypted): InvalidCiphertextException.
 */
export function openFor(world: World, request: OpenRequest, latency: RequestLatency): Opened {
  const remembered = world.lastOpenedBlobKey;
  const parsed = parseBlob(request.ciphertext, remembered);
  if (!parsed) throw new KmsError('InvalidCiphertextException', undefined);
  const key = world.keys.get(parsed.keyId);
  if (!key) {
    if (world.deletedKeyIds.has(parsed.keyId))
      throw new KmsError('NotFoundException', `Key '${world.keyArn(parsed.keyId)}' does not exist`);
    throw new KmsError('InvalidCiphertextException', undefined);
  }
  if (request.expectedKey && request.expectedKey.keyId !== key.keyId)
    throw new KmsError('IncorrectKeyException', KMS_MESSAGES.incorrectKey);
  // A backing key this key never had: the header is authenticated, so this blob never decrypted.
  const material = findMaterial(key, parsed.backingKeyId);
  if (!material) throw new KmsError('InvalidCiphertextException', undefined);
  if (remembered?.keyBytes !== material.blobKeyBytes)
    world.lastOpenedBlobKey = {
      keyId: key.keyId,
      backingKeyId: material.materialId,
      keyBytes: material.blobKeyBytes,
    };
  const usable = materialForCrypto(world, key, request.dryRun, latency, material);
  const plaintext = openBlob(parsed, usable.bytes, request.context);
  if (!plaintext) throw new KmsError('InvalidCiphertextException', undefined);
  return { key, material, plaintext };
}
