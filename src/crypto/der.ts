/**
 * The few ASN.1 DER encodings X.509 certificates and PKCS#10 requests need (ITU-T X.690):
 * definite lengths, minimal INTEGERs, OIDs in base 128, and both time forms RFC 5280 §4.1.2.5
 * prescribes (UTCTime through 2049, GeneralizedTime from 2050). Encoding only: kmsim builds the
 * HSM's certificates (x509.ts) and never parses DER.
 */

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with the given tag byte. */
export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export function sequence(...items: Uint8Array[]): Buffer {
  return tlv(0x30, Buffer.concat(items));
}

export function set(...items: Uint8Array[]): Buffer {
  return tlv(0x31, Buffer.concat(items));
}

/** `[n] EXPLICIT` around one element. */
export function explicit(n: number, content: Uint8Array): Buffer {
  return tlv(0xa0 | n, content);
}

export function integer(value: bigint): Buffer {
  if (value < 0n) throw new RangeError('only non-negative INTEGERs are encoded');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  // A set top bit would read as negative: prefix a zero byte.
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

export function booleanValue(value: boolean): Buffer {
  return tlv(0x01, Buffer.from([value ? 0xff : 0x00]));
}

/** BIT STRING of whole bytes (no unused bits). */
export function bitString(bytes: Uint8Array): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
}

/** BIT STRING of named bits (KeyUsage): bit 0 is the top bit of the first byte, trailing zeros trimmed. */
export function namedBits(bits: readonly number[]): Buffer {
  const top = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(top / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> (bit % 8);
  return tlv(0x03, Buffer.concat([Buffer.from([7 - (top % 8)]), bytes]));
}

export function octetString(bytes: Uint8Array): Buffer {
  return tlv(0x04, bytes);
}

export function objectIdentifier(dotted: string): Buffer {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128))
      chunk.unshift(0x80 | (rest & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

export function utf8String(text: string): Buffer {
  return tlv(0x0c, Buffer.from(text, 'utf8'));
}

export function printableString(text: string): Buffer {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text))
    throw new RangeError(`not a PrintableString: ${text}`);
  return tlv(0x13, Buffer.from(text, 'ascii'));
}

/** RFC 5280 §4.1.2.5: UTCTime for 1950-2049, GeneralizedTime otherwise; always UTC, whole seconds. */
export function time(epochMs: number): Buffer {
  const iso = new Date(epochMs).toISOString(); // 2026-01-01T00:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, ''); // 20260101000000
  const year = Number(digits.slice(0, 4));
  return year >= 1950 && year < 2050
    ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}
