/**
 * Output shared by `kmsim serve --scenario` and `kmsim exec` (issue #9 §1-2): the name map printed
 * at start-up, and the report files written at the end, the same set `kmsim run --report` writes
 * (trace, JSON summary, runbook Markdown, chart, index).
 */
import type { ServedResult, WorldNames } from '../scenarios/run/served-scenario.js';

/** `kmsim: name key app-key = arn:aws:kms:...` lines, one per logical name. */
export function nameMapLines(names: WorldNames): string[] {
  return [
    ...Object.entries(names.clusters).map(([name, id]) => `kmsim: name cluster ${name} = ${id}`),
    ...Object.entries(names.keyStores).map(([name, id]) => `kmsim: name key-store ${name} = ${id}`),
    ...Object.entries(names.keys).map(
      ([name, key]) =>
        `kmsim: name key ${name} = ${key.arn}${key.aliases.length ? ` (${key.aliases.join(', ')})` : ''}`,
    ),
    ...Object.entries(names.clients).map(
      ([name, client]) =>
        `kmsim: name client ${name} = ${client.accessKeyId === null ? 'in-process' : `access key ${client.accessKeyId}`}`,
    ),
  ];
}

/**
 * Writes the report set into `dir`; returns the paths written. The report writers (and the chart
 * renderer they load) are loaded only when a report is asked for.
 */
export async function writeServedReports(
  file: string,
  result: ServedResult,
  dir: string,
  reproduce: string,
): Promise<string[]> {
  const { writeReportIndex, writeReports, writeRunbook } = await import('./report-files.js');
  const written = writeReports(file, result, dir, `npx ${reproduce}`);
  const runbook = writeRunbook(file, result.traceJsonLines, dir);
  written.push(...runbook.paths, writeReportIndex(dir, [runbook.entry]));
  return written;
}
