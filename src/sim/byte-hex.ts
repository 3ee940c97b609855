/**
 * Bytes as lower-case hex through a 256-entry table: ids and blob headers are formatted on every
 * request, and `toString(16)` / `padStart` / `Buffer#toString('hex')` each made arrays, copies or
 * native calls there (issue #12). The table is a constant of the code, not simulator state.
 */
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b.toString(16).padStart(2, '0'),
);

/** Two hex characters for one byte value (0..255). */
export function byteHex(byte: number): string {
  return BYTE_HEX[byte & 0xff] as string;
}

/** `bytes[start..end)` as hex. */
export function hexOf(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = '';
  for (let i = start; i < end; i++) out += BYTE_HEX[bytes[i] as number];
  return out;
}

/** 16 bytes from `start` as a UUID string: 8-4-4-4-12 hex digits. */
export function uuidOf(bytes: Uint8Array, start = 0): string {
  return `${hexOf(bytes, start, start + 4)}-${hexOf(bytes, start + 4, start + 6)}-${hexOf(bytes, start + 6, start + 8)}-${hexOf(bytes, start + 8, start + 10)}-${hexOf(bytes, start + 10, start + 16)}`;
}
