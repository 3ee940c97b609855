/**
 * CreateKey in a CloudHSM key store (docs/behaviour.md §4.5, §2.2, §2.4) and GenerateRandom with
 * CustomKeyStoreId (docs/behaviour.md §2.4, §4.6), through the real KMSClient. HSM loss is injected with the
 * world's `loseHsm` (an HSM that fails, no backup; a later issue adds a fault injector).
 */
import { CLOUDHSM_KEY_MEMBERS } from '../support/kms-expect.js';
import { describe, expect, it } from 'vitest';
import {
  ConnectCustomKeyStoreCommand,
  CreateKeyCommand,
  DisconnectCustomKeyStoreCommand,
  GenerateRandomCommand,
  type CreateKeyCommandInput,
} from '@aws-sdk/client-kms';
import { loseHsm } from '../../src/world/hsm-lifecycle.js';
import { buildConnectedWorld } from '../support/connected-store.js';
import { expectClientError } from '../support/keystore-expect.js';
import {
  addHsms,
  buildDisconnectedWorld,
  connectAndSettle,
  createStoreKey,
  roundTrip,
  storeEntry,
} from '../support/keystore-world.js';

const inStore = (customKeyStoreId: string, extra: Partial<CreateKeyCommandInput> = {}) =>
  new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: customKeyStoreId, ...extra });

describe('key store: CreateKey in the store', () => {
  it('key store: CreateKey: CONNECTED store, healthy cluster → an Enabled AWS_CLOUDHSM key with the documented members', async () => {
    const w = await buildConnectedWorld(101);
    const response = await w.sim.handleWire({
      target: 'TrentService.CreateKey',
      body: JSON.stringify({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: w.customKeyStoreId }),
      headers: {},
    });
    expect(response.status).toBe(200);
    const metadata = (JSON.parse(response.body) as { KeyMetadata: Record<string, unknown> })
      .KeyMetadata;
    expect(Object.keys(metadata).sort()).toEqual(CLOUDHSM_KEY_MEMBERS);
    expect(metadata).toMatchObject({
      CloudHsmClusterId: w.clusterId,
      CustomKeyStoreId: w.customKeyStoreId,
      Origin: 'AWS_CLOUDHSM',
      KeyState: 'Enabled',
      Enabled: true,
      Description: '',
      KeySpec: 'SYMMETRIC_DEFAULT',
      KeyManager: 'CUSTOMER',
      MultiRegion: false,
    });
  });

  it('key store: CreateKey: the backing key is a kmsuser-owned object labelled with the key ARN in the cluster (docs/behaviour.md §2.4)', async () => {
    const w = await buildConnectedWorld(102);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const handle = w.sim.world.keys.get(key.KeyId!)!.backingHandle;
    const object = w.sim.world.clusters.get(w.clusterId)!.contents!.keys.get(handle)!;
    expect([object.label, object.owner, object.material.length]).toEqual([key.Arn, 'kmsuser', 32]);
    expect(w.sim.world.kmsOwnKeys.has(handle)).toBe(false);
  });

  it('key store: CreateKey: unknown store id → CustomKeyStoreNotFoundException', async () => {
    const w = await buildConnectedWorld(103);
    await expectClientError(
      w.kms.send(inStore('cks-0123456789abcdef0')),
      'CustomKeyStoreNotFoundException',
    );
  });

  it('key store: CreateKey: store DISCONNECTED → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildDisconnectedWorld(104);
    await expectClientError(
      w.kms.send(inStore(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: CreateKey: store CONNECTING → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildDisconnectedWorld(105);
    await w.kms.send(new ConnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    await expectClientError(
      w.kms.send(inStore(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: CreateKey: store DISCONNECTING → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildConnectedWorld(106);
    await w.kms.send(new DisconnectCustomKeyStoreCommand({ CustomKeyStoreId: w.customKeyStoreId }));
    await expectClientError(
      w.kms.send(inStore(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: CreateKey: store FAILED → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildDisconnectedWorld(107);
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionState).toBe('FAILED');
    await expectClientError(
      w.kms.send(inStore(w.customKeyStoreId)),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: CreateKey: one of two HSMs lost → CloudHsmClusterInvalidConfigurationException while crypto still works (docs/behaviour.md §10)', async () => {
    const w = await buildConnectedWorld(108);
    const existing = await createStoreKey(w.kms, w.customKeyStoreId);
    expect(loseHsm(w.sim.world, w.clusterId, w.hsmIds[0]!).ok).toBe(true);
    await expectClientError(
      w.kms.send(inStore(w.customKeyStoreId)),
      'CloudHsmClusterInvalidConfigurationException',
    );
    expect(await roundTrip(w.kms, existing.KeyId!, 'still here')).toBe('still here');
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
  });

  it('key store: CreateKey: after the lost HSM is replaced in its AZ, keys can be created again and the new HSM has the old key', async () => {
    const w = await buildConnectedWorld(109);
    const existing = await createStoreKey(w.kms, w.customKeyStoreId);
    loseHsm(w.sim.world, w.clusterId, w.hsmIds[0]!);
    await addHsms(w.sim, w.hsm, w.clusterId, [0]);
    loseHsm(w.sim.world, w.clusterId, w.hsmIds[1]!);
    await addHsms(w.sim, w.hsm, w.clusterId, [1]);
    const fresh = await createStoreKey(w.kms, w.customKeyStoreId);
    expect(await roundTrip(w.kms, existing.KeyId!)).toBe('kmsim');
    expect(await roundTrip(w.kms, fresh.KeyId!)).toBe('kmsim');
  });

  it('key store: CreateKey: three HSMs, losing the only one in its AZ leaves two in one AZ → CloudHsmClusterInvalidConfigurationException', async () => {
    const w = await buildConnectedWorld(110);
    await addHsms(w.sim, w.hsm, w.clusterId, [0]);
    loseHsm(w.sim.world, w.clusterId, w.hsmIds[1]!);
    expect(w.sim.world.clusters.get(w.clusterId)!.hsms.size).toBe(2);
    await expectClientError(
      w.kms.send(inStore(w.customKeyStoreId)),
      'CloudHsmClusterInvalidConfigurationException',
    );
  });

  it('key store: CreateKey: every HSM lost → CloudHsmClusterInvalidConfigurationException', async () => {
    const w = await buildConnectedWorld(111);
    for (const hsmId of w.hsmIds) loseHsm(w.sim.world, w.clusterId, hsmId);
    await expectClientError(
      w.kms.send(inStore(w.customKeyStoreId)),
      'CloudHsmClusterInvalidConfigurationException',
    );
  });

  it('key store: CreateKey: AWS_CLOUDHSM without CustomKeyStoreId → ValidationException (our choice; docs/behaviour.md §2.4 unverified)', async () => {
    const w = await buildConnectedWorld(112);
    await expectClientError(
      w.kms.send(new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM' })),
      'ValidationException',
    );
  });

  it('key store: CreateKey: CustomKeyStoreId with origin AWS_KMS → UnsupportedOperationException', async () => {
    const w = await buildConnectedWorld(113);
    await expectClientError(
      w.kms.send(new CreateKeyCommand({ Origin: 'AWS_KMS', CustomKeyStoreId: w.customKeyStoreId })),
      'UnsupportedOperationException',
    );
  });

  it('key store: CreateKey: asymmetric, HMAC or multi-Region keys in the store → UnsupportedOperationException', async () => {
    const w = await buildConnectedWorld(114);
    await expectClientError(
      w.kms.send(inStore(w.customKeyStoreId, { KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' })),
      'UnsupportedOperationException',
    );
    await expectClientError(
      w.kms.send(
        inStore(w.customKeyStoreId, { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' }),
      ),
      'UnsupportedOperationException',
    );
    await expectClientError(
      w.kms.send(inStore(w.customKeyStoreId, { MultiRegion: true })),
      'UnsupportedOperationException',
    );
    expect(w.sim.world.keys.size).toBe(0);
  });
});

describe('key store: GenerateRandom with CustomKeyStoreId', () => {
  it('key store: GenerateRandom: CONNECTED store → the requested number of bytes', async () => {
    const w = await buildConnectedWorld(115);
    const out = await w.kms.send(
      new GenerateRandomCommand({ NumberOfBytes: 48, CustomKeyStoreId: w.customKeyStoreId }),
    );
    expect(out.Plaintext).toHaveLength(48);
  });

  it('key store: GenerateRandom: unknown store → CustomKeyStoreNotFoundException', async () => {
    const w = await buildConnectedWorld(116);
    await expectClientError(
      w.kms.send(
        new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: 'cks-0123456789abcdef0' }),
      ),
      'CustomKeyStoreNotFoundException',
    );
  });

  it('key store: GenerateRandom: DISCONNECTED store → CustomKeyStoreInvalidStateException', async () => {
    const w = await buildDisconnectedWorld(117);
    await expectClientError(
      w.kms.send(
        new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: w.customKeyStoreId }),
      ),
      'CustomKeyStoreInvalidStateException',
    );
  });

  it('key store: GenerateRandom: CONNECTED store whose cluster is partitioned → KMSInternalException 500 (our choice: not in its error list)', async () => {
    const w = await buildConnectedWorld(118);
    w.sim.world.network.partitionedClusters.add(w.clusterId);
    const error = await w.kms
      .send(new GenerateRandomCommand({ NumberOfBytes: 8, CustomKeyStoreId: w.customKeyStoreId }))
      .catch((e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
    expect(error).toBeInstanceOf(Error);
    expect([
      (error as Error).name,
      (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode,
    ]).toEqual(['KMSInternalException', 500]);
  });
});
