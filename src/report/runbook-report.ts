/**
 * A runbook report of one scenario run (issue #5 §1): Markdown with Summary, the outcome chart,
 * Symptoms, Diagnosis, Cause, Fix, Recovery, Timeline and the scenario's checks. A pure function of
 * the run's trace and the scenario file's text: every time, id, state, message and output comes
 * from the trace; the file contributes only its own description. Times are relative to the
 * scenario's start (`+1m30s`). The same trace and text always give the same bytes.
 */
import type { TraceEvent } from '../sim/trace.js';
import { diagnosisSection } from './diagnosis-section.js';
import { fixPlan } from './fix-attempts.js';
import { fixSection, fixTitle } from './fix-section.js';
import { externalClientsSection } from './external-clients-section.js';
import { firstScreen } from './first-screen.js';
import { reportSymptoms, type Symptom } from './symptom-index.js';
import { fixEntries, recovery, stepRoles, type Recovery } from './incident.js';
import { code } from './markdown.js';
import { formatAt, formatDuration } from './report-time.js';
import { recoverySection, timelineSection } from './recovery-timeline.js';
import { runFacts, type RunFacts } from './run-facts.js';
import type { FaultGuide } from './runbook-guidance.js';
import { firstSentence, scenarioHeader } from './scenario-header.js';
import { causeSection, exceptionLabel, symptomsSection } from './symptoms-cause.js';

export interface RunbookInput {
  readonly trace: readonly TraceEvent[];
  /** The scenario file's text (its header comment describes it). */
  readonly scenarioText: string;
  /** The scenario file as the reader would name it, e.g. `scenarios/cluster-deleted.yaml`. */
  readonly scenarioFile: string;
  /** The chart's file name beside the report, e.g. `cluster-deleted.svg`; omitted: no chart. */
  readonly chartFile?: string;
  /** What each fault models and what a person does when it heals (faults/catalogue.ts FAULT_RUNBOOK). */
  readonly faults: FaultGuide;
}

/** The one-line outcome of a run, for the report header and the reports index. */
export interface RunbookOutcome {
  readonly passed: boolean;
  readonly checks: number;
  readonly failedChecks: number;
  /** A few words: the main symptom and how the run recovered. */
  readonly headline: string;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function mainSymptom(facts: RunFacts): string | undefined {
  const counts = new Map<string, number>();
  for (const call of facts.calls)
    if (!call.ok) counts.set(exceptionLabel(call), (counts.get(exceptionLabel(call)) ?? 0) + 1);
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top ? `${top[0]} ×${top[1]}` : undefined;
}

export function runbookOutcome(facts: RunFacts, result: Recovery): RunbookOutcome {
  const failedChecks = facts.expectations.filter((expectation) => !expectation.passed).length;
  const symptom = mainSymptom(facts);
  let headline: string;
  if (!symptom) {
    const retried = facts.calls.filter((call) => call.attempts > 1).length;
    headline =
      retried > 0
        ? `no errors reached the callers (${plural(retried, 'call')} retried)`
        : 'no errors reached the callers';
  } else if (result.fullSuccessFromMs === undefined) {
    headline = `${symptom}; still failing at the end`;
  } else if (result.fix) {
    headline = `${symptom}; all calls succeed again ${formatDuration(result.fullSuccessFromMs - result.fix.atMs)} after the fix`;
  } else {
    headline = `${symptom}; all calls succeed again from ${formatAt(result.fullSuccessFromMs)}, without an operator action`;
  }
  return {
    passed: failedChecks === 0 && facts.expectations.length > 0,
    checks: facts.expectations.length,
    failedChecks,
    headline,
  };
}

/** Per key store: left CONNECTED when, why (FAILED codes), and back when; or stayed CONNECTED. */
function storeSentences(facts: RunFacts): string[] {
  const ids = [...new Set(facts.keyStores.map((change) => change.id))];
  return ids.map((id) => {
    const changes = facts.keyStores.filter((change) => change.id === id && change.atMs > 0);
    const name = facts.names.byId.get(id) ?? id;
    const left = changes.find((change) => change.state !== 'CONNECTED');
    if (!left) return `Key store ${code(name)} stayed CONNECTED throughout.`;
    const back = changes.find((change) => change.atMs >= left.atMs && change.state === 'CONNECTED');
    const codes = [
      ...new Set(
        changes.filter((change) => change.state === 'FAILED').map((change) => change.detail ?? '?'),
      ),
    ];
    const failed = codes.length > 0 ? ` (on the way it went FAILED with ${codes.join(', ')})` : '';
    return `Key store ${code(name)} left CONNECTED at ${formatAt(left.atMs)}${back ? ` and was CONNECTED again at ${formatAt(back.atMs)}` : ' and was not CONNECTED again before the end'}${failed}.`;
  });
}

function outcomeParagraph(facts: RunFacts, result: Recovery): string {
  const sentences: string[] = [];
  const kinds = result.kinds;
  if (kinds.length === 0)
    sentences.push(`In this run no call failed (${plural(facts.calls.length, 'call')}).`);
  else {
    const span = (kind: Recovery['kinds'][number]): string =>
      kind.firstMs === kind.lastMs
        ? `at ${formatAt(kind.firstMs)}`
        : `${formatAt(kind.firstMs)} to ${formatAt(kind.lastMs)}`;
    const shown = kinds
      .slice(0, 3)
      .map(
        (kind) =>
          `${code(kind.client)} saw ${code(kind.errorName)} on ${plural(kind.count, 'call')} (${span(kind)})`,
      );
    sentences.push(
      `In this run ${shown.join('; ')}${kinds.length > 3 ? `; and ${kinds.length - 3} more kinds of error` : ''}.`,
    );
  }
  sentences.push(...storeSentences(facts));
  if (kinds.length > 0) {
    if (result.fix && result.fullSuccessFromMs !== undefined)
      sentences.push(
        `After the fix (${fixTitle(result.fix)}, ${formatAt(result.fix.atMs)}) every call from ${formatAt(result.fullSuccessFromMs)} on succeeded.`,
      );
    else if (result.fullSuccessFromMs !== undefined)
      sentences.push(
        `Without an operator action, every call from ${formatAt(result.fullSuccessFromMs)} on succeeded.`,
      );
    else {
      const stuck = kinds
        .filter((kind) => kind.successAfter === undefined)
        .map((kind) => code(kind.client));
      sentences.push(
        `${[...new Set(stuck)].join(' and ')} never worked again before the scenario ended.`,
      );
    }
  }
  const failedChecks = facts.expectations.filter((expectation) => !expectation.passed).length;
  sentences.push(
    failedChecks === 0
      ? `All ${plural(facts.expectations.length, 'check')} passed.`
      : `${failedChecks} of ${plural(facts.expectations.length, 'check')} FAILED.`,
  );
  if (facts.faults.some((fault) => fault.symptom))
    sentences.push(
      '**This run used a flagged symptom injector (force-error): some errors were forced, not derived from a cause.**',
    );
  return sentences.join(' ');
}

function checksSection(facts: RunFacts): string[] {
  return [
    '## Checks',
    '',
    ...facts.expectations.map(
      (expectation) =>
        `- ${expectation.passed ? 'PASS' : '**FAIL**'} ${expectation.description}: ${expectation.detail}`,
    ),
    '',
  ];
}

function reproduceLine(input: RunbookInput, facts: RunFacts): string {
  // A run served to other processes names its own command (serve --scenario, exec).
  const setup = input.trace.find((event) => event.kind === 'scenario.setup');
  if (typeof setup?.data['reproduce'] === 'string') return setup.data['reproduce'];
  const seed = facts.seed === undefined ? '' : ` --seed ${String(facts.seed)}`;
  return `npx kmsim run ${input.scenarioFile}${seed} --report <dir>`;
}

/** The report's Markdown. */
export function renderRunbookReport(input: RunbookInput): string {
  const facts = runFacts(input.trace);
  const roles = stepRoles(facts);
  const fixes = fixEntries(facts, roles);
  const result = recovery(facts, fixes);
  const plan = fixPlan(facts, fixes, result);
  const outcome = runbookOutcome(facts, result);
  const header = scenarioHeader(input.scenarioText);
  const verdict = outcome.passed ? 'PASSED' : 'FAILED';
  // The sections under the first screen, first: the first screen sets every shell variable that
  // any command of the report uses (placeholders.ts), not only its own.
  const evidence = [
    ...symptomsSection(facts, roles),
    ...diagnosisSection(facts),
    ...causeSection(facts, roles, input.faults),
    ...fixSection(facts, fixes, plan, input.faults),
    ...recoverySection(facts, result),
    ...timelineSection(facts, roles, fixes, result),
    ...externalClientsSection(input.trace),
    ...checksSection(facts),
  ];
  const lines = [
    `# ${facts.name}`,
    '',
    `${code(input.scenarioFile)} · seed ${String(facts.seed ?? '—')} · ${formatDuration(facts.endMs)} of virtual time · **${verdict}** (${outcome.checks - outcome.failedChecks} of ${outcome.checks} checks)`,
    '',
    `Reproduce: ${code(reproduceLine(input, facts))}`,
    '',
    ...firstScreen(facts, roles, fixes, result, plan, input.faults, evidence.join('\n')),
    '## Summary',
    '',
    ...(header.summary ? [header.summary, ''] : []),
    outcomeParagraph(facts, result),
    '',
    ...(header.follows ? [`${header.follows}`, ''] : []),
  ];
  if (input.chartFile) {
    lines.push(
      `![Per client: calls/s by outcome, wire attempts/s and latency; background load against its quota; fault and fix markers; the key store's ConnectionState; over virtual time](${input.chartFile})`,
      '',
    );
  }
  lines.push(...evidence);
  return `${lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}

/** What the reports index shows for one run. */
export function runbookIndexEntry(input: Omit<RunbookInput, 'chartFile' | 'faults'>): {
  name: string;
  shows: string;
  outcome: RunbookOutcome;
  symptoms: Symptom[];
} {
  const facts = runFacts(input.trace);
  const result = recovery(facts, fixEntries(facts, stepRoles(facts)));
  return {
    name: facts.name,
    shows: firstSentence(scenarioHeader(input.scenarioText).summary),
    outcome: runbookOutcome(facts, result),
    symptoms: reportSymptoms(facts),
  };
}
