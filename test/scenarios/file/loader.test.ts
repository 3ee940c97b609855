/**
 * Issue #3 "Bad input": each class of bad scenario file gets one clear message naming the file,
 * the line and the field. One fixture per class under fixtures/bad/, each the good fixture with one
 * edit; the messages are asserted exactly.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  loadScenarioFile,
  loadScenarioText,
  type LoadResult,
} from '../../../src/scenarios/file/loader.js';

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

function messages(result: LoadResult): readonly string[] {
  if (result.ok) throw new Error(`expected ${result.file} to fail to load`);
  return result.messages;
}

describe('scenarios: loader: bad input (issue #3), one fixture per class', () => {
  const cases: [string, string][] = [
    [
      'unknown-key.yaml',
      "22: timeline[0].fualt: unknown key 'fualt' (did you mean 'fault'?); a step needs one of fault, heal, action, call",
    ],
    ['wrong-type.yaml', "19: clients[0].maxAttempts: expected a whole number, got 'three'"],
    [
      'unknown-fault.yaml',
      "22: timeline[0].fault: unknown fault 'partition' (did you mean 'network-partition'?); known faults: operator-disconnect, network-partition, hsm-loss, all-hsms-loss, key-material-deletion, cluster-deletion, kmsuser-password-rotated, kmsuser-locked-out, kmsuser-logged-in, kmsuser-missing, subnet-missing, subnet-full, session-exhaustion, slow-hsm, cluster-busy, connection-reset, connection-timeout, force-error",
    ],
    [
      'unknown-action.yaml',
      "25: timeline[1].action: unknown action 'reconnect-key-store' (did you mean 'connect-key-store'?); known actions: connect-key-store, disconnect-key-store, update-key-store, create-hsm, delete-hsm, create-cluster-from-backup, set-kmsuser-password, create-key, enable-key, disable-key, schedule-key-deletion, cancel-key-deletion",
    ],
    [
      'malformed-time.yaml',
      "21: timeline[0].at: malformed time '5 minutes' (use e.g. 30s, 5m, 1h30m)",
    ],
    [
      'undeclared-reference.yaml',
      "28: workloads[0].client: 'app2' is not declared in clients (did you mean 'app'?)",
    ],
    [
      'duplicate-name.yaml',
      "16: world.keys[1].name: duplicate key name 'app-key' (already declared at world.keys[0].name)",
    ],
    [
      'yaml-syntax.yaml',
      '9: scenario: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  ];
  for (const [name, expected] of cases) {
    it(`${name}: exactly one message, naming file:line and the field`, () => {
      const path = fixture(`bad/${name}`);
      expect(messages(loadScenarioFile(path))).toEqual([`${path}:${expected}`]);
    });
  }

  it('a missing file is one message, not an exception', () => {
    expect(messages(loadScenarioFile('no/such/scenario.yaml'))).toEqual([
      'no/such/scenario.yaml: scenario: cannot read the file: no such file',
    ]);
  });

  it('reports every problem, each on its own line, in line order', () => {
    const text = [
      'name: x',
      'seed: 1',
      'world: {}',
      'clients:',
      '  - name: app',
      '    retryMode: standrd',
      'expect:',
      '  - type: eror',
      'timelin: []',
    ].join('\n');
    expect(messages(loadScenarioText(text, 'x.yaml'))).toEqual([
      "x.yaml:6: clients[0].retryMode: unknown value 'standrd' (did you mean 'standard'?); expected one of standard, adaptive",
      "x.yaml:8: expect[0].type: unknown expectation type 'eror' (did you mean 'error'?); known types: error, no-error, attempts, connection-state, key-state, recovery, success, nothing-lost, load, latency, error-attempts, no-retry-of-non-retryable",
      "x.yaml:9: timelin: unknown key 'timelin' (did you mean 'timeline'?)",
    ]);
  });
});

describe('scenarios: loader: good input', () => {
  it('the good fixture loads to the scenario object it spells out', () => {
    const result = loadScenarioFile(fixture('good/operator-disconnect.yaml'));
    expect(result.ok ? result.scenario : result.messages).toEqual({
      name: 'fixture: key store: operator disconnect, then reconnect',
      description: 'Loads cleanly; the CLI tests run it and expect every expectation to pass.',
      seed: 42,
      world: {
        clusters: [{ name: 'main', hsms: ['a', 'b'] }],
        keyStores: [{ name: 'store', cluster: 'main' }],
        keys: [{ name: 'app-key', keyStore: 'store', aliases: ['alias/app'] }],
      },
      clients: [{ name: 'app', retryMode: 'standard', maxAttempts: 3 }],
      timeline: [
        { at: '1m', fault: 'operator-disconnect', keyStore: 'store' },
        { at: '3m', action: 'connect-key-store', keyStore: 'store' },
      ],
      workloads: [
        { client: 'app', operation: 'Encrypt', key: 'app-key', every: '10s', until: '6m' },
      ],
      expect: [
        { type: 'connection-state', keyStore: 'store', at: '2m', state: 'DISCONNECTED' },
        {
          type: 'error',
          exception: 'KMSInvalidStateException',
          client: 'app',
          between: ['1m30s', '2m30s'],
        },
        { type: 'recovery', client: 'app', after: '3m', within: '5m' },
        { type: 'nothing-lost' },
      ],
    });
  });

  it('the force-error fixture loads', () => {
    expect(loadScenarioFile(fixture('good/force-error-flagged.yaml')).ok).toBe(true);
  });

  it('every shipped scenario under scenarios/ loads', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));
    const files = readdirSync(dir).filter((name) => /\.ya?ml$/.test(name));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const result = loadScenarioFile(`${dir}${name}`);
      expect(result.ok ? [] : result.messages).toEqual([]);
    }
  });
});
