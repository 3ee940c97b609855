/**
 * The Symptoms and Cause sections. Symptoms: each exception exactly as the caller got it (type,
 * HTTP status, message), when it was first and last seen and how often; the attempts the SDK
 * retried away; what the operator was refused. Cause: the injected faults with what each models
 * (the fault catalogue's own summary), the operator actions and background load that started the
 * trouble, and what followed in the key store and the cluster, with what docs/behaviour.md says it means.
 * The fault summaries come from the caller (report/ sits below faults/ in the layer table).
 */
import { cliError } from './diagnosis-section.js';
import { errorLabel as exceptionLabel, type StepRole } from './incident.js';
import { code, table } from './markdown.js';
import { formatAt, formatDuration } from './report-time.js';
import {
  CONNECTION_ERROR_GUIDANCE,
  exceptionGuidance,
  type FaultGuide,
} from './runbook-guidance.js';
import type { CallFact, FaultFact, RunFacts, StateFact, StepFact } from './run-facts.js';
import { labelOf } from './run-facts.js';

export { errorLabel as exceptionLabel } from './incident.js';

interface SymptomRow {
  readonly call: CallFact;
  count: number;
  lastMs: number;
}

function symptomRows(facts: RunFacts): SymptomRow[] {
  const rows = new Map<string, SymptomRow>();
  for (const call of facts.calls) {
    if (call.ok) continue;
    const key = JSON.stringify([
      call.client,
      call.operation,
      call.errorName,
      call.errorCode,
      call.message,
    ]);
    const row = rows.get(key);
    if (row) {
      row.count += 1;
      row.lastMs = call.endMs;
    } else {
      rows.set(key, { call, count: 1, lastMs: call.endMs });
    }
  }
  return [...rows.values()];
}

function retriedAway(facts: RunFacts): string[] {
  const retried = facts.calls.filter((call) => call.attempts > 1);
  if (retried.length === 0) return [];
  const groups = new Map<string, { count: number; firstMs: number; lastMs: number }>();
  for (const attempt of facts.attemptErrors) {
    const key = `${attempt.client}|${attempt.error}`;
    const group = groups.get(key);
    if (group) {
      group.count += 1;
      group.lastMs = attempt.atMs;
    } else groups.set(key, { count: 1, firstMs: attempt.atMs, lastMs: attempt.atMs });
  }
  const succeeded = retried.filter((call) => call.ok).length;
  const outcome =
    succeeded === retried.length
      ? 'all of them succeeded in the end, so their callers never saw an error'
      : succeeded === 0
        ? 'none of them succeeded: each failed after its retries'
        : `${succeeded} succeeded in the end (their callers never saw an error) and ${retried.length - succeeded} failed after their retries`;
  return [
    `The SDK retried ${retried.length} call(s): ${outcome}. Every failed attempt, retried or not:`,
    '',
    ...table(
      ['Client', 'Attempt error', 'Attempts', 'First', 'Last'],
      [...groups].map(([key, group]) => {
        const [client, error] = key.split('|') as [string, string];
        return [
          code(client),
          code(error),
          String(group.count),
          formatAt(group.firstMs),
          formatAt(group.lastMs),
        ];
      }),
    ),
    '',
  ];
}

function operatorRefusals(facts: RunFacts, roles: ReadonlyMap<number, StepRole>): string[] {
  const refused = facts.steps.filter((step) => step.ok === false);
  if (refused.length === 0) return [];
  const lines = ['What the operator was refused:', ''];
  for (const step of refused) {
    const failedCall = step.operatorCalls.find((call) => call.status !== 200);
    const said = failedCall
      ? cliError(failedCall.operation, failedCall.body)
      : `${step.errorName ?? 'Error'}: ${step.message ?? ''}`;
    const expected = step.params.expectError !== undefined ? ' (the scenario expects this)' : '';
    lines.push(
      `- ${formatAt(step.atMs)} ${code(step.what)}${roles.get(step.index) === 'fix' ? ' during the fix' : ''}${expected}: ${said}`,
    );
  }
  return [...lines, ''];
}

export function symptomsSection(facts: RunFacts, roles: ReadonlyMap<number, StepRole>): string[] {
  const lines = ['## Symptoms', ''];
  const rows = symptomRows(facts);
  if (rows.length === 0) {
    lines.push(
      `No call failed: all ${facts.calls.length} calls of the clients under test succeeded.`,
      '',
    );
  } else {
    lines.push('What the application saw, exactly as the SDK raised it:', '');
    lines.push(
      ...table(
        ['Client', 'Operation', 'Exception', 'HTTP', 'Message', 'First seen', 'Last seen', 'Calls'],
        rows.map(({ call, count, lastMs }) => [
          code(call.client),
          call.operation,
          code(exceptionLabel(call)),
          call.httpStatusCode === undefined ? '—' : String(call.httpStatusCode),
          call.message === undefined ? '—' : code(call.message),
          formatAt(call.endMs),
          formatAt(lastMs),
          String(count),
        ]),
      ),
      '',
    );
  }
  return [...lines, ...retriedAway(facts), ...operatorRefusals(facts, roles)];
}

/** Fault parameters a reader needs: ids as labels, durations formatted, passwords never. */
function faultParams(facts: RunFacts, fault: FaultFact): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(fault.params)) {
    if (/password/i.test(name)) continue;
    if (typeof value === 'string' && /Id$/.test(name)) parts.push(labelOf(facts, value));
    else if (typeof value === 'number' && /Ms$/.test(name))
      parts.push(`${name.replace(/Ms$/, '')} ${formatDuration(value)}`);
    else parts.push(`${name} ${code(Array.isArray(value) ? value.join(',') : String(value))}`);
  }
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

export function faultLine(facts: RunFacts, fault: FaultFact, guide: FaultGuide): string {
  const summary = guide.get(fault.fault)?.summary ?? 'no catalogue summary';
  const flag = fault.symptom
    ? ' **Flagged: a symptom injector, the error was forced rather than derived from a cause.**'
    : '';
  return `${formatAt(fault.atMs)}: fault ${code(fault.fault)}${faultParams(facts, fault)}. It models: ${summary}.${flag}`;
}

function stepCause(step: StepFact): string {
  const commands = step.operatorCalls.map((call) => code(call.cli));
  return `${formatAt(step.atMs)}: the operator ran ${commands.length > 0 ? commands.join(', ') : code(step.what)}`;
}

/** `CONNECTED → DISCONNECTING (+1m0s) → …` for each key store over the run. */
function storePaths(facts: RunFacts): string[] {
  const byStore = new Map<string, StateFact[]>();
  for (const change of facts.keyStores)
    byStore.set(change.id, [...(byStore.get(change.id) ?? []), change]);
  const lines: string[] = [];
  for (const [id, changes] of byStore) {
    const before = changes.filter((change) => change.atMs <= 0).at(-1);
    const during = changes.filter((change) => change.atMs > 0);
    const label = (change: StateFact): string =>
      `**${change.state}**${change.detail ? ` (${change.detail})` : ''}`;
    const path = [
      before ? `${label(before)} at the start` : 'at the start',
      ...during.map((change) => `${label(change)} ${formatAt(change.atMs)}`),
    ];
    lines.push(
      `- Key store ${labelOf(facts, id)}: ${during.length === 0 ? `${path[0]}, unchanged to the end` : path.join(' → ')}`,
    );
  }
  return lines;
}

function clusterDamage(facts: RunFacts): string[] {
  // HSMs a fault took away: deleted in the instant a fault was injected.
  return facts.hsms
    .filter(
      (change) =>
        change.state === 'DELETED' && facts.faults.some((fault) => fault.atMs === change.atMs),
    )
    .map(
      (change) =>
        `- HSM ${code(change.id)}${change.availabilityZone ? ` in ${change.availabilityZone}` : ''} of cluster ${labelOf(facts, change.clusterId ?? '?')}: **DELETED** ${formatAt(change.atMs)}`,
    );
}

function meanings(facts: RunFacts): string[] {
  const lines: string[] = [];
  const codes = [
    ...new Set(
      facts.keyStores
        .filter((change) => change.atMs > 0 && change.detail)
        .map((change) => change.detail!),
    ),
  ];
  for (const errorCode of codes) {
    const guidance = CONNECTION_ERROR_GUIDANCE[errorCode];
    if (guidance)
      lines.push(
        `- ConnectionErrorCode ${code(errorCode)}: ${guidance.meaning} ${guidance.runbook}`,
      );
  }
  const seen = new Set<string>();
  for (const call of facts.calls) {
    if (call.ok) continue;
    const guidance = exceptionGuidance(
      call.errorName ?? 'Error',
      call.message ?? call.errorCode,
      call.operation,
    );
    if (!guidance || seen.has(guidance)) continue;
    seen.add(guidance);
    lines.push(`- ${code(exceptionLabel(call))}: ${guidance}`);
  }
  return lines;
}

/** One line per key whose hot-key limit refused requests (docs/behaviour.md §5.1): the clients' own calls. */
function hotKeyLines(facts: RunFacts): string[] {
  const byKey = new Map<string, { atMs: number; operation: string }[]>();
  for (const throttle of facts.hotKeyThrottles)
    byKey.set(throttle.keyId, [...(byKey.get(throttle.keyId) ?? []), throttle]);
  return [...byKey].map(([keyId, throttles]) => {
    const perOperation = new Map<string, number>();
    for (const { operation } of throttles)
      perOperation.set(operation, (perOperation.get(operation) ?? 0) + 1);
    const operations = [...perOperation]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([operation, count]) => `${operation} ×${count}`)
      .join(', ');
    return `- The clients' own state changes on key ${labelOf(facts, keyId)}: ${throttles.length} requests (${operations}) refused by the key's hot-key limit, ${formatAt(throttles[0]!.atMs)} to ${formatAt(throttles.at(-1)!.atMs)}; each attempt of a retried call counts.`;
  });
}

export function causeSection(
  facts: RunFacts,
  roles: ReadonlyMap<number, StepRole>,
  guide: FaultGuide,
): string[] {
  const happened = [
    ...facts.faults.map((fault) => ({ atMs: fault.atMs, line: faultLine(facts, fault, guide) })),
    ...facts.steps
      .filter((step) => roles.get(step.index) === 'cause' && step.kind === 'action')
      .map((step) => ({ atMs: step.atMs, line: stepCause(step) })),
  ].sort((a, b) => a.atMs - b.atMs);
  const lines = ['## Cause', ''];
  const hotKeys = hotKeyLines(facts);
  if (happened.length === 0 && facts.loads.length === 0)
    lines.push(
      hotKeys.length > 0
        ? 'Nothing was injected and no operator action started the trouble: the clients caused it themselves.'
        : 'Nothing was injected and no operator action started the trouble.',
      '',
    );
  for (const item of happened) lines.push(`- ${item.line}`);
  lines.push(...hotKeys);
  for (const load of facts.loads) {
    const n = (count: number): string => String(count).replace(/\B(?=(\d{3})+$)/g, ',');
    lines.push(
      `- Background load ${code(load.load)} inside the simulator: ${n(load.arrivals)} requests, ${n(load.ok)} served, ${n(load.throttled)} throttled, ${n(load.sessionsExhausted)} refused for lack of a PKCS#11 session, ${n(load.unavailable)} unavailable.`,
    );
  }
  lines.push('', 'What it did:', '', ...storePaths(facts), ...clusterDamage(facts));
  const meaning = meanings(facts);
  if (meaning.length > 0) lines.push('', 'What docs/behaviour.md says it means:', '', ...meaning);
  return [...lines, ''];
}
