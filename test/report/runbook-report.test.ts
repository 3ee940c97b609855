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
import { scenarioHeader } from '../../src/report/scenario-header.js';
import { renderReportIndex } from '../../src/report/report-index.js';
import { cliJson } from '../../src/report/cli-output.js';
import { loadScenarioFile } from '../../src/scenarios/file/loader.js';
import { runScenario } from '../../src/scenarios/run/runner.js';
import type { TraceEvent } from '../../src/sim/trace.js';

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
    const loaded = loadScenarioFile(file);
    if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
    const result = await runScenario(loaded.scenario);
    const trace = result.traceJsonLines
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TraceEvent);
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
