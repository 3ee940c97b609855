import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/scenarios/run/runner.js';
import { WorldBuildError } from '../../../src/scenarios/run/world-builder.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';

const disconnectThenReconnect: Scenario = {
  name: 'key store: operator disconnect, then reconnect',
  seed: 4,
  world: {
    clusters: [{ name: 'main', hsms: ['a', 'b'] }],
    keyStores: [{ name: 'store', cluster: 'main' }],
    keys: [{ name: 'app-key', keyStore: 'store', aliases: ['alias/app'] }],
  },
  clients: [{ name: 'app', retryMode: 'standard', maxAttempts: 3 }],
  timeline: [
    { at: '1m', fault: 'operator-disconnect', keyStore: 'store' },
    { at: '5m', heal: 'operator-disconnect', keyStore: 'store' },
  ],
  workloads: [{ client: 'app', operation: 'Encrypt', key: 'app-key', every: '10s', until: '10m' }],
  expect: [
    { type: 'no-error', client: 'app', between: ['0s', '59s'] },
    { type: 'error', client: 'app', exception: 'KMSInvalidStateException', between: ['1m', '5m'] },
    { type: 'attempts', client: 'app', operation: 'Encrypt', max: 1, between: ['1m', '5m'] },
    { type: 'connection-state', keyStore: 'store', at: '3m', state: 'DISCONNECTED' },
    { type: 'key-state', key: 'app-key', at: '3m', state: 'Unavailable' },
    { type: 'recovery', client: 'app', after: '5m', within: '3m' },
    { type: 'nothing-lost' },
  ],
};

describe('scenarios: runner: a world the services refuse is a WorldBuildError naming the item, not a simulator bug (issue 11 §3)', () => {
  const refused = async (world: Scenario['world']): Promise<WorldBuildError> => {
    const error = await runScenario({
      ...disconnectThenReconnect,
      world,
      timeline: [],
      workloads: [],
      expect: [],
    }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(WorldBuildError);
    return error as WorldBuildError;
  };

  it('a 29th HSM (CloudHSM allows 28 per cluster)', async () => {
    const error = await refused({
      clusters: [{ name: 'main', hsms: Array.from({ length: 29 }, (_, i) => 'abcdef'[i % 6]!) }],
    });
    expect(error.path).toEqual(['world', 'clusters', 0, 'hsms', 28]);
    expect(error.reason).toMatch(
      /^the declared world cannot be built: CreateHsm in e failed with CloudHsm\w+Exception: .*28 HSMs/,
    );
  });

  it('a key store on a cluster with one HSM', async () => {
    const error = await refused({
      clusters: [{ name: 'main', hsms: ['a'] }],
      keyStores: [{ name: 'store', cluster: 'main' }],
    });
    expect(error.path).toEqual(['world', 'keyStores', 0]);
    expect(error.reason).toMatch(
      /^the declared world cannot be built: CreateCustomKeyStore failed with CloudHsmClusterInvalidConfigurationException: /,
    );
  });
});

describe('scenarios: runner', () => {
  it('runs a disconnect/reconnect scenario and every expectation holds', async () => {
    const result = await runScenario(disconnectThenReconnect);
    for (const line of result.expectations)
      console.log(line.passed ? 'PASS' : 'FAIL', line.description, '—', line.detail);
    expect(result.expectations.filter((line) => !line.passed)).toEqual([]);
    expect(result.calls.length).toBe(60);
  });

  it('a wrong expectation fails, with a detail that says what was observed', async () => {
    const wrong: Scenario = {
      ...disconnectThenReconnect,
      expect: [{ type: 'connection-state', keyStore: 'store', at: '3m', state: 'CONNECTED' }],
    };
    const result = await runScenario(wrong);
    expect(result.passed).toBe(false);
    expect(result.expectations[0]!.detail).toBe('observed DISCONNECTED');
  });

  it('the same seed gives the same trace fingerprint', async () => {
    const a = await runScenario(disconnectThenReconnect);
    const b = await runScenario(disconnectThenReconnect);
    const c = await runScenario(disconnectThenReconnect, { seed: 99 });
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
  });

  it('EnableKey/DisableKey workloads run; four state changes a second on one key are throttled by the default hot-key limit (2), not with world.limits.keyStateChangeRps 4', async () => {
    const volley = (limits?: Scenario['world']['limits']): Scenario => ({
      name: 'key: hot key: volley',
      seed: 16,
      world: {
        ...(limits ? { limits } : {}),
        clusters: [{ name: 'main', hsms: ['a', 'b'] }],
        keyStores: [{ name: 'store', cluster: 'main' }],
        keys: [{ name: 'hot', keyStore: 'store' }],
      },
      clients: [{ name: 'job', retryMode: 'standard', maxAttempts: 1 }],
      workloads: [
        { client: 'job', operation: 'DisableKey', key: 'hot', every: '500ms', until: '10s' },
        {
          client: 'job',
          operation: 'EnableKey',
          key: 'hot',
          every: '500ms',
          from: '250ms',
          until: '10s',
        },
      ],
      expect: [{ type: 'key-state', key: 'hot', at: '11s', state: 'Enabled' }],
    });
    const throttled = (result: Awaited<ReturnType<typeof runScenario>>): number =>
      result.calls.filter((call) => call.errorName === 'ThrottlingException').length;
    const byDefault = await runScenario(volley());
    expect(byDefault.calls).toHaveLength(40);
    expect(throttled(byDefault)).toBe(20);
    const raised = await runScenario(volley({ keyStateChangeRps: 4 }));
    expect(throttled(raised)).toBe(0);
    expect(raised.passed).toBe(true);
  });
});
