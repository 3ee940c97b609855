/**
 * GrantTokens on every served operation that takes them (src/kms/grant-tokens.ts; issue #10): a
 * token kmsim issued passes, anything else is InvalidGrantTokenException before the key is
 * resolved; a token of a retired grant is still a well-formed token.
 */
import {
  CreateGrantCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  ReEncryptCommand,
  RetireGrantCommand,
} from '@aws-sdk/client-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { expectKmsError } from '../support/kms-expect.js';
import { createAwsKmsKey, encryptUnder, type TestKey } from '../support/kms-world.js';

describe('kms: GrantTokens', () => {
  let w: ConnectedWorld;
  let key: TestKey;
  let token: string;
  let blob: Uint8Array;
  beforeAll(async () => {
    w = await buildConnectedWorld();
    key = await createAwsKmsKey(w);
    token = (
      await w.kms.send(
        new CreateGrantCommand({
          KeyId: key.keyId,
          GranteePrincipal: 'arn:aws:iam::111122223333:role/app',
          Operations: ['Encrypt', 'Decrypt', 'GenerateDataKey', 'DescribeKey'],
        }),
      )
    ).GrantToken!;
    blob = await encryptUnder(w, key.keyId, 'payload');
  });

  /** One command per served operation with a GrantTokens member, built with the given tokens. */
  function commands(tokens: string[], keyId: string) {
    return [
      new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x'), GrantTokens: tokens }),
      new DecryptCommand({ CiphertextBlob: blob, GrantTokens: tokens }),
      new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: keyId, GrantTokens: tokens }),
      new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', GrantTokens: tokens }),
      new GenerateDataKeyWithoutPlaintextCommand({
        KeyId: keyId,
        KeySpec: 'AES_256',
        GrantTokens: tokens,
      }),
      new GenerateDataKeyPairCommand({
        KeyId: keyId,
        KeyPairSpec: 'RSA_2048',
        GrantTokens: tokens,
      }),
      new GenerateDataKeyPairWithoutPlaintextCommand({
        KeyId: keyId,
        KeyPairSpec: 'RSA_2048',
        GrantTokens: tokens,
      }),
      new DescribeKeyCommand({ KeyId: keyId, GrantTokens: tokens }),
      new CreateGrantCommand({
        KeyId: keyId,
        GranteePrincipal: 'arn:aws:iam::111122223333:role/other',
        Operations: ['Decrypt'],
        GrantTokens: tokens,
      }),
    ];
  }

  it('kms: GrantTokens: a token kmsim never issued → InvalidGrantTokenException on all nine operations, even for an unknown key', async () => {
    for (const command of commands(['made-up-token'], '00000000-0000-4000-8000-000000000000'))
      await expectKmsError(
        w.kms.send(command as never),
        'InvalidGrantTokenException',
        'Invalid grant token.',
      );
  });

  it('kms: GrantTokens: an issued token (also alongside a second issued one) passes on every operation', async () => {
    const outcomes: string[] = [];
    for (const command of commands([token, token], key.keyId)) {
      try {
        await w.kms.send(command as never);
        outcomes.push('ok');
      } catch (error) {
        outcomes.push((error as Error).name);
      }
    }
    // GenerateDataKeyPair(WithoutPlaintext) are refused for what kmsim does not emulate, not for the token.
    expect(outcomes).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      'UnsupportedOperationException',
      'UnsupportedOperationException',
      'ok',
      'ok',
    ]);
  });

  it('kms: GrantTokens: the token of a retired grant is still accepted; more than 10 tokens is a model ValidationException', async () => {
    const spare = (
      await w.kms.send(
        new CreateGrantCommand({
          KeyId: key.keyId,
          GranteePrincipal: 'arn:aws:iam::111122223333:role/tmp',
          Operations: ['Encrypt'],
        }),
      )
    ).GrantToken!;
    await w.kms.send(new RetireGrantCommand({ GrantToken: spare }));
    await w.kms.send(
      new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x'), GrantTokens: [spare] }),
    );
    await expectKmsError(
      w.kms.send(
        new EncryptCommand({
          KeyId: key.keyId,
          Plaintext: Buffer.from('x'),
          GrantTokens: Array.from({ length: 11 }, () => token),
        }),
      ),
      'ValidationException',
      /at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to 10$/,
    );
    expect(w.sim.bugs).toEqual([]);
  });
});
