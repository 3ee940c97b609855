/**
 * Determinism of the KMS data plane (issue #2 §9): the same seed and the same calls give the same
 * key ids, ciphertexts, data keys and random bytes in two simulators; another seed does not.
 */
import {
  CreateKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateRandomCommand,
  ReEncryptCommand,
} from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { buildConnectedWorld } from '../../support/connected-store.js';

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes!).toString('hex');

/** One fixed script of calls; returns everything observable that should depend on the seed only. */
async function script(seed: number): Promise<Record<string, string>> {
  const w = await buildConnectedWorld(seed);
  const hsmKey = (
    await w.kms.send(
      new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: w.customKeyStoreId }),
    )
  ).KeyMetadata!;
  const plainKey = (await w.kms.send(new CreateKeyCommand({}))).KeyMetadata!;
  const encrypted = await w.kms.send(
    new EncryptCommand({
      KeyId: hsmKey.KeyId,
      Plaintext: Buffer.from('same input'),
      EncryptionContext: { k: 'v' },
    }),
  );
  const dataKey = await w.kms.send(
    new GenerateDataKeyCommand({ KeyId: plainKey.KeyId, KeySpec: 'AES_256' }),
  );
  const sealedOnly = await w.kms.send(
    new GenerateDataKeyWithoutPlaintextCommand({ KeyId: hsmKey.KeyId, NumberOfBytes: 64 }),
  );
  const moved = await w.kms.send(
    new ReEncryptCommand({
      CiphertextBlob: encrypted.CiphertextBlob,
      SourceEncryptionContext: { k: 'v' },
      DestinationKeyId: plainKey.KeyId,
    }),
  );
  const random = await w.kms.send(
    new GenerateRandomCommand({ NumberOfBytes: 32, CustomKeyStoreId: w.customKeyStoreId }),
  );
  w.sim.assertNoBugs();
  return {
    customKeyStoreId: w.customKeyStoreId,
    hsmKeyId: hsmKey.KeyId!,
    plainKeyId: plainKey.KeyId!,
    creationDate: String(hsmKey.CreationDate!.getTime()),
    encrypted: hex(encrypted.CiphertextBlob),
    dataKey: hex(dataKey.Plaintext),
    dataKeyBlob: hex(dataKey.CiphertextBlob),
    sealedOnly: hex(sealedOnly.CiphertextBlob),
    reEncrypted: hex(moved.CiphertextBlob),
    random: hex(random.Plaintext),
  };
}

describe('kms: determinism', () => {
  it('kms: determinism: seed 42 twice → identical key ids, ciphertexts, data keys and random bytes', async () => {
    const first = await script(42);
    const second = await script(42);
    expect(second).toEqual(first);
  });

  it('kms: determinism: seed 42 vs seed 43 → different key ids and ciphertexts', async () => {
    const a = await script(42);
    const b = await script(43);
    for (const field of [
      'hsmKeyId',
      'plainKeyId',
      'encrypted',
      'dataKey',
      'reEncrypted',
      'random',
    ]) {
      expect(b[field], field).not.toBe(a[field]);
    }
  });
});
