/**
 * Canonical bytes of an encryption context, bound as additional authenticated data (docs/behaviour.md §8.2):
 * pairs sorted by key so order does not matter, case kept so case does matter, and every string
 * length-prefixed so `{"ab":"c"}` and `{"a":"bc"}` can never collide.
 */
export type EncryptionContext = Readonly<Record<string, string>>;

/** Length of the canonical bytes of an empty context: its pair count, 0, as 4 bytes. */
export const EMPTY_CONTEXT_BYTES = 4;

export function encryptionContextBytes(context: EncryptionContext | undefined): Uint8Array {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const parts: Buffer[] = [];
  const count = Buffer.alloc(4);
  count.writeUInt32BE(entries.length);
  parts.push(count);
  for (const [key, value] of entries) {
    for (const text of [key, value]) {
      const bytes = Buffer.from(text, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      parts.push(length, bytes);
    }
  }
  return new Uint8Array(Buffer.concat(parts));
}
