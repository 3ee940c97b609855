/** GenerateDataKey and GenerateDataKeyWithoutPlaintext through the real SDK (docs/behaviour.md §2.4, §8.4, §8.6, §8.7). */
import {
  CreateAliasCommand,
  DecryptCommand,
  DisableKeyCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError, rawKms } from '../../support/kms-expect.js';
import { createAwsKmsKey, createHsmKey, type TestKey } from '../../support/kms-world.js';

const DRY_RUN = 'The request would have succeeded, but the DryRun option is set.';
const EITHER = 'Please specify either number of bytes or key spec.';
const SIZES = [
  ['KeySpec AES_128', 16, { KeySpec: 'AES_128' as const }],
  ['KeySpec AES_256', 32, { KeySpec: 'AES_256' as const }],
  ['NumberOfBytes 1', 1, { NumberOfBytes: 1 }],
  ['NumberOfBytes 1024', 1024, { NumberOfBytes: 1024 }],
] as const;

describe('kms: GenerateDataKey', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createHsmKey(w);
  });

  it.each(SIZES)(
    'kms: GenerateDataKey: %s → a data key of %i bytes',
    async (_label, bytes, size) => {
      const out = await w.kms.send(
        new GenerateDataKeyCommand({
          KeyId: key.keyId,
          ...size,
          EncryptionContext: { use: 'dek' },
        }),
      );
      expect(out.Plaintext!.length).toBe(bytes);
      expect(out.KeyId).toBe(key.arn);
      expect(out.KeyMaterialId).toBeUndefined();
      const back = await w.kms.send(
        new DecryptCommand({
          CiphertextBlob: out.CiphertextBlob,
          EncryptionContext: { use: 'dek' },
        }),
      );
      expect(Buffer.from(back.Plaintext!).equals(Buffer.from(out.Plaintext!))).toBe(true);
    },
  );

  it('kms: GenerateDataKey: two calls give different data keys', async () => {
    const a = await w.kms.send(
      new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_256' }),
    );
    const b = await w.kms.send(
      new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_256' }),
    );
    expect(Buffer.from(a.Plaintext!).equals(Buffer.from(b.Plaintext!))).toBe(false);
  });

  it('kms: GenerateDataKey: AWS_KMS key → also returns KeyMaterialId', async () => {
    const plain = await createAwsKmsKey(w);
    const out = await w.kms.send(
      new GenerateDataKeyCommand({ KeyId: plain.keyId, KeySpec: 'AES_256' }),
    );
    expect(out.KeyId).toBe(plain.arn);
    expect(out.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('kms: GenerateDataKey: neither KeySpec nor NumberOfBytes → ValidationException', async () => {
    await expectKmsError(
      w.kms.send(new GenerateDataKeyCommand({ KeyId: key.keyId })),
      'ValidationException',
      EITHER,
    );
  });

  it('kms: GenerateDataKey: both KeySpec and NumberOfBytes → ValidationException', async () => {
    await expectKmsError(
      w.kms.send(
        new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_256', NumberOfBytes: 32 }),
      ),
      'ValidationException',
      EITHER,
    );
  });

  it.each([
    [
      1025,
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    ],
    [
      0,
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
  ])(
    'kms: GenerateDataKey: NumberOfBytes %i → ValidationException',
    async (numberOfBytes, message) => {
      await expectKmsError(
        w.kms.send(new GenerateDataKeyCommand({ KeyId: key.keyId, NumberOfBytes: numberOfBytes })),
        'ValidationException',
        message,
      );
    },
  );

  it('kms: GenerateDataKey: unknown key and neither size → ValidationException (validation before key resolution, docs/behaviour.md §3.2)', async () => {
    await expectKmsError(
      w.kms.send(new GenerateDataKeyCommand({ KeyId: '7a7a7a7a-0000-4000-8000-000000000000' })),
      'ValidationException',
      EITHER,
    );
    await expectKmsError(
      w.kms.send(
        new GenerateDataKeyWithoutPlaintextCommand({
          KeyId: '7a7a7a7a-0000-4000-8000-000000000000',
          KeySpec: 'AES_256',
          NumberOfBytes: 1,
        }),
      ),
      'ValidationException',
      EITHER,
    );
  });

  it('kms: GenerateDataKey: KeySpec outside the enum → ValidationException listing the enum', async () => {
    const raw = await rawKms(w.sim, 'GenerateDataKey', { KeyId: key.keyId, KeySpec: 'AES_512' });
    expect(raw.status).toBe(400);
    expect(raw.body).toEqual({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: [AES_256, AES_128]",
    });
  });

  it('kms: GenerateDataKey: DryRun → DryRunOperationException', async () => {
    await expectKmsError(
      w.kms.send(
        new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_256', DryRun: true }),
      ),
      'DryRunOperationException',
      DRY_RUN,
    );
  });

  it('kms: GenerateDataKey: DryRun on a disabled key → DisabledException instead', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await expectKmsError(
      w.kms.send(
        new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_256', DryRun: true }),
      ),
      'DisabledException',
      `${key.arn} is disabled.`,
    );
  });

  it('kms: GenerateDataKey: via alias → KeyId is the key ARN', async () => {
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/dek', TargetKeyId: key.arn }));
    const out = await w.kms.send(
      new GenerateDataKeyCommand({ KeyId: 'alias/dek', NumberOfBytes: 8 }),
    );
    expect(out.KeyId).toBe(key.arn);
  });
});

describe('kms: GenerateDataKeyWithoutPlaintext', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createHsmKey(w);
  });

  it.each(SIZES)(
    'kms: GenerateDataKeyWithoutPlaintext: %s → ciphertext of some %i-byte data key',
    async (_label, bytes, size) => {
      const out = await w.kms.send(
        new GenerateDataKeyWithoutPlaintextCommand({
          KeyId: key.keyId,
          ...size,
          EncryptionContext: { use: 'dek' },
        }),
      );
      expect(out.KeyId).toBe(key.arn);
      const back = await w.kms.send(
        new DecryptCommand({
          CiphertextBlob: out.CiphertextBlob,
          EncryptionContext: { use: 'dek' },
        }),
      );
      expect(back.Plaintext!.length).toBe(bytes);
    },
  );

  it('kms: GenerateDataKeyWithoutPlaintext: the raw response has no Plaintext member', async () => {
    const raw = await rawKms(w.sim, 'GenerateDataKeyWithoutPlaintext', {
      KeyId: key.keyId,
      KeySpec: 'AES_256',
    });
    expect(raw.status).toBe(200);
    expect(Object.keys(raw.body).sort()).toEqual(['CiphertextBlob', 'KeyId']);
    expect(raw.body.CiphertextBlob).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('kms: GenerateDataKeyWithoutPlaintext: neither or both sizes → ValidationException', async () => {
    await expectKmsError(
      w.kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: key.keyId })),
      'ValidationException',
      EITHER,
    );
    await expectKmsError(
      w.kms.send(
        new GenerateDataKeyWithoutPlaintextCommand({
          KeyId: key.keyId,
          KeySpec: 'AES_128',
          NumberOfBytes: 16,
        }),
      ),
      'ValidationException',
      EITHER,
    );
  });

  it('kms: GenerateDataKeyWithoutPlaintext: DryRun → DryRunOperationException', async () => {
    await expectKmsError(
      w.kms.send(
        new GenerateDataKeyWithoutPlaintextCommand({
          KeyId: key.keyId,
          KeySpec: 'AES_256',
          DryRun: true,
        }),
      ),
      'DryRunOperationException',
      DRY_RUN,
    );
  });

  it('kms: GenerateDataKeyWithoutPlaintext: DryRun on a disabled key → DisabledException instead', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await expectKmsError(
      w.kms.send(
        new GenerateDataKeyWithoutPlaintextCommand({
          KeyId: key.keyId,
          KeySpec: 'AES_256',
          DryRun: true,
        }),
      ),
      'DisabledException',
      `${key.arn} is disabled.`,
    );
  });

  it('kms: GenerateDataKeyWithoutPlaintext: the sealed key decrypts only with its context', async () => {
    const out = await w.kms.send(
      new GenerateDataKeyWithoutPlaintextCommand({
        KeyId: key.keyId,
        NumberOfBytes: 64,
        EncryptionContext: { use: 'dek' },
      }),
    );
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob })),
      'InvalidCiphertextException',
      null,
    );
  });
});
