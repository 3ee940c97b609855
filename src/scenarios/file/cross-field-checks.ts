/**
 * Checks that need more than one field: a file can be well-formed and still describe something that
 * cannot run or cannot pass (issue #3 §3 "Validate files on load"). Fields of the wrong type or
 * malformed times are skipped here; the schema already reported them.
 */
import { durationMsOrUndefined } from './duration-checks.js';
import { describeValue, formatPath, type PathProblem, type PathSegment } from './problem.js';
import { itemsAt, type ListItem as Item } from './reference-checks.js';
import { KEY_OPERATIONS } from './schema-values.js';
import { formatDuration } from '../duration.js';

function has(item: Item, key: string): boolean {
  return item.value[key] !== undefined;
}

/** Open-loop (`every`, `from`, `until`) or a fixed list (`at`), never both (scenario.ts WorkloadSpec). */
function checkWorkloadArrivals(item: Item, problems: PathProblem[]): void {
  const { path } = item;
  if (!has(item, 'every') && !has(item, 'at')) {
    problems.push({
      path,
      message: "a workload needs 'every' (calls at a rate) or 'at' (a list of call times)",
    });
    return;
  }
  if (has(item, 'every') && has(item, 'at')) {
    problems.push({
      path: [...path, 'at'],
      atKey: true,
      message: "use either 'every' or 'at', not both",
    });
    return;
  }
  if (!has(item, 'every')) {
    for (const key of ['from', 'until']) {
      if (has(item, key))
        problems.push({
          path: [...path, key],
          atKey: true,
          message: `'${key}' applies only with 'every'`,
        });
    }
    return;
  }
  const everyMs = durationMsOrUndefined(item.value['every']);
  if (everyMs === 0)
    problems.push({
      path: [...path, 'every'],
      message: 'must be longer than 0 (a workload with every: 0 never ends)',
    });
  const fromMs = durationMsOrUndefined(item.value['from'] ?? 0);
  const untilMs = durationMsOrUndefined(item.value['until']);
  if (fromMs !== undefined && untilMs !== undefined && untilMs <= fromMs) {
    problems.push({
      path: [...path, 'until'],
      message: `must be after 'from' (${formatDuration(fromMs)}): 'until' is exclusive, so this workload makes no calls`,
    });
  }
  // The runner has no default end for an open-loop workload (run/runner.ts workloadTimes).
  if (!has(item, 'until'))
    problems.push({
      path: [...path, 'until'],
      message: "missing required key 'until' (with 'every', a workload needs an end)",
    });
}

/** Which keys each operation takes (scenario.ts WorkloadSpec). */
function checkWorkloadTargets(item: Item, problems: PathProblem[]): void {
  const operation = item.value['operation'];
  if (typeof operation !== 'string') return;
  const { path } = item;
  if (KEY_OPERATIONS.has(operation) && !has(item, 'key'))
    problems.push({
      path: [...path, 'key'],
      message: `missing required key 'key' for ${operation}`,
    });
  if (!KEY_OPERATIONS.has(operation) && has(item, 'key')) {
    problems.push({
      path: [...path, 'key'],
      atKey: true,
      message: `${operation} takes no key (use 'keyStore' to draw from a key store)`,
    });
  }
  if (operation !== 'ReEncrypt' && has(item, 'destinationKey'))
    problems.push({
      path: [...path, 'destinationKey'],
      atKey: true,
      message: `'destinationKey' applies only to ReEncrypt, not ${operation}`,
    });
  if (operation !== 'GenerateRandom' && has(item, 'keyStore')) {
    problems.push({
      path: [...path, 'keyStore'],
      atKey: true,
      message: `'keyStore' applies only to GenerateRandom; ${operation} uses the key's store`,
    });
  }
}

function checkWindow(item: Item, problems: PathProblem[]): void {
  const window = item.value['between'];
  if (!Array.isArray(window) || window.length !== 2) return;
  const fromMs = durationMsOrUndefined(window[0]);
  const toMs = durationMsOrUndefined(window[1]);
  if (fromMs !== undefined && toMs !== undefined && toMs < fromMs) {
    problems.push({
      path: [...item.path, 'between', 1],
      message: `window ends (${formatDuration(toMs)}) before it starts (${formatDuration(fromMs)})`,
    });
  }
}

function checkExpectation(item: Item, problems: PathProblem[]): void {
  checkWindow(item, problems);
  const { value, path } = item;
  if (
    value['type'] === 'attempts' &&
    typeof value['min'] === 'number' &&
    typeof value['max'] === 'number' &&
    value['min'] > value['max']
  ) {
    problems.push({ path: [...path, 'max'], message: `must be at least 'min' (${value['min']})` });
  }
  // docs/behaviour.md §2.3/§4.2: ConnectionErrorCode appears only while the store is FAILED.
  if (
    value['type'] === 'connection-state' &&
    has(item, 'errorCode') &&
    typeof value['state'] === 'string' &&
    value['state'] !== 'FAILED'
  ) {
    problems.push({
      path: [...path, 'errorCode'],
      atKey: true,
      message: `a store reports a ConnectionErrorCode only when FAILED, not ${describeValue(value['state'])} (docs/behaviour.md §4.2)`,
    });
  }
}

/** Times after the declared end of the run would never be reached. */
function checkWithinDuration(root: Record<string, unknown>, problems: PathProblem[]): void {
  const endMs = durationMsOrUndefined(root['duration']);
  if (endMs === undefined) return;
  const late = (value: unknown, path: PathSegment[]): void => {
    const ms = durationMsOrUndefined(value);
    if (ms !== undefined && ms > endMs)
      problems.push({
        path,
        message: `${formatDuration(ms)} is after the scenario ends (duration ${formatDuration(endMs)})`,
      });
  };
  for (const item of itemsAt(root, ['timeline'])) late(item.value['at'], [...item.path, 'at']);
  for (const item of itemsAt(root, ['expect'])) {
    for (const key of ['at', 'after']) late(item.value[key], [...item.path, key]);
    if (Array.isArray(item.value['between']))
      late(item.value['between'][0], [...item.path, 'between', 0]);
  }
}

/**
 * External clients (issue #9 §1): each access key id names one client, and a workload cannot drive
 * an external client, whose calls come over the wire from its own process.
 */
function checkExternalClients(root: Record<string, unknown>, problems: PathProblem[]): void {
  const byKey = new Map<string, PathSegment[]>();
  const external = new Set<string>();
  for (const item of itemsAt(root, ['clients'])) {
    const accessKeyId = item.value['accessKeyId'];
    if (typeof accessKeyId !== 'string') continue;
    if (typeof item.value['name'] === 'string') external.add(item.value['name']);
    const first = byKey.get(accessKeyId);
    if (first === undefined) byKey.set(accessKeyId, item.path);
    else
      problems.push({
        path: [...item.path, 'accessKeyId'],
        message: `access key id '${accessKeyId}' already names the client at ${formatPath(first)}; each external client needs its own`,
      });
  }
  for (const item of itemsAt(root, ['workloads'])) {
    const client = item.value['client'];
    if (typeof client === 'string' && external.has(client))
      problems.push({
        path: [...item.path, 'client'],
        message: `client '${client}' is external (it has an accessKeyId): its calls come over the wire to kmsim serve --scenario or kmsim exec, so no workload can drive it`,
      });
  }
}

export function checkCrossFieldRules(root: Record<string, unknown>, problems: PathProblem[]): void {
  checkExternalClients(root, problems);
  if (durationMsOrUndefined(root['metricsWindow']) === 0)
    problems.push({
      path: ['metricsWindow'],
      message: 'must be longer than 0 (client metrics are counted per window)',
    });
  for (const item of itemsAt(root, ['workloads'])) {
    checkWorkloadArrivals(item, problems);
    checkWorkloadTargets(item, problems);
  }
  for (const item of itemsAt(root, ['expect'])) checkExpectation(item, problems);
  checkWithinDuration(root, problems);
}
