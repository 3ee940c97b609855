/**
 * DescribeKey through the real SDK (docs/behaviour.md §2.2), and key identifier resolution (docs/behaviour.md §2.4 table) as
 * every KeyId-taking operation sees it.
 */
import {
  CreateAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  ListAliasesCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError } from '../../support/kms-expect.js';
import { createHsmKey, type TestKey } from '../../support/kms-world.js';

const MISSING = '9f0e3a55-0000-4abc-8def-123456789abc';
const MISSING_ARN = `arn:aws:kms:us-east-1:111122223333:key/${MISSING}`;

describe('kms: DescribeKey', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createHsmKey(w, 'described');
    await w.kms.send(
      new CreateAliasCommand({ AliasName: 'alias/described', TargetKeyId: key.keyId }),
    );
  });

  it.each([
    ['key id', (k: TestKey) => k.keyId],
    ['key ARN', (k: TestKey) => k.arn],
    ['alias name', () => 'alias/described'],
    ['alias ARN', () => 'arn:aws:kms:us-east-1:111122223333:alias/described'],
  ])('kms: DescribeKey: by %s → the same KeyMetadata', async (_label, keyIdOf) => {
    const out = await w.kms.send(new DescribeKeyCommand({ KeyId: keyIdOf(key) }));
    expect(out.KeyMetadata!.KeyId).toBe(key.keyId);
    expect(out.KeyMetadata!.Arn).toBe(key.arn);
    expect(out.KeyMetadata!.Description).toBe('described');
    expect(out.KeyMetadata!.Origin).toBe('AWS_CLOUDHSM');
  });

  it('kms: DescribeKey: Enabled flag follows the state (false when Disabled)', async () => {
    await w.kms.send(new DisableKeyCommand({ KeyId: key.keyId }));
    const out = await w.kms.send(new DescribeKeyCommand({ KeyId: key.keyId }));
    expect(out.KeyMetadata).toMatchObject({ KeyState: 'Disabled', Enabled: false });
  });

  it('kms: DescribeKey: DeletionDate appears only while PendingDeletion', async () => {
    expect(
      (await w.kms.send(new DescribeKeyCommand({ KeyId: key.keyId }))).KeyMetadata!.DeletionDate,
    ).toBeUndefined();
    const scheduled = await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: key.keyId, PendingWindowInDays: 7 }),
    );
    const out = await w.kms.send(new DescribeKeyCommand({ KeyId: key.keyId }));
    expect(out.KeyMetadata).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false });
    expect(out.KeyMetadata!.DeletionDate).toEqual(scheduled.DeletionDate);
  });
});

describe('kms: key identifier resolution (docs/behaviour.md §2.4)', () => {
  let w: ConnectedWorld;
  beforeEach(async () => {
    w = await buildConnectedWorld();
  });

  const CASES: [string, string, string][] = [
    ['unknown key id', MISSING, `Key '${MISSING_ARN}' does not exist`],
    ['unknown key ARN', MISSING_ARN, `Key '${MISSING_ARN}' does not exist`],
    [
      'key ARN of another region',
      `arn:aws:kms:eu-west-1:111122223333:key/${MISSING}`,
      'Invalid arn eu-west-1',
    ],
    [
      'alias ARN of another region',
      'arn:aws:kms:us-west-2:111122223333:alias/x',
      'Invalid arn us-west-2',
    ],
    ['garbage', 'not-a-key', "Invalid keyId 'not-a-key'"],
    [
      'unknown alias name',
      'alias/x',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found.',
    ],
    [
      'unknown alias ARN',
      'arn:aws:kms:us-east-1:111122223333:alias/x',
      'Alias arn:aws:kms:us-east-1:111122223333:alias/x is not found.',
    ],
  ];

  const OPERATIONS: [string, (keyId: string) => Promise<unknown>][] = [
    ['DescribeKey', (keyId) => w.kms.send(new DescribeKeyCommand({ KeyId: keyId }))],
    [
      'Encrypt',
      (keyId) => w.kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') })),
    ],
    [
      'GenerateDataKey',
      (keyId) => w.kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256' })),
    ],
  ];

  for (const [operation, call] of OPERATIONS) {
    it.each(CASES)(`kms: ${operation}: %s → NotFoundException`, async (_label, input, message) => {
      await expectKmsError(call(input), 'NotFoundException', message);
    });
  }

  it.each([
    ['EnableKey', (keyId: string) => new EnableKeyCommand({ KeyId: keyId })],
    ['DisableKey', (keyId: string) => new DisableKeyCommand({ KeyId: keyId })],
    ['ScheduleKeyDeletion', (keyId: string) => new ScheduleKeyDeletionCommand({ KeyId: keyId })],
    ['ListAliases', (keyId: string) => new ListAliasesCommand({ KeyId: keyId })],
  ])(
    'kms: %s: an alias (valid or not) where only a key id or ARN is allowed → NotFoundException Invalid keyId',
    async (_operation, command) => {
      const key = await createHsmKey(w);
      await w.kms.send(new CreateAliasCommand({ AliasName: 'alias/real', TargetKeyId: key.keyId }));
      await expectKmsError(
        w.kms.send(command('alias/real') as never),
        'NotFoundException',
        "Invalid keyId 'alias/real'",
      );
    },
  );

  it('kms: DescribeKey: key ARN of another account → NotFoundException naming that ARN', async () => {
    const foreign = `arn:aws:kms:us-east-1:444455556666:key/${MISSING}`;
    await expectKmsError(
      w.kms.send(new DescribeKeyCommand({ KeyId: foreign })),
      'NotFoundException',
      `Key '${foreign}' does not exist`,
    );
  });

  it('kms: DescribeKey: empty KeyId → ValidationException (minimum length 1)', async () => {
    await expectKmsError(
      w.kms.send(new DescribeKeyCommand({ KeyId: '' })),
      'ValidationException',
      "1 validation error detected: Value '' at 'keyId' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });
});
