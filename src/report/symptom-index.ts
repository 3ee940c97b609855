/**
 * The symptom index of `reports/README.md` (issue 14, deliverable 3): organised by what the on-call
 * person sees — the exception type and message pattern the application got, the ConnectionState
 * and ConnectionErrorCode that `describe-custom-key-stores` shows, and errors the SDK retried away
 * — each row linking to the runbook (docs/behaviour.md §7) and to the reports that start from it.
 *
 * Rows are keyed by their cells; a run that writes some reports keeps the links of reports it did
 * not rewrite (read back from the previous README), like the list of all reports does.
 */
import { errorLabel } from './incident.js';
import { cell, code } from './markdown.js';
import { messagePattern } from './first-screen.js';
import { CONNECTION_ERROR_GUIDANCE, exceptionGuidance } from './runbook-guidance.js';
import type { RunFacts } from './run-facts.js';

export type SymptomTable = 'exception' | 'state' | 'retried';

/** One row key of one table, and the runbook it points to. */
export interface Symptom {
  readonly table: SymptomTable;
  /** The row's cells before the Runbook column, as Markdown. */
  readonly cells: readonly string[];
  readonly runbook: string;
}

const TABLES: Readonly<Record<SymptomTable, { title: string; intro: string; header: string[] }>> = {
  exception: {
    title: 'By what the application gets: exception and message',
    intro:
      'The exception type and message as the SDK raises it (ids masked: `<key ARN>`, `<cluster id>` …).',
    header: ['Exception (HTTP status)', 'Message pattern', 'Runbook', 'Reports'],
  },
  state: {
    title: 'By what `aws kms describe-custom-key-stores` shows',
    intro:
      'ConnectionState, and ConnectionErrorCode when FAILED (docs/behaviour.md §4.1, §4.2). CONNECTED does not mean healthy: look at the exception table too.',
    header: ['ConnectionState', 'ConnectionErrorCode', 'Runbook', 'Reports'],
  },
  retried: {
    title: 'Errors the SDK retried away (callers saw latency, not an error)',
    intro: 'Failed wire attempts that a later attempt of the same call made good.',
    header: ['Attempt error', 'Runbook', 'Reports'],
  },
};

const RUNBOOK_ID = /RB-(\d+)/g;

/** `RB-3 row USER_LOCKED_OUT` → the same text with each RB id linked to its definition. */
export function linkRunbooks(text: string): string {
  return text.replace(RUNBOOK_ID, (id, n: string) => `[${id}](../docs/behaviour.md#rb-${n})`);
}

function guidanceRunbook(text: string | undefined): string {
  if (!text) return '—';
  const match = /^(RB-\d+)(?:\/(RB-\d+))?: ([^.]*)/.exec(text);
  if (!match) {
    // No runbook id: the first sentence, with the docs/behaviour.md sections the rest cites when
    // it cites none itself (the TimeoutError guidance names its sections after the cause).
    const [first, ...rest] = text.split('. ');
    if (first!.includes('docs/behaviour.md §')) return first!;
    const sections = [
      ...new Set(
        [...rest.join('. ').matchAll(/docs\/behaviour\.md ((?:§[\d.]*\d(?:, )?)+)/g)].flatMap(
          (found) => found[1]!.split(', '),
        ),
      ),
    ];
    return sections.length > 0 ? `${first} (docs/behaviour.md ${sections.join(', ')})` : first!;
  }
  return `${match[1]}: ${match[3]}`;
}

/** The symptoms one run shows, each once. */
export function reportSymptoms(facts: RunFacts): Symptom[] {
  const found = new Map<string, Symptom>();
  const add = (symptom: Symptom): void => {
    found.set(`${symptom.table}|${symptom.cells.join('|')}`, symptom);
  };
  for (const call of facts.calls) {
    if (call.ok) continue;
    const status = call.httpStatusCode === undefined ? '' : ` (${call.httpStatusCode})`;
    add({
      table: 'exception',
      cells: [
        `${code(errorLabel(call))}${status}`,
        call.message ? code(messagePattern(call.message)) : '—',
      ],
      runbook: guidanceRunbook(
        exceptionGuidance(
          call.errorName ?? 'Error',
          call.message ?? call.errorCode,
          call.operation,
        ),
      ),
    });
  }
  for (const attempt of facts.attemptErrors) {
    // Made good by a later attempt: the client has a call that succeeded after retries.
    const retriedAway = facts.calls.some(
      (call) => call.ok && call.attempts > 1 && call.client === attempt.client,
    );
    if (!retriedAway) continue;
    add({
      table: 'retried',
      cells: [code(attempt.error)],
      runbook: guidanceRunbook(
        attempt.error === 'ECONNRESET'
          ? exceptionGuidance('Error', 'ECONNRESET')
          : exceptionGuidance(attempt.error, undefined, attempt.operation),
      ),
    });
  }
  for (const change of facts.keyStores) {
    if (change.atMs <= 0) continue;
    if (change.state === 'FAILED')
      add({
        table: 'state',
        cells: ['**FAILED**', code(change.detail ?? '?')],
        runbook: `RB-3 row ${change.detail ?? '?'}: ${CONNECTION_ERROR_GUIDANCE[change.detail ?? '']?.meaning.replace(/\.$/, '') ?? 'see docs/behaviour.md §4.2'}`,
      });
    else if (change.state === 'DISCONNECTED')
      add({
        table: 'state',
        cells: ['**DISCONNECTED**', '—'],
        runbook:
          'RB-1: someone disconnected it (the only way to get there); connect it, and follow RB-3 if that ends FAILED',
      });
  }
  return [...found.values()];
}

export interface ReportSymptoms {
  readonly base: string;
  readonly symptoms: readonly Symptom[];
}

const LINK = /\[[^\]]*\]\(([^)]+)\.md\)/g;

/** Rows of the symptom tables of an existing README: table → row key (cells + runbook) → bases. */
function previousRows(readme: string | undefined): Map<string, Set<string>> {
  const rows = new Map<string, Set<string>>();
  let table: SymptomTable | undefined;
  for (const line of (readme ?? '').split('\n')) {
    if (line.startsWith('## ')) {
      table = (Object.keys(TABLES) as SymptomTable[]).find(
        (name) => line === `## ${TABLES[name].title}`,
      );
      continue;
    }
    if (!table || !line.startsWith('| ') || line.startsWith('| ---')) continue;
    const cells = line.slice(2, -2).split(' | ');
    if (cells[0] === TABLES[table].header[0]) continue;
    const bases = [...cells.at(-1)!.matchAll(LINK)].map((match) => match[1]!);
    rows.set(`${table}\n${cells.slice(0, -1).join(' | ')}`, new Set(bases));
  }
  return rows;
}

/**
 * The symptom tables: this run's reports' symptoms, plus rows (or links) of reports from
 * `previous` that still exist and were not rewritten now.
 */
export function renderSymptomTables(
  current: readonly ReportSymptoms[],
  previous: string | undefined,
  exists: (base: string) => boolean,
): string[] {
  const rewritten = new Set(current.map((report) => report.base));
  const rows = previousRows(previous);
  for (const bases of rows.values())
    for (const base of [...bases]) if (rewritten.has(base) || !exists(base)) bases.delete(base);
  for (const report of current)
    for (const symptom of report.symptoms) {
      const key = `${symptom.table}\n${[...symptom.cells, linkRunbooks(cell(symptom.runbook))].join(' | ')}`;
      const bases = rows.get(key) ?? new Set<string>();
      bases.add(report.base);
      rows.set(key, bases);
    }
  const lines: string[] = [];
  for (const table of Object.keys(TABLES) as SymptomTable[]) {
    const entries = [...rows]
      .filter(([key, bases]) => key.startsWith(`${table}\n`) && bases.size > 0)
      .map(([key, bases]) => ({ cells: key.slice(table.length + 1), bases: [...bases].sort() }))
      .sort((a, b) => (a.cells < b.cells ? -1 : a.cells > b.cells ? 1 : 0));
    if (entries.length === 0) continue;
    const { title, intro, header } = TABLES[table];
    lines.push(
      `## ${title}`,
      '',
      intro,
      '',
      `| ${header.join(' | ')} |`,
      `| ${header.map(() => '---').join(' | ')} |`,
      ...entries.map(
        (entry) =>
          `| ${entry.cells} | ${entry.bases.map((base) => `[${base}](${base}.md)`).join(', ')} |`,
      ),
      '',
    );
  }
  return lines;
}
