/**
 * faults/kmsuser-{password-rotated,locked-out,logged-in,missing}.ts, with kmsuser-access.ts
 * (docs/behaviour.md §4.2, §4.3, §4.7, §10 rows "Change kmsuser password out-of-band" and "kmsuser logged in
 * elsewhere", RB-3): a connected store keeps working (KMS holds the kmsuser
 * login); the next connect ends FAILED with INVALID_CREDENTIALS, USER_LOCKED_OUT, USER_LOGGED_IN or
 * USER_NOT_FOUND. Each heal undoes the cause; disconnect + connect then succeeds. A password change
 * needs the store disconnected first: CloudHSM refuses it while KMS is logged in (docs/behaviour.md §4.7, RB-7).
 */
import { describe, expect, it } from 'vitest';
import { UpdateCustomKeyStoreCommand } from '@aws-sdk/client-kms';
import type { Simulator } from '../../src/simulator.js';
import { MAX_FAILED_LOGINS } from '../../src/world/crypto-user.js';
import { buildConnectedWorld, type ConnectedWorld } from '../support/connected-store.js';
import {
  connectAndSettle,
  createStoreKey,
  disconnectAndSettle,
  kmsuserOf,
  roundTrip,
} from '../support/keystore-world.js';

function injectByAction(sim: Simulator, fault: string, params: Record<string, unknown>): string {
  const result = sim.runAction({ action: 'inject-fault', fault, ...params });
  expect(result).toMatchObject({ ok: true, healable: true });
  return String((result as { faultId?: unknown }).faultId);
}

/** Disconnect, connect, and the state and error code the connect ended in. */
async function reconnect(w: ConnectedWorld): Promise<string> {
  await disconnectAndSettle(w, w.customKeyStoreId);
  const entry = await connectAndSettle(w, w.customKeyStoreId);
  return entry.ConnectionErrorCode
    ? `${entry.ConnectionState}/${entry.ConnectionErrorCode}`
    : entry.ConnectionState!;
}

const PASSWORD_ROTATED = {
  fault: 'kmsuser-password-rotated',
  code: 'INVALID_CREDENTIALS',
} as const;
/** Faults that may be injected while the store is CONNECTED. */
const WHILE_CONNECTED = [
  { fault: 'kmsuser-locked-out', code: 'USER_LOCKED_OUT' },
  { fault: 'kmsuser-logged-in', code: 'USER_LOGGED_IN' },
  { fault: 'kmsuser-missing', code: 'USER_NOT_FOUND' },
] as const;
const CASES = [PASSWORD_ROTATED, ...WHILE_CONNECTED] as const;

describe('faults: kmsuser faults', () => {
  it.each(WHILE_CONNECTED)(
    'faults: $fault: sim.inject while CONNECTED → crypto still works; next connect → FAILED/$code; sim.heal → reconnect CONNECTED',
    async ({ fault, code }) => {
      const w = await buildConnectedWorld(`5601-${fault}`);
      const key = await createStoreKey(w.kms, w.customKeyStoreId);
      const faultId = w.sim.inject(fault, { clusterId: w.clusterId });
      expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
      expect(await reconnect(w)).toBe(`FAILED/${code}`);
      w.sim.heal(faultId);
      expect(await reconnect(w)).toBe('CONNECTED');
      expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    },
  );

  it.each(CASES)(
    'faults: $fault: inject-fault / heal-fault control actions → FAILED/$code, then CONNECTED',
    async ({ fault, code }) => {
      const w = await buildConnectedWorld(`5602-${fault}`);
      const key = await createStoreKey(w.kms, w.customKeyStoreId);
      await disconnectAndSettle(w, w.customKeyStoreId);
      injectByAction(w.sim, fault, { clusterId: w.clusterId });
      const failed = await connectAndSettle(w, w.customKeyStoreId);
      expect(`${failed.ConnectionState}/${failed.ConnectionErrorCode}`).toBe(`FAILED/${code}`);
      expect(
        w.sim.runAction({ action: 'heal-fault', fault, clusterId: w.clusterId }),
      ).toMatchObject({ ok: true });
      expect(await reconnect(w)).toBe('CONNECTED');
      expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    },
  );

  it('faults: kmsuser-password-rotated: the given password is set in the cluster; UpdateCustomKeyStore with it (RB-3) fixes the store without a heal, and KMS rotates it again at connect', async () => {
    const w = await buildConnectedWorld(5603);
    await disconnectAndSettle(w, w.customKeyStoreId);
    w.sim.inject('kmsuser-password-rotated', {
      clusterId: w.clusterId,
      password: 'ChangedByHand1',
    });
    expect(kmsuserOf(w.sim, w.clusterId).password).toBe('ChangedByHand1');
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionErrorCode).toBe(
      'INVALID_CREDENTIALS',
    );
    await disconnectAndSettle(w, w.customKeyStoreId);
    await w.kms.send(
      new UpdateCustomKeyStoreCommand({
        CustomKeyStoreId: w.customKeyStoreId,
        KeyStorePassword: 'ChangedByHand1',
      }),
    );
    expect((await connectAndSettle(w, w.customKeyStoreId)).ConnectionState).toBe('CONNECTED');
    expect(kmsuserOf(w.sim, w.clusterId).password).not.toBe('ChangedByHand1');
  });

  it('faults: kmsuser-password-rotated: refused while the store is CONNECTED (KMS is logged in as kmsuser), with the HSM’s logged-in-user error; kmsuser is unchanged', async () => {
    const w = await buildConnectedWorld(5606);
    const before = kmsuserOf(w.sim, w.clusterId).password;
    expect(
      w.sim.runAction({
        action: 'inject-fault',
        fault: 'kmsuser-password-rotated',
        clusterId: w.clusterId,
        password: 'ChangedByHand1',
      }),
    ).toEqual({
      ok: false,
      message: `field 'clusterId': HSM Error: Deletion or Changing password of a logged in User is denied (KMS is logged in as kmsuser while custom key store ${w.customKeyStoreId} is CONNECTED; disconnect it first, docs/behaviour.md §4.7 RB-7)`,
    });
    expect(kmsuserOf(w.sim, w.clusterId).password).toBe(before);
    expect(w.sim.kernel.trace.ofKind('fault.kmsuser')).toHaveLength(0);
  });

  it('faults: kmsuser-password-rotated: after a disconnect → crypto Unavailable as for any disconnect; next connect → FAILED/INVALID_CREDENTIALS; sim.heal (KMS told the password) → CONNECTED', async () => {
    const w = await buildConnectedWorld('5601-kmsuser-password-rotated-disconnected');
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    await disconnectAndSettle(w, w.customKeyStoreId);
    const faultId = w.sim.inject(PASSWORD_ROTATED.fault, { clusterId: w.clusterId });
    const failed = await connectAndSettle(w, w.customKeyStoreId);
    expect(`${failed.ConnectionState}/${failed.ConnectionErrorCode}`).toBe(
      `FAILED/${PASSWORD_ROTATED.code}`,
    );
    w.sim.heal(faultId);
    expect(await reconnect(w)).toBe('CONNECTED');
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
  });

  it(`faults: kmsuser-password-rotated: each failed connect is a failed login; after ${MAX_FAILED_LOGINS} the user is locked → FAILED/USER_LOCKED_OUT (docs/behaviour.md §10)`, async () => {
    const w = await buildConnectedWorld(5604);
    await disconnectAndSettle(w, w.customKeyStoreId);
    w.sim.inject('kmsuser-password-rotated', { clusterId: w.clusterId });
    const first = await connectAndSettle(w, w.customKeyStoreId);
    const outcomes = [`${first.ConnectionState}/${first.ConnectionErrorCode}`];
    for (let attempt = 1; attempt <= MAX_FAILED_LOGINS; attempt++)
      outcomes.push(await reconnect(w));
    expect(outcomes).toEqual([
      ...Array(MAX_FAILED_LOGINS).fill('FAILED/INVALID_CREDENTIALS'),
      'FAILED/USER_LOCKED_OUT',
    ]);
  });

  it('faults: kmsuser faults: a cluster whose HSMs are gone is refused naming clusterId', async () => {
    const w = await buildConnectedWorld(5605);
    w.sim.inject('all-hsms-loss', { clusterId: w.clusterId });
    for (const { fault } of CASES) {
      expect(
        w.sim.runAction({ action: 'inject-fault', fault, clusterId: w.clusterId }),
      ).toMatchObject({ ok: false, message: expect.stringContaining("'clusterId'") });
    }
  });
});
