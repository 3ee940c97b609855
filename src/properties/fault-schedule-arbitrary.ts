/**
 * fast-check arbitrary for fault schedules (issue #6 §2): timeline steps drawn from the fault
 * catalogue (src/faults/catalogue.ts), each with a start time, parameters that refer to the world's
 * clusters, key stores and keys, and (for healable faults) a matching heal step a duration later.
 * The steps are valid `Scenario['timeline']` entries. Each fault's own file declares (its
 * `schedule`, faults/fault.ts ScheduleRules) whether it is drawn by default, how its parameters are
 * drawn, and what it must not overlap; nothing here names a fault.
 *
 * The fault model, in prose (VOPR style):
 * - By default only faults whose heal returns the world to working order on its own are drawn
 *   (DEFAULT_SCHEDULE_FAULTS): an operator disconnect (heal: reconnect), a network partition, the
 *   loss of one HSM (heal: a replacement is created), PKCS#11 session exhaustion, a slow HSM, a busy
 *   cluster, connection resets and timeouts on the KMS endpoint. Other catalogue faults can be asked
 *   for by name; the unhealable ones (key-material-deletion, cluster-deletion) get no heal step.
 * - Faults may overlap, except where the overlap would leave the world broken after every heal:
 *   the same fault on the same target never overlaps itself; a store's disconnect-and-reconnect
 *   never overlaps a fault that makes a connect fail on its cluster (docs/behaviour.md §4.2: the reconnect would
 *   end FAILED and nothing retries it); HSM losses on one cluster never overlap. "Overlap" counts the
 *   time a heal takes to settle: a reconnect takes disconnectMs + connectMs, a replacement HSM
 *   hsmCreateMs (world/timings.ts). A drawn fault that would conflict is dropped, so shrinking (which
 *   removes faults and moves times toward 0) always yields a schedule that obeys the same rules.
 * - Times are whole seconds from scenario time 0, so a counterexample reads `at: 1m5s`.
 */
import fc from 'fast-check';
import { FAULT_CATALOGUE } from '../faults/catalogue.js';
import type { FaultDefinition, ParamDraw } from '../faults/fault.js';
import { durationMs, formatDuration } from '../scenarios/duration.js';
import type { Duration, TimelineStep, WorldSpec } from '../scenarios/scenario.js';
import { FAULT_STEPS } from '../scenarios/file/step-catalogue.js';
import { DEFAULT_TIMINGS } from '../world/timings.js';

/** Fault and heal steps in time order: a `Scenario['timeline']`. */
export type FaultSchedule = readonly TimelineStep[];

/** Faults after whose heal the world works again without operator help (each fault's `schedule.byDefault`). */
export const DEFAULT_SCHEDULE_FAULTS: readonly string[] = [...FAULT_CATALOGUE.values()]
  .filter((fault) => fault.schedule?.byDefault)
  .map((fault) => fault.name);

/** The fault's definition, known to exist once the options were checked. */
function definition(name: string): FaultDefinition {
  return FAULT_CATALOGUE.get(name)!;
}

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

/** One parameter's arbitrary, as the fault declares it (faults/fault.ts ParamDraw). */
function drawArbitrary(
  draw: ParamDraw,
  kind: string | undefined,
  azs: readonly string[],
): fc.Arbitrary<unknown> {
  let arbitrary: fc.Arbitrary<unknown>;
  if (draw.draw === 'az') arbitrary = fc.constantFrom(...azs);
  else if (draw.draw === 'one-of')
    arbitrary =
      draw.values.length === 1 ? fc.constant(draw.values[0]) : fc.constantFrom(...draw.values);
  else {
    const of = draw.of;
    arbitrary = fc
      .integer({ min: draw.from, max: draw.to })
      .map((steps) => (kind === 'duration' ? formatDuration(steps * of) : steps * of));
  }
  return draw.optional ? fc.option(arbitrary, { nil: undefined }) : arbitrary;
}

/** The drawn parameters besides the target, in the order the fault declares them. */
function drawnParams(
  fault: FaultDefinition,
  azs: readonly string[],
): Record<string, fc.Arbitrary<unknown>> {
  return Object.fromEntries(
    Object.entries(fault.schedule!.draw).map(([name, draw]) => [
      name,
      drawArbitrary(draw, fault.params[name]?.kind, azs),
    ]),
  );
}

/**
 * Parameter arbitraries for a fault in this world (empty when the world has nothing it can act
 * on): one per cluster for a cluster fault, one per connected store for a key-store fault, one over
 * the store keys for a key fault, and one for a fault on requests (no target).
 */
function paramsFor(name: string, targets: WorldTargets): fc.Arbitrary<Record<string, unknown>>[] {
  const fault = definition(name);
  const target = Object.entries(fault.params).find(([, param]) =>
    ['cluster', 'key-store', 'key'].includes(param.kind),
  );
  const draws = Object.keys(fault.schedule!.draw).length > 0;
  switch (target?.[1].kind) {
    case 'cluster':
      return targets.clusters.map((cluster) =>
        fc.record({ [target[0]]: fc.constant(cluster.name), ...drawnParams(fault, cluster.azs) }),
      );
    case 'key-store':
      return targets.stores.map((store) =>
        draws
          ? fc.record({ [target[0]]: fc.constant(store.name), ...drawnParams(fault, []) })
          : fc.constant({ [target[0]]: store.name }),
      );
    case 'key':
      return targets.storeKeys.length === 0
        ? []
        : [
            fc.record({
              [target[0]]: fc.constantFrom(...targets.storeKeys),
              ...drawnParams(fault, []),
            }),
          ];
    default:
      return [fc.record(drawnParams(fault, []))];
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
  const fault = definition(drawn.fault);
  if (!fault.healable) return Number.POSITIVE_INFINITY;
  return (drawn.atS + drawn.durationS) * 1000 + (fault.schedule?.settleMs?.(DEFAULT_TIMINGS) ?? 0);
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
    definition(x.fault).schedule?.healConnects === true &&
    definition(y.fault).schedule?.breaksConnect === true;
  const losesHsms = (x: DrawnFault): boolean => definition(x.fault).schedule?.losesHsms === true;
  return disconnectVsBreak(a, b) || disconnectVsBreak(b, a) || (losesHsms(a) && losesHsms(b));
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
    if (!definition(fault.fault).healable) return;
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
    if (definition(fault).schedule === undefined)
      throw new RangeError(
        `faultScheduleArbitrary: fault '${fault}' may not be scheduled by property tests (its definition has no schedule)`,
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
