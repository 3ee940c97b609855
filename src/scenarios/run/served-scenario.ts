/**
 * A scenario played over the wire (issue #9 §1): `kmsim serve --scenario` and `kmsim exec`.
 *
 * The world is built through the real APIs exactly as `kmsim run` builds it, then scenario time 0
 * starts on a whole virtual second. From there virtual time is moved by the server (wall clock ×
 * time scale, `/_sim/advance`), and the same kernel events as in a run play the timeline, the state
 * observations and the background load. The clients under test are other processes: their requests
 * come through ExternalClientsEndpoint, are named by access key, grouped into calls and judged by
 * the same checkers and metrics as in-process calls. Workloads (in-process SDK clients living in
 * virtual time) belong to `kmsim run` and are refused here.
 *
 * `report()` judges what the server has seen so far, without touching the run; `finish()` ends the
 * run once: unfinished calls are closed, the end capture is taken, every ciphertext the clients got
 * back is decrypted once more (nothing-lost), and the verdict and metrics are traced, so the trace
 * renders to the same runbook report `kmsim run --report` writes.
 */
import { DiagnosisCapture } from '../../report/diagnosis-capture.js';
import { Simulator } from '../../simulator.js';
import type { MetricsClientSpec } from '../check/client-metrics.js';
import type { ExpectationResult, Observed } from '../check/expectations.js';
import { ExternalCallLog } from '../check/external-calls.js';
import { verifyNothingLost } from '../check/nothing-lost.js';
import { judge, recordVerdict, type Verdict } from '../check/verdict.js';
import { metricsLines } from '../check/client-metrics.js';
import type { Scenario } from '../scenario.js';
import { collectLoads, startLoads } from './background-load.js';
import { ExternalClientsEndpoint } from './external-clients.js';
import { Operator } from './operator.js';
import {
  type ScenarioRunState,
  scheduleObservations,
  scheduleTimeline,
} from './scenario-events.js';
import { ScenarioNames } from './scenario-names.js';
import { metricsWindowMs, scenarioDurationMs, worldSettings } from './scenario-settings.js';
import { prepareTimeline } from './timeline-steps.js';
import { buildWorld } from './world-builder.js';
import type { LoadGenerator } from '../../load/load-generator.js';

export interface ServeScenarioOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** false: no request quota applies (serve --no-quotas). */
  readonly quotas?: boolean;
  /** Virtual ms per wall ms the server will run at; sets the clock-drift tolerance. */
  readonly timeScale: number;
  /** Keep only the newest this many trace events (serve --trace-events); default: all. */
  readonly traceRetain?: number;
  /** How to run this again, for reports (`npx kmsim exec ... -- ...`). */
  readonly reproduce?: string;
}

/** Logical names → real ids, as `GET /_sim/world` serves them under `names`. */
export interface WorldNames {
  readonly clusters: Readonly<Record<string, string>>;
  readonly keyStores: Readonly<Record<string, string>>;
  readonly keys: Readonly<Record<string, { keyId: string; arn: string; aliases: string[] }>>;
  readonly clients: Readonly<Record<string, { accessKeyId: string | null }>>;
}

export interface ServedResult {
  readonly name: string;
  readonly seed: number;
  readonly passed: boolean;
  readonly expectations: readonly ExpectationResult[];
  readonly metrics: Verdict['metrics'];
  readonly traceJsonLines: string;
  readonly fingerprint: string;
  readonly symptomsUsed: boolean;
  /** PASS/FAIL lines, notes, metrics and warnings, as `kmsim run` prints them. */
  readonly lines: readonly string[];
}

/**
 * The X-Amz-Date drift tolerated before a warning: 5 virtual seconds, or one wall second of
 * request transit at the server's time scale (a client signs before its request travels, and at
 * x60 each wall millisecond in transit is 60 virtual ones), whichever is larger.
 */
export function driftToleranceMs(timeScale: number): number {
  return Math.max(5_000, Math.round(1_000 * timeScale));
}

/** Why a scenario cannot be served, and the field that makes it so. */
export interface UnservableReason {
  readonly path: readonly (string | number)[];
  readonly reason: string;
}

/**
 * Why a scenario cannot be served, or undefined. Serve runs no code in process: the clients under
 * test are other processes, so workloads (in-process SDK clients) and module clients (the user's own
 * code, which only `kmsim run` loads) would never send a request, and their expectations would be
 * judged on nothing.
 */
export function unservableReason(scenario: Scenario): UnservableReason | undefined {
  if ((scenario.workloads ?? []).length > 0)
    return {
      path: ['workloads'],
      reason:
        'it has workloads: they drive in-process SDK clients in virtual time, which is what kmsim run does; over the wire the clients under test are your own processes (declare them under clients with an accessKeyId)',
    };
  const index = scenario.clients.findIndex((client) => client.module !== undefined);
  if (index >= 0) {
    const client = scenario.clients[index]!;
    const module = typeof client.module === 'string' ? ` (${client.module})` : '';
    return {
      path: ['clients', index, 'module'],
      reason: `client ${client.name} is your own code${module}, which only kmsim run loads and drives in process; over the wire the clients under test are your own processes (declare this client with an accessKeyId and run the code yourself)`,
    };
  }
  return undefined;
}

export class ServedScenario {
  readonly endpoint: ExternalClientsEndpoint;
  /** Kernel ms of scenario time 0. */
  readonly startMs: number;
  /** Virtual length of the scenario (its duration, or a minute past the last thing it mentions). */
  readonly runMs: number;
  private readonly log: ExternalCallLog;
  private readonly state: ScenarioRunState;
  private readonly windowMs: number;
  private readonly generators: LoadGenerator[];
  private finished: Promise<ServedResult> | undefined;

  private constructor(
    readonly scenario: Scenario,
    readonly seed: number,
    readonly sim: Simulator,
    readonly names: ScenarioNames,
    operator: Operator,
    timeScale: number,
  ) {
    this.startMs = sim.nowMs;
    this.runMs = scenarioDurationMs(scenario);
    this.windowMs = metricsWindowMs(scenario);
    const diagnosis = new DiagnosisCapture(sim, names);
    this.state = {
      sim,
      operator,
      names,
      startMs: this.startMs,
      pending: [],
      stepFailures: [],
      states: new Map(),
      diagnosis,
    };
    this.log = new ExternalCallLog({
      record: (kind, data) => sim.kernel.record(kind, data),
      originMs: this.startMs,
      keepSealed: scenario.expect.some((expectation) => expectation.type === 'nothing-lost'),
      driftToleranceMs: driftToleranceMs(timeScale),
      onFinished: (call) => diagnosis.callFinished(call),
    });
    this.endpoint = new ExternalClientsEndpoint({
      sim,
      names,
      clients: scenario.clients,
      log: this.log,
      nameMap: () => this.nameMap(),
      report: () => ({ lines: this.report().lines }),
      settle: () => this.settle(),
    });
    scheduleObservations(this.state, scenario);
    // A step's operator calls settle before anything later happens (wall-clock-follower.ts).
    scheduleTimeline(this.state, scenario, () => sim.kernel.requestPause());
    this.generators = startLoads(sim, names, scenario.load ?? [], this.startMs, this.windowMs);
  }

  /** Builds the world and starts scenario time 0; refuses a scenario with workloads. */
  static async start(scenario: Scenario, options: ServeScenarioOptions): Promise<ServedScenario> {
    const reason = unservableReason(scenario);
    if (reason !== undefined) throw new Error(`cannot serve this scenario: ${reason.reason}`);
    const seed = options.seed ?? scenario.seed;
    const sim = new Simulator({
      seed,
      ...worldSettings(scenario, options.quotas === false ? { quotas: false } : {}),
      ...(options.traceRetain !== undefined ? { traceRetain: options.traceRetain } : {}),
    });
    const operator = new Operator(sim);
    const names = new ScenarioNames();
    sim.kernel.record('scenario.setup', {
      name: scenario.name,
      seed,
      mode: 'over the wire',
      timeScale: options.timeScale,
      ...(options.reproduce !== undefined ? { reproduce: options.reproduce } : {}),
    });
    await buildWorld(operator, scenario.world, names);
    await prepareTimeline(scenario);
    // Scenario time 0 is a whole virtual second, so quota seconds (docs/behaviour.md §5.1) are scenario seconds.
    sim.advanceToMs(Math.ceil(sim.nowMs / 1000) * 1000);
    sim.kernel.record('scenario.start', { name: scenario.name });
    return new ServedScenario(scenario, seed, sim, names, operator, options.timeScale);
  }

  /** Kernel ms at which the scenario's time is up. */
  get endMs(): number {
    return this.startMs + this.runMs;
  }

  /** Virtual now as Unix epoch ms: where an external client's clock should read. */
  get virtualEpochNowMs(): number {
    return this.sim.kernel.clock.epochNowMs;
  }

  /**
   * The client's clock is expected to read virtual time plus `offsetMs` (exec without libfaketime:
   * the command keeps the real clock, which still runs at the same rate as virtual time at x1).
   */
  setClientClockOffset(offsetMs: number): void {
    this.log.clientClockOffsetMs = offsetMs;
  }

  nameMap(): WorldNames {
    const world = this.sim.world;
    const keys: Record<string, { keyId: string; arn: string; aliases: string[] }> = {};
    for (const [name, keyId] of this.names.keys)
      keys[name] = {
        keyId,
        arn: world.keyArn(keyId),
        aliases: [...world.aliases.values()]
          .filter((alias) => alias.targetKeyId === keyId)
          .map((alias) => alias.aliasName),
      };
    return {
      clusters: Object.fromEntries(this.names.clusters),
      keyStores: Object.fromEntries(this.names.keyStores),
      keys,
      clients: Object.fromEntries(
        this.scenario.clients.map((client) => [
          client.name,
          { accessKeyId: client.accessKeyId ?? null },
        ]),
      ),
    };
  }

  /** Timeline steps still working (their operator calls) settle before time moves on. */
  async settle(): Promise<void> {
    for (let settled = 0; settled < this.state.pending.length; ) {
      const batch = this.state.pending.slice(settled);
      settled = this.state.pending.length;
      await Promise.all(batch);
    }
  }

  /** The clients metrics count: declared ones with what the wire told about them, then any other seen. */
  private metricsClients(): MetricsClientSpec[] {
    const summaries = new Map(this.log.summaries().map((summary) => [summary.client, summary]));
    const declared = new Map(this.scenario.clients.map((client) => [client.name, client]));
    const names = [...new Set([...declared.keys(), ...summaries.keys()])];
    return names.map((name) => {
      const spec = declared.get(name);
      const seen = summaries.get(name);
      const external = spec === undefined || spec.accessKeyId !== undefined;
      const maxAttempts = seen?.announcedMaxAttempts ?? spec?.maxAttempts;
      return {
        name,
        ...(spec?.retryMode ? { retryMode: spec.retryMode } : {}),
        ...(maxAttempts !== undefined ? { maxAttempts } : {}),
        ...(external && seen
          ? {
              external: {
                accessKeyId: spec?.accessKeyId ?? (name.startsWith('unsigned') ? undefined : name),
                ungroupedAttempts: seen.ungroupedAttempts,
                clockDrift: seen.drift,
              },
            }
          : {}),
      };
    });
  }

  /** Background load windows so far, without tracing them (collectLoads traces them, at the end). */
  private loadWindows(): Observed['loads'] {
    return new Map(
      this.generators.map((generator) => [
        generator.plan.name,
        [...generator.windows.values()].sort((a, b) => a.startMs - b.startMs),
      ]),
    );
  }

  private verdictInput(lost: Observed['lost'] | undefined, loads: Observed['loads']) {
    const observed: Observed = {
      startMs: this.startMs,
      calls: this.log.calls(),
      states: this.state.states,
      lost: lost ?? [],
      ...(loads ? { loads } : {}),
    };
    return {
      sim: this.sim,
      scenario: lost === undefined ? this.withoutNothingLost() : this.scenario,
      observed,
      stepFailures: this.state.stepFailures,
      calls: this.log.calls(),
      attempts: this.log.attempts(),
      clients: this.metricsClients(),
      windowMs: this.windowMs,
    };
  }

  /** Mid-run, nothing-lost cannot be judged without decrypting (which would count against quotas). */
  private withoutNothingLost(): Scenario {
    return {
      ...this.scenario,
      expect: this.scenario.expect.filter((expectation) => expectation.type !== 'nothing-lost'),
    };
  }

  private linesOf(verdict: Verdict, pendingNothingLost: boolean): string[] {
    const lines = verdict.expectations.map((expectation) =>
      expectation.passed
        ? `PASS ${expectation.description}`
        : `FAIL ${expectation.description} — ${expectation.detail}`,
    );
    if (pendingNothingLost && this.scenario.expect.some((e) => e.type === 'nothing-lost'))
      lines.push(
        'PENDING nothing lost: checked once the run ends (kmsim exec: when the command and the scenario are done; kmsim serve: at shutdown with --report)',
      );
    if (this.log.droppedCalls > 0)
      lines.push(
        `NOTE ${this.log.droppedCalls} call(s) beyond the first ${this.log.calls().length} were counted but not judged`,
      );
    if (this.log.unverifiedCiphertexts > 0)
      lines.push(
        `NOTE ${this.log.unverifiedCiphertexts} ciphertext(s) beyond the first ones kept were not verified by nothing-lost`,
      );
    if (this.sim.faults.symptomsUsed)
      lines.push('NOTE: flagged symptom injection (force-error) used');
    lines.push(...metricsLines(verdict.metrics));
    const done = Math.max(0, Math.min(this.sim.nowMs, this.endMs) - this.startMs);
    lines.push(
      `AT ${formatSeconds(done)} of ${formatSeconds(this.runMs)} of the scenario's virtual time`,
    );
    return lines;
  }

  /** The verdict so far, without touching the run (GET /_sim/report). */
  report(): { passed: boolean; lines: string[] } {
    const verdict = judge(this.verdictInput(undefined, this.loadWindows()));
    return { passed: verdict.passed, lines: this.linesOf(verdict, true) };
  }

  /** Ends the run (once): closes calls, captures the end, checks nothing-lost, traces the verdict. */
  finish(): Promise<ServedResult> {
    this.finished ??= this.finishOnce();
    return this.finished;
  }

  private async finishOnce(): Promise<ServedResult> {
    await this.settle();
    this.log.finishAll();
    this.state.diagnosis.end();
    // Paced as a careful verifier would be: within the tightest cryptographic quota (the runner's
    // 1 ms is within the defaults, not within a scenario's lowered limits).
    const quotas = this.sim.world.quotas.limits;
    const paceMs = Math.max(
      1,
      Math.ceil(1000 / Math.min(quotas.customKeyStoreRps, quotas.accountSymmetricRps)),
    );
    const lost = await verifyNothingLost(this.log.calls(), this.sim, () =>
      this.sim.advanceMs(paceMs),
    );
    const loads = collectLoads(this.generators);
    const verdict = recordVerdict(this.verdictInput(lost, loads));
    return {
      name: this.scenario.name,
      seed: this.seed,
      passed: verdict.passed,
      expectations: verdict.expectations,
      metrics: verdict.metrics,
      traceJsonLines: this.sim.traceJsonLines(),
      fingerprint: this.sim.traceFingerprint(),
      symptomsUsed: this.sim.faults.symptomsUsed,
      lines: this.linesOf(verdict, false),
    };
  }
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)}s`;
}
