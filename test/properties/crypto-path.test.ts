/**
 * Crypto-path properties (issue #6 §5), each a fast-check property through the real
 * `@aws-sdk/client-kms` in-process, on an AWS_KMS key and a CloudHSM-store key:
 * - data keys of every size (NumberOfBytes 1..1024, KeySpec AES_128/AES_256; GenerateDataKey and
 *   GenerateDataKeyWithoutPlaintext) and Encrypt of any
 *   plaintext round-trip under any encryption context (any Unicode keys and values, empty strings,
 *   prototype-ish names such as `__proto__`, any number of pairs) — plus a sweep of every size;
 * - ReEncrypt preserves the plaintext, across keys and across stores;
 * - a wrong context (a pair added, removed, changed, a key renamed, a case changed) or a tampered
 *   blob (byte flips, truncation, extension) never decrypts: InvalidCiphertextException with no
 *   message (docs/behaviour.md §8.2, §8.3). A flip inside the header's key id names a key this account never
 *   had, which docs/fidelity.md also makes InvalidCiphertextException; IncorrectKeyException or
 *   NotFoundException would need the flip to land exactly on another live or deleted key's id,
 *   which these worlds never contain;
 * - ids and ciphertext bytes are a function of the seed: two simulators with the same seed and the
 *   same generated calls agree byte for byte; another seed shares none of them.
 *
 * Reproduce: SEED= is printed first; a failure prints a one-line command with fast-check's seed and
 * path (KMSIM_PROPERTY_SEED=… KMSIM_PROPERTY_PATH=… npx vitest run test/properties/crypto-path.test.ts -t '<name>').
 * KMSIM_CRYPTO_RUNS overrides the runs per property (default 200).
 */
import {
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  ReEncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildCryptoWorld,
  createKeyIn,
  type CryptoKey,
  type CryptoWorld,
} from './model/crypto-world.js';
import { observe, SDK_NO_MESSAGE, type Observed } from './model/outcome.js';
import { assertProperty, seedLine } from './model/replay.js';

const TEST_FILE = 'test/properties/crypto-path.test.ts';
const numRuns = Number(process.env.KMSIM_CRYPTO_RUNS ?? 200);

type Context = Record<string, string> | undefined;

/** Context text: any Unicode scalar values, graphemes, and names that trip up plain JS objects. */
const contextText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'aws:kms',
      'Tenant',
      'tenant',
    ),
  },
);
const someContext: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(contextText, contextText, { maxKeys: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(contextText, contextText, { minKeys: 6, maxKeys: 80 }) },
);
const context: fc.Arbitrary<Context> = fc.option(someContext, { nil: undefined, freq: 5 });

const dataKeySize = fc.oneof(
  fc.constantFrom({ KeySpec: 'AES_128' as const }, { KeySpec: 'AES_256' as const }),
  fc.integer({ min: 1, max: 1024 }).map((NumberOfBytes) => ({ NumberOfBytes })),
);

function expectedLength(
  size: { KeySpec: 'AES_128' | 'AES_256' } | { NumberOfBytes: number },
): number {
  return 'KeySpec' in size ? (size.KeySpec === 'AES_128' ? 16 : 32) : size.NumberOfBytes;
}

/** Contexts as maps: pair order is irrelevant and no context is the same as `{}` (docs/behaviour.md §8.2, fidelity). */
function sameContext(a: Context, b: Context): boolean {
  const canonical = (c: Context) =>
    JSON.stringify(Object.entries(c ?? {}).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return canonical(a) === canonical(b);
}

/** Copies pairs with defineProperty, so a `__proto__` key stays an ordinary pair. */
function contextOf(entries: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of entries)
    Object.defineProperty(out, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}

async function decrypt(
  kms: KMSClient,
  blob: Uint8Array,
  ctx: Context,
  keyId?: string,
): Promise<Observed<{ KeyId?: string; Plaintext?: Uint8Array }>> {
  return observe(
    kms.send(new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: ctx, KeyId: keyId })),
  );
}

function expectInvalidCiphertext(outcome: Observed<unknown>): void {
  expect(
    outcome.ok
      ? { ok: true }
      : { name: outcome.name, message: outcome.message, status: outcome.status },
  ).toEqual({ name: 'InvalidCiphertextException', message: SDK_NO_MESSAGE, status: 400 });
}

const pickPrimary = fc.constantFrom(0, 1);

describe('properties: crypto path', () => {
  let w: CryptoWorld;
  beforeAll(async () => {
    console.log(seedLine());
    w = await buildCryptoWorld(11);
  });
  /** A second of virtual time per run: the HSM queues drain (docs/fidelity.md PKCS#11 sessions). */
  const tick = (): void => w.sim.advanceSeconds(1);
  const check = async <T>(name: string, property: fc.IAsyncProperty<T>): Promise<void> => {
    await assertProperty(property, numRuns, TEST_FILE, name);
    w.sim.assertNoBugs();
  };

  const roundTrip =
    'properties: crypto path: a data key of any size round-trips under any context in both stores';
  it(roundTrip, async () => {
    await check(
      roundTrip,
      fc.asyncProperty(
        pickPrimary,
        dataKeySize,
        context,
        fc.boolean(),
        async (index, size, ctx, withoutPlaintext) => {
          tick();
          const key = w.keys[index]!;
          const input = { KeyId: key.keyId, ...size, EncryptionContext: ctx };
          // GenerateDataKeyWithoutPlaintext is the same minus Plaintext (docs/behaviour.md §2.4): Decrypt reveals it.
          const generated = withoutPlaintext
            ? await w.kms.send(new GenerateDataKeyWithoutPlaintextCommand(input))
            : await w.kms.send(new GenerateDataKeyCommand(input));
          expect(generated.KeyId).toBe(key.arn);
          const plaintext = (generated as { Plaintext?: Uint8Array }).Plaintext;
          expect(plaintext?.length).toBe(withoutPlaintext ? undefined : expectedLength(size));
          const opened = await w.kms.send(
            new DecryptCommand({
              CiphertextBlob: generated.CiphertextBlob,
              EncryptionContext: ctx,
            }),
          );
          expect(opened.KeyId).toBe(key.arn);
          expect(opened.Plaintext?.length).toBe(expectedLength(size));
          if (plaintext)
            expect(Buffer.from(opened.Plaintext!).equals(Buffer.from(plaintext))).toBe(true);
        },
      ),
    );
  });

  it('properties: crypto path: every NumberOfBytes 1..1024 and both KeySpecs round-trip on both keys (sweep)', async () => {
    const contexts = fc.sample(context, { seed: 1, numRuns: 1026 });
    const sizes = [
      ...Array.from({ length: 1024 }, (_, i) => ({ NumberOfBytes: i + 1 })),
      { KeySpec: 'AES_128' as const },
      { KeySpec: 'AES_256' as const },
    ];
    for (const [i, size] of sizes.entries()) {
      if (i % 256 === 0) tick();
      for (const key of w.keys.slice(0, 2)) {
        const generated = await w.kms.send(
          new GenerateDataKeyCommand({ KeyId: key.keyId, ...size, EncryptionContext: contexts[i] }),
        );
        const opened = await w.kms.send(
          new DecryptCommand({
            CiphertextBlob: generated.CiphertextBlob,
            EncryptionContext: contexts[i],
          }),
        );
        if (
          generated.Plaintext?.length !== expectedLength(size) ||
          !Buffer.from(opened.Plaintext!).equals(Buffer.from(generated.Plaintext!))
        ) {
          throw new Error(`${key.label}: ${JSON.stringify(size)} did not round-trip`);
        }
      }
    }
    w.sim.assertNoBugs();
  });

  const encryptRoundTrip =
    'properties: crypto path: Encrypt of any plaintext round-trips under any context in both stores';
  it(encryptRoundTrip, async () => {
    await check(
      encryptRoundTrip,
      fc.asyncProperty(
        pickPrimary,
        fc.uint8Array({ minLength: 1, maxLength: 4096 }),
        context,
        fc.boolean(),
        async (index, plaintext, ctx, nameKey) => {
          tick();
          const key = w.keys[index]!;
          const sealed = await w.kms.send(
            new EncryptCommand({ KeyId: key.keyId, Plaintext: plaintext, EncryptionContext: ctx }),
          );
          expect(sealed.KeyId).toBe(key.arn);
          const opened = await decrypt(
            w.kms,
            sealed.CiphertextBlob!,
            ctx,
            nameKey ? key.keyId : undefined,
          );
          expect(
            opened.ok && Buffer.from(opened.value.Plaintext!).equals(Buffer.from(plaintext)),
          ).toBe(true);
        },
      ),
    );
  });

  const reEncrypt =
    'properties: crypto path: ReEncrypt preserves the plaintext across keys and stores';
  it(reEncrypt, async () => {
    const anyKey = fc.constantFrom(0, 1, 2, 3);
    await check(
      reEncrypt,
      fc.asyncProperty(
        anyKey,
        anyKey,
        fc.uint8Array({ minLength: 1, maxLength: 512 }),
        context,
        context,
        fc.boolean(),
        async (from, to, plaintext, sourceCtx, destinationCtx, nameSource) => {
          tick();
          const source = w.keys[from]!;
          const destination = w.keys[to]!;
          const sealed = await w.kms.send(
            new EncryptCommand({
              KeyId: source.keyId,
              Plaintext: plaintext,
              EncryptionContext: sourceCtx,
            }),
          );
          const moved = await w.kms.send(
            new ReEncryptCommand({
              CiphertextBlob: sealed.CiphertextBlob,
              SourceEncryptionContext: sourceCtx,
              SourceKeyId: nameSource ? source.keyId : undefined,
              DestinationKeyId: destination.keyId,
              DestinationEncryptionContext: destinationCtx,
            }),
          );
          expect({ source: moved.SourceKeyId, destination: moved.KeyId }).toEqual({
            source: source.arn,
            destination: destination.arn,
          });
          const opened = await w.kms.send(
            new DecryptCommand({
              CiphertextBlob: moved.CiphertextBlob,
              EncryptionContext: destinationCtx,
            }),
          );
          expect(opened.KeyId).toBe(destination.arn);
          expect(Buffer.from(opened.Plaintext!).equals(Buffer.from(plaintext))).toBe(true);
          // The new blob is bound to the destination context (docs/behaviour.md §8.2), unless the two are the same map.
          if (!sameContext(sourceCtx, destinationCtx))
            expectInvalidCiphertext(await decrypt(w.kms, moved.CiphertextBlob!, sourceCtx));
        },
      ),
    );
  });

  type Mutation = {
    kind: 'add' | 'remove' | 'change-value' | 'rename-key';
    index: number;
    text: string;
  };
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    kind: fc.constantFrom('add', 'remove', 'change-value', 'rename-key'),
    index: fc.nat(),
    text: contextText,
  });

  function mutate(ctx: Context, m: Mutation): Record<string, string> {
    const entries = Object.entries(ctx ?? {});
    const at = entries.length > 0 ? m.index % entries.length : -1;
    if (m.kind === 'add' || at < 0) {
      let key = m.text;
      while (entries.some(([k]) => k === key)) key += '+';
      return contextOf([...entries, [key, m.text]]);
    }
    if (m.kind === 'remove') return contextOf(entries.filter((_, i) => i !== at));
    if (m.kind === 'change-value')
      return contextOf(entries.map(([k, v], i) => [k, i === at ? `${v}~${m.text}` : v]));
    return contextOf(entries.map(([k, v], i) => [i === at ? `${k}~${m.text}` : k, v]));
  }

  const wrongContext = 'properties: crypto path: a wrong encryption context never decrypts';
  it(wrongContext, async () => {
    await check(
      wrongContext,
      fc.asyncProperty(
        pickPrimary,
        context,
        mutation,
        fc.boolean(),
        async (index, ctx, m, nameKey) => {
          tick();
          const key = w.keys[index]!;
          const wrong = mutate(ctx, m);
          fc.pre(!sameContext(ctx, wrong));
          const sealed = await w.kms.send(
            new EncryptCommand({
              KeyId: key.keyId,
              Plaintext: Buffer.from('bound to its context'),
              EncryptionContext: ctx,
            }),
          );
          expectInvalidCiphertext(
            await decrypt(w.kms, sealed.CiphertextBlob!, wrong, nameKey ? key.keyId : undefined),
          );
        },
      ),
    );
  });

  /** Swaps the case of every cased character: never equal to the input when it holds a letter. */
  const swapCase = (text: string): string =>
    [...text].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join('');
  const letterText = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,10}$/);

  const caseChange = 'properties: crypto path: a context differing only in case never decrypts';
  it(caseChange, async () => {
    await check(
      caseChange,
      fc.asyncProperty(
        pickPrimary,
        someContext,
        letterText,
        letterText,
        fc.boolean(),
        async (index, rest, casedKey, casedValue, changeKey) => {
          tick();
          const key = w.keys[index]!;
          const ctx = contextOf([
            ...Object.entries(rest).filter(([k]) => k.toLowerCase() !== casedKey.toLowerCase()),
            [casedKey, casedValue],
          ]);
          const wrong = contextOf(
            Object.entries(ctx).map(([k, v]) =>
              k !== casedKey ? [k, v] : changeKey ? [swapCase(k), v] : [k, swapCase(v)],
            ),
          );
          const sealed = await w.kms.send(
            new EncryptCommand({
              KeyId: key.keyId,
              Plaintext: Buffer.from('case matters'),
              EncryptionContext: ctx,
            }),
          );
          expectInvalidCiphertext(await decrypt(w.kms, sealed.CiphertextBlob!, wrong));
        },
      ),
    );
  });

  type Tamper =
    | { kind: 'flip'; flips: { index: number; mask: number }[] }
    | { kind: 'truncate'; keep: number }
    | { kind: 'extend'; extra: Uint8Array };
  const tamper: fc.Arbitrary<Tamper> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .array(fc.record({ index: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }), {
          minLength: 1,
          maxLength: 4,
        })
        .map((flips) => ({ kind: 'flip' as const, flips })),
    },
    { weight: 1, arbitrary: fc.nat().map((keep) => ({ kind: 'truncate' as const, keep })) },
    {
      weight: 1,
      arbitrary: fc
        .uint8Array({ minLength: 1, maxLength: 64 })
        .map((extra) => ({ kind: 'extend' as const, extra })),
    },
  );

  function applyTamper(blob: Uint8Array, t: Tamper): Uint8Array {
    if (t.kind === 'truncate') return blob.slice(0, 1 + (t.keep % (blob.length - 1)));
    if (t.kind === 'extend') return new Uint8Array(Buffer.concat([blob, t.extra]));
    const out = blob.slice();
    for (const { index, mask } of t.flips) {
      const at = index % out.length;
      out[at] = out[at]! ^ mask;
    }
    return out;
  }

  const tampered = 'properties: crypto path: a tampered ciphertext blob never decrypts';
  it(tampered, async () => {
    await check(
      tampered,
      fc.asyncProperty(
        pickPrimary,
        context,
        tamper,
        fc.boolean(),
        async (index, ctx, t, nameKey) => {
          tick();
          const key = w.keys[index]!;
          const sealed = await w.kms.send(
            new EncryptCommand({
              KeyId: key.keyId,
              Plaintext: Buffer.from('do not touch'),
              EncryptionContext: ctx,
            }),
          );
          const blob = applyTamper(sealed.CiphertextBlob!, t);
          fc.pre(!Buffer.from(blob).equals(Buffer.from(sealed.CiphertextBlob!)));
          expectInvalidCiphertext(await decrypt(w.kms, blob, ctx, nameKey ? key.keyId : undefined));
        },
      ),
    );
  });

  type Call =
    | { op: 'create'; inStore: boolean }
    | { op: 'encrypt'; key: number; plaintext: Uint8Array; ctx: Context }
    | { op: 'data-key'; key: number; bytes: number; ctx: Context };
  const call: fc.Arbitrary<Call> = fc.oneof(
    fc.boolean().map((inStore) => ({ op: 'create' as const, inStore })),
    fc.record({
      op: fc.constant('encrypt' as const),
      key: fc.nat(),
      plaintext: fc.uint8Array({ minLength: 1, maxLength: 64 }),
      ctx: context,
    }),
    fc.record({
      op: fc.constant('data-key' as const),
      key: fc.nat(),
      bytes: fc.integer({ min: 1, max: 64 }),
      ctx: context,
    }),
  );

  /** Everything a seed decides that a caller sees: store, key ids, ciphertexts, data keys. */
  async function transcript(seed: number, calls: Call[]): Promise<string[]> {
    const world = await buildCryptoWorld(seed);
    const keys: CryptoKey[] = [...world.keys];
    const out = [world.customKeyStoreId, ...keys.map((key) => key.keyId)];
    for (const c of calls) {
      if (c.op === 'create') {
        const key = await createKeyIn(
          world.kms,
          c.inStore ? world.customKeyStoreId : undefined,
          `created ${keys.length}`,
        );
        keys.push(key);
        out.push(key.keyId);
      } else if (c.op === 'encrypt') {
        const sealed = await world.kms.send(
          new EncryptCommand({
            KeyId: keys[c.key % keys.length]!.keyId,
            Plaintext: c.plaintext,
            EncryptionContext: c.ctx,
          }),
        );
        out.push(Buffer.from(sealed.CiphertextBlob!).toString('base64'));
      } else {
        const generated = await world.kms.send(
          new GenerateDataKeyCommand({
            KeyId: keys[c.key % keys.length]!.keyId,
            NumberOfBytes: c.bytes,
            EncryptionContext: c.ctx,
          }),
        );
        out.push(
          Buffer.from(generated.CiphertextBlob!).toString('base64'),
          Buffer.from(generated.Plaintext!).toString('base64'),
        );
      }
    }
    world.sim.assertNoBugs();
    return out;
  }

  const deterministic =
    'properties: crypto path: ids and ciphertexts are the same for the same seed and differ for another';
  it(deterministic, { timeout: 300_000 }, async () => {
    const seeds = fc
      .tuple(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }))
      .filter(([a, b]) => a !== b);
    await assertProperty(
      fc.asyncProperty(
        seeds,
        fc.array(call, { minLength: 1, maxLength: 6 }),
        async ([seed, otherSeed], calls) => {
          const first = await transcript(seed, calls);
          expect(await transcript(seed, calls)).toEqual(first);
          const other = await transcript(otherSeed, calls);
          // Not one id, ciphertext or data key in common (data keys under four bytes excepted: they collide by chance).
          const shared = other.filter((item) => item.length > 4 && first.includes(item));
          expect(shared).toEqual([]);
        },
      ),
      Math.max(20, Math.round(numRuns / 5)),
      TEST_FILE,
      deterministic,
    );
  });
});
