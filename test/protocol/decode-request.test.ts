import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as s from '../../src/protocol/shape.js';
import {
  decodeJsonBody,
  decodeRequest,
  MAX_REPORTED_VIOLATIONS,
  validateInput,
  validationMessage,
  type DecodeResult,
} from '../../src/protocol/decode-request.js';

// A small stand-in for an operation input, covering every shape kind (docs/behaviour.md §2.1 style members).
const tag = s.structure(
  { TagKey: s.string({ min: 1, max: 128 }), TagValue: s.string({ min: 0, max: 256 }) },
  ['TagKey', 'TagValue'],
);
const probe = s.structure(
  {
    KeyId: s.string({ min: 1, max: 8 }),
    Secret: s.string({ min: 1, max: 4, sensitive: true }),
    Plaintext: s.blob({ min: 1, max: 4, sensitive: true }),
    Blob: s.blob({ min: 1, max: 4 }),
    Count: s.integer({ min: 1, max: 1024 }),
    Big: s.long({ min: 0 }),
    Flag: s.boolean(),
    When: s.timestamp(),
    Spec: s.enumOf(['AES_256', 'AES_128']),
    Ordered: s.enumOf(['B', 'A'], { enumMessage: ['A', 'B'] }),
    Alias: s.string({ min: 1, max: 6, pattern: '^[a-z/]+$' }),
    Space: s.string({ pattern: String.raw`[a-z\s]*` }),
    Tokens: s.list(s.string({ min: 1, max: 3 }), { min: 0, max: 3 }),
    Tags: s.list(tag),
    Context: s.map(s.string({ pattern: '[a-z]+' }), s.string({ max: 3 }), { max: 2 }),
    Nested: s.structure({ Inner: s.string({ max: 2 }) }),
  },
  ['KeyId'],
);

function fail(result: DecodeResult<unknown>): { kind: string; message: string | undefined } {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return { kind: result.kind, message: result.message };
}

const validation = (message: string) => ({ kind: 'validation', message });
const serialization = (message: string | undefined) => ({ kind: 'serialization', message });

describe('protocol: request body framing (docs/behaviour.md §1.1)', () => {
  it('body that is not JSON is a SerializationException without a message', () => {
    expect(fail(decodeJsonBody('{"KeyId": '))).toEqual(serialization(undefined));
    expect(fail(decodeJsonBody('{"KeyId":"a",}'))).toEqual(serialization(undefined));
  });

  it('JSON that is not an object is a SerializationException', () => {
    expect(fail(decodeJsonBody('[]'))).toEqual(
      serialization('Start of list found where not expected'),
    );
    for (const text of ['"x"', '1', 'true', 'null'])
      expect(fail(decodeJsonBody(text))).toEqual(serialization(undefined));
  });

  it('an empty body is {} by default and can be made a SerializationException', () => {
    expect(decodeJsonBody('')).toEqual({ ok: true, value: {} });
    expect(decodeJsonBody(' \n')).toEqual({ ok: true, value: {} });
    expect(fail(decodeJsonBody('', { emptyBody: 'reject' }))).toEqual(serialization(undefined));
    expect(fail(decodeRequest(probe, ''))).toEqual(
      validation(
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
      ),
    );
  });

  it('an object body decodes', () => {
    expect(decodeJsonBody('{"KeyId":"k"}')).toEqual({ ok: true, value: { KeyId: 'k' } });
  });
});

describe('protocol: wrong JSON types are SerializationExceptions', () => {
  const cases: Array<[string, unknown, string]> = [
    ['KeyId', 1, 'NUMBER_VALUE can not be converted to a String'],
    ['KeyId', true, 'TRUE_VALUE can not be converted to a String'],
    ['KeyId', false, 'FALSE_VALUE can not be converted to a String'],
    ['KeyId', ['a'], 'Start of list found where not expected'],
    ['KeyId', { a: 1 }, 'Start of structure or map found where not expected.'],
    ['Count', '1', 'STRING_VALUE can not be converted to an Integer'],
    ['Count', true, 'TRUE_VALUE can not be converted to an Integer'],
    ['Count', 2 ** 31, 'NUMBER_VALUE can not be converted to an Integer'],
    ['Big', 'x', 'STRING_VALUE can not be converted to a Long'],
    ['Flag', 'true', 'STRING_VALUE can not be converted to a Boolean'],
    ['When', '2024-01-01', 'STRING_VALUE can not be converted to a Timestamp'],
    ['Blob', 5, 'NUMBER_VALUE can not be converted to a Blob'],
    ['Tokens', 'a', 'Expected list or null'],
    ['Tokens', { a: 'b' }, 'Start of structure or map found where not expected.'],
    ['Tokens', ['a', 2], 'NUMBER_VALUE can not be converted to a String'],
    ['Context', ['a'], 'Start of list found where not expected'],
    ['Context', 1, 'Expected map or null'],
    ['Context', { a: 1 }, 'NUMBER_VALUE can not be converted to a String'],
    ['Nested', 'x', 'Expected null'],
    ['Nested', [], 'Start of list found where not expected'],
    ['Tags', [{ TagKey: 1 }], 'NUMBER_VALUE can not be converted to a String'],
  ];
  it.each(cases)('%s = %j', (member, value, message) => {
    expect(fail(validateInput(probe, { KeyId: 'k', [member]: value }))).toEqual(
      serialization(message),
    );
  });

  it('invalid base64 in a blob', () => {
    const blobCase = (text: string) => fail(validateInput(probe, { KeyId: 'k', Blob: text }));
    expect(blobCase('QUJ')).toEqual(
      serialization('Base64 encoded length is expected a multiple of 4 bytes but found: 3'),
    );
    expect(blobCase('QU$D')).toEqual(serialization("Invalid Base64 character: '$'"));
    expect(blobCase('Q=JD')).toEqual(serialization("Invalid Base64 character: '='"));
    expect(blobCase('QR==')).toEqual(
      serialization('Invalid last non-pad Base64 character dectected'),
    );
    expect(blobCase('QUI=x===')).toEqual(serialization("Invalid Base64 character: '='"));
  });

  it('base64 decoding agrees with a strict reference (Node decode after an alphabet walk) on any text', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    // The decoder before issue #12, kept here as the reference.
    const reference = (text: string): unknown => {
      if (text.length % 4 !== 0)
        return serialization(
          `Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`,
        );
      const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
      const body = text.slice(0, text.length - padding);
      for (const char of body)
        if (!alphabet.includes(char)) return serialization(`Invalid Base64 character: '${char}'`);
      if (padding > 0) {
        const last = alphabet.indexOf(body[body.length - 1] ?? 'A');
        if ((last & (padding === 2 ? 0b1111 : 0b11)) !== 0)
          return serialization('Invalid last non-pad Base64 character dectected');
      }
      return { ok: true, value: new Uint8Array(Buffer.from(text, 'base64')) };
    };
    const wide = s.structure({ Blob: s.blob() }, []);
    const decode = (text: string): unknown => {
      const result = validateInput(wide, { Blob: text });
      return result.ok
        ? { ok: true, value: (result.value as { Blob: unknown }).Blob }
        : fail(result);
    };
    const texts = fc.oneof(
      fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      fc.string({ unit: fc.constantFrom(...'AQw+/=$é😀 -_'), maxLength: 16 }),
      fc
        .tuple(
          fc.uint8Array({ minLength: 1, maxLength: 20 }),
          fc.nat(),
          fc.constantFrom('=', '$', 'é', '😀'),
        )
        .map(([bytes, at, bad]) => {
          const text = Buffer.from(bytes).toString('base64');
          const i = at % text.length;
          return text.slice(0, i) + bad + text.slice(i + bad.length);
        }),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(decode(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('valid base64 decodes to the bytes', () => {
    const result = validateInput(probe, { KeyId: 'k', Blob: 'QQ==', Plaintext: 'AAEC/w==' });
    expect(result).toEqual({
      ok: true,
      value: {
        KeyId: 'k',
        Blob: new Uint8Array([0x41]),
        Plaintext: new Uint8Array([0, 1, 2, 255]),
      },
    });
  });

  it('the first wrong type in model order wins, whatever the JSON order', () => {
    const text = '{"Flag": "yes", "KeyId": 7}';
    expect(fail(decodeRequest(probe, text))).toEqual(
      serialization('NUMBER_VALUE can not be converted to a String'),
    );
  });

  it('a wrong type anywhere beats constraint violations elsewhere', () => {
    expect(fail(validateInput(probe, { KeyId: 'much too long', Count: 0, Flag: 1 }))).toEqual(
      serialization('NUMBER_VALUE can not be converted to a Boolean'),
    );
  });

  it('fractions are truncated for integers, as Coral does', () => {
    expect(validateInput(probe, { KeyId: 'k', Count: 12.9, Big: 3.5 })).toEqual({
      ok: true,
      value: { KeyId: 'k', Count: 12, Big: 3 },
    });
    const negativeZero = validateInput(probe, { KeyId: 'k', Big: -0.5 });
    expect(negativeZero.ok && Object.is(negativeZero.value.Big, 0)).toBe(true);
    expect(fail(validateInput(probe, { KeyId: 'k', Count: 0.5 }))).toEqual(
      validation(
        "1 validation error detected: Value '0' at 'count' failed to satisfy constraint: Member must have value greater than or equal to 1",
      ),
    );
  });
});

describe('protocol: members AWS ignores', () => {
  it('unknown members are ignored, even with odd types', () => {
    expect(validateInput(probe, { KeyId: 'k', Unknown: { deep: [1] }, keyId: 5 })).toEqual({
      ok: true,
      value: { KeyId: 'k' },
    });
  });

  it('null members are absent, and null list elements / map values are skipped', () => {
    const result = validateInput(probe, {
      KeyId: 'k',
      Count: null,
      Tokens: ['a', null, 'b'],
      Context: { a: null, b: 'x' },
    });
    expect(result).toEqual({
      ok: true,
      value: { KeyId: 'k', Tokens: ['a', 'b'], Context: { b: 'x' } },
    });
    expect(fail(validateInput(probe, { KeyId: null }))).toEqual(
      validation(
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
      ),
    );
  });

  it('a __proto__ map key is plain data', () => {
    const shape = s.structure({ Context: s.map(s.string(), s.string()) });
    const result = decodeRequest(shape, '{"Context":{"__proto__":"x"}}');
    if (!result.ok) throw new Error(result.message);
    const context = result.value.Context as Record<string, string>;
    expect(Object.keys(context)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
  });
});

describe('protocol: constraint violations are ValidationExceptions (docs/behaviour.md §8.7)', () => {
  const check = (value: Record<string, unknown>) =>
    fail(validateInput(probe, { KeyId: 'k', ...value }));

  it('length, value and enum phrases', () => {
    expect(check({ KeyId: 'abcdefghi' })).toEqual(
      validation(
        "1 validation error detected: Value 'abcdefghi' at 'keyId' failed to satisfy constraint: Member must have length less than or equal to 8",
      ),
    );
    expect(check({ Count: 1025 })).toEqual(
      validation(
        "1 validation error detected: Value '1025' at 'count' failed to satisfy constraint: Member must have value less than or equal to 1024",
      ),
    );
    expect(check({ Big: -1 })).toEqual(
      validation(
        "1 validation error detected: Value '-1' at 'big' failed to satisfy constraint: Member must have value greater than or equal to 0",
      ),
    );
    expect(check({ Spec: 'AES_512' })).toEqual(
      validation(
        "1 validation error detected: Value 'AES_512' at 'spec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]",
      ),
    );
  });

  it('an enum message can carry the order recorded on the wire', () => {
    expect(check({ Ordered: 'C' }).message).toBe(
      "1 validation error detected: Value 'C' at 'ordered' failed to satisfy constraint: Member must satisfy enum value set: [A, B]",
    );
  });

  it('patterns match the whole value and print verbatim', () => {
    expect(check({ Alias: 'ab/X' })).toEqual(
      validation(
        "1 validation error detected: Value 'ab/X' at 'alias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z/]+$",
      ),
    );
    expect(validateInput(probe, { KeyId: 'k', Space: 'a b\tc' }).ok).toBe(true);
    // Java's \s is ASCII only: a no-break space does not match.
    expect(check({ Space: 'a\u00a0b' }).message).toContain(
      "at 'space' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z\\s]*",
    );
  });

  it('pattern is reported before length for the same member', () => {
    expect(check({ Alias: 'ABCDEFGH' }).message).toBe(
      "2 validation errors detected: Value 'ABCDEFGH' at 'alias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z/]+$; " +
        "Value 'ABCDEFGH' at 'alias' failed to satisfy constraint: Member must have length less than or equal to 6",
    );
  });

  it('sensitive members and blobs never echo their value', () => {
    expect(check({ Secret: 'hunter2' }).message).toBe(
      "1 validation error detected: Value at 'secret' failed to satisfy constraint: Member must have length less than or equal to 4",
    );
    expect(check({ Plaintext: Buffer.alloc(5).toString('base64') }).message).toBe(
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4",
    );
    expect(check({ Blob: '' }).message).toBe(
      "1 validation error detected: Value at 'blob' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('blob lengths count decoded bytes, not base64 characters', () => {
    expect(validateInput(probe, { KeyId: 'k', Blob: Buffer.alloc(4).toString('base64') }).ok).toBe(
      true,
    );
  });

  it('plural form, model order, entries joined by "; "', () => {
    const result = fail(validateInput(probe, { Spec: 'X', KeyId: '', Count: 0 }));
    expect(result).toEqual(
      validation(
        '3 validation errors detected: ' +
          "Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
          "Value '0' at 'count' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
          "Value 'X' at 'spec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]",
      ),
    );
  });

  it('nested paths: list elements are 1-based `.N.member`, structures add `.member`', () => {
    const tags = [
      { TagKey: 'a', TagValue: 'ok' },
      { TagKey: 'b', TagValue: 'v'.repeat(257) },
      { TagValue: 'x' },
    ];
    expect(check({ Tags: tags }).message).toBe(
      '2 validation errors detected: ' +
        `Value '${'v'.repeat(257)}' at 'tags.2.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256; ` +
        "Value null at 'tags.3.member.tagKey' failed to satisfy constraint: Member must not be null",
    );
    expect(check({ Tokens: ['a', 'toolong'] }).message).toBe(
      "1 validation error detected: Value 'toolong' at 'tokens.2.member' failed to satisfy constraint: Member must have length less than or equal to 3",
    );
    expect(check({ Nested: { Inner: 'abc' } }).message).toBe(
      "1 validation error detected: Value 'abc' at 'nested.inner' failed to satisfy constraint: Member must have length less than or equal to 2",
    );
  });

  it('list and map sizes render the whole value', () => {
    expect(check({ Tokens: ['a', 'b', 'c', 'd'] }).message).toBe(
      "1 validation error detected: Value '[a, b, c, d]' at 'tokens' failed to satisfy constraint: Member must have length less than or equal to 3",
    );
    expect(check({ Context: { a: 'x', b: 'y', c: 'z' } }).message).toBe(
      "1 validation error detected: Value '{a=x, b=y, c=z}' at 'context' failed to satisfy constraint: Member must have length less than or equal to 2",
    );
  });

  it('map keys and values are checked under the entry key', () => {
    expect(check({ Context: { Ab: 'xyzw' } }).message).toBe(
      '2 validation errors detected: ' +
        "Value 'Ab' at 'context.Ab.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]+; " +
        "Value 'xyzw' at 'context.Ab.member' failed to satisfy constraint: Member must have length less than or equal to 3",
    );
  });

  it(`reports at most ${MAX_REPORTED_VIOLATIONS} violations`, () => {
    const tokens = Array.from({ length: 3 }, () => 'long');
    const tags = Array.from({ length: 12 }, () => ({ TagKey: '', TagValue: 'x' }));
    const result = validateInput(probe, { KeyId: 'k', Tokens: tokens, Tags: tags });
    if (result.ok || result.kind !== 'validation') throw new Error('expected a validation failure');
    expect(result.violations).toHaveLength(MAX_REPORTED_VIOLATIONS);
    expect(result.message.startsWith('10 validation errors detected: ')).toBe(true);
    expect(result.violations[0]).toBe(
      "Value 'long' at 'tokens.1.member' failed to satisfy constraint: Member must have length less than or equal to 3",
    );
    expect(result.violations[9]).toBe(
      "Value '' at 'tags.7.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('validationMessage formats singular and plural', () => {
    expect(validationMessage(['a'])).toBe('1 validation error detected: a');
    expect(validationMessage(['a', 'b'])).toBe('2 validation errors detected: a; b');
  });
});

describe('protocol: decoded values are typed by their shape', () => {
  it('Infer gives required, optional, enum and blob types', () => {
    const result = validateInput(probe, { KeyId: 'k' });
    if (!result.ok) throw new Error('expected success');
    expectTypeOf(result.value.KeyId).toEqualTypeOf<string>();
    expectTypeOf(result.value.Plaintext).toEqualTypeOf<Uint8Array | undefined>();
    expectTypeOf(result.value.Spec).toEqualTypeOf<'AES_256' | 'AES_128' | undefined>();
    expectTypeOf(result.value.Tags).toEqualTypeOf<
      Array<{ TagKey: string; TagValue: string }> | undefined
    >();
    expectTypeOf(result.value.Context).toEqualTypeOf<Record<string, string> | undefined>();
    expect(result.value).toEqual({ KeyId: 'k' });
  });
});
