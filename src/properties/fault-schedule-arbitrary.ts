/**
 * fast-check arbitrary for fault schedules (issue #6 §2): timeline steps drawn from the fault
 * catalogue (src/scenarios/file/step-catalogue.ts), each with a start time, parameters that refer to the
 * world's clusters, key stores and keys, and (for healable faults) a matching heal step a duration
 * later. The steps are valid `Scenario['timeline']` entries.
 *
 * The fault model, in prose (VOPR style):
 * - By default only faults whose heal returns the world to working order on its own are drawn
 *   (DEFAULT_SCHEDULE_FAULTS): an operator disconnect (heal: reconnect), a network partition, the
 *   loss of one HSM (heal: a replacement is created), PKCS#11 session exhaustion, a slow HSM, a busy
 *   cluster, connection resets and timeouts on the KMS endpoint. Other catalogue faults can be asked
 *   for by name; the unhealable ones (key-material-deletion, cluster-deletion) get no heal step.
 * - Faults may overlap, except where the overlap would leave the world broken after every heal:
 *   the same fault on the same target never overlaps itself; a store's disconnect-and-reconnect
 *   never overlaps a fault that makes a connect fail on its cluster (spec §4.2: the reconnect would
 *   end FAILED and nothing retries it); HSM losses on one cluster never overlap. "Overlap" counts the
 *   time a heal takes to settle: a reconnect takes disconnectMs + connectMs, a replacement HSM
 *   hsmCreateMs (world/timings.ts). A drawn fault that would conflict is dropped, so shrinking (which
 *   removes faults and moves times toward 0) always yields a schedule that obeys the same rules.
 * - Times are whole seconds from scenario time 0, so a counterexample reads `at: 1m5s`.
 */
import fc from 'fast-check';
import { durationMs, formatDuration } from '../scenarios/duration.js';
import type { Duration, TimelineStep, WorldSpec } from '../scenarios/scenario.js';
import { FAULT_STEPS } from '../scenarios/file/step-catalogue.js';
import { DEFAULT_TIMINGS } from '../world/timings.js';

/** Fault and heal steps in time order: a `Scenario['timeline']`. */
export type FaultSchedule = readonly TimelineStep[];

/** Faults after whose heal the world works again without operator help (the default set). */
export const DEFAULT_SCHEDULE_FAULTS: readonly string[] = [
  'operator-disconnect',
  'network-partition',
  'hsm-loss',
  'session-exhaustion',
  'slow-hsm',
  'cluster-busy',
  'connection-reset',
  'connection-timeout',
];

/** No heal by reversal (faults/key-material-deletion.ts, faults/cluster-deletion.ts): scheduled without a heal. */
const UNHEALABLE: ReadonlySet<string> = new Set(['key-material-deletion', 'cluster-deletion']);

/** Faults that make ConnectCustomKeyStore end FAILED while they last (spec §4.2, world/key-store-connection.ts). */
const BREAKS_CONNECT: ReadonlySet<string> = new Set([
  'network-partition',
  'all-hsms-loss',
  'cluster-deletion',
  'kmsuser-password-rotated',
  'kmsuser-locked-out',
  'kmsuser-logged-in',
  'kmsuser-missing',
  'subnet-missing',
  'subnet-full',
]);

const LOSES_HSMS: ReadonlySet<string> = new Set(['hsm-loss', 'all-hsms-loss', 'cluster-deletion']);

/** How long after its heal a fault still shapes the world (a reconnect, a replacement HSM). */
const SETTLE_MS: Readonly<Record<string, number>> = {
  'operator-disconnect': DEFAULT_TIMINGS.disconnectMs + DEFAULT_TIMINGS.connectMs,
  'hsm-loss': DEFAULT_TIMINGS.hsmCreateMs,
  'all-hsms-loss': DEFAULT_TIMINGS.hsmCreateMs,
};

/** Retryable KMS exceptions force-error may answer with (spec §1.4, §1.6). */
const FORCED_EXCEPTIONS = [
  'KMSInternalException',
  'ThrottlingException',
  'KeyUnavailableException',
  'DependencyTimeoutException',
] as const;

export interface FaultScheduleOptions {
  /** The world the faults act on: their clusters, key stores and keys come from it. */
  readonly world: WorldSpec;
  /** Catalogue fault names to draw from (default DEFAULT_SCHEDULE_FAULTS). */
  readonly faults?: readonly string[];
  /** How many faults a schedule holds, before conflicting ones are dropped (default 0 to 3). */
  readonly minFaults?: number;
  readonly maxFaults?: number;
  /** Faults start within [0, horizon] (default 2m). */
  readonly horizon?: Duration;
  /** How long a healable fault lasts before its heal (default 1s to 1m). */
  readonly minDuration?: Duration;
  readonly maxDuration?: Duration;
}

/** One drawn fault before it becomes steps. */
interface DrawnFault {
  readonly fault: string;
  readonly atS: number;
  readonly durationS: number;
  readonly params: Readonly<Record<string, unknown>>;
}

interface WorldTargets {
  readonly clusters: readonly { name: string; azs: readonly string[] }[];
  /** Connected key stores and their clusters. */
  readonly stores: readonly { name: string; cluster: string }[];
  /** Keys in custom key stores. */
  readonly storeKeys: readonly string[];
}

function targetsOf(world: WorldSpec): WorldTargets {
  const clusters = (world.clusters ?? []).map((cluster) => ({
    name: cluster.name,
    azs: cluster.hsms.map((az) => az.slice(-1)),
  }));
  const stores = (world.keyStores ?? [])
    .filter((store) => store.connected !== false)
    .map((store) => ({ name: store.name, cluster: store.cluster }));
  const storeKeys = (world.keys ?? [])
    .filter((key) => key.keyStore !== undefined)
    .map((key) => key.name);
  return { clusters, stores, storeKeys };
}

/** Drops `undefined` members, so optional parameters the draw left out do not appear in the YAML. */
function defined(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
}

const count = (max: number): fc.Arbitrary<number | undefined> =>
  fc.option(fc.integer({ min: 1, max }), { nil: undefined });

/** Parameters for one fault on one cluster, or undefined when the fault needs more than a cluster. */
function clusterParams(
  fault: string,
  cluster: { name: string; azs: readonly string[] },
): fc.Arbitrary<Record<string, unknown>> | undefined {
  const base = { cluster: fc.constant(cluster.name) };
  const az = fc.constantFrom(...cluster.azs);
  switch (fault) {
    case 'network-partition':
    case 'all-hsms-loss':
    case 'cluster-deletion':
    case 'kmsuser-password-rotated':
    case 'kmsuser-locked-out':
    case 'kmsuser-logged-in':
    case 'kmsuser-missing':
      return fc.record(base);
    case 'hsm-loss':
      return fc.record({ ...base, az: fc.option(az, { nil: undefined }) });
    case 'subnet-missing':
    case 'subnet-full':
      return fc.record({ ...base, az });
    case 'slow-hsm':
      return fc.record({
        ...base,
        latency: fc.integer({ min: 1, max: 50 }).map((tenths) => formatDuration(tenths * 100)),
      });
    case 'session-exhaustion':
      return fc.record({ ...base, count: count(10) });
    case 'cluster-busy':
      return fc.record({
        ...base,
        rps: fc.integer({ min: 1, max: 12 }).map((halves) => halves * 500),
      });
    default:
      return undefined;
  }
}

/** Parameter arbitraries for a fault in this world (empty when the world has nothing it can act on). */
function paramsFor(fault: string, targets: WorldTargets): fc.Arbitrary<Record<string, unknown>>[] {
  switch (fault) {
    case 'operator-disconnect':
      return targets.stores.map((store) => fc.constant({ keyStore: store.name }));
    case 'key-material-deletion':
      return targets.storeKeys.length === 0
        ? []
        : [fc.record({ key: fc.constantFrom(...targets.storeKeys) })];
    case 'connection-reset':
      return [fc.record({ service: fc.constant('kms'), count: count(5) })];
    case 'connection-timeout':
      return [
        fc.record({
          service: fc.constant('kms'),
          count: count(3),
          timeout: fc.option(
            fc.integer({ min: 1, max: 30 }).map((s) => `${s}s`),
            { nil: undefined },
          ),
        }),
      ];
    case 'force-error':
      return [
        fc.record({
          service: fc.constant('kms'),
          exception: fc.constantFrom(...FORCED_EXCEPTIONS),
          count: count(5),
        }),
      ];
    default:
      return targets.clusters.flatMap((cluster) => {
        const arbitrary = clusterParams(fault, cluster);
        return arbitrary ? [arbitrary] : [];
      });
  }
}

/** The parameters that say which fault a heal ends (heals match on the parameters they name). */
function healParams(
  fault: string,
  params: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const names = Object.entries(FAULT_STEPS[fault] ?? {})
    .filter(
      ([name, spec]) =>
        spec.kind === 'cluster' ||
        spec.kind === 'key-store' ||
        spec.kind === 'key' ||
        name === 'service' ||
        (spec.kind === 'az' && spec.as === 'subnetId'),
    )
    .map(([name]) => name);
  return Object.fromEntries(
    names.filter((name) => params[name] !== undefined).map((name) => [name, params[name]]),
  );
}

function clusterOf(drawn: DrawnFault, targets: WorldTargets): string | undefined {
  if (typeof drawn.params['cluster'] === 'string') return drawn.params['cluster'];
  if (typeof drawn.params['keyStore'] === 'string')
    return targets.stores.find((store) => store.name === drawn.params['keyStore'])?.cluster;
  return undefined;
}

/** When the fault stops shaping the world: heal time plus settling, or never. */
function busyUntilMs(drawn: DrawnFault): number {
  if (UNHEALABLE.has(drawn.fault)) return Number.POSITIVE_INFINITY;
  return (drawn.atS + drawn.durationS) * 1000 + (SETTLE_MS[drawn.fault] ?? 0);
}

/** Whether two faults must not overlap (see the fault model at the top of the file). */
function exclusive(a: DrawnFault, b: DrawnFault, targets: WorldTargets): boolean {
  const cluster = clusterOf(a, targets);
  const sameCluster = cluster !== undefined && cluster === clusterOf(b, targets);
  if (a.fault === b.fault)
    return (
      JSON.stringify(healParams(a.fault, a.params)) ===
      JSON.stringify(healParams(b.fault, b.params))
    );
  if (!sameCluster) return false;
  const disconnectVsBreak = (x: DrawnFault, y: DrawnFault): boolean =>
    x.fault === 'operator-disconnect' && BREAKS_CONNECT.has(y.fault);
  return (
    disconnectVsBreak(a, b) ||
    disconnectVsBreak(b, a) ||
    (LOSES_HSMS.has(a.fault) && LOSES_HSMS.has(b.fault))
  );
}

function overlaps(a: DrawnFault, b: DrawnFault): boolean {
  return a.atS * 1000 <= busyUntilMs(b) && b.atS * 1000 <= busyUntilMs(a);
}

/** Keeps faults in start order, dropping any that conflicts with one already kept. */
function compatible(drawn: readonly DrawnFault[], targets: WorldTargets): DrawnFault[] {
  const kept: DrawnFault[] = [];
  const ordered = drawn
    .map((fault, index) => ({ fault, index }))
    .sort((a, b) => a.fault.atS - b.fault.atS || a.index - b.index);
  for (const { fault } of ordered) {
    if (!kept.some((other) => exclusive(fault, other, targets) && overlaps(fault, other)))
      kept.push(fault);
  }
  return kept;
}

/** The steps of compatible faults, in time order; at one instant heals come before new faults. */
function scheduleSteps(drawn: readonly DrawnFault[], targets: WorldTargets): TimelineStep[] {
  const steps: { atMs: number; heal: boolean; order: number; step: TimelineStep }[] = [];
  compatible(drawn, targets).forEach((fault, order) => {
    const atMs = fault.atS * 1000;
    steps.push({
      atMs,
      heal: false,
      order,
      step: { at: formatDuration(atMs), fault: fault.fault, ...defined({ ...fault.params }) },
    });
    if (UNHEALABLE.has(fault.fault)) return;
    const healMs = (fault.atS + fault.durationS) * 1000;
    steps.push({
      atMs: healMs,
      heal: true,
      order,
      step: {
        at: formatDuration(healMs),
        heal: fault.fault,
        ...defined(healParams(fault.fault, fault.params)),
      },
    });
  });
  return steps
    .sort((a, b) => a.atMs - b.atMs || Number(b.heal) - Number(a.heal) || a.order - b.order)
    .map(({ step }) => step);
}

function wholeSeconds(value: Duration | undefined, fallback: number, field: string): number {
  const ms = value === undefined ? fallback : durationMs(value);
  if (ms % 1000 !== 0)
    throw new RangeError(
      `faultScheduleArbitrary: ${field} must be whole seconds, got ${String(value)}`,
    );
  return ms / 1000;
}

/**
 * Fault schedules for `world`: fault steps with their parameters and matching heal steps, valid as
 * a scenario timeline. Shrinks toward fewer faults, earlier starts, shorter durations and simpler
 * parameters.
 */
export function faultScheduleArbitrary(options: FaultScheduleOptions): fc.Arbitrary<FaultSchedule> {
  const targets = targetsOf(options.world);
  const faults = options.faults ?? DEFAULT_SCHEDULE_FAULTS;
  for (const fault of faults) {
    if (!Object.hasOwn(FAULT_STEPS, fault))
      throw new RangeError(
        `faultScheduleArbitrary: unknown fault '${fault}'; known faults: ${Object.keys(FAULT_STEPS).join(', ')}`,
      );
  }
  const horizonS = wholeSeconds(options.horizon, 120_000, 'horizon');
  const minDurationS = Math.max(1, wholeSeconds(options.minDuration, 1_000, 'minDuration'));
  const maxDurationS = wholeSeconds(options.maxDuration, 60_000, 'maxDuration');
  if (maxDurationS < minDurationS)
    throw new RangeError('faultScheduleArbitrary: maxDuration must be at least minDuration');
  const choices = faults.flatMap((fault) =>
    paramsFor(fault, targets).map((params) =>
      fc.record({
        fault: fc.constant(fault),
        atS: fc.integer({ min: 0, max: horizonS }),
        durationS: fc.integer({ min: minDurationS, max: maxDurationS }),
        params,
      }),
    ),
  );
  if (choices.length === 0)
    throw new RangeError(
      `faultScheduleArbitrary: the world has nothing the faults ${faults.join(', ')} can act on`,
    );
  const minLength = options.minFaults ?? 0;
  const maxLength = options.maxFaults ?? 3;
  if (
    !Number.isInteger(minLength) ||
    !Number.isInteger(maxLength) ||
    minLength < 0 ||
    maxLength < minLength
  ) {
    throw new RangeError(
      'faultScheduleArbitrary: minFaults and maxFaults must be integers with 0 <= minFaults <= maxFaults',
    );
  }
  return fc
    .array(fc.oneof(...choices), { minLength, maxLength })
    .map((drawn) => scheduleSteps(drawn, targets));
}

/** Scenario time (ms) of the last step of a schedule, 0 for an empty one. */
export function scheduleEndMs(schedule: FaultSchedule): number {
  return Math.max(0, ...schedule.map((step) => durationMs(step.at)));
}

/** Scenario time (ms) of the last heal, 0 when nothing is healed. */
export function lastHealMs(schedule: FaultSchedule): number {
  return Math.max(
    0,
    ...schedule.filter((step) => step.heal !== undefined).map((step) => durationMs(step.at)),
  );
}
