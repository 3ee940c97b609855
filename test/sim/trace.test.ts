/**
 * The trace (src/sim/trace.ts): JSON lines in order with a fingerprint over canonical (sorted-key)
 * JSON, and the fingerprint of a whole run through the real SDK being a function of seed and calls.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CreateKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { canonicalJson, sortedStringify, TraceLog } from '../../src/sim/trace.js';
import { buildConnectedWorld } from '../support/connected-store.js';

describe('sim: trace', () => {
  it('sim: trace: canonicalJson sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('sim: trace: canonicalJson gives the bytes of JSON.stringify with every object rebuilt with sorted keys, for any value', () => {
    // The definition (trace.ts's sortedStringify, as kmsim wrote it before issue #12) is pinned
    // here on the cases the fast writer treats apart: array-index keys come first in numeric
    // order, a Uint8Array is written as JSON.stringify writes it, toJSON is honoured.
    expect(sortedStringify({ b: 1, '10': 2, '2': 3, u: new Uint8Array([7]), d: new Date(0) })).toBe(
      '{"2":3,"10":2,"b":1,"d":"1970-01-01T00:00:00.000Z","u":{"0":7}}',
    );
    const key = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 6 }),
      fc.constantFrom('__proto__', 'toJSON', 'a', 'B', '10', '2'),
    );
    const leaf = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 8 }),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.constant(-0),
      fc.uint8Array({ maxLength: 3 }),
      fc.date({ noInvalidDate: true }),
      fc.constant(() => 1),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 3, noNullPrototype: false }),
      ),
    }));
    fc.assert(
      fc.property(value, (input) => {
        expect(canonicalJson(input)).toBe(sortedStringify(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('sim: trace: events get sequence numbers and times; ofKind filters; JSON lines end with a newline', () => {
    const trace = new TraceLog();
    trace.record(0, 'a', { x: 1 });
    trace.record(5, 'b', {});
    trace.record(5, 'a', { x: 2 });
    expect(trace.ofKind('a').map((event) => [event.seq, event.atMs, event.data.x])).toEqual([
      [0, 0, 1],
      [2, 5, 2],
    ]);
    const lines = trace.toJsonLines();
    expect(lines.endsWith('\n')).toBe(true);
    expect(
      lines
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { kind: string }).kind),
    ).toEqual(['a', 'b', 'a']);
    expect(new TraceLog().toJsonLines()).toBe('');
  });

  it('sim: trace: with retain, only the newest events stay in memory; sequence numbers and the fingerprint cover all (issue 11 §10)', () => {
    const full = new TraceLog();
    const ring = new TraceLog({ retain: 3 });
    const none = new TraceLog({ retain: 0 });
    for (let i = 0; i < 10; i++)
      for (const trace of [full, ring, none]) trace.record(i, i % 2 ? 'odd' : 'even', { i });
    expect(ring.all().map((event) => event.seq)).toEqual([7, 8, 9]);
    expect([ring.length, ring.dropped, none.length, none.dropped]).toEqual([10, 7, 10, 10]);
    expect(ring.fingerprint()).toBe(full.fingerprint());
    expect(none.fingerprint()).toBe(full.fingerprint());
    expect(ring.ofKind('odd').map((event) => event.seq)).toEqual([7, 9]);
    expect(ring.toJsonLines().trimEnd().split('\n')).toHaveLength(3);
    expect(ring.page(-1, 2)).toMatchObject({ firstSeq: 7, recorded: 10, lastSeq: 8 });
    expect(ring.page(-1, 2).events.map((event) => event.seq)).toEqual([7, 8]);
    expect(ring.page(8, 100).events.map((event) => event.seq)).toEqual([9]);
    expect(ring.page(9, 100)).toMatchObject({ events: [], lastSeq: 9 });
    // A reader that fell behind the ring resumes at the oldest event kept.
    expect(ring.page(2, 100).events.map((event) => event.seq)).toEqual([7, 8, 9]);
    expect(none.page(-1, 10)).toMatchObject({ events: [], firstSeq: 10, lastSeq: 9 });
    expect(full.page(4, 2).events.map((event) => event.seq)).toEqual([5, 6]);
    expect(() => new TraceLog({ retain: -1 })).toThrow(RangeError);
  });

  it('sim: trace: an api.call kept compactly reads, pages and fingerprints like one recorded as an object, bounded or not', () => {
    const calls: [number, string | null, string, string, number, string | null, number][] = [
      [0, 'app', 'kms', 'Encrypt', 200, null, 0.25],
      [5, null, 'cloudhsmv2', 'DescribeClusters', 400, 'ClusterNotFoundFault', 0],
      [5, 'app', 'kms', 'Decrypt', 200, null, 1.5],
    ];
    const make = (compact: boolean, retain?: number) => {
      const trace = new TraceLog(retain === undefined ? {} : { retain });
      calls.forEach(([atMs, client, service, operation, status, errorType, hsmLatencyMs], i) => {
        trace.record(atMs, 'between', { i });
        if (compact)
          trace.recordApiCall(atMs, client, service, operation, status, errorType, hsmLatencyMs);
        else
          trace.record(atMs, 'api.call', {
            client,
            service,
            operation,
            status,
            errorType,
            hsmLatencyMs,
          });
      });
      return trace;
    };
    for (const retain of [undefined, 2]) {
      const objects = make(false, retain);
      const compact = make(true, retain);
      expect(compact.all()).toEqual(objects.all());
      expect(compact.page(1, 2)).toEqual(objects.page(1, 2));
      expect(compact.toJsonLines()).toBe(objects.toJsonLines());
      expect(compact.fingerprint()).toBe(objects.fingerprint());
      expect(compact.length).toBe(6);
    }
    // The data keeps the order the simulator has always written.
    expect(Object.keys(make(true).ofKind('api.call')[0]!.data)).toEqual([
      'client',
      'service',
      'operation',
      'status',
      'errorType',
      'hsmLatencyMs',
    ]);
    // Reading before, between and after more records gives the same events and fingerprint.
    const early = make(true);
    const fingerprintEarly = early.fingerprint();
    expect(early.page(-1, 3).events.map((event) => event.seq)).toEqual([0, 1, 2]);
    early.recordApiCall(9, 'late', 'kms', 'Encrypt', 200, null, 0);
    expect(early.fingerprint()).not.toBe(fingerprintEarly);
    expect(early.all().at(-1)).toMatchObject({ seq: 6, atMs: 9, data: { client: 'late' } });
  });

  it('sim: trace: thousands of mixed events, across the compact store chunks, read and fingerprint like events kept as objects', () => {
    const compact = new TraceLog();
    const objects = new TraceLog({ retain: 1_000_000 });
    const operations = ['Encrypt', 'Decrypt', 'GenerateDataKey'];
    for (let i = 0; i < 5_000; i++) {
      const atMs = Math.floor(i / 7) * 1.5;
      const args = [
        atMs,
        i % 3 === 0 ? null : `client-${i % 5}`,
        i % 11 === 0 ? 'cloudhsmv2' : 'kms',
        operations[i % 3]!,
        i % 13 === 0 ? 400 : 200,
        i % 13 === 0 ? 'ThrottlingException' : null,
        (i % 4) * 0.25,
      ] as const;
      compact.recordApiCall(...args);
      objects.recordApiCall(...args);
      if (i % 9 === 0) {
        // An object event, also one of kind api.call, among the compact ones.
        const kind = i % 2 === 0 ? 'api.call' : 'fault.injected';
        compact.record(atMs, kind, { i, note: `n${i}` });
        objects.record(atMs, kind, { i, note: `n${i}` });
      }
    }
    expect(compact.length).toBe(objects.length);
    expect(compact.page(1_020, 10)).toEqual(objects.page(1_020, 10));
    expect(compact.fingerprint()).toBe(objects.fingerprint());
    expect(compact.all()).toEqual(objects.all());
    expect(compact.toJsonLines()).toBe(objects.toJsonLines());
  });

  it('sim: trace: the fingerprint ignores key order but not values, order or time', () => {
    const make = (events: [number, string, Record<string, unknown>][]) => {
      const trace = new TraceLog();
      for (const [atMs, kind, data] of events) trace.record(atMs, kind, data);
      return trace.fingerprint();
    };
    const base = make([
      [0, 'a', { x: 1, y: 2 }],
      [1, 'b', {}],
    ]);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(
      make([
        [0, 'a', { y: 2, x: 1 }],
        [1, 'b', {}],
      ]),
    ).toBe(base);
    expect(
      make([
        [0, 'a', { x: 1, y: 3 }],
        [1, 'b', {}],
      ]),
    ).not.toBe(base);
    expect(
      make([
        [1, 'b', {}],
        [0, 'a', { x: 1, y: 2 }],
      ]),
    ).not.toBe(base);
    expect(
      make([
        [0, 'a', { x: 1, y: 2 }],
        [2, 'b', {}],
      ]),
    ).not.toBe(base);
  });

  it('sim: trace: the fingerprint is the same whether or not the JSON lines were written first, before or after more records', () => {
    const fill = (trace: TraceLog, from: number, to: number) => {
      for (let i = from; i < to; i++) trace.record(i, 'e', { i, nested: { b: i, a: 'x' } });
    };
    const plain = new TraceLog();
    const linesFirst = new TraceLog();
    fill(plain, 0, 5);
    fill(linesFirst, 0, 5);
    const third = new TraceLog();
    fill(third, 0, 5);
    expect(linesFirst.toJsonLines()).toBe(third.toJsonLines());
    expect(linesFirst.fingerprint()).toBe(plain.fingerprint());
    fill(plain, 5, 9);
    fill(linesFirst, 5, 9);
    linesFirst.toJsonLines();
    linesFirst.toJsonLines();
    expect(linesFirst.fingerprint()).toBe(plain.fingerprint());
  });

  it('sim: trace: the fingerprint follows every new record and is stable between them', () => {
    const trace = new TraceLog();
    trace.record(0, 'a');
    const first = trace.fingerprint();
    expect(trace.fingerprint()).toBe(first);
    trace.record(0, 'a');
    expect(trace.fingerprint()).not.toBe(first);
  });

  it('sim: trace: the same seed and the same SDK calls give the same fingerprint and ciphertext; another seed does not', async () => {
    async function run(seed: number) {
      const w = await buildConnectedWorld(seed);
      const key = await w.kms.send(
        new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: w.customKeyStoreId }),
      );
      const out = await w.kms.send(
        new EncryptCommand({ KeyId: key.KeyMetadata!.KeyId!, Plaintext: Buffer.from('same') }),
      );
      return {
        fingerprint: w.sim.traceFingerprint(),
        keyId: key.KeyMetadata!.KeyId,
        blob: Buffer.from(out.CiphertextBlob!).toString('base64'),
      };
    }
    const first = await run(501);
    expect(await run(501)).toEqual(first);
    const other = await run(502);
    expect(other.fingerprint).not.toBe(first.fingerprint);
    expect(other.keyId).not.toBe(first.keyId);
  });
});
