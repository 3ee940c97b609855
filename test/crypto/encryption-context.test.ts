/** crypto/encryption-context: canonical AAD bytes of an encryption context (docs/behaviour.md §8.2). */
import { describe, expect, it } from 'vitest';
import { encryptionContextBytes } from '../../src/crypto/encryption-context.js';

const hexOf = (context: Record<string, string> | undefined) =>
  Buffer.from(encryptionContextBytes(context)).toString('hex');

describe('crypto: encryption context bytes', () => {
  it('crypto: context: no context and an empty map are both a zero count', () => {
    expect(hexOf(undefined)).toBe('00000000');
    expect(hexOf({})).toBe('00000000');
  });

  it('crypto: context: layout is count, then length-prefixed key and value per pair', () => {
    expect(hexOf({ a: 'b' })).toBe('00000001' + '00000001' + '61' + '00000001' + '62');
  });

  it('crypto: context: pair order does not matter', () => {
    expect(hexOf({ x: '1', a: '2', m: '3' })).toBe(hexOf({ m: '3', a: '2', x: '1' }));
  });

  it('crypto: context: pairs are sorted by key, upper case before lower case (code units)', () => {
    expect(hexOf({ b: '', B: '' })).toBe(
      '00000002' + '00000001' + '42' + '00000000' + '00000001' + '62' + '00000000',
    );
  });

  it('crypto: context: keys and values are case-sensitive', () => {
    expect(hexOf({ k: 'v' })).not.toBe(hexOf({ K: 'v' }));
    expect(hexOf({ k: 'v' })).not.toBe(hexOf({ k: 'V' }));
  });

  it('crypto: context: moving the key/value boundary changes the bytes ({ab:c} vs {a:bc})', () => {
    expect(hexOf({ ab: 'c' })).not.toBe(hexOf({ a: 'bc' }));
  });

  it('crypto: context: an empty value differs from a missing pair', () => {
    expect(hexOf({ a: '' })).not.toBe(hexOf({}));
  });

  it('crypto: context: lengths count UTF-8 bytes, not characters', () => {
    expect(hexOf({ é: '値' })).toBe('00000001' + '00000002' + 'c3a9' + '00000003' + 'e580a4');
  });
});
