/**
 * faults/active-faults.ts: what is injected now, healed by id (TypeScript, server) or by name and
 * parameters (scenario timelines, heal-fault without an id); every bad field named; injections and
 * heals traced.
 */
import { describe, expect, it } from 'vitest';
import { EncryptCommand } from '@aws-sdk/client-kms';
import { buildConnectedWorld } from '../support/connected-store.js';
import { expectClientError } from '../support/keystore-expect.js';
import { createStoreKey, roundTrip } from '../support/keystore-world.js';

describe('faults: active faults', () => {
  it('faults: active faults: an unknown fault, an unknown parameter or a wrong type is refused naming the field; nothing becomes active', async () => {
    const w = await buildConnectedWorld(6201);
    const unknown = w.sim.runAction({
      action: 'inject-fault',
      fault: 'network-partitoin',
      clusterId: w.clusterId,
    });
    expect(unknown).toMatchObject({
      ok: false,
      message: expect.stringMatching(
        /^field 'fault': unknown fault 'network-partitoin'; known faults: .*network-partition/,
      ),
    });
    expect(() =>
      w.sim.inject('network-partition', { clusterId: w.clusterId, cluster: 'main' }),
    ).toThrow(/field 'cluster' is not a parameter of fault 'network-partition'/);
    expect(() => w.sim.inject('network-partition', { clusterId: 42 })).toThrow(
      /field 'clusterId' of fault 'network-partition' must be a non-empty string/,
    );
    expect(w.sim.runAction({ action: 'inject-fault', clusterId: w.clusterId })).toMatchObject({
      ok: false,
      message: expect.stringContaining("'fault'"),
    });
    expect(w.sim.faults.list()).toEqual([]);
  });

  it('faults: active faults: ids are issued in order; heal by name and parameters takes the newest fault injected with (at least) them; traced', async () => {
    const w = await buildConnectedWorld(6202);
    const key = await createStoreKey(w.kms, w.customKeyStoreId);
    const first = w.sim.inject('slow-hsm', { clusterId: w.clusterId, latencyMs: 100 });
    const second = w.sim.inject('slow-hsm', { clusterId: w.clusterId, latencyMs: 200 });
    const partition = w.sim.inject('network-partition', { clusterId: w.clusterId });
    expect([first, second, partition]).toEqual(['fault-1', 'fault-2', 'fault-3']);
    expect(w.sim.faults.list().map((fault) => [fault.faultId, fault.name])).toEqual([
      ['fault-1', 'slow-hsm'],
      ['fault-2', 'slow-hsm'],
      ['fault-3', 'network-partition'],
    ]);
    expect(
      w.sim.runAction({
        action: 'heal-fault',
        fault: 'slow-hsm',
        clusterId: w.clusterId,
        latencyMs: 100,
      }),
    ).toEqual({ ok: true, faultId: first });
    expect(
      w.sim.runAction({
        action: 'heal-fault',
        fault: 'slow-hsm',
        clusterId: w.clusterId,
        latencyMs: 100,
      }),
    ).toMatchObject({ ok: false, message: expect.stringContaining("no active 'slow-hsm' fault") });
    // A subset of the parameters is enough (a scenario's hsm-loss heal cannot name the lost HSM).
    expect(
      w.sim.runAction({ action: 'heal-fault', fault: 'slow-hsm', clusterId: w.clusterId }),
    ).toEqual({ ok: true, faultId: second });
    await expectClientError(
      w.kms.send(new EncryptCommand({ KeyId: key.KeyId!, Plaintext: Buffer.from('x') })),
      'KMSInvalidStateException',
    );
    w.sim.heal(partition);
    expect(await roundTrip(w.kms, key.KeyId!)).toBe('kmsim');
    expect(w.sim.faults.list()).toEqual([]);
    expect(w.sim.kernel.trace.ofKind('fault.injected').map((event) => event.data.faultId)).toEqual([
      first,
      second,
      partition,
    ]);
    expect(w.sim.kernel.trace.ofKind('fault.healed').map((event) => event.data.faultId)).toEqual([
      first,
      second,
      partition,
    ]);
  });

  it('faults: active faults: healing an unknown or already-healed id is refused naming faultId', async () => {
    const w = await buildConnectedWorld(6203);
    const faultId = w.sim.inject('network-partition', { clusterId: w.clusterId });
    w.sim.heal(faultId);
    expect(() => w.sim.heal(faultId)).toThrow(/field 'faultId': no active fault fault-1/);
    expect(w.sim.runAction({ action: 'heal-fault', faultId: 'fault-99' })).toMatchObject({
      ok: false,
      message: expect.stringContaining("'faultId'"),
    });
    expect(w.sim.runAction({ action: 'heal-fault', faultId: 7 })).toMatchObject({
      ok: false,
      message: expect.stringContaining("'faultId'"),
    });
  });
});
