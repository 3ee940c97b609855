/**
 * The runbook report (src/report/runbook-report.ts) as a pure function of a trace: on a hand-made
 * trace whose every figure is known, the sections are there in order, the symptoms are exactly what
 * the client saw, the diagnosis shows exactly the bodies the trace holds, and the recovery times
 * are computed from the fix; on a real run, the diagnosis JSON is the services' own answers.
 */
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAULT_RUNBOOK } from '../../src/faults/catalogue.js';
import { renderRunbookReport, runbookIndexEntry } from '../../src/report/runbook-report.js';
import { formatAt, formatDuration } from '../../src/report/report-time.js';
import { runFacts } from '../../src/report/run-facts.js';
import { scenarioHeader } from '../../src/report/scenario-header.js';
import { renderReportIndex } from '../../src/report/report-index.js';
import { cliJson } from '../../src/report/cli-output.js';
import type { TraceEvent } from '../../src/sim/trace.js';
import { runScenarioFile } from '../support/scenario-run.js';

const ORIGIN = 10_000;

function handMadeTrace(): TraceEvent[] {
  const events: TraceEvent[] = [];
  const at = (relativeMs: number, kind: string, data: Record<string, unknown>): void =>
    void events.push({ seq: events.length, atMs: ORIGIN + relativeMs, kind, data });
  const storeBody = (state: string): string =>
    JSON.stringify({
      CustomKeyStores: [
        {
          CustomKeyStoreId: 'cks-1',
          CustomKeyStoreName: 'store',
          CloudHsmClusterId: 'cluster-1',
          ConnectionState: state,
          CustomKeyStoreType: 'AWS_CLOUDHSM',
        },
      ],
      Truncated: false,
    });
  const commands = (state: string): unknown[] => [
    {
      cli: 'aws kms describe-custom-key-stores --custom-key-store-id cks-1',
      service: 'kms',
      operation: 'DescribeCustomKeyStores',
      status: 200,
      body: storeBody(state),
    },
    {
      cli: 'aws kms describe-key --key-id key-1',
      service: 'kms',
      operation: 'DescribeKey',
      status: 200,
      body: JSON.stringify({ KeyMetadata: { KeyId: 'key-1', KeyState: 'Enabled', Enabled: true } }),
    },
    {
      cli: 'aws cloudhsmv2 describe-clusters --filters clusterIds=cluster-1',
      service: 'cloudhsmv2',
      operation: 'DescribeClusters',
      status: 200,
      body: JSON.stringify({
        Clusters: [
          {
            ClusterId: 'cluster-1',
            State: 'ACTIVE',
            Hsms: [{ AvailabilityZone: 'us-east-1a', State: 'ACTIVE' }],
          },
        ],
      }),
    },
    {
      cli: 'aws cloudhsmv2 describe-backups --filters clusterIds=cluster-1',
      service: 'cloudhsmv2',
      operation: 'DescribeBackups',
      status: 200,
      body: JSON.stringify({
        Backups: [{ BackupId: 'backup-1', BackupState: 'READY', CreateTimestamp: 1767225960 }],
      }),
    },
  ];
  const call = (endMs: number, ok: boolean): void =>
    at(endMs, 'client.call', {
      seq: events.length,
      client: 'app',
      operation: 'Encrypt',
      ok,
      errorName: ok ? null : 'KMSInvalidStateException',
      message: ok ? null : 'KMS cannot communicate with your CloudHSM cluster',
      errorCode: null,
      httpStatusCode: ok ? null : 400,
      attempts: 1,
      startMs: endMs - (endMs % 1000),
    });
  at(-10_000, 'scenario.setup', { name: 'test: hand-made partition', seed: 7 });
  at(-5_000, 'kms.key-store.connection', {
    customKeyStoreId: 'cks-1',
    clusterId: 'cluster-1',
    state: 'CONNECTED',
  });
  at(0, 'scenario.start', { name: 'test: hand-made partition' });
  call(10_004, true);
  at(60_000, 'report.step', {
    index: 0,
    what: 'fault network-partition',
    atMs: 60_000,
    params: { cluster: 'main' },
  });
  at(60_000, 'fault.injected', {
    faultId: 'fault-1',
    fault: 'network-partition',
    params: { clusterId: 'cluster-1' },
    symptom: false,
  });
  at(60_000, 'scenario.step', {
    index: 0,
    what: 'fault network-partition',
    ok: true,
    errorName: null,
    message: null,
  });
  call(60_005, false);
  at(60_005, 'report.diagnosis', {
    trigger: 'first-error',
    cause: {
      client: 'app',
      operation: 'Encrypt',
      ok: false,
      errorName: 'KMSInvalidStateException',
      message: 'KMS cannot communicate with your CloudHSM cluster',
      attempts: 1,
    },
    commands: commands('CONNECTED'),
  });
  call(70_004, false);
  call(80_003, false);
  at(120_000, 'report.step', {
    index: 1,
    what: 'heal network-partition',
    atMs: 120_000,
    params: { cluster: 'main' },
  });
  at(120_000, 'fault.healed', { faultId: 'fault-1', fault: 'network-partition' });
  at(120_000, 'scenario.step', {
    index: 1,
    what: 'heal network-partition',
    ok: true,
    errorName: null,
    message: null,
  });
  call(120_002, false);
  call(130_003, true);
  call(140_004, true);
  at(180_000, 'report.diagnosis', { trigger: 'end', cause: null, commands: commands('CONNECTED') });
  at(180_000, 'report.names', {
    clusters: { main: 'cluster-1' },
    keyStores: { store: 'cks-1' },
    keys: { 'app-key': 'key-1' },
  });
  at(180_100, 'scenario.expectation', {
    description: 'error KMSInvalidStateException between 1m and 2m',
    passed: true,
    detail: 'first at 1m5ms',
  });
  at(180_100, 'scenario.expectation', {
    description: 'recovery within 15s after 2m',
    passed: false,
    detail: 'planted failure',
  });
  return events;
}

const SCENARIO_TEXT = [
  '# A hand-made partition between KMS and the cluster, healed after a minute.',
  '#',
  '# Follows docs/behaviour.md §4.6 (network path broken).',
  '#',
  '# What to notice:',
  '# - nothing here is used by the report.',
  "name: 'test: hand-made partition'",
  'seed: 7',
  '',
].join('\n');

const render = (trace: readonly TraceEvent[] = handMadeTrace()): string =>
  renderRunbookReport({
    trace,
    scenarioText: SCENARIO_TEXT,
    scenarioFile: 'scenarios/hand-made.yaml',
    chartFile: 'hand-made.svg',
    faults: FAULT_RUNBOOK,
  });

/**
 * What the Diagnosis must show for a run's captures: each command with its endpoint variable and
 * its answer as the AWS CLI prints it, except an answer the same command already got at an earlier
 * capture (that one says "unchanged since").
 */
function expectedDiagnosis(captures: readonly TraceEvent[]): { cli: string; json: unknown }[] {
  const last = new Map<string, string>();
  return captures.flatMap((event) =>
    (event.data.commands as { cli: string; body: string; status: number }[]).flatMap((command) => {
      const answer = `${command.status} ${command.body}`;
      if (last.get(command.cli) === answer) return [];
      last.set(command.cli, answer);
      const endpoint = command.cli.startsWith('aws kms') ? 'KMS_ENDPOINT' : 'CLOUDHSM_ENDPOINT';
      return [
        {
          cli: `${command.cli} --endpoint-url "$${endpoint}"`,
          json: JSON.parse(cliJson(command.body)) as unknown,
        },
      ];
    }),
  );
}

/** The JSON block printed after each `aws ...` command line, parsed. */
function jsonAfterCommands(markdown: string): { cli: string; json: unknown }[] {
  const lines = markdown.split('\n');
  const found: { cli: string; json: unknown }[] = [];
  lines.forEach((line, index) => {
    if (!line.startsWith('aws ') || lines[index - 1] !== '```sh') return;
    const start = lines.indexOf('```json', index);
    const end = lines.indexOf('```', start + 1);
    found.push({ cli: line, json: JSON.parse(lines.slice(start + 1, end).join('\n')) });
  });
  return found;
}

describe('report: runbook: a hand-made trace', () => {
  it('has every section, in runbook order, and the chart', () => {
    const headings = render()
      .split('\n')
      .filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## What to do now',
      '## Summary',
      '## Symptoms',
      '## Diagnosis',
      '## Cause',
      '## What the operator did',
      '## Recovery',
      '## Timeline',
      '## Checks',
    ]);
    expect(render()).toContain(
      "![Per client: calls/s by outcome, wire attempts/s and latency; background load against its quota; fault and fix markers; the key store's ConnectionState; over virtual time](hand-made.svg)",
    );
  });

  it('summary: the header paragraph, the spec line, and the run outcome; not the notes', () => {
    const report = render();
    expect(report).toContain(
      'A hand-made partition between KMS and the cluster, healed after a minute.',
    );
    expect(report).toContain('Follows docs/behaviour.md §4.6 (network path broken).');
    expect(report).not.toContain('nothing here is used by the report');
    expect(report).toContain(
      '`app` saw `KMSInvalidStateException` on 4 calls (+1m0.005s to +2m0.002s)',
    );
    expect(report).toContain('**FAILED** (1 of 2 checks)');
  });

  it('symptoms: the exact exception, HTTP status and message, first and last seen, and the count', () => {
    expect(render()).toContain(
      '| `app` | Encrypt | `KMSInvalidStateException` | 400 | `KMS cannot communicate with your CloudHSM cluster` | +1m0.005s | +2m0.002s | 4 |',
    );
  });

  it("symptoms: requestTimeouts that only drew a warning are counted per client, operation and timeout; thrown ones and the operator's are not", () => {
    const trace = handMadeTrace();
    const warn = (relativeMs: number, data: Record<string, unknown>): void =>
      void trace.push({
        seq: trace.length,
        atMs: ORIGIN + relativeMs,
        kind: 'client.request-timeout',
        data: { client: 'app', operation: 'Encrypt', timeoutMs: 2_000, thrown: false, ...data },
      });
    warn(62_000, {});
    warn(72_000, {});
    warn(82_000, {});
    warn(90_000, { thrown: true });
    warn(95_000, { client: null });
    const report = render(trace);
    expect(report).toContain(
      "Requests that outlived their client's requestTimeout, only warned about (throwOnRequestTimeout is false)",
    );
    expect(report).toContain('| `app` | Encrypt | 2s | 3 | +1m2s | +1m22s |');
    expect(render()).not.toContain('only warned about');
  });

  it('symptoms: an attempt its client abandoned with a TimeoutError is a failed attempt, though the service answered 200', () => {
    const trace = handMadeTrace();
    const push = (relativeMs: number, kind: string, data: Record<string, unknown>): number => {
      trace.push({ seq: trace.length, atMs: ORIGIN + relativeMs, kind, data });
      return trace.length - 1;
    };
    const answered = push(200_000, 'api.call', {
      client: 'slow',
      service: 'kms',
      operation: 'Decrypt',
      status: 200,
      errorType: null,
    });
    push(202_000, 'client.request-timeout', {
      client: 'slow',
      operation: 'Decrypt',
      timeoutMs: 2_000,
      thrown: true,
      apiCallSeq: answered,
    });
    const slow = (events: TraceEvent[]) =>
      runFacts(events).attemptErrors.filter((attempt) => attempt.client === 'slow');
    expect(slow(trace)).toEqual([
      { client: 'slow', operation: 'Decrypt', error: 'TimeoutError', atMs: 200_000 },
    ]);
    // Without the timeout event the same 200 is a success.
    expect(slow(trace.filter((event) => event.kind !== 'client.request-timeout'))).toEqual([]);
  });

  it('diagnosis: each command as typed (with its endpoint), followed by the body the trace holds as the AWS CLI prints it; an unchanged answer is not repeated', () => {
    const trace = handMadeTrace();
    const report = render(trace);
    const captures = trace.filter((event) => event.kind === 'report.diagnosis');
    const diagnosis = report.slice(report.indexOf('## Diagnosis'), report.indexOf('## Cause'));
    expect(jsonAfterCommands(diagnosis)).toEqual(expectedDiagnosis(captures));
    // The end capture saw exactly what the first one did: said once, not shown again.
    expect(diagnosis).toContain(
      '### +3m0s: at the end of the run, after the fix\n\nEvery answer unchanged since +1m0.005s.',
    );
    // As printed: four spaces, ISO 8601 timestamps, no pagination members.
    expect(diagnosis).toContain(
      [
        '```json',
        '{',
        '    "CustomKeyStores": [',
        '        {',
        '            "CustomKeyStoreId": "cks-1",',
      ].join('\n'),
    );
    expect(diagnosis).toContain('"CreateTimestamp": "2026-01-01T00:06:00+00:00"');
    expect(diagnosis).not.toContain('"Truncated"');
    expect(diagnosis).toContain(
      "### +1m0.005s: first trouble a client saw: `app`'s `Encrypt` failed with `KMSInvalidStateException`",
    );
    expect(diagnosis).toContain(
      '- Key store `store` (`cks-1`): ConnectionState **CONNECTED**, cluster `cluster-1`',
    );
    // A partition is not about backups: no backup-age hint.
    expect(diagnosis).not.toContain('READY backup');
  });

  it('cause: the fault with what it models (the catalogue summary), and the runbook row of the symptom', () => {
    const report = render();
    expect(report).toContain(
      '- +1m0s: fault `network-partition` (`main` (`cluster-1`)). It models: KMS cannot reach the cluster; heal restores the path.',
    );
    expect(report).toContain('RB-4: KMS cannot reach the cluster.');
  });

  it('cause: hot-key throttles (docs/behaviour.md §5.1) are the clients’ own doing — a line per key with its counts, and the hot-key runbook row for a throttled state change', () => {
    const events: TraceEvent[] = [];
    const at = (relativeMs: number, kind: string, data: Record<string, unknown>): void =>
      void events.push({ seq: events.length, atMs: ORIGIN + relativeMs, kind, data });
    at(-10_000, 'scenario.setup', { name: 'test: hot key', seed: 7 });
    at(0, 'scenario.start', { name: 'test: hot key' });
    const throttled =
      'You have exceeded the rate at which you may call KMS. Reduce the frequency of your calls.';
    for (const [ms, operation] of [
      [500, 'DisableKey'],
      [750, 'EnableKey'],
      [1_500, 'DisableKey'],
    ] as const) {
      at(ms, 'kms.throttled', { operation, quota: 'hot-key', keyId: 'key-1' });
      at(ms, 'client.call', {
        seq: events.length,
        client: 'job',
        operation,
        ok: false,
        errorName: 'ThrottlingException',
        message: throttled,
        errorCode: null,
        httpStatusCode: 400,
        attempts: 1,
        startMs: ms,
      });
    }
    at(5_000, 'report.diagnosis', { trigger: 'end', cause: null, commands: [] });
    at(5_000, 'report.names', { clusters: {}, keyStores: {}, keys: { 'hot-key': 'key-1' } });
    const report = render(events);
    const cause = report.slice(report.indexOf('## Cause'), report.indexOf('## Fix'));
    expect(cause).toContain('the clients caused it themselves.');
    expect(cause).toContain(
      "- The clients' own state changes on key `hot-key` (`key-1`): 3 requests (DisableKey ×2, EnableKey ×1) refused by the key's hot-key limit, +0.500s to +1.500s; each attempt of a retried call counts.",
    );
    expect(cause).toContain('- `ThrottlingException`: docs/behaviour.md §5.1 "hot key":');
  });

  it('recovery: fix at the heal, first success 10.003s later, full success rate from then, one error during recovery', () => {
    const report = render();
    expect(report).toContain('- **The fix:** heal `network-partition` at +2m0s.');
    expect(report).toContain(
      '- **First success after the fix:** +2m10.003s, 10.003s after the fix (`app` Encrypt).',
    );
    expect(report).toContain(
      '- **Full success rate:** from +2m10.003s, 10.003s after the fix: all 2 calls from then to the end succeeded.',
    );
    expect(report).toContain(
      '- **Errors during recovery** (after the fix, before the full success rate): `app` `KMSInvalidStateException` ×1.',
    );
  });

  it('recovery: a call failing after the last success means the full success rate was never reached', () => {
    const trace = handMadeTrace();
    const last = trace.filter((event) => event.kind === 'client.call').at(-1)!;
    const failedLast: TraceEvent = {
      ...last,
      data: { ...last.data, ok: false, errorName: 'KMSInvalidStateException', message: 'late' },
    };
    const report = render(trace.map((event) => (event === last ? failedLast : event)));
    expect(report).toContain('- **Full success rate:** not reached');
  });

  it('timeline: steps, state, first and last errors and the end, in virtual-time order', () => {
    const report = render();
    const timeline = report
      .slice(report.indexOf('## Timeline'), report.indexOf('## Checks'))
      .split('\n')
      .filter((line) => line.startsWith('| +'));
    expect(timeline).toEqual([
      '| +1m0s | `fault network-partition` (cause) |',
      '| +1m0.005s | `app` first sees `KMSInvalidStateException` (Encrypt) |',
      '| +1m0.005s | diagnosis taken (see Diagnosis) |',
      '| +2m0s | `heal network-partition` (fix) |',
      '| +2m0.002s | `app` last sees `KMSInvalidStateException` |',
      '| +2m10.003s | `app` succeeds again (Encrypt) |',
      '| +3m0s | diagnosis taken (see Diagnosis) |',
      '| +3m0s | end of the scenario |',
    ]);
  });

  it('checks: PASS and FAIL as the trace records them', () => {
    const report = render();
    expect(report).toContain(
      '- PASS error KMSInvalidStateException between 1m and 2m: first at 1m5ms',
    );
    expect(report).toContain('- **FAIL** recovery within 15s after 2m: planted failure');
  });

  it('every figure follows the trace: another message in the trace is the message in the report', () => {
    const trace = handMadeTrace().map((event) =>
      event.kind === 'client.call' && event.data.ok === false
        ? { ...event, data: { ...event.data, message: 'a different message' } }
        : event,
    );
    const report = render(trace);
    expect(report).toContain('`a different message`');
    expect(report).not.toContain('`KMS cannot communicate with your CloudHSM cluster`');
  });

  it('index entry and README: what it shows (first sentence), outcome and link', () => {
    const entry = runbookIndexEntry({
      trace: handMadeTrace(),
      scenarioText: SCENARIO_TEXT,
      scenarioFile: 'x.yaml',
    });
    expect(entry.shows).toBe(
      'A hand-made partition between KMS and the cluster, healed after a minute.',
    );
    const readme = renderReportIndex([{ base: 'hand-made', ...entry }], undefined, () => true);
    expect(readme).toContain(
      '| [test: hand-made partition](hand-made.md) | A hand-made partition between KMS and the cluster, healed after a minute. | **FAILED** 1/2: KMSInvalidStateException ×4; all calls succeed again 10.003s after the fix |',
    );
    const kept = renderReportIndex(
      [],
      readme.replace('hand-made', 'other').replace('hand-made', 'other'),
      (base) => base === 'other',
    );
    expect(kept).toContain('](other.md)');
    expect(renderReportIndex([], readme, () => false)).not.toContain('](hand-made.md)');
  });

  it('README symptom index: from the exception and message pattern to the runbook and the report; kept for reports not rewritten', () => {
    const entry = runbookIndexEntry({
      trace: handMadeTrace(),
      scenarioText: SCENARIO_TEXT,
      scenarioFile: 'x.yaml',
    });
    const row =
      '| `KMSInvalidStateException` (400) | `KMS cannot communicate with your CloudHSM cluster` | [RB-4](../docs/behaviour.md#rb-4): KMS cannot reach the cluster | [hand-made](hand-made.md) |';
    const readme = renderReportIndex([{ base: 'hand-made', ...entry }], undefined, () => true);
    expect(readme).toContain('## By what the application gets: exception and message');
    expect(readme).toContain(row);
    expect(readme.indexOf(row)).toBeLessThan(readme.indexOf('## All reports'));
    // The store stayed CONNECTED: no row in the ConnectionState table.
    expect(readme).not.toContain('## By what `aws kms describe-custom-key-stores` shows');
    // Another report written later keeps this one's link; a deleted report loses it.
    const other = { ...entry, base: 'other' };
    const both = renderReportIndex([other], readme, () => true);
    expect(both).toContain('| [hand-made](hand-made.md), [other](other.md) |');
    expect(renderReportIndex([other], readme, (base) => base === 'other')).not.toContain(
      '[hand-made](hand-made.md)',
    );
  });
});

describe('report: runbook: times and headers', () => {
  it('formats virtual times relative to the start', () => {
    expect(formatAt(90_000)).toBe('+1m30s');
    expect(formatAt(0)).toBe('+0s');
    expect(formatAt(440_009)).toBe('+7m20.009s');
    expect(formatAt(3_900_000)).toBe('+1h5m0s');
    expect(formatAt(-120_000)).toBe('-2m0s');
    expect(formatDuration(250)).toBe('0.250s');
  });

  it('reads the header paragraph and the spec line; falls back to the description', () => {
    expect(scenarioHeader(SCENARIO_TEXT)).toEqual({
      summary: 'A hand-made partition between KMS and the cluster, healed after a minute.',
      follows: 'Follows docs/behaviour.md §4.6 (network path broken).',
    });
    expect(scenarioHeader("name: x\ndescription: 'Only a description.'\n").summary).toBe(
      'Only a description.',
    );
  });
});

describe('report: runbook: a real run', () => {
  const file = fileURLToPath(
    new URL('../../scenarios/partition-while-connected.yaml', import.meta.url),
  );

  it('the diagnosis JSON in the report is the body each service returned at that moment (the trace capture)', async () => {
    const { trace } = await runScenarioFile(file);
    const captures = trace.filter((event) => event.kind === 'report.diagnosis');
    expect(captures.map((event) => event.data.trigger)).toEqual(['first-error', 'end']);
    const report = renderRunbookReport({
      trace,
      scenarioText: readFileSync(file, 'utf8'),
      scenarioFile: 'scenarios/partition-while-connected.yaml',
      faults: FAULT_RUNBOOK,
    });
    expect(
      jsonAfterCommands(report.slice(report.indexOf('## Diagnosis'), report.indexOf('## Cause'))),
    ).toEqual(expectedDiagnosis(captures));
    // At the first error, a person sees CONNECTED and Enabled: CONNECTED does not mean healthy (docs/behaviour.md §4.1).
    const first = captures[0]!.data.commands as { operation: string; body: string }[];
    expect(
      JSON.parse(first.find((command) => command.operation === 'DescribeCustomKeyStores')!.body)
        .CustomKeyStores[0].ConnectionState,
    ).toBe('CONNECTED');
    expect(
      JSON.parse(first.find((command) => command.operation === 'DescribeKey')!.body).KeyMetadata
        .KeyState,
    ).toBe('Enabled');
    expect(report).toContain('`KMS cannot communicate with your CloudHSM cluster`');
    expect(report).toContain('- **The fix:** heal `network-partition` at +6m0s.');
  });
});

/**
 * The hand-made trace turned into a slow cluster that trips a client's 2 s requestTimeout (with
 * throwOnRequestTimeout): each failed call is a TimeoutError the client's request handler raised,
 * and each abandoned attempt's api.call carries the HSM time KMS spent on it.
 */
function clientTimeoutTrace(): TraceEvent[] {
  const timeout =
    '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 2000 ms requestTimeout.';
  const asTimeout = (data: Record<string, unknown>): Record<string, unknown> =>
    data.ok === false
      ? {
          ...data,
          errorName: 'TimeoutError',
          message: timeout,
          errorCode: 'ETIMEDOUT',
          httpStatusCode: null,
        }
      : data;
  const events = handMadeTrace().map((event): TraceEvent => {
    const data = event.data;
    if (event.kind === 'client.call') return { ...event, data: asTimeout(data) };
    if (event.kind === 'report.diagnosis' && data.cause)
      return {
        ...event,
        data: { ...data, cause: asTimeout(data.cause as Record<string, unknown>) },
      };
    if (event.kind === 'fault.injected' || event.kind === 'fault.healed')
      return {
        ...event,
        data: { ...data, fault: 'slow-hsm', params: { clusterId: 'cluster-1', latencyMs: 2_500 } },
      };
    if (event.kind === 'report.step' || event.kind === 'scenario.step')
      return {
        ...event,
        data: { ...data, what: String(data.what).replace('network-partition', 'slow-hsm') },
      };
    return event;
  });
  const push = (relativeMs: number, kind: string, data: Record<string, unknown>): number => {
    events.push({ seq: events.length, atMs: ORIGIN + relativeMs, kind, data });
    return events.length - 1;
  };
  for (const startMs of [60_000, 70_000]) {
    const answered = push(startMs, 'api.call', {
      client: 'app',
      service: 'kms',
      operation: 'Encrypt',
      status: 200,
      errorType: null,
      hsmLatencyMs: 2_500.5,
    });
    push(startMs + 2_000, 'client.request-timeout', {
      client: 'app',
      operation: 'Encrypt',
      timeoutMs: 2_000,
      thrown: true,
      apiCallSeq: answered,
    });
  }
  return events.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
}

describe("report: What to do now when callers saw their client's own TimeoutError", () => {
  const report = render(clientTimeoutTrace());
  const first = report.slice(report.indexOf('## What to do now'), report.indexOf('## Summary'));

  it("the symptom says the TimeoutError is the client's own, with no HTTP status, not a KMS exception", () => {
    expect(first).toContain(
      "- `app`'s Encrypt calls fail with `TimeoutError (ETIMEDOUT)`: `@smithy/node-http-handler - [ERROR] a request has exceeded the configured 2000 ms requestTimeout.` — 4 calls, +1m0.005s to +2m0.002s. The client's own request handler raised it when the client's timeout ran out: there is no HTTP status, and it is not a KMS exception.",
    );
  });

  it('the most likely cause is requests outliving the client timeout, not "no error reached the callers"', () => {
    expect(first).not.toContain('no error reached the callers');
    expect(first).toContain(
      "**Most likely cause:** Requests outlived the client's own requestTimeout (with throwOnRequestTimeout set), so the SDK's request handler gave up on them and raised TimeoutError. Evidence from this run:",
    );
  });

  it("the evidence: the slow-hsm fault, and the HSM time of the abandoned attempts against the client's timeout", () => {
    expect(first).toContain('- +1m0s: fault `slow-hsm` (`main` (`cluster-1`), latency 2.500s).');
    expect(first).toContain(
      "- +1m2s to +1m12s: `app` gave up on 2 Encrypt attempts at its own requestTimeout of 2s (TimeoutError); the trace shows KMS's HSM work on each of those requests took 2.501s, longer than that timeout.",
    );
  });

  it("the fix heals the fault, then the client's side: heal the slow or busy cluster (§5.2, §10) and/or raise the timeout", () => {
    const heal = first.indexOf('**1. Heal `slow-hsm`.**');
    const clientSide = first.indexOf("On the client's side (its timeout is what the callers saw):");
    expect(heal).toBeGreaterThan(0);
    expect(clientSide).toBeGreaterThan(heal);
    expect(first.slice(clientSide)).toMatch(
      /usually because its cluster is slow or busy \(docs\/behaviour\.md §5\.2, §10\): heal that first\. And\/or raise the client's timeout/,
    );
  });

  it("confirming recovery includes answers well inside the client's timeout, with the run's slowest call after the fix", () => {
    expect(first).toMatch(
      /\d\. It answers well inside the clients' timeouts: run the test encryption under `time`; .* must stay well below 2s \(`app`'s requestTimeout\), or callers will time out again\. In this run, after the fix, the slowest call of `app` took 0\.00[34]s\./,
    );
  });

  it('a report without client timeouts has none of this', () => {
    const plain = render();
    expect(plain).not.toContain("On the client's side");
    expect(plain).not.toContain("the clients' timeouts");
    expect(plain).not.toContain('gave up on');
  });
});
