/**
 * faults/operator-disconnect.ts (docs/behaviour.md §3.3, §10 first row, RB-1): DISCONNECTING → DISCONNECTED,
 * keys Unavailable (pending deletion excepted), crypto → KMSInvalidStateException `<ARN> is
 * unavailable.`, CreateKey / GenerateRandom(store) → CustomKeyStoreInvalidStateException; heal
 * reconnects. Injected and healed from TypeScript and through the control action, observed
 * through the real SDK client.
 */
import { describe, expect, it } from 'vitest';
import {
  CreateKeyCommand,
  DecryptCommand,
  EncryptCommand,
  GenerateRandomCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import type { Simulator } from '../../src/simulator.js';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import { expectClientError } from '../support/keystore-expect.js';
import {
  createStoreKey,
  keyState,
  roundTrip,
  settleConnect,
  settleDisconnect,
  storeEntry,
} from '../support/keystore-world.js';

function injectByAction(sim: Simulator, fault: string, params: Record<string, unknown>): string {
  const result = sim.runAction({ action: 'inject-fault', fault, ...params });
  expect(result).toMatchObject({ ok: true, healable: true });
  return String((result as { faultId?: unknown }).faultId);
}

async function keyWithCiphertext(w: ConnectedWorld) {
  const key = await createStoreKey(w.kms, w.customKeyStoreId);
  const sealed = await w.kms.send(
    new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('before') }),
  );
  return { keyId: key.KeyId!, arn: key.Arn!, blob: sealed.CiphertextBlob! };
}

/** What a disconnected store looks like to a caller (docs/behaviour.md §3.3, §4.6, §10). */
async function expectDisconnectedView(
  w: ConnectedWorld,
  key: { keyId: string; arn: string; blob: Uint8Array },
): Promise<void> {
  expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('DISCONNECTED');
  expect(await keyState(w.kms, key.keyId)).toBe('Unavailable');
  const unavailable = `${key.arn} is unavailable.`;
  await expectClientError(
    w.kms.send(new EncryptCommand({ KeyId: key.keyId, Plaintext: Buffer.from('x') })),
    'KMSInvalidStateException',
    unavailable,
  );
  await expectClientError(
    w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob })),
    'KMSInvalidStateException',
    unavailable,
  );
  await expectClientError(
    w.kms.send(
      new CreateKeyCommand({ Origin: 'AWS_CLOUDHSM', CustomKeyStoreId: w.customKeyStoreId }),
    ),
    'CustomKeyStoreInvalidStateException',
  );
  await expectClientError(
    w.kms.send(
      new GenerateRandomCommand({ NumberOfBytes: 16, CustomKeyStoreId: w.customKeyStoreId }),
    ),
    'CustomKeyStoreInvalidStateException',
  );
}

async function expectReconnected(
  w: ConnectedWorld,
  key: { keyId: string; blob: Uint8Array },
): Promise<void> {
  expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
  expect(await keyState(w.kms, key.keyId)).toBe('Enabled');
  expect(
    Buffer.from(
      (await w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob }))).Plaintext!,
    ).toString(),
  ).toBe('before');
  expect(await roundTrip(w.kms, key.keyId)).toBe('kmsim');
}

describe('faults: operator-disconnect', () => {
  it('faults: operator-disconnect: sim.inject → DISCONNECTING then DISCONNECTED, keys Unavailable, crypto and CreateKey refused; sim.heal → CONNECTING then CONNECTED, keys back', async () => {
    const w = await buildConnectedWorld(5101);
    const key = await keyWithCiphertext(w);
    const faultId = w.sim.inject('operator-disconnect', { customKeyStoreId: w.customKeyStoreId });
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('DISCONNECTING');
    settleDisconnect(w.sim);
    await expectDisconnectedView(w, key);
    w.sim.heal(faultId);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTING');
    await expectClientError(
      w.kms.send(new DecryptCommand({ CiphertextBlob: key.blob })),
      'KMSInvalidStateException',
      `${key.arn} is unavailable.`,
    );
    settleConnect(w.sim);
    await expectReconnected(w, key);
  });

  it('faults: operator-disconnect: inject-fault / heal-fault control actions; a heal while still DISCONNECTING reconnects once DISCONNECTED', async () => {
    const w = await buildConnectedWorld(5102);
    const key = await keyWithCiphertext(w);
    injectByAction(w.sim, 'operator-disconnect', { customKeyStoreId: w.customKeyStoreId });
    expect(
      w.sim.runAction({
        action: 'heal-fault',
        fault: 'operator-disconnect',
        customKeyStoreId: w.customKeyStoreId,
      }),
    ).toMatchObject({ ok: true });
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('DISCONNECTING');
    settleDisconnect(w.sim);
    expect((await storeEntry(w.kms, w.customKeyStoreId)).ConnectionState).toBe('CONNECTING');
    settleConnect(w.sim);
    await expectReconnected(w, key);
  });

  it('faults: operator-disconnect: a key pending deletion stays PendingDeletion while the others show Unavailable (docs/behaviour.md §3.3)', async () => {
    const w = await buildConnectedWorld(5103);
    const kept = await keyWithCiphertext(w);
    const doomed = await keyWithCiphertext(w);
    await w.kms.send(
      new ScheduleKeyDeletionCommand({ KeyId: doomed.keyId, PendingWindowInDays: 7 }),
    );
    const faultId = w.sim.inject('operator-disconnect', { customKeyStoreId: w.customKeyStoreId });
    settleDisconnect(w.sim);
    expect(await keyState(w.kms, kept.keyId)).toBe('Unavailable');
    expect(await keyState(w.kms, doomed.keyId)).toBe('PendingDeletion');
    w.sim.heal(faultId);
    settleConnect(w.sim);
    expect(await keyState(w.kms, kept.keyId)).toBe('Enabled');
    expect(await keyState(w.kms, doomed.keyId)).toBe('PendingDeletion');
  });

  it('faults: operator-disconnect: refused, naming the field, for an unknown store or one already DISCONNECTED; nothing is recorded as active', async () => {
    const w = await buildConnectedWorld(5104);
    expect(() =>
      w.sim.inject('operator-disconnect', { customKeyStoreId: 'cks-0123456789abcdef0' }),
    ).toThrow(/'customKeyStoreId'/);
    w.sim.heal(w.sim.inject('operator-disconnect', { customKeyStoreId: w.customKeyStoreId }));
    settleDisconnect(w.sim);
    settleConnect(w.sim);
    const disconnectedAgain = w.sim.inject('operator-disconnect', {
      customKeyStoreId: w.customKeyStoreId,
    });
    settleDisconnect(w.sim);
    const refused = w.sim.runAction({
      action: 'inject-fault',
      fault: 'operator-disconnect',
      customKeyStoreId: w.customKeyStoreId,
    });
    expect(refused).toMatchObject({
      ok: false,
      message: expect.stringContaining("'customKeyStoreId'"),
    });
    expect(w.sim.faults.list().map((fault) => fault.faultId)).toEqual([disconnectedAgain]);
    expect(() => w.sim.inject('operator-disconnect', {})).toThrow(/'customKeyStoreId' is required/);
  });
});
