/** UpdateKeyDescription through the real SDK (issue #10; Developer Guide key-state table). */
import {
  DescribeKeyCommand,
  ScheduleKeyDeletionCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError } from '../../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  disconnectStore,
  QUOTA_SPACING_MS,
  type TestKey,
} from '../../support/kms-world.js';

describe('kms: UpdateKeyDescription', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createAwsKmsKey(w, 'first');
  });

  const description = async (keyId: string) =>
    (await w.kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!.Description;

  it('kms: UpdateKeyDescription: DescribeKey shows the new text; "" clears it', async () => {
    await w.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.arn, Description: 'second' }));
    expect(await description(key.keyId)).toBe('second');
    w.sim.advanceMs(QUOTA_SPACING_MS);
    await w.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.keyId, Description: '' }));
    expect(await description(key.keyId)).toBe('');
  });

  it('kms: UpdateKeyDescription: pending deletion → KMSInvalidStateException; Unavailable → allowed', async () => {
    const hsmKey = await createHsmKey(w);
    await w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }));
    await expectKmsError(
      w.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.keyId, Description: 'x' })),
      'KMSInvalidStateException',
      `${key.arn} is pending deletion.`,
    );
    expect(await description(key.keyId)).toBe('first');
    await disconnectStore(w);
    await w.kms.send(new UpdateKeyDescriptionCommand({ KeyId: hsmKey.keyId, Description: 'out' }));
    expect(await description(hsmKey.keyId)).toBe('out');
  });

  it('kms: UpdateKeyDescription: over 8192 characters → the model ValidationException', async () => {
    await expectKmsError(
      w.kms.send(
        new UpdateKeyDescriptionCommand({ KeyId: key.keyId, Description: 'd'.repeat(8193) }),
      ),
      'ValidationException',
      /at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192$/,
    );
  });
});
