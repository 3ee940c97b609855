/**
 * The loader's individual checks (issue #3 §3 "Validate files on load"): step catalogue, references
 * in timeline order, duplicates, AZs, cross-field rules, TypeScript objects, and the did-you-mean
 * helper. Each test edits one small valid scenario and asserts the exact messages.
 */
import { describe, expect, it } from 'vitest';
import {
  loadScenarioText,
  validateScenarioObject,
  type LoadResult,
} from '../../../src/scenarios/file/loader.js';
import { closestName, editDistance } from '../../../src/scenarios/file/did-you-mean.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';

/** A valid scenario; `extra` lines are appended (timeline, workloads, expect are open lists). */
const BASE = [
  'name: checks', //                 1
  'seed: 1', //                      2
  'world:', //                       3
  '  clusters:', //                  4
  '    - name: main', //             5
  '      hsms: [a, us-east-1b]', //  6
  '  keyStores:', //                 7
  '    - name: store', //            8
  '      cluster: main', //          9
  '  keys:', //                      10
  '    - name: app-key', //          11
  '      keyStore: store', //        12
  'clients:', //                     13
  '  - name: app', //                14
  'expect:', //                      15
  '  - type: nothing-lost', //       16
];

function load(...extra: string[]): LoadResult {
  return loadScenarioText([...BASE, ...extra].join('\n'), 's.yaml');
}

function problems(...extra: string[]): readonly string[] {
  const result = load(...extra);
  return result.ok ? [] : result.messages;
}

describe('scenarios: loader: timeline steps against the step catalogue', () => {
  it('the base scenario and a step of every verb load', () => {
    const result = load(
      'timeline:',
      '  - at: 1m',
      '    fault: network-partition',
      '    cluster: main',
      '  - at: 2m',
      '    heal: network-partition',
      '    cluster: main',
      '  - at: 90s',
      '    action: create-hsm',
      '    cluster: main',
      '    az: us-east-1f',
    );
    expect(result.ok ? [] : result.messages).toEqual([]);
  });

  it('an unknown parameter of a known fault names the fault and what it takes', () => {
    expect(
      problems(
        'timeline:',
        '  - at: 1m',
        '    fault: hsm-loss',
        '    cluster: main',
        '    zone: a',
      ),
    ).toEqual([
      "s.yaml:21: timeline[0].zone: unknown key 'zone' for fault 'hsm-loss'; it takes: cluster, az",
    ]);
  });

  it('a missing required parameter', () => {
    expect(
      problems('timeline:', '  - at: 1m', '    action: create-hsm', '    cluster: main'),
    ).toEqual(["s.yaml:18: timeline[0].az: missing required key 'az' for action 'create-hsm'"]);
  });

  it('two verbs in one step, and no verb at all', () => {
    expect(
      problems(
        'timeline:',
        '  - at: 1m',
        '    fault: all-hsms-loss',
        '    action: connect-key-store',
        '    cluster: main',
        '  - at: 2m',
      ),
    ).toEqual([
      "s.yaml:20: timeline[0].action: a step takes exactly one of fault, heal, action; this one also has 'fault'",
      "s.yaml:22: timeline[1]: a step needs one of fault, heal, action (e.g. 'fault: network-partition')",
    ]);
  });

  it('a fault written as an action says how to write it', () => {
    expect(
      problems('timeline:', '  - at: 1m', '    action: all-hsms-loss', '    cluster: main'),
    ).toEqual([
      "s.yaml:19: timeline[0].action: 'all-hsms-loss' is a fault, not an action: write 'fault: all-hsms-loss'",
    ]);
  });

  it('heal takes its fault’s parameters, and must follow that fault', () => {
    expect(
      problems(
        'timeline:',
        '  - at: 1m',
        '    heal: network-partition',
        '    cluster: main',
        '    az: a',
      ),
    ).toEqual([
      "s.yaml:19: timeline[0].heal: nothing to heal: no 'network-partition' fault runs before this step",
      "s.yaml:21: timeline[0].az: unknown key 'az' for fault 'network-partition'; it takes: cluster",
    ]);
  });

  it('parameter kinds: durations, AZs, whole numbers, KMS exception names', () => {
    expect(
      problems(
        'timeline:',
        '  - at: 1m',
        '    fault: slow-hsm',
        '    cluster: main',
        '    latency: fast',
        '  - at: 2m',
        '    action: delete-hsm',
        '    cluster: main',
        '    az: us-west-2a',
        '  - at: 3m',
        '    fault: session-exhaustion',
        '    cluster: main',
        '    count: -1',
        '  - at: 4m',
        '    fault: force-error',
        '    exception: KMSInternalExeption',
      ),
    ).toEqual([
      "s.yaml:21: timeline[0].latency: malformed time 'fast' (use e.g. 30s, 5m, 1h30m)",
      "s.yaml:25: timeline[1].az: 'us-west-2a' is not an Availability Zone of us-east-1 (use a letter a-f or a name such as us-east-1a)",
      's.yaml:29: timeline[2].count: expected a whole number >= 0, got -1',
      "s.yaml:32: timeline[3].exception: 'KMSInternalExeption' is not a KMS exception (did you mean 'KMSInternalException'?)",
    ]);
  });

  it('bounds and closed sets a fault declares: a count of 0 requests, a service that does not exist', () => {
    expect(
      problems(
        'timeline:',
        '  - at: 1m',
        '    fault: session-exhaustion',
        '    cluster: main',
        '    count: 0',
        '  - at: 2m',
        '    fault: connection-reset',
        '    service: kmss',
        '    count: 2',
      ),
    ).toEqual([
      's.yaml:21: timeline[0].count: expected a whole number of at least 1, got 0',
      's.yaml:24: timeline[1].service: must be kms or cloudhsmv2 (omit it for both), got "kmss"',
    ]);
  });

  it('references: an undeclared cluster with a suggestion', () => {
    expect(
      problems('timeline:', '  - at: 1m', '    fault: cluster-deletion', '    cluster: mian'),
    ).toEqual([
      "s.yaml:20: timeline[0].cluster: 'mian' is not declared in world.clusters or created by a 'create-cluster-from-backup' step (did you mean 'main'?)",
    ]);
  });
});

describe('scenarios: loader: names created by steps', () => {
  const createKey = (at: string, name: string, extra: string[] = []): string[] => [
    `  - at: ${at}`,
    '    action: create-key',
    `    name: ${name}`,
    '    keyStore: store',
    ...extra,
  ];

  it('a created key is referable by later steps, workloads and expectations', () => {
    const result = validateScenarioObject({
      name: 'x',
      seed: 1,
      world: {
        clusters: [{ name: 'main', hsms: ['a', 'b'] }],
        keyStores: [{ name: 'store', cluster: 'main' }],
      },
      clients: [{ name: 'app' }],
      timeline: [
        { at: '1m', action: 'create-key', name: 'new-key', keyStore: 'store' },
        { at: '2m', action: 'disable-key', key: 'new-key' },
      ],
      workloads: [{ client: 'app', operation: 'Encrypt', key: 'new-key', at: ['3m'] }],
      expect: [{ type: 'key-state', key: 'new-key', at: '3m', state: 'Disabled' }],
    });
    expect(result.ok ? [] : result.messages).toEqual([]);
  });

  it('order is by `at`, not by position in the file', () => {
    expect(
      problems(
        'timeline:',
        '  - at: 2m',
        '    action: enable-key',
        '    key: new-key',
        ...createKey('3m', 'new-key'),
      ),
    ).toEqual([
      "s.yaml:20: timeline[0].key: key 'new-key' is created by timeline[1].name, which does not run before this step",
    ]);
    expect(
      problems(
        'timeline:',
        '  - at: 4m',
        '    action: enable-key',
        '    key: new-key',
        ...createKey('3m', 'new-key'),
      ),
    ).toEqual([]);
  });

  it('a created name may not repeat a declared one; a step that must fail creates nothing', () => {
    expect(problems('timeline:', ...createKey('1m', 'app-key'))).toEqual([
      "s.yaml:20: timeline[0].name: duplicate key name 'app-key' (already declared at world.keys[0].name)",
    ]);
    expect(
      problems(
        'timeline:',
        ...createKey('1m', 'k2', ['    expectError: CloudHsmClusterInvalidConfigurationException']),
        ...createKey('2m', 'k2'),
      ),
    ).toEqual([]);
  });

  it('the world cannot use a cluster that only a step creates', () => {
    const result = validateScenarioObject({
      name: 'x',
      seed: 1,
      world: {
        clusters: [{ name: 'main', hsms: ['a'] }],
        keyStores: [{ name: 'store', cluster: 'restored' }],
      },
      clients: [],
      timeline: [
        {
          at: '1m',
          action: 'create-cluster-from-backup',
          name: 'restored',
          from: 'main',
          hsms: ['a', 'b'],
        },
      ],
      expect: [],
    });
    expect(result.ok ? [] : result.messages).toEqual([
      "<scenario object>: world.keyStores[0].cluster: cluster 'restored' is created by timeline[0].name, during the run, after the world is built",
    ]);
  });
});

describe('scenarios: loader: world, workloads and expectations', () => {
  it('duplicate names, aliases, AZs and one key store per cluster', () => {
    const result = validateScenarioObject(
      {
        name: 'x',
        seed: 1,
        world: {
          clusters: [{ name: 'main', hsms: ['a', 'z'] }],
          keyStores: [
            { name: 's1', cluster: 'main' },
            { name: 's2', cluster: 'main' },
          ],
          keys: [
            { name: 'k', aliases: ['alias/a'] },
            { name: 'k2', aliases: ['alias/a', 'alias/aws/x'] },
          ],
        },
        clients: [{ name: 'app' }, { name: 'app' }],
        expect: [],
      },
      'object.ts',
    );
    expect(result.ok ? [] : result.messages).toEqual([
      "object.ts: world.clusters[0].hsms[1]: 'z' is not an Availability Zone of us-east-1 (use a letter a-f or a name such as us-east-1a)",
      "object.ts: world.keyStores[1].cluster: cluster 'main' already backs the key store at world.keyStores[0]; KMS allows one key store per cluster (CloudHsmClusterInUseException)",
      "object.ts: world.keys[1].aliases[0]: duplicate alias 'alias/a' (already declared at world.keys[0].aliases[0])",
      "object.ts: world.keys[1].aliases[1]: expected an alias name such as alias/app, got 'alias/aws/x'",
      "object.ts: clients[1].name: duplicate client name 'app' (already declared at clients[0].name)",
    ]);
  });

  it('workloads: every or at, until with every, every > 0, key for key operations, keyStore only for GenerateRandom', () => {
    const workloads = [
      '  - client: app',
      '    operation: Encrypt',
      '    key: app-key',
      '  - client: app',
      '    operation: Decrypt',
      '    every: 0s',
      '    until: 1m',
      '  - client: app',
      '    operation: GenerateRandom',
      '    keyStore: store',
      '    every: 10s',
      '  - client: app',
      '    operation: DescribeKey',
      '    key: app-key',
      '    keyStore: store',
      '    at: [1m]',
      '    from: 30s',
    ];
    expect(problems('workloads:', ...workloads)).toEqual([
      "s.yaml:18: workloads[0]: a workload needs 'every' (calls at a rate) or 'at' (a list of call times)",
      "s.yaml:21: workloads[1].key: missing required key 'key' for Decrypt",
      's.yaml:23: workloads[1].every: must be longer than 0 (a workload with every: 0 never ends)',
      "s.yaml:25: workloads[2].until: missing required key 'until' (with 'every', a workload needs an end)",
      "s.yaml:32: workloads[3].keyStore: 'keyStore' applies only to GenerateRandom; DescribeKey uses the key's store",
      "s.yaml:34: workloads[3].from: 'from' applies only with 'every'",
    ]);
  });

  it('workloads: EnableKey and DisableKey need a key; world.limits.keyStateChangeRps must be positive (docs/behaviour.md §5.1 hot key)', () => {
    const world = (rate: string) => [
      ...BASE.slice(0, 3),
      '  limits:',
      `    keyStateChangeRps: ${rate}`,
      ...BASE.slice(3),
    ];
    const workloads = [
      'workloads:',
      '  - client: app',
      '    operation: DisableKey',
      '    key: app-key',
      '    every: 500ms',
      '    until: 1m',
      '  - client: app',
      '    operation: EnableKey',
      '    every: 500ms',
      '    until: 1m',
    ];
    const ok = loadScenarioText([...world('4'), ...workloads.slice(0, 6)].join('\n'), 's.yaml');
    expect(ok.ok ? [] : ok.messages).toEqual([]);
    const bad = loadScenarioText([...world('0'), ...workloads].join('\n'), 's.yaml');
    expect(bad.ok ? [] : bad.messages).toEqual([
      expect.stringMatching(/^s\.yaml:5: world\.limits\.keyStateChangeRps: /),
      "s.yaml:25: workloads[1].key: missing required key 'key' for EnableKey",
    ]);
  });

  it('expectations: windows in order, min <= max, errorCode only with FAILED, references', () => {
    const result = validateScenarioObject({
      name: 'x',
      seed: 1,
      world: {
        clusters: [{ name: 'main', hsms: ['a'] }],
        keyStores: [{ name: 'store', cluster: 'main' }],
      },
      clients: [{ name: 'app' }],
      expect: [
        { type: 'success', client: 'app', between: ['5m', '1m'] },
        { type: 'attempts', client: 'appp', min: 3, max: 2 },
        {
          type: 'connection-state',
          keyStore: 'store',
          at: '1m',
          state: 'CONNECTED',
          errorCode: 'NETWORK_ERRORS',
        },
        { type: 'key-state', key: 'nope', at: '1m', state: 'Enabled' },
        { type: 'nothing-lost', except: ['gone'] },
        { type: 'error', exception: 'KMSInvalidStateException', between: ['1m'] },
      ],
    });
    expect(result.ok ? [] : result.messages).toEqual([
      '<scenario object>: expect[0].between[1]: window ends (1m) before it starts (5m)',
      "<scenario object>: expect[1].client: 'appp' is not declared in clients (did you mean 'app'?)",
      "<scenario object>: expect[1].max: must be at least 'min' (3)",
      "<scenario object>: expect[2].errorCode: a store reports a ConnectionErrorCode only when FAILED, not 'CONNECTED' (docs/behaviour.md §4.2)",
      "<scenario object>: expect[3].key: 'nope' is not declared in world.keys or created by a 'create-key' step",
      "<scenario object>: expect[4].except[0]: 'gone' is not declared in world.keys or created by a 'create-key' step",
      '<scenario object>: expect[5].between: expected a [from, to] pair of durations, got a list of 1',
    ]);
  });

  it('a time after the declared duration is never reached', () => {
    expect(
      problems(
        'duration: 5m',
        'timeline:',
        '  - at: 6m',
        '    fault: all-hsms-loss',
        '    cluster: main',
      ),
    ).toEqual(['s.yaml:19: timeline[0].at: 6m is after the scenario ends (duration 5m)']);
  });
});

describe('scenarios: loader: structure', () => {
  it('missing required keys point at the mapping that lacks them', () => {
    expect(loadScenarioText('name: x\nseed: 1\n', 'm.yaml')).toEqual({
      ok: false,
      file: 'm.yaml',
      problems: expect.any(Array),
      messages: ["m.yaml:1: world: missing required key 'world'"],
    });
  });

  it('a world alone is a preload file: clients and expectations default to none (issue #9 §1)', () => {
    const loaded = loadScenarioText('name: preload\nseed: 1\nworld: {}\n', 'p.yaml');
    expect(loaded).toMatchObject({ ok: true, scenario: { clients: [], expect: [] } });
  });

  it('external clients: one access key id per client, and no workload may drive one (issue #9 §1)', () => {
    const text = [
      'name: x',
      'seed: 1',
      'world:',
      '  keys:',
      '    - name: k',
      'clients:',
      '    - name: app',
      '      accessKeyId: AKIAAPP',
      '    - name: batch',
      '      accessKeyId: AKIAAPP',
      '    - name: bad',
      '      accessKeyId: not-a-key!',
      'workloads:',
      '  - client: app',
      '    operation: Encrypt',
      '    key: k',
      '    at: [1s]',
      'expect: []',
    ].join('\n');
    const loaded = loadScenarioText(text, 'x.yaml');
    expect(loaded.ok ? [] : loaded.messages).toEqual([
      "x.yaml:10: clients[1].accessKeyId: access key id 'AKIAAPP' already names the client at clients[0]; each external client needs its own",
      "x.yaml:12: clients[2].accessKeyId: expected an access key id such as AKIAAPPEXAMPLE (letters and digits), got 'not-a-key!'",
      "x.yaml:14: workloads[0].client: client 'app' is external (it has an accessKeyId): its calls come over the wire to kmsim serve --scenario or kmsim exec, so no workload can drive it",
    ]);
  });

  it('a key repeated in one mapping names the field and the repeat', () => {
    expect(problems('seed: 2')).toEqual([
      "s.yaml:17: seed: duplicate key 'seed' (a key may appear once per mapping)",
    ]);
  });

  it('an empty file, a list, and a negative seed', () => {
    expect(loadScenarioText('', 'e.yaml')).toMatchObject({
      messages: ['e.yaml:1: scenario: expected a mapping, got nothing'],
    });
    expect(loadScenarioText('- a\n', 'l.yaml')).toMatchObject({
      messages: ['l.yaml:1: scenario: expected a mapping, got a list'],
    });
    expect(
      loadScenarioText(
        [...BASE.filter((line) => line !== 'seed: 1'), 'seed: -4'].join('\n'),
        'n.yaml',
      ),
    ).toMatchObject({
      messages: ['n.yaml:16: seed: expected a number >= 0, got -4'],
    });
  });

  it('a typed TypeScript scenario validates like its YAML twin', () => {
    const scenario: Scenario = {
      name: 'typed',
      seed: 3,
      world: {
        clusters: [{ name: 'main', hsms: ['a', 'b'] }],
        keyStores: [{ name: 'store', cluster: 'main' }],
        keys: [{ name: 'k', keyStore: 'store' }],
      },
      clients: [{ name: 'app', retryMode: 'adaptive', maxAttempts: 5 }],
      timeline: [{ at: 60_000, fault: 'operator-disconnect', keyStore: 'store' }],
      workloads: [{ client: 'app', operation: 'Encrypt', key: 'k', every: '10s', until: '3m' }],
      expect: [
        {
          type: 'error',
          exception: 'KMSInvalidStateException',
          client: 'app',
          between: ['1m', '2m'],
        },
      ],
    };
    expect(validateScenarioObject(scenario)).toEqual({
      ok: true,
      file: '<scenario object>',
      scenario,
      problemAt: expect.any(Function),
    });
  });
});

describe('scenarios: loader: did you mean', () => {
  it('counts a transposition as one edit', () => {
    expect(editDistance('fualt', 'fault')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests close names, a containing name, and nothing for far or very short words', () => {
    expect(closestName('clustr', ['cluster', 'az'])).toBe('cluster');
    expect(closestName('partition', ['network-partition', 'hsm-loss'])).toBe('network-partition');
    expect(closestName('enabled', ['Enabled', 'Disabled'])).toBe('Enabled');
    expect(closestName('zzzzzz', ['cluster'])).toBeUndefined();
    expect(closestName('g', ['a', 'b'])).toBeUndefined();
  });
});
