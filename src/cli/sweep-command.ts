/**
 * `kmsim sweep <scenario> --seeds 1..10000 [--workers N] [--shard i/n] [--save-counterexample <file>]`
 * (issue #6 §4): runs one scenario file for many seeds on node:worker_threads workers (sweep-worker.ts,
 * run from dist/) and reports every seed that failed with its reproduce command.
 *
 * - `--seeds`: `A..B` (inclusive), `N`, or a comma list of both (`1..100,250`); duplicates count once,
 *   seeds run in ascending order.
 * - `--shard i/n` (1-based): of those seeds, in ascending order, this run takes the i-th, the (i+n)-th,
 *   the (i+2n)-th, ... So `--seeds 1..10 --shard 2/3` runs 2, 5 and 8, and shards 1/n .. n/n of one
 *   sweep cover every seed exactly once (a CI matrix of n jobs; docs/ci-sweep-workflow.md).
 * - `--workers` defaults to os.availableParallelism(), never more than there are seeds.
 * - Progress goes to stderr as seeds done/total (in place on a TTY, a plain line every 5% otherwise);
 *   no wall time is measured (src/ keeps away from real clocks, ARCHITECTURE convention 1).
 * - stdout is a function of the file, the seeds and the shard: SWEEP and SEEDS header lines, then per
 *   failed seed (ascending) `FAIL seed N — <first failed expectation>` and `REPRODUCE: npx kmsim run
 *   <file> --seed N`, then `PASSED: all N seeds` or `FAILED: k of N seeds (...)`.
 * - `--save-counterexample <file>` writes the scenario with `seed:` set to the first failed seed, so
 *   `kmsim run <file>` replays it as a regression scenario.
 * - Exit 0 when every seed passed, 1 when any failed, 2 on bad flags or a file that does not load.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseDocument } from 'yaml';
import { loadScenarioFile } from '../scenarios/file/loader.js';
import type { Scenario } from '../scenarios/scenario.js';
import { FAILED_EXIT_CODE, LOAD_ERROR_EXIT_CODE, reproduceCommand } from './command-exit.js';
import { scenarioFiles } from './scenario-files.js';
import type { SweepOptions, Shard } from './sweep-flags.js';
import type { SweepSeedResult, SweepWorkerData } from './sweep-worker.js';
import type { SweepShardResult } from './sweep-merge.js';

/** The seeds shard i/n takes: positions i, i+n, i+2n, ... (1-based) of the ascending list. */
export function shardSeeds(seeds: readonly number[], shard: Shard | undefined): number[] {
  if (!shard) return [...seeds];
  return seeds.filter((_, position) => position % shard.count === shard.index - 1);
}

/** What the command touches, injectable for tests. */
export interface SweepIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Progress text on stderr without a newline (TTY only). */
  readonly progress: (text: string) => void;
  readonly isTty: boolean;
  readonly workerUrl: URL;
}

/** The compiled worker: next to this file in dist/, or in dist/ when this file runs from src/ (tests). */
export function sweepWorkerUrl(): URL {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts')
    ? new URL('../../dist/cli/sweep-worker.js', import.meta.url)
    : new URL('./sweep-worker.js', import.meta.url);
}

const defaultIo = (): SweepIo => ({
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (text) => process.stderr.write(`\r\x1b[2K${text}`),
  isTty: process.stderr.isTTY === true,
  workerUrl: sweepWorkerUrl(),
});

/** Reports seeds done/total: in place on a TTY, a line per 5% otherwise. */
class Progress {
  private done = 0;
  private failed = 0;
  private readonly step: number;

  constructor(
    private readonly total: number,
    private readonly io: SweepIo,
  ) {
    this.step = Math.max(1, Math.ceil(total / 20));
  }

  private text(): string {
    return `kmsim sweep: ${this.done}/${this.total} seeds done, ${this.failed} failed`;
  }

  record(result: SweepSeedResult): void {
    this.done++;
    if (!result.passed) this.failed++;
    if (this.io.isTty) this.io.progress(this.text());
    else if (this.done % this.step === 0 || this.done === this.total) this.io.err(this.text());
  }

  finish(): void {
    if (this.io.isTty) this.io.progress(`${this.text()}\n`);
  }
}

/** Runs every seed on a pool of workers, each taking the next seed when it finishes one. */
function runPool(
  scenario: Scenario,
  seeds: readonly number[],
  workerCount: number,
  io: SweepIo,
  onResult: (result: SweepSeedResult) => void,
): Promise<void> {
  return new Promise((resolve) => {
    let next = 0;
    let finished = 0;
    const workers = new Set<Worker>();
    const data: SweepWorkerData = { scenario };
    const settle = (result: SweepSeedResult): void => {
      onResult(result);
      finished++;
      if (finished === seeds.length) {
        const idle = [...workers];
        workers.clear();
        for (const worker of idle) {
          worker.removeAllListeners('exit');
          void worker.terminate();
        }
        resolve();
      }
    };
    const start = (): void => {
      const worker = new Worker(io.workerUrl, { workerData: data });
      workers.add(worker);
      let current: number | undefined;
      let retired = false;
      const feed = (): void => {
        current = next < seeds.length ? seeds[next++] : undefined;
        if (current !== undefined) worker.postMessage({ seed: current });
      };
      // A crashed worker fails the seed it was running, and a fresh one takes over the rest.
      const crashed = (reason: string): void => {
        if (retired) return;
        retired = true;
        workers.delete(worker);
        void worker.terminate();
        if (current !== undefined)
          settle({
            seed: current,
            passed: false,
            fingerprint: undefined,
            failures: [],
            aborted: `worker crashed: ${reason}`,
            symptomsUsed: false,
          });
        if (next < seeds.length) start();
      };
      worker.on('message', (result: SweepSeedResult) => {
        current = undefined;
        settle(result);
        feed();
      });
      worker.on('error', (error: Error) => crashed(error.message));
      worker.on('exit', (code) => crashed(`exited with code ${code}`));
      feed();
    };
    for (let index = 0; index < workerCount; index++) start();
  });
}

/** The scenario text with `seed:` set to `seed` (comments kept), headed by where it came from. */
function counterexampleText(text: string, file: string, seed: number, failure: string): string {
  const document = parseDocument(text);
  document.set('seed', seed);
  const header = [
    `# Seed ${seed} of a kmsim sweep of ${file} failed: ${failure}`,
    `# Replay: npx kmsim run <this file>  (same as: ${reproduceCommand(file, seed)})`,
  ];
  return `${header.join('\n')}\n${document.toString({ lineWidth: 0 })}`;
}

function firstProblem(result: SweepSeedResult): string {
  return result.aborted !== undefined
    ? `the run aborted: ${result.aborted}`
    : (result.failures[0] ?? 'failed');
}

function report(file: string, results: readonly SweepSeedResult[], io: SweepIo): SweepSeedResult[] {
  const failed = results.filter((result) => !result.passed).sort((a, b) => a.seed - b.seed);
  for (const result of failed) {
    io.out(`FAIL seed ${result.seed} — ${firstProblem(result)}`);
    for (const more of result.failures.slice(1)) io.out(`  also: ${more}`);
    io.out(`REPRODUCE: ${reproduceCommand(file, result.seed)}`);
  }
  if (results.some((result) => result.symptomsUsed))
    io.out('NOTE: flagged symptom injection (force-error) used');
  io.out(
    failed.length === 0
      ? `PASSED: all ${results.length} seeds`
      : `FAILED: ${failed.length} of ${results.length} seeds (${failed.map((result) => result.seed).join(', ')})`,
  );
  return failed;
}

/** What `--json` writes: this run's failing seeds and every seed it ran (sweep-merge.ts). */
function shardResult(
  file: string,
  name: string,
  options: SweepOptions,
  seeds: readonly number[],
  results: readonly SweepSeedResult[],
): SweepShardResult {
  return {
    kmsimSweep: 1,
    file,
    name,
    seeds: options.seeds!.text,
    shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
    seedsRun: [...seeds],
    failed: results
      .filter((result) => !result.passed)
      .sort((a, b) => a.seed - b.seed)
      .map((result) => ({
        seed: result.seed,
        failures: result.failures,
        aborted: result.aborted ?? null,
        reproduce: reproduceCommand(file, result.seed),
      })),
    symptomsUsed: results.some((result) => result.symptomsUsed),
  };
}

/** The whole command; resolves to the exit code. */
export async function sweepCommand(
  file: string,
  options: SweepOptions,
  io: SweepIo = defaultIo(),
): Promise<number> {
  const found = scenarioFiles(file);
  if ('problem' in found || found.files.length !== 1 || found.files[0] !== file) {
    io.err(
      `kmsim sweep: ${'problem' in found ? found.problem : `${file}: expected one scenario file, not a directory`}`,
    );
    return LOAD_ERROR_EXIT_CODE;
  }
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) {
    for (const message of loaded.messages) io.err(message);
    return LOAD_ERROR_EXIT_CODE;
  }
  if (options.seeds === undefined) {
    io.err(
      "kmsim sweep: required option '--seeds <range>' not specified (or give --merge <files...>)",
    );
    return LOAD_ERROR_EXIT_CODE;
  }
  const seeds = shardSeeds(options.seeds.seeds, options.shard);
  const shardText = options.shard
    ? `, shard ${options.shard.index}/${options.shard.count} of ${options.seeds.seeds.length}`
    : '';
  io.out(`SWEEP ${file}: ${loaded.scenario.name}`);
  io.out(`SEEDS ${options.seeds.text} (${seeds.length} seeds${shardText})`);
  if (seeds.length === 0) {
    io.out('PASSED: no seeds in this shard');
    return 0;
  }
  const workerCount = Math.min(options.workers ?? availableParallelism(), seeds.length);
  io.err(`kmsim sweep: ${seeds.length} seeds on ${workerCount} worker thread(s)`);
  const progress = new Progress(seeds.length, io);
  const results: SweepSeedResult[] = [];
  await runPool(loaded.scenario, seeds, workerCount, io, (result) => {
    results.push(result);
    progress.record(result);
  });
  progress.finish();
  const failed = report(file, results, io);
  if (options.json !== undefined)
    writeFileSync(
      options.json,
      `${JSON.stringify(shardResult(file, loaded.scenario.name, options, seeds, results), null, 2)}\n`,
    );
  if (failed.length > 0 && options.saveCounterexample !== undefined) {
    writeFileSync(
      options.saveCounterexample,
      counterexampleText(
        readFileSync(file, 'utf8'),
        file,
        failed[0]!.seed,
        firstProblem(failed[0]!),
      ),
    );
    io.err(
      `kmsim sweep: wrote ${options.saveCounterexample} (seed ${failed[0]!.seed}; replay: npx kmsim run ${options.saveCounterexample})`,
    );
  }
  return failed.length === 0 ? 0 : FAILED_EXIT_CODE;
}
