/** crypto/ciphertext-blob: kmsim's symmetric ciphertext format (docs/behaviour.md §8.1-8.3). */
import { describe, expect, it } from 'vitest';
import {
  BLOB_OVERHEAD_BYTES,
  blobKeyBytes,
  openBlob,
  parseBlob,
  sealBlob,
} from '../../src/crypto/ciphertext-blob.js';
import { gcmOpen } from '../../src/crypto/aes-gcm.js';
import { encryptionContextBytes } from '../../src/crypto/encryption-context.js';

const KEY = {
  keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
  backingKeyId: 'ab'.repeat(32),
};
const MATERIAL = new Uint8Array(32).fill(7);
const IV = new Uint8Array(12).map((_, i) => i + 1);
const text = (value: string) => new Uint8Array(Buffer.from(value));

describe('crypto: ciphertext blob', () => {
  it('crypto: blob: header is "KMSM", version 2, the 16 key-id bytes, the 32 backing-key-id bytes, then the 12-byte IV', () => {
    const blob = Buffer.from(sealBlob(KEY, MATERIAL, IV, text('hi'), undefined));
    expect(blob.subarray(0, 4).toString('ascii')).toBe('KMSM');
    expect(blob[4]).toBe(2);
    expect(blob.subarray(5, 21).toString('hex')).toBe('1234abcd12ab34cd56ef1234567890ab');
    expect(blob.subarray(21, 53).toString('hex')).toBe(KEY.backingKeyId);
    expect([...blob.subarray(53, 65)]).toEqual([...IV]);
    expect(parseBlob(blob)).toMatchObject(KEY);
  });

  it('crypto: blob: length is the overhead (65-byte header + 16-byte tag) plus the plaintext; 113 bytes for a 32-byte data key', () => {
    expect(BLOB_OVERHEAD_BYTES).toBe(81);
    expect(sealBlob(KEY, MATERIAL, IV, new Uint8Array(32), undefined)).toHaveLength(113);
    expect(sealBlob(KEY, MATERIAL, IV, new Uint8Array(4096), undefined).length).toBeLessThanOrEqual(
      6144,
    );
  });

  it('crypto: blob: parse names the key and splits IV, body and tag; open returns the plaintext', () => {
    const blob = sealBlob(KEY, MATERIAL, IV, text('payload'), { a: 'b' });
    const parsed = parseBlob(blob)!;
    expect(parsed.keyId).toBe(KEY.keyId);
    expect([...parsed.iv]).toEqual([...IV]);
    expect(parsed.ciphertext).toHaveLength(7);
    expect(parsed.tag).toHaveLength(16);
    expect(Buffer.from(openBlob(parsed, MATERIAL, { a: 'b' })!).toString()).toBe('payload');
  });

  it('crypto: blob: key bytes kept by the caller (a key material keeps them) seal the same blob as the two ids', () => {
    const keyBytes = blobKeyBytes(KEY);
    expect(Buffer.from(keyBytes).toString('hex')).toBe(
      `1234abcd12ab34cd56ef1234567890ab${KEY.backingKeyId}`,
    );
    const kept = sealBlob({ ...KEY, keyBytes }, MATERIAL, IV, text('x'), { k: 'v' });
    const parsedOnce = sealBlob(KEY, MATERIAL, IV, text('x'), { k: 'v' });
    expect(Buffer.from(kept).equals(Buffer.from(parsedOnce))).toBe(true);
    expect(() => blobKeyBytes({ ...KEY, keyId: 'not-a-uuid' })).toThrow(RangeError);
  });

  it('crypto: blob: the AAD is the header then the canonical context bytes, with or without a context', () => {
    const contexts: (Record<string, string> | undefined)[] = [undefined, {}, { k: 'v' }];
    for (const context of contexts) {
      const parsed = parseBlob(sealBlob(KEY, MATERIAL, IV, text('aad'), context))!;
      const expectedAad = Buffer.concat([parsed.header, encryptionContextBytes(context)]);
      const sealed = { ciphertext: parsed.ciphertext, tag: parsed.tag };
      expect(Buffer.from(gcmOpen(MATERIAL, parsed.iv, sealed, expectedAad)!).toString()).toBe(
        'aad',
      );
      expect(gcmOpen(MATERIAL, parsed.iv, sealed, parsed.header)).toBeUndefined();
    }
  });

  it('crypto: blob: the plaintext does not appear in the blob', () => {
    const blob = Buffer.from(sealBlob(KEY, MATERIAL, IV, text('visible?'), undefined));
    expect(blob.includes(Buffer.from('visible?'))).toBe(false);
  });

  it('crypto: blob: same key id, material, IV, plaintext and context → identical bytes', () => {
    const a = sealBlob(KEY, MATERIAL, IV, text('x'), { k: 'v' });
    const b = sealBlob(KEY, MATERIAL, IV, text('x'), { k: 'v' });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('crypto: blob: another context or other material → open gives undefined', () => {
    const parsed = parseBlob(sealBlob(KEY, MATERIAL, IV, text('x'), { k: 'v' }))!;
    expect(openBlob(parsed, MATERIAL, undefined)).toBeUndefined();
    expect(openBlob(parsed, MATERIAL, { k: 'V' })).toBeUndefined();
    expect(openBlob(parsed, new Uint8Array(32).fill(8), { k: 'v' })).toBeUndefined();
  });

  it('crypto: blob: header bytes are authenticated — rewriting the key id in the header fails to open', () => {
    const blob = sealBlob(KEY, MATERIAL, IV, text('x'), undefined);
    blob[10] = blob[10]! ^ 0x01;
    const parsed = parseBlob(blob)!;
    expect(parsed.keyId).not.toBe(KEY.keyId);
    expect(openBlob(parsed, MATERIAL, undefined)).toBeUndefined();
  });

  it('crypto: blob: too short, wrong magic or wrong version → parse gives undefined', () => {
    const blob = sealBlob(KEY, MATERIAL, IV, text('x'), undefined);
    expect(parseBlob(blob.subarray(0, BLOB_OVERHEAD_BYTES - 1))).toBeUndefined();
    expect(parseBlob(new Uint8Array(0))).toBeUndefined();
    const badMagic = new Uint8Array(blob);
    badMagic[0] = 0x6b;
    expect(parseBlob(badMagic)).toBeUndefined();
    const badVersion = new Uint8Array(blob);
    badVersion[4] = 1;
    expect(parseBlob(badVersion)).toBeUndefined();
  });

  it('crypto: blob: an empty plaintext still seals and opens (exactly the overhead)', () => {
    const blob = sealBlob(KEY, MATERIAL, IV, new Uint8Array(0), undefined);
    expect(blob).toHaveLength(BLOB_OVERHEAD_BYTES);
    expect(openBlob(parseBlob(blob)!, MATERIAL, undefined)).toHaveLength(0);
  });

  it('crypto: blob: rewriting the backing key id in the header fails to open as well', () => {
    const blob = sealBlob(KEY, MATERIAL, IV, text('x'), undefined);
    blob[30] = blob[30]! ^ 0x01;
    const parsed = parseBlob(blob)!;
    expect(parsed.backingKeyId).not.toBe(KEY.backingKeyId);
    expect(openBlob(parsed, MATERIAL, undefined)).toBeUndefined();
  });

  it('crypto: blob: an IV that is not 12 bytes, or a key id that is not a UUID, is a programming error', () => {
    expect(() => sealBlob(KEY, MATERIAL, new Uint8Array(16), text('x'), undefined)).toThrow(
      RangeError,
    );
    expect(() =>
      sealBlob({ ...KEY, keyId: 'alias/nope' }, MATERIAL, IV, text('x'), undefined),
    ).toThrow(RangeError);
    expect(() =>
      sealBlob({ ...KEY, backingKeyId: 'xyz' }, MATERIAL, IV, text('x'), undefined),
    ).toThrow(RangeError);
  });
});
