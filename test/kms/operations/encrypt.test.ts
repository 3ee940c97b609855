/** Encrypt through the real SDK (docs/behaviour.md §2.1, §2.4 Encrypt, §8.4, §8.6, §8.7). */
import {
  CreateAliasCommand,
  DecryptCommand,
  DisableKeyCommand,
  EncryptCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError } from '../../support/kms-expect.js';
import { createAwsKmsKey, createHsmKey, type TestKey } from '../../support/kms-world.js';

const DRY_RUN = 'The request would have succeeded, but the DryRun option is set.';

describe('kms: Encrypt', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createHsmKey(w);
  });

  it('kms: Encrypt: CloudHSM key by id → blob, KeyId is the key ARN, algorithm SYMMETRIC_DEFAULT', async () => {
    const out = await w.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('hello') }),
    );
    expect(out.KeyId).toBe(key.arn);
    expect(out.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT');
    expect(out.CiphertextBlob!.length).toBeGreaterThan(5);
    expect(Buffer.from(out.CiphertextBlob!).includes(Buffer.from('hello'))).toBe(false);
    const back = await w.kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }));
    expect(Buffer.from(back.Plaintext!).toString()).toBe('hello');
    w.sim.assertNoBugs();
  });

  it.each([
    ['key ARN', (k: TestKey) => k.arn],
    ['alias name', () => 'alias/enc'],
    ['alias ARN', () => 'arn:aws:kms:us-east-1:111122223333:alias/enc'],
  ])('kms: Encrypt: KeyId given as %s → response KeyId is the key ARN', async (_label, keyIdOf) => {
    await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/enc', TargetKeyId: key.keyId }));
    const out = await w.kms.send(
      new EncryptCommand({ KeyId: keyIdOf(key), Plaintext: Buffer.from('x') }),
    );
    expect(out.KeyId).toBe(key.arn);
  });

  it('kms: Encrypt: AWS_KMS key (default key store) round-trips', async () => {
    const plain = await createAwsKmsKey(w);
    const out = await w.kms.send(
      new EncryptCommand({ KeyId: plain.keyId, Plaintext: Buffer.from('default store') }),
    );
    expect(out.KeyId).toBe(plain.arn);
    const back = await w.kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }));
    expect(Buffer.from(back.Plaintext!).toString()).toBe('default store');
    expect(back.KeyId).toBe(plain.arn);
  });

  it('kms: Encrypt: the same plaintext twice gives two different blobs (fresh IV each time)', async () => {
    const a = await w.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('same') }),
    );
    const b = await w.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('same') }),
    );
    expect(Buffer.from(a.CiphertextBlob!).equals(Buffer.from(b.CiphertextBlob!))).toBe(false);
  });

  it('kms: Encrypt: 1 byte and 4096 bytes of plaintext are accepted', async () => {
    for (const size of [1, 4096]) {
      const plaintext = Buffer.alloc(size, 0xab);
      const out = await w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: plaintext }));
      const back = await w.kms.send(new DecryptCommand({ CiphertextBlob: out.CiphertextBlob }));
      expect(Buffer.from(back.Plaintext!).equals(plaintext)).toBe(true);
    }
  });

  it('kms: Encrypt: 4097 bytes of plaintext → ValidationException without echoing the value', async () => {
    await expectKmsError(
      w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.alloc(4097, 1) })),
      'ValidationException',
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
  });

  it('kms: Encrypt: empty plaintext → ValidationException (minimum length 1)', async () => {
    await expectKmsError(
      w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: new Uint8Array(0) })),
      'ValidationException',
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('kms: Encrypt: DryRun on an enabled key → DryRunOperationException', async () => {
    await expectKmsError(
      w.kms.send(
        new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x'), DryRun: true }),
      ),
      'DryRunOperationException',
      DRY_RUN,
    );
  });

  it('kms: Encrypt: DryRun on a disabled key → DisabledException instead', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await expectKmsError(
      w.kms.send(
        new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x'), DryRun: true }),
      ),
      'DisabledException',
      `${key.arn} is disabled.`,
    );
  });

  it('kms: Encrypt: DryRun=false encrypts normally', async () => {
    const out = await w.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x'), DryRun: false }),
    );
    expect(out.KeyId).toBe(key.arn);
  });

  it('kms: Encrypt: an asymmetric EncryptionAlgorithm on a symmetric key → InvalidKeyUsageException', async () => {
    await expectKmsError(
      w.kms.send(
        new EncryptCommand({
          KeyId: key.keyId,
          Plaintext: Buffer.from('x'),
          EncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
        }),
      ),
      'InvalidKeyUsageException',
      `The encryption algorithm RSAES_OAEP_SHA_256 is not valid for Encrypt with ${key.arn}, whose key spec is SYMMETRIC_DEFAULT.`,
    );
  });

  it('kms: Encrypt: unknown key id → NotFoundException naming the key ARN', async () => {
    const missing = '0b7e2c33-1111-4222-8333-444455556666';
    await expectKmsError(
      w.kms.send(new EncryptCommand({ KeyId: missing, Plaintext: Buffer.from('x') })),
      'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:111122223333:key/${missing}' does not exist`,
    );
  });
});
