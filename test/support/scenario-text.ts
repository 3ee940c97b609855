/**
 * A small valid scenario as YAML lines, and the loader's answer for it with more lines appended:
 * the loader tests edit it and assert messages that name the file and line.
 */
import { loadScenarioText, type LoadResult } from '../../src/scenarios/file/loader.js';

/**
 * Sixteen lines: one cluster `main` with HSMs in `hsms`, key store `store`, key `app-key`, client
 * `app`, and a nothing-lost expectation. `timeline`, `workloads`, `load` and `expect` are open
 * lists, so appended lines may add to them.
 */
export function baseScenario(name: string, hsms: string): readonly string[] {
  return [
    `name: ${name}`, //              1
    'seed: 1', //                    2
    'world:', //                     3
    '  clusters:', //                4
    '    - name: main', //           5
    `      hsms: ${hsms}`, //        6
    '  keyStores:', //               7
    '    - name: store', //          8
    '      cluster: main', //        9
    '  keys:', //                    10
    '    - name: app-key', //        11
    '      keyStore: store', //      12
    'clients:', //                   13
    '  - name: app', //              14
    'expect:', //                    15
    '  - type: nothing-lost', //     16
  ];
}

/**
 * The head of a scenario in flow style, six lines: `name`, `seed`, and a world of one cluster
 * `main` (HSMs a, b), key store `store` and key `app-key`. `clients:` and the rest follow.
 */
export function compactScenarioHead(name: string, seed: number): readonly string[] {
  return [
    `name: ${name}`,
    `seed: ${seed}`,
    'world:',
    '  clusters: [{ name: main, hsms: [a, b] }]',
    '  keyStores: [{ name: store, cluster: main }]',
    '  keys: [{ name: app-key, keyStore: store }]',
  ];
}

export interface ScenarioLoader {
  /** Loads the base lines and `extra` after them. */
  load(...extra: string[]): LoadResult;
  /** The load's messages; none when it loaded. */
  problems(...extra: string[]): readonly string[];
}

/** Loads `base` plus appended lines as the text of file `file`. */
export function scenarioLoader(base: readonly string[], file: string): ScenarioLoader {
  const load = (...extra: string[]): LoadResult =>
    loadScenarioText([...base, ...extra].join('\n'), file);
  return {
    load,
    problems(...extra) {
      const result = load(...extra);
      return result.ok ? [] : result.messages;
    },
  };
}
