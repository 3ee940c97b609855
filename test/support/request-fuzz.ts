/**
 * The seeded request generator shared by the malformed-request test and the serve fuzz test
 * (test/transport/): AWS JSON 1.1 requests built from the operations' input shapes and then mutated
 * (wrong types, missing members, out-of-range numbers, bad enums and base64, deep nesting, unknown
 * targets, odd content types, random bytes), the world they are aimed at, and the check every
 * answer must pass: 400/413 with a JSON body whose `__type` is an error the real services use, or
 * 200 where the request may be valid, never a 5xx or `KmsimSimulatorBugException`.
 *
 * The generator is plain data + a small PRNG (mulberry32): the same seed gives the same requests,
 * so a failure names the case index and reproduces.
 */
import { expect } from 'vitest';
import { CLOUDHSM_INPUT_SHAPES } from '../../src/cloudhsm/input-shapes.js';
import { KMS_INPUT_SHAPES } from '../../src/kms/input-shapes.js';
import type { Shape, StructureShape } from '../../src/protocol/shape.js';
import { twoAzSubnets, wireCall, type ServeProcess } from './serve-process.js';

export const ONE_MIB = 1024 * 1024;

/** Error types the real services put on the wire for client faults (docs/behaviour.md §1.3, §1.4, §1.5, §8.7). */
export const KMS_CLIENT_ERRORS = [
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
  'InvalidGrantIdException',
  'ConflictException',
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
export const CLOUDHSM_CLIENT_ERRORS = [
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
export const ALLOWED_400 = new Set([...KMS_CLIENT_ERRORS, ...CLOUDHSM_CLIENT_ERRORS]);

// ---- seeded generator ------------------------------------------------------------------------

/** mulberry32: tiny, fast, and enough for picking test inputs (not cryptography). */
export class Rng {
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

export interface HttpCase {
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
export interface KnownIds {
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

export function plausibleStructure(
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

export function deepNest(levels: number, open: string, close: string, core: string): string {
  return open.repeat(levels) + core + close.repeat(levels);
}

export type Mutation = {
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
export const MUTATIONS: readonly Mutation[] = [
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

export function kmsOps(): string[] {
  return Object.keys(KMS_INPUT_SHAPES);
}
export function hsmOps(): string[] {
  return Object.keys(CLOUDHSM_INPUT_SHAPES);
}

export function generateHttpCases(ids: KnownIds, count: number, seed: number): HttpCase[] {
  const rng = new Rng(seed);
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
      // The mutation first, then an operation it applies to (a few tries): most operations have no
      // blob member, so picking the operation first would make blob mutations rare.
      const mutation = rng.pick(MUTATIONS);
      let kms = false;
      let op = '';
      let mutated: ReturnType<Mutation['apply']>;
      for (let attempt = 0; attempt < 8 && mutated === undefined; attempt++) {
        kms = rng.chance(3, 5);
        op = kms ? rng.pick(kmsOps()) : rng.pick(hsmOps());
        const shape = (kms ? KMS_INPUT_SHAPES : CLOUDHSM_INPUT_SHAPES)[
          op as never
        ] as StructureShape;
        mutated = mutation.apply(plausibleStructure(shape, ids, rng), shape, rng);
      }
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

export async function setupWorld(server: ServeProcess): Promise<KnownIds> {
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

export function checkHttp(testCase: HttpCase, status: number, text: string): string | undefined {
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
