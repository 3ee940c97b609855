/**
 * The Recovery and Timeline sections. Recovery: the fix that ended the last errors, the time to the
 * first success and to the full success rate (every later call succeeded), the errors seen in
 * between, and for each client and exception when it stopped and what stopped it. Timeline: every
 * step, state change, first and last error and diagnosis capture of the run, in virtual time.
 */
import { fixTitle } from './fix-section.js';
import type { FixEntry, Recovery, StepRole } from './incident.js';
import { code, table } from './markdown.js';
import { formatAt, formatDuration } from './report-time.js';
import type { RunFacts, StateFact } from './run-facts.js';
import { labelOf } from './run-facts.js';
import { exceptionLabel } from './symptoms-cause.js';

function since(atMs: number, fromMs: number): string {
  return `${formatAt(atMs)}, ${formatDuration(atMs - fromMs)} after the fix`;
}

function kindTable(facts: RunFacts, result: Recovery): string[] {
  return table(
    ['Client', 'Exception', 'Calls', 'First', 'Last', 'Stopped by', 'Next success'],
    result.kinds.map((kind) => [
      code(kind.client),
      code(kind.errorName),
      String(kind.count),
      formatAt(kind.firstMs),
      formatAt(kind.lastMs),
      kind.fixedBy
        ? `${fixTitle(kind.fixedBy)} (${formatAt(kind.fixedBy.atMs)})`
        : kind.successAfter
          ? 'no operator action'
          : '—',
      kind.successAfter
        ? `${formatAt(kind.successAfter.endMs)} (${kind.successAfter.operation})`
        : `none before the end (${formatAt(facts.endMs)})`,
    ]),
  );
}

function connectedAgain(facts: RunFacts, fromMs: number): string | undefined {
  const back = facts.keyStores.find(
    (change) => change.atMs >= fromMs && change.state === 'CONNECTED',
  );
  return back
    ? `Key store ${labelOf(facts, back.id)} CONNECTED again at ${formatAt(back.atMs)}.`
    : undefined;
}

export function recoverySection(facts: RunFacts, result: Recovery): string[] {
  const lines = ['## Recovery', ''];
  const failed = facts.calls.filter((call) => !call.ok).length;
  if (failed === 0) {
    const retried = facts.calls.filter((call) => call.attempts > 1);
    lines.push(
      `Nothing to recover from on the caller's side: none of the ${facts.calls.length} calls failed.`,
    );
    if (retried.length > 0)
      lines.push(
        `${retried.length} call(s) needed retries (the last finished at ${formatAt(Math.max(...retried.map((call) => call.endMs)))}); the SDK absorbed them.`,
      );
    return [...lines, ''];
  }
  const { fix, firstSuccess } = result;
  if (fix) lines.push(`- **The fix:** ${fixTitle(fix)} at ${formatAt(fix.atMs)}.`);
  else
    lines.push('- **The fix:** none; the errors stopped (or went on) without an operator action.');
  const fromMs = fix?.atMs ?? 0;
  if (firstSuccess)
    lines.push(
      `- **First success${fix ? ' after the fix' : ' after the last error'}:** ${fix ? since(firstSuccess.endMs, fromMs) : formatAt(firstSuccess.endMs)} (${code(firstSuccess.client)} ${firstSuccess.operation}).`,
    );
  else
    lines.push(
      `- **First success${fix ? ' after the fix' : ''}:** none before the end of the run (${formatAt(facts.endMs)}).`,
    );
  if (result.fullSuccessFromMs !== undefined) {
    const when = fix ? since(result.fullSuccessFromMs, fromMs) : formatAt(result.fullSuccessFromMs);
    lines.push(
      `- **Full success rate:** from ${when}: all ${result.callsAfterFullSuccess} calls from then to the end succeeded.`,
    );
  } else {
    const unrecovered = result.kinds
      .filter((kind) => kind.successAfter === undefined)
      .map(
        (kind) => `${code(kind.client)} ${code(kind.errorName)} (last ${formatAt(kind.lastMs)})`,
      );
    lines.push(
      `- **Full success rate:** not reached: no call worked again after ${unrecovered.join(', ')} before the scenario ended (${formatAt(facts.endMs)}).`,
    );
  }
  if (fix) {
    const during = [...result.errorsDuringRecovery].map(([key, count]) => {
      const [client, errorName] = key.split('|') as [string, string];
      return `${code(client)} ${code(errorName)} ×${count}`;
    });
    lines.push(
      `- **Errors during recovery** (after the fix, before the full success rate): ${during.length > 0 ? during.join(', ') : 'none'}.`,
    );
    const back = connectedAgain(facts, fromMs);
    if (back) lines.push(`- ${back}`);
  }
  lines.push('', 'Each kind of error, and what stopped it:', '', ...kindTable(facts, result), '');
  return lines;
}

interface Row {
  readonly atMs: number;
  readonly text: string;
}

function stateRows(facts: RunFacts, changes: readonly StateFact[], kind: string): Row[] {
  return changes
    .filter((change) => change.atMs >= 0)
    .map((change) => ({
      atMs: change.atMs,
      text: `${kind} ${labelOf(facts, change.id)}${change.availabilityZone ? ` (${change.availabilityZone})` : ''} → **${change.state}**${change.detail ? ` (${change.detail})` : ''}`,
    }));
}

const ROLE_WORDS: Readonly<Record<StepRole, string>> = {
  setup: 'setup',
  cause: 'cause',
  symptom: 'shows the symptom',
  fix: 'fix',
};

export function timelineSection(
  facts: RunFacts,
  roles: ReadonlyMap<number, StepRole>,
  fixes: readonly FixEntry[],
  result: Recovery,
): string[] {
  const rows: Row[] = [];
  for (const step of facts.steps) {
    const commands = step.operatorCalls.map((call) => code(call.cli)).join('; ');
    const outcome = step.ok === false ? ` — failed: ${code(step.errorName ?? 'Error')}` : '';
    rows.push({
      atMs: step.atMs,
      text: `${code(step.what)} (${ROLE_WORDS[roles.get(step.index) ?? 'setup']})${commands ? `: ${commands}` : ''}${outcome}`,
    });
  }
  for (const entry of fixes)
    if (entry.faultEnd) rows.push({ atMs: entry.atMs, text: `${fixTitle(entry)} (fix)` });
  rows.push(
    ...stateRows(facts, facts.keyStores, 'key store'),
    ...stateRows(facts, facts.clusters, 'cluster'),
    ...stateRows(facts, facts.hsms, 'HSM'),
    ...stateRows(facts, facts.backupsReady, 'backup'),
  );
  for (const kind of result.kinds) {
    const first = facts.calls.find(
      (call) => !call.ok && call.client === kind.client && exceptionLabel(call) === kind.errorName,
    )!;
    rows.push({
      atMs: kind.firstMs,
      text: `${code(kind.client)} first sees ${code(kind.errorName)} (${first.operation})`,
    });
    if (kind.lastMs !== kind.firstMs)
      rows.push({
        atMs: kind.lastMs,
        text: `${code(kind.client)} last sees ${code(kind.errorName)}`,
      });
    if (kind.successAfter)
      rows.push({
        atMs: kind.successAfter.endMs,
        text: `${code(kind.client)} succeeds again (${kind.successAfter.operation})`,
      });
  }
  for (const capture of facts.captures)
    rows.push({ atMs: capture.atMs, text: 'diagnosis taken (see Diagnosis)' });
  rows.push({ atMs: facts.endMs, text: 'end of the scenario' });
  const sorted = rows
    .map((row, order) => ({ ...row, order }))
    .sort((a, b) => a.atMs - b.atMs || a.order - b.order);
  return [
    '## Timeline',
    '',
    ...table(
      ['Time', 'Event'],
      sorted.map((row) => [formatAt(row.atMs), row.text]),
    ),
    '',
  ];
}
