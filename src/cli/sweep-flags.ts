/**
 * `kmsim sweep <scenario> --seeds ... [--workers N] [--shard i/n] [--json FILE]
 * [--save-counterexample FILE]` and `kmsim sweep --merge FILES`: the flags and their parsers live
 * here. The implementations, sweep-command.ts (the worker pool) and sweep-merge.ts, load when the
 * command runs, so `kmsim --help` and the other commands do not load them.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { CommandExit, LOAD_ERROR_EXIT_CODE } from './command-exit.js';

/** More seeds than this in one sweep is almost certainly a typo (and an array that size is wasteful). */
export const MAX_SWEEP_SEEDS = 10_000_000;
const MAX_WORKERS = 1024;

export interface SeedSet {
  /** Ascending, without duplicates. */
  readonly seeds: readonly number[];
  /** As the user wrote it, for the SEEDS line. */
  readonly text: string;
}

export interface Shard {
  readonly index: number;
  readonly count: number;
}

export interface SweepOptions {
  readonly seeds?: SeedSet;
  readonly json?: string;
  readonly merge?: readonly string[];
  readonly workers?: number;
  readonly shard?: Shard;
  readonly saveCounterexample?: string;
}

const SEED = /^\d+$/;

function seedNumber(text: string): number {
  const seed = SEED.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(seed))
    throw new InvalidArgumentError(
      `'${text}' is not a seed; expected A..B (inclusive), N, or a comma list such as 1..100,250`,
    );
  return seed;
}

/** `1..10000`, `42`, `1..100,250,300..310` → the seeds, ascending and unique. */
export function parseSeeds(value: string): SeedSet {
  const parts = value.split(',').map((part) => part.trim());
  const ranges = parts.map((part) => {
    const match = /^(\S+?)\.\.(\S+)$/.exec(part);
    const [first, last] = match
      ? [seedNumber(match[1]!), seedNumber(match[2]!)]
      : [seedNumber(part), seedNumber(part)];
    if (last < first)
      throw new InvalidArgumentError(`the range ${part} runs backwards; write ${last}..${first}`);
    return [first, last] as const;
  });
  const total = ranges.reduce((sum, [first, last]) => sum + (last - first + 1), 0);
  if (total > MAX_SWEEP_SEEDS)
    throw new InvalidArgumentError(
      `${total} seeds is more than one sweep takes (${MAX_SWEEP_SEEDS}); split it with --shard or smaller ranges`,
    );
  const unique = new Set<number>();
  for (const [first, last] of ranges) for (let seed = first; seed <= last; seed++) unique.add(seed);
  return { seeds: [...unique].sort((a, b) => a - b), text: value };
}

export function parseWorkers(value: string): number {
  const workers = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(workers) || workers < 1 || workers > MAX_WORKERS)
    throw new InvalidArgumentError(
      `expected a whole number of worker threads from 1 to ${MAX_WORKERS}`,
    );
  return workers;
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = match ? Number(match[1]) : Number.NaN;
  const count = match ? Number(match[2]) : Number.NaN;
  if (
    !Number.isSafeInteger(index) ||
    !Number.isSafeInteger(count) ||
    count < 1 ||
    index < 1 ||
    index > count
  ) {
    throw new InvalidArgumentError(
      'expected i/n with 1 <= i <= n (1-based: shard i of n takes the i-th seed, then every n-th after it)',
    );
  }
  return { index, count };
}

export function registerSweepCommand(program: Command): void {
  program
    .command('sweep')
    .description(
      'run one scenario file for many seeds on worker threads and list the seeds that fail',
    )
    .argument('[scenario]', 'a scenario file')
    .option(
      '--seeds <range>',
      'seeds to run: A..B (inclusive), N, or a comma list such as 1..100,250',
      parseSeeds,
    )
    .option('--workers <n>', 'worker threads (default: os.availableParallelism())', parseWorkers)
    .option(
      '--shard <i/n>',
      'run only shard i of n (1-based): the i-th seed and every n-th after it',
      parseShard,
    )
    .option(
      '--save-counterexample <file>',
      'write the scenario with its seed set to the first failing seed',
    )
    .option('--json <file>', 'also write the failing seeds and the seeds run as JSON (for --merge)')
    .option(
      '--merge <files...>',
      "merge the --json results of a sweep's shards into one list of failing seeds",
    )
    .action(async (file: string | undefined, options: SweepOptions) => {
      if (options.merge === undefined && file === undefined) {
        console.error('kmsim sweep: a scenario file is required (or --merge <files...>)');
        throw new CommandExit(LOAD_ERROR_EXIT_CODE);
      }
      const exitCode =
        options.merge !== undefined
          ? (await import('./sweep-merge.js')).mergeSweepResults(options.merge, {
              out: console.log,
              err: console.error,
            })
          : await (await import('./sweep-command.js')).sweepCommand(file!, options);
      if (exitCode !== 0) throw new CommandExit(exitCode);
    });
}
