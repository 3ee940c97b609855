import { describe, expect, it } from 'vitest';
import * as sdk from '@aws-sdk/client-kms';
import { KMS_INPUT_SHAPES, type KmsOperationName } from '../../src/kms/input-shapes.js';
import {
  decodeRequest,
  validateInput,
  type DecodeResult,
} from '../../src/protocol/decode-request.js';
import type { Shape, StructureShape } from '../../src/protocol/shape.js';
import { RandomStream } from '../../src/sim/random.js';
import { arbitraryValue } from '../protocol/shape-arbitrary.js';
import { shapeSweeps } from '../protocol/shape-sweeps.js';

const OPERATIONS = [
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'GenerateRandom',
  'CreateKey',
  'DescribeKey',
  'ListKeys',
  'EnableKey',
  'DisableKey',
  'ScheduleKeyDeletion',
  'CancelKeyDeletion',
  'CreateAlias',
  'UpdateAlias',
  'DeleteAlias',
  'ListAliases',
  'CreateCustomKeyStore',
  'ConnectCustomKeyStore',
  'DisconnectCustomKeyStore',
  'DescribeCustomKeyStores',
  'UpdateCustomKeyStore',
  'DeleteCustomKeyStore',
  'GetKeyPolicy',
  'PutKeyPolicy',
  'ListKeyPolicies',
  'TagResource',
  'UntagResource',
  'ListResourceTags',
  'CreateGrant',
  'ListGrants',
  'ListRetirableGrants',
  'RetireGrant',
  'RevokeGrant',
  'EnableKeyRotation',
  'DisableKeyRotation',
  'GetKeyRotationStatus',
  'RotateKeyOnDemand',
  'ListKeyRotations',
  'UpdateKeyDescription',
  'GetKeyLastUsage',
];

function message(result: DecodeResult<unknown>): string | undefined {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  return result.message;
}

const shapes: Record<string, StructureShape> = KMS_INPUT_SHAPES;
const SEED = 'kms-input-shapes';

describe('kms: input shapes', () => {
  it('cover exactly the operations kmsim serves', () => {
    expect(Object.keys(KMS_INPUT_SHAPES).sort()).toEqual([...OPERATIONS].sort());
  });

  describe('recorded ValidationException messages, byte for byte (docs/behaviour.md §8.7 [W])', () => {
    it('Encrypt: plaintext over 4096 bytes omits the sensitive value', () => {
      const text = JSON.stringify({
        KeyId: 'alias/x',
        Plaintext: Buffer.alloc(4097, 1).toString('base64'),
      });
      expect(message(decodeRequest(KMS_INPUT_SHAPES.Encrypt, text))).toBe(
        "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
      );
    });

    it('GenerateRandom: numberOfBytes bounds', () => {
      expect(
        message(decodeRequest(KMS_INPUT_SHAPES.GenerateRandom, '{"NumberOfBytes":1025}')),
      ).toBe(
        "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
      );
      expect(message(decodeRequest(KMS_INPUT_SHAPES.GenerateRandom, '{"NumberOfBytes":0}'))).toBe(
        "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
      );
    });

    it('GenerateRandom without NumberOfBytes passes validation (the operation says `NumberOfBytes is required.`)', () => {
      expect(decodeRequest(KMS_INPUT_SHAPES.GenerateRandom, '{}')).toEqual({ ok: true, value: {} });
    });

    it('CreateKey: tag key and tag value lengths use the nested list path', () => {
      const longValue = 'v'.repeat(257);
      const longKey = 'a'.repeat(129);
      expect(
        message(
          validateInput(KMS_INPUT_SHAPES.CreateKey, {
            Tags: [{ TagKey: 'k', TagValue: longValue }],
          }),
        ),
      ).toBe(
        `1 validation error detected: Value '${longValue}' at 'tags.1.member.tagValue' failed to satisfy constraint: Member must have length less than or equal to 256`,
      );
      expect(
        message(
          validateInput(KMS_INPUT_SHAPES.CreateKey, { Tags: [{ TagKey: longKey, TagValue: 'v' }] }),
        ),
      ).toBe(
        `1 validation error detected: Value '${longKey}' at 'tags.1.member.tagKey' failed to satisfy constraint: Member must have length less than or equal to 128`,
      );
    });

    it('CreateKey: keySpec and keyUsage enum lists start with the order recorded on the wire', () => {
      const keySpec = message(
        validateInput(KMS_INPUT_SHAPES.CreateKey, { KeySpec: 'HMAC_random' }),
      );
      expect(keySpec).toBe(
        "1 validation error detected: Value 'HMAC_random' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: " +
          '[RSA_2048, ECC_NIST_P384, ECC_NIST_P256, ECC_NIST_P521, HMAC_384, RSA_3072, ECC_SECG_P256K1, RSA_4096, SYMMETRIC_DEFAULT, ' +
          'HMAC_256, HMAC_224, HMAC_512, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519, ML_KEM_512, ML_KEM_768, ML_KEM_1024]',
      );
      const keyUsage = message(validateInput(KMS_INPUT_SHAPES.CreateKey, { KeyUsage: 'RANDOM' }));
      expect(keyUsage).toBe(
        "1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: " +
          '[ENCRYPT_DECRYPT, SIGN_VERIFY, GENERATE_VERIFY_MAC, KEY_AGREEMENT, ENCAPSULATE_DECAPSULATE]',
      );
    });

    it('Decrypt: an empty ciphertext blob omits the value (AWS CLI output reported by a user)', () => {
      expect(message(decodeRequest(KMS_INPUT_SHAPES.Decrypt, '{"CiphertextBlob":""}'))).toBe(
        "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
    });
  });

  it('constraints from the model are where docs/behaviour.md §2.1 says', () => {
    const check = (op: KmsOperationName, body: Record<string, unknown>) =>
      message(validateInput(KMS_INPUT_SHAPES[op], body));
    expect(check('CreateAlias', { AliasName: 'alias/bad name', TargetKeyId: 'k' })).toBe(
      "1 validation error detected: Value 'alias/bad name' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$",
    );
    expect(
      check('CreateCustomKeyStore', {
        CustomKeyStoreName: 'n',
        CloudHsmClusterId: 'cluster-1234567890a',
      }),
    ).toBe(
      "1 validation error detected: Value 'cluster-1234567890a' at 'cloudHsmClusterId' failed to satisfy constraint: Member must satisfy regular expression pattern: cluster-[2-7a-zA-Z]{11,16}",
    );
    expect(
      check('UpdateCustomKeyStore', { CustomKeyStoreId: 'cks-1', KeyStorePassword: 'short' }),
    ).toBe(
      "1 validation error detected: Value at 'keyStorePassword' failed to satisfy constraint: Member must have length greater than or equal to 7",
    );
    expect(check('ScheduleKeyDeletion', { KeyId: 'k', PendingWindowInDays: 366 })).toContain(
      'Member must have value less than or equal to 365',
    );
    expect(check('ListKeys', { Limit: 1001 })).toContain("Value '1001' at 'limit'");
    expect(
      check('Encrypt', {
        KeyId: 'k',
        Plaintext: 'AA==',
        GrantTokens: Array.from({ length: 11 }, () => 't'),
      }),
    ).toBe(
      `1 validation error detected: Value '[${Array.from({ length: 11 }, () => 't').join(', ')}]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10`,
    );
    expect(
      check('CreateCustomKeyStore', {
        CustomKeyStoreName: 'n',
        XksProxyAuthenticationCredential: {
          AccessKeyId: 'lower',
          RawSecretAccessKey: 'x'.repeat(43),
        },
      }),
    ).toBe(
      '2 validation errors detected: ' +
        "Value at 'xksProxyAuthenticationCredential.accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[A-Z2-7]+$; " +
        "Value at 'xksProxyAuthenticationCredential.accessKeyId' failed to satisfy constraint: Member must have length greater than or equal to 20",
    );
  });
});

// ---- cross-check against the newer model inside the pinned @aws-sdk/client-kms ----------------

type SdkSchema = unknown;
interface SdkMember {
  kind: string;
  sensitive: boolean;
  schema: SdkSchema;
}

/** Reads the SDK's schema tuples: number codes, `[tag, ns, name, traits, ...]`, `[ref, traits]`. */
function sdkMember(schema: SdkSchema, sensitive = false): SdkMember {
  if (typeof schema === 'function') return sdkMember((schema as () => SdkSchema)(), sensitive);
  if (typeof schema === 'number') {
    if (schema & 128) return { kind: 'map', sensitive, schema };
    if (schema & 64) return { kind: 'list', sensitive, schema };
    const kinds: Record<number, string> = { 0: 'string', 1: 'number', 2: 'boolean', 21: 'blob' };
    return {
      kind: kinds[schema] ?? (schema >= 4 && schema <= 7 ? 'timestamp' : `code ${schema}`),
      sensitive,
      schema,
    };
  }
  const tuple = schema as unknown[];
  if (tuple.length === 2 && typeof tuple[0] === 'function') return sdkMember(tuple[0], sensitive);
  const [tag, , , traits] = tuple as [number, string, string, unknown];
  const isSensitive = sensitive || (typeof traits === 'number' && (traits & 8) !== 0);
  if (tag === 0) return sdkMember(tuple[4], isSensitive);
  const kinds: Record<number, string> = { 1: 'list', 2: 'map', 3: 'structure' };
  return { kind: kinds[tag] ?? `tag ${tag}`, sensitive: isSensitive, schema: tuple };
}

function ourKind(shape: Shape): string {
  return shape.type === 'integer' || shape.type === 'long' ? 'number' : shape.type;
}

function compareStructure(ours: StructureShape, sdkStruct: unknown[], path: string): void {
  const names = sdkStruct[4] as string[];
  const memberSchemas = sdkStruct[5] as SdkSchema[];
  const requiredCount = (sdkStruct[6] as number | undefined) ?? 0;
  expect(Object.keys(ours.members).sort(), `${path} members`).toEqual([...names].sort());
  expect([...ours.required].sort(), `${path} required`).toEqual(
    names.slice(0, requiredCount).sort(),
  );
  // The SDK lists required members first, the rest in model order.
  const optional = Object.keys(ours.members).filter((name) => !ours.required.includes(name));
  expect(optional, `${path} model order`).toEqual(names.slice(requiredCount));
  names.forEach((name, index) => {
    const mine = ours.members[name] as Shape;
    const theirs = sdkMember(memberSchemas[index]);
    expect(ourKind(mine), `${path}.${name} kind`).toBe(theirs.kind);
    const mineSensitive =
      (mine.type === 'string' || mine.type === 'blob') && mine.sensitive === true;
    expect(mineSensitive, `${path}.${name} sensitive`).toBe(theirs.sensitive);
    if (mine.type === 'structure')
      compareStructure(mine, theirs.schema as unknown[], `${path}.${name}`);
    if (mine.type === 'list' && mine.member.type === 'structure') {
      const memberSchema = sdkMember((theirs.schema as unknown[])[4]);
      compareStructure(mine.member, memberSchema.schema as unknown[], `${path}.${name}.member`);
    }
  });
}

describe('kms: input shapes agree with the pinned @aws-sdk/client-kms model', () => {
  it.each(OPERATIONS)('%s: member names, order, kinds, required, sensitive', (op) => {
    const sdkStruct = (sdk as unknown as Record<string, unknown>)[`${op}Request$`] as unknown[];
    expect(sdkStruct, `${op}Request$ exported by the SDK`).toBeDefined();
    compareStructure(shapes[op] as StructureShape, sdkStruct, op);
  });

  const enums: Array<[string, Shape, Record<string, string>]> = [
    ['KeySpec', KMS_INPUT_SHAPES.CreateKey.members.KeySpec, sdk.KeySpec],
    ['KeyUsageType', KMS_INPUT_SHAPES.CreateKey.members.KeyUsage, sdk.KeyUsageType],
    [
      'CustomerMasterKeySpec',
      KMS_INPUT_SHAPES.CreateKey.members.CustomerMasterKeySpec,
      sdk.CustomerMasterKeySpec,
    ],
    ['OriginType', KMS_INPUT_SHAPES.CreateKey.members.Origin, sdk.OriginType],
    [
      'EncryptionAlgorithmSpec',
      KMS_INPUT_SHAPES.Encrypt.members.EncryptionAlgorithm,
      sdk.EncryptionAlgorithmSpec,
    ],
    ['DataKeySpec', KMS_INPUT_SHAPES.GenerateDataKey.members.KeySpec, sdk.DataKeySpec],
    [
      'DataKeyPairSpec',
      KMS_INPUT_SHAPES.GenerateDataKeyPair.members.KeyPairSpec,
      sdk.DataKeyPairSpec,
    ],
    [
      'DryRunModifierType',
      KMS_INPUT_SHAPES.Decrypt.members.DryRunModifiers.member,
      sdk.DryRunModifierType,
    ],
    [
      'KeyEncryptionMechanism',
      KMS_INPUT_SHAPES.Decrypt.members.Recipient.members.KeyEncryptionAlgorithm,
      sdk.KeyEncryptionMechanism,
    ],
    [
      'CustomKeyStoreType',
      KMS_INPUT_SHAPES.CreateCustomKeyStore.members.CustomKeyStoreType,
      sdk.CustomKeyStoreType,
    ],
    [
      'XksProxyConnectivityType',
      KMS_INPUT_SHAPES.CreateCustomKeyStore.members.XksProxyConnectivity,
      sdk.XksProxyConnectivityType,
    ],
    ['GrantOperation', KMS_INPUT_SHAPES.CreateGrant.members.Operations.member, sdk.GrantOperation],
    [
      'IncludeKeyMaterial',
      KMS_INPUT_SHAPES.ListKeyRotations.members.IncludeKeyMaterial,
      sdk.IncludeKeyMaterial,
    ],
  ];
  it.each(enums)('%s has the same values', (_name, shape, sdkEnum) => {
    if (shape.type !== 'string' || shape.enum === undefined) throw new Error('not an enum shape');
    expect([...shape.enum].sort()).toEqual(Object.values(sdkEnum).sort());
    if (shape.enumMessage !== undefined) {
      // Every accepted value the message omits must be a deliberate omission (SM2, docs/behaviour.md §8.7 [W]).
      expect(shape.enum.filter((value) => !shape.enumMessage?.includes(value))).toEqual(
        shape.enum.includes('SM2') && !shape.enumMessage.includes('SM2') ? ['SM2'] : [],
      );
    }
  });
});

// ---- generated -------------------------------------------------------------------------------

describe('kms: generated inputs', () => {
  it.each(OPERATIONS)('%s: 60 random well-formed inputs decode to exactly their values', (op) => {
    const shape = shapes[op] as StructureShape;
    const rng = new RandomStream(SEED).fork(op);
    for (let run = 0; run < 60; run++) {
      const input = arbitraryValue(shape, rng);
      const text = JSON.stringify(input.wire);
      const result = decodeRequest(shape, text);
      expect(result, `SEED=${SEED} op=${op} run=${run} body=${text}`).toEqual({
        ok: true,
        value: input.decoded,
      });
    }
  });

  shapeSweeps('KMS', shapes, OPERATIONS, SEED);
});
