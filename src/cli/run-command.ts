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
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Command } from 'commander';
import { renderOutcomeChart } from '../report/outcome-chart.js';
import { renderReportIndex, type IndexEntry } from '../report/report-index.js';
import { FAULT_RUNBOOK } from '../faults/catalogue.js';
import { renderRunbookReport, runbookIndexEntry } from '../report/runbook-report.js';
import type { TraceEvent } from '../sim/trace.js';
import { formatProblem, loadScenarioFile, type ScenarioProblem } from '../scenarios/file/loader.js';
import type { PathSegment } from '../scenarios/file/problem.js';
import { WorldBuildError } from '../scenarios/run/world-builder.js';
import { runScenario, type ScenarioResult } from '../scenarios/run/runner.js';
import type { Scenario } from '../scenarios/scenario.js';
import { metricsLines } from '../scenarios/check/client-metrics.js';
import { createProgress, type ProgressStream } from '../report/progress.js';
import { CommandExit, FAILED_EXIT_CODE, LOAD_ERROR_EXIT_CODE, shellWord } from './command-exit.js';
import { parseSeed } from './option-parsers.js';

export { CommandExit, FAILED_EXIT_CODE, LOAD_ERROR_EXIT_CODE } from './command-exit.js';

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
  ) => Promise<
    Pick<
      ScenarioResult,
      | 'name'
      | 'seed'
      | 'passed'
      | 'expectations'
      | 'traceJsonLines'
      | 'fingerprint'
      | 'symptomsUsed'
      | 'metrics'
    >
  >;
  /** Where progress goes while a scenario runs; none when absent. */
  readonly progress?: ProgressStream;
}

const defaultIo: RunCommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  run: runScenario,
  progress: process.stderr,
};

const SCENARIO_FILE = /\.ya?ml$/i;

/** The files to run, or a message saying why there are none. */
export function scenarioFiles(path: string): { files: string[] } | { problem: string } {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    return { problem: `${path}: no such file or directory` };
  }
  if (!isDirectory) return { files: [path] };
  const names = readdirSync(path)
    .filter((name) => SCENARIO_FILE.test(name) && statSync(join(path, name)).isFile())
    .sort();
  return names.length > 0
    ? { files: names.map((name) => join(path, name)) }
    : { problem: `${path}: no *.yaml or *.yml scenario files in this directory` };
}

export function reproduceCommand(file: string, seed: number): string {
  return `npx kmsim run ${shellWord(file)} --seed ${seed}`;
}

/**
 * <dir>/<basename>.trace.jsonl and <dir>/<basename>.json; returns their paths. Also used by
 * serve --scenario and exec (`reproduce` names how they ran).
 */
export function writeReports(
  file: string,
  result: Awaited<ReturnType<RunCommandIo['run']>>,
  reportsDir: string,
  reproduce = reproduceCommand(file, result.seed),
): string[] {
  mkdirSync(reportsDir, { recursive: true });
  const base = basename(file).replace(SCENARIO_FILE, '');
  const tracePath = join(reportsDir, `${base}.trace.jsonl`);
  const summaryPath = join(reportsDir, `${base}.json`);
  const trace = result.traceJsonLines;
  writeFileSync(tracePath, trace === '' || trace.endsWith('\n') ? trace : `${trace}\n`);
  const summary = {
    file,
    name: result.name,
    seed: result.seed,
    passed: result.passed,
    symptomsUsed: result.symptomsUsed,
    fingerprint: result.fingerprint,
    reproduce,
    expectations: result.expectations,
    metrics: result.metrics,
  };
  writeFileSync(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
  return [tracePath, summaryPath];
}

/** The scenario file as a report names it: relative paths as given, absolute ones by base name. */
function displayPath(file: string): string {
  return isAbsolute(file) ? basename(file) : file.split('\\').join('/');
}

/** <dir>/<basename>.md and .svg (issue #5 §1-2); returns their paths and the index entry. */
export function writeRunbook(
  file: string,
  traceJsonLines: string,
  reportDir: string,
): { paths: string[]; entry: IndexEntry } {
  const base = basename(file).replace(SCENARIO_FILE, '');
  const trace = traceJsonLines
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as TraceEvent);
  const scenarioText = readFileSync(file, 'utf8');
  const scenarioFile = displayPath(file);
  const input = { trace, scenarioText, scenarioFile };
  const markdown = renderRunbookReport({
    ...input,
    chartFile: `${base}.svg`,
    faults: FAULT_RUNBOOK,
  });
  const entry = { base, ...runbookIndexEntry(input) };
  const startMs = trace.find((event) => event.kind === 'scenario.start')?.atMs ?? 0;
  const endMs =
    trace.find((event) => event.kind === 'report.diagnosis' && event.data.trigger === 'end')
      ?.atMs ??
    trace.at(-1)?.atMs ??
    startMs;
  const svg = renderOutcomeChart(trace, { title: entry.name, startMs, endMs });
  const mdPath = join(reportDir, `${base}.md`);
  const svgPath = join(reportDir, `${base}.svg`);
  writeFileSync(mdPath, markdown);
  writeFileSync(svgPath, svg.endsWith('\n') ? svg : `${svg}\n`);
  return { paths: [mdPath, svgPath], entry };
}

/** <dir>/README.md: this run's reports, plus the rows of earlier reports still in the directory. */
export function writeReportIndex(reportDir: string, entries: readonly IndexEntry[]): string {
  const path = join(reportDir, 'README.md');
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  writeFileSync(
    path,
    renderReportIndex(entries, previous, (base) => existsSync(join(reportDir, `${base}.md`))),
  );
  return path;
}

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
  let result: Awaited<ReturnType<RunCommandIo['run']>>;
  const progress = io.progress ? createProgress(io.progress, scenario.name) : undefined;
  try {
    result = await io.run(scenario, progress ? { seed, onProgress: progress.update } : { seed });
  } catch (error) {
    progress?.finish();
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
  if (options.report !== undefined && reports.length > 0)
    io.err(`kmsim: wrote ${writeReportIndex(options.report, reports)}`);
  if (loaded.length > 1)
    io.out(
      failed === 0
        ? `ALL PASSED: ${loaded.length} scenarios`
        : `FAILED: ${failed} of ${loaded.length} scenarios`,
    );
  if (unbuildable > 0) return LOAD_ERROR_EXIT_CODE;
  return failed === 0 ? 0 : FAILED_EXIT_CODE;
}

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description(
      'run scenario files and check their expectations (a file, or every *.yaml/*.yml in a directory)',
    )
    .argument('<path>', 'a scenario file or a directory of them')
    .option('--seed <n>', "override each scenario's seed", parseSeed)
    .option(
      '--report <dir>',
      'write a runbook report (<scenario>.md, <scenario>.svg, README.md index) per scenario, with its trace, into <dir>',
    )
    .action(async (path: string, options: RunCommandOptions) => {
      const exitCode = await runCommand(path, options);
      if (exitCode !== 0) throw new CommandExit(exitCode);
    });
}
