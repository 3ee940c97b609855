/**
 * Client metrics (issue #4 §4): pure functions on hand-made call records and attempts (percentiles,
 * windows, retryable-vs-not, retry-quota exhaustion, trace events, printed lines), then two runs
 * through runScenario with the real SDK: session exhaustion draining a client's retry bucket, and a
 * burst above the store's 1,800 requests/second.
 */
import { describe, expect, it } from 'vitest';
import {
  attemptsFromTrace,
  clientMetrics,
  formatCounts,
  isRetryableFailure,
  isRetryQuotaExhausted,
  latencyPercentiles,
  metricsLines,
  metricsTraceEvents,
  nearestRank,
  requestTimeoutWarningsFromTrace,
  type AttemptSample,
  type CallSample,
  type MetricsInput,
} from '../../../src/scenarios/check/client-metrics.js';
import { validateScenarioObject } from '../../../src/scenarios/file/loader.js';
import { runScenario } from '../../../src/scenarios/run/runner.js';
import type { Scenario } from '../../../src/scenarios/scenario.js';
import type { TraceEvent } from '../../../src/sim/trace.js';
import { compactScenarioHead } from '../../support/scenario-text.js';

/** Scenario time 0 at kernel ms 1000, so a metric that forgot the origin lands in the wrong window. */
const ORIGIN = 1_000;

function call(
  client: string,
  startMs: number,
  latencyMs: number,
  outcome: Partial<CallSample> = {},
): CallSample {
  return {
    client,
    startMs: ORIGIN + startMs,
    endMs: ORIGIN + startMs + latencyMs,
    ok: true,
    errorName: undefined,
    attempts: 1,
    ...outcome,
  };
}

function attempt(client: string, atMs: number, errorType: string | null = null): AttemptSample {
  return { client, atMs: ORIGIN + atMs, errorType };
}

function input(
  calls: CallSample[],
  attempts: AttemptSample[],
  extra: Partial<MetricsInput> = {},
): MetricsInput {
  return {
    calls,
    attempts,
    clients: [{ name: 'app', maxAttempts: 3 }],
    originMs: ORIGIN,
    windowMs: 60_000,
    ...extra,
  };
}

describe('client metrics: latency percentiles (nearest rank, integer ms)', () => {
  it('1..100 ms: p50 50, p95 95, p99 99, whatever the input order', () => {
    const values = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(latencyPercentiles(values)).toEqual({ p50: 50, p95: 95, p99: 99 });
  });

  it('ten values: the rank is rounded up (p95 and p99 are the largest)', () => {
    expect(latencyPercentiles([10, 20, 30, 40, 50, 60, 70, 80, 90, 100])).toEqual({
      p50: 50,
      p95: 100,
      p99: 100,
    });
  });

  it('one value is every percentile; fractional virtual ms are rounded; no values is null', () => {
    expect(latencyPercentiles([7])).toEqual({ p50: 7, p95: 7, p99: 7 });
    expect(latencyPercentiles([2.4, 2.6, 9.5])).toEqual({ p50: 3, p95: 10, p99: 10 });
    expect(latencyPercentiles([])).toBeNull();
    expect(() => nearestRank([], 50)).toThrow('no values');
  });

  it('nearest rank picks a sample, never an interpolation', () => {
    expect(nearestRank([1, 100], 50)).toBe(1);
    expect(nearestRank([1, 100], 51)).toBe(100);
    expect(nearestRank([3, 4, 5], 0)).toBe(3);
  });
});

describe('client metrics: retryable failures and retry-quota exhaustion', () => {
  const retryable: [string, Partial<CallSample>][] = [
    ['ThrottlingException', { errorName: 'ThrottlingException', httpStatusCode: 400 }],
    [
      'LimitExceededException (the SDK retries it as throttling)',
      { errorName: 'LimitExceededException', httpStatusCode: 400 },
    ],
    ['KMSInternalException', { errorName: 'KMSInternalException', httpStatusCode: 500 }],
    ['KeyUnavailableException', { errorName: 'KeyUnavailableException', httpStatusCode: 500 }],
    [
      'DependencyTimeoutException',
      { errorName: 'DependencyTimeoutException', httpStatusCode: 503 },
    ],
    ['an unnamed 502', { errorName: 'UnknownError', httpStatusCode: 502 }],
    ['ECONNRESET (a plain Error with a code)', { errorName: 'Error', errorCode: 'ECONNRESET' }],
    ['TimeoutError', { errorName: 'TimeoutError', errorCode: 'ETIMEDOUT' }],
  ];
  const notRetryable: [string, Partial<CallSample>][] = [
    ['KMSInvalidStateException', { errorName: 'KMSInvalidStateException', httpStatusCode: 400 }],
    ['NotFoundException', { errorName: 'NotFoundException', httpStatusCode: 400 }],
    ['ValidationException', { errorName: 'ValidationException', httpStatusCode: 400 }],
    ['a 501 (the SDK does not retry it)', { errorName: 'UnknownError', httpStatusCode: 501 }],
    ['a plain Error without a code', { errorName: 'Error' }],
    ['a wrong plaintext', { errorName: 'KmsimWrongPlaintext' }],
  ];
  for (const [what, failure] of retryable) {
    it(`retryable: ${what}; after 1 of 3 attempts it is exhaustion, after 3 of 3 it is not`, () => {
      expect(isRetryableFailure({ errorName: undefined, ...failure })).toBe(true);
      expect(
        isRetryQuotaExhausted(call('app', 0, 1, { ok: false, attempts: 1, ...failure }), 3),
      ).toBe(true);
      expect(
        isRetryQuotaExhausted(call('app', 0, 1, { ok: false, attempts: 3, ...failure }), 3),
      ).toBe(false);
    });
  }
  for (const [what, failure] of notRetryable) {
    it(`not retryable: ${what}; failing after 1 of 3 attempts is not exhaustion`, () => {
      expect(isRetryableFailure({ errorName: undefined, ...failure })).toBe(false);
      expect(
        isRetryQuotaExhausted(call('app', 0, 1, { ok: false, attempts: 1, ...failure }), 3),
      ).toBe(false);
    });
  }

  it('a client with maxAttempts 1 never exhausts a quota: it never retries', () => {
    expect(
      isRetryQuotaExhausted(
        call('app', 0, 1, { ok: false, errorName: 'KMSInternalException', httpStatusCode: 500 }),
        1,
      ),
    ).toBe(false);
  });

  it('a success is never exhaustion, even after fewer attempts than allowed', () => {
    expect(isRetryQuotaExhausted(call('app', 0, 1, { ok: true, attempts: 2 }), 3)).toBe(false);
  });

  it("counted per client with that client's maxAttempts", () => {
    const failure = {
      ok: false,
      errorName: 'ThrottlingException',
      httpStatusCode: 400,
      attempts: 2,
    };
    const metrics = clientMetrics(
      input([call('five', 0, 5, failure), call('two', 0, 5, failure)], [], {
        clients: [
          { name: 'two', maxAttempts: 2 },
          { name: 'five', maxAttempts: 5, retryMode: 'adaptive' },
        ],
      }),
    );
    expect(
      metrics.clients.map((client) => [
        client.client,
        client.retryMode,
        client.maxAttempts,
        client.total.retryQuotaExhausted,
      ]),
    ).toEqual([
      ['five', 'adaptive', 5, 1],
      ['two', 'standard', 2, 0],
    ]);
  });
});

describe('client metrics: windows and counts', () => {
  const calls = [
    call('app', 0, 5),
    call('app', 59_999, 10, {
      ok: false,
      errorName: 'ThrottlingException',
      httpStatusCode: 400,
      attempts: 1,
    }),
    call('app', 60_000, 20, {
      ok: false,
      errorName: 'KMSInvalidStateException',
      httpStatusCode: 400,
    }),
    call('app', 185_000, 700, { attempts: 2 }),
  ];
  const attempts = [
    attempt('app', 0),
    attempt('app', 59_999, 'ThrottlingException'),
    attempt('app', 60_000, 'KMSInvalidStateException'),
    attempt('app', 185_000, 'KMSInternalException'),
    // The retry of the call that started at 3m05s, sent in the next window.
    attempt('app', 240_100),
  ];
  const metrics = clientMetrics(input(calls, attempts));
  const app = metrics.clients[0]!;

  it('calls go to the window they started in, attempts to the window they were sent in; empty windows are left out', () => {
    expect(
      app.windows.map((window) => [window.fromMs, window.toMs, window.calls, window.attempts]),
    ).toEqual([
      [0, 60_000, 2, 2],
      [60_000, 120_000, 1, 1],
      [180_000, 240_000, 1, 1],
      [240_000, 300_000, 0, 1],
    ]);
  });

  it('each window counts successes, errors by name, attempt errors, throttles, latency and exhaustion', () => {
    expect(app.windows[0]).toEqual({
      fromMs: 0,
      toMs: 60_000,
      calls: 2,
      attempts: 2,
      successes: 1,
      errors: { ThrottlingException: 1 },
      attemptErrors: { ThrottlingException: 1 },
      throttles: 1,
      latencyMs: { p50: 5, p95: 10, p99: 10 },
      retryQuotaExhausted: 1,
    });
    expect(app.windows[2]).toMatchObject({
      successes: 1,
      errors: {},
      attemptErrors: { KMSInternalException: 1 },
      throttles: 0,
      latencyMs: { p50: 700, p95: 700, p99: 700 },
    });
    expect(app.windows[3]).toMatchObject({ calls: 0, attempts: 1, successes: 0, latencyMs: null });
  });

  it('the total covers the whole run', () => {
    expect(app.total).toEqual({
      calls: 4,
      attempts: 5,
      successes: 2,
      errors: { KMSInvalidStateException: 1, ThrottlingException: 1 },
      attemptErrors: {
        KMSInternalException: 1,
        KMSInvalidStateException: 1,
        ThrottlingException: 1,
      },
      throttles: 1,
      latencyMs: { p50: 10, p95: 700, p99: 700 },
      retryQuotaExhausted: 1,
    });
  });

  it('the window width is configurable', () => {
    const wide = clientMetrics(input(calls, attempts, { windowMs: 300_000 }));
    expect(wide.windowMs).toBe(300_000);
    expect(
      wide.clients[0]!.windows.map((window) => [window.fromMs, window.calls, window.attempts]),
    ).toEqual([[0, 4, 5]]);
    expect(() => clientMetrics(input(calls, attempts, { windowMs: 0 }))).toThrow('longer than 0');
  });

  it('clients in name order, a declared client with no calls has zero totals, an undeclared one gets the defaults', () => {
    const metrics = clientMetrics(
      input([call('zeta', 0, 1), call('app', 0, 1)], [attempt('zeta', 0), attempt('app', 0)], {
        clients: [{ name: 'idle' }, { name: 'app', maxAttempts: 4 }],
      }),
    );
    expect(
      metrics.clients.map((client) => [
        client.client,
        client.maxAttempts,
        client.total.calls,
        client.windows.length,
      ]),
    ).toEqual([
      ['app', 4, 1, 1],
      ['idle', 3, 0, 0],
      ['zeta', 3, 1, 1],
    ]);
    expect(metrics.clients[1]!.total).toEqual({
      calls: 0,
      attempts: 0,
      successes: 0,
      errors: {},
      attemptErrors: {},
      throttles: 0,
      latencyMs: null,
      retryQuotaExhausted: 0,
    });
  });

  it('a socket error is counted under its code, like the attempt that failed with it', () => {
    const reset = clientMetrics(
      input(
        [
          call('app', 0, 1, {
            ok: false,
            errorName: 'Error',
            errorCode: 'ECONNRESET',
            attempts: 3,
          }),
        ],
        [attempt('app', 0, 'ECONNRESET')],
      ),
    );
    expect(reset.clients[0]!.total).toMatchObject({
      errors: { ECONNRESET: 1 },
      attemptErrors: { ECONNRESET: 1 },
      retryQuotaExhausted: 0,
    });
  });
});

describe('client metrics: requestTimeouts that only warned (issue #13 §1)', () => {
  const event = (atMs: number, data: Record<string, unknown>): TraceEvent => ({
    seq: atMs,
    atMs,
    kind: 'client.request-timeout',
    data: { client: 'app', operation: 'Encrypt', timeoutMs: 2_000, thrown: false, ...data },
  });

  it("counts warned requestTimeouts per client from the trace; thrown ones, the operator's and other kinds are not warnings", () => {
    const warnings = requestTimeoutWarningsFromTrace([
      event(ORIGIN + 10, {}),
      event(ORIGIN + 20, { timeoutMs: 500 }),
      event(ORIGIN + 30, { thrown: true }),
      event(ORIGIN + 40, { client: null }),
      { seq: 99, atMs: ORIGIN + 50, kind: 'api.call', data: { client: 'app', thrown: false } },
    ]);
    expect(warnings).toEqual([
      { client: 'app', atMs: ORIGIN + 10, timeoutMs: 2_000 },
      { client: 'app', atMs: ORIGIN + 20, timeoutMs: 500 },
    ]);
    const metrics = clientMetrics(
      input([call('app', 10, 2_500), call('other', 10, 5)], [], {
        clients: [{ name: 'app' }, { name: 'other' }],
        requestTimeoutWarnings: warnings,
      }),
    );
    expect(metrics.clients.map((client) => client.requestTimeoutWarnings)).toEqual([
      { count: 2, timeoutMs: [500, 2_000] },
      undefined,
    ]);
    expect(metricsLines(metrics).filter((line) => line.startsWith('NOTE'))).toEqual([
      'NOTE client app: requestTimeout 500ms, 2s exceeded 2 times, only warned (throwOnRequestTimeout is false)',
    ]);
    expect(
      metricsTraceEvents(metrics).find(
        (e) => e.kind === 'metrics.total' && e.data['client'] === 'app',
      )?.data['requestTimeoutWarnings'],
    ).toEqual({ count: 2, timeoutMs: [500, 2_000] });
  });
});

describe('client metrics: attempts the client abandoned with a TimeoutError', () => {
  it('an api.call whose client threw a request or socket timeout on it is a failed TimeoutError attempt, even if the service answered 200; a warned one stays a success', () => {
    const apiCall = (seq: number, atMs: number): TraceEvent => ({
      seq,
      atMs,
      kind: 'api.call',
      data: { client: 'app', operation: 'Encrypt', status: 200, errorType: null },
    });
    const timeout = (seq: number, kind: string, apiCallSeq: number, thrown: boolean) => ({
      seq,
      atMs: seq,
      kind,
      data: { client: 'app', operation: 'Encrypt', timeoutMs: 2_000, thrown, apiCallSeq },
    });
    const events: TraceEvent[] = [
      apiCall(1, 10),
      apiCall(2, 20),
      apiCall(3, 30),
      apiCall(4, 40),
      timeout(5, 'client.request-timeout', 1, true),
      timeout(6, 'client.socket-timeout', 2, true),
      timeout(7, 'client.request-timeout', 3, false),
    ];
    expect(attemptsFromTrace(events).map((sample) => sample.errorType)).toEqual([
      'TimeoutError',
      'TimeoutError',
      null,
      null,
    ]);
  });
});

describe('client metrics: attempts from the trace', () => {
  const event = (
    seq: number,
    atMs: number,
    kind: string,
    data: Record<string, unknown>,
  ): TraceEvent => ({ seq, atMs, kind, data });
  it('api.call and fault.connection events with a client; the operator’s (client null) and other kinds are skipped', () => {
    const events = [
      event(0, 10, 'api.call', {
        client: null,
        service: 'kms',
        operation: 'CreateKey',
        status: 200,
        errorType: null,
      }),
      event(1, 11, 'api.call', {
        client: 'app',
        service: 'kms',
        operation: 'Encrypt',
        status: 200,
        errorType: null,
      }),
      event(2, 12, 'api.call', {
        client: 'app',
        service: 'kms',
        operation: 'Encrypt',
        status: 400,
        errorType: 'ThrottlingException',
      }),
      event(3, 13, 'fault.connection', {
        client: 'weak',
        service: 'kms',
        operation: 'Encrypt',
        kind: 'reset',
        ruleId: 'r1',
      }),
      event(4, 14, 'fault.connection', {
        client: 'weak',
        service: 'kms',
        operation: 'Encrypt',
        kind: 'timeout',
        ruleId: 'r2',
      }),
      event(5, 15, 'client.call', { client: 'app', ok: true }),
      event(6, 16, 'api.call', { client: 'app', status: 500, errorType: null }),
    ];
    expect(attemptsFromTrace(events)).toEqual([
      { client: 'app', atMs: 11, errorType: null },
      { client: 'app', atMs: 12, errorType: 'ThrottlingException' },
      { client: 'weak', atMs: 13, errorType: 'ECONNRESET' },
      { client: 'weak', atMs: 14, errorType: 'TimeoutError' },
      { client: 'app', atMs: 16, errorType: 'HTTP 500' },
    ]);
  });
});

describe('client metrics: trace events and printed lines', () => {
  const metrics = clientMetrics(
    input(
      [
        call('app', 0, 5),
        call('app', 60_000, 9, {
          ok: false,
          errorName: 'KMSInternalException',
          httpStatusCode: 500,
          attempts: 1,
        }),
        call('app', 120_000, 4),
      ],
      [attempt('app', 0), attempt('app', 60_000, 'KMSInternalException'), attempt('app', 120_000)],
    ),
  );

  it('per client: its windows in time order, then its total', () => {
    const events = metricsTraceEvents(metrics);
    expect(events.map((e) => [e.kind, e.data['client'], e.data['fromMs'] ?? null])).toEqual([
      ['metrics.window', 'app', 0],
      ['metrics.window', 'app', 60_000],
      ['metrics.window', 'app', 120_000],
      ['metrics.total', 'app', null],
    ]);
    expect(events[3]!.data).toMatchObject({
      retryMode: 'standard',
      maxAttempts: 3,
      windowMs: 60_000,
      calls: 3,
      retryQuotaExhausted: 1,
    });
  });

  it('kmsim run prints the total and only the windows with an error, in a fixed format', () => {
    expect(metricsLines(metrics)).toEqual([
      'METRICS client app total (standard, maxAttempts 3): calls 3 attempts 3 ok 2 errors KMSInternalException=1 attempt-errors KMSInternalException=1 throttles 0 p50 5ms p95 9ms p99 9ms retry-quota-exhausted 1',
      'METRICS client app window 1m-2m: calls 1 attempts 1 ok 0 errors KMSInternalException=1 attempt-errors KMSInternalException=1 throttles 0 p50 9ms p95 9ms p99 9ms retry-quota-exhausted 1',
    ]);
  });

  it('no calls prints dashes for errors and latency', () => {
    expect(
      formatCounts({
        calls: 0,
        attempts: 0,
        successes: 0,
        errors: {},
        attemptErrors: {},
        throttles: 0,
        latencyMs: null,
        retryQuotaExhausted: 0,
      }),
    ).toBe(
      'calls 0 attempts 0 ok 0 errors - attempt-errors - throttles 0 p50 - p95 - p99 - retry-quota-exhausted 0',
    );
  });
});

describe("client metrics: a client that is the user's module (issue #13 §1)", () => {
  const failedTimeout = call('app', 0, 2_000, {
    ok: false,
    errorName: 'TimeoutError',
    attempts: 1,
  });

  it('is labelled by its module file and form, and claims no retry mode, maxAttempts or retry-quota exhaustion', () => {
    const metrics = clientMetrics(
      input([failedTimeout], [attempt('app', 0, 'TimeoutError')], {
        clients: [{ name: 'app', module: { form: 'workload', file: 'app-retry-wrapper.mjs' } }],
      }),
    );
    const client = metrics.clients[0]!;
    expect(client.retryMode).toBeUndefined();
    expect(client.maxAttempts).toBeUndefined();
    expect(client.total.retryQuotaExhausted).toBeNull();
    expect(metricsLines(metrics)[0]).toBe(
      'METRICS client app total (workload from app-retry-wrapper.mjs): calls 1 attempts 1 ok 0 errors TimeoutError=1 attempt-errors TimeoutError=1 throttles 0 p50 2000ms p95 2000ms p99 2000ms retry-quota-exhausted n/a',
    );
    const total = metricsTraceEvents(metrics).find((event) => event.kind === 'metrics.total')!;
    expect(total.data).toMatchObject({
      module: { form: 'workload', file: 'app-retry-wrapper.mjs' },
      retryQuotaExhausted: null,
    });
    expect(total.data).not.toHaveProperty('retryMode');
    expect(total.data).not.toHaveProperty('maxAttempts');
  });

  it('the same failure from a plain SDK client counts as retry-quota exhaustion (1 attempt of 3)', () => {
    const metrics = clientMetrics(input([failedTimeout], [attempt('app', 0, 'TimeoutError')]));
    expect(metrics.clients[0]!.total.retryQuotaExhausted).toBe(1);
    expect(metricsLines(metrics)[0]).toContain('(standard, maxAttempts 3)');
  });

  it('a module given as a value says so', () => {
    const metrics = clientMetrics(
      input([], [], { clients: [{ name: 'app', module: { form: 'retryStrategy', file: null } }] }),
    );
    expect(metricsLines(metrics)[0]).toMatch(
      /^METRICS client app total \(retryStrategy module value\): /,
    );
  });

  it('through runScenario: a retryStrategy file, a workload value and a plain client are each labelled for what they are', async () => {
    const { copyFileSync, mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(process.cwd(), 'test/scenarios/fixtures/modules/.tmp-'));
    try {
      copyFileSync(
        'test/scenarios/fixtures/modules/retry-invalid-state.mjs',
        join(dir, 'strategy.mjs'),
      );
      writeFileSync(
        join(dir, 'labels.yaml'),
        [
          ...compactScenarioHead('labels', 5),
          'clients:',
          '  - name: custom',
          '    module: strategy.mjs',
          '    maxAttempts: 7',
          '  - name: plain',
          '    retryMode: adaptive',
          '    maxAttempts: 5',
          'workloads:',
          '  - { client: custom, operation: Encrypt, key: app-key, at: [1s] }',
          '  - { client: plain, operation: Encrypt, key: app-key, at: [1s] }',
          'expect: []',
          '',
        ].join('\n'),
      );
      const { loadScenarioFile } = await import('../../../src/scenarios/file/loader.js');
      const loaded = loadScenarioFile(join(dir, 'labels.yaml'));
      if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
      const result = await runScenario(loaded.scenario);
      const lines = metricsLines(result.metrics).filter((line) => line.includes(' total '));
      expect(lines.map((line) => line.slice(0, line.indexOf(':')))).toEqual([
        'METRICS client custom total (retryStrategy from strategy.mjs)',
        'METRICS client plain total (adaptive, maxAttempts 5)',
      ]);
      const workload = async () => ({});
      const valued = await runScenario({
        ...loaded.scenario,
        clients: [{ name: 'custom', module: { workload } }, { name: 'plain' }],
      });
      expect(metricsLines(valued.metrics)[0]).toMatch(
        /^METRICS client custom total \(workload module value\): /,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('client metrics: metricsWindow in a scenario file', () => {
  const base = { name: 'x', seed: 1, world: {}, clients: [{ name: 'app' }], expect: [] };
  it('accepts a duration, rejects 0 and a malformed time', () => {
    expect(validateScenarioObject({ ...base, metricsWindow: '10s' }).ok).toBe(true);
    const zero = validateScenarioObject({ ...base, metricsWindow: '0s' });
    expect(zero.ok ? [] : zero.messages).toEqual([
      '<scenario object>: metricsWindow: must be longer than 0 (client metrics are counted per window)',
    ]);
    const malformed = validateScenarioObject({ ...base, metricsWindow: 'ten seconds' });
    expect(malformed.ok ? [] : malformed.messages).toEqual([
      "<scenario object>: metricsWindow: malformed time 'ten seconds' (use e.g. 30s, 5m, 1h30m)",
    ]);
  });
});

const storeWorld: Scenario['world'] = {
  clusters: [{ name: 'main', hsms: ['a', 'b'] }],
  keyStores: [{ name: 'store', cluster: 'main' }],
  keys: [{ name: 'app-key', keyStore: 'store' }],
};

describe('client metrics: through runScenario with the real SDK', () => {
  it('client metrics: sessions exhausted for the whole run: the weak client retries until its retry bucket runs dry, then fails on the first attempt', async () => {
    const scenario: Scenario = {
      name: 'client metrics: sessions exhausted: retry quota runs dry',
      seed: 21,
      metricsWindow: '20s',
      world: storeWorld,
      clients: [
        { name: 'weak', retryMode: 'standard', maxAttempts: 5 },
        { name: 'single', retryMode: 'standard', maxAttempts: 1 },
      ],
      timeline: [{ at: '0s', fault: 'session-exhaustion', cluster: 'main', count: 100_000 }],
      workloads: [
        { client: 'weak', operation: 'Encrypt', key: 'app-key', every: '1s', until: '1m' },
        { client: 'single', operation: 'Encrypt', key: 'app-key', every: '10s', until: '1m' },
      ],
      expect: [
        { type: 'error', client: 'weak', exception: 'KMSInternalException', between: ['0s', '1m'] },
      ],
    };
    const result = await runScenario(scenario);
    expect(result.passed).toBe(true);
    const [single, weak] = result.metrics.clients;
    expect(result.metrics.windowMs).toBe(20_000);

    // The weak client: every call failed; early calls were retried, then the bucket ran dry.
    expect(weak!.client).toBe('weak');
    expect(weak!.total).toMatchObject({
      calls: 60,
      successes: 0,
      errors: { KMSInternalException: 60 },
      throttles: 0,
    });
    expect(weak!.total.attempts).toBeGreaterThan(weak!.total.calls);
    expect(weak!.total.attemptErrors).toEqual({ KMSInternalException: weak!.total.attempts });
    const weakCalls = result.calls.filter((c) => c.client === 'weak');
    // Attribution: the attempts the simulator saw from this client are the attempts the SDK reports.
    expect(weak!.total.attempts).toBe(weakCalls.reduce((sum, c) => sum + c.attempts, 0));
    expect(weakCalls.some((c) => c.attempts === 5)).toBe(true);
    expect(weak!.total.retryQuotaExhausted).toBe(weakCalls.filter((c) => c.attempts < 5).length);
    expect(weak!.total.retryQuotaExhausted).toBeGreaterThan(0);
    // Retries happen early; by the last window the bucket is dry: one attempt per call, each one exhaustion.
    expect(weak!.windows.map((w) => w.fromMs)).toEqual([0, 20_000, 40_000]);
    expect(weak!.windows[0]!.attempts).toBeGreaterThan(weak!.windows[0]!.calls);
    expect(weak!.windows[2]).toMatchObject({ calls: 20, attempts: 20, retryQuotaExhausted: 20 });

    // maxAttempts 1: every call failed on its only attempt, which is not exhaustion.
    expect(single!.total).toMatchObject({
      calls: 6,
      attempts: 6,
      successes: 0,
      errors: { KMSInternalException: 6 },
      retryQuotaExhausted: 0,
    });

    // The same numbers are in the trace, after everything else.
    const events = result.traceJsonLines
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as TraceEvent);
    const metricEvents = events.filter((e) => e.kind.startsWith('metrics.'));
    expect(metricEvents.map((e) => e.data)).toEqual(
      JSON.parse(JSON.stringify(metricsTraceEvents(result.metrics).map((e) => e.data))),
    );
    expect(events.slice(-metricEvents.length)).toEqual(metricEvents);
    // ...and the trace alone gives the attempts.
    expect(attemptsFromTrace(events).filter((a) => a.client === 'weak')).toHaveLength(
      weak!.total.attempts,
    );
  }, 120_000);

  it('client metrics: a burst above the store’s 1,800 requests/second: throttled attempts, retried, per window', async () => {
    const burst = {
      client: 'burst',
      operation: 'Encrypt' as const,
      key: 'app-key',
      every: '1ms',
      until: '620ms',
    };
    const scenario: Scenario = {
      name: 'client metrics: burst above the custom key store quota',
      seed: 5,
      metricsWindow: '1s',
      world: storeWorld,
      clients: [{ name: 'burst', retryMode: 'standard', maxAttempts: 3 }],
      // Three arrivals per millisecond for 620 ms: 1,860 requests in the first second (docs/behaviour.md §5.2: 1,800).
      workloads: [burst, burst, burst],
      expect: [],
    };
    const result = await runScenario(scenario);
    const client = result.metrics.clients[0]!;
    expect(client.total.calls).toBe(1_860);
    expect(client.total.throttles).toBeGreaterThan(0);
    expect(client.total.attemptErrors['ThrottlingException']).toBe(client.total.throttles);
    expect(client.total.attempts).toBeGreaterThan(client.total.calls);
    const first = client.windows[0]!;
    expect([first.fromMs, first.toMs]).toEqual([0, 1_000]);
    expect(first.throttles).toBeGreaterThan(0);
    // Nothing fails for a reason other than throttling.
    expect(
      Object.keys(client.total.errors).filter((name) => name !== 'ThrottlingException'),
    ).toEqual([]);
    expect(client.total.successes + (client.total.errors['ThrottlingException'] ?? 0)).toBe(
      client.total.calls,
    );
  }, 180_000);
});
