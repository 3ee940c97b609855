/**
 * `kmsim sweep <scenario> ... --json <file>` writes one shard's outcome as JSON, and
 * `kmsim sweep --merge <files...>` joins the shards of one sweep (a CI matrix, a Kubernetes Indexed
 * Job: docs/ci-sweep-workflow.md) into one list of failing seeds with their reproduce lines
 * (issue #12). The merged stdout has the same lines as one unsharded sweep's.
 */
import { readFileSync } from 'node:fs';
import { FAILED_EXIT_CODE, LOAD_ERROR_EXIT_CODE, reproduceCommand } from './command-exit.js';

/** One shard's outcome as `--json` writes it. */
export interface SweepShardResult {
  readonly kmsimSweep: 1;
  readonly file: string;
  readonly name: string;
  /** The `--seeds` text of the whole sweep (every shard has the same). */
  readonly seeds: string;
  /** `i/n`, or null for an unsharded run. */
  readonly shard: string | null;
  /** Every seed this shard ran, ascending. */
  readonly seedsRun: readonly number[];
  readonly failed: readonly {
    readonly seed: number;
    readonly failures: readonly string[];
    readonly aborted: string | null;
    readonly reproduce: string;
  }[];
  readonly symptomsUsed: boolean;
}

export interface MergeIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

function isShardResult(value: unknown): value is SweepShardResult {
  const v = value as Partial<SweepShardResult> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    v.kmsimSweep === 1 &&
    typeof v.file === 'string' &&
    typeof v.seeds === 'string' &&
    Array.isArray(v.seedsRun) &&
    Array.isArray(v.failed)
  );
}

function readShard(file: string): SweepShardResult | string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `not JSON (${(error as Error).message})`;
  }
  return isShardResult(parsed)
    ? parsed
    : 'not a kmsim sweep result (write one with kmsim sweep ... --json <file>)';
}

/** Merges the shard files; resolves to the exit code (0 all passed, 1 any failed or shard missing, 2 bad input). */
export function mergeSweepResults(files: readonly string[], io: MergeIo): number {
  const shards: SweepShardResult[] = [];
  for (const file of files) {
    const shard = readShard(file);
    if (typeof shard === 'string') {
      io.err(`kmsim sweep --merge: ${file}: ${shard}`);
      return LOAD_ERROR_EXIT_CODE;
    }
    const first = shards[0];
    if (first && (shard.file !== first.file || shard.seeds !== first.seeds)) {
      io.err(
        `kmsim sweep --merge: ${file}: a sweep of ${shard.file} --seeds ${shard.seeds}, but ${files[0]} is of ${first.file} --seeds ${first.seeds}`,
      );
      return LOAD_ERROR_EXIT_CODE;
    }
    shards.push(shard);
  }
  const first = shards[0];
  if (!first) {
    io.err('kmsim sweep --merge: no result files given');
    return LOAD_ERROR_EXIT_CODE;
  }
  const seedsRun = new Set(shards.flatMap((shard) => shard.seedsRun));
  const failedBySeed = new Map(shards.flatMap((shard) => shard.failed.map((f) => [f.seed, f])));
  io.out(`SWEEP ${first.file}: ${first.name}`);
  io.out(`SEEDS ${first.seeds} (${seedsRun.size} seeds from ${shards.length} result file(s))`);
  const missing = missingShards(shards);
  const failed = [...failedBySeed.values()].sort((a, b) => a.seed - b.seed);
  for (const result of failed) {
    const [head, ...more] =
      result.aborted !== null ? [`the run aborted: ${result.aborted}`] : result.failures;
    io.out(`FAIL seed ${result.seed} — ${head ?? 'failed'}`);
    for (const line of more) io.out(`  also: ${line}`);
    io.out(`REPRODUCE: ${reproduceCommand(first.file, result.seed)}`);
  }
  if (shards.some((shard) => shard.symptomsUsed))
    io.out('NOTE: flagged symptom injection (force-error) used');
  if (missing.length > 0) io.out(`MISSING shards: ${missing.join(', ')}`);
  io.out(
    failed.length === 0
      ? missing.length > 0
        ? `INCOMPLETE: all ${seedsRun.size} seeds of the given shards passed, ${missing.length} shard(s) missing`
        : `PASSED: all ${seedsRun.size} seeds`
      : `FAILED: ${failed.length} of ${seedsRun.size} seeds (${failed.map((f) => f.seed).join(', ')})`,
  );
  return failed.length === 0 && missing.length === 0 ? 0 : FAILED_EXIT_CODE;
}

/** Shards `i/n` of the sweep that no file holds (none when a file is an unsharded run). */
function missingShards(shards: readonly SweepShardResult[]): string[] {
  if (shards.some((shard) => shard.shard === null)) return [];
  const count = Number(shards[0]!.shard!.split('/')[1]);
  const present = new Set(shards.map((shard) => shard.shard));
  const missing: string[] = [];
  for (let index = 1; index <= count; index++)
    if (!present.has(`${index}/${count}`)) missing.push(`${index}/${count}`);
  return missing;
}
