/**
 * Runs one scenario (issue #3 §3-4): builds its world through the real APIs, then, inside a
 * VirtualTimeDriver run, fires timeline steps and workload calls at their virtual times while the
 * real SDK clients retry as configured; finally verifies that nothing was lost and evaluates every
 * expectation. The same scenario and seed always produce the same trace fingerprint.
 */
import { DiagnosisCapture } from '../../report/diagnosis-capture.js';
import { VirtualTimeDriver } from '../../sim/driver.js';
import type { SimKernel } from '../../sim/kernel.js';
import type { RandomStream } from '../../sim/random.js';
import { Simulator } from '../../simulator.js';
import { type CallRecord, clientCallEvent } from '../check/call-record.js';
import { attemptsFromTrace, type ScenarioMetrics } from '../check/client-metrics.js';
import type { ExpectationResult, Observed } from '../check/expectations.js';
import { verifyNothingLost } from '../check/nothing-lost.js';
import { recordVerdict } from '../check/verdict.js';
import type { Scenario, WorkloadSpec } from '../scenario.js';
import { collectLoads, startLoads } from './background-load.js';
import { buildClients, metricsClientSpecs, type ScenarioClient } from './clients.js';
import { Operator } from './operator.js';
import {
  type ScenarioRunState,
  scheduleObservations,
  scheduleTimeline,
} from './scenario-events.js';
import { ScenarioNames } from './scenario-names.js';
import {
  metricsWindowMs,
  scenarioDurationMs,
  workloadTimes,
  worldSettings,
} from './scenario-settings.js';
import {
  callApp,
  callOnce,
  fixtureKey,
  makeFixture,
  needsFixture,
  type Fixture,
} from './workload-calls.js';
import { prepareTimeline } from './timeline-steps.js';
import { buildWorld } from './world-builder.js';

export { workloadTimes } from './scenario-settings.js';

export interface ScenarioResult {
  readonly name: string;
  readonly seed: number;
  readonly passed: boolean;
  readonly expectations: readonly ExpectationResult[];
  readonly calls: readonly CallRecord[];
  readonly traceJsonLines: string;
  readonly fingerprint: string;
  /** A flagged symptom injector (force-error) was used (issue #3 §2). */
  readonly symptomsUsed: boolean;
  readonly virtualDurationMs: number;
  /** Background load totals by load name (issue #4 §3). */
  readonly loads: Readonly<
    Record<
      string,
      {
        arrivals: number;
        ok: number;
        throttled: number;
        sessionsExhausted: number;
        unavailable: number;
      }
    >
  >;
  /** Per client and window: calls, attempts, errors, throttles, latency, retry-quota exhaustion (issue #4 §4). */
  readonly metrics: ScenarioMetrics;
}

export interface RunOptions {
  readonly seed?: number;
  /**
   * Progress (issue #5 §5): called with the virtual time done and the run's virtual length, every
   * `progressEveryMs` of virtual time and once at the end. It only observes; see scheduleProgress.
   */
  readonly onProgress?: (virtualDoneMs: number, virtualTotalMs: number) => void;
  /** Virtual ms between progress calls; by default whole seconds, about 1% of the run. */
  readonly progressEveryMs?: number;
}

interface RunState extends ScenarioRunState {
  readonly calls: CallRecord[];
}

function scheduleCall(
  state: RunState,
  client: ScenarioClient,
  clientName: string,
  workload: WorkloadSpec,
  random: RandomStream,
  fixture: Fixture | undefined,
): void {
  const record: CallRecord = {
    seq: state.calls.length,
    client: clientName,
    operation: workload.operation,
    key: workload.key,
    startMs: state.sim.nowMs,
    endMs: state.sim.nowMs,
    ok: false,
    errorName: undefined,
    message: undefined,
    attempts: 0,
    sealed: undefined,
  };
  state.calls.push(record);
  const call =
    client.kind === 'sdk'
      ? callOnce(client.client, state.names, workload, random, fixture)
      : callApp(client, clientName, state.names, workload, random, fixture);
  const done = call.then(
    (outcome) => {
      record.ok = !outcome.wrongPlaintext;
      record.attempts = outcome.attempts ?? 1;
      if (outcome.wrongPlaintext) record.errorName = 'KmsimWrongPlaintext';
      if (outcome.sealed)
        record.sealed = { ...outcome.sealed, context: workload.encryptionContext };
    },
    (error: {
      name?: string;
      message?: string;
      code?: unknown;
      $metadata?: { attempts?: number; httpStatusCode?: number };
    }) => {
      record.errorName = error.name ?? 'Error';
      record.message = error.message;
      if (typeof error.code === 'string') record.errorCode = error.code;
      if (error.$metadata?.httpStatusCode !== undefined)
        record.httpStatusCode = error.$metadata.httpStatusCode;
      record.attempts = error.$metadata?.attempts ?? 1;
    },
  );
  state.pending.push(
    done.then(() => {
      record.endMs = state.sim.nowMs;
      state.sim.kernel.record('client.call', clientCallEvent(record, state.startMs));
      state.diagnosis.callFinished(record);
    }),
  );
}

function sleepUntil(state: RunState, atMs: number): Promise<void> {
  return new Promise((resolve) =>
    state.sim.kernel.schedule(Math.max(0, atMs - state.sim.nowMs), 'scenario end', resolve),
  );
}

/** Everything that happens between time 0 and the end, inside virtual time. */
async function drive(
  state: RunState,
  scenario: Scenario,
  clients: Map<string, ScenarioClient>,
  fixtures: Map<string, Fixture>,
  endMs: number,
): Promise<void> {
  const kernel = state.sim.kernel;
  scheduleObservations(state, scenario);
  scheduleTimeline(state, scenario);
  (scenario.workloads ?? []).forEach((workload, index) => {
    const random = kernel.random.fork(`workload/${index}`);
    const client = clients.get(workload.client)!;
    for (const t of workloadTimes(workload)) {
      kernel.schedule(t, `workload[${index}] call`, () =>
        scheduleCall(
          state,
          client,
          workload.client,
          workload,
          random,
          fixtures.get(fixtureKey(workload)),
        ),
      );
    }
  });
  await sleepUntil(state, endMs);
  state.diagnosis.end();
  // Calls still retrying at the end finish on their own (retries are bounded).
  for (let settled = 0; settled < state.pending.length; settled = state.pending.length)
    await Promise.all(state.pending.slice(settled));
}

/**
 * Progress rides on kernel events of its own, every `everyMs` of virtual time until the run's end.
 * They change nothing the trace shows: they record nothing, draw no random number and touch no
 * world state, and a do-nothing event cannot reorder the others (events due at the same ms keep
 * their FIFO order among themselves; only the queue's internal sequence numbers shift, and those
 * are never traced). The driver runs each event only when the job queue is idle, so advancing the
 * clock to a progress event is seen by no one. Without `onProgress` nothing is scheduled at all; a
 * test checks the fingerprint is the same with and without progress.
 */
function scheduleProgress(
  kernel: SimKernel,
  startMs: number,
  runMs: number,
  options: RunOptions,
): void {
  const onProgress = options.onProgress;
  if (!onProgress) return;
  const everyMs = Math.max(
    1,
    options.progressEveryMs ?? Math.max(1000, Math.ceil(runMs / 100 / 1000) * 1000),
  );
  const tick = (): void => {
    const doneMs = Math.min(runMs, kernel.nowMs - startMs);
    onProgress(doneMs, runMs);
    if (doneMs < runMs) kernel.schedule(Math.min(everyMs, runMs - doneMs), 'progress', tick);
  };
  kernel.schedule(Math.min(everyMs, runMs), 'progress', tick);
}

export async function runScenario(
  scenario: Scenario,
  options: RunOptions = {},
): Promise<ScenarioResult> {
  const seed = options.seed ?? scenario.seed;
  const sim = new Simulator({ seed, ...worldSettings(scenario) });
  const operator = new Operator(sim);
  const names = new ScenarioNames();
  sim.kernel.record('scenario.setup', { name: scenario.name, seed });
  // Before time 0 nothing else is in flight: the operator's requests skip the SDK (operator-wire.ts).
  operator.onTheWire = true;
  await buildWorld(operator, scenario.world, names);
  const fixtures = new Map<string, Fixture>();
  const fixtureRandom = sim.kernel.random.fork('workload/fixtures');
  for (const workload of scenario.workloads ?? []) {
    if (needsFixture(workload) && !fixtures.has(fixtureKey(workload)))
      fixtures.set(
        fixtureKey(workload),
        await makeFixture(operator, names, workload, fixtureRandom),
      );
  }
  operator.onTheWire = false;
  const clients = await buildClients(sim, scenario.clients);
  await prepareTimeline(scenario);
  // Scenario time 0 is a whole virtual second, so quota seconds (docs/behaviour.md §5.1) are scenario seconds.
  sim.advanceToMs(Math.ceil(sim.nowMs / 1000) * 1000);
  const state: RunState = {
    sim,
    operator,
    names,
    startMs: sim.nowMs,
    calls: [],
    pending: [],
    stepFailures: [],
    states: new Map(),
    diagnosis: new DiagnosisCapture(sim, names),
  };
  sim.kernel.record('scenario.start', { name: scenario.name });
  const runMs = scenarioDurationMs(scenario);
  const windowMs = metricsWindowMs(scenario);
  const generators = startLoads(sim, names, scenario.load ?? [], state.startMs, windowMs);
  scheduleProgress(sim.kernel, state.startMs, runMs, options);
  await new VirtualTimeDriver(sim.kernel).run(
    () => drive(state, scenario, clients, fixtures, state.startMs + runMs),
    { maxVirtualMs: state.startMs + runMs + 86_400_000 },
  );
  const lost = await verifyNothingLost(state.calls, state.sim, () => state.sim.advanceMs(1));
  const loads = collectLoads(generators);
  const observed: Observed = {
    startMs: state.startMs,
    calls: state.calls,
    states: state.states,
    lost,
    loads,
    resolveName: (kind, name) => names.placeholder(kind, name, sim.region, sim.accountId),
  };
  const { passed, expectations, metrics } = recordVerdict({
    sim,
    scenario,
    observed,
    stepFailures: state.stepFailures,
    calls: state.calls,
    attempts: attemptsFromTrace(sim.kernel.trace.all()),
    clients: metricsClientSpecs(scenario.clients, clients),
    windowMs,
  });
  let traceLines: string | undefined;
  let fingerprint: string | undefined;
  return {
    name: scenario.name,
    seed,
    passed,
    expectations,
    calls: state.calls,
    // Written when first read (issue #12).
    get traceJsonLines(): string {
      traceLines ??= sim.traceJsonLines();
      return traceLines;
    },
    // Hashed when first read, like the trace lines: a sweep reports only pass or fail.
    get fingerprint(): string {
      fingerprint ??= sim.traceFingerprint();
      return fingerprint;
    },
    symptomsUsed: sim.faults.symptomsUsed,
    virtualDurationMs: runMs,
    metrics,
    loads: Object.fromEntries(
      generators.map((generator) => [generator.plan.name, generator.totals()]),
    ),
  };
}
