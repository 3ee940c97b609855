/**
 * Checkers: pure functions from what the run observed (calls, state snapshots, the nothing-lost
 * verification) to PASS/FAIL with a one-line detail (issue #3 §3 expect). They observe events;
 * nothing in the world checks itself (ARCHITECTURE: VOPR's checkers).
 */
import type { CallRecord } from './call-record.js';
import { durationMs, formatDuration } from '../duration.js';
import type { Expectation, Window } from '../scenario.js';

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
    const hit = inRange.find(
      (call) =>
        !call.ok &&
        call.errorName === e.exception &&
        (e.message === undefined || call.message === e.message),
    );
    const description = `error ${e.exception}${e.message !== undefined ? ` "${e.message}"` : ''}${scope(e)} ${windowText(e.between)}`;
    const detail = hit
      ? `first at ${at(observed, hit)} after ${hit.attempts} attempt(s)`
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
    const calls = matching(observed, e).filter(
      (call) => e.between === undefined || inWindow(observed, call.startMs, e.between),
    );
    const attempts = calls.map((call) => call.attempts);
    const low = Math.min(...attempts);
    const high = Math.max(...attempts);
    const passed =
      calls.length > 0 &&
      (e.min === undefined || low >= e.min) &&
      (e.max === undefined || high <= e.max);
    const bounds =
      e.min !== undefined && e.max !== undefined
        ? `${e.min}..${e.max}`
        : e.min !== undefined
          ? `≥ ${e.min}`
          : `≤ ${e.max}`;
    const description = `attempts per call ${bounds}${scope(e)}${e.between ? ` ${windowText(e.between)}` : ''}`;
    return {
      description,
      passed,
      detail:
        calls.length === 0
          ? 'no calls matched'
          : `${calls.length} call(s), attempts ${low}..${high}`,
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
    const bounds =
      e.min !== undefined && e.max !== undefined
        ? `${e.min}..${e.max}`
        : e.min !== undefined
          ? `≥ ${e.min}`
          : e.max !== undefined
            ? `≤ ${e.max}`
            : '> 0';
    const description = `load ${e.load}: ${e.outcome} ${bounds}${e.between ? ` in windows starting ${windowText(e.between)}` : ''}`;
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
