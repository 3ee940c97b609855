/**
 * `kmsim run <file|dir> [--seed N]` (issue #3 §4): loads one scenario file, or every *.yaml / *.yml
 * in a directory (sorted by name), and runs each.
 *
 * - Any load problem: every message (`file:line: field: message`) on stderr, exit 2, nothing run,
 *   no stack trace (issue #3 "Bad input"). So is a missing path.
 * - Per scenario, on stdout: `SEED=<n>` first (ARCHITECTURE convention 2; --seed overrides the
 *   file's), a header, one `PASS <description>` / `FAIL <description> — <detail>` per expectation, a
 *   NOTE when a flagged symptom injector (force-error) was used, a result line with the trace
 *   fingerprint, and on failure a one-line command that reproduces it.
 * - Files only with `--report <dir>` (issue #5): the trace as JSON lines in
 *   <dir>/<basename>.trace.jsonl, a JSON summary in <dir>/<basename>.json, a runbook report
 *   <dir>/<basename>.md and its chart <dir>/<basename>.svg (src/report/), and <dir>/README.md
 *   indexing the reports; stderr says what was written. Everything written is a function of the
 *   files and the seed. Without `--report` nothing is written: a run in a checkout must not
 *   overwrite its committed reports/ (issue 11 §9), and stderr says how to get the files.
 * - A world the services refuse to build (e.g. one HSM for a key store): `FAIL world — …` on stdout,
 *   the problem as `file:line: field: message` on stderr, exit 2 (bad input, not a simulator bug).
 * - Exit 1 if any expectation failed, else 0.
 * - While a scenario runs, progress on stderr (issue #5 §5): in place on a terminal, a plain line
 *   per tenth of the run's virtual time otherwise (src/report/progress.ts).
 *
 * stdout is a function of the files and the seed only (no wall times, no absolute paths), so two
 * runs with the same seed print the same bytes.
 *
 * The flags are declared in run-flags.ts, which loads this file only when the command runs (so
 * `kmsim --help` does not load the runner). The runner itself loads once every file has loaded,
 * and the report writers (report-files.ts) only with --report.
 */
import type { IndexEntry, ReportedResult } from './report-files.js';
import type { PathSegment } from '../scenarios/file/problem.js';
import { formatProblem, loadScenarioFile, type ScenarioProblem } from '../scenarios/file/loader.js';
import type { Scenario } from '../scenarios/scenario.js';
import { metricsLines } from '../scenarios/check/client-metrics.js';
import { createProgress, type ProgressStream } from '../report/progress.js';
import { FAILED_EXIT_CODE, LOAD_ERROR_EXIT_CODE, reproduceCommand } from './command-exit.js';
import { scenarioFiles } from './scenario-files.js';

export { FAILED_EXIT_CODE, LOAD_ERROR_EXIT_CODE, reproduceCommand } from './command-exit.js';

export interface RunCommandOptions {
  readonly seed?: number;
  /** Directory for runbook reports (issue #5); also receives the traces and summaries. */
  readonly report?: string;
}

/** What the command touches, injectable for tests. */
export interface RunCommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly run: (
    scenario: Scenario,
    options: {
      seed?: number;
      onProgress?: (virtualDoneMs: number, virtualTotalMs: number) => void;
    },
  ) => Promise<ReportedResult>;
  /** Where progress goes while a scenario runs; none when absent. */
  readonly progress?: ProgressStream;
}

const defaultIo: RunCommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  // The runner (the simulator, the SDK clients) loads once every file has loaded: a file with
  // problems is reported without loading it.
  run: async (scenario, options) =>
    (await import('../scenarios/run/runner.js')).runScenario(scenario, options),
  progress: process.stderr,
};

/** How one scenario ended: its expectations held, one failed, or its world could not be built. */
type RunOutcome = 'passed' | 'failed' | 'unbuildable';

/** Runs one loaded scenario and prints its lines. */
async function runOne(
  file: string,
  scenario: Scenario,
  problemAt: (path: readonly PathSegment[], message: string) => ScenarioProblem,
  options: RunCommandOptions,
  io: RunCommandIo,
  reports?: IndexEntry[],
): Promise<RunOutcome> {
  const seed = options.seed ?? scenario.seed;
  io.out(`SEED=${seed}`);
  io.out(`SCENARIO ${file}: ${scenario.name}`);
  let result: ReportedResult;
  const progress = io.progress ? createProgress(io.progress, scenario.name) : undefined;
  try {
    result = await io.run(scenario, progress ? { seed, onProgress: progress.update } : { seed });
  } catch (error) {
    progress?.finish();
    const [{ ClientModuleError }, { WorldBuildError }] = await Promise.all([
      import('../scenarios/run/client-modules.js'),
      import('../scenarios/run/world-builder.js'),
    ]);
    if (error instanceof ClientModuleError) {
      // The user's client module is bad input, like a bad file: one line naming the file's line
      // and field (clients[i].module), no stack, exit 2.
      io.err(
        error.path
          ? formatProblem(problemAt(error.path, error.message))
          : `kmsim: ${file}: ${error.message}`,
      );
      return 'unbuildable';
    }
    if (error instanceof WorldBuildError) {
      // Bad input the loader could not see: the services refused the declared world (issue 11 §3).
      io.out(`FAIL world — ${error.reason}`);
      io.err(formatProblem(problemAt(error.path, error.reason)));
      return 'unbuildable';
    }
    // Not bad input (the loader accepted the file): a simulator or runner bug. Loud, with the repro.
    io.out(`FAIL run — the run aborted: ${error instanceof Error ? error.message : String(error)}`);
    io.out(`REPRODUCE: ${reproduceCommand(file, seed)}`);
    io.err(
      `kmsim: ${file}: run aborted (simulator bug?):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 'failed';
  }
  progress?.finish();
  for (const expectation of result.expectations) {
    io.out(
      expectation.passed
        ? `PASS ${expectation.description}`
        : `FAIL ${expectation.description} — ${expectation.detail}`,
    );
  }
  if (result.symptomsUsed) io.out('NOTE: flagged symptom injection (force-error) used');
  for (const line of metricsLines(result.metrics)) io.out(line);
  const failed = result.expectations.filter((expectation) => !expectation.passed).length;
  const verdict = result.passed
    ? 'PASSED'
    : `FAILED (${failed} of ${result.expectations.length} expectations)`;
  io.out(`${verdict} fingerprint=${result.fingerprint}`);
  if (!result.passed) io.out(`REPRODUCE: ${reproduceCommand(file, seed)}`);
  if (options.report === undefined) {
    io.err(
      'kmsim: wrote nothing (with --report <dir>: the trace, a JSON summary and a runbook report)',
    );
  } else {
    const { writeReports, writeRunbook } = await import('./report-files.js');
    const written = writeReports(file, result, options.report);
    const runbook = writeRunbook(file, result.traceJsonLines, options.report);
    written.push(...runbook.paths);
    reports?.push(runbook.entry);
    io.err(`kmsim: wrote ${written.join(' and ')}`);
  }
  return result.passed ? 'passed' : 'failed';
}

/** The whole command; resolves to the exit code. */
export async function runCommand(
  path: string,
  options: RunCommandOptions,
  io: RunCommandIo = defaultIo,
): Promise<number> {
  const found = scenarioFiles(path);
  if ('problem' in found) {
    io.err(`kmsim run: ${found.problem}`);
    return LOAD_ERROR_EXIT_CODE;
  }
  const loaded = found.files.map(loadScenarioFile);
  const messages = loaded.flatMap((result) => (result.ok ? [] : result.messages));
  if (messages.length > 0) {
    for (const message of messages) io.err(message);
    return LOAD_ERROR_EXIT_CODE;
  }
  let failed = 0;
  let unbuildable = 0;
  const reports: IndexEntry[] = [];
  for (const result of loaded) {
    if (!result.ok) continue;
    const outcome = await runOne(
      result.file,
      result.scenario,
      result.problemAt,
      options,
      io,
      reports,
    );
    if (outcome !== 'passed') failed += 1;
    if (outcome === 'unbuildable') unbuildable += 1;
  }
  if (options.report !== undefined && reports.length > 0) {
    const { writeReportIndex } = await import('./report-files.js');
    io.err(`kmsim: wrote ${writeReportIndex(options.report, reports)}`);
  }
  if (loaded.length > 1)
    io.out(
      failed === 0
        ? `ALL PASSED: ${loaded.length} scenarios`
        : `FAILED: ${failed} of ${loaded.length} scenarios`,
    );
  if (unbuildable > 0) return LOAD_ERROR_EXIT_CODE;
  return failed === 0 ? 0 : FAILED_EXIT_CODE;
}
