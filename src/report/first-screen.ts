/**
 * The top of a runbook report, "What to do now" (issue 14, deliverable 1): what an on-call engineer
 * needs first, before any of the evidence below it.
 * - Symptom: what the application sees (exception, HTTP status, message) and what the key store
 *   says (ConnectionState, ConnectionErrorCode).
 * - Most likely cause, with the evidence from this run (times, states, the first diagnosis that
 *   showed it), and the runbook (docs/behaviour.md §7) it comes from.
 * - The fix that worked in this run, as numbered commands to copy, without the failed attempts
 *   (fix-attempts.ts; they are named in one line each, and shown in full further down).
 * - How to confirm recovery: the commands and what they print once it worked, and when it did.
 * Every command carries its endpoint variable, and the shell variables are explained right above
 * the first command (placeholders.ts).
 */
import { cliTimestamp, withEndpoint } from './cli-output.js';
import { backupsMatter, cliError } from './diagnosis-section.js';
import type { FixPlan } from './fix-attempts.js';
import { connectOutcome, stepStoreId } from './fix-attempts.js';
import { fixTitle, stepInstructions, whyItFailed } from './fix-section.js';
import {
  errorLabel,
  type ErrorKind,
  type FixEntry,
  type Recovery,
  type StepRole,
} from './incident.js';
import { code, fenced } from './markdown.js';
import { placeholderBlock } from './placeholders.js';
import { formatAt, formatDuration } from './report-time.js';
import {
  CONNECTION_ERROR_GUIDANCE,
  exceptionGuidance,
  isClientTimeout,
  type FaultGuide,
} from './runbook-guidance.js';
import type { CallFact, CaptureFact, ClientTimeoutFact, RunFacts, StateFact } from './run-facts.js';
import { labelOf } from './run-facts.js';
import { faultLine } from './symptoms-cause.js';

/** A test plaintext for the confirmation: "kmsim canary", base64 as CLI v2 takes blobs (§1.2). */
export const CANARY_BASE64 = 'a21zaW0gY2FuYXJ5';

/** Why each kind of step is in the fix, in a sentence (docs/behaviour.md sections). */
const STEP_NOTES: Readonly<Record<string, string>> = {
  'disconnect-key-store':
    'A FAILED key store cannot be connected again until it is disconnected (docs/behaviour.md §4.3).',
  'update-key-store':
    'This only tells KMS the settings (for a password: the one the cluster now has); it changes nothing in the cluster (docs/behaviour.md §4.4).',
  'connect-key-store':
    'The answer is immediate and empty; the connection itself takes minutes (up to 20) and ends CONNECTED or FAILED (docs/behaviour.md §4.3).',
  'set-kmsuser-password': '',
  'create-cluster-from-backup':
    'A cluster created from a backup of the old one shares its backup history, so KMS accepts it for the key store (docs/behaviour.md §6.4, RB-6).',
  'create-hsm':
    'A new HSM is cloned from an ACTIVE one, or restored from the newest backup when the cluster has none (docs/behaviour.md §6.4).',
  'enable-key': 'EnableKey takes effect once the key store is CONNECTED (docs/behaviour.md §3.3).',
};

const capitalised = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;

/** A message with its ids masked: the pattern to match in logs. */
export function messagePattern(message: string): string {
  return message
    .replace(/arn:aws:kms:[\w-]+:\d+:key\/[\w-]+/g, '<key ARN>')
    .replace(/arn:aws:kms:[\w-]+:\d+:alias\/[\w/-]+/g, '<alias ARN>')
    .replace(/\bcks-[0-9a-f]+/g, '<custom key store id>')
    .replace(/\bcluster-[2-7a-z]+/g, '<cluster id>')
    .replace(/\bbackup-[2-7a-z]+/g, '<backup id>')
    .replace(/\bhsm-[2-7a-z]+/g, '<hsm id>')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, '<key id>');
}

/** The key store's FAILED states in the run, with their ConnectionErrorCode. */
function failures(facts: RunFacts): StateFact[] {
  return facts.keyStores.filter((change) => change.atMs > 0 && change.state === 'FAILED');
}

function mainKinds(result: Recovery): ErrorKind[] {
  return [...result.kinds].sort((a, b) => b.count - a.count || a.firstMs - b.firstMs);
}

function symptomParagraph(facts: RunFacts, result: Recovery): string[] {
  const kinds = mainKinds(result);
  const lines: string[] = [];
  if (kinds.length > 0) {
    for (const kind of kinds.slice(0, 3)) {
      const calls = facts.calls.filter(
        (call) => !call.ok && call.client === kind.client && errorLabel(call) === kind.errorName,
      );
      const operations = [...new Set(calls.map((call) => call.operation))];
      const status =
        calls[0]!.httpStatusCode === undefined ? '' : ` (HTTP ${calls[0]!.httpStatusCode})`;
      const messages = new Map<string, { firstMs: number; lastMs: number }>();
      for (const call of calls) {
        if (!call.message) continue;
        const pattern = messagePattern(call.message);
        const seen = messages.get(pattern);
        messages.set(pattern, { firstMs: seen?.firstMs ?? call.endMs, lastMs: call.endMs });
      }
      const spanOf = (firstMs: number, lastMs: number): string =>
        firstMs === lastMs
          ? `at ${formatAt(firstMs)}`
          : `${formatAt(firstMs)} to ${formatAt(lastMs)}`;
      const said =
        messages.size <= 1
          ? [...messages.keys()].map((pattern) => `: ${code(pattern)}`).join('')
          : `: ${[...messages]
              .map(([pattern, when]) => `${code(pattern)} (${spanOf(when.firstMs, when.lastMs)})`)
              .join(', then ')}`;
      // A TimeoutError comes from the client's own request handler (runbook-guidance.ts).
      const clientSide =
        isClientTimeout(calls[0]!.errorName, calls[0]!.message ?? calls[0]!.errorCode) &&
        calls[0]!.httpStatusCode === undefined
          ? " The client's own request handler raised it when the client's timeout ran out: there is no HTTP status, and it is not a KMS exception."
          : '';
      lines.push(
        `- ${code(kind.client)}'s ${operations.join('/')} calls fail with ${code(kind.errorName)}${status}${said} — ${kind.count} call${kind.count === 1 ? '' : 's'}, ${spanOf(kind.firstMs, kind.lastMs)}.${clientSide}`,
      );
    }
    if (kinds.length > 3)
      lines.push(`- …and ${kinds.length - 3} more kinds of error (see Symptoms).`);
  } else {
    const retried = facts.calls.filter((call) => call.attempts > 1);
    const attempts = new Map<string, number>();
    for (const attempt of facts.attemptErrors)
      attempts.set(attempt.error, (attempts.get(attempt.error) ?? 0) + 1);
    lines.push(
      retried.length > 0
        ? `- No call failed, but the SDK had to retry ${retried.length} of ${facts.calls.length} calls: ${[...attempts].map(([error, count]) => `${code(error)} ×${count}`).join(', ')} on the wire. Callers see it as latency.`
        : `- Nothing failed: all ${facts.calls.length} calls succeeded at the first attempt.`,
    );
  }
  const failed = failures(facts);
  if (failed.length > 0) {
    const byCode = new Map<string, StateFact[]>();
    for (const change of failed)
      byCode.set(`${change.id}|${change.detail ?? ''}`, [
        ...(byCode.get(`${change.id}|${change.detail ?? ''}`) ?? []),
        change,
      ]);
    for (const changes of byCode.values()) {
      const first = changes[0]!;
      const again = changes.slice(1).map((change) => formatAt(change.atMs));
      lines.push(
        `- ${code('aws kms describe-custom-key-stores')} shows key store ${labelOf(facts, first.id)} with ConnectionState **FAILED** and ConnectionErrorCode **${first.detail ?? '?'}** (from ${formatAt(first.atMs)}${again.length > 0 ? `, and again from ${again.join(', ')}` : ''}).`,
      );
    }
  } else {
    for (const id of new Set(facts.keyStores.map((change) => change.id))) {
      const away = facts.keyStores.filter(
        (change) => change.id === id && change.atMs > 0 && change.state !== 'CONNECTED',
      );
      const left = away.find((change) => change.state === 'DISCONNECTED') ?? away[0];
      if (left)
        lines.push(
          `- ${code('aws kms describe-custom-key-stores')} shows key store ${labelOf(facts, id)} **${left.state}** (from ${formatAt(left.atMs)}).`,
        );
    }
  }
  return ['**Symptom**', '', ...lines, ''];
}

interface Diagnosis {
  readonly cause: string;
  /** The callers' error was the client's own timeout: its advice applies even when a fix worked. */
  readonly clientTimeout?: boolean;
  /** `RB-3, row USER_LOCKED_OUT`, or undefined when no runbook applies. */
  readonly runbook: string | undefined;
  /** The runbook's advice, when the fix is not a list of commands. */
  readonly advice: string | undefined;
}

const RUNBOOK = /^RB-(\d+)(?:\/RB-\d+)?: /;

function fromGuidance(text: string): Diagnosis {
  const runbook = RUNBOOK.exec(text)?.[0].replace(/: $/, '');
  const body = text.replace(RUNBOOK, '');
  const end = body.search(/\.(\s|$)/);
  return {
    cause: end < 0 ? body : body.slice(0, end + 1),
    runbook,
    advice: end < 0 ? undefined : body.slice(end + 1).trim() || undefined,
  };
}

function diagnose(facts: RunFacts, result: Recovery): Diagnosis {
  const failed = failures(facts);
  const lastFailure = failed.at(-1);
  const guidance = lastFailure ? CONNECTION_ERROR_GUIDANCE[lastFailure.detail ?? ''] : undefined;
  if (lastFailure && guidance)
    return {
      cause: `${guidance.meaning.replace(/\.$/, '')}: ConnectionErrorCode ${code(lastFailure.detail!)} (docs/behaviour.md §4.2).`,
      runbook: `RB-3, row ${lastFailure.detail}`,
      advice: undefined,
    };
  const kind = mainKinds(result)[0];
  if (kind) {
    // The latest message: what the on-call engineer sees now.
    const sample = facts.calls
      .filter(
        (call) => !call.ok && call.client === kind.client && errorLabel(call) === kind.errorName,
      )
      .at(-1)!;
    const text = exceptionGuidance(
      sample.errorName ?? 'Error',
      sample.message ?? sample.errorCode,
      sample.operation,
    );
    if (text)
      return {
        ...fromGuidance(text),
        clientTimeout: isClientTimeout(sample.errorName, sample.message ?? sample.errorCode),
      };
  }
  const attempt = facts.attemptErrors[0];
  if (attempt) {
    const text = exceptionGuidance(attempt.error, attempt.error, attempt.operation);
    if (text) return fromGuidance(text);
  }
  return {
    cause: 'no error reached the callers; what happened underneath is below.',
    runbook: undefined,
    advice: undefined,
  };
}

/** The capture that shows the cause best: the first with the key store FAILED, else the first. */
function evidenceCapture(facts: RunFacts): CaptureFact | undefined {
  const trouble = facts.captures.filter((capture) => capture.trigger !== 'end');
  return (
    trouble.find((capture) =>
      capture.commands.some(
        (command) =>
          command.operation === 'DescribeCustomKeyStores' && command.body.includes('"FAILED"'),
      ),
    ) ?? trouble[0]
  );
}

type Json = Record<string, unknown>;

function bodyOf(body: string): Json {
  try {
    return JSON.parse(body) as Json;
  } catch {
    return {};
  }
}

/** CreateTimestamp of the newest READY backup a capture listed. */
function newestReadyBackup(capture: CaptureFact): number | undefined {
  const command = capture.commands.find(
    (candidate) => candidate.operation === 'DescribeBackups' && candidate.status === 200,
  );
  const times = (((command && bodyOf(command.body).Backups) as Json[] | undefined) ?? [])
    .filter(
      (backup) => backup.BackupState === 'READY' && typeof backup.CreateTimestamp === 'number',
    )
    .map((backup) => backup.CreateTimestamp as number);
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** What the four describe commands showed at one moment, in a few words each. */
function captureReading(facts: RunFacts, capture: CaptureFact): string[] {
  const showBackups = backupsMatter(facts);
  const parts: string[] = [];
  for (const command of capture.commands) {
    if (command.status !== 200) {
      parts.push(
        `${code(command.cli.split(' --')[0]!)} failed: ${code(cliError(command.operation, command.body))}`,
      );
      continue;
    }
    const body = bodyOf(command.body);
    if (command.operation === 'DescribeCustomKeyStores')
      for (const store of (body.CustomKeyStores as Json[] | undefined) ?? [])
        parts.push(
          `key store ${labelOf(facts, String(store.CustomKeyStoreId))} **${String(store.ConnectionState)}**${store.ConnectionErrorCode ? ` (${String(store.ConnectionErrorCode)})` : ''}`,
        );
    else if (command.operation === 'DescribeKey') {
      const key = (body.KeyMetadata as Json | undefined) ?? {};
      const newest = showBackups ? newestReadyBackup(capture) : undefined;
      const unprotected =
        showBackups &&
        key.Origin === 'AWS_CLOUDHSM' &&
        typeof key.CreationDate === 'number' &&
        (newest === undefined || key.CreationDate > newest)
          ? ', created after the newest READY backup (no backup holds its material)'
          : '';
      parts.push(
        `key ${labelOf(facts, String(key.KeyId))} **${String(key.KeyState)}**${unprotected}`,
      );
    } else if (command.operation === 'DescribeClusters')
      for (const cluster of (body.Clusters as Json[] | undefined) ?? []) {
        const active = ((cluster.Hsms as Json[] | undefined) ?? []).filter(
          (hsm) => hsm.State === 'ACTIVE',
        ).length;
        parts.push(
          `cluster ${labelOf(facts, String(cluster.ClusterId))} **${String(cluster.State)}** with ${active === 0 ? '**no** ACTIVE HSM' : `${active} ACTIVE HSM${active === 1 ? '' : 's'}`}`,
        );
      }
    else if (command.operation === 'DescribeBackups' && showBackups) {
      const backups = (body.Backups as Json[] | undefined) ?? [];
      const ready = backups.filter((backup) => backup.BackupState === 'READY');
      const newest = ready.map((backup) => Number(backup.CreateTimestamp)).sort((a, b) => b - a)[0];
      parts.push(
        ready.length === 0
          ? '**no** READY backup'
          : `${ready.length} READY backup${ready.length === 1 ? '' : 's'}, the newest taken ${cliTimestamp(newest!)}`,
      );
    }
  }
  return parts;
}

/**
 * Attempts clients abandoned at their own timeout, per client, setting and timeout, with the HSM
 * time KMS spent on those requests (the trace's api.call): why the timeout ran out.
 */
function clientTimeoutEvidence(facts: RunFacts): { atMs: number; line: string }[] {
  const groups = new Map<string, ClientTimeoutFact[]>();
  for (const timeout of facts.clientTimeouts) {
    const key = JSON.stringify([timeout.client, timeout.setting, timeout.timeoutMs]);
    groups.set(key, [...(groups.get(key) ?? []), timeout]);
  }
  return [...groups.values()].map((timeouts) => {
    const first = timeouts[0]!;
    const last = timeouts.at(-1)!;
    const operations = [...new Set(timeouts.map((timeout) => timeout.operation))].join('/');
    const span =
      first.atMs === last.atMs
        ? formatAt(first.atMs)
        : `${formatAt(first.atMs)} to ${formatAt(last.atMs)}`;
    const hsm = timeouts
      .map((timeout) => timeout.hsmLatencyMs)
      .filter((ms): ms is number => ms !== undefined);
    let hsmText = '';
    if (hsm.length > 0) {
      const low = Math.min(...hsm);
      const high = Math.max(...hsm);
      const range =
        formatDuration(low) === formatDuration(high)
          ? formatDuration(high)
          : `${formatDuration(low)} to ${formatDuration(high)}`;
      hsmText =
        high > first.timeoutMs
          ? `; the trace shows KMS's HSM work on ${hsm.length === timeouts.length ? 'each of those requests' : `${hsm.length} of those requests`} took ${range}, longer than that timeout`
          : `; the trace shows KMS's HSM work on those requests took ${range}, less than that timeout: the rest of the wait was spent outside the HSM`;
    }
    return {
      atMs: first.atMs,
      line: `- ${span}: ${code(first.client)} gave up on ${timeouts.length} ${operations} attempt${timeouts.length === 1 ? '' : 's'} at its own ${first.setting} of ${formatDuration(first.timeoutMs)} (TimeoutError)${hsmText}.`,
    };
  });
}

function evidence(
  facts: RunFacts,
  roles: ReadonlyMap<number, StepRole>,
  guide: FaultGuide,
): string[] {
  const timed: { atMs: number; line: string }[] = [];
  for (const fault of facts.faults)
    timed.push({ atMs: fault.atMs, line: `- ${faultLine(facts, fault, guide)}` });
  for (const step of facts.steps.filter(
    (candidate) => roles.get(candidate.index) === 'cause' && candidate.kind === 'action',
  ))
    timed.push({
      atMs: step.atMs,
      line: `- ${formatAt(step.atMs)}: the operator ran ${step.operatorCalls.map((call) => code(call.cli)).join(', ') || code(step.what)}.`,
    });
  timed.push(...clientTimeoutEvidence(facts));
  const capture = evidenceCapture(facts);
  if (capture) {
    const reading = captureReading(facts, capture);
    if (reading.length > 0)
      timed.push({
        atMs: capture.atMs,
        line: `- ${formatAt(capture.atMs)}: the diagnosis commands show ${reading.join('; ')}.`,
      });
  }
  const lines = timed.sort((a, b) => a.atMs - b.atMs).map((entry) => entry.line);
  for (const load of facts.loads) {
    const n = (count: number): string => String(count).replace(/\B(?=(\d{3})+$)/g, ',');
    const refused = [
      load.throttled > 0 ? `${n(load.throttled)} throttled` : '',
      load.sessionsExhausted > 0
        ? `${n(load.sessionsExhausted)} refused for want of a PKCS#11 session`
        : '',
      load.unavailable > 0 ? `${n(load.unavailable)} unavailable` : '',
    ].filter((part) => part !== '');
    lines.push(
      `- Background load ${code(load.load)}: ${n(load.arrivals)} requests, ${refused.length > 0 ? refused.join(', ') : 'none refused'} (the chart's load panel shows when).`,
    );
  }
  return lines;
}

/** Stores that were not CONNECTED at some point after the start. */
function troubledStores(facts: RunFacts): string[] {
  return [
    ...new Set(
      facts.keyStores
        .filter((change) => change.atMs > 0 && change.state !== 'CONNECTED')
        .map((change) => change.id),
    ),
  ];
}

/** The key to test with: one whose calls failed, in a troubled store if there is one. */
function testKey(facts: RunFacts, stores: readonly string[]): string | undefined {
  const keys: { keyId: string; storeId: string | undefined }[] = [];
  for (const capture of facts.captures)
    for (const command of capture.commands) {
      if (command.operation !== 'DescribeKey' || command.status !== 200) continue;
      const key = (bodyOf(command.body).KeyMetadata as Json | undefined) ?? {};
      if (typeof key.KeyId === 'string' && !keys.some((known) => known.keyId === key.KeyId))
        keys.push({
          keyId: key.KeyId,
          storeId: typeof key.CustomKeyStoreId === 'string' ? key.CustomKeyStoreId : undefined,
        });
    }
  const failedArns = facts.calls.filter((call) => !call.ok).map((call) => call.message ?? '');
  const named = keys.find((key) => failedArns.some((message) => message.includes(key.keyId)));
  return (
    named?.keyId ??
    keys.find((key) => key.storeId !== undefined && stores.includes(key.storeId))?.keyId ??
    keys[0]?.keyId
  );
}

/** Whether a diagnosis showed the key in another state than Enabled. */
function keyLeftEnabled(facts: RunFacts, keyId: string): boolean {
  return facts.captures.some((capture) =>
    capture.commands.some((command) => {
      if (command.operation !== 'DescribeKey' || command.status !== 200) return false;
      const key = (bodyOf(command.body).KeyMetadata as Json | undefined) ?? {};
      return key.KeyId === keyId && key.KeyState !== 'Enabled';
    }),
  );
}

function stepResult(facts: RunFacts, entry: FixEntry, nextMs: number): string {
  const step = entry.step;
  if (step?.name === 'connect-key-store') {
    const outcome = connectOutcome(facts, step);
    if (outcome)
      return `In this run: **${outcome.state}** at ${formatAt(outcome.atMs)}, ${formatDuration(outcome.atMs - step.atMs)} after the connect.`;
  }
  const storeId = step ? stepStoreId(facts, step) : undefined;
  const change = facts.keyStores.find(
    (candidate) =>
      candidate.atMs > entry.atMs &&
      candidate.atMs < nextMs &&
      (storeId === undefined || candidate.id === storeId) &&
      candidate.state !== 'DISCONNECTING' &&
      candidate.state !== 'CONNECTING',
  );
  if (change) return `In this run: key store **${change.state}** at ${formatAt(change.atMs)}.`;
  const active = facts.hsms.find(
    (candidate) =>
      candidate.atMs > entry.atMs && candidate.atMs < nextMs && candidate.state === 'ACTIVE',
  );
  if (active) return `In this run: the new HSM was **ACTIVE** at ${formatAt(active.atMs)}.`;
  return '';
}

function fixSteps(
  facts: RunFacts,
  plan: FixPlan,
  fixes: readonly FixEntry[],
  guide: FaultGuide,
): string[] {
  const lines: string[] = [];
  plan.working.forEach((entry, index) => {
    const nextMs = fixes[fixes.indexOf(entry) + 1]?.atMs ?? facts.endMs + 1;
    const title = capitalised(fixTitle(entry));
    const step = entry.step;
    const note = step ? (STEP_NOTES[step.name] ?? '') : '';
    lines.push(`**${index + 1}. ${title}.**${note ? ` ${note}` : ''}`, '');
    if (entry.faultEnd)
      lines.push(
        `${guide.get(entry.faultEnd.fault)?.heal ?? 'Nothing to run: the cause goes away by itself.'} (In this run the fault ended by itself after ${formatDuration(Number(entry.faultEnd.params.durationMs))}.)`,
        '',
      );
    else lines.push(...stepInstructions(facts, step!, false, guide));
    const result = stepResult(facts, entry, nextMs);
    if (result) lines.push(result, '');
  });
  return lines;
}

/**
 * When clients gave up at their own timeout, recovery means answers well inside it again: the
 * test encryption timed, against the smallest timeout that ran out, and what the run showed.
 */
function timeoutConfirmation(facts: RunFacts, result: Recovery, step: number): string[] {
  if (facts.clientTimeouts.length === 0) return [];
  const tightest = facts.clientTimeouts.reduce((a, b) => (b.timeoutMs < a.timeoutMs ? b : a));
  const clients = new Set(facts.clientTimeouts.map((timeout) => timeout.client));
  const after =
    result.fullSuccessFromMs === undefined
      ? []
      : facts.calls.filter(
          (call) => clients.has(call.client) && call.startMs >= result.fullSuccessFromMs!,
        );
  const slowest = after.reduce<CallFact | undefined>(
    (a, b) => (a === undefined || b.endMs - b.startMs > a.endMs - a.startMs ? b : a),
    undefined,
  );
  return [
    `${step}. It answers well inside the clients' timeouts: run the test encryption under ${code('time')}; its ${code('real')} figure, less the AWS CLI's own start-up (time ${code('aws --version')} for that), must stay well below ${formatDuration(tightest.timeoutMs)} (${code(tightest.client)}'s ${tightest.setting}), or callers will time out again.${slowest ? ` In this run, after the fix, the slowest call of ${[...clients].map(code).join(', ')} took ${formatDuration(slowest.endMs - slowest.startMs)}.` : ''}`,
    '',
  ];
}

function confirmSection(facts: RunFacts, result: Recovery): string[] {
  const stores = troubledStores(facts);
  const key = testKey(facts, stores);
  const lines: string[] = ['**Confirm recovery**', ''];
  let step = 0;
  for (const storeId of stores) {
    const back = facts.keyStores
      .filter((change) => change.id === storeId && change.state === 'CONNECTED')
      .at(-1);
    lines.push(
      `${++step}. The key store is CONNECTED: this prints ${code('CONNECTED')}. Repeat it every 30 seconds or so (the API allows 5 requests a second) until it does${back && back.atMs > 0 ? `; in this run from ${formatAt(back.atMs)}` : ''}.`,
      '',
      ...fenced(
        'sh',
        withEndpoint(
          `aws kms describe-custom-key-stores --custom-key-store-id ${storeId} --query 'CustomKeyStores[0].ConnectionState' --output text`,
        ),
      ),
      '',
    );
  }
  if (key) {
    if (keyLeftEnabled(facts, key))
      lines.push(
        `${++step}. The key is usable again: this prints ${code('Enabled')}.`,
        '',
        ...fenced(
          'sh',
          withEndpoint(
            `aws kms describe-key --key-id ${key} --query KeyMetadata.KeyState --output text`,
          ),
        ),
        '',
      );
    lines.push(
      `${++step}. A test encryption works. The first command prints a ciphertext: set \`CIPHERTEXT\` to it (\`export CIPHERTEXT='<what it printed>'\`; a ciphertext your application stored before the trouble is an even better test). The second decrypts it and prints ${code(CANARY_BASE64)}, "kmsim canary" in base64.`,
      '',
      ...fenced(
        'sh',
        [
          withEndpoint(
            `aws kms encrypt --key-id ${key} --plaintext ${CANARY_BASE64} --query CiphertextBlob --output text`,
          ),
          withEndpoint(
            'aws kms decrypt --ciphertext-blob "$CIPHERTEXT" --query Plaintext --output text',
          ),
        ].join('\n'),
      ),
      '',
    );
    lines.push(...timeoutConfirmation(facts, result, ++step));
  }
  const failedCalls = facts.calls.filter((call) => !call.ok).length;
  if (failedCalls > 0) {
    if (result.fullSuccessFromMs !== undefined && result.firstSuccess)
      lines.push(
        `In this run the application's calls succeeded again from ${formatAt(result.firstSuccess.endMs)}${result.fix ? ` (${formatDuration(result.firstSuccess.endMs - result.fix.atMs)} after the last fix step)` : ''}, and every call from ${formatAt(result.fullSuccessFromMs)} to the end (${result.callsAfterFullSuccess}) succeeded.`,
        '',
      );
    else
      lines.push(
        `**In this run the application did not fully recover** before the scenario ended (${formatAt(facts.endMs)}): see Recovery.`,
        '',
      );
  }
  return lines;
}

export function firstScreen(
  facts: RunFacts,
  roles: ReadonlyMap<number, StepRole>,
  fixes: readonly FixEntry[],
  result: Recovery,
  plan: FixPlan,
  guide: FaultGuide,
  /** The rest of the report: its commands' variables are set here too. */
  below: string,
): string[] {
  const diagnosis = diagnose(facts, result);
  const runbook = diagnosis.runbook ? ` (docs/behaviour.md §7 ${diagnosis.runbook})` : '';
  const steps = fixSteps(facts, plan, fixes, guide);
  const confirm = confirmSection(facts, result);
  const commandText = [...steps, ...confirm, below].join('\n');
  const lines = [
    '## What to do now',
    '',
    ...symptomParagraph(facts, result),
    `**Most likely cause:** ${diagnosis.cause} Evidence from this run:`,
    '',
    ...evidence(facts, roles, guide),
    '',
  ];
  lines.push(`**Fix**${runbook}`, '');
  if (plan.working.length > 0 && result.fullSuccessFromMs === undefined && diagnosis.advice)
    lines.push(
      `These steps did not bring everything back in this run (see Recovery). The runbook's way: ${diagnosis.advice}`,
      '',
    );
  if (plan.working.length === 0)
    lines.push(
      diagnosis.advice
        ? `No operator command ended it in this run. ${diagnosis.advice}`
        : 'No operator command was needed in this run.',
      '',
    );
  lines.push(...placeholderBlock(commandText), ...steps);
  if (diagnosis.clientTimeout && plan.working.length > 0 && diagnosis.advice)
    lines.push(
      `On the client's side (its timeout is what the callers saw): ${diagnosis.advice}`,
      '',
    );
  if (plan.failed.length > 0)
    lines.push(
      `Not this (it did not work in this run; details under *What the operator did*):`,
      '',
      ...plan.failed.map(
        (attempt) =>
          `- ${attempt.entries.map((entry) => `${fixTitle(entry)} (${formatAt(entry.atMs)})`).join(', ')}: ${whyItFailed(attempt, plan, true)}`,
      ),
      '',
    );
  if (plan.after.length > 0)
    lines.push(
      `After the errors had stopped, this run also did: ${plan.after.map((entry) => `${fixTitle(entry)} (${formatAt(entry.atMs)}${entry.step?.ok === false ? `, refused: ${code(entry.step.errorName ?? 'Error')}` : ''})`).join('; ')}.`,
      '',
    );
  lines.push(...confirm);
  return lines;
}
