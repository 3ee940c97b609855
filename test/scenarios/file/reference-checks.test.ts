/**
 * World references in file/reference-checks.ts (issue #13 §3): a cluster restored `fromBackupOf`
 * another must name a declared cluster other than itself, and the chain of sources must end at a
 * cluster built fresh. A cycle is one load problem at its first member's `fromBackupOf`, naming
 * the cycle, with the file's line.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioText } from '../../../src/scenarios/file/loader.js';

function problems(clusters: readonly string[]): readonly string[] {
  const text = [
    'name: restores', //   1
    'seed: 1', //          2
    'world:', //           3
    '  clusters:', //      4
    ...clusters, //        5...
    'clients: []',
    'expect: []',
    '',
  ].join('\n');
  const result = loadScenarioText(text, 'restores.yaml');
  return result.ok ? [] : result.messages;
}

describe('scenarios: reference checks: clusters restored fromBackupOf another', () => {
  it('a chain that ends at a fresh cluster loads (c from b, b from a)', () => {
    expect(
      problems([
        '    - { name: c, hsms: [a], fromBackupOf: b }',
        '    - { name: b, hsms: [a], fromBackupOf: a }',
        '    - { name: a, hsms: [a] }',
      ]),
    ).toEqual([]);
  });

  it('a two-cluster cycle (a from b, b from a) is one problem naming the field and the cycle', () => {
    expect(
      problems([
        '    - name: a', //              5
        '      hsms: [a]', //            6
        '      fromBackupOf: b', //      7
        '    - name: b', //              8
        '      hsms: [a]', //            9
        '      fromBackupOf: a', //      10
      ]),
    ).toEqual([
      'restores.yaml:7: world.clusters[0].fromBackupOf: fromBackupOf forms a cycle (a → b → a); one cluster of it must be built fresh',
    ]);
  });

  it('a longer cycle behind a chain is named once, from its first member in the file', () => {
    expect(
      problems([
        '    - { name: tail, hsms: [a], fromBackupOf: x }', // 5
        '    - { name: x, hsms: [a], fromBackupOf: y }', //    6
        '    - { name: y, hsms: [a], fromBackupOf: z }', //    7
        '    - { name: z, hsms: [a], fromBackupOf: x }', //    8
      ]),
    ).toEqual([
      'restores.yaml:6: world.clusters[1].fromBackupOf: fromBackupOf forms a cycle (x → y → z → x); one cluster of it must be built fresh',
    ]);
  });

  it('a cluster restored from itself, or from an undeclared one, is refused at its field', () => {
    expect(
      problems([
        '    - { name: a, hsms: [a], fromBackupOf: a }',
        '    - { name: b, hsms: [a], fromBackupOf: nowhere }',
      ]),
    ).toEqual([
      'restores.yaml:5: world.clusters[0].fromBackupOf: a cluster cannot be restored from its own backup',
      "restores.yaml:6: world.clusters[1].fromBackupOf: 'nowhere' is not declared in world.clusters or created by a 'create-cluster-from-backup' step",
    ]);
  });
});
