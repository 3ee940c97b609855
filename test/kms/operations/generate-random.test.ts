/** GenerateRandom through the real SDK (docs/behaviour.md §2.4 GenerateRandom, §4.6, §8.7). */
import { GenerateRandomCommand } from '@aws-sdk/client-kms';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildConnectedWorld, type ConnectedWorld } from '../../support/connected-store.js';
import { expectKmsError } from '../../support/kms-expect.js';
import { disconnectStore } from '../../support/kms-world.js';

describe('kms: GenerateRandom', () => {
  let w: ConnectedWorld;
  beforeEach(async () => {
    w = await buildConnectedWorld();
  });

  it.each([1, 1024])(
    'kms: GenerateRandom: NumberOfBytes %i → exactly that many bytes',
    async (size) => {
      const out = await w.kms.send(new GenerateRandomCommand({ NumberOfBytes: size }));
      expect(out.Plaintext!.length).toBe(size);
    },
  );

  it('kms: GenerateRandom: two calls differ', async () => {
    const a = await w.kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    const b = await w.kms.send(new GenerateRandomCommand({ NumberOfBytes: 32 }));
    expect(Buffer.from(a.Plaintext!).equals(Buffer.from(b.Plaintext!))).toBe(false);
  });

  it.each([1, 1024])(
    'kms: GenerateRandom: with the CONNECTED CustomKeyStoreId, NumberOfBytes %i → bytes',
    async (size) => {
      const out = await w.kms.send(
        new GenerateRandomCommand({ NumberOfBytes: size, CustomKeyStoreId: w.customKeyStoreId }),
      );
      expect(out.Plaintext!.length).toBe(size);
    },
  );

  it('kms: GenerateRandom: without NumberOfBytes → ValidationException `NumberOfBytes is required.`', async () => {
    await expectKmsError(
      w.kms.send(new GenerateRandomCommand({})),
      'ValidationException',
      'NumberOfBytes is required.',
    );
  });

  it.each([
    [
      1025,
      "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    ],
    [
      0,
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
  ])('kms: GenerateRandom: NumberOfBytes %i → ValidationException', async (size, message) => {
    await expectKmsError(
      w.kms.send(new GenerateRandomCommand({ NumberOfBytes: size })),
      'ValidationException',
      message,
    );
  });

  it('kms: GenerateRandom: unknown CustomKeyStoreId → CustomKeyStoreNotFoundException', async () => {
    await expectKmsError(
      w.kms.send(
        new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: 'cks-00000000000000000' }),
      ),
      'CustomKeyStoreNotFoundException',
      'Custom key store cks-00000000000000000 does not exist.',
    );
  });

  it('kms: GenerateRandom: disconnected CustomKeyStoreId → CustomKeyStoreInvalidStateException', async () => {
    await disconnectStore(w);
    await expectKmsError(
      w.kms.send(
        new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: w.customKeyStoreId }),
      ),
      'CustomKeyStoreInvalidStateException',
      `Custom key store ${w.customKeyStoreId} is not connected (state DISCONNECTED).`,
    );
  });

  it('kms: GenerateRandom: CONNECTED store whose cluster KMS cannot reach → KMSInternalException on HTTP 500', async () => {
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    await expectKmsError(
      w.kms.send(
        new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: w.customKeyStoreId }),
      ),
      'KMSInternalException',
      `KMS cannot reach AWS CloudHSM cluster ${w.clusterId}.`,
      500,
    );
  });

  it('kms: GenerateRandom: without a store id it works even while the store is disconnected', async () => {
    await disconnectStore(w);
    const out = await w.kms.send(new GenerateRandomCommand({ NumberOfBytes: 4 }));
    expect(out.Plaintext!.length).toBe(4);
  });
});
