/**
 * Bad input against a running `kmsim serve` (issue #2 "Bad input"): at least 1,000 malformed
 * requests from a seeded generator, over HTTP (fetch) and as raw TCP bytes (node:net). Every answer
 * must arrive within a bounded time, be 400 (413 for oversize, 200 if a generated request happened
 * to be valid), carry a JSON body whose `__type` is an error the real services use (docs/behaviour.md §1.3-1.5,
 * §8.7), and never be `KmsimSimulatorBugException` or a 5xx. Afterwards the server is healthy and
 * its trace holds no `simulator.bug`.
 *
 * The generator is plain data + a small PRNG (mulberry32): the same GENERATOR_SEED gives the same
 * requests, so a failure names the case index and reproduces.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOUDHSM_INPUT_SHAPES } from '../../src/cloudhsm/input-shapes.js';
import { KMS_INPUT_SHAPES } from '../../src/kms/input-shapes.js';
import type { Shape, StructureShape } from '../../src/protocol/shape.js';
import { startServe, twoAzSubnets, wireCall, type ServeProcess } from '../support/serve-process.js';

const GENERATOR_SEED = 0x6b6d73;
const GENERATED_HTTP_CASES = 1200;
const RESPONSE_TIMEOUT_MS = 5_000;
const CONCURRENCY = 8;
const BATCH_SIZE = 24;
const ONE_MIB = 1024 * 1024;

/** Error types the real services put on the wire for client faults (docs/behaviour.md §1.3, §1.4, §1.5, §8.7). */
const KMS_CLIENT_ERRORS = [
  'ValidationException',
  'SerializationException',
  'UnknownOperationException',
  'AccessDeniedException',
  'ThrottlingException',
  'NotFoundException',
  'DisabledException',
  'KMSInvalidStateException',
  'DryRunOperationException',
  'AlreadyExistsException',
  'InvalidCiphertextException',
  'IncorrectKeyException',
  'InvalidKeyUsageException',
  'UnsupportedOperationException',
  'LimitExceededException',
  'TagException',
  'InvalidArnException',
  'InvalidAliasNameException',
  'InvalidMarkerException',
  'InvalidGrantTokenException',
  'MalformedPolicyDocumentException',
  'CustomKeyStoreNotFoundException',
  'CustomKeyStoreNameInUseException',
  'CustomKeyStoreInvalidStateException',
  'CustomKeyStoreHasCMKsException',
  'CloudHsmClusterNotFoundException',
  'CloudHsmClusterInUseException',
  'CloudHsmClusterNotActiveException',
  'CloudHsmClusterInvalidConfigurationException',
  'CloudHsmClusterNotRelatedException',
  'IncorrectTrustAnchorException',
  'XksKeyNotFoundException',
  'XksProxyIncorrectAuthenticationCredentialException',
  'ExpiredImportTokenException',
];
const CLOUDHSM_CLIENT_ERRORS = [
  'ValidationException',
  'SerializationException',
  'UnknownOperationException',
  'CloudHsmAccessDeniedException',
  'CloudHsmInvalidRequestException',
  'CloudHsmResourceNotFoundException',
  'CloudHsmResourceLimitExceededException',
  'CloudHsmServiceException',
  'CloudHsmTagException',
];
const ALLOWED_400 = new Set([...KMS_CLIENT_ERRORS, ...CLOUDHSM_CLIENT_ERRORS]);

// ---- seeded generator ------------------------------------------------------------------------

/** mulberry32: tiny, fast, and enough for picking test inputs (not cryptography). */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  chance(numerator: number, denominator: number): boolean {
    return this.int(denominator) < numerator;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  text(
    n: number,
    alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_/:.',
  ): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

interface HttpCase {
  readonly index: number;
  readonly category: string;
  readonly description: string;
  readonly target: string | undefined;
  readonly contentType: string | undefined;
  readonly body: string | Buffer;
  /** Statuses this request may get; 200 only where the generated input could be valid. */
  readonly statuses: readonly number[];
}

/** Real ids from the setup walk, so mutated requests also reach the operations' deeper checks. */
interface KnownIds {
  readonly clusterId: string;
  readonly hsmId: string;
  readonly storeId: string;
  readonly hsmKeyArn: string;
  readonly kmsKeyId: string;
  readonly ciphertext: string;
  readonly backupId: string;
}

const UNICODE_SAMPLES = [
  'ключ',
  '鍵🔑',
  '\u0000nul',
  '\ud800lone',
  'e\u0301',
  '\u202eRTL',
  '\uffff',
  '🙂'.repeat(40),
  'tab\there',
  'ｆｕｌｌ',
];
const BAD_BASE64 = [
  '***',
  'abc',
  'a',
  '=abc',
  'ab=c',
  'YWJj\nZA==',
  '🙂',
  '%%%%',
  'YW Jj',
  'AAAA====',
  '-_-_',
  'YQ',
];
const WRONG_TYPES: readonly unknown[] = [
  42,
  -1,
  3.5,
  true,
  false,
  null,
  [],
  [1, 'a'],
  {},
  { nested: { x: 1 } },
  '',
  'string',
  1e300,
];

/** Key identifiers in every form KMS accepts, and many it does not (docs/behaviour.md §2.4 key resolution). */
function oddKeyIds(ids: KnownIds): string[] {
  const keyId = ids.hsmKeyArn.split('/').pop()!;
  return [
    ids.hsmKeyArn,
    ids.kmsKeyId,
    keyId.toUpperCase(),
    `${keyId} `,
    `key/${keyId}`,
    'alias/',
    'alias/aws/',
    'alias/aws/kms',
    'alias/aws/none',
    `arn:aws:kms:eu-west-1:111122223333:key/${keyId}`,
    `arn:aws:kms:us-east-1:999999999999:key/${keyId}`,
    `arn:aws:kms:us-east-1:111122223333:alias/x`,
    `arn:aws:kms:us-east-1:111122223333:key/`,
    'arn:',
    'arn:aws:kms',
    'arn:aws:kms:::',
    `arn:aws-cn:kms:us-east-1:111122223333:key/${keyId}`,
    'mrk-0123456789abcdef0123456789abcdef',
    '00000000-0000-0000-0000-000000000000',
    '../../etc/passwd',
    '%00',
    '*',
    ' ',
  ];
}

/** Ciphertext blobs around the real one: truncated, flipped, extended, and random (docs/behaviour.md §8.1-8.3). */
function oddCiphertext(ids: KnownIds, rng: Rng): string {
  const real = Buffer.from(ids.ciphertext, 'base64');
  const variant = rng.int(6);
  if (variant === 0) return real.subarray(0, rng.range(1, real.length - 1)).toString('base64');
  if (variant === 1) {
    const flipped = Buffer.from(real);
    flipped[rng.int(flipped.length)]! ^= 1 << rng.int(8);
    return flipped.toString('base64');
  }
  if (variant === 2) return Buffer.concat([real, rng.bytes(rng.range(1, 64))]).toString('base64');
  if (variant === 3)
    return Buffer.concat([
      real.subarray(0, rng.range(0, 8)),
      rng.bytes(rng.range(1, 200)),
    ]).toString('base64');
  if (variant === 4) return Buffer.from('KMSM').toString('base64');
  return rng.bytes(rng.range(1, 6144)).toString('base64');
}

function idFor(member: string, ids: KnownIds, rng: Rng): string | undefined {
  if (/^(KeyId|TargetKeyId|DestinationKeyId|SourceKeyId)$/.test(member))
    return rng.pick(oddKeyIds(ids));
  if (member === 'CustomKeyStoreId') return rng.pick([ids.storeId, 'cks-0123456789abcdef0']);
  if (member === 'ClusterId' || member === 'CloudHsmClusterId')
    return rng.pick([ids.clusterId, 'cluster-aaaaaaaaaaa']);
  if (member === 'HsmId') return ids.hsmId;
  if (member === 'BackupId') return rng.pick([ids.backupId, 'backup-aaaaaaaaaaa']);
  if (member === 'CiphertextBlob')
    return rng.chance(1, 3) ? ids.ciphertext : oddCiphertext(ids, rng);
  return undefined;
}

/** A value that fits the shape most of the time (random ids and patterns may still be refused). */
function plausible(shape: Shape, member: string, ids: KnownIds, rng: Rng, depth = 0): unknown {
  const known = idFor(member, ids, rng);
  if (known !== undefined && rng.chance(3, 4)) return known;
  switch (shape.type) {
    case 'string':
      if (shape.enum) return rng.pick(shape.enum);
      return rng.text(rng.range(shape.min ?? 1, Math.min(shape.max ?? 24, 24)));
    case 'blob':
      return rng
        .bytes(rng.range(Math.max(shape.min ?? 1, 1), Math.min(shape.max ?? 48, 48)))
        .toString('base64');
    case 'integer':
    case 'long':
      return rng.range(shape.min ?? 0, Math.min(shape.max ?? 1000, 1000));
    case 'boolean':
      return rng.chance(1, 2);
    case 'timestamp':
      return 1767225600 + rng.int(100000);
    case 'list':
      return depth > 3
        ? []
        : Array.from({ length: rng.range(shape.min ?? 0, Math.min(shape.max ?? 3, 3)) }, () =>
            plausible(shape.member, member, ids, rng, depth + 1),
          );
    case 'map': {
      const out: Record<string, unknown> = {};
      for (let i = rng.range(shape.min ?? 0, Math.min(shape.max ?? 3, 3)); i > 0; i--)
        out[rng.text(rng.range(1, 8))] = plausible(shape.value, member, ids, rng, depth + 1);
      return out;
    }
    case 'structure':
      return depth > 3 ? {} : plausibleStructure(shape, ids, rng, depth + 1);
  }
}

function plausibleStructure(
  shape: StructureShape,
  ids: KnownIds,
  rng: Rng,
  depth = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(shape.members)) {
    if (shape.required.includes(name) || rng.chance(1, 3))
      out[name] = plausible(member, name, ids, rng, depth);
  }
  return out;
}

function deepNest(levels: number, open: string, close: string, core: string): string {
  return open.repeat(levels) + core + close.repeat(levels);
}

type Mutation = {
  readonly name: string;
  readonly apply: (
    value: Record<string, unknown>,
    shape: StructureShape,
    rng: Rng,
  ) => string | Record<string, unknown> | undefined;
};

function membersOf(shape: StructureShape, predicate: (s: Shape) => boolean): string[] {
  return Object.entries(shape.members)
    .filter(([, s]) => predicate(s))
    .map(([name]) => name);
}

/** Each mutation returns the new body (object or raw text), or undefined if it does not apply to this shape. */
const MUTATIONS: readonly Mutation[] = [
  {
    name: 'wrong member type',
    apply: (v, s, rng) => ({ ...v, [rng.pick(Object.keys(s.members))]: rng.pick(WRONG_TYPES) }),
  },
  {
    name: 'missing required member',
    apply: (v, s, rng) => {
      if (s.required.length === 0) return undefined;
      const out = { ...v };
      delete out[rng.pick(s.required)];
      return out;
    },
  },
  {
    name: 'string/blob too long',
    apply: (v, s, rng) => {
      const names = membersOf(
        s,
        (m) => (m.type === 'string' || m.type === 'blob') && m.max !== undefined && m.max < 300_000,
      );
      if (names.length === 0) return undefined;
      const name = rng.pick(names);
      const shape = s.members[name] as { type: string; max: number };
      return {
        ...v,
        [name]:
          shape.type === 'blob'
            ? Buffer.alloc(shape.max + 1, 1).toString('base64')
            : 'x'.repeat(shape.max + 1),
      };
    },
  },
  {
    name: 'string/blob too short',
    apply: (v, s, rng) => {
      const names = membersOf(
        s,
        (m) => (m.type === 'string' || m.type === 'blob') && (m.min ?? 0) > 0,
      );
      return names.length === 0 ? undefined : { ...v, [rng.pick(names)]: '' };
    },
  },
  {
    name: 'number out of range',
    apply: (v, s, rng) => {
      const names = membersOf(s, (m) => m.type === 'integer' || m.type === 'long');
      if (names.length === 0) return undefined;
      const name = rng.pick(names);
      const shape = s.members[name] as { type: string; min?: number; max?: number };
      const outside = [9007199254740993, 1e308, -1e308];
      if (shape.type === 'integer') outside.push(2147483648, -2147483649);
      if (shape.max !== undefined) outside.push(shape.max + 1);
      if (shape.min !== undefined) outside.push(shape.min - 1);
      return { ...v, [name]: rng.pick(outside) };
    },
  },
  {
    // Coral truncates fractions (see decode-request.ts), so these may be valid.
    name: 'fractional or negative-zero number',
    apply: (v, s, rng) => {
      const names = membersOf(s, (m) => m.type === 'integer' || m.type === 'long');
      return names.length === 0
        ? undefined
        : { ...v, [rng.pick(names)]: rng.pick([1.5, 0.999, 10.01, -0, 1e-9]) };
    },
  },
  {
    name: 'bad enum',
    apply: (v, s, rng) => {
      const names = membersOf(s, (m) => m.type === 'string' && m.enum !== undefined);
      return names.length === 0
        ? undefined
        : {
            ...v,
            [rng.pick(names)]: rng.pick(['', 'symmetric_default', 'NOT_AN_ENUM', 'AES_256 ', '🙂']),
          };
    },
  },
  {
    name: 'bad base64 blob',
    apply: (v, s, rng) => {
      const names = membersOf(s, (m) => m.type === 'blob');
      return names.length === 0 ? undefined : { ...v, [rng.pick(names)]: rng.pick(BAD_BASE64) };
    },
  },
  {
    name: 'unicode strings',
    apply: (v, s, rng) => {
      const names = membersOf(s, (m) => m.type === 'string');
      return names.length === 0
        ? undefined
        : { ...v, [rng.pick(names)]: rng.pick(UNICODE_SAMPLES) };
    },
  },
  {
    name: 'null member',
    apply: (v, s, rng) => ({ ...v, [rng.pick(Object.keys(s.members))]: null }),
  },
  {
    name: 'unknown extra member',
    apply: (v, _s, rng) => ({
      ...v,
      [rng.pick(['Foo', '__proto__', 'constructor', 'keyId', ''])]: rng.pick(WRONG_TYPES),
    }),
  },
  {
    name: 'deep nesting in a member',
    apply: (v, s, rng) => {
      const member = rng.pick(Object.keys(s.members));
      const raw = JSON.stringify({ ...v, [member]: '__NEST__' });
      const nest = rng.chance(1, 2)
        ? deepNest(rng.pick([64, 1000, 20_000]), '[', ']', '1')
        : deepNest(rng.pick([64, 1000, 20_000]), '{"a":', '}', '1');
      return raw.replace('"__NEST__"', nest);
    },
  },
  {
    name: 'truncated JSON',
    apply: (v, _s, rng) => {
      const raw = JSON.stringify(v);
      return raw.slice(0, rng.range(1, Math.max(1, raw.length - 1)));
    },
  },
  {
    name: 'duplicate keys',
    apply: (v) => JSON.stringify(v).replace(/^\{/, '{"KeyId":1,').replace(/,}$/, '}'),
  },
  { name: 'plausible (may be valid)', apply: (v) => v },
];

const NON_JSON_BODIES = [
  'not json',
  '{',
  '}',
  '{"a":}',
  "{'KeyId':'x'}",
  '{"KeyId":"x",}',
  'NaN',
  '{"a":1}garbage',
  '\u0000',
  '<xml/>',
  'undefined',
  '{"a":01}',
  '{"a":"\\x41"}',
  '\ufeff{}',
];
const JSON_NON_OBJECTS = [
  '[]',
  '[{}]',
  '1',
  '-0',
  '"string"',
  'null',
  'true',
  '1e999',
  '[1,2,3]',
  '{"a":1}[]',
];
const UNKNOWN_TARGETS = [
  'TrentService.MakeCoffee',
  'TrentService.',
  'TrentService',
  'BaldrApiService.encrypt',
  'BaldrApiService.Encrypt',
  'TrentService.CreateCluster',
  'trentservice.Encrypt',
  'Foo.Bar',
  '.Encrypt',
  'TrentService.Encrypt.Extra',
  'TrentService.__proto__',
  'BaldrApiService.constructor',
  'TrentService.toString',
  ' TrentService.Encrypt',
  'TrentService.List Keys',
  'BaldrApiService.Describe-Clusters',
];
const CONTENT_TYPES = [
  'application/x-amz-json-1.1',
  'application/x-amz-json-1.0',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-amz-json-1.1; charset=utf-8',
  undefined,
];

function kmsOps(): string[] {
  return Object.keys(KMS_INPUT_SHAPES);
}
function hsmOps(): string[] {
  return Object.keys(CLOUDHSM_INPUT_SHAPES);
}

function generateHttpCases(ids: KnownIds, count: number): HttpCase[] {
  const rng = new Rng(GENERATOR_SEED);
  const cases: HttpCase[] = [];
  const add = (
    category: string,
    description: string,
    target: string | undefined,
    body: string | Buffer,
    statuses: readonly number[],
    contentType: string | undefined = 'application/x-amz-json-1.1',
  ): void => {
    cases.push({ index: cases.length, category, description, target, contentType, body, statuses });
  };
  const anyTarget = (): string =>
    rng.chance(1, 2)
      ? `TrentService.${rng.pick(kmsOps())}`
      : `BaldrApiService.${rng.pick(hsmOps())}`;
  // Fixed cases first: every non-JSON body and JSON non-object for both services, empty bodies.
  for (const target of [
    'TrentService.Encrypt',
    'TrentService.ListKeys',
    'BaldrApiService.DescribeClusters',
    'BaldrApiService.CreateHsm',
  ]) {
    for (const body of NON_JSON_BODIES)
      add('non-JSON body', JSON.stringify(body.slice(0, 30)), target, body, [400]);
    for (const body of JSON_NON_OBJECTS) add('JSON array/scalar', body, target, body, [400]);
  }
  for (const target of UNKNOWN_TARGETS) add('unknown target', target, target, '{}', [400]);
  add('missing X-Amz-Target', 'no header, {}', undefined, '{}', [400]);
  add('missing X-Amz-Target', 'no header, not JSON', undefined, 'xyz', [400]);
  for (const size of [ONE_MIB + 1, ONE_MIB + 4096, 3 * ONE_MIB])
    add(
      'huge body',
      `${size} bytes`,
      'TrentService.Encrypt',
      `{"KeyId":"${'k'.repeat(size)}"}`,
      [413],
    );
  while (cases.length < count) {
    const roll = rng.int(100);
    if (roll < 56) {
      const kms = rng.chance(3, 5);
      const op = kms ? rng.pick(kmsOps()) : rng.pick(hsmOps());
      const shape = (kms ? KMS_INPUT_SHAPES : CLOUDHSM_INPUT_SHAPES)[op as never] as StructureShape;
      const mutation = rng.pick(MUTATIONS);
      const mutated = mutation.apply(plausibleStructure(shape, ids, rng), shape, rng);
      if (mutated === undefined) continue;
      const body = typeof mutated === 'string' ? mutated : JSON.stringify(mutated);
      const mayBeValid =
        [
          'fractional or negative-zero number',
          'unknown extra member',
          'plausible (may be valid)',
          'unicode strings',
          'wrong member type',
          'null member',
          'deep nesting in a member',
          'duplicate keys',
        ].includes(mutation.name) || mutation.name === 'missing required member';
      add(
        mutation.name,
        `${kms ? 'TrentService' : 'BaldrApiService'}.${op}`,
        `${kms ? 'TrentService' : 'BaldrApiService'}.${op}`,
        body,
        mayBeValid ? [200, 400] : [400],
      );
    } else if (roll < 66) {
      // Well-formed requests whose content is wrong: odd key ids and damaged ciphertexts reach the
      // operations' own checks (NotFoundException, InvalidCiphertextException, ...).
      const op = rng.pick([
        'Decrypt',
        'ReEncrypt',
        'Decrypt',
        'ReEncrypt',
        'Encrypt',
        'Decrypt',
        'ReEncrypt',
        'GenerateDataKey',
        'GenerateDataKeyWithoutPlaintext',
        'DescribeKey',
        'EnableKey',
        'DisableKey',
        'CreateAlias',
        'UpdateAlias',
        'GenerateDataKeyPair',
        'CancelKeyDeletion',
      ]);
      const body = plausibleStructure(
        KMS_INPUT_SHAPES[op as keyof typeof KMS_INPUT_SHAPES] as StructureShape,
        ids,
        rng,
      );
      if (op === 'Decrypt' || op === 'ReEncrypt') {
        // Optional in the model but needed to get past the first check: always send a blob.
        body['CiphertextBlob'] = rng.chance(1, 4) ? ids.ciphertext : oddCiphertext(ids, rng);
        if (rng.chance(1, 2)) delete body['KeyId'];
        if (rng.chance(1, 2)) delete body['DryRun'];
      }
      add(
        'odd ids and ciphertexts',
        `TrentService.${op}`,
        `TrentService.${op}`,
        JSON.stringify(body),
        [200, 400],
      );
    } else if (roll < 70) {
      add(
        'random bytes',
        'binary body',
        anyTarget(),
        rng.bytes(rng.range(1, 2048)),
        [400],
        rng.pick(CONTENT_TYPES),
      );
    } else if (roll < 78) {
      const ct = rng.pick(CONTENT_TYPES);
      add('content type', `${ct ?? '(none)'} with {}`, anyTarget(), '{}', [200, 400], ct);
    } else if (roll < 84) {
      add(
        'unicode body',
        'unicode JSON string values',
        anyTarget(),
        JSON.stringify({
          KeyId: rng.pick(UNICODE_SAMPLES),
          Name: rng.pick(UNICODE_SAMPLES),
          ClusterId: rng.pick(UNICODE_SAMPLES),
        }),
        [200, 400],
      );
    } else if (roll < 90) {
      const levels = rng.pick([10, 500, 5000, 100_000]);
      if (rng.chance(1, 2))
        add(
          'deep nesting',
          `${levels} levels of arrays`,
          anyTarget(),
          deepNest(levels, '[', ']', ''),
          [400],
        );
      // An object whose only member is unknown (and ignored, as AWS does) may be a valid request.
      else
        add(
          'deep nesting',
          `${levels} levels of objects`,
          anyTarget(),
          deepNest(levels, '{"a":', '}', '{}'),
          [200, 400],
        );
    } else if (roll < 95) {
      add(
        'unknown target',
        'random target',
        `${rng.pick(['TrentService', 'BaldrApiService', 'Kms'])}.${rng.text(rng.range(0, 20))}`,
        '{}',
        [400],
      );
    } else {
      // An empty body reads as no input members: valid for operations with nothing required.
      add(
        'empty body',
        'empty or whitespace',
        anyTarget(),
        rng.pick(['', '\n', '\r\n\r\n', '   ']),
        [200, 400],
      );
    }
  }
  return cases;
}

// ---- raw TCP cases ---------------------------------------------------------------------------

interface TcpCase {
  readonly description: string;
  readonly bytes: Buffer;
  /** Half-close after writing, as a client that gives up would. */
  readonly end: boolean;
}

function request(headers: string[], body: string): string {
  return `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n${body}`;
}

function generateTcpCases(): TcpCase[] {
  const rng = new Rng(GENERATOR_SEED ^ 0x5a5a);
  const t = (description: string, text: string | Buffer, end = true): TcpCase => ({
    description,
    bytes: typeof text === 'string' ? Buffer.from(text, 'latin1') : text,
    end,
  });
  const cases: TcpCase[] = [
    t('garbage request line', 'GARBAGE\r\n\r\n'),
    t('HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
    t('TLS ClientHello', Buffer.from('16030100a5010000a10303', 'hex')),
    t('HTTP/0.9 GET', 'GET /\r\n'),
    t('lone CRLFs', '\r\n\r\n\r\n'),
    t('truncated headers', 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Amz-Tar'),
    t(
      'truncated body (Content-Length 50, 5 sent)',
      request(['X-Amz-Target: TrentService.Encrypt', 'Content-Length: 50'], '{"Key'),
    ),
    t(
      'non-numeric Content-Length',
      request(['X-Amz-Target: TrentService.Encrypt', 'Content-Length: abc'], '{}'),
    ),
    t(
      'negative Content-Length',
      request(['X-Amz-Target: TrentService.Encrypt', 'Content-Length: -1'], '{}'),
    ),
    t(
      'Content-Length and chunked',
      request(
        ['X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2', 'Transfer-Encoding: chunked'],
        '2\r\n{}\r\n0\r\n\r\n',
      ),
    ),
    t(
      'bad chunk size',
      request(
        ['X-Amz-Target: TrentService.ListKeys', 'Transfer-Encoding: chunked'],
        'zz\r\n{}\r\n0\r\n\r\n',
      ),
    ),
    t(
      'truncated chunked body',
      request(['X-Amz-Target: TrentService.ListKeys', 'Transfer-Encoding: chunked'], '10\r\n{"a'),
    ),
    t(
      'UTF-8 bytes in X-Amz-Target',
      Buffer.from(request(['X-Amz-Target: TrentService.🙂', 'Content-Length: 2'], '{}'), 'utf8'),
    ),
    t(
      'latin1 bytes in X-Amz-Target',
      request(['X-Amz-Target: TrentService.Encrypt\u00ff', 'Content-Length: 2'], '{}'),
    ),
    t(
      'header with NUL',
      request(['X-Amz-Target: TrentService.List\u0000Keys', 'Content-Length: 2'], '{}'),
    ),
    t(
      'header without colon',
      request(['X-Amz-Target TrentService.ListKeys', 'Content-Length: 2'], '{}'),
    ),
    t(
      'oversized header (32 KiB)',
      request([`X-Amz-Target: TrentService.${'A'.repeat(32 * 1024)}`, 'Content-Length: 2'], '{}'),
    ),
    t(
      'many headers',
      request([...Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`), 'Content-Length: 2'], '{}'),
    ),
    t(
      'declared 1 GiB body',
      request(['X-Amz-Target: TrentService.Encrypt', `Content-Length: ${1024 * ONE_MIB}`], '{'),
    ),
    t('bad HTTP version', 'POST / HTTP/9.9\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}'),
    t(
      'lowercase method',
      request(['X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2'], '{}').replace(
        'POST',
        'post',
      ),
    ),
    t(
      'valid framing, garbage JSON',
      request(['X-Amz-Target: TrentService.Encrypt', 'Content-Length: 7'], 'garbage'),
    ),
    t(
      'pipelined: valid + garbage',
      request(['X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2'], '{}') +
        'NOT HTTP AT ALL\r\n\r\n',
    ),
    t(
      'Expect: 100-continue without body',
      request(
        ['X-Amz-Target: TrentService.ListKeys', 'Content-Length: 2', 'Expect: 100-continue'],
        '',
      ),
    ),
    t(
      'absolute-form URL',
      'POST http://kms.us-east-1.amazonaws.com/ HTTP/1.1\r\nHost: x\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Length: 2\r\n\r\n{}',
    ),
    t('request target *', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'),
    t(
      'kept open: headers only, no body yet',
      request(['X-Amz-Target: TrentService.Encrypt', 'Content-Length: 10'], ''),
      false,
    ),
  ];
  for (let i = 0; i < 20; i++)
    cases.push(t(`random bytes #${i}`, rng.bytes(rng.range(1, 4096)), rng.chance(1, 2)));
  for (let i = 0; i < 10; i++) {
    const full = Buffer.from(
      request(
        [
          'X-Amz-Target: TrentService.GenerateRandom',
          'Content-Type: application/x-amz-json-1.1',
          'Content-Length: 20',
        ],
        '{"NumberOfBytes":16}',
      ),
      'latin1',
    );
    cases.push(t(`request cut at byte ${i}`, full.subarray(0, rng.range(1, full.length - 1))));
  }
  return cases;
}

interface TcpOutcome {
  readonly response: string;
  readonly closed: boolean;
}

/** Writes the bytes and collects whatever comes back until the server closes or a short quiet period. */
function sendRaw(port: number, testCase: TcpCase): Promise<TcpOutcome> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(limit);
      socket.destroy();
      resolve({ response: Buffer.concat(chunks).toString('latin1'), closed });
    };
    // Cases left open cannot be closed by the server without a timeout: give them a quiet period.
    const limit = setTimeout(
      () =>
        testCase.end
          ? reject(new Error(`no close within ${RESPONSE_TIMEOUT_MS} ms: ${testCase.description}`))
          : finish(false),
      testCase.end ? RESPONSE_TIMEOUT_MS : 500,
    );
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      socket.write(testCase.bytes, () => {
        if (testCase.end) socket.end();
      });
    });
  });
}

// ---- the test --------------------------------------------------------------------------------

interface Problem {
  readonly where: string;
  readonly detail: string;
}

async function setupWorld(server: ServeProcess): Promise<KnownIds> {
  const cert = '-----BEGIN CERTIFICATE-----\nMIIBkmsimMALFORMEDfake\n-----END CERTIFICATE-----\n';
  const password = 'kmsuser-Malformed1';
  const json = async (target: string, body: unknown): Promise<any> => {
    const res = await wireCall(server.url, target, body);
    if (res.status !== 200) throw new Error(`setup ${target} failed: ${res.status} ${res.text}`);
    return JSON.parse(res.text);
  };
  const subnets = twoAzSubnets(await server.world());
  const clusterId = (
    await json('BaldrApiService.CreateCluster', {
      HsmType: 'hsm1.medium',
      SubnetIds: subnets.map((s) => s.subnetId),
    })
  ).Cluster.ClusterId;
  await server.advance(120);
  let hsmId = '';
  for (const subnet of subnets)
    hsmId = (
      await json('BaldrApiService.CreateHsm', {
        ClusterId: clusterId,
        AvailabilityZone: subnet.availabilityZone,
      })
    ).Hsm.HsmId;
  await server.advance(180);
  await json('BaldrApiService.InitializeCluster', {
    ClusterId: clusterId,
    SignedCert: cert,
    TrustAnchor: cert,
  });
  await server.advance(60);
  expect(
    (await server.action({ action: 'activate-cluster', clusterId, kmsuserPassword: password }))
      .status,
  ).toBe(200);
  const storeId = (
    await json('TrentService.CreateCustomKeyStore', {
      CustomKeyStoreName: 'malformed',
      CloudHsmClusterId: clusterId,
      TrustAnchorCertificate: cert,
      KeyStorePassword: password,
    })
  ).CustomKeyStoreId;
  await json('TrentService.ConnectCustomKeyStore', { CustomKeyStoreId: storeId });
  await server.advance(120);
  const hsmKeyArn = (
    await json('TrentService.CreateKey', { Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: storeId })
  ).KeyMetadata.Arn;
  const kmsKeyId = (await json('TrentService.CreateKey', {})).KeyMetadata.KeyId;
  const ciphertext = (
    await json('TrentService.Encrypt', {
      KeyId: hsmKeyArn,
      Plaintext: Buffer.from('seed').toString('base64'),
    })
  ).CiphertextBlob;
  const backupId =
    (await json('BaldrApiService.DescribeBackups', {})).Backups?.[0]?.BackupId ??
    'backup-aaaaaaaaaaa';
  return { clusterId, hsmId, storeId, hsmKeyArn, kmsKeyId, ciphertext, backupId };
}

function checkHttp(testCase: HttpCase, status: number, text: string): string | undefined {
  if (status >= 500) return `HTTP ${status} (5xx): ${text.slice(0, 300)}`;
  if (!testCase.statuses.includes(status))
    return `HTTP ${status}, expected ${testCase.statuses.join('/')}: ${text.slice(0, 300)}`;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `body is not JSON: ${text.slice(0, 200)}`;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return `body is not a JSON object: ${text.slice(0, 200)}`;
  const type = (body as Record<string, unknown>)['__type'];
  if (status === 200) return type === undefined ? undefined : `200 with __type ${String(type)}`;
  if (status === 413)
    return type === 'RequestEntityTooLargeException'
      ? undefined
      : `413 with __type ${String(type)}`;
  if (typeof type !== 'string') return `400 without a string __type: ${text.slice(0, 200)}`;
  if (type === 'KmsimSimulatorBugException') return `SIMULATOR BUG: ${text.slice(0, 600)}`;
  if (!ALLOWED_400.has(type)) return `__type ${type} is not an error the real services use`;
  const isKms = testCase.target?.startsWith('TrentService.') ?? false;
  const isHsm = testCase.target?.startsWith('BaldrApiService.') ?? false;
  if (isKms && !KMS_CLIENT_ERRORS.includes(type)) return `KMS answered with CloudHSM error ${type}`;
  if (isHsm && !CLOUDHSM_CLIENT_ERRORS.includes(type))
    return `CloudHSM answered with KMS error ${type}`;
  return undefined;
}

describe('malformed requests against kmsim serve', () => {
  let server: ServeProcess;
  let ids: KnownIds;
  const problems: Problem[] = [];
  const tally = new Map<string, number>();

  beforeAll(async () => {
    server = await startServe({ seed: 777 });
    ids = await setupWorld(server);
  });

  afterAll(async () => {
    await server?.close();
  });

  it(`answers ${GENERATED_HTTP_CASES} generated malformed HTTP requests with 400/413 (or 200 when valid) and a real AWS error type, never a simulator bug`, async () => {
    const cases = generateHttpCases(ids, GENERATED_HTTP_CASES);
    expect(cases.length).toBeGreaterThanOrEqual(1000);
    const categories = new Set(cases.map((c) => c.category));
    for (const required of [
      'non-JSON body',
      'JSON array/scalar',
      'wrong member type',
      'missing required member',
      'string/blob too long',
      'number out of range',
      'bad enum',
      'bad base64 blob',
      'unknown target',
      'missing X-Amz-Target',
      'huge body',
      'content type',
      'random bytes',
      'deep nesting',
      'unicode strings',
      'empty body',
    ]) {
      expect(categories, required).toContain(required);
    }
    const services = new Set(cases.map((c) => c.target?.split('.')[0]));
    for (const service of ['TrentService', 'BaldrApiService', undefined])
      expect(services).toContain(service);
    let next = 0;
    let end = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < end; i = next++) {
        const testCase = cases[i]!;
        const headers: Record<string, string> = {};
        if (testCase.contentType !== undefined) headers['content-type'] = testCase.contentType;
        if (testCase.target !== undefined) headers['x-amz-target'] = testCase.target;
        const where = `case #${testCase.index} [${testCase.category}] ${testCase.description}`;
        try {
          const res = await fetch(`${server.url}/`, {
            method: 'POST',
            headers,
            body: testCase.body,
            signal: AbortSignal.timeout(RESPONSE_TIMEOUT_MS),
          });
          const text = await res.text();
          const problem = checkHttp(testCase, res.status, text);
          if (problem)
            problems.push({
              where,
              detail: `${problem}\n    request body: ${String(testCase.body).slice(0, 300)}`,
            });
          const type =
            res.status === 200
              ? '200 OK'
              : `${res.status} ${(JSON.parse(text) as { __type?: string }).__type ?? '?'}`;
          tally.set(type, (tally.get(type) ?? 0) + 1);
        } catch (error) {
          problems.push({
            where,
            detail: `no answer: ${error instanceof Error ? error.message : String(error)}`,
          });
        }
      }
    };
    // Time is frozen, so the per-second request quotas (docs/behaviour.md §5.1) would answer most of the run with
    // ThrottlingException before validation: let a virtual second pass after every batch.
    for (let start = 0; start < cases.length; start += BATCH_SIZE) {
      next = start;
      end = Math.min(start + BATCH_SIZE, cases.length);
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      await server.advance(1);
    }
    console.log(
      `malformed HTTP requests: ${cases.length}; answers: ${[...tally.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k}×${n}`)
        .join(', ')}`,
    );
    expect(problems.slice(0, 25)).toEqual([]);
  });

  it('answers raw TCP garbage and truncated requests with a 4xx or a closed connection, never a 5xx, within bounded time', async () => {
    const cases = generateTcpCases();
    const tcpProblems: Problem[] = [];
    const outcomes = new Map<string, number>();
    for (const testCase of cases) {
      try {
        const outcome = await sendRaw(server.port, testCase);
        const statuses = [...outcome.response.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) =>
          Number(m[1]),
        );
        const label =
          statuses.length > 0
            ? statuses.join('+')
            : outcome.closed
              ? 'closed'
              : 'open (no answer yet)';
        outcomes.set(label, (outcomes.get(label) ?? 0) + 1);
        if (statuses.some((status) => status >= 500))
          tcpProblems.push({ where: testCase.description, detail: outcome.response.slice(0, 400) });
        if (outcome.response.includes('KmsimSimulatorBugException'))
          tcpProblems.push({
            where: testCase.description,
            detail: `SIMULATOR BUG: ${outcome.response.slice(0, 400)}`,
          });
        if (outcome.response.length > 0 && statuses.length === 0)
          tcpProblems.push({
            where: testCase.description,
            detail: `non-HTTP answer: ${outcome.response.slice(0, 100)}`,
          });
      } catch (error) {
        tcpProblems.push({
          where: testCase.description,
          detail: error instanceof Error ? error.message : String(error),
        });
      }
    }
    console.log(
      `raw TCP cases: ${cases.length}; outcomes: ${[...outcomes.entries()].map(([k, n]) => `${k}×${n}`).join(', ')}`,
    );
    expect(tcpProblems).toEqual([]);
    // The explicit cases the brief names get a real answer, not just a dropped connection.
    expect(
      (
        await sendRaw(server.port, {
          description: 'garbage',
          bytes: Buffer.from('GARBAGE\r\n\r\n'),
          end: true,
        })
      ).response,
    ).toMatch(/^HTTP\/1\.1 400/);
    const framed = await sendRaw(server.port, {
      description: 'framed garbage',
      bytes: Buffer.from(
        request(
          ['X-Amz-Target: TrentService.Encrypt', 'Content-Length: 7', 'Connection: close'],
          'garbage',
        ),
      ),
      end: false,
    });
    expect(framed.response).toMatch(/^HTTP\/1\.1 400/);
    expect(framed.response).toContain('"__type":"SerializationException"');
  });

  it('is still healthy afterwards, with no simulator.bug in the trace and nothing logged as a simulator bug', async () => {
    expect(server.alive()).toBe(true);
    expect(await server.health()).toBe(200);
    // The generated requests may have disabled, disconnected or deleted the setup's resources and
    // used up the per-second request quotas (docs/behaviour.md §5.1; time is frozen): let a minute pass, then a
    // fresh key must work end to end.
    await server.advance(60);
    const created = await wireCall(server.url, 'TrentService.CreateKey', {});
    expect(created.status, created.text).toBe(200);
    const keyId = (JSON.parse(created.text) as { KeyMetadata: { KeyId: string } }).KeyMetadata
      .KeyId;
    const sealed = await wireCall(server.url, 'TrentService.Encrypt', {
      KeyId: keyId,
      Plaintext: Buffer.from('still fine').toString('base64'),
    });
    expect(sealed.status).toBe(200);
    const opened = await wireCall(server.url, 'TrentService.Decrypt', {
      CiphertextBlob: (JSON.parse(sealed.text) as { CiphertextBlob: string }).CiphertextBlob,
    });
    expect(
      Buffer.from(
        (JSON.parse(opened.text) as { Plaintext: string }).Plaintext,
        'base64',
      ).toString(),
    ).toBe('still fine');
    const trace = await server.trace();
    expect(trace.split('\n').filter((line) => line.includes('simulator.bug'))).toEqual([]);
    expect(server.stderr()).not.toMatch(/simulator bug|transport failure/i);
  });
});
