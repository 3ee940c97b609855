/**
 * A background load generator running inside the simulator (issue #4 §3): open-loop arrivals in
 * 100 ms ticks aligned to virtual time, each served by serveBackgroundRequest, with outcomes counted
 * per window. Millions of requests stay cheap: no SDK, no wire protocol, no cryptography, one
 * kernel event per tick. Ticks never straddle a one-second quota window (1,000 is a multiple of the
 * tick), so background and SDK requests are counted in the same windows. Within a tick, the tick's
 * arrivals are spread evenly over it, each admitted at its own virtual time against the quotas and
 * HSM capacity; the target's state is read once, at the tick's start (100 ms granularity;
 * docs/fidelity.md "Background load granularity").
 */
import type { RandomStream } from '../sim/random.js';
import { effectiveKeyState } from '../world/kms-key.js';
import type { World } from '../world/world.js';
import { ArrivalCounter, type ArrivalPattern } from './arrival-pattern.js';
import {
  resolveDefaultStoreTarget,
  resolveStoreTarget,
  serveBackgroundRequest,
  type BackgroundOutcome,
  type TargetState,
} from './background-request.js';

export const LOAD_TICK_MS = 100;

export interface LoadPlan {
  readonly name: string;
  /** Requests go to this store's keys, or to one key. */
  readonly target: { readonly customKeyStoreId: string } | { readonly keyId: string };
  /** Operation → integer weight, e.g. { Encrypt: 3, Decrypt: 1 }. */
  readonly operations: Readonly<Record<string, number>>;
  readonly pattern: ArrivalPattern;
  /** Absolute virtual times. */
  readonly startMs: number;
  readonly endMs: number;
  /** Window length for the counts. */
  readonly windowMs: number;
}

/** Outcomes of one virtual second of the load, for charts (`load.seconds` trace event). */
interface LoadSecond {
  ok: number;
  throttled: number;
  sessionsExhausted: number;
  unavailable: number;
  /** The store's admission limit that second: its quota, lowered while its cluster is busy. */
  storeLimitRps: number;
}

export interface LoadWindow {
  readonly startMs: number;
  arrivals: number;
  ok: number;
  throttled: number;
  sessionsExhausted: number;
  unavailable: number;
}

export class LoadGenerator {
  readonly windows = new Map<number, LoadWindow>();
  private readonly seconds = new Map<number, LoadSecond>();
  private storeId: string | undefined;
  private readonly counter: ArrivalCounter;
  private readonly operations: string[];
  private readonly cumulativeWeights: number[];
  private readonly totalWeight: number;

  constructor(
    private readonly world: World,
    readonly plan: LoadPlan,
    private readonly random: RandomStream,
  ) {
    this.counter = new ArrivalCounter(
      plan.pattern,
      plan.endMs - plan.startMs,
      random.fork('arrivals'),
    );
    this.operations = Object.keys(plan.operations).sort();
    let running = 0;
    this.cumulativeWeights = this.operations.map(
      (operation) => (running += plan.operations[operation]!),
    );
    this.totalWeight = running;
  }

  /** Schedules the first tick at the first tick boundary at or after the plan's start. */
  start(): void {
    const first = Math.ceil(this.plan.startMs / LOAD_TICK_MS) * LOAD_TICK_MS;
    this.world.kernel.schedule(first - this.world.nowMs, `load ${this.plan.name}`, () =>
      this.tick(),
    );
  }

  private target(): TargetState {
    const target = this.plan.target;
    if ('customKeyStoreId' in target)
      return resolveStoreTarget(this.world, target.customKeyStoreId);
    const key = this.world.keys.get(target.keyId);
    const store = key?.customKeyStoreId
      ? this.world.keyStores.get(key.customKeyStoreId)
      : undefined;
    const enabled = key !== undefined && effectiveKeyState(key, store) === 'Enabled';
    return key?.customKeyStoreId
      ? resolveStoreTarget(this.world, key.customKeyStoreId, enabled)
      : resolveDefaultStoreTarget(enabled);
  }

  private pickOperation(): string {
    if (this.operations.length === 1) return this.operations[0]!;
    const draw = this.random.next() * this.totalWeight;
    const index = this.cumulativeWeights.findIndex((bound) => draw < bound);
    return this.operations[index < 0 ? this.operations.length - 1 : index]!;
  }

  private window(atMs: number): LoadWindow {
    const index = Math.floor((atMs - this.plan.startMs) / this.plan.windowMs);
    let window = this.windows.get(index);
    if (!window) {
      window = {
        startMs: this.plan.startMs + index * this.plan.windowMs,
        arrivals: 0,
        ok: 0,
        throttled: 0,
        sessionsExhausted: 0,
        unavailable: 0,
      };
      this.windows.set(index, window);
    }
    return window;
  }

  private second(atMs: number, storeLimitRps: number): LoadSecond {
    const index = Math.floor((atMs - this.plan.startMs) / 1000);
    let second = this.seconds.get(index);
    if (!second) {
      second = { ok: 0, throttled: 0, sessionsExhausted: 0, unavailable: 0, storeLimitRps };
      this.seconds.set(index, second);
    }
    second.storeLimitRps = Math.min(second.storeLimitRps, storeLimitRps);
    return second;
  }

  private countSecond(second: LoadSecond, outcome: BackgroundOutcome): void {
    if (outcome === 'ok') second.ok += 1;
    else if (outcome === 'throttled') second.throttled += 1;
    else if (outcome === 'sessions-exhausted') second.sessionsExhausted += 1;
    else second.unavailable += 1;
  }

  private count(window: LoadWindow, outcome: BackgroundOutcome): void {
    window.arrivals += 1;
    if (outcome === 'ok') window.ok += 1;
    else if (outcome === 'throttled') window.throttled += 1;
    else if (outcome === 'sessions-exhausted') window.sessionsExhausted += 1;
    else window.unavailable += 1;
  }

  private tick(): void {
    const now = this.world.nowMs;
    if (now >= this.plan.endMs) return;
    const tickMs = Math.min(LOAD_TICK_MS, this.plan.endMs - now);
    const arrivals = this.counter.arrivals(now - this.plan.startMs, tickMs);
    if (arrivals > 0) {
      const target = this.target();
      this.storeId = target.customKeyStoreId;
      const window = this.window(now);
      // Ticks never straddle a second (see the header), so one second holds the whole tick.
      const second = this.second(
        now,
        Math.min(this.world.quotas.limits.customKeyStoreRps, Math.floor(target.effectiveStoreRps)),
      );
      for (let i = 0; i < arrivals; i++) {
        const atMs = now + Math.floor((i * tickMs) / arrivals);
        const outcome = serveBackgroundRequest(this.world, this.pickOperation(), target, atMs);
        this.count(window, outcome);
        this.countSecond(second, outcome);
      }
    }
    if (now + tickMs < this.plan.endMs)
      this.world.kernel.schedule(tickMs, `load ${this.plan.name}`, () => this.tick());
  }

  /**
   * Writes one `load.window` trace event per window, and one `load.seconds` event with the outcomes
   * of every second and the limits they met, for the chart (reports are pure functions of the trace).
   */
  recordWindows(): void {
    this.recordSeconds();
    for (const [index, window] of [...this.windows].sort(([a], [b]) => a - b)) {
      this.world.record('load.window', {
        load: this.plan.name,
        index,
        ...window,
        startMs: window.startMs,
      });
    }
  }

  /**
   * Per-second arrays from the plan's start (a second without arrivals is 0, its limit null), the
   * key store the load targeted, and the account's symmetric quota (null when unlimited).
   */
  private recordSeconds(): void {
    const length = Math.ceil((this.plan.endMs - this.plan.startMs) / 1000);
    const column = (pick: (second: LoadSecond) => number): number[] =>
      Array.from({ length }, (_, index) => {
        const second = this.seconds.get(index);
        return second ? pick(second) : 0;
      });
    const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
    this.world.record('load.seconds', {
      load: this.plan.name,
      customKeyStoreId: this.storeId ?? null,
      startMs: this.plan.startMs,
      ok: column((second) => second.ok),
      throttled: column((second) => second.throttled),
      sessionsExhausted: column((second) => second.sessionsExhausted),
      unavailable: column((second) => second.unavailable),
      storeLimitRps: Array.from({ length }, (_, index) => {
        const second = this.seconds.get(index);
        return second ? finite(second.storeLimitRps) : null;
      }),
      accountSymmetricRps: finite(this.world.quotas.limits.accountSymmetricRps),
    });
  }

  totals(): Omit<LoadWindow, 'startMs'> {
    const total = { arrivals: 0, ok: 0, throttled: 0, sessionsExhausted: 0, unavailable: 0 };
    for (const window of this.windows.values()) {
      total.arrivals += window.arrivals;
      total.ok += window.ok;
      total.throttled += window.throttled;
      total.sessionsExhausted += window.sessionsExhausted;
      total.unavailable += window.unavailable;
    }
    return total;
  }
}
