/** CreateKey through the real SDK (docs/behaviour.md §2.2, §2.4 CreateKey, §4.5). */
import { CLOUDHSM_KEY_MEMBERS } from '../../support/kms-expect.js';
import { CreateKeyCommand, DescribeKeyCommand } from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError, rawKms } from '../../support/kms-expect.js';
import { disconnectStore } from '../../support/kms-world.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('kms: CreateKey', () => {
  let w: ConnectedWorld;
  beforeEach(async () => {
    w = await buildConnectedWorld();
  });

  it('kms: CreateKey: no arguments → an Enabled symmetric AWS_KMS key with Description ""', async () => {
    const out = await w.kms.send(new CreateKeyCommand({}));
    const m = out.KeyMetadata!;
    expect(m.KeyId).toMatch(UUID);
    expect(m.Arn).toBe(`arn:aws:kms:us-east-1:111122223333:key/${m.KeyId}`);
    expect(m).toMatchObject({
      AWSAccountId: '111122223333',
      Enabled: true,
      KeyState: 'Enabled',
      Description: '',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      MultiRegion: false,
    });
    expect(m.CustomKeyStoreId).toBeUndefined();
    expect(m.CloudHsmClusterId).toBeUndefined();
    expect(m.DeletionDate).toBeUndefined();
    expect(m.CurrentKeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('kms: CreateKey: CreationDate is the virtual instant of the call', async () => {
    const before = w.sim.nowMs;
    const out = await w.kms.send(new CreateKeyCommand({}));
    expect(out.KeyMetadata!.CreationDate!.getTime()).toBe(Date.UTC(2026, 0, 1) + before);
  });

  it('kms: CreateKey: AWS_CLOUDHSM in the connected store → the KeyMetadata member set of docs/behaviour.md §2.2, exactly', async () => {
    const raw = await rawKms(w.sim, 'CreateKey', {
      Origin: 'AWS_CLOUDHSM',
      CustomKeyStoreId: w.customKeyStoreId,
    });
    expect(raw.status).toBe(200);
    const m = raw.body.KeyMetadata as Record<string, unknown>;
    expect(Object.keys(m).sort()).toEqual(CLOUDHSM_KEY_MEMBERS);
    expect(m).toMatchObject({
      AWSAccountId: '111122223333',
      CloudHsmClusterId: w.clusterId,
      CustomKeyStoreId: w.customKeyStoreId,
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      Description: '',
      Enabled: true,
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      KeyManager: 'CUSTOMER',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
      MultiRegion: false,
      Origin: 'AWS_CLOUDHSM',
    });
    expect(typeof m.CreationDate).toBe('number');
  });

  it('kms: CreateKey: AWS_CLOUDHSM → DescribeKey returns the same metadata', async () => {
    const created = await w.kms.send(
      new CreateKeyCommand({
        Origin: 'AWS_CLOUDHSM',
        CustomKeyStoreId: w.customKeyStoreId,
        Description: 'payments',
      }),
    );
    const described = await w.kms.send(
      new DescribeKeyCommand({ KeyId: created.KeyMetadata!.KeyId }),
    );
    expect(described.KeyMetadata).toEqual(created.KeyMetadata);
    expect(described.KeyMetadata!.Description).toBe('payments');
  });

  it('kms: CreateKey: AWS_CLOUDHSM → a 256-bit key labelled with the key ARN, owned by kmsuser, in the cluster', async () => {
    const created = await w.kms.send(
      new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: w.customKeyStoreId }),
    );
    const keys = w.sim.world.clusters.get(w.clusterId)!.contents!.keys;
    const objects = keys.handles().map((handle) => keys.get(handle)!);
    const backing = objects.filter((object) => object.label === created.KeyMetadata!.Arn);
    expect(backing).toHaveLength(1);
    expect(backing[0]!.owner).toBe('kmsuser');
    expect(backing[0]!.material).toHaveLength(32);
  });

  it('kms: CreateKey: AWS_CLOUDHSM without CustomKeyStoreId → ValidationException', async () => {
    await expectKmsError(
      w.kms.send(new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM' })),
      'ValidationException',
      'You must specify a CustomKeyStoreId when the Origin is AWS_CLOUDHSM.',
    );
  });

  it('kms: CreateKey: CustomKeyStoreId with origin AWS_KMS → UnsupportedOperationException', async () => {
    await expectKmsError(
      w.kms.send(new CreateKeyCommand({ CustomKeyStoreId: w.customKeyStoreId })),
      'UnsupportedOperationException',
      'Origin AWS_KMS is not valid with a CustomKeyStoreId; use AWS_CLOUDHSM for a CloudHSM key store.',
    );
  });

  it('kms: CreateKey: AWS_CLOUDHSM with an asymmetric KeySpec → UnsupportedOperationException', async () => {
    await expectKmsError(
      w.kms.send(
        new CreateKeyCommand({
          Origin: 'AWS_CLOUDHSM',
          CustomKeyStoreId: w.customKeyStoreId,
          KeySpec: 'RSA_2048',
          KeyUsage: 'SIGN_VERIFY',
        }),
      ),
      'UnsupportedOperationException',
      'KMS keys in a CloudHSM key store must be SYMMETRIC_DEFAULT ENCRYPT_DECRYPT keys; RSA_2048 SIGN_VERIFY is not supported.',
    );
  });

  it('kms: CreateKey: AWS_CLOUDHSM MultiRegion → UnsupportedOperationException', async () => {
    await expectKmsError(
      w.kms.send(
        new CreateKeyCommand({
          Origin: 'AWS_CLOUDHSM',
          CustomKeyStoreId: w.customKeyStoreId,
          MultiRegion: true,
        }),
      ),
      'UnsupportedOperationException',
      'Multi-Region keys cannot be created in a custom key store.',
    );
  });

  it('kms: CreateKey: unknown CustomKeyStoreId → CustomKeyStoreNotFoundException', async () => {
    await expectKmsError(
      w.kms.send(
        new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: 'cks-0123456789abcdef0' }),
      ),
      'CustomKeyStoreNotFoundException',
      'Custom key store cks-0123456789abcdef0 does not exist.',
    );
  });

  it('kms: CreateKey: disconnected store → CustomKeyStoreInvalidStateException, and no key is made', async () => {
    await disconnectStore(w);
    await expectKmsError(
      w.kms.send(
        new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: w.customKeyStoreId }),
      ),
      'CustomKeyStoreInvalidStateException',
      `Custom key store ${w.customKeyStoreId} is not connected (state DISCONNECTED).`,
    );
    expect(w.sim.world.keys.size).toBe(0);
  });

  it('kms: CreateKey: duplicate tag keys → TagException', async () => {
    await expectKmsError(
      w.kms.send(
        new CreateKeyCommand({
          Tags: [
            { TagKey: 'team', TagValue: 'a' },
            { TagKey: 'team', TagValue: 'b' },
          ],
        }),
      ),
      'TagException',
      'Duplicate tag keys',
    );
  });

  it('kms: CreateKey: Description longer than 8192 → ValidationException', async () => {
    const raw = await rawKms(w.sim, 'CreateKey', { Description: 'd'.repeat(8193) });
    expect(raw.status).toBe(400);
    expect(raw.body.__type).toBe('ValidationException');
    expect(raw.body.message).toMatch(
      /^1 validation error detected: Value '.*' at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192$/,
    );
  });
});
