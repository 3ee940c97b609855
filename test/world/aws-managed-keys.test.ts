/**
 * AWS managed keys (src/world/aws-managed-keys.ts; issue #10) through the real SDK: DescribeKey on
 * a predefined `alias/aws/<service>` alias creates the key once; its policy, tags, rotation and
 * state cannot be changed by the account; observing the world creates nothing.
 */
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DeleteAliasCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  DisableKeyRotationCommand,
  EncryptCommand,
  GetKeyPolicyCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeysCommand,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
  TagResourceCommand,
  UpdateAliasCommand,
  UpdateKeyDescriptionCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { expectKmsError } from '../support/kms-expect.js';

const ACCOUNT = '111122223333';

describe('world: AWS managed keys', () => {
  let w: ConnectedWorld;
  beforeEach(async () => {
    w = await buildConnectedWorld();
  });

  const describeAlias = (keyId: string) => w.kms.send(new DescribeKeyCommand({ KeyId: keyId }));

  it('world: AWS managed keys: DescribeKey alias/aws/s3 creates the key once (KeyManager AWS, Enabled, yearly rotation)', async () => {
    const first = (await describeAlias('alias/aws/s3')).KeyMetadata!;
    expect(first).toMatchObject({
      KeyManager: 'AWS',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Description: 'Default key that protects my s3 resources when no other key is defined',
    });
    const again = (await describeAlias(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/s3`))
      .KeyMetadata!;
    expect(again.KeyId).toBe(first.KeyId);
    const aliases = await w.kms.send(new ListAliasesCommand({ KeyId: first.KeyId }));
    expect(aliases.Aliases!.map((a) => a.AliasName)).toEqual(['alias/aws/s3']);
    expect((await w.kms.send(new ListKeysCommand({}))).Keys!.map((k) => k.KeyId)).toContain(
      first.KeyId,
    );
    expect(await w.kms.send(new GetKeyRotationStatusCommand({ KeyId: first.KeyId }))).toMatchObject(
      { KeyRotationEnabled: true, RotationPeriodInDays: 365 },
    );
    // Usable for cryptography by alias once it exists.
    const out = await w.kms.send(
      new EncryptCommand({ KeyId: 'alias/aws/s3', Plaintext: Buffer.from('x') }),
    );
    expect(out.KeyId).toBe(first.Arn);
  });

  it('world: AWS managed keys: its policy limits use to the service and cannot be changed (AccessDeniedException)', async () => {
    const key = (await describeAlias('alias/aws/ebs')).KeyMetadata!;
    const policy = JSON.parse(
      (await w.kms.send(new GetKeyPolicyCommand({ KeyId: key.KeyId }))).Policy!,
    ) as { Statement: { Condition?: { StringEquals: Record<string, string> } }[] };
    expect(policy.Statement[0]!.Condition!.StringEquals).toEqual({
      'kms:CallerAccount': ACCOUNT,
      'kms:ViaService': 'ec2.us-east-1.amazonaws.com',
    });
    const denied = (action: string) =>
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: ${action} on resource: ${key.Arn} because no resource-based policy allows the ${action} action`;
    const attempts: Array<[Promise<unknown>, string]> = [
      [
        w.kms.send(new PutKeyPolicyCommand({ KeyId: key.KeyId, Policy: '{"Statement":[]}' })),
        'kms:PutKeyPolicy',
      ],
      [
        w.kms.send(
          new TagResourceCommand({ KeyId: key.KeyId, Tags: [{ TagKey: 'a', TagValue: 'b' }] }),
        ),
        'kms:TagResource',
      ],
      [
        w.kms.send(new UpdateKeyDescriptionCommand({ KeyId: key.KeyId, Description: 'x' })),
        'kms:UpdateKeyDescription',
      ],
      [w.kms.send(new DisableKeyCommand({ KeyId: key.KeyId })), 'kms:DisableKey'],
      [w.kms.send(new DisableKeyRotationCommand({ KeyId: key.KeyId })), 'kms:DisableKeyRotation'],
      [
        w.kms.send(new ScheduleKeyDeletionCommand({ KeyId: key.KeyId, PendingWindowInDays: 7 })),
        'kms:ScheduleKeyDeletion',
      ],
    ];
    for (const [attempt, action] of attempts)
      await expectKmsError(attempt, 'AccessDeniedException', denied(action));
    expect((await describeAlias(key.KeyId!)).KeyMetadata!.KeyState).toBe('Enabled');
  });

  it('world: AWS managed keys: their alias cannot be moved or deleted, and no customer alias can point at them', async () => {
    const managed = (await describeAlias('alias/aws/rds')).KeyMetadata!;
    const own = (await w.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const aliasArn = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/rds`;
    const denied = (action: string, resource: string) =>
      `User: arn:aws:iam::${ACCOUNT}:root is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`;
    await expectKmsError(
      w.kms.send(new DeleteAliasCommand({ AliasName: 'alias/aws/rds' })),
      'AccessDeniedException',
      denied('kms:DeleteAlias', aliasArn),
    );
    await expectKmsError(
      w.kms.send(new UpdateAliasCommand({ AliasName: 'alias/aws/rds', TargetKeyId: own.KeyId })),
      'AccessDeniedException',
      denied('kms:UpdateAlias', aliasArn),
    );
    await expectKmsError(
      w.kms.send(new CreateAliasCommand({ AliasName: 'alias/mine', TargetKeyId: managed.KeyId })),
      'AccessDeniedException',
      denied('kms:CreateAlias', managed.Arn!),
    );
    expect((await describeAlias('alias/aws/rds')).KeyMetadata!.KeyId).toBe(managed.KeyId);
  });

  it('world: AWS managed keys: an alias/aws/ name that is not predefined, or used before it exists, is NotFoundException; CreateAlias cannot take the prefix', async () => {
    await expectKmsError(
      describeAlias('alias/aws/not-a-service'),
      'NotFoundException',
      `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/not-a-service is not found.`,
    );
    await expectKmsError(
      w.kms.send(new EncryptCommand({ KeyId: 'alias/aws/ssm', Plaintext: Buffer.from('x') })),
      'NotFoundException',
      `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/aws/ssm is not found.`,
    );
    await expectKmsError(
      w.kms.send(
        new CreateAliasCommand({
          AliasName: 'alias/aws/s3',
          TargetKeyId:
            w.sim.world.keys.keys().next().value ?? '00000000-0000-4000-8000-000000000000',
        }),
      ),
      'InvalidAliasNameException',
      /reserved for AWS managed keys/,
    );
  });

  it('world: AWS managed keys: observing DescribeKey on a predefined alias creates nothing', () => {
    const response = w.sim.observe(
      'TrentService.DescribeKey',
      JSON.stringify({ KeyId: 'alias/aws/lambda' }),
    );
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).__type).toBe('NotFoundException');
    expect([...w.sim.world.aliases.keys()]).toEqual([]);
  });
});
