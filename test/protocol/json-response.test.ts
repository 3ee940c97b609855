/** protocol/json-response: the body of a 200 is the output as JSON, empty members left out, blobs base64 (docs/behaviour.md §1.2). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { successResponse } from '../../src/protocol/json-response.js';

/** What the renderer must equal: copy without empty members, blobs as base64, then JSON.stringify. */
function reference(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(reference);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty: a `__proto__` member is an own key like any other.
    for (const [key, inner] of Object.entries(value))
      if (inner !== undefined && inner !== null)
        Object.defineProperty(out, key, {
          value: reference(inner),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    return out;
  }
  return value;
}

describe('protocol: JSON responses', () => {
  it('a 200 body is the output JSON with null and undefined members left out and blobs as base64', () => {
    const text = fc.string({ unit: 'binary', maxLength: 12 });
    const leaf = fc.oneof(
      text,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.uint8Array({ maxLength: 20 }),
    );
    const output = fc.dictionary(
      text,
      fc.oneof(leaf, fc.array(leaf, { maxLength: 3 }), fc.dictionary(text, leaf, { maxKeys: 3 })),
      { maxKeys: 5 },
    );
    fc.assert(
      fc.property(output, (value) => {
        const body = successResponse('id', value).body;
        expect(body).toBe(JSON.stringify(reference(value)));
      }),
      { numRuns: 1000 },
    );
  });

  it('keys and texts that need escaping are escaped: quotes, backslashes, controls, lone surrogates', () => {
    const output = { 'a"b': 'c\\d', 'e\nf': '\u0001', g: '\ud800', 'é😀': 'ok' };
    expect(successResponse('id', output).body).toBe(JSON.stringify(output));
  });
});
