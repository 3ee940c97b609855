/**
 * The Diagnosis section: for every capture the run took (report/diagnosis-capture.ts), the moment and
 * why, a one-look reading of the answers, then each command as a person types it (with its endpoint
 * variable) and what the simulated service returned at that moment, as the AWS CLI prints it
 * (cli-output.ts). An answer identical to the one the same command got at an earlier capture is
 * not repeated: it says "unchanged since +Xs". The backup-age hint appears only where backups
 * matter to the incident (backupsMatter).
 */
import { cliJson, withEndpoint } from './cli-output.js';
import { code, output } from './markdown.js';
import { formatAt } from './report-time.js';
import type { CaptureFact, CapturedCommandFact, RunFacts } from './run-facts.js';
import { labelOf } from './run-facts.js';

type Json = Record<string, unknown>;

function parsed(command: CapturedCommandFact): Json | undefined {
  try {
    return JSON.parse(command.body) as Json;
  } catch {
    return undefined;
  }
}

/** The AWS CLI's own words for an error answer. */
export function cliError(operation: string, body: string | null): string {
  let type = 'UnknownError';
  let message = '';
  try {
    const error = JSON.parse(body ?? '{}') as {
      __type?: string;
      message?: string;
      Message?: string;
    };
    type = (error.__type ?? type).split('#').at(-1)!;
    message = error.message ?? error.Message ?? '';
  } catch {
    message = body ?? '';
  }
  return `An error occurred (${type}) when calling the ${operation} operation: ${message}`;
}

function why(capture: CaptureFact): string {
  const cause = capture.cause;
  if (capture.trigger === 'end' || !cause) return 'at the end of the run, after the fix';
  const who =
    cause.client === 'operator'
      ? `the operator's ${code(cause.operation)}`
      : `${code(cause.client)}'s ${code(cause.operation)}`;
  const saw = cause.ok
    ? `succeeded only after ${cause.attempts} attempts`
    : `failed with ${code(cause.errorName ?? 'Error')}`;
  const when =
    capture.trigger === 'first-error'
      ? 'first trouble a client saw'
      : capture.trigger === 'error-after-fault'
        ? 'first trouble after the next fault'
        : capture.trigger === 'new-error'
          ? 'a new error'
          : 'first trouble after a key store turned FAILED';
  return `${when}: ${who} ${saw}`;
}

/**
 * Whether backups matter to this incident (docs/behaviour.md §6.4): a cluster was deleted, a
 * cluster was created from a backup, a call found a key's material missing from its cluster, or a
 * capture shows a key store's cluster with no ACTIVE HSM (the next HSM restores the newest backup)
 * or gone. Only then is a key's age against the newest READY backup worth a reader's attention.
 */
export function backupsMatter(facts: RunFacts): boolean {
  if (facts.clusters.some((change) => change.state === 'DELETED')) return true;
  if (facts.calls.some((call) => (call.message ?? '').includes('is not in AWS CloudHSM cluster')))
    return true;
  if (facts.steps.some((step) => step.name === 'create-cluster-from-backup')) return true;
  return facts.captures.some((capture) =>
    capture.commands.some((command) => {
      if (command.operation !== 'DescribeClusters' || command.status !== 200) return false;
      const clusters = (parsed(command)?.Clusters as Json[] | undefined) ?? [];
      return (
        clusters.length === 0 ||
        clusters.some(
          (cluster) =>
            !((cluster.Hsms as Json[] | undefined) ?? []).some((hsm) => hsm.State === 'ACTIVE'),
        )
      );
    }),
  );
}

/** One line per store, key, cluster and backup listing: the fields a person looks at first. */
function reading(facts: RunFacts, capture: CaptureFact, showBackupAge: boolean): string[] {
  const lines: string[] = [];
  // RB-6 compares a key's CreationDate with the backups' CreateTimestamp: say when a key is newer
  // than every READY backup, since no backup can then restore its material.
  const backupsCommand = capture.commands.find(
    (command) => command.operation === 'DescribeBackups' && command.status === 200,
  );
  const readyTimes = (
    ((backupsCommand && parsed(backupsCommand)?.Backups) as Json[] | undefined) ?? []
  )
    .filter(
      (backup) => backup.BackupState === 'READY' && typeof backup.CreateTimestamp === 'number',
    )
    .map((backup) => backup.CreateTimestamp as number);
  const newestReady = readyTimes.length > 0 ? Math.max(...readyTimes) : undefined;
  for (const command of capture.commands) {
    const body = parsed(command);
    if (command.status !== 200 || !body) {
      lines.push(
        `- ${code(command.cli.split(' --')[0]!)}: ${cliError(command.operation, command.body)}`,
      );
      continue;
    }
    if (command.operation === 'DescribeCustomKeyStores') {
      for (const store of (body.CustomKeyStores as Json[] | undefined) ?? []) {
        const errorCode = store.ConnectionErrorCode
          ? ` (ConnectionErrorCode **${String(store.ConnectionErrorCode)}**)`
          : '';
        lines.push(
          `- Key store ${labelOf(facts, String(store.CustomKeyStoreId))}: ConnectionState **${String(store.ConnectionState)}**${errorCode}, cluster ${code(String(store.CloudHsmClusterId))}`,
        );
      }
    } else if (command.operation === 'DescribeKey') {
      const key = (body.KeyMetadata as Json | undefined) ?? {};
      const created =
        typeof key.CreationDate === 'number' && key.Origin === 'AWS_CLOUDHSM'
          ? key.CreationDate
          : undefined;
      const age = created === undefined || !showBackupAge ? '' : `, created ${isoSeconds(created)}`;
      const unprotected =
        showBackupAge &&
        created !== undefined &&
        backupsCommand &&
        (newestReady === undefined || created > newestReady)
          ? ', **after the newest READY backup**'
          : '';
      lines.push(
        `- Key ${labelOf(facts, String(key.KeyId))}: KeyState **${String(key.KeyState)}**${age}${unprotected}`,
      );
    } else if (command.operation === 'DescribeClusters') {
      for (const cluster of (body.Clusters as Json[] | undefined) ?? []) {
        const hsms = ((cluster.Hsms as Json[] | undefined) ?? []).map(
          (hsm) => `${String(hsm.AvailabilityZone)} ${String(hsm.State)}`,
        );
        lines.push(
          `- Cluster ${labelOf(facts, String(cluster.ClusterId))}: **${String(cluster.State)}**, HSMs: ${hsms.length > 0 ? hsms.join(', ') : '**none**'}`,
        );
      }
    } else if (command.operation === 'DescribeBackups' && showBackupAge) {
      const backups = (body.Backups as Json[] | undefined) ?? [];
      const states = new Map<string, number>();
      for (const backup of backups)
        states.set(String(backup.BackupState), (states.get(String(backup.BackupState)) ?? 0) + 1);
      const newest = backups[0];
      const newestText = newest
        ? `; newest ${code(String(newest.BackupId))} taken ${isoSeconds(newest.CreateTimestamp)}`
        : '';
      lines.push(
        `- Backups: ${backups.length === 0 ? '**none**' : [...states].map(([state, count]) => `${count} ${state}`).join(', ')}${newestText}`,
      );
    }
  }
  return lines;
}

/** An epoch-seconds wire timestamp as ISO 8601, as the AWS CLI prints it. */
export function isoSeconds(value: unknown): string {
  return typeof value === 'number'
    ? new Date(Math.round(value * 1000)).toISOString().replace('.000Z', 'Z')
    : String(value);
}

function commandLines(command: CapturedCommandFact): string[] {
  const lines = ['```sh', withEndpoint(command.cli), '```'];
  if (command.status !== 200)
    return [...lines, ...output('text', cliError(command.operation, command.body), 'Output')];
  return [
    ...lines,
    ...output('json', cliJson(command.body), `Output of ${command.cli.split(' --')[0]}`),
  ];
}

export function diagnosisSection(facts: RunFacts): string[] {
  const lines = ['## Diagnosis', ''];
  if (facts.captures.length === 0)
    return [
      ...lines,
      'The trace holds no diagnosis captures (it was recorded before kmsim captured them).',
      '',
    ];
  lines.push(
    'What `describe-custom-key-stores`, `describe-key`, `describe-clusters` and `describe-backups` answered at each moment, as the AWS CLI prints it (timestamps in UTC). An answer that had not changed since an earlier moment is not repeated.',
    '',
  );
  const showBackupAge = backupsMatter(facts);
  /** Per command line: the answer it last got, and since when. */
  const seen = new Map<string, { answer: string; sinceMs: number }>();
  for (const capture of facts.captures) {
    const fresh: CapturedCommandFact[] = [];
    const unchanged: { command: CapturedCommandFact; sinceMs: number }[] = [];
    for (const command of capture.commands) {
      const answer = `${command.status} ${command.body}`;
      const before = seen.get(command.cli);
      if (before && before.answer === answer) unchanged.push({ command, sinceMs: before.sinceMs });
      else {
        fresh.push(command);
        seen.set(command.cli, { answer, sinceMs: capture.atMs });
      }
    }
    if (fresh.length === 0) {
      const since = Math.max(...unchanged.map((entry) => entry.sinceMs));
      lines.push(
        `### ${formatAt(capture.atMs)}: ${why(capture)}`,
        '',
        `Every answer unchanged since ${formatAt(since)}.`,
        '',
      );
      continue;
    }
    lines.push(
      `### ${formatAt(capture.atMs)}: ${why(capture)}`,
      '',
      ...reading(facts, capture, showBackupAge),
      '',
    );
    if (/ECONNRESET|timed out/.test(capture.cause?.message ?? '')) {
      lines.push(
        "These answers are the operator's view: the application's own connection to the endpoint was failing at this moment, so the same commands run from the application's host would have failed the same way.",
        '',
      );
    }
    for (const command of fresh) lines.push(...commandLines(command), '');
    if (unchanged.length > 0)
      lines.push(
        'Unchanged, so not repeated:',
        '',
        ...unchanged.map(
          ({ command, sinceMs }) =>
            `- ${code(withEndpoint(command.cli))}: unchanged since ${formatAt(sinceMs)}`,
        ),
        '',
      );
  }
  return lines;
}
