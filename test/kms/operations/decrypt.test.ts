/** Decrypt through the real SDK (docs/behaviour.md §2.1, §2.4 Decrypt, §8.1-8.3, §8.6). */
import {
  CreateAliasCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { b64, expectBareError, expectKmsError, rawKms } from '../../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  encryptUnder,
  type TestKey,
} from '../../support/kms-world.js';

const DRY_RUN = 'The request would have succeeded, but the DryRun option is set.';
const INCORRECT_KEY =
  'The key ID in the request does not identify a CMK that can perform this operation.';

describe('kms: Decrypt', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  let blob: Uint8Array;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createHsmKey(w);
    blob = await encryptUnder(w, key.keyId, 'secret', { purpose: 'test' });
  });

  it('kms: Decrypt: without KeyId → plaintext, KeyId is the key ARN, no KeyMaterialId for a CloudHSM key', async () => {
    const out = await w.kms.send(
      new DecryptCommand({ CiphertextBlob: blob, EncryptionContext: { purpose: 'test' } }),
    );
    expect(Buffer.from(out.Plaintext!).toString()).toBe('secret');
    expect(out.KeyId).toBe(key.arn);
    expect(out.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(out.KeyMaterialId).toBeUndefined();
  });

  it('kms: Decrypt: AWS_KMS key → KeyMaterialId equals DescribeKey CurrentKeyMaterialId', async () => {
    const plain = await createAwsKmsKey(w);
    const sealed = await encryptUnder(w, plain.keyId, 'x');
    const out = await w.kms.send(new DecryptCommand({ CiphertextBlob: sealed }));
    const described = await w.kms.send(new DescribeKeyCommand({ KeyId: plain.keyId }));
    expect(out.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(out.KeyMaterialId).toBe(described.KeyMetadata!.CurrentKeyMaterialId);
  });

  it.each([
    ['key id', (k: TestKey) => k.keyId],
    ['key ARN', (k: TestKey) => k.arn],
    ['alias name', () => 'alias/dec'],
    ['alias ARN', () => 'arn:aws:kms:us-east-1:111122223333:alias/dec'],
  ])('kms: Decrypt: KeyId naming the right key as %s → succeeds', async (_label, keyIdOf) => {
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/dec', TargetKeyId: key.keyId }));
    const out = await w.kms.send(
      new DecryptCommand({
        CiphertextBlob: blob,
        KeyId: keyIdOf(key),
        EncryptionContext: { purpose: 'test' },
      }),
    );
    expect(Buffer.from(out.Plaintext!).toString()).toBe('secret');
    expect(out.KeyId).toBe(key.arn);
  });

  it('kms: Decrypt: KeyId of another existing key → IncorrectKeyException', async () => {
    const other = await createHsmKey(w);
    await expectKmsError(
      w.kms.send(
        new DecryptCommand({
          CiphertextBlob: blob,
          KeyId: other.keyId,
          EncryptionContext: { purpose: 'test' },
        }),
      ),
      'IncorrectKeyException',
      INCORRECT_KEY,
    );
  });

  it('kms: Decrypt: KeyId of an unknown alias → NotFoundException even though the blob is good', async () => {
    await expectKmsError(
      w.kms.send(
        new DecryptCommand({
          CiphertextBlob: blob,
          KeyId: 'alias/nope',
          EncryptionContext: { purpose: 'test' },
        }),
      ),
      'NotFoundException',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/nope is not found.',
    );
  });

  it('kms: Decrypt: DryRun → DryRunOperationException, and nothing is returned', async () => {
    await expectKmsError(
      w.kms.send(
        new DecryptCommand({
          CiphertextBlob: blob,
          EncryptionContext: { purpose: 'test' },
          DryRun: true,
        }),
      ),
      'DryRunOperationException',
      DRY_RUN,
    );
  });

  it('kms: Decrypt: DryRun on a disabled key → DisabledException instead', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await expectKmsError(
      w.kms.send(
        new DecryptCommand({
          CiphertextBlob: blob,
          EncryptionContext: { purpose: 'test' },
          DryRun: true,
        }),
      ),
      'DisabledException',
      `${key.arn} is disabled.`,
    );
  });

  it('kms: Decrypt: DryRun with IGNORE_CIPHERTEXT and a KeyId needs no CiphertextBlob', async () => {
    await expectKmsError(
      w.kms.send(
        new DecryptCommand({
          KeyId: key.keyId,
          DryRun: true,
          DryRunModifiers: ['IGNORE_CIPHERTEXT'],
        }),
      ),
      'DryRunOperationException',
      DRY_RUN,
    );
  });

  it('kms: Decrypt: DryRun with IGNORE_CIPHERTEXT but no KeyId → ValidationException', async () => {
    await expectKmsError(
      w.kms.send(new DecryptCommand({ DryRun: true, DryRunModifiers: ['IGNORE_CIPHERTEXT'] })),
      'ValidationException',
      'KeyId is required when DryRunModifiers contains IGNORE_CIPHERTEXT.',
    );
  });

  it('kms: Decrypt: DryRun with IGNORE_CIPHERTEXT on a disabled key → DisabledException', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await expectKmsError(
      w.kms.send(
        new DecryptCommand({
          KeyId: key.keyId,
          DryRun: true,
          DryRunModifiers: ['IGNORE_CIPHERTEXT'],
        }),
      ),
      'DisabledException',
      `${key.arn} is disabled.`,
    );
  });

  it('kms: Decrypt: no CiphertextBlob (and no DryRun) → ValidationException, member must not be null', async () => {
    await expectKmsError(
      w.kms.send(new DecryptCommand({ KeyId: key.keyId })),
      'ValidationException',
      "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null",
    );
  });

  it('kms: Decrypt: no CiphertextBlob and an unknown KeyId → ValidationException (validation before key resolution, docs/behaviour.md §3.2)', async () => {
    await expectKmsError(
      w.kms.send(new DecryptCommand({ KeyId: '7a7a7a7a-0000-4000-8000-000000000000' })),
      'ValidationException',
      "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null",
    );
  });

  it('kms: Decrypt: a 6145-byte CiphertextBlob → ValidationException (maximum 6144)', async () => {
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: Buffer.alloc(6145, 7) })),
      'ValidationException',
      "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length less than or equal to 6144",
    );
  });

  it('kms: Decrypt: bytes that are not KMS ciphertext → InvalidCiphertextException with no message on the wire', async () => {
    const garbage = Buffer.from('this is not a ciphertext blob from kms, only some bytes');
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: garbage })),
      'InvalidCiphertextException',
      null,
    );
    expectBareError(
      await rawKms(w.sim, 'Decrypt', { CiphertextBlob: b64(garbage) }),
      'InvalidCiphertextException',
    );
  });

  it('kms: Decrypt: the raw success body carries KeyId, Plaintext (base64) and EncryptionAlgorithm only', async () => {
    const raw = await rawKms(w.sim, 'Decrypt', {
      CiphertextBlob: b64(blob),
      EncryptionContext: { purpose: 'test' },
    });
    expect(raw.status).toBe(200);
    expect(raw.body).toEqual({
      KeyId: key.arn,
      Plaintext: b64('secret'),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    });
  });
});
