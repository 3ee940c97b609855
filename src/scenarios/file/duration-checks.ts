/**
 * What is wrong with a scenario time (`at`, `between`, `every`, ...): issue #3 "Bad input" asks for a
 * clear message for a malformed time. Valid times are DURATION_PATTERN strings (`30s`, `1h30m`) or
 * a whole number of milliseconds >= 0 (scenario.ts `Duration`).
 */
import { DURATION_PATTERN, formatDuration, parseDuration } from '../duration.js';
import { describeValue } from './problem.js';

const PATTERN = new RegExp(DURATION_PATTERN);
const EXAMPLES = 'use e.g. 30s, 5m, 1h30m';

/**
 * The longest time a scenario may name (issue 11 §1: `until: 1000000h` ran the process out of
 * memory). 100 days covers KMS's 7-30 day key deletion windows with room to spare; the work done
 * in that time is bounded separately (work-bounds.ts).
 */
export const MAX_SCENARIO_TIME_MS = 100 * 86_400_000;

function tooLong(ms: number, written: string): string | undefined {
  return ms > MAX_SCENARIO_TIME_MS
    ? `${written} is longer than ${formatDuration(MAX_SCENARIO_TIME_MS)}, the longest time a scenario may use`
    : undefined;
}

/** undefined when the value is a valid duration; otherwise the message for it. */
export function durationProblem(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const ms = PATTERN.test(value) ? parseDuration(value) : undefined;
    if (ms !== undefined) return tooLong(ms, `'${value}'`);
    return `malformed time '${value}' (${EXAMPLES})`;
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return tooLong(value, `${value} ms`);
    return `malformed time ${value} (a bare number is whole milliseconds >= 0; or ${EXAMPLES})`;
  }
  return `expected a duration, got ${describeValue(value)}`;
}

export function isDuration(value: unknown): value is string | number {
  return durationProblem(value) === undefined;
}

/** Milliseconds of a value that may not be a valid duration (semantic checks skip invalid ones). */
export function durationMsOrUndefined(value: unknown): number | undefined {
  return isDuration(value) ? parseDuration(value) : undefined;
}
