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
import type { Scenario } from '../scenarios/scenario.js';
import { FAILED_EXIT_CODE, LOAD_ERROR_EXIT_CODE, reproduceCommand } from './command-exit.js';
import { scenarioFiles } from './scenario-files.js';
import type { SweepOptions, Shard } from './sweep-flags.js';
import type { SweepRequest, SweepSeedResult } from './sweep-worker.js';
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

/** Runs one seed after another, as long as the pool has seeds for it (sweep-worker.ts). */
interface PoolWorker {
  readonly thread: Worker;
  /** Seeds sent and not yet answered, in the order the worker runs them: the running one first. */
  readonly outstanding: number[];
  /** Whether the scenario has been sent (only then are seeds). */
  started: boolean;
  /** Crashed or stopped: no more messages, its events are ignored. */
  retired: boolean;
}

/**
 * The sweep's worker threads (issue #12). They start as soon as the flags promise seeds, before the
 * main thread has loaded the scenario, so each worker's import of the runner overlaps with that load;
 * `run` then sends each one the scenario and hands out seeds.
 *
 * Each worker holds a seed queued behind the one it runs while more seeds are left than there are
 * workers, so it starts its next seed without waiting for the main thread (which, on a machine whose
 * cores the workers keep busy, may take a while to be scheduled); the last seeds still go one at a
 * time to whichever worker is free first.
 *
 * A worker that crashes fails the seed it was running; the seeds queued behind it go back to the
 * front of the line, and a fresh worker is started while seeds are left. Every seed is thus answered
 * exactly once, and `run` resolves when the last one is.
 */
class SweepPool {
  private readonly workers = new Set<PoolWorker>();
  /** Seeds handed back by crashed workers, handed out again before the rest. */
  private readonly returned: number[] = [];
  private next = 0;
  private finished = 0;
  private scenario: Scenario | undefined;
  private resolveRun: (() => void) | undefined;

  constructor(
    private readonly seeds: readonly number[],
    workerCount: number,
    private readonly io: SweepIo,
    private readonly onResult: (result: SweepSeedResult) => void,
  ) {
    for (let index = 0; index < workerCount; index++) this.start();
  }

  /** Sends the scenario, runs every seed, and resolves when each one has its result. */
  run(scenario: Scenario): Promise<void> {
    this.scenario = scenario;
    return new Promise((resolve) => {
      this.resolveRun = resolve;
      if (this.workers.size === 0) this.start();
      for (const worker of [...this.workers]) this.begin(worker);
    });
  }

  /** Stops every worker: after the last result, or when the scenario did not load. */
  close(): void {
    for (const worker of this.workers) {
      worker.retired = true;
      worker.thread.removeAllListeners();
      void worker.thread.terminate();
    }
    this.workers.clear();
  }

  private unassigned(): number {
    return this.returned.length + this.seeds.length - this.next;
  }

  private take(): number | undefined {
    if (this.returned.length > 0) return this.returned.shift();
    return this.next < this.seeds.length ? this.seeds[this.next++] : undefined;
  }

  private start(): void {
    const worker: PoolWorker = {
      thread: new Worker(this.io.workerUrl),
      outstanding: [],
      started: false,
      retired: false,
    };
    this.workers.add(worker);
    worker.thread.on('message', (result: SweepSeedResult) => {
      if (worker.retired) return;
      worker.outstanding.shift();
      this.settle(result);
      if (!worker.retired) this.feed(worker);
    });
    worker.thread.on('error', (error: Error) => this.crashed(worker, error.message));
    worker.thread.on('exit', (code) => this.crashed(worker, `exited with code ${code}`));
    if (this.scenario !== undefined) this.begin(worker);
  }

  private begin(worker: PoolWorker): void {
    if (worker.started || worker.retired) return;
    worker.started = true;
    worker.thread.postMessage({ scenario: this.scenario! } satisfies SweepRequest);
    this.feed(worker);
  }

  /** Tops the worker up to one seed running and, while seeds are plentiful, one queued. */
  private feed(worker: PoolWorker): void {
    const depth = this.unassigned() > this.workers.size ? 2 : 1;
    const batch: number[] = [];
    while (worker.outstanding.length < depth) {
      const seed = this.take();
      if (seed === undefined) break;
      worker.outstanding.push(seed);
      batch.push(seed);
    }
    if (batch.length > 0) worker.thread.postMessage({ seeds: batch } satisfies SweepRequest);
  }

  private crashed(worker: PoolWorker, reason: string): void {
    if (worker.retired) return;
    worker.retired = true;
    this.workers.delete(worker);
    worker.thread.removeAllListeners();
    void worker.thread.terminate();
    const running = worker.outstanding.shift();
    this.returned.unshift(...worker.outstanding);
    // Before the scenario is there, a worker that dies is not replaced (one that cannot start would
    // be replaced forever); `run` starts one if none is left. After, each crash fails the seed it
    // ran, so replacements are bounded by the seeds.
    if (this.scenario !== undefined && this.unassigned() > 0) this.start();
    if (running !== undefined)
      this.settle({
        seed: running,
        passed: false,
        failures: [],
        aborted: `worker crashed: ${reason}`,
        symptomsUsed: false,
      });
  }

  private settle(result: SweepSeedResult): void {
    this.onResult(result);
    this.finished++;
    if (this.finished === this.seeds.length) {
      this.close();
      this.resolveRun?.();
    }
  }
}

/** The scenario text with `seed:` set to `seed` (comments kept), headed by where it came from. */
async function counterexampleText(
  text: string,
  file: string,
  seed: number,
  failure: string,
): Promise<string> {
  const { parseDocument } = await import('yaml');
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
  // The workers start before the file loads (issue #12: their import of the runner overlaps with
  // the load), but only once the flags promise seeds to run; a file that does not load stops them.
  const seeds = options.seeds === undefined ? [] : shardSeeds(options.seeds.seeds, options.shard);
  const workerCount = Math.min(options.workers ?? availableParallelism(), seeds.length);
  const progress = new Progress(seeds.length, io);
  const results: SweepSeedResult[] = [];
  const pool =
    workerCount > 0
      ? new SweepPool(seeds, workerCount, io, (result) => {
          results.push(result);
          progress.record(result);
        })
      : undefined;
  const { loadScenarioFile } = await import('../scenarios/file/loader.js');
  const loaded = loadScenarioFile(file);
  if (!loaded.ok) {
    pool?.close();
    for (const message of loaded.messages) io.err(message);
    return LOAD_ERROR_EXIT_CODE;
  }
  if (options.seeds === undefined) {
    io.err(
      "kmsim sweep: required option '--seeds <range>' not specified (or give --merge <files...>)",
    );
    return LOAD_ERROR_EXIT_CODE;
  }
  const shardText = options.shard
    ? `, shard ${options.shard.index}/${options.shard.count} of ${options.seeds.seeds.length}`
    : '';
  io.out(`SWEEP ${file}: ${loaded.scenario.name}`);
  io.out(`SEEDS ${options.seeds.text} (${seeds.length} seeds${shardText})`);
  if (pool === undefined) {
    io.out('PASSED: no seeds in this shard');
    return 0;
  }
  io.err(`kmsim sweep: ${seeds.length} seeds on ${workerCount} worker thread(s)`);
  await pool.run(loaded.scenario);
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
      await counterexampleText(
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
