/** ReEncrypt through the real SDK (docs/behaviour.md §2.1, §2.4 ReEncrypt, §8.2, §8.3, §8.6). */
import {
  CreateAliasCommand,
  DecryptCommand,
  DisableKeyCommand,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError } from '../../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  encryptUnder,
  type TestKey,
} from '../../support/kms-world.js';

const DRY_RUN = 'The request would have succeeded, but the DryRun option is set.';

describe('kms: ReEncrypt', () => {
  let w: ConnectedWorld;
  let source: TestKey;
  let destination: TestKey;
  let blob: Uint8Array;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    source = await createHsmKey(w, 'source');
    destination = await createHsmKey(w, 'destination');
    blob = await encryptUnder(w, source.keyId, 'move me', { from: 'a' });
  });

  async function decryptsTo(
    ciphertext: Uint8Array,
    context: Record<string, string> | undefined,
    expectedKey: TestKey,
  ): Promise<void> {
    const out = await w.kms.send(
      new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: context }),
    );
    expect(Buffer.from(out.Plaintext!).toString()).toBe('move me');
    expect(out.KeyId).toBe(expectedKey.arn);
  }

  it('kms: ReEncrypt: between two keys of the same CloudHSM store, with a new context', async () => {
    const out = await w.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: blob,
        SourceEncryptionContext: { from: 'a' },
        DestinationKeyId: destination.keyId,
        DestinationEncryptionContext: { to: 'b' },
      }),
    );
    expect(out.SourceKeyId).toBe(source.arn);
    expect(out.KeyId).toBe(destination.arn);
    expect(out.SourceEncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(out.DestinationEncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    await decryptsTo(out.CiphertextBlob!, { to: 'b' }, destination);
    await expectKmsError(
      w.kms.send(
        new DecryptCommand({
          CiphertextBlob: out.CiphertextBlob,
          EncryptionContext: { from: 'a' },
        }),
      ),
      'InvalidCiphertextException',
      null,
    );
  });

  it('kms: ReEncrypt: AWS_KMS key → CloudHSM key → AWS_KMS key (across key stores)', async () => {
    const plain = await createAwsKmsKey(w);
    const start = await encryptUnder(w, plain.keyId, 'move me');
    const toHsm = await w.kms.send(
      new ReEncryptCommand({ CiphertextBlob: start, DestinationKeyId: destination.keyId }),
    );
    expect(toHsm.SourceKeyId).toBe(plain.arn);
    expect(toHsm.SourceKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(toHsm.DestinationKeyMaterialId).toBeUndefined();
    await decryptsTo(toHsm.CiphertextBlob!, undefined, destination);
    const back = await w.kms.send(
      new ReEncryptCommand({ CiphertextBlob: toHsm.CiphertextBlob, DestinationKeyId: plain.arn }),
    );
    expect(back.SourceKeyId).toBe(destination.arn);
    expect(back.KeyId).toBe(plain.arn);
    expect(back.SourceKeyMaterialId).toBeUndefined();
    expect(back.DestinationKeyMaterialId).toBe(toHsm.SourceKeyMaterialId);
    await decryptsTo(back.CiphertextBlob!, undefined, plain);
  });

  it('kms: ReEncrypt: to the same key gives a fresh blob that still decrypts', async () => {
    const out = await w.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: blob,
        SourceEncryptionContext: { from: 'a' },
        DestinationKeyId: source.keyId,
      }),
    );
    expect(Buffer.from(out.CiphertextBlob!).equals(Buffer.from(blob))).toBe(false);
    await decryptsTo(out.CiphertextBlob!, undefined, source);
  });

  it('kms: ReEncrypt: DestinationKeyId given as an alias → response KeyId is the destination key ARN', async () => {
    await w.kms.send(
      new CreateAliasCommand({ AliasName: 'alias/dest', TargetKeyId: destination.keyId }),
    );
    const out = await w.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: blob,
        SourceEncryptionContext: { from: 'a' },
        DestinationKeyId: 'alias/dest',
      }),
    );
    expect(out.KeyId).toBe(destination.arn);
  });

  it('kms: ReEncrypt: SourceKeyId naming the right key → succeeds', async () => {
    const out = await w.kms.send(
      new ReEncryptCommand({
        CiphertextBlob: blob,
        SourceKeyId: source.arn,
        SourceEncryptionContext: { from: 'a' },
        DestinationKeyId: destination.keyId,
      }),
    );
    expect(out.SourceKeyId).toBe(source.arn);
  });

  it('kms: ReEncrypt: wrong SourceEncryptionContext → InvalidCiphertextException with no message', async () => {
    await expectKmsError(
      w.kms.send(
        new ReEncryptCommand({
          CiphertextBlob: blob,
          SourceEncryptionContext: { from: 'A' },
          DestinationKeyId: destination.keyId,
        }),
      ),
      'InvalidCiphertextException',
      null,
    );
  });

  it('kms: ReEncrypt: unknown DestinationKeyId → NotFoundException', async () => {
    await expectKmsError(
      w.kms.send(
        new ReEncryptCommand({
          CiphertextBlob: blob,
          SourceEncryptionContext: { from: 'a' },
          DestinationKeyId: 'alias/missing',
        }),
      ),
      'NotFoundException',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/missing is not found.',
    );
  });

  it('kms: ReEncrypt: no CiphertextBlob and an unknown DestinationKeyId → ValidationException (validation before key resolution, docs/behaviour.md §3.2)', async () => {
    await expectKmsError(
      w.kms.send(
        new ReEncryptCommand({ DestinationKeyId: '7a7a7a7a-0000-4000-8000-000000000000' }),
      ),
      'ValidationException',
      "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null",
    );
  });

  it('kms: ReEncrypt: DryRun → DryRunOperationException', async () => {
    await expectKmsError(
      w.kms.send(
        new ReEncryptCommand({
          CiphertextBlob: blob,
          SourceEncryptionContext: { from: 'a' },
          DestinationKeyId: destination.keyId,
          DryRun: true,
        }),
      ),
      'DryRunOperationException',
      DRY_RUN,
    );
  });

  it('kms: ReEncrypt: DryRun with IGNORE_CIPHERTEXT and a SourceKeyId needs no CiphertextBlob', async () => {
    await expectKmsError(
      w.kms.send(
        new ReEncryptCommand({
          SourceKeyId: source.keyId,
          DestinationKeyId: destination.keyId,
          DryRun: true,
          DryRunModifiers: ['IGNORE_CIPHERTEXT'],
        }),
      ),
      'DryRunOperationException',
      DRY_RUN,
    );
  });

  it('kms: ReEncrypt: DryRun with IGNORE_CIPHERTEXT but no SourceKeyId → ValidationException', async () => {
    await expectKmsError(
      w.kms.send(
        new ReEncryptCommand({
          DestinationKeyId: destination.keyId,
          DryRun: true,
          DryRunModifiers: ['IGNORE_CIPHERTEXT'],
        }),
      ),
      'ValidationException',
      'SourceKeyId is required when DryRunModifiers contains IGNORE_CIPHERTEXT.',
    );
  });

  it('kms: ReEncrypt: DryRun with a disabled destination → DisabledException naming the destination', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: destination.keyId }));
    await expectKmsError(
      w.kms.send(
        new ReEncryptCommand({
          CiphertextBlob: blob,
          SourceEncryptionContext: { from: 'a' },
          DestinationKeyId: destination.keyId,
          DryRun: true,
        }),
      ),
      'DisabledException',
      `${destination.arn} is disabled.`,
    );
  });

  it('kms: ReEncrypt: disabled source → DisabledException naming the source', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: source.keyId }));
    await expectKmsError(
      w.kms.send(
        new ReEncryptCommand({
          CiphertextBlob: blob,
          SourceEncryptionContext: { from: 'a' },
          DestinationKeyId: destination.keyId,
        }),
      ),
      'DisabledException',
      `${source.arn} is disabled.`,
    );
  });

  it('kms: ReEncrypt: source and destination both disabled → the source is reported first', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: source.keyId }));
    await w.kms.send(new DisableKeyCommand({ KeyId: destination.keyId }));
    await expectKmsError(
      w.kms.send(
        new ReEncryptCommand({
          CiphertextBlob: blob,
          SourceEncryptionContext: { from: 'a' },
          DestinationKeyId: destination.keyId,
        }),
      ),
      'DisabledException',
      `${source.arn} is disabled.`,
    );
  });
});
