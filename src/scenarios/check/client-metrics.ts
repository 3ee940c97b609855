/**
 * Client metrics (issue #4 §4): for each scenario client and each time window, what its calls and
 * their wire attempts did. Pure functions of the call records and the trace's attempt events, so
 * `kmsim run`, the JSON report and the trace all show the same numbers.
 *
 * Two kinds of sample, two ways of placing them in windows:
 * - calls (one per logical SDK call): `calls`, `successes`, `errors` (exception name → failed calls),
 *   `latencyMs` (end − start in virtual ms, nearest-rank p50/p95/p99) and `retryQuotaExhausted` go to
 *   the window in which the call started;
 * - attempts (one per wire request: an `api.call` event, or a `fault.connection` event for a request
 *   that never reached the service): `attempts`, `attemptErrors` (error type → failed attempts) and
 *   `throttles` (attempts answered ThrottlingException) go to the window in which the attempt was sent.
 * So in one window `attempts` may be below `calls` (a call's retries spill into the next window);
 * over the whole run (`total`) attempts ≥ calls.
 *
 * Retry-quota exhaustion: the SDK's standard retry strategy keeps a token bucket per client (500
 * tokens; a retry costs some, a success returns some). With the bucket dry it refuses to retry, and
 * the call fails with a retryable error before maxAttempts. That is the only way a retryable failure
 * can end early, so we count exactly those calls. Adaptive mode wraps the same standard strategy (same
 * bucket) and adds a client-side rate limiter that delays attempts after throttling: that shows up as
 * latency, not as exhaustion. "Retryable" follows the SDK's classification (docs/behaviour.md §1.6): throttling
 * errors, 500/502/503/504 (KMSInternalException, KeyUnavailableException, DependencyTimeoutException)
 * and connection errors (ECONNRESET, timeouts).
 *
 * Windows are listed only when something happened in them (a call started or an attempt was sent);
 * an absent window means zeros. Clients are in name order, windows in time order.
 */
import type { TraceEvent } from '../../sim/trace.js';
import type { ClockDrift } from './external-calls.js';
import { formatDuration } from '../duration.js';

export const DEFAULT_METRICS_WINDOW_MS = 60_000;
/** The scenario default (scenario.ts ClientSpec) and the SDK's. */
const DEFAULT_MAX_ATTEMPTS = 3;

/** One logical call (a CallRecord satisfies it). Times in kernel ms. */
export interface CallSample {
  readonly client: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly ok: boolean;
  readonly errorName: string | undefined;
  /** Node error code of a connection failure (ECONNRESET, ETIMEDOUT, ...). */
  readonly errorCode?: string | undefined;
  readonly httpStatusCode?: number | undefined;
  /** Attempts the SDK made ($metadata.attempts). */
  readonly attempts: number;
}

/** One wire attempt by a scenario client. */
export interface AttemptSample {
  readonly client: string;
  readonly atMs: number;
  /** null when the service answered 200; otherwise the error type (wire name, ECONNRESET, TimeoutError). */
  readonly errorType: string | null;
}

export interface MetricsClientSpec {
  readonly name: string;
  readonly retryMode?: 'standard' | 'adaptive';
  readonly maxAttempts?: number;
  /** What the server saw of an external client (serve --scenario, exec; issue #9 §1-2). */
  readonly external?: ExternalClientFacts;
}

/** How an external client's requests were read: grouping into calls, and its clock. */
export interface ExternalClientFacts {
  readonly accessKeyId: string | undefined;
  /** Attempts without amz-sdk-invocation-id, each counted as its own call. */
  readonly ungroupedAttempts: number;
  readonly clockDrift: ClockDrift;
}

export interface LatencyPercentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export interface MetricsCounts {
  readonly calls: number;
  readonly attempts: number;
  readonly successes: number;
  /** Failed calls by exception name, names sorted. */
  readonly errors: Readonly<Record<string, number>>;
  /** Failed attempts by error type, types sorted (includes attempts the SDK retried). */
  readonly attemptErrors: Readonly<Record<string, number>>;
  readonly throttles: number;
  /** null when no call started in the window. */
  readonly latencyMs: LatencyPercentiles | null;
  readonly retryQuotaExhausted: number;
}

export interface WindowMetrics extends MetricsCounts {
  /** Scenario time (ms from its start), inclusive. */
  readonly fromMs: number;
  /** Scenario time, exclusive. */
  readonly toMs: number;
}

export interface ClientMetrics {
  readonly client: string;
  readonly retryMode: 'standard' | 'adaptive';
  readonly maxAttempts: number;
  readonly external?: ExternalClientFacts;
  readonly total: MetricsCounts;
  readonly windows: readonly WindowMetrics[];
}

export interface ScenarioMetrics {
  readonly windowMs: number;
  readonly clients: readonly ClientMetrics[];
}

export interface MetricsInput {
  readonly calls: readonly CallSample[];
  readonly attempts: readonly AttemptSample[];
  /** Declared clients; a client seen in the samples but not declared gets the defaults. */
  readonly clients: readonly MetricsClientSpec[];
  /** Kernel ms of scenario time 0. */
  readonly originMs: number;
  readonly windowMs: number;
}

const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'LimitExceededException',
]);
const TRANSIENT_ERRORS: ReadonlySet<string> = new Set([
  'KMSInternalException',
  'KeyUnavailableException',
  'DependencyTimeoutException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** Whether the SDK would retry this failure, given attempts and retry tokens left (docs/behaviour.md §1.6). */
export function isRetryableFailure(
  call: Pick<CallSample, 'errorName' | 'errorCode' | 'httpStatusCode'>,
): boolean {
  const name = call.errorName ?? '';
  if (THROTTLING_ERRORS.has(name) || TRANSIENT_ERRORS.has(name)) return true;
  if (call.httpStatusCode !== undefined && TRANSIENT_STATUSES.has(call.httpStatusCode)) return true;
  return call.errorCode !== undefined && CONNECTION_CODES.has(call.errorCode);
}

/** A failed call the SDK gave up on before maxAttempts although the error was retryable: its retry bucket was dry. */
export function isRetryQuotaExhausted(call: CallSample, maxAttempts: number): boolean {
  return !call.ok && call.attempts < maxAttempts && isRetryableFailure(call);
}

/** Nearest-rank percentile of values sorted ascending (the smallest value with at least `percent`% at or below it). */
export function nearestRank(sorted: readonly number[], percent: number): number {
  if (sorted.length === 0) throw new Error('nearestRank of no values');
  const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function latencyPercentiles(latenciesMs: readonly number[]): LatencyPercentiles | null {
  if (latenciesMs.length === 0) return null;
  const sorted = latenciesMs.map((ms) => Math.round(ms)).sort((a, b) => a - b);
  return {
    p50: nearestRank(sorted, 50),
    p95: nearestRank(sorted, 95),
    p99: nearestRank(sorted, 99),
  };
}

/** The attempts scenario clients made, from trace events (events without a client are the operator's). */
export function attemptsFromTrace(events: readonly TraceEvent[]): AttemptSample[] {
  const attempts: AttemptSample[] = [];
  for (const event of events) {
    const client = event.data['client'];
    if (typeof client !== 'string') continue;
    if (event.kind === 'api.call') {
      const status = event.data['status'];
      const errorType =
        status === 200 ? null : String(event.data['errorType'] ?? `HTTP ${String(status)}`);
      attempts.push({ client, atMs: event.atMs, errorType });
    } else if (event.kind === 'fault.connection') {
      // The request failed before reaching the service, as the SDK sees it (in-process-handler.ts).
      attempts.push({
        client,
        atMs: event.atMs,
        errorType: event.data['kind'] === 'timeout' ? 'TimeoutError' : 'ECONNRESET',
      });
    }
  }
  return attempts;
}

function sortedCounts(names: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of [...names].sort()) counts[name] = (counts[name] ?? 0) + 1;
  return counts;
}

/** A socket error reaches the caller as a plain `Error`; its code (ECONNRESET) says more, and matches attemptErrors. */
function errorLabel(call: CallSample): string {
  const name = call.errorName ?? 'Error';
  return name === 'Error' && call.errorCode ? call.errorCode : name;
}

function counts(
  calls: readonly CallSample[],
  attempts: readonly AttemptSample[],
  maxAttempts: number,
): MetricsCounts {
  const failed = calls.filter((call) => !call.ok);
  const attemptErrors = attempts.flatMap((attempt) =>
    attempt.errorType === null ? [] : [attempt.errorType],
  );
  return {
    calls: calls.length,
    attempts: attempts.length,
    successes: calls.length - failed.length,
    errors: sortedCounts(failed.map(errorLabel)),
    attemptErrors: sortedCounts(attemptErrors),
    throttles: attemptErrors.filter((type) => type === 'ThrottlingException').length,
    latencyMs: latencyPercentiles(calls.map((call) => call.endMs - call.startMs)),
    retryQuotaExhausted: failed.filter((call) => isRetryQuotaExhausted(call, maxAttempts)).length,
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function metricsOfClient(
  spec: MetricsClientSpec,
  calls: readonly CallSample[],
  attempts: readonly AttemptSample[],
  input: MetricsInput,
): ClientMetrics {
  const maxAttempts = spec.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const windowOf = (atMs: number): number => Math.floor((atMs - input.originMs) / input.windowMs);
  const callsByWindow = groupBy(calls, (call) => windowOf(call.startMs));
  const attemptsByWindow = groupBy(attempts, (attempt) => windowOf(attempt.atMs));
  const indexes = [...new Set([...callsByWindow.keys(), ...attemptsByWindow.keys()])].sort(
    (a, b) => a - b,
  );
  const windows = indexes.map((index) => ({
    fromMs: index * input.windowMs,
    toMs: (index + 1) * input.windowMs,
    ...counts(callsByWindow.get(index) ?? [], attemptsByWindow.get(index) ?? [], maxAttempts),
  }));
  return {
    client: spec.name,
    retryMode: spec.retryMode ?? 'standard',
    maxAttempts,
    ...(spec.external ? { external: spec.external } : {}),
    total: counts(calls, attempts, maxAttempts),
    windows,
  };
}

export function clientMetrics(input: MetricsInput): ScenarioMetrics {
  if (!(input.windowMs > 0))
    throw new Error(`metrics window must be longer than 0 ms, got ${input.windowMs}`);
  const specs = new Map(input.clients.map((spec) => [spec.name, spec]));
  for (const sample of [...input.calls, ...input.attempts])
    if (!specs.has(sample.client)) specs.set(sample.client, { name: sample.client });
  const names = [...specs.keys()].sort();
  const clients = names.map((name) =>
    metricsOfClient(
      specs.get(name)!,
      input.calls.filter((call) => call.client === name),
      input.attempts.filter((attempt) => attempt.client === name),
      input,
    ),
  );
  return { windowMs: input.windowMs, clients };
}

/** The trace events that carry the metrics: per client, its windows in time order, then its total. */
export function metricsTraceEvents(
  metrics: ScenarioMetrics,
): { kind: 'metrics.window' | 'metrics.total'; data: Record<string, unknown> }[] {
  return metrics.clients.flatMap((client) => [
    ...client.windows.map((window) => ({
      kind: 'metrics.window' as const,
      data: { client: client.client, windowMs: metrics.windowMs, ...window },
    })),
    {
      kind: 'metrics.total' as const,
      data: {
        client: client.client,
        retryMode: client.retryMode,
        maxAttempts: client.maxAttempts,
        windowMs: metrics.windowMs,
        ...(client.external ? { external: client.external } : {}),
        ...client.total,
      },
    },
  ]);
}

function countsText(values: Readonly<Record<string, number>>): string {
  const entries = Object.entries(values);
  return entries.length === 0 ? '-' : entries.map(([name, count]) => `${name}=${count}`).join(',');
}

/** `calls 6 attempts 7 ok 5 errors X=1 attempt-errors X=2 throttles 0 p50 5ms p95 9ms p99 9ms retry-quota-exhausted 0` */
export function formatCounts(counts: MetricsCounts): string {
  const latency = (ms: number | undefined): string => (ms === undefined ? '-' : `${ms}ms`);
  return [
    `calls ${counts.calls}`,
    `attempts ${counts.attempts}`,
    `ok ${counts.successes}`,
    `errors ${countsText(counts.errors)}`,
    `attempt-errors ${countsText(counts.attemptErrors)}`,
    `throttles ${counts.throttles}`,
    `p50 ${latency(counts.latencyMs?.p50)}`,
    `p95 ${latency(counts.latencyMs?.p95)}`,
    `p99 ${latency(counts.latencyMs?.p99)}`,
    `retry-quota-exhausted ${counts.retryQuotaExhausted}`,
  ].join(' ');
}

function hadErrors(counts: MetricsCounts): boolean {
  return (
    Object.keys(counts.errors).length > 0 ||
    Object.keys(counts.attemptErrors).length > 0 ||
    counts.retryQuotaExhausted > 0
  );
}

/**
 * An external client's reading notes: how attempts were grouped, and whether its clock was in step
 * (issue #9 §1-2). A clock out of step is a WARNING: the report's conclusions about its back-offs
 * and timeouts would be wrong.
 */
export function externalClientLines(client: ClientMetrics): string[] {
  const external = client.external;
  if (!external) return [];
  const drift = external.clockDrift;
  const key = external.accessKeyId ? ` (access key ${external.accessKeyId})` : '';
  const grouping =
    external.ungroupedAttempts === 0
      ? 'attempts grouped into calls by amz-sdk-invocation-id'
      : `${external.ungroupedAttempts} attempt(s) without amz-sdk-invocation-id, each counted as its own call`;
  const clock =
    drift.samples === 0
      ? 'no X-Amz-Date to check its clock'
      : `clock drift up to ${formatDuration(drift.maxAbsMs)} over ${drift.samples} request(s), tolerance ${formatDuration(drift.toleranceMs)}`;
  const lines = [`EXTERNAL client ${client.client}${key}: ${grouping}; ${clock}`];
  if (external.ungroupedAttempts > 0)
    lines.push(
      `NOTE client ${client.client}: it sent no amz-sdk-invocation-id, so attempts per call and retries cannot be told apart; each attempt counts as a call`,
    );
  if (drift.beyondTolerance > 0)
    lines.push(
      `WARNING client ${client.client}: its clock is out of step with virtual time on ${drift.beyondTolerance} of ${drift.samples} request(s) (X-Amz-Date off by up to ${formatDuration(drift.maxAbsMs)}, tolerance ${formatDuration(drift.toleranceMs)}): its back-offs and timeouts did not last what this report assumes; run it under kmsim exec (libfaketime) at the server's time scale`,
    );
  return lines;
}

/**
 * What `kmsim run` prints: per client (name order) its total, then each window that had an error
 * (a failed call or a failed attempt), in time order; external clients add their reading notes.
 */
export function metricsLines(metrics: ScenarioMetrics): string[] {
  return metrics.clients.flatMap((client) => [
    `METRICS client ${client.client} total (${client.retryMode}, maxAttempts ${client.maxAttempts}): ${formatCounts(client.total)}`,
    ...externalClientLines(client),
    ...client.windows
      .filter(hadErrors)
      .map(
        (window) =>
          `METRICS client ${client.client} window ${formatDuration(window.fromMs)}-${formatDuration(window.toMs)}: ${formatCounts(window)}`,
      ),
  ]);
}
