/**
 * Real AES-256-GCM through node:crypto. The IV is supplied by the caller (from the simulator's
 * seeded entropy) so that the same seed gives the same ciphertext bytes (issue #2 §9).
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;

export interface GcmSealed {
  readonly ciphertext: Uint8Array;
  readonly tag: Uint8Array;
}

export function gcmSeal(
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
): GcmSealed {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { ciphertext: new Uint8Array(ciphertext), tag: new Uint8Array(cipher.getAuthTag()) };
}

/**
 * Additional authenticated data, whole or as parts in order: GCM authenticates the parts exactly as
 * their concatenation, so callers need not join them into a new buffer (issue #12).
 */
export type Aad = Uint8Array | readonly Uint8Array[];

function setAad(cipher: { setAAD(data: Uint8Array): unknown }, aad: Aad): void {
  if (aad instanceof Uint8Array) cipher.setAAD(aad);
  else for (const part of aad) cipher.setAAD(part);
}

/**
 * Seals into `out` at `offset`: the ciphertext (as long as the plaintext), then the tag. Writing
 * straight into the caller's buffer saves the copies `gcmSeal` makes (issue #12).
 */
export function gcmSealInto(
  key: Uint8Array,
  iv: Uint8Array,
  plaintext: Uint8Array,
  aad: Aad,
  out: Uint8Array,
  offset: number,
): void {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  setAad(cipher, aad);
  const body = cipher.update(plaintext);
  out.set(body, offset);
  const rest = cipher.final(); // empty for GCM, kept so no byte could ever be dropped
  out.set(rest, offset + body.length);
  out.set(cipher.getAuthTag(), offset + body.length + rest.length);
}

/** Returns the plaintext, or undefined when authentication fails (wrong key, AAD or tampering). */
export function gcmOpen(
  key: Uint8Array,
  iv: Uint8Array,
  sealed: GcmSealed,
  aad: Aad,
): Uint8Array | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
    setAad(decipher, aad);
    decipher.setAuthTag(sealed.tag);
    const body = decipher.update(sealed.ciphertext);
    const rest = decipher.final(); // empty for GCM; it checks the tag
    // The plaintext as a view of the decipher's own output: no concatenation, no copy (issue #12).
    const plaintext = rest.length === 0 ? body : Buffer.concat([body, rest]);
    return new Uint8Array(plaintext.buffer, plaintext.byteOffset, plaintext.length);
  } catch {
    return undefined;
  }
}
