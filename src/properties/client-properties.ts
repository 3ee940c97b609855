/**
 * Properties a user's client should have under faults (issue #6 §2), judged on a ClientRun. Each
 * property says why it failed in one line, and which scenario expectations fail the same way when
 * the run is replayed as a scenario (counterexample.ts), so a failure becomes a regression test.
 *
 * Write your own by implementing ClientProperty; `expectations` is optional (without it a
 * counterexample replays the calls and faults, with a generic "no error" expectation).
 */
import { durationMs, formatDuration } from '../scenarios/duration.js';
import type { Duration, Expectation } from '../scenarios/scenario.js';
import type { ClientRun, Invocation } from './client-run.js';

/** The client's name in counterexample scenarios. */
export const COUNTEREXAMPLE_CLIENT = 'app';

export interface ClientProperty<T = unknown> {
  /** Shown in failure messages, e.g. `neverSurfacesRetryableError`. */
  readonly name: string;
  /** undefined when the property holds; otherwise one line saying why not. */
  check(run: ClientRun<T>): string | undefined;
  /** Scenario expectations that fail the same way in a replay of this run (client `app`). */
  expectations?(run: ClientRun<T>): Expectation[];
}

function at(ms: number): string {
  return formatDuration(ms);
}

function describeFailure(invocation: Invocation<unknown>): string {
  return `${invocation.errorName}${invocation.message ? ` (${invocation.message})` : ''}`;
}

export interface RecoveryOptions {
  /** How long after the last heal the client may still fail (default 3m: a reconnect takes 2m5s). */
  readonly within?: Duration;
}

/**
 * After the last heal, the client recovers: every invocation that starts `within` (default 3m) or
 * more after the last heal succeeds, and there is at least one.
 */
export function eventuallySucceedsAfterRecovery(options: RecoveryOptions = {}): ClientProperty {
  const withinMs = durationMs(options.within ?? '3m');
  const fromMs = (run: ClientRun): number => run.lastHealMs + withinMs;
  return {
    name: 'eventuallySucceedsAfterRecovery',
    check(run) {
      const late = run.invocations.filter((invocation) => invocation.startMs >= fromMs(run));
      if (late.length === 0)
        return `no invocation started ${at(withinMs)} or more after the last heal (${at(run.lastHealMs)}); lengthen the run's recovery time`;
      const failed = late.find((invocation) => !invocation.ok);
      return failed
        ? `invocation #${failed.index} started at ${at(failed.startMs)}, ${at(failed.startMs - run.lastHealMs)} after the last heal, and failed: ${describeFailure(failed)}`
        : undefined;
    },
    expectations(run) {
      const window: [string, string] = [at(fromMs(run)), at(run.endMs)];
      return [
        { type: 'no-error', client: COUNTEREXAMPLE_CLIENT, between: window },
        { type: 'success', client: COUNTEREXAMPLE_CLIENT, between: window, min: 1 },
      ];
    },
  };
}

/**
 * The client never lets an error that the SDK classifies as retryable (docs/behaviour.md §1.6: 5xx such as
 * KMSInternalException, throttling, connection resets and timeouts) escape to its caller: it
 * retries, or turns it into something else.
 */
export function neverSurfacesRetryableError(): ClientProperty {
  const surfaced = (run: ClientRun): Invocation<unknown>[] =>
    run.invocations.filter((invocation) => !invocation.ok && invocation.retryable);
  return {
    name: 'neverSurfacesRetryableError',
    check(run) {
      const bad = surfaced(run);
      if (bad.length === 0) return undefined;
      const first = bad[0]!;
      const call = run.calls.find((candidate) => candidate.error === first.error);
      const attempts = call ? ` after ${call.attempts} attempt(s) of ${call.operation}` : '';
      return `${bad.length} invocation(s) rejected with a retryable error; first #${first.index} at ${at(first.startMs)}: ${describeFailure(first)}${attempts}`;
    },
    expectations(run) {
      const names = [
        ...new Set(surfaced(run).map((invocation) => invocation.errorName ?? 'Error')),
      ].sort();
      return names.map(
        (exception) =>
          ({
            type: 'no-error',
            client: COUNTEREXAMPLE_CLIENT,
            exception,
            between: ['0s', at(run.endMs)],
          }) as Expectation,
      );
    },
  };
}

/** Everything the client encrypted (or was given as a data key) still decrypts to its plaintext at the end. */
export function neverLosesCiphertext(): ClientProperty {
  return {
    name: 'neverLosesCiphertext',
    check(run) {
      if (run.lost.length === 0) return undefined;
      const first = run.lost[0]!;
      const call = run.calls[first.seq];
      return `${run.lost.length} ciphertext(s) no longer decrypt at the end; first from ${call?.operation ?? 'a call'} at ${at(call?.startMs ?? 0)} under key ${first.keyName ?? '?'}: ${first.reason}`;
    },
    expectations: () => [{ type: 'nothing-lost' }],
  };
}

/** No SDK call of the client makes more than `max` attempts (its retries are bounded as you configured). */
export function staysWithinAttempts(max: number): ClientProperty {
  if (!Number.isInteger(max) || max < 1)
    throw new RangeError(`staysWithinAttempts: expected an integer >= 1, got ${max}`);
  return {
    name: `staysWithinAttempts(${max})`,
    check(run) {
      const over = run.calls.filter((call) => call.attempts > max);
      if (over.length === 0) return undefined;
      const first = over[0]!;
      return `${over.length} call(s) made more than ${max} attempts; first ${first.operation} at ${at(first.startMs)} made ${first.attempts}`;
    },
    expectations: () => [{ type: 'attempts', client: COUNTEREXAMPLE_CLIENT, max }],
  };
}
