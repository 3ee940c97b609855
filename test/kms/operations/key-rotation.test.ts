/**
 * Rotation through the real SDK (issue #10): EnableKeyRotation, DisableKeyRotation,
 * GetKeyRotationStatus, RotateKeyOnDemand, ListKeyRotations. AWS_KMS keys really rotate; keys in a
 * CloudHSM key store are refused.
 */
import {
  CancelKeyDeletionCommand,
  DecryptCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EnableKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GetKeyRotationStatusCommand,
  ListKeyRotationsCommand,
  ReEncryptCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError } from '../../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  DAY_MS,
  encryptUnder,
  QUOTA_SPACING_MS,
  type TestKey,
} from '../../support/kms-world.js';

const EPOCH_MS = Date.UTC(2026, 0, 1);

describe('kms: key rotation', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createAwsKmsKey(w);
  });

  const status = (keyId = key.keyId) =>
    w.kms.send(new GetKeyRotationStatusCommand({ KeyId: keyId }));
  const currentMaterial = async () =>
    (await w.kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!
      .CurrentKeyMaterialId!;

  it('kms: rotation: a new key is not rotating; EnableKeyRotation → true, 365 days, NextRotationDate a year on', async () => {
    expect(await status()).toMatchObject({ KeyRotationEnabled: false, KeyId: key.arn });
    expect((await status()).RotationPeriodInDays).toBeUndefined();
    const enabledAt = w.sim.nowMs;
    await w.kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId }));
    const out = await status();
    expect(out).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
    expect(out.NextRotationDate!.getTime()).toBe(EPOCH_MS + enabledAt + 365 * DAY_MS);
    expect(out.OnDemandRotationStartDate).toBeUndefined();
    w.sim.advanceMs(QUOTA_SPACING_MS);
    await w.kms.send(new DisableKeyRotationCommand({ KeyId: key.keyId }));
    expect(await status()).toMatchObject({ KeyRotationEnabled: false });
  });

  it('kms: rotation: RotateKeyOnDemand → new material; old ciphertext still decrypts and names the old material, new ciphertext uses the new one', async () => {
    const before = await currentMaterial();
    const oldBlob = await encryptUnder(w, key.keyId, 'before rotation');
    const rotated = await w.kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId }));
    expect(rotated.KeyId).toBe(key.arn);
    const after = await currentMaterial();
    expect(after).toMatch(/^[0-9a-f]{64}$/);
    expect(after).not.toBe(before);
    const newBlob = await encryptUnder(w, key.keyId, 'after rotation');
    const oldOpen = await w.kms.send(new DecryptCommand({ CiphertextBlob: oldBlob }));
    expect(Buffer.from(oldOpen.Plaintext!).toString()).toBe('before rotation');
    expect(oldOpen.KeyMaterialId).toBe(before);
    const newOpen = await w.kms.send(new DecryptCommand({ CiphertextBlob: newBlob }));
    expect(Buffer.from(newOpen.Plaintext!).toString()).toBe('after rotation');
    expect(newOpen.KeyMaterialId).toBe(after);
    // ReEncrypt moves old ciphertext onto the current material.
    const moved = await w.kms.send(
      new ReEncryptCommand({ CiphertextBlob: oldBlob, DestinationKeyId: key.keyId }),
    );
    expect(moved).toMatchObject({ SourceKeyMaterialId: before, DestinationKeyMaterialId: after });
    // The two materials really differ: the old blob's body cannot be opened with the new material.
    const forged = Buffer.from(oldBlob);
    Buffer.from(after, 'hex').copy(forged, 21);
    await expectKmsError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: forged })),
      'InvalidCiphertextException',
      null,
    );
  });

  it('kms: ListKeyRotations: ROTATIONS_ONLY lists completed rotations; ALL_KEY_MATERIAL adds the first material; CURRENT marks the newest', async () => {
    const first = await currentMaterial();
    expect((await w.kms.send(new ListKeyRotationsCommand({ KeyId: key.keyId }))).Rotations).toEqual(
      [],
    );
    const rotatedAt = w.sim.nowMs;
    await w.kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId }));
    const second = await currentMaterial();
    const only = await w.kms.send(new ListKeyRotationsCommand({ KeyId: key.keyId }));
    expect(only.Rotations).toEqual([
      {
        KeyId: key.keyId,
        KeyMaterialId: second,
        KeyMaterialState: 'CURRENT',
        RotationDate: new Date(EPOCH_MS + rotatedAt),
        RotationType: 'ON_DEMAND',
      },
    ]);
    expect(only.Truncated).toBe(false);
    const all = await w.kms.send(
      new ListKeyRotationsCommand({ KeyId: key.keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' }),
    );
    expect(
      all.Rotations!.map((r) => [r.KeyMaterialId, r.KeyMaterialState, r.RotationType]),
    ).toEqual([
      [first, 'NON_CURRENT', undefined],
      [second, 'CURRENT', 'ON_DEMAND'],
    ]);
  });

  it('kms: rotation: automatic rotation happens when NextRotationDate arrives, and every period after', async () => {
    await w.kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: 90 }));
    const blob = await encryptUnder(w, key.keyId, 'kept');
    const first = await currentMaterial();
    w.sim.advanceMs(90 * DAY_MS);
    const second = await currentMaterial();
    expect(second).not.toBe(first);
    w.sim.advanceMs(90 * DAY_MS);
    const rotations = await w.kms.send(new ListKeyRotationsCommand({ KeyId: key.keyId }));
    expect(rotations.Rotations!.map((r) => r.RotationType)).toEqual(['AUTOMATIC', 'AUTOMATIC']);
    const opened = await w.kms.send(new DecryptCommand({ CiphertextBlob: blob }));
    expect(Buffer.from(opened.Plaintext!).toString()).toBe('kept');
    expect(opened.KeyMaterialId).toBe(first);
  });

  it('kms: rotation: a rotation due while the key is disabled waits for EnableKey, then happens at once', async () => {
    await w.kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: 90 }));
    const first = await currentMaterial();
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    w.sim.advanceMs(100 * DAY_MS);
    expect(await currentMaterial()).toBe(first);
    await w.kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    expect(await currentMaterial()).not.toBe(first);
    const next = (await status()).NextRotationDate!.getTime();
    expect(next).toBe(EPOCH_MS + w.sim.nowMs + 90 * DAY_MS);
  });

  it('kms: rotation: pending deletion reports false and comes back true when the deletion is cancelled', async () => {
    await w.kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId }));
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    expect(await status()).toMatchObject({ KeyRotationEnabled: false });
    await expectKmsError(
      w.kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId })),
      'KMSInvalidStateException',
      `${key.arn} is pending deletion.`,
    );
    await w.kms.send(new CancelKeyDeletionCommand({ KeyId: key.keyId }));
    expect(await status()).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 365 });
  });

  it('kms: rotation: a disabled key → DisabledException for Enable/Disable/RotateKeyOnDemand (recorded text)', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    for (const command of [
      new EnableKeyRotationCommand({ KeyId: key.keyId }),
      new DisableKeyRotationCommand({ KeyId: key.keyId }),
      new RotateKeyOnDemandCommand({ KeyId: key.keyId }),
    ])
      await expectKmsError(
        w.kms.send(command as never),
        'DisabledException',
        `${key.arn} is disabled.`,
      );
    expect(await status()).toMatchObject({ KeyRotationEnabled: false });
  });

  it('kms: rotation: keys in a CloudHSM key store → UnsupportedOperationException naming the origin, for every rotation operation', async () => {
    const hsmKey = await createHsmKey(w);
    const message = `${hsmKey.arn} origin is AWS_CLOUDHSM which is not valid for this operation.`;
    for (const command of [
      new EnableKeyRotationCommand({ KeyId: hsmKey.keyId }),
      new DisableKeyRotationCommand({ KeyId: hsmKey.keyId }),
      new GetKeyRotationStatusCommand({ KeyId: hsmKey.keyId }),
      new RotateKeyOnDemandCommand({ KeyId: hsmKey.keyId }),
      new ListKeyRotationsCommand({ KeyId: hsmKey.keyId }),
    ])
      await expectKmsError(w.kms.send(command as never), 'UnsupportedOperationException', message);
  });

  it('kms: RotateKeyOnDemand: the 26th on-demand rotation → LimitExceededException (recorded text)', async () => {
    for (let i = 0; i < 25; i++)
      await w.kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId }));
    await expectKmsError(
      w.kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })),
      'LimitExceededException',
      `The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be performed for this key: ${key.arn}`,
    );
    const blob = await encryptUnder(w, key.keyId, 'still works');
    expect((await w.kms.send(new DecryptCommand({ CiphertextBlob: blob }))).KeyId).toBe(key.arn);
  });

  it('kms: RotateKeyOnDemand within 20 minutes of a scheduled automatic rotation → ConflictException', async () => {
    await w.kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: 90 }));
    w.sim.advanceMs(90 * DAY_MS - 10 * 60 * 1000);
    await expectKmsError(
      w.kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId })),
      'ConflictException',
      `An automatic rotation of ${key.arn} is in progress or scheduled to begin within the next 20 minutes.`,
    );
  });

  it('kms: EnableKeyRotation: RotationPeriodInDays outside 90..2560 → ValidationException from the model', async () => {
    await expectKmsError(
      w.kms.send(new EnableKeyRotationCommand({ KeyId: key.keyId, RotationPeriodInDays: 30 })),
      'ValidationException',
      "1 validation error detected: Value '30' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
    );
  });

  it('kms: rotation: old ciphertext of a rotated key still decrypts after many rotations (Encrypt before each)', async () => {
    const blobs: Uint8Array[] = [];
    for (let i = 0; i < 5; i++) {
      blobs.push(await encryptUnder(w, key.keyId, `gen ${i}`));
      await w.kms.send(new RotateKeyOnDemandCommand({ KeyId: key.keyId }));
    }
    for (const [i, blob] of blobs.entries()) {
      const out = await w.kms.send(new DecryptCommand({ CiphertextBlob: blob }));
      expect(Buffer.from(out.Plaintext!).toString()).toBe(`gen ${i}`);
    }
    const out = await w.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') }),
    );
    expect(out.KeyId).toBe(key.arn);
  });
});
