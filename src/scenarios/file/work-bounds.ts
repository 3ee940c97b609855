/**
 * Bounds on the work a scenario asks for, where it depends on several fields together (issue 11
 * §1, §3). Each field alone is bounded by the schema (times by duration-checks.ts); these are
 * budgets for the whole scenario, so a run's time and memory stay bounded however the fields
 * combine. A budget is reported at the field that passes it, with what it adds up to.
 *
 * - Workload calls: each is a real SDK call (a few hundred a second per CPU, docs/benchmarks.md).
 * - Background load: arrivals (cheap, millions a second), the 100 ms ticks that carry them, and
 *   the metric windows their counts are kept in.
 * - HSMs per cluster: CloudHSM allows 28, a fixed quota (docs/behaviour.md §6.6); more cannot be created.
 */
import { MAX_HSMS_PER_CLUSTER } from '../../world/hsm-lifecycle.js';
import { LOAD_TICK_MS } from '../../load/load-generator.js';
import { DEFAULT_METRICS_WINDOW_MS } from '../check/client-metrics.js';
import { durationMsOrUndefined } from './duration-checks.js';
import type { PathProblem, PathSegment } from './problem.js';
import { itemsAt, type ListItem } from './reference-checks.js';

export const MAX_WORKLOAD_CALLS = 20_000;
export const MAX_LOAD_ARRIVALS = 10_000_000;
export const MAX_LOAD_TICKS = 2_000_000;
export const MAX_LOAD_WINDOWS = 100_000;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Calls a workload makes, when its times are readable (the other checks report them if not). */
function workloadCalls(item: ListItem): { calls: number; at: PathSegment[] } | undefined {
  const { value, path } = item;
  if (Array.isArray(value['at'])) return { calls: value['at'].length, at: [...path, 'at'] };
  const every = durationMsOrUndefined(value['every']);
  const from = durationMsOrUndefined(value['from'] ?? 0);
  const until = durationMsOrUndefined(value['until']);
  if (every === undefined || every <= 0 || from === undefined || until === undefined)
    return undefined;
  return { calls: Math.max(0, Math.ceil((until - from) / every)), at: [...path, 'until'] };
}

function rate(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** Expected requests per second of a load over its span (the mean of its pattern). */
function meanRate(value: Record<string, unknown>): number {
  switch (value['pattern']) {
    case 'ramp':
      return (rate(value['fromRps']) + rate(value['toRps'])) / 2;
    case 'burst': {
      const every = durationMsOrUndefined(value['burstEvery']);
      const length = durationMsOrUndefined(value['burstLength']);
      const share = every && length !== undefined ? Math.min(1, length / every) : 1;
      return rate(value['baseRps']) * (1 - share) + rate(value['burstRps']) * share;
    }
    default:
      return rate(value['rps']);
  }
}

export function checkWorkBounds(root: Record<string, unknown>, problems: PathProblem[]): void {
  for (const item of itemsAt(root, ['world', 'clusters'])) {
    const hsms = item.value['hsms'];
    if (Array.isArray(hsms) && hsms.length > MAX_HSMS_PER_CLUSTER)
      problems.push({
        path: [...item.path, 'hsms'],
        message: `a CloudHSM cluster holds at most ${MAX_HSMS_PER_CLUSTER} HSMs (a fixed quota, docs/behaviour.md §6.6); this one lists ${hsms.length}`,
      });
  }

  let calls = 0;
  for (const item of itemsAt(root, ['workloads'])) {
    const made = workloadCalls(item);
    if (made === undefined) continue;
    if (calls + made.calls > MAX_WORKLOAD_CALLS) {
      problems.push({
        path: made.at,
        message: `this workload makes ${count(made.calls)} calls; a scenario may make at most ${count(MAX_WORKLOAD_CALLS)} workload calls in all (each is a real SDK call)${calls > 0 ? `, and the workloads before it make ${count(calls)}` : ''}`,
      });
      return;
    }
    calls += made.calls;
  }

  const windowMs = durationMsOrUndefined(root['metricsWindow']) ?? DEFAULT_METRICS_WINDOW_MS;
  const totals = { arrivals: 0, ticks: 0, windows: 0 };
  for (const item of itemsAt(root, ['load'])) {
    const from = durationMsOrUndefined(item.value['from'] ?? 0);
    const until = durationMsOrUndefined(item.value['until']);
    if (from === undefined || until === undefined || until <= from) continue;
    const spanMs = until - from;
    const adds = {
      arrivals: (meanRate(item.value) * spanMs) / 1000,
      ticks: Math.ceil(spanMs / LOAD_TICK_MS),
      windows: windowMs > 0 ? Math.ceil(spanMs / windowMs) : 0,
    };
    const over =
      totals.arrivals + adds.arrivals > MAX_LOAD_ARRIVALS
        ? `about ${count(adds.arrivals)} background requests; at most ${count(MAX_LOAD_ARRIVALS)} in all`
        : totals.ticks + adds.ticks > MAX_LOAD_TICKS
          ? `${count(adds.ticks)} ticks of ${LOAD_TICK_MS} ms; at most ${count(MAX_LOAD_TICKS)} in all (a shorter load, from 'from' to 'until')`
          : totals.windows + adds.windows > MAX_LOAD_WINDOWS
            ? `${count(adds.windows)} metric windows; at most ${count(MAX_LOAD_WINDOWS)} in all (a longer metricsWindow, or a shorter load)`
            : undefined;
    if (over !== undefined) {
      problems.push({ path: [...item.path, 'until'], message: `this load makes ${over}` });
      return;
    }
    totals.arrivals += adds.arrivals;
    totals.ticks += adds.ticks;
    totals.windows += adds.windows;
  }
}
