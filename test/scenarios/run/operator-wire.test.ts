/**
 * The operator's requests on the wire (run/operator-wire.ts, issue #12): before time 0 a run's
 * operator skips the SDK. Each case runs the same operator calls on two simulators of one seed,
 * one through the SDK and one on the wire, and asks for the same results, the same errors (name,
 * message, HTTP status, as a WorldBuildError quotes them) and the same trace fingerprint.
 */
import { describe, expect, it, vi } from 'vitest';
import { Operator } from '../../../src/scenarios/run/operator.js';
import { ScenarioNames } from '../../../src/scenarios/run/scenario-names.js';
import { buildWorld } from '../../../src/scenarios/run/world-builder.js';
import type { WorldSpec } from '../../../src/scenarios/scenario.js';
import { Simulator } from '../../../src/simulator.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

type Outcome = { value?: unknown; error?: { name: string; message: string; status?: number } };

/** Runs `calls` with the operator on the wire or not; each call's result or error, and the fingerprint. */
async function both(
  calls: readonly ((operator: Operator) => Promise<unknown>)[],
): Promise<{ sdk: Outcome[]; wire: Outcome[]; fingerprints: string[] }> {
  const runs = await Promise.all(
    [false, true].map(async (onTheWire) => {
      const sim = new Simulator({ seed: 7 });
      const operator = new Operator(sim);
      operator.onTheWire = onTheWire;
      const outcomes: Outcome[] = [];
      // One at a time, in order, as the world builder sends them.
      for (const step of calls) {
        try {
          const value = await step(operator);
          outcomes.push({
            value: value instanceof Uint8Array ? Buffer.from(value).toString('hex') : value,
          });
        } catch (thrown) {
          const error = thrown as {
            name: string;
            message: string;
            $metadata?: { httpStatusCode?: number };
          };
          outcomes.push({
            error: {
              name: error.name,
              message: error.message,
              status: error.$metadata?.httpStatusCode,
            },
          });
        }
      }
      return { outcomes, fingerprint: sim.traceFingerprint() };
    }),
  );
  return {
    sdk: runs[0]!.outcomes,
    wire: runs[1]!.outcomes,
    fingerprints: runs.map((run) => run.fingerprint),
  };
}

describe('scenarios: the operator on the wire', () => {
  it('a world built on the wire has the same ids and the same trace as one built through the SDK', async () => {
    const world: WorldSpec = {
      clusters: [
        { name: 'main', hsms: ['a', 'b'] },
        { name: 'copy', hsms: ['a'], fromBackupOf: 'main' },
      ],
      keyStores: [{ name: 'store', cluster: 'main', connected: false }],
      keys: [
        { name: 'k', keyStore: 'store', aliases: ['alias/k'], enabled: false },
        { name: 'plain' },
      ],
    };
    const results = await Promise.all(
      [false, true].map(async (onTheWire) => {
        const sim = new Simulator({ seed: 11 });
        const operator = new Operator(sim);
        operator.onTheWire = onTheWire;
        const names = new ScenarioNames();
        await buildWorld(operator, world, names);
        const ciphertext = await operator.encrypt(names.keyId('plain'), new Uint8Array([1, 2, 3]), {
          purpose: 'test',
        });
        return {
          ids: [names.clusterId('copy'), names.keyStoreId('store'), names.keyId('k')],
          ciphertext: Buffer.from(ciphertext).toString('hex'),
          trace: sim.traceJsonLines(),
        };
      }),
    );
    expect(results[1]).toEqual(results[0]);
  });

  it('KMS refusals read as the SDK names them', async () => {
    const { sdk, wire, fingerprints } = await both([
      (operator) => operator.createKey('in a store that does not exist', 'cks-0123456789abcdef0'),
      (operator) =>
        operator.createCustomKeyStore('store', 'cluster-234567abcde', 'kmsuser-Password1'),
      (operator) => operator.connectCustomKeyStore('cks-0123456789abcdef0'),
      (operator) => operator.disableKey('not-a-key-id'),
      (operator) => operator.createAlias('not-an-alias', 'not-a-key-id'),
      (operator) => operator.encrypt('alias/missing', new Uint8Array([1]), undefined),
    ]);
    expect(sdk.every((outcome) => outcome.error !== undefined)).toBe(true);
    expect(wire).toEqual(sdk);
    expect(fingerprints[1]).toBe(fingerprints[0]);
  });

  it('CloudHSM refusals read as the SDK names them', async () => {
    const { sdk, wire, fingerprints } = await both([
      (operator) => operator.createHsm('cluster-234567abcde', 'a'),
      (operator) => operator.createCluster('backup-234567abcde'),
      (operator) => operator.initializeAndActivate('cluster-234567abcde', 'kmsuser-Password1'),
    ]);
    expect(sdk.every((outcome) => outcome.error !== undefined)).toBe(true);
    expect(wire).toEqual(sdk);
    expect(fingerprints[1]).toBe(fingerprints[0]);
  });

  it('a connection fault rule in force sends the request through the SDK to meet it; an ended rule does not', async () => {
    for (const [untilMs, meetsRule] of [
      [60_000, true],
      [1, false],
    ] as const) {
      const sim = new Simulator({ seed: 7 });
      sim.world.clientNetwork.faults.add(
        { service: 'kms', untilMs },
        { kind: 'reset', afterMs: 0 },
      );
      sim.advanceMs(10);
      const operator = new Operator(sim);
      operator.onTheWire = true;
      const onTheWire = vi.spyOn(sim, 'handleWire');
      const created = operator.createKey('one key');
      if (meetsRule) {
        await expect(created).rejects.toMatchObject({ name: 'TimeoutError' });
        expect(onTheWire).not.toHaveBeenCalled();
      } else {
        await expect(created).resolves.toMatch(/^[0-9a-f-]{36}$/);
        expect(onTheWire).toHaveBeenCalledTimes(1);
      }
    }
  });
});
