/**
 * What is wrong with a scenario time (`at`, `between`, `every`, ...): issue #3 "Bad input" asks for a
 * clear message for a malformed time. Valid times are DURATION_PATTERN strings (`30s`, `1h30m`) or
 * a whole number of milliseconds >= 0 (scenario.ts `Duration`).
 */
import { DURATION_PATTERN, parseDuration } from '../duration.js';
import { describeValue } from './problem.js';

const PATTERN = new RegExp(DURATION_PATTERN);
const EXAMPLES = 'use e.g. 30s, 5m, 1h30m';

/** undefined when the value is a valid duration; otherwise the message for it. */
export function durationProblem(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (PATTERN.test(value) && parseDuration(value) !== undefined) return undefined;
    return `malformed time '${value}' (${EXAMPLES})`;
  }
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0) return undefined;
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
