/**
 * The Fix section: what the operator did once the trouble had begun, in order, each as the command
 * a person types (AWS CLI; the CloudHSM CLI where there is no AWS API) with the output the
 * simulated service returned, then what followed in the key store and the cluster before the next
 * step. Heals of faults say what a person does to end that cause; a fault that ran out of time
 * says so.
 */
import { cliError } from './diagnosis-section.js';
import type { FixEntry } from './incident.js';
import { code, fenced, output, prettyJson } from './markdown.js';
import { formatAt, formatDuration } from './report-time.js';
import { CLOUDHSM_CLI_ACTIONS, type FaultGuide } from './runbook-guidance.js';
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

function operatorCallLines(call: OperatorCallFact): string[] {
  const lines = ['```sh', call.cli, '```'];
  if (call.status !== 200)
    return [...lines, ...fenced('text', cliError(call.operation, call.body))];
  return [
    ...lines,
    ...output('json', prettyJson(call.body ?? '{}'), `Output of ${call.cli.split(' --')[0]}`),
  ];
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

function stepBody(facts: RunFacts, step: StepFact, guide: FaultGuide): string[] {
  const lines: string[] = [];
  if (step.params.expectError !== undefined)
    lines.push(
      `The scenario expects this to fail with ${code(String(step.params.expectError))}: it shows what does not work yet.`,
      '',
    );
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
      const commands = created.map(
        (change) =>
          `aws cloudhsmv2 create-hsm --cluster-id ${change.clusterId!} --availability-zone ${change.availabilityZone ?? '<az>'}`,
      );
      lines.push(
        'The command a person runs for it (the simulation created the HSM directly, so there is no captured output):',
        '',
        ...fenced('sh', commands.join('\n')),
        '',
      );
    }
  }
  const cloudHsmCli = CLOUDHSM_CLI_ACTIONS[step.name];
  if (step.kind === 'action' && cloudHsmCli) {
    lines.push(cloudHsmCli.intro, '', ...fenced('sh', cloudHsmCli.command), '');
    const set = facts.kmsuserPasswordSets.find((change) => change.atMs >= step.atMs);
    if (set)
      lines.push(
        `The cluster ${labelOf(facts, set.clusterId)} recorded kmsuser's new password at ${formatAt(set.atMs)}.`,
        '',
      );
  }
  for (const call of step.operatorCalls) lines.push(...operatorCallLines(call), '');
  if (step.ok === false && step.operatorCalls.every((call) => call.status === 200))
    lines.push(`It failed: ${code(`${step.errorName ?? 'Error'}: ${step.message ?? ''}`)}`, '');
  return lines;
}

export function fixSection(
  facts: RunFacts,
  fixes: readonly FixEntry[],
  guide: FaultGuide,
): string[] {
  const lines = ['## Fix', ''];
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
  lines.push(
    'What the operator did, in order, with what each command returned and what followed before the next step.',
    '',
  );
  fixes.forEach((entry, index) => {
    const next = fixes[index + 1]?.atMs ?? facts.endMs + 1;
    const title = fixTitle(entry);
    lines.push(
      `### ${index + 1}. ${formatAt(entry.atMs)}: ${title.charAt(0).toUpperCase()}${title.slice(1)}`,
      '',
    );
    if (entry.faultEnd) {
      const duration = entry.faultEnd.params.durationMs as number;
      lines.push(
        `It was injected at ${formatAt(entry.faultEnd.atMs)} for ${formatDuration(duration)}. ${guide.get(entry.faultEnd.fault)?.heal ?? ''}`.trim(),
        '',
      );
    } else {
      lines.push(...stepBody(facts, entry.step!, guide));
    }
    const followed = changesBetween(facts, entry.atMs, next);
    if (followed.length > 0)
      lines.push('What followed:', '', ...followed.map((change) => `- ${change}`), '');
  });
  return lines;
}
