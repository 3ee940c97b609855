/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext (docs/behaviour.md §2.4, §3.2 (*), §4.6): never for
 * a key in a custom key store, whatever its state. The state sweep lives in key-state-table.test.ts.
 */
import {
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
} from '@aws-sdk/client-kms';
import { beforeEach, describe, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError } from '../../support/kms-expect.js';
import { createAwsKmsKey, createHsmKey, type TestKey } from '../../support/kms-world.js';

describe('kms: GenerateDataKeyPair', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  beforeEach(async () => {
    w = await buildConnectedWorld();
    key = await createHsmKey(w);
  });

  it('kms: GenerateDataKeyPair: CloudHSM key → UnsupportedOperationException naming the origin', async () => {
    await expectKmsError(
      w.kms.send(new GenerateDataKeyPairCommand({ KeyId: key.keyId, KeyPairSpec: 'RSA_2048' })),
      'UnsupportedOperationException',
      `${key.arn} origin is AWS_CLOUDHSM which is not valid for this operation.`,
    );
  });

  it('kms: GenerateDataKeyPairWithoutPlaintext: CloudHSM key → UnsupportedOperationException naming the origin', async () => {
    await expectKmsError(
      w.kms.send(
        new GenerateDataKeyPairWithoutPlaintextCommand({
          KeyId: key.keyId,
          KeyPairSpec: 'ECC_NIST_P256',
        }),
      ),
      'UnsupportedOperationException',
      `${key.arn} origin is AWS_CLOUDHSM which is not valid for this operation.`,
    );
  });

  it('kms: GenerateDataKeyPair: DryRun on a CloudHSM key → still UnsupportedOperationException, not DryRun', async () => {
    await expectKmsError(
      w.kms.send(
        new GenerateDataKeyPairCommand({ KeyId: key.keyId, KeyPairSpec: 'RSA_2048', DryRun: true }),
      ),
      'UnsupportedOperationException',
      `${key.arn} origin is AWS_CLOUDHSM which is not valid for this operation.`,
    );
  });

  it('kms: GenerateDataKeyPair: AWS_KMS key → UnsupportedOperationException saying kmsim does not emulate it', async () => {
    const plain = await createAwsKmsKey(w);
    await expectKmsError(
      w.kms.send(new GenerateDataKeyPairCommand({ KeyId: plain.keyId, KeyPairSpec: 'RSA_2048' })),
      'UnsupportedOperationException',
      'kmsim does not emulate GenerateDataKeyPair; it models symmetric keys only.',
    );
  });

  it('kms: GenerateDataKeyPair: unknown key → NotFoundException before anything else', async () => {
    const missing = '5d1c0c4e-7a3b-4c8e-9f00-112233445566';
    await expectKmsError(
      w.kms.send(new GenerateDataKeyPairCommand({ KeyId: missing, KeyPairSpec: 'RSA_2048' })),
      'NotFoundException',
      `Key 'arn:aws:kms:us-east-1:111122223333:key/${missing}' does not exist`,
    );
  });
});
