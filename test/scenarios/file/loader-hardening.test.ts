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
      (loadScenarioText(deepest, 'ok.yaml') as { messages: string[] }).messages.join('\n'),
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
