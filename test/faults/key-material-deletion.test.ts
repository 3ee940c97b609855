/**
 * faults/key-material-deletion.ts (docs/behaviour.md §4.6, §6.4, §10 row "Delete key material in cluster", RB-6):
 * that key's crypto → KMSInvalidStateException while its state stays Enabled and the store
 * CONNECTED; other keys work. No heal by reversal: the material comes back only by restoring a
 * backup that holds it.
 */
import { describe, expect, it } from 'vitest';
import {
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
} from '@aws-sdk/client-kms';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { expectClientError } from '../support/keystore-expect.js';
import {
  addHsms,
  createStoreKey,
  keyState,
  roundTrip,
  settleBackups,
  storeEntry,
} from '../support/keystore-world.js';

async function keyWithCiphertext(w: ConnectedWorld) {
  const key = await createStoreKey(w.kms, w.customKeyStoreId);
  const sealed = await w.kms.send(
    new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('before') }),
  );
  return { keyId: key.KeyId!, blob: sealed.CiphertextBlob! };
}

async function decrypts(w: ConnectedWorld, blob: Uint8Array): Promise<string> {
  return Buffer.from(
    (await w.kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!,
  ).toString();
}

async function expectMaterialGone(
  w: ConnectedWorld,
  key: { keyId: string; blob: Uint8Array },
): Promise<void> {
  await expectClientError(
    w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob })),
    'KMSInvalidStateException',
  );
  await expectClientError(
    w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') })),
    'KMSInvalidStateException',
  );
  await expectClientError(
    w.kms.send(new GenerateDataKeyCommand({ KeyId: key.keyId, KeySpec: 'AES_256' })),
    'KMSInvalidStateException',
  );
  expect(await keyState(w.kms, key.keyId)).toBe('Enabled');
  expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
}

describe('faults: key-material-deletion', () => {
  it('faults: key-material-deletion: sim.inject → that key fails with KMSInvalidStateException, stays Enabled; the other key works; sim.heal refuses (no reversal)', async () => {
    const w = await buildConnectedWorld(5401);
    const gone = await keyWithCiphertext(w);
    const kept = await keyWithCiphertext(w);
    const faultId = w.sim.inject('key-material-deletion', { keyId: gone.keyId });
    await expectMaterialGone(w, gone);
    expect(await decrypts(w, kept.blob)).toBe('before');
    expect(await roundTrip(w.kms, kept.keyId)).toBe('kmsim');
    expect(() => w.sim.heal(faultId)).toThrow(/cannot be healed by reversal/);
    await expectMaterialGone(w, gone);
  });

  it('faults: key-material-deletion: inject-fault answers healable false and heal-fault refuses; restoring a backup that holds the key brings it back (RB-6)', async () => {
    const w = await buildConnectedWorld(5402);
    const key = await keyWithCiphertext(w);
    await addHsms(w.sim, w.hsm, w.clusterId, [2]); // a backup taken while the key exists
    settleBackups(w.sim);
    const injected = w.sim.runAction({
      action: 'inject-fault',
      fault: 'key-material-deletion',
      keyId: key.keyId,
    });
    expect(injected).toMatchObject({ ok: true, healable: false });
    await expectMaterialGone(w, key);
    expect(w.sim.runAction({ action: 'heal-fault', fault: 'key-material-deletion' })).toMatchObject(
      { ok: false, message: expect.stringContaining('cannot be healed by reversal') },
    );
    // Every HSM goes; the next one restores the newest backup, taken before the deletion.
    w.sim.inject('all-hsms-loss', { clusterId: w.clusterId });
    await addHsms(w.sim, w.hsm, w.clusterId, [0]);
    expect(await decrypts(w, key.blob)).toBe('before');
    expect(await roundTrip(w.kms, key.keyId)).toBe('kmsim');
  });

  it('faults: key-material-deletion: refused naming keyId for a key outside a CloudHSM store, an unknown key, or material already gone', async () => {
    const w = await buildConnectedWorld(5403);
    const awsKey = (await w.kms.send(new CreateKeyCommand({}))).KeyMetadata!.KeyId!;
    expect(() => w.sim.inject('key-material-deletion', { keyId: awsKey })).toThrow(/'keyId'/);
    expect(() =>
      w.sim.inject('key-material-deletion', { keyId: '00000000-0000-0000-0000-000000000000' }),
    ).toThrow(/'keyId'/);
    const key = await keyWithCiphertext(w);
    w.sim.inject('key-material-deletion', { keyId: key.keyId });
    expect(
      w.sim.runAction({ action: 'inject-fault', fault: 'key-material-deletion', keyId: key.keyId }),
    ).toMatchObject({ ok: false, message: expect.stringContaining("'keyId'") });
  });
});
