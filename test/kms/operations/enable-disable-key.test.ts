/** EnableKey and DisableKey through the real SDK (docs/behaviour.md §2.4, §3.2, §3.3). */
import {
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError, rawKms } from '../../support/kms-expect.js';
import {
  createAwsKmsKey,
  createHsmKey,
  describe as describeKey,
  keyStateOf,
  type TestKey,
} from '../../support/kms-world.js';

describe('kms: EnableKey / DisableKey', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createHsmKey(w);
  });

  it('kms: DisableKey: Enabled → Disabled, Enabled flag false, and crypto refused', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    expect(await describeKey(w, key.keyId)).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    await expectKmsError(
      w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') })),
      'DisabledException',
      `${key.arn} is disabled.`,
    );
  });

  it('kms: EnableKey: Disabled → Enabled, and crypto works again', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await w.kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    expect(await describeKey(w, key.keyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true });
    const out = await w.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') }),
    );
    expect(out.KeyId).toBe(key.arn);
  });

  it('kms: DisableKey: twice is idempotent', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    await w.kms.send(new DisableKeyCommand({ KeyId: key.arn }));
    expect(await keyStateOf(w, key.keyId)).toBe('Disabled');
  });

  it('kms: EnableKey: on an Enabled key is idempotent', async () => {
    await w.kms.send(new EnableKeyCommand({ KeyId: key.keyId }));
    await w.kms.send(new EnableKeyCommand({ KeyId: key.arn }));
    expect(await keyStateOf(w, key.keyId)).toBe('Enabled');
  });

  it('kms: EnableKey / DisableKey: the raw response body is {}', async () => {
    expect(await rawKms(w.sim, 'DisableKey', { KeyId: key.keyId })).toMatchObject({
      status: 200,
      body: {},
    });
    expect(await rawKms(w.sim, 'EnableKey', { KeyId: key.keyId })).toMatchObject({
      status: 200,
      body: {},
    });
  });

  it('kms: DisableKey: AWS_KMS keys work the same way', async () => {
    const plain = await createAwsKmsKey(w);
    await w.kms.send(new DisableKeyCommand({ KeyId: plain.keyId }));
    await expectKmsError(
      w.kms.send(new EncryptCommand({ KeyId: plain.keyId, Plaintext: Buffer.from('x') })),
      'DisabledException',
      `${plain.arn} is disabled.`,
    );
    await w.kms.send(new EnableKeyCommand({ KeyId: plain.keyId }));
    expect(await keyStateOf(w, plain.keyId)).toBe('Enabled');
  });

  it.each([
    ['EnableKey', (keyId: string) => new EnableKeyCommand({ KeyId: keyId })],
    ['DisableKey', (keyId: string) => new DisableKeyCommand({ KeyId: keyId })],
  ])(
    'kms: %s: PendingDeletion → KMSInvalidStateException, state unchanged',
    async (_operation, command) => {
      await w.kms.send(
        new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }),
      );
      await expectKmsError(
        w.kms.send(command(key.keyId) as never),
        'KMSInvalidStateException',
        `${key.arn} is pending deletion.`,
      );
      expect(await keyStateOf(w, key.keyId)).toBe('PendingDeletion');
    },
  );
});
