/**
 * How long a scenario runs, its metrics window, and its world's limits and latency as Simulator
 * options: shared by the in-process runner and serve mode.
 */
import type { SimulatorOptions } from '../../simulator.js';
import { DEFAULT_LATENCY } from '../../world/latency-model.js';
import { DEFAULT_MANAGEMENT_RPS, UNLIMITED_QUOTAS } from '../../world/request-quotas.js';
import { DEFAULT_METRICS_WINDOW_MS } from '../check/client-metrics.js';
import { durationMs } from '../duration.js';
import type { Scenario, WorkloadSpec } from '../scenario.js';

/** Call start times of a workload, relative to scenario start. */
export function workloadTimes(workload: WorkloadSpec): number[] {
  if (workload.at) return workload.at.map(durationMs);
  const every = durationMs(workload.every!);
  const from = durationMs(workload.from ?? 0);
  const until = durationMs(workload.until!);
  const times: number[] = [];
  for (let t = from; t < until && every > 0; t += every) times.push(t);
  return times;
}

/** The run lasts until a minute past the last thing the scenario mentions, unless it says otherwise. */
export function scenarioDurationMs(scenario: Scenario): number {
  if (scenario.duration !== undefined) return durationMs(scenario.duration);
  const times = [
    ...(scenario.timeline ?? []).map((step) => durationMs(step.at)),
    ...(scenario.workloads ?? []).flatMap(workloadTimes),
    ...(scenario.load ?? []).map((load) => durationMs(load.until)),
    ...scenario.expect.flatMap((e) =>
      'between' in e && e.between
        ? [durationMs(e.between[1])]
        : 'at' in e
          ? [durationMs(e.at)]
          : [],
    ),
    ...scenario.expect.flatMap((e) =>
      e.type === 'recovery' ? [durationMs(e.after) + durationMs(e.within)] : [],
    ),
  ];
  return Math.max(0, ...times) + 60_000;
}

export function metricsWindowMs(scenario: Scenario): number {
  return scenario.metricsWindow === undefined
    ? DEFAULT_METRICS_WINDOW_MS
    : durationMs(scenario.metricsWindow);
}

/**
 * The world's limits and latency as Simulator options (unset members keep the defaults).
 * `quotas: false` switches every request quota off (serve --no-quotas).
 */
export function worldSettings(
  scenario: Scenario,
  options: { readonly quotas?: boolean } = {},
): Pick<SimulatorOptions, 'quotas' | 'capacity' | 'latency'> {
  const limits = scenario.world.limits ?? {};
  const quotas =
    options.quotas === false
      ? UNLIMITED_QUOTAS
      : {
          ...(limits.accountSymmetricRps !== undefined
            ? { accountSymmetricRps: limits.accountSymmetricRps }
            : {}),
          ...(limits.customKeyStoreRps !== undefined
            ? { customKeyStoreRps: limits.customKeyStoreRps }
            : {}),
          ...(limits.managementRps !== undefined
            ? { managementRps: { ...DEFAULT_MANAGEMENT_RPS, ...limits.managementRps } }
            : {}),
          ...(limits.keyStateChangeRps !== undefined
            ? { keyStateChangeRps: limits.keyStateChangeRps }
            : {}),
        };
  const capacity = {
    ...(limits.hsmOpsPerSecond !== undefined ? { hsmOpsPerSecond: limits.hsmOpsPerSecond } : {}),
    ...(limits.sessionsPerCluster !== undefined
      ? { sessionsPerCluster: limits.sessionsPerCluster }
      : {}),
  };
  const latency = scenario.world.latency;
  return {
    quotas,
    capacity,
    ...(latency
      ? {
          latency: {
            default: latency.default ?? DEFAULT_LATENCY.default,
            byOperation: { ...DEFAULT_LATENCY.byOperation, ...latency },
          },
        }
      : {}),
  };
}
