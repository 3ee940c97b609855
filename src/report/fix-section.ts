/**
 * The "What the operator did" section: once the trouble had begun, every step the operator took,
 * grouped as fix-attempts.ts splits them — each failed attempt under its own heading with why it
 * failed, then the fix that worked, then anything done after the errors had stopped. Each step is
 * the command a person types (AWS CLI, with its endpoint variable; the CloudHSM CLI session where
 * there is no AWS API) with what the simulated service answered, as the CLI prints it, and what
 * followed in the key store and the cluster before the next step. Heals of faults say what a
 * person does to end that cause; a fault that ran out of time says so.
 */
import { cliJson, withEndpoint } from './cli-output.js';
import { cliError } from './diagnosis-section.js';
import type { FailedAttempt, FixPlan } from './fix-attempts.js';
import type { FixEntry } from './incident.js';
import { code, fenced, output } from './markdown.js';
import { formatAt, formatDuration } from './report-time.js';
import {
  CLOUDHSM_CLI_ACTIONS,
  CONNECTION_ERROR_GUIDANCE,
  type FaultGuide,
} from './runbook-guidance.js';
import type { OperatorCallFact, RunFacts, StateFact, StepFact } from './run-facts.js';
import { labelOf } from './run-facts.js';

const ACTION_TITLES: Readonly<Record<string, string>> = {
  'connect-key-store': 'connect the key store',
  'disconnect-key-store': 'disconnect the key store',
  'update-key-store': 'tell KMS the new key store settings',
  'create-hsm': 'add an HSM',
  'delete-hsm': 'delete an HSM',
  'create-cluster-from-backup': 'create a cluster from a backup of the old one, and add HSMs',
  'set-kmsuser-password': "reset kmsuser's password in the cluster",
  'create-key': 'create a key in the key store',
  'enable-key': 'enable the key',
  'disable-key': 'disable the key',
  'schedule-key-deletion': 'schedule the key for deletion',
  'cancel-key-deletion': 'cancel the key deletion',
};

/** A short lower-case title for a fix entry, for the Fix list, the Recovery section and the Timeline. */
export function fixTitle(entry: FixEntry): string {
  if (entry.faultEnd) return `the ${code(entry.faultEnd.fault)} fault ends`;
  const step = entry.step!;
  if (step.kind === 'heal') return `heal ${code(step.name)}`;
  return ACTION_TITLES[step.name] ?? code(step.what);
}

const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

function operatorCallLines(call: OperatorCallFact): string[] {
  const lines = fenced('sh', withEndpoint(call.cli));
  if (call.status !== 200)
    return [...lines, ...fenced('text', cliError(call.operation, call.body))];
  const printed = cliJson(call.body ?? '{}');
  // The CLI prints nothing at all for an empty answer (ConnectCustomKeyStore and the like).
  if (printed === '{}') return [...lines, 'It prints nothing: the answer is empty.'];
  return [...lines, ...output('json', printed, `Output of ${call.cli.split(' --')[0]}`)];
}

function describeChange(facts: RunFacts, change: StateFact, kind: string): string {
  const zone = change.availabilityZone ? ` in ${change.availabilityZone}` : '';
  return `${kind} ${labelOf(facts, change.id)}${zone} **${change.state}**${change.detail ? ` (${change.detail})` : ''} ${formatAt(change.atMs)}`;
}

/** What the key store, HSMs, clusters and backups did in [fromMs, toMs). */
export function changesBetween(facts: RunFacts, fromMs: number, toMs: number): string[] {
  const within = (change: StateFact): boolean => change.atMs >= fromMs && change.atMs < toMs;
  return [
    ...facts.keyStores
      .filter(within)
      .map((change) => ({ atMs: change.atMs, text: describeChange(facts, change, 'key store') })),
    ...facts.clusters
      .filter(within)
      .map((change) => ({ atMs: change.atMs, text: describeChange(facts, change, 'cluster') })),
    ...facts.hsms
      .filter(within)
      .map((change) => ({ atMs: change.atMs, text: describeChange(facts, change, 'HSM') })),
    ...facts.backupsReady
      .filter(within)
      .map((change) => ({ atMs: change.atMs, text: describeChange(facts, change, 'backup') })),
  ]
    .sort((a, b) => a.atMs - b.atMs)
    .map((change) => change.text);
}

/** The CloudHSM CLI session of a control action: start the CLI, log in, act, log out. */
function cloudHsmSession(facts: RunFacts, step: StepFact): string[] {
  const session = CLOUDHSM_CLI_ACTIONS[step.name];
  if (step.kind !== 'action' || !session) return [];
  const lines = [
    session.intro,
    '',
    ...fenced('sh', session.start),
    '',
    ...fenced('text', session.session.join('\n')),
    '',
    session.after,
    '',
  ];
  const set = facts.kmsuserPasswordSets.find((change) => change.atMs >= step.atMs);
  if (set)
    lines.push(
      `In this run the cluster ${labelOf(facts, set.clusterId)} recorded kmsuser's new password at ${formatAt(set.atMs)}.`,
      '',
    );
  return lines;
}

/**
 * What a person does for one step: the heal's action, the CloudHSM CLI session, and each AWS CLI
 * command (with its output when `withOutputs`).
 */
export function stepInstructions(
  facts: RunFacts,
  step: StepFact,
  withOutputs: boolean,
  guide: FaultGuide,
): string[] {
  const lines: string[] = [];
  if (step.kind === 'heal') {
    lines.push(
      guide.get(step.name)?.heal ?? `The simulator heals the ${code(step.name)} fault.`,
      '',
    );
    // HSMs the heal created in that instant: the command a person runs for each (the heal acts on
    // the world directly, so there is no service output to show).
    const created = facts.hsms.filter(
      (change) =>
        change.atMs === step.atMs && change.state === 'CREATE_IN_PROGRESS' && change.clusterId,
    );
    if (created.length > 0) {
      const commands = created.map((change) =>
        withEndpoint(
          `aws cloudhsmv2 create-hsm --cluster-id ${change.clusterId!} --availability-zone ${change.availabilityZone ?? 'us-east-1a'}`,
        ),
      );
      lines.push(
        withOutputs
          ? 'The command a person runs for it (the simulation created the HSM directly, so there is no captured output):'
          : 'The command:',
        '',
        ...fenced('sh', commands.join('\n')),
        '',
      );
    }
  }
  lines.push(...cloudHsmSession(facts, step));
  for (const call of step.operatorCalls) {
    if (withOutputs) lines.push(...operatorCallLines(call), '');
    else if (call.status === 200) lines.push(...fenced('sh', withEndpoint(call.cli)), '');
  }
  return lines;
}

function stepBody(facts: RunFacts, step: StepFact, guide: FaultGuide): string[] {
  const lines: string[] = [];
  if (step.params.expectError !== undefined)
    lines.push(
      `The scenario expects this to fail with ${code(String(step.params.expectError))}: it shows what does not work yet.`,
      '',
    );
  lines.push(...stepInstructions(facts, step, true, guide));
  if (step.ok === false && step.operatorCalls.every((call) => call.status === 200))
    lines.push(`It failed: ${code(`${step.errorName ?? 'Error'}: ${step.message ?? ''}`)}`, '');
  return lines;
}

function entryLines(
  facts: RunFacts,
  entry: FixEntry,
  heading: string,
  nextMs: number,
  guide: FaultGuide,
): string[] {
  const lines = [`#### ${heading}`, ''];
  if (entry.faultEnd) {
    const duration = entry.faultEnd.params.durationMs as number;
    lines.push(
      `It was injected at ${formatAt(entry.faultEnd.atMs)} for ${formatDuration(duration)}. ${guide.get(entry.faultEnd.fault)?.heal ?? ''}`.trim(),
      '',
    );
  } else lines.push(...stepBody(facts, entry.step!, guide));
  const followed = changesBetween(facts, entry.atMs, nextMs);
  if (followed.length > 0)
    lines.push('What followed:', '', ...followed.map((change) => `- ${change}`), '');
  return lines;
}

/** Why a failed attempt failed, in a sentence or two, with the run's evidence. */
export function whyItFailed(attempt: FailedAttempt, plan: FixPlan, brief = false): string {
  if (attempt.kind === 'refused') {
    const step = attempt.refusedStep!;
    const call = step.operatorCalls.find((candidate) => candidate.status !== 200);
    const said = call
      ? cliError(call.operation, call.body)
      : `${step.errorName ?? 'Error'}: ${step.message ?? ''}`;
    const expected =
      step.params.expectError !== undefined
        ? ' The scenario runs it to show what does not work yet.'
        : '';
    return `it was refused: ${code(said)}${said.endsWith('.') ? '' : '.'}${expected}`;
  }
  const state = attempt.failedState!;
  const meaning = CONNECTION_ERROR_GUIDANCE[state.detail ?? '']?.meaning;
  const tried = new Set(attempt.entries.map((entry) => entry.step?.name ?? ''));
  const lacked = [
    ...new Set(
      plan.working
        .filter(
          (entry) =>
            entry.step !== undefined &&
            entry.step.name !== 'disconnect-key-store' &&
            !tried.has(entry.step.name),
        )
        .map((entry) => fixTitle(entry)),
    ),
  ];
  if (brief)
    return `the key store went FAILED (${state.detail ?? '?'}) at ${formatAt(state.atMs)}${lacked.length > 0 ? `; missing: ${lacked.join('; ')}` : ''}.`;
  return [
    `the key store went **FAILED** with ConnectionErrorCode ${code(state.detail ?? '?')} at ${formatAt(state.atMs)}${meaning ? `: ${meaning}` : '.'}`,
    lacked.length > 0 ? ` It lacked what the fix that worked did: ${lacked.join('; ')}.` : '',
  ].join('');
}

function span(entries: readonly FixEntry[]): string {
  const first = entries[0]!.atMs;
  const last = entries.at(-1)!.atMs;
  return first === last ? formatAt(first) : `${formatAt(first)} to ${formatAt(last)}`;
}

export function fixSection(
  facts: RunFacts,
  fixes: readonly FixEntry[],
  plan: FixPlan,
  guide: FaultGuide,
): string[] {
  const lines = ['## What the operator did', ''];
  if (fixes.length === 0) {
    const failed = facts.calls.some((call) => !call.ok);
    lines.push(
      failed
        ? 'No operator action in this scenario: the errors it shows stop, or go on, without one (see Recovery).'
        : 'Nothing to fix: the application saw no errors, and the scenario has no operator action.',
      '',
    );
    return lines;
  }
  const nextAfter = (entry: FixEntry): number =>
    fixes[fixes.indexOf(entry) + 1]?.atMs ?? facts.endMs + 1;
  lines.push(
    plan.failed.length > 0
      ? `Every step, in order, with what each command returned and what followed. The first ${plan.failed.length === 1 ? 'attempt' : `${plan.failed.length} attempts`} did **not** work; each says why.`
      : 'Every step, in order, with what each command returned and what followed before the next step.',
    '',
  );
  const groups: { heading: string; intro: string | undefined; entries: readonly FixEntry[] }[] = [
    ...plan.failed.map((attempt, index) => ({
      heading: `Failed attempt ${index + 1} (${span(attempt.entries)}): ${attempt.entries.map((entry) => fixTitle(entry)).join(', ')}`,
      intro: `**Did not work:** ${whyItFailed(attempt, plan)}`,
      entries: attempt.entries,
    })),
    ...(plan.working.length > 0
      ? [
          {
            heading: `The fix that worked (${span(plan.working)})`,
            intro: undefined,
            entries: plan.working,
          },
        ]
      : []),
    ...(plan.after.length > 0
      ? [
          {
            heading: `After the errors had stopped (${span(plan.after)})`,
            intro: undefined,
            entries: plan.after,
          },
        ]
      : []),
  ].sort((a, b) => a.entries[0]!.atMs - b.entries[0]!.atMs);
  for (const group of groups) {
    lines.push(`### ${group.heading}`, '');
    if (group.intro) lines.push(group.intro, '');
    group.entries.forEach((entry) => {
      const title = capitalised(fixTitle(entry));
      lines.push(
        ...entryLines(facts, entry, `${formatAt(entry.atMs)}: ${title}`, nextAfter(entry), guide),
      );
    });
  }
  return lines;
}
