/**
 * Checkers: pure functions from what the run observed (calls, state snapshots, the nothing-lost
 * verification) to PASS/FAIL with a one-line detail (issue #3 §3 expect). They observe events;
 * nothing in the world checks itself (ARCHITECTURE: VOPR's checkers).
 */
import type { CallRecord } from './call-record.js';
import { durationMs, formatDuration } from '../duration.js';
import type { Expectation, Window } from '../scenario.js';
import { isRetryableFailure, nearestRank } from './client-metrics.js';
import { messageMatches, type NameResolver } from './message-match.js';

export interface ExpectationResult {
  readonly description: string;
  readonly passed: boolean;
  readonly detail: string;
}

export interface StateObservation {
  readonly connectionState?: string;
  readonly errorCode?: string | undefined;
  readonly keyState?: string;
}

export interface Observed {
  /** Scenario time 0 in kernel ms. */
  readonly startMs: number;
  readonly calls: readonly CallRecord[];
  /** State snapshots by expectation index. */
  readonly states: ReadonlyMap<number, StateObservation>;
  /** Ciphertexts that did not decrypt to their plaintext at the end, with the logical key name. */
  readonly lost: readonly { seq: number; keyName: string | undefined; reason: string }[];
  /** Background load outcome counts per window, by load name (absolute window start times). */
  readonly loads?: ReadonlyMap<string, readonly LoadWindowCounts[]>;
  /** World names for message placeholders (`{key:app-key}`); none resolve without it. */
  readonly resolveName?: NameResolver;
}

export interface LoadWindowCounts {
  readonly startMs: number;
  readonly arrivals: number;
  readonly ok: number;
  readonly throttled: number;
  readonly sessionsExhausted: number;
  readonly unavailable: number;
}

const LOAD_OUTCOME_FIELD = {
  ok: 'ok',
  throttled: 'throttled',
  'sessions-exhausted': 'sessionsExhausted',
  unavailable: 'unavailable',
} as const;

function scope(expectation: { client?: string; operation?: string }): string {
  return `${expectation.client ? ` client ${expectation.client}` : ''}${expectation.operation ? ` ${expectation.operation}` : ''}`;
}

function windowText(window: Window): string {
  return `between ${formatDuration(durationMs(window[0]))} and ${formatDuration(durationMs(window[1]))}`;
}

function inWindow(observed: Observed, atMs: number, window: Window): boolean {
  const relative = atMs - observed.startMs;
  return relative >= durationMs(window[0]) && relative <= durationMs(window[1]);
}

function matching(
  observed: Observed,
  filter: { client?: string; operation?: string },
): CallRecord[] {
  return observed.calls.filter(
    (call) =>
      (!filter.client || call.client === filter.client) &&
      (!filter.operation || call.operation === filter.operation),
  );
}

function at(observed: Observed, call: CallRecord): string {
  return formatDuration(call.endMs - observed.startMs);
}

/** ' between a and b' for an optional window, '' without one (the whole run). */
function optionalWindowText(window: Window | undefined): string {
  return window ? ` ${windowText(window)}` : '';
}

/** Calls starting within an optional window (no window: the whole run). */
function startingIn(observed: Observed, window: Window | undefined, call: CallRecord): boolean {
  return window === undefined || inWindow(observed, call.startMs, window);
}

/** 'min..max', '≥ min' or '≤ max' for optional count bounds; `none` when neither is set. */
function boundsText(bounds: { min?: number; max?: number }, none: string): string {
  const { min, max } = bounds;
  return min !== undefined && max !== undefined
    ? `${min}..${max}`
    : min !== undefined
      ? `≥ ${min}`
      : max !== undefined
        ? `≤ ${max}`
        : none;
}

/**
 * The attempts/error-attempts rule: every call made between min and max attempts (either bound
 * optional), and at least one call matched.
 */
function attemptRange(
  calls: readonly CallRecord[],
  bounds: { min?: number; max?: number },
): { passed: boolean; text: string; detail: string } {
  const attempts = calls.map((call) => call.attempts);
  const low = Math.min(...attempts);
  const high = Math.max(...attempts);
  const { min, max } = bounds;
  const passed =
    calls.length > 0 && (min === undefined || low >= min) && (max === undefined || high <= max);
  return {
    passed,
    text: boundsText(bounds, 'any number of'),
    detail: `${calls.length} call(s), attempts ${low}..${high}`,
  };
}

function describeErrors(calls: CallRecord[]): string {
  const counts = new Map<string, number>();
  for (const call of calls)
    if (!call.ok) counts.set(call.errorName!, (counts.get(call.errorName!) ?? 0) + 1);
  return counts.size === 0
    ? 'no errors'
    : [...counts].map(([name, count]) => `${count}× ${name}`).join(', ');
}

type Checker<T extends Expectation['type']> = (
  expectation: Extract<Expectation, { type: T }>,
  observed: Observed,
  index: number,
) => ExpectationResult;

const CHECKERS: { [T in Expectation['type']]: Checker<T> } = {
  error: (e, observed) => {
    const inRange = matching(observed, e).filter((call) =>
      inWindow(observed, call.endMs, e.between),
    );
    const resolve = observed.resolveName ?? (() => undefined);
    const named = inRange.filter((call) => !call.ok && call.errorName === e.exception);
    const hit = named.find((call) => messageMatches(call.message, e, resolve));
    const rule =
      e.message !== undefined
        ? ` "${e.message}"`
        : e.messageContains !== undefined
          ? ` containing "${e.messageContains}"`
          : e.messageMatches !== undefined
            ? ` matching /${e.messageMatches}/`
            : '';
    const description = `error ${e.exception}${rule}${scope(e)} ${windowText(e.between)}`;
    const detail = hit
      ? `first at ${at(observed, hit)} after ${hit.attempts} attempt(s)`
      : named.length > 0
        ? `${named.length} ${e.exception} in the window, none with that message; first: "${named[0]!.message ?? ''}"`
        : `${inRange.length} call(s) in the window: ${describeErrors(inRange)}`;
    return { description, passed: hit !== undefined, detail };
  },
  'no-error': (e, observed) => {
    const inRange = matching(observed, e).filter((call) =>
      inWindow(observed, call.endMs, e.between),
    );
    const bad = inRange.filter(
      (call) => !call.ok && (e.exception === undefined || call.errorName === e.exception),
    );
    const description = `no ${e.exception ?? 'error'}${scope(e)} ${windowText(e.between)}`;
    const detail =
      bad.length === 0
        ? `${inRange.length} call(s), none failed so`
        : `${bad.length} failed, first ${bad[0]!.errorName} at ${at(observed, bad[0]!)}: ${bad[0]!.message ?? ''}`;
    return { description, passed: bad.length === 0, detail };
  },
  attempts: (e, observed) => {
    const calls = matching(observed, e).filter((call) => startingIn(observed, e.between, call));
    const range = attemptRange(calls, e);
    const description = `attempts per call ${range.text}${scope(e)}${optionalWindowText(e.between)}`;
    return {
      description,
      passed: range.passed,
      detail: calls.length === 0 ? 'no calls matched' : range.detail,
    };
  },
  'connection-state': (e, observed, index) => {
    const seen = observed.states.get(index);
    const passed =
      seen?.connectionState === e.state &&
      (e.errorCode === undefined || seen.errorCode === e.errorCode);
    const description = `key store ${e.keyStore} is ${e.state}${e.errorCode ? `/${e.errorCode}` : ''} at ${formatDuration(durationMs(e.at))}`;
    return {
      description,
      passed,
      detail: `observed ${seen?.connectionState ?? 'nothing'}${seen?.errorCode ? `/${seen.errorCode}` : ''}`,
    };
  },
  'key-state': (e, observed, index) => {
    const seen = observed.states.get(index);
    const description = `key ${e.key} is ${e.state} at ${formatDuration(durationMs(e.at))}`;
    return {
      description,
      passed: seen?.keyState === e.state,
      detail: `observed ${seen?.keyState ?? 'nothing'}`,
    };
  },
  recovery: (e, observed) => {
    const afterMs = durationMs(e.after);
    const withinMs = durationMs(e.within);
    const first = matching(observed, e).find(
      (call) => call.ok && call.endMs - observed.startMs >= afterMs,
    );
    const description = `recovery${scope(e)}: first success within ${formatDuration(withinMs)} after ${formatDuration(afterMs)}`;
    if (!first) return { description, passed: false, detail: 'no successful call after that time' };
    const tookMs = first.endMs - observed.startMs - afterMs;
    return {
      description,
      passed: tookMs <= withinMs,
      detail: `first success at ${at(observed, first)} (${formatDuration(tookMs)} after)`,
    };
  },
  success: (e, observed) => {
    const inRange = matching(observed, e).filter((call) =>
      inWindow(observed, call.endMs, e.between),
    );
    const ok = inRange.filter((call) => call.ok).length;
    const min = e.min ?? 1;
    const description = `at least ${min} successful call(s)${scope(e)} ${windowText(e.between)}`;
    return {
      description,
      passed: ok >= min,
      detail: `${ok} of ${inRange.length} succeeded; ${describeErrors(inRange)}`,
    };
  },
  'nothing-lost': (e, observed) => {
    const excused = new Set(e.except ?? []);
    const lost = observed.lost.filter(
      (item) => item.keyName === undefined || !excused.has(item.keyName),
    );
    const sealed = observed.calls.filter((call) => call.sealed).length;
    const description = `nothing lost: every returned ciphertext decrypts to its plaintext at the end${excused.size ? ` (except keys ${[...excused].join(', ')})` : ''}`;
    const detail =
      lost.length === 0
        ? `${sealed} ciphertext(s) verified`
        : `${lost.length} lost, first call #${lost[0]!.seq} (${lost[0]!.keyName ?? '?'}): ${lost[0]!.reason}`;
    return { description, passed: lost.length === 0, detail };
  },
  latency: (e, observed) => {
    const calls = matching(observed, e).filter((call) => startingIn(observed, e.between, call));
    const sorted = calls.map((call) => call.endMs - call.startMs).sort((a, b) => a - b);
    const value =
      sorted.length === 0
        ? undefined
        : e.percentile === 'max'
          ? sorted.at(-1)!
          : nearestRank(sorted, Number(e.percentile.slice(1)));
    const atMost = e.atMost === undefined ? undefined : durationMs(e.atMost);
    const atLeast = e.atLeast === undefined ? undefined : durationMs(e.atLeast);
    const bounds = [
      atLeast !== undefined ? `≥ ${formatDuration(atLeast)}` : '',
      atMost !== undefined ? `≤ ${formatDuration(atMost)}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    const description = `latency ${e.percentile} ${bounds || '(any)'}${scope(e)}${optionalWindowText(e.between)}`;
    if (value === undefined) return { description, passed: false, detail: 'no calls matched' };
    const passed =
      (atMost === undefined || value <= atMost) && (atLeast === undefined || value >= atLeast);
    return {
      description,
      passed,
      detail: `${e.percentile} ${formatDuration(value)} over ${sorted.length} call(s)`,
    };
  },
  'error-attempts': (e, observed) => {
    const calls = matching(observed, e).filter(
      (call) => !call.ok && call.errorName === e.exception && startingIn(observed, e.between, call),
    );
    const range = attemptRange(calls, e);
    const description = `calls failing with ${e.exception} made ${range.text} attempt(s) each${scope(e)}${optionalWindowText(e.between)}`;
    return {
      description,
      passed: range.passed,
      detail: calls.length === 0 ? `no call failed with ${e.exception}` : range.detail,
    };
  },
  'no-retry-of-non-retryable': (e, observed) => {
    const failed = matching(observed, e).filter(
      (call) => !call.ok && !isRetryableFailure(call) && startingIn(observed, e.between, call),
    );
    const retried = failed.filter((call) => call.attempts > 1);
    const description = `no non-retryable error retried${scope(e)}${optionalWindowText(e.between)}`;
    const first = retried[0];
    return {
      description,
      passed: retried.length === 0,
      detail: first
        ? `${retried.length} call(s) retried a non-retryable error; first ${first.errorName} at ${at(observed, first)} after ${first.attempts} attempts`
        : `${failed.length} non-retryable failure(s), each after 1 attempt`,
    };
  },
  load: (e, observed) => {
    const windows = (observed.loads?.get(e.load) ?? []).filter(
      (window) => e.between === undefined || inWindow(observed, window.startMs, e.between),
    );
    const field = LOAD_OUTCOME_FIELD[e.outcome];
    const total = windows.reduce((sum, window) => sum + window[field], 0);
    const arrivals = windows.reduce((sum, window) => sum + window.arrivals, 0);
    const passed =
      (e.min === undefined || total >= e.min) &&
      (e.max === undefined || total <= e.max) &&
      (e.min !== undefined || e.max !== undefined || total > 0);
    const description = `load ${e.load}: ${e.outcome} ${boundsText(e, '> 0')}${e.between ? ` in windows starting ${windowText(e.between)}` : ''}`;
    return { description, passed, detail: `${total} ${e.outcome} of ${arrivals} arrivals` };
  },
};

/** Every expectation type a checker exists for (the schema's closed set must equal it). */
export const CHECKED_EXPECTATION_TYPES: readonly string[] = Object.keys(CHECKERS);

export function evaluate(
  expectation: Expectation,
  observed: Observed,
  index: number,
): ExpectationResult {
  const checker = CHECKERS[expectation.type] as Checker<Expectation['type']>;
  return checker(expectation as never, observed, index);
}
