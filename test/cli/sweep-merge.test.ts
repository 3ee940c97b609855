import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeSweepResults, type SweepShardResult } from '../../src/cli/sweep-merge.js';

const dir = mkdtempSync(join(tmpdir(), 'kmsim-merge-'));

function shard(index: number, seedsRun: number[], failedSeeds: number[]): string {
  const result: SweepShardResult = {
    kmsimSweep: 1,
    file: 'scenarios/x.yaml',
    name: 'x',
    seeds: '1..6',
    shard: `${index}/2`,
    seedsRun,
    failed: failedSeeds.map((seed) => ({
      seed,
      failures: [`check ${seed} — broke`, 'second — also'],
      aborted: null,
      reproduce: `npx kmsim run scenarios/x.yaml --seed ${seed}`,
    })),
    symptomsUsed: false,
  };
  const path = join(dir, `shard-${index}-${failedSeeds.join('-')}.json`);
  writeFileSync(path, JSON.stringify(result));
  return path;
}

function merge(files: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = mergeSweepResults(files, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('kmsim sweep --merge', () => {
  it('joins shards into one ascending list of failing seeds with reproduce lines', () => {
    const { code, out } = merge([shard(2, [2, 4, 6], [4]), shard(1, [1, 3, 5], [3])]);
    expect(code).toBe(1);
    expect(out).toEqual([
      'SWEEP scenarios/x.yaml: x',
      'SEEDS 1..6 (6 seeds from 2 result file(s))',
      'FAIL seed 3 — check 3 — broke',
      '  also: second — also',
      'REPRODUCE: npx kmsim run scenarios/x.yaml --seed 3',
      'FAIL seed 4 — check 4 — broke',
      '  also: second — also',
      'REPRODUCE: npx kmsim run scenarios/x.yaml --seed 4',
      'FAILED: 2 of 6 seeds (3, 4)',
    ]);
  });

  it('passes when every shard is there and passed, and names missing shards', () => {
    expect(merge([shard(1, [1, 3, 5], []), shard(2, [2, 4, 6], [])]).out.at(-1)).toBe(
      'PASSED: all 6 seeds',
    );
    const partial = merge([shard(1, [1, 3, 5], [])]);
    expect(partial.code).toBe(1);
    expect(partial.out).toContain('MISSING shards: 2/2');
  });

  it('refuses a file that is not a sweep result, naming it', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"hello": 1}');
    const { code, err } = merge([bad]);
    expect(code).toBe(2);
    expect(err[0]).toBe(
      `kmsim sweep --merge: ${bad}: not a kmsim sweep result (write one with kmsim sweep ... --json <file>)`,
    );
  });
});
