/**
 * kmsim's symmetric ciphertext blob (docs/behaviour.md §8.1: any authenticated format of at most 6144 bytes that
 * names its key and binds the encryption context is acceptable; real blobs name the backing key):
 *
 *   magic "KMSM" (4) | version 0x02 (1) | key id as 16 UUID bytes | backing key id (32) | IV (12)
 *   | ciphertext | GCM tag (16)
 *
 * The backing key id is the 64-hex KeyMaterialId of the material that sealed the blob, so a key
 * whose material rotated still finds the old material for old blobs (issue #10 rotation). The
 * cleartext header (magic, version, key id, backing key id, IV) is part of the AAD together with
 * the canonical encryption context, so changing any byte of the blob, or presenting another
 * context, fails authentication (docs/behaviour.md §8.2, §8.3). Version 0x01 (no backing key id) is retired.
 */
import { type Aad, GCM_IV_BYTES, GCM_TAG_BYTES, gcmOpen, gcmSealInto } from './aes-gcm.js';
import { hexOf, uuidOf } from '../sim/byte-hex.js';
import {
  EMPTY_CONTEXT_BYTES,
  encryptionContextBytes,
  type EncryptionContext,
} from './encryption-context.js';

const MAGIC = Buffer.from('KMSM', 'ascii');
const VERSION = 0x02;
const KEY_ID_BYTES = 16;
const BACKING_KEY_ID_BYTES = 32;
const HEADER_BYTES = MAGIC.length + 1 + KEY_ID_BYTES + BACKING_KEY_ID_BYTES + GCM_IV_BYTES;
export const BLOB_OVERHEAD_BYTES = HEADER_BYTES + GCM_TAG_BYTES;

/** Which key, and which of its key materials, a blob is sealed under. */
export interface BlobKey {
  /** KMS key id (UUID string). */
  readonly keyId: string;
  /** The backing key (KeyMaterialId): 64 lower-case hex characters. */
  readonly backingKeyId: string;
  /**
   * The same two ids as the 48 header bytes (`blobKeyBytes`), when the caller keeps them: the key
   * material does, so an Encrypt does not parse a UUID and 64 hex characters (issue #12).
   */
  readonly keyBytes?: Uint8Array;
}

export interface ParsedBlob extends BlobKey {
  readonly header: Uint8Array;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

function uuidToBytes(keyId: string): Uint8Array {
  const hex = keyId.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new RangeError(`not a UUID key id: ${keyId}`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

function backingKeyIdToBytes(backingKeyId: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/.test(backingKeyId))
    throw new RangeError(`not a 64-hex backing key id: ${backingKeyId}`);
  return new Uint8Array(Buffer.from(backingKeyId, 'hex'));
}

/**
 * The whole AAD of a blob without a context: the header, then the empty context's 4 zero bytes,
 * in one scratch buffer, so GCM takes it in one call instead of two (issue #12). The header part is
 * overwritten by each use; GCM absorbs the AAD before `aadOf` is called again, so nothing is shared.
 */
const HEADER_AND_NO_CONTEXT = new Uint8Array(HEADER_BYTES + EMPTY_CONTEXT_BYTES);

/** The AAD of a blob with this header and context: header then context, as one buffer or as two parts. */
function aadOf(header: Uint8Array, context: EncryptionContext | undefined): Aad {
  if (context !== undefined && hasEntries(context))
    return [header, encryptionContextBytes(context)];
  HEADER_AND_NO_CONTEXT.set(header, 0);
  return HEADER_AND_NO_CONTEXT;
}

function hasEntries(context: EncryptionContext): boolean {
  for (const key in context) if (Object.hasOwn(context, key)) return true;
  return false;
}

/** The 48 header bytes naming key and backing key: the key id's 16 UUID bytes, then the backing key id's 32. */
export function blobKeyBytes(key: BlobKey): Uint8Array {
  const bytes = new Uint8Array(KEY_ID_BYTES + BACKING_KEY_ID_BYTES);
  bytes.set(uuidToBytes(key.keyId), 0);
  bytes.set(backingKeyIdToBytes(key.backingKeyId), KEY_ID_BYTES);
  return bytes;
}

/** Seals into one buffer: header, then ciphertext and tag written in place (issue #12). */
export function sealBlob(
  key: BlobKey,
  material: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  context: EncryptionContext | undefined,
): Uint8Array {
  if (iv.length !== GCM_IV_BYTES) throw new RangeError(`IV must be ${GCM_IV_BYTES} bytes`);
  // From Node's shared buffer pool: every byte is written below, and a fresh array of this size
  // would be an allocation outside the heap on every Encrypt (issue #12).
  const pooled = Buffer.allocUnsafe(HEADER_BYTES + plaintext.length + GCM_TAG_BYTES);
  const blob = new Uint8Array(pooled.buffer, pooled.byteOffset, pooled.length);
  blob.set(MAGIC, 0);
  blob[MAGIC.length] = VERSION;
  blob.set(key.keyBytes ?? blobKeyBytes(key), MAGIC.length + 1);
  blob.set(iv, HEADER_BYTES - GCM_IV_BYTES);
  const header = blob.subarray(0, HEADER_BYTES);
  gcmSealInto(material, iv, plaintext, aadOf(header, context), blob, HEADER_BYTES);
  return blob;
}

/** Whether `blob` names key and backing key with exactly `keyBytes` (48 bytes) after magic and version. */
function namesKeyBytes(blob: Uint8Array, keyBytes: Uint8Array): boolean {
  const start = MAGIC.length + 1;
  for (let i = 0; i < KEY_ID_BYTES + BACKING_KEY_ID_BYTES; i++)
    if (blob[start + i] !== keyBytes[i]) return false;
  return true;
}

/**
 * Reads the cleartext header; undefined when the bytes are not a kmsim blob at all. When the header
 * names the same key and backing key as `known` (with its `keyBytes`), the ids are `known`'s own
 * strings, not spelled out again from the bytes (issue #12).
 */
export function parseBlob(blob: Uint8Array, known?: BlobKey): ParsedBlob | undefined {
  if (blob.length < BLOB_OVERHEAD_BYTES) return undefined;
  for (let i = 0; i < MAGIC.length; i++) if (blob[i] !== MAGIC[i]) return undefined;
  if (blob[MAGIC.length] !== VERSION) return undefined;
  const keyStart = MAGIC.length + 1;
  const backingStart = keyStart + KEY_ID_BYTES;
  const ivStart = backingStart + BACKING_KEY_ID_BYTES;
  const same = known?.keyBytes !== undefined && namesKeyBytes(blob, known.keyBytes);
  return {
    keyId: same ? known.keyId : uuidOf(blob, keyStart),
    backingKeyId: same ? known.backingKeyId : hexOf(blob, backingStart, ivStart),
    header: blob.subarray(0, HEADER_BYTES),
    iv: blob.subarray(ivStart, HEADER_BYTES),
    ciphertext: blob.subarray(HEADER_BYTES, blob.length - GCM_TAG_BYTES),
    tag: blob.subarray(blob.length - GCM_TAG_BYTES),
  };
}

/** Decrypts a parsed blob; undefined when authentication fails (tampering, wrong context, wrong material). */
export function openBlob(
  parsed: ParsedBlob,
  material: Uint8Array,
  context: EncryptionContext | undefined,
): Uint8Array | undefined {
  return gcmOpen(
    material,
    parsed.iv,
    { ciphertext: parsed.ciphertext, tag: parsed.tag },
    aadOf(parsed.header, context),
  );
}
