/**
 * The loader against hostile or outsized input (issue 11): names every object inherits, scopes no
 * request can have, alias bombs, deep nesting, oversized files, and durations, counts and rates
 * beyond what a run can do. Each is one load problem naming the file, line and field, never a
 * throw.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText, type LoadResult } from '../../../src/scenarios/file/loader.js';

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
