/** GetKeyLastUsage through the real SDK (issue #10; botocore model 2026). */
import {
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GetKeyLastUsageCommand,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { createAwsKmsKey, createHsmKey, type TestKey } from '../../support/kms-world.js';

const EPOCH_MS = Date.UTC(2026, 0, 1);

describe('kms: GetKeyLastUsage', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  let createdAt: number;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    createdAt = w.sim.nowMs;
    key = await createAwsKmsKey(w);
  });

  const lastUsage = (keyId = key.keyId) => w.kms.send(new GetKeyLastUsageCommand({ KeyId: keyId }));

  it('kms: GetKeyLastUsage: an unused key has an empty KeyLastUsage; tracking starts at creation', async () => {
    const out = await lastUsage();
    expect(out.KeyId).toBe(key.keyId);
    expect(out.KeyLastUsage).toEqual({});
    expect(out.KeyCreationDate!.getTime()).toBe(EPOCH_MS + createdAt);
    expect(out.TrackingStartDate!.getTime()).toBe(EPOCH_MS + createdAt);
  });

  it('kms: GetKeyLastUsage: the last successful cryptographic operation, its time and request id; DryRun and failures do not count', async () => {
    w.sim.advanceMs(5_000);
    const encryptedAt = w.sim.nowMs;
    const encrypted = await w.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') }),
    );
    let out = await lastUsage();
    expect(out.KeyLastUsage).toMatchObject({
      Operation: 'Encrypt',
      KmsRequestId: encrypted.$metadata.requestId,
    });
    expect(out.KeyLastUsage!.Timestamp!.getTime()).toBe(EPOCH_MS + encryptedAt);
    expect(out.KeyLastUsage!.CloudTrailEventId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    await expect(
      w.kms.send(
        new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_256', DryRun: true }),
      ),
    ).rejects.toThrow();
    await expect(
      w.kms.send(
        new DecryptCommand({
          CiphertextBlob: encrypted.CiphertextBlob,
          EncryptionContext: { a: 'b' },
        }),
      ),
    ).rejects.toThrow();
    out = await lastUsage();
    expect(out.KeyLastUsage!.Operation).toBe('Encrypt');
    await w.kms.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob }));
    expect((await lastUsage()).KeyLastUsage!.Operation).toBe('Decrypt');
  });

  it('kms: GetKeyLastUsage: ReEncrypt counts for both keys; keys in a CloudHSM key store are tracked too', async () => {
    const hsmKey = await createHsmKey(w);
    const blob = (
      await w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') }))
    ).CiphertextBlob!;
    await w.kms.send(
      new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: hsmKey.keyId }),
    );
    expect((await lastUsage()).KeyLastUsage!.Operation).toBe('ReEncrypt');
    expect((await lastUsage(hsmKey.arn)).KeyLastUsage!.Operation).toBe('ReEncrypt');
  });
});
