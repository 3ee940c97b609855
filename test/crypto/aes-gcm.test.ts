/** crypto/aes-gcm: real AES-256-GCM with caller-supplied IVs (issue #2 §6). */
import { describe, expect, it } from 'vitest';
import {
  GCM_IV_BYTES,
  GCM_TAG_BYTES,
  gcmOpen,
  gcmSeal,
  gcmSealInto,
} from '../../src/crypto/aes-gcm.js';

const hex = (text: string) => new Uint8Array(Buffer.from(text, 'hex'));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const KEY = new Uint8Array(32).map((_, i) => i);
const IV = new Uint8Array(GCM_IV_BYTES).map((_, i) => 0xa0 + i);
const AAD = new Uint8Array(Buffer.from('header'));

describe('crypto: AES-256-GCM', () => {
  it('crypto: aes-gcm: known answer, all-zero key and IV, empty plaintext (GCM spec test case 13)', () => {
    const sealed = gcmSeal(
      new Uint8Array(32),
      new Uint8Array(12),
      new Uint8Array(0),
      new Uint8Array(0),
    );
    expect(toHex(sealed.ciphertext)).toBe('');
    expect(toHex(sealed.tag)).toBe('530f8afbc74536b9a963b4f1c4cb738b');
  });

  it('crypto: aes-gcm: known answer, all-zero key and IV, 16 zero bytes (GCM spec test case 14)', () => {
    const sealed = gcmSeal(
      new Uint8Array(32),
      new Uint8Array(12),
      new Uint8Array(16),
      new Uint8Array(0),
    );
    expect(toHex(sealed.ciphertext)).toBe('cea7403d4d606b6e074ec5d3baf39d18');
    expect(toHex(sealed.tag)).toBe('d0d1c8a799996bf0265b98b5d48ab919');
  });

  it('crypto: aes-gcm: round-trips; ciphertext as long as the plaintext, 16-byte tag', () => {
    const plaintext = new Uint8Array(Buffer.from('attack at dawn'));
    const sealed = gcmSeal(KEY, IV, plaintext, AAD);
    expect(sealed.ciphertext).toHaveLength(plaintext.length);
    expect(sealed.tag).toHaveLength(GCM_TAG_BYTES);
    expect(toHex(sealed.ciphertext)).not.toBe(toHex(plaintext));
    expect(toHex(gcmOpen(KEY, IV, sealed, AAD)!)).toBe(toHex(plaintext));
  });

  it('crypto: aes-gcm: same key, IV, plaintext and AAD → the same bytes (determinism comes from the IV)', () => {
    const a = gcmSeal(KEY, IV, hex('00112233'), AAD);
    const b = gcmSeal(KEY, IV, hex('00112233'), AAD);
    expect(toHex(a.ciphertext) + toHex(a.tag)).toBe(toHex(b.ciphertext) + toHex(b.tag));
  });

  it('crypto: aes-gcm: wrong key, IV, AAD, tag or ciphertext → undefined, never throws', () => {
    const sealed = gcmSeal(KEY, IV, hex('0102030405'), AAD);
    const otherKey = KEY.map((byte) => byte ^ 0xff);
    const otherIv = IV.map((byte, i) => (i === 0 ? byte ^ 1 : byte));
    const badTag = {
      ciphertext: sealed.ciphertext,
      tag: sealed.tag.map((byte, i) => (i === 15 ? byte ^ 1 : byte)),
    };
    const badBody = {
      ciphertext: sealed.ciphertext.map((byte, i) => (i === 2 ? byte ^ 1 : byte)),
      tag: sealed.tag,
    };
    expect(gcmOpen(otherKey, IV, sealed, AAD)).toBeUndefined();
    expect(gcmOpen(KEY, otherIv, sealed, AAD)).toBeUndefined();
    expect(gcmOpen(KEY, IV, sealed, new Uint8Array(Buffer.from('Header')))).toBeUndefined();
    expect(gcmOpen(KEY, IV, badTag, AAD)).toBeUndefined();
    expect(gcmOpen(KEY, IV, badBody, AAD)).toBeUndefined();
  });

  it('crypto: aes-gcm: a truncated tag or a key of the wrong size → undefined on open', () => {
    const sealed = gcmSeal(KEY, IV, hex('0102'), AAD);
    expect(
      gcmOpen(KEY, IV, { ciphertext: sealed.ciphertext, tag: sealed.tag.subarray(0, 12) }, AAD),
    ).toBeUndefined();
    expect(gcmOpen(KEY.subarray(0, 16), IV, sealed, AAD)).toBeUndefined();
  });

  it('crypto: aes-gcm: sealing with a 16-byte (AES-128) key is refused', () => {
    expect(() => gcmSeal(KEY.subarray(0, 16), IV, hex('01'), AAD)).toThrow();
  });

  it('crypto: aes-gcm: AAD given in parts authenticates exactly as their concatenation, whatever the split', () => {
    const whole = new Uint8Array(69).map((_, i) => (i * 7) & 0xff);
    const plaintext = hex('00112233445566778899aabbccddeeff0011');
    const sealed = gcmSeal(KEY, IV, plaintext, whole);
    for (const cut of [0, 1, 15, 16, 17, 65, 69]) {
      const parts = [whole.subarray(0, cut), whole.subarray(cut)];
      const out = new Uint8Array(plaintext.length + GCM_TAG_BYTES);
      gcmSealInto(KEY, IV, plaintext, parts, out, 0);
      expect(toHex(out)).toBe(toHex(sealed.ciphertext) + toHex(sealed.tag));
      expect(toHex(gcmOpen(KEY, IV, sealed, parts)!)).toBe(toHex(plaintext));
    }
    const reordered = [whole.subarray(4), whole.subarray(0, 4)];
    expect(gcmOpen(KEY, IV, sealed, reordered)).toBeUndefined();
  });
});
