/**
 * faults/force-error.ts (issue #3 §2, flagged symptom injector): matching KMS requests are answered
 * with the named exception whatever the world's state, with the status and fault side the error
 * catalogue gives that exception. Every use is flagged (symptomsUsed, trace `flagged: true`).
 * Heal: the rule is removed.
 */
import { describe, expect, it } from 'vitest';
import {
  DecryptCommand,
  DescribeKeyCommand,
  EncryptCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { VirtualTimeDriver } from '../../src/sim/driver.js';
import { createKmsClient } from '../../src/transport/sdk-clients.js';
import { buildConnectedWorld } from '../support/connected-store.js';
import { rejectionOf } from '../support/keystore-expect.js';
import { createStoreKey, roundTrip } from '../support/keystore-world.js';

function encrypt(kms: KMSClient, keyId: string) {
  return kms.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('x') }));
}

describe('faults: force-error', () => {
  it('faults: force-error: sim.inject → matching calls get the exception with the given message; the run is flagged; sim.heal → normal answers', async () => {
    const w = await buildConnectedWorld(6101);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    expect(w.sim.faults.symptomsUsed).toBe(false);
    const faultId = w.sim.inject('force-error', {
      exception: 'KMSInvalidStateException',
      message: 'forced by the test',
      operations: ['Encrypt'],
    });
    const error = await rejectionOf(encrypt(w.kms, key.KeyId!));
    expect({
      name: error.name,
      message: error.message,
      status: error.$metadata?.httpStatusCode,
      fault: error.$fault,
    }).toEqual({
      name: 'KMSInvalidStateException',
      message: 'forced by the test',
      status: 400,
      fault: 'client',
    });
    expect(
      (await w.kms.send(new DescribeKeyCommand({ KeyId: key.KeyId! }))).KeyMetadata!.KeyState,
    ).toBe('Enabled');
    expect(w.sim.faults.symptomsUsed).toBe(true);
    expect(w.sim.kernel.trace.ofKind('fault.forced-error').map((event) => event.data)).toEqual([
      expect.objectContaining({
        service: 'kms',
        operation: 'Encrypt',
        errorName: 'KMSInvalidStateException',
        flagged: true,
      }),
    ]);
    w.sim.heal(faultId);
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    expect(w.sim.faults.symptomsUsed).toBe(true);
  });

  it('faults: force-error: inject-fault KMSInternalException count 2 → a retrying client (500, server fault) succeeds on attempt 3; heal-fault of the used-up rule', async () => {
    const w = await buildConnectedWorld(6102);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const blob = (await encrypt(w.kms, key.KeyId!)).CiphertextBlob!;
    const injected = w.sim.runAction({
      action: 'inject-fault',
      fault: 'force-error',
      exception: 'KMSInternalException',
      operations: ['Decrypt'],
      count: 2,
    });
    expect(injected).toMatchObject({ ok: true, healable: true });
    const retrying = createKmsClient(w.sim, { maxAttempts: 3 });
    await new VirtualTimeDriver(w.sim.kernel).run(async () => {
      const out = await retrying.send(new DecryptCommand({ CiphertextBlob: blob }));
      expect(out.$metadata.attempts).toBe(3);
    });
    expect(w.sim.runAction({ action: 'heal-fault', fault: 'force-error' })).toMatchObject({
      ok: true,
    });
    w.sim.runAction({
      action: 'inject-fault',
      fault: 'force-error',
      exception: 'KMSInternalException',
      count: 1,
    });
    const error = await rejectionOf(w.kms.send(new DecryptCommand({ CiphertextBlob: blob })));
    expect({
      name: error.name,
      status: error.$metadata?.httpStatusCode,
      fault: error.$fault,
    }).toEqual({ name: 'KMSInternalException', status: 500, fault: 'server' });
  });

  it('faults: force-error: refused naming the field for a name that is not a KMS error, the simulator-bug error, a non-kms service or no exception', async () => {
    const w = await buildConnectedWorld(6103);
    expect(() => w.sim.inject('force-error', { exception: 'NoSuchThingException' })).toThrow(
      /'exception'/,
    );
    expect(() => w.sim.inject('force-error', { exception: 'KmsimSimulatorBugException' })).toThrow(
      /'exception'/,
    );
    expect(() =>
      w.sim.inject('force-error', { exception: 'KMSInternalException', service: 'cloudhsmv2' }),
    ).toThrow(/'service'/);
    expect(() => w.sim.inject('force-error', {})).toThrow(/'exception' is required/);
    expect(w.sim.faults.symptomsUsed).toBe(false);
  });
});
