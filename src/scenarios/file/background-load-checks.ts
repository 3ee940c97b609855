/**
 * Checks of the `load` section (issue #4 §3): each load targets exactly one declared key store or
 * key, mixes only symmetric cryptographic operations (the ones the quotas count; docs/behaviour.md §5.1), and
 * gives the rates its pattern needs; `load` expectations name a declared load.
 */
import { durationMsOrUndefined } from './duration-checks.js';
import type { NameScope } from './name-scope.js';
import type { PathProblem } from './problem.js';
import { itemsAt } from './reference-checks.js';
import { SYMMETRIC_CRYPTO_OPERATIONS } from '../../world/request-quotas.js';

const PATTERN_NEEDS: Record<string, readonly string[]> = {
  constant: ['rps'],
  poisson: ['rps'],
  ramp: ['fromRps', 'toRps'],
  burst: ['baseRps', 'burstRps', 'burstEvery', 'burstLength'],
};
const RATE_KEYS = ['rps', 'fromRps', 'toRps', 'baseRps', 'burstRps', 'burstEvery', 'burstLength'];

export function checkLoads(
  root: Record<string, unknown>,
  scope: NameScope,
  problems: PathProblem[],
): void {
  const names = new Set<string>();
  for (const item of itemsAt(root, ['load'])) {
    const { value, path } = item;
    if (typeof value['name'] === 'string') {
      if (names.has(value['name']))
        problems.push({
          path: [...path, 'name'],
          message: `duplicate load name '${value['name']}'`,
        });
      names.add(value['name']);
    }
    const targets = ['keyStore', 'key'].filter((key) => value[key] !== undefined);
    if (targets.length !== 1)
      problems.push({ path, message: "a load needs exactly one of 'keyStore' or 'key'" });
    if (typeof value['keyStore'] === 'string')
      scope.resolve('key-store', value['keyStore'], [...path, 'keyStore']);
    if (typeof value['key'] === 'string') scope.resolve('key', value['key'], [...path, 'key']);
    const operations = value['operations'];
    if (operations && typeof operations === 'object') {
      for (const operation of Object.keys(operations)) {
        if (!SYMMETRIC_CRYPTO_OPERATIONS.has(operation)) {
          problems.push({
            path: [...path, 'operations', operation],
            atKey: true,
            message: `'${operation}' is not a symmetric cryptographic operation; use ${[...SYMMETRIC_CRYPTO_OPERATIONS].join(', ')}`,
          });
        }
      }
    }
    const pattern = String(value['pattern']);
    const needs = Object.hasOwn(PATTERN_NEEDS, pattern) ? PATTERN_NEEDS[pattern]! : [];
    for (const key of needs)
      if (value[key] === undefined)
        problems.push({
          path: [...path, key],
          message: `missing required key '${key}' for pattern ${String(value['pattern'])}`,
        });
    for (const key of RATE_KEYS) {
      if (value[key] !== undefined && !needs.includes(key))
        problems.push({
          path: [...path, key],
          atKey: true,
          message: `'${key}' does not apply to pattern ${String(value['pattern'])}`,
        });
    }
    const fromMs = durationMsOrUndefined(value['from'] ?? 0);
    const untilMs = durationMsOrUndefined(value['until']);
    if (fromMs !== undefined && untilMs !== undefined && untilMs <= fromMs)
      problems.push({ path: [...path, 'until'], message: "must be after 'from'" });
    if (value['pattern'] === 'burst' && (durationMsOrUndefined(value['burstEvery']) ?? 1) === 0)
      problems.push({ path: [...path, 'burstEvery'], message: 'must be longer than 0' });
  }
  for (const item of itemsAt(root, ['expect'])) {
    if (
      item.value['type'] === 'load' &&
      typeof item.value['load'] === 'string' &&
      !names.has(item.value['load'])
    ) {
      problems.push({
        path: [...item.path, 'load'],
        message: `'${item.value['load']}' is not declared in load`,
      });
    }
  }
}
