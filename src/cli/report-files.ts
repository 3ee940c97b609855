/**
 * The files `kmsim run --report <dir>` writes per scenario (issue #5), also written by
 * `serve --scenario --report` and `exec --report` (served-report.ts): the trace as JSON lines, a
 * JSON summary, the runbook report and its chart, and the directory's README.md index. Loaded only
 * when a report is asked for, so a run without --report does not load the report renderers.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { FAULT_RUNBOOK } from '../faults/catalogue.js';
import { renderOutcomeChart } from '../report/outcome-chart.js';
import { renderReportIndex, type IndexEntry } from '../report/report-index.js';
import { renderRunbookReport, runbookIndexEntry } from '../report/runbook-report.js';
import type { ScenarioResult } from '../scenarios/run/runner.js';
import type { TraceEvent } from '../sim/trace.js';
import { reproduceCommand } from './command-exit.js';
import { scenarioBaseName } from './scenario-files.js';

export type { IndexEntry } from '../report/report-index.js';

/** What the report files are made of: the parts of a scenario's result they write. */
export type ReportedResult = Pick<
  ScenarioResult,
  | 'name'
  | 'seed'
  | 'passed'
  | 'expectations'
  | 'traceJsonLines'
  | 'fingerprint'
  | 'symptomsUsed'
  | 'metrics'
>;

/**
 * <dir>/<basename>.trace.jsonl and <dir>/<basename>.json; returns their paths. `reproduce` names
 * how the scenario ran (serve --scenario and exec give their own).
 */
export function writeReports(
  file: string,
  result: ReportedResult,
  reportsDir: string,
  reproduce = reproduceCommand(file, result.seed),
): string[] {
  mkdirSync(reportsDir, { recursive: true });
  const base = scenarioBaseName(file);
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
  const base = scenarioBaseName(file);
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
