/** sim/byte-hex: bytes as lower-case hex and UUID text, the same as Node's own formatting. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byteHex, hexOf, uuidOf } from '../../src/sim/byte-hex.js';

describe('sim: byte hex', () => {
  it('every byte value is two lower-case hex digits', () => {
    for (let b = 0; b < 256; b++) expect(byteHex(b)).toBe(b.toString(16).padStart(2, '0'));
  });

  it('hexOf a range equals Buffer#toString("hex") of that range', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const start = bytes.length === 0 ? 0 : a % bytes.length;
        const end = start + (bytes.length === 0 ? 0 : b % (bytes.length - start + 1));
        expect(hexOf(bytes, start, end)).toBe(
          Buffer.from(bytes.subarray(start, end)).toString('hex'),
        );
      }),
    );
  });

  it('uuidOf reads 16 bytes from the offset as 8-4-4-4-12', () => {
    const bytes = Uint8Array.from({ length: 20 }, (_, i) => i * 13);
    const hex = Buffer.from(bytes.subarray(2, 18)).toString('hex');
    expect(uuidOf(bytes, 2)).toBe(
      `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    );
  });
});
