import { describe, expect, it } from 'vitest';
import {
  CreateKeyCommand,
  DecryptCommand,
  DescribeCustomKeyStoresCommand,
  EncryptCommand,
} from '@aws-sdk/client-kms';
import { buildConnectedWorld } from './support/connected-store.js';

describe('smoke', () => {
  it('walks to a connected store and round-trips', async () => {
    const w = await buildConnectedWorld();
    const d = await w.kms.send(new DescribeCustomKeyStoresCommand({}));
    expect(d.CustomKeyStores?.[0]?.ConnectionState).toBe('CONNECTED');
    const key = await w.kms.send(
      new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: w.customKeyStoreId }),
    );
    const enc = await w.kms.send(
      new EncryptCommand({
        KeyId: key.KeyMetadata!.KeyId!,
        Plaintext: Buffer.from('hello'),
        EncryptionContext: { a: 'b' },
      }),
    );
    const dec = await w.kms.send(
      new DecryptCommand({ CiphertextBlob: enc.CiphertextBlob!, EncryptionContext: { a: 'b' } }),
    );
    expect(Buffer.from(dec.Plaintext!).toString()).toBe('hello');
    w.sim.assertNoBugs();
  });
});
