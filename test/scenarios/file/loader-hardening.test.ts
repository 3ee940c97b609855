/**
 * The loader against hostile or outsized input (issue 11): names every object inherits, scopes no
 * request can have, alias bombs, deep nesting, oversized files, and durations, counts and rates
 * beyond what a run can do. Each is one load problem naming the file, line and field, never a
 * throw.
 */
import { describe, expect, it } from 'vitest';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  loadScenarioFile,
  loadScenarioText,
  type LoadResult,
} from '../../../src/scenarios/file/loader.js';

/** A valid scenario; `extra` lines are appended (timeline, workloads, load, expect are open lists). */
const BASE = [
  'name: hardening', //             1
  'seed: 1', //                     2
  'world:', //                      3
  '  clusters:', //                 4
  '    - name: main', //            5
  '      hsms: [a, b]', //          6
  '  keyStores:', //                7
  '    - name: store', //           8
  '      cluster: main', //         9
  '  keys:', //                     10
  '    - name: app-key', //         11
  '      keyStore: store', //       12
  'clients:', //                    13
  '  - name: app', //               14
  'expect:', //                     15
  '  - type: nothing-lost', //      16
];

function load(...extra: string[]): LoadResult {
  return loadScenarioText([...BASE, ...extra].join('\n'), 'h.yaml');
}

function problems(...extra: string[]): readonly string[] {
  const result = load(...extra);
  return result.ok ? [] : result.messages;
}

/** Every name a plain object inherits: `constructor`, `toString`, `__proto__`, ... */
const INHERITED_NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('scenarios: loader: names every object inherits (issue 11 §4)', () => {
  it('as a fault, heal or action: unknown, with the list of known ones, never a catalogue entry', () => {
    const literal = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const name of INHERITED_NAMES) {
      for (const [verb, noun, first] of [
        ['fault', 'fault', 'operator-disconnect'],
        ['heal', 'fault', 'operator-disconnect'],
        ['action', 'action', 'connect-key-store'],
      ] as const) {
        const found = problems('timeline:', '  - at: 1m', `    ${verb}: ${name}`);
        expect(found, `${verb}: ${name}`).toEqual([
          expect.stringMatching(
            new RegExp(
              `^h\\.yaml:19: timeline\\[0\\]\\.${verb}: unknown ${noun} '${literal(name)}'.*; known ${noun}s: ${first}, `,
            ),
          ),
        ]);
      }
    }
  });

  it('as a load pattern: the schema names the field; the pattern checks do not throw', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'valueOf']) {
      const found = problems(
        'load:',
        '  - name: background',
        '    keyStore: store',
        `    pattern: ${name}`,
        '    until: 1m',
      );
      expect(found[0], name).toMatch(/^h\.yaml:20: load\[0\]\.pattern: /);
    }
  });

  it('as a key of a step or of the document: an unknown key', () => {
    expect(
      problems(
        'timeline:',
        '  - at: 1m',
        '    fault: network-partition',
        '    cluster: main',
        '    constructor: 1',
      ),
    ).toEqual([
      "h.yaml:21: timeline[0].constructor: unknown key 'constructor' for fault 'network-partition'; it takes: cluster",
    ]);
    expect(problems('__proto__: {x: 1}')).toEqual([
      "h.yaml:17: __proto__: unknown key '__proto__'",
    ]);
  });
});

describe('scenarios: loader: connection fault scopes a request can have (issue 11 §7)', () => {
  it('service must be kms or cloudhsmv2, operations must be operations of it', () => {
    expect(
      problems(
        'timeline:',
        '  - at: 1m',
        '    fault: connection-reset',
        '    service: bogus',
        '  - at: 2m',
        '    fault: connection-timeout',
        '    operations: [Encrpyt]',
        '  - at: 3m',
        '    fault: force-error',
        '    exception: KMSInternalException',
        '    service: cloudhsmv2',
      ),
    ).toEqual([
      'h.yaml:20: timeline[0].service: must be kms or cloudhsmv2 (omit it for both), got "bogus"',
      expect.stringMatching(
        /^h\.yaml:23: timeline\[1\]\.operations: 'Encrpyt' is not an operation of kms or cloudhsmv2; they are: Encrypt, /,
      ),
      'h.yaml:27: timeline[2].service: must be kms (omit it for the default), got "cloudhsmv2"',
    ]);
    expect(
      problems(
        'timeline:',
        '  - at: 1m',
        '    fault: connection-reset',
        '    service: cloudhsmv2',
        '    operations: [DescribeClusters]',
      ),
    ).toEqual([]);
  });
});

/** Nine lists of nine of the one before: 9^7 strings once the aliases are expanded. */
const ALIAS_BOMB = [
  'name: bomb',
  'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
  'g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]',
].join('\n');

describe('scenarios: loader: alias bombs and deep nesting (issue 11 §5, §6)', () => {
  it('an alias bomb is one problem at the line of the first alias, not an exception', () => {
    expect(loadScenarioText(ALIAS_BOMB, 'bomb.yaml')).toMatchObject({
      ok: false,
      messages: [
        'bomb.yaml:3: scenario: aliases expand too far: the *alias references from this line on would copy more than 1000 nodes (an alias bomb?); write the values out, or reuse fewer',
      ],
    });
    // Aliases in moderation still work.
    expect(
      problems(
        'timeline:',
        '  - at: 1m',
        '    fault: network-partition',
        '    cluster: &c main',
        '  - at: 2m',
        '    heal: network-partition',
        '    cluster: *c',
      ),
    ).toEqual([]);
  });

  it('deep nesting, flow or block, names the line where it passes 64 levels', () => {
    const tooDeep =
      'nesting is too deep: more than 64 levels of mappings and lists by this line (a scenario needs fewer than 10)';
    const flow = `name: x\nworld: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    const braces = `name: x\nworld: ${'{"a": '.repeat(20_000)}1${'}'.repeat(20_000)}\n`;
    const dashes = `name: x\nworld:\n  ${'- '.repeat(20_000)}x\n`;
    const indented = `name: x\nworld:\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i + 1)}-`).join('\n')} x\n`;
    const keys = `name: x\n${Array.from({ length: 1_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`;
    expect(loadScenarioText(flow, 'f.yaml')).toMatchObject({
      messages: [`f.yaml:2: scenario: ${tooDeep}`],
    });
    expect(loadScenarioText(braces, 'b.yaml')).toMatchObject({
      messages: [`b.yaml:2: scenario: ${tooDeep}`],
    });
    expect(loadScenarioText(dashes, 'd.yaml')).toMatchObject({
      messages: [`d.yaml:3: scenario: ${tooDeep}`],
    });
    // Line 3 opens the first list item at level 2 (world's mapping is level 1): level 65 is line 66.
    expect(loadScenarioText(indented, 'i.yaml')).toMatchObject({
      messages: [`i.yaml:66: scenario: ${tooDeep}`],
    });
    expect(loadScenarioText(keys, 'k.yaml')).toMatchObject({
      messages: [`k.yaml:66: scenario: ${tooDeep}`],
    });
    // 64 levels is still YAML the loader reads (and then reports for what it is).
    const deepest = `name: x\nworld: ${'['.repeat(63)}${']'.repeat(63)}\n`;
    expect(
      (loadScenarioText(deepest, 'ok.yaml') as unknown as { messages: string[] }).messages.join(
        '\n',
      ),
    ).not.toContain('nesting');
  });
});

describe('scenarios: loader: size cap (issue 11 §11)', () => {
  it('text over 1 MiB is refused before it is parsed', () => {
    const big = `name: big\nseed: 1\nitems:\n${'  - x\n'.repeat(200_000)}`;
    expect(loadScenarioText(big, 'big.yaml')).toMatchObject({
      ok: false,
      messages: [
        'big.yaml: scenario: the file is 1,200,025 bytes; a scenario file may be at most 1,048,576 bytes (1 MiB)',
      ],
    });
  });
});

describe('scenarios: loader: size cap on files (issue 11 §11)', () => {
  it('a 50 MB file is refused from its size alone; a device that never ends after 1 MiB', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmsim-cap-'));
    try {
      const huge = join(dir, 'huge.yaml');
      // A sparse 50 MB file: its size says enough, nothing of it needs reading.
      const fd = openSync(huge, 'w');
      ftruncateSync(fd, 50 * 1024 * 1024);
      closeSync(fd);
      expect(loadScenarioFile(huge)).toMatchObject({
        ok: false,
        messages: [
          `${huge}: scenario: the file is 52,428,800 bytes; a scenario file may be at most 1,048,576 bytes (1 MiB)`,
        ],
      });
      expect(loadScenarioFile('/dev/zero')).toMatchObject({
        ok: false,
        messages: [
          '/dev/zero: scenario: the file is more than 1,048,576 bytes; a scenario file may be at most 1,048,576 bytes (1 MiB)',
        ],
      });
      const small = join(dir, 'small.yaml');
      writeFileSync(small, 'name: x\n');
      expect(loadScenarioFile(small)).toMatchObject({
        ok: false,
        messages: expect.arrayContaining([`${small}:1: seed: missing required key 'seed'`]),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scenarios: loader: bounds on durations, counts, rates and the work they add up to (issue 11 §1)', () => {
  it('a time past 100 days, wherever it is written', () => {
    expect(
      problems(
        'workloads:',
        '  - client: app',
        '    operation: Encrypt',
        '    key: app-key',
        '    every: 10s',
        '    until: 1000000h',
        'timeline:',
        '  - at: 101d',
        '    fault: network-partition',
        '    cluster: main',
        'duration: 8640000001',
      ),
    ).toEqual([
      "h.yaml:22: workloads[0].until: '1000000h' is longer than 100d, the longest time a scenario may use",
      "h.yaml:24: timeline[0].at: '101d' is longer than 100d, the longest time a scenario may use",
      'h.yaml:27: duration: 8640000001 ms is longer than 100d, the longest time a scenario may use',
    ]);
  });

  it('numbers past their bounds: attempts, rates, latency, counts, password length', () => {
    const found = loadScenarioText(
      [
        'name: bounds',
        'seed: 1',
        'world:',
        '  limits:',
        '    accountSymmetricRps: 1e12',
        '    sessionsPerCluster: 1e15',
        '  latency:',
        '    Encrypt: { medianMs: 5, p99Ms: 86400000 }',
        '  clusters:',
        '    - name: main',
        '      hsms: [a, b]',
        '      kmsuserPassword: abc',
        'clients:',
        '  - name: app',
        '    maxAttempts: 1000000',
        'expect:',
        '  - type: success',
        '    between: [0s, 1m]',
        '    min: 1e300',
      ].join('\n'),
      'b.yaml',
    );
    expect(found).toMatchObject({
      ok: false,
      messages: [
        'b.yaml:5: world.limits.accountSymmetricRps: expected a number <= 1000000, got 1000000000000 (ten times the largest KMS Region quota; a bound on the work a run does)',
        'b.yaml:6: world.limits.sessionsPerCluster: expected a number <= 1000000000, got 1000000000000000',
        'b.yaml:8: world.latency.Encrypt.p99Ms: expected a number <= 60000, got 86400000 (a call answered after more than a minute is an outage, not latency)',
        'b.yaml:12: world.clusters[0].kmsuserPassword: must be at least 7 characters long',
        'b.yaml:15: clients[0].maxAttempts: expected a number <= 100, got 1000000 (every attempt is real SDK work in virtual time)',
        'b.yaml:19: expect[0].min: expected a number <= 1000000000, got 1e+300',
      ],
    });
  });

  it('workload calls add up to at most 20,000 in a scenario, named at the workload that passes it', () => {
    expect(
      problems(
        'workloads:',
        '  - client: app',
        '    operation: Encrypt',
        '    key: app-key',
        '    every: 1s',
        '    until: 3h',
        '  - client: app',
        '    operation: DescribeKey',
        '    key: app-key',
        '    every: 100ms',
        '    from: 1h',
        '    until: 2h',
      ),
    ).toEqual([
      'h.yaml:28: workloads[1].until: this workload makes 36,000 calls; a scenario may make at most 20,000 workload calls in all (each is a real SDK call), and the workloads before it make 10,800',
    ]);
  });

  it('background load: arrivals, ticks and metric windows each have a budget', () => {
    const load = (pattern: string[], from: string, until: string): string[] => [
      'load:',
      '  - name: background',
      '    keyStore: store',
      ...pattern.map((line) => `    ${line}`),
      `    from: ${from}`,
      `    until: ${until}`,
    ];
    expect(problems(...load(['pattern: constant', 'rps: 100000'], '0s', '2m'))).toEqual([
      'h.yaml:23: load[0].until: this load makes about 12,000,000 background requests; at most 10,000,000 in all',
    ]);
    expect(problems(...load(['pattern: constant', 'rps: 1'], '1d', '5d'))).toEqual([
      "h.yaml:23: load[0].until: this load makes 3,456,000 ticks of 100 ms; at most 2,000,000 in all (a shorter load, from 'from' to 'until')",
    ]);
    expect(
      problems('metricsWindow: 1s', ...load(['pattern: constant', 'rps: 1'], '0s', '2d')),
    ).toEqual([
      'h.yaml:24: load[0].until: this load makes 172,800 metric windows; at most 100,000 in all (a longer metricsWindow, or a shorter load)',
    ]);
    // A burst's mean rate counts, not its peak: 9,000 rps for 1 s in every 10 s, over 10 minutes.
    expect(
      problems(
        ...load(
          ['pattern: burst', 'baseRps: 0', 'burstRps: 9000', 'burstEvery: 10s', 'burstLength: 1s'],
          '0s',
          '10m',
        ),
      ),
    ).toEqual([]);
  });
});

describe('scenarios: loader: HSMs per cluster (issue 11 §3)', () => {
  it('more than 28 HSMs in a cluster is a load problem citing the fixed quota', () => {
    const hsms = (n: number): string =>
      Array.from({ length: n }, (_, i) => 'abcdef'[i % 6]).join(', ');
    const with29 = loadScenarioText(
      [...BASE.slice(0, 5), `      hsms: [${hsms(29)}]`, ...BASE.slice(6)].join('\n'),
      'hsms.yaml',
    );
    expect(with29).toMatchObject({
      ok: false,
      messages: [
        'hsms.yaml:6: world.clusters[0].hsms: a CloudHSM cluster holds at most 28 HSMs (a fixed quota, docs/behaviour.md §6.6); this one lists 29',
      ],
    });
    const with28 = loadScenarioText(
      [...BASE.slice(0, 5), `      hsms: [${hsms(28)}]`, ...BASE.slice(6)].join('\n'),
      'hsms.yaml',
    );
    expect(with28.ok ? [] : with28.messages).toEqual([]);
  });
});
