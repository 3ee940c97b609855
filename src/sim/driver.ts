/**
 * The driver that owns time for code under test (ARCHITECTURE "Time and randomness"; issue #3 §1).
 *
 * While `run(fn)` is active, the process's `setTimeout`/`setInterval` (and their clear functions),
 * `Date`, `Date.now`, `performance.now` and `Math.random` follow the simulator: timers become kernel
 * events, dates read the virtual clock, and `Math.random` draws from a seeded stream. Whenever the
 * JavaScript job queue is empty (nothing runnable for a few turns of the real event loop, with no
 * real I/O request in flight), virtual time jumps to the next due event. Whether it jumps depends
 * only on what the program has asked for, never on how many turns its real I/O takes. The real globals are restored when the run ends, even if it
 * fails. The retry strategy of the client under test is never touched: it simply lives in virtual
 * time, so a 30-minute outage with exponential backoff takes milliseconds and replays exactly.
 *
 * `setImmediate` and `process.nextTick` stay real: they carry no time, and Node's streams and msw
 * rely on them to make progress within one virtual instant.
 */
import type { SimKernel, TimerHandle } from './kernel.js';
import type { RandomStream } from './random.js';

const REAL = {
  setTimeout: globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout,
  setInterval: globalThis.setInterval,
  clearInterval: globalThis.clearInterval,
  setImmediate: globalThis.setImmediate,
  Date: globalThis.Date,
  mathRandom: Math.random,
  performanceNow: globalThis.performance.now.bind(globalThis.performance),
};

/**
 * Real event-loop turns with nothing new happening (and no real I/O in flight) before the driver calls
 * the queue idle, unless it sees sooner that nothing can run at all (see `untilIdle`).
 */
const IDLE_TURNS = 3;

/**
 * How many referenced `setImmediate` callbacks are queued and not yet run. Node counts each one until
 * its callback has run, so inside the driver's own immediate this is the work still queued behind it.
 */
function immediatesQueued(): number {
  let queued = 0;
  for (const resource of process.getActiveResourcesInfo()) if (resource === 'Immediate') queued++;
  return queued;
}

/**
 * Names `process.getActiveResourcesInfo()` gives libuv requests, for a Node without
 * `process._getActiveRequests()`. Node reports a FileHandle's close as `CloseReq` here (and as
 * `FileHandleCloseReq` by class name): missing it is what made the deadlock detector flaky.
 */
const REQUEST_RESOURCE_NAMES = new Set([
  'FSReqCallback',
  'FSReqPromise',
  'CloseReq',
  'FileHandleCloseReq',
  'GetAddrInfoReqWrap',
  'GetNameInfoReqWrap',
  'QueryReqWrap',
  'WriteWrap',
  'ShutdownWrap',
  'ConnectWrap',
  'SendWrap',
]);

type ProcessWithRequests = NodeJS.Process & { _getActiveRequests?: () => readonly unknown[] };

/**
 * How many libuv requests are in flight: file system calls (the SDK reads shared config files
 * lazily on a client's first call), DNS lookups, socket connects and writes. While any is active,
 * virtual time must not jump, or the outcome would depend on how fast the disk is.
 *
 * Every request counts, whatever its type: Node keeps each one in its request queue from submission
 * until its JavaScript callback has run, so "no request in flight" means no completion is still on
 * its way, however many event-loop turns the I/O took. (A list of request names cannot be complete:
 * the one this file kept missed `CloseReq`, the close at the end of every `readFile`.) Long-lived
 * handles (servers, sockets waiting for data, timers) are not requests and do not count; real work
 * on them, and thread-pool jobs (zlib, async crypto), must be bracketed with beginWork/endWork.
 */
function realRequestsInFlight(): number {
  const activeRequests = (process as ProcessWithRequests)._getActiveRequests;
  if (typeof activeRequests === 'function') return activeRequests.call(process).length;
  return process.getActiveResourcesInfo().filter((resource) => REQUEST_RESOURCE_NAMES.has(resource))
    .length;
}

export interface DriverOptions {
  /** Abort the run if virtual time passes this (a run that never finishes is a bug, not a hang). */
  readonly maxVirtualMs?: number;
  /** Abort if this many kernel events run without the function settling. */
  readonly maxEvents?: number;
}

/** What the faked timer functions hand back: enough of Node's Timeout for the SDK and msw. */
class VirtualTimeout {
  constructor(
    readonly handle: TimerHandle,
    readonly id: number,
  ) {}
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return true;
  }
  refresh(): this {
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.id;
  }
}

let activeDriver: VirtualTimeDriver | undefined;

export class VirtualTimeDriver {
  private readonly timers = new Map<number, VirtualTimeout>();
  private nextTimerId = 1;
  private readonly random: RandomStream;
  /** Work the transports are doing in real event-loop turns (e.g. msw); time does not jump meanwhile. */
  private inFlight = 0;

  constructor(private readonly kernel: SimKernel) {
    this.random = kernel.random.fork('driver/math-random');
  }

  /** The driver currently owning the process's time, if any. */
  static get active(): VirtualTimeDriver | undefined {
    return activeDriver;
  }

  /**
   * Whether this driver's run advances `kernel`. Work scheduled on any other kernel never runs
   * during this run, so a simulator waits in virtual time only when the active driver drives its
   * own kernel (issue #15 §3).
   */
  drives(kernel: SimKernel): boolean {
    return this.kernel === kernel;
  }

  /** Transports bracket real asynchronous work with these so virtual time waits for it. */
  beginWork(): void {
    this.inFlight++;
  }

  endWork(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  async run<T>(fn: () => Promise<T> | T, options: DriverOptions = {}): Promise<T> {
    if (activeDriver) throw new Error('a VirtualTimeDriver run is already active in this process');
    activeDriver = this;
    this.install();
    try {
      return await this.loop(fn, options);
    } finally {
      this.uninstall();
      activeDriver = undefined;
    }
  }

  private async loop<T>(fn: () => Promise<T> | T, options: DriverOptions): Promise<T> {
    let settled = false;
    let value: T | undefined;
    let failure: unknown;
    let failed = false;
    Promise.resolve()
      .then(fn)
      .then(
        (result) => {
          settled = true;
          value = result;
        },
        (error: unknown) => {
          settled = true;
          failed = true;
          failure = error;
        },
      );
    const maxVirtualMs = options.maxVirtualMs ?? 7 * 24 * 3_600_000;
    const maxEvents = options.maxEvents ?? 5_000_000;
    let events = 0;
    for (;;) {
      await this.untilIdle(() => settled);
      if (settled) break;
      const next = this.kernel.nextEventAtMs();
      if (next === undefined) {
        throw new Error(
          `virtual-time deadlock at ${this.kernel.nowMs} ms: the run is waiting but nothing is scheduled`,
        );
      }
      if (next > maxVirtualMs)
        throw new Error(`virtual time would pass the run's limit of ${maxVirtualMs} ms`);
      if (++events > maxEvents)
        throw new Error(`the run did not finish within ${maxEvents} events`);
      this.kernel.step();
    }
    if (failed) throw failure;
    return value as T;
  }

  /**
   * Yields real event-loop turns until nothing new happens (and no transport work is pending).
   *
   * Most turns end with nothing left to run at all: the driver's immediate ran after every job
   * queued before it (each followed by its process.nextTick and promise jobs), no other immediate
   * is queued, and no real request or transport work is in flight. Then no JavaScript can run until
   * the driver steps the kernel, so the quiet turns still to come would see exactly this state, and
   * the driver steps at once (issue #12: the sweep's seeds spent 5-7% in those turns). Otherwise it
   * waits for IDLE_TURNS quiet turns as before.
   */
  private async untilIdle(done: () => boolean): Promise<void> {
    let quietTurns = 0;
    let lastPending = this.kernel.pendingEvents;
    while (quietTurns < IDLE_TURNS || this.inFlight > 0) {
      await new Promise<void>((resolve) => REAL.setImmediate(resolve));
      if (done()) return;
      const pending = this.kernel.pendingEvents;
      const busy = this.inFlight > 0 || realRequestsInFlight() > 0;
      if (!busy && immediatesQueued() === 0) return;
      quietTurns = pending === lastPending && !busy ? quietTurns + 1 : 0;
      lastPending = pending;
      // Real I/O completes in libuv's poll phase; let the loop block there briefly instead of spinning.
      if (busy) await new Promise<void>((resolve) => REAL.setTimeout(resolve, 1));
    }
  }

  private addTimer(
    callback: (...args: unknown[]) => void,
    delay: unknown,
    args: unknown[],
    repeat: boolean,
  ): VirtualTimeout {
    // Node treats any delay below 1 ms (and NaN) as 1 ms; code that polls with setTimeout(fn, 0)
    // (the SDK's adaptive rate limiter does) relies on time moving between polls.
    const requested = Number(delay);
    const delayMs = requested >= 1 ? Math.round(requested) : 1;
    const id = this.nextTimerId++;
    const fire = (): void => {
      if (!this.timers.has(id)) return;
      if (repeat) {
        const again = this.kernel.schedule(delayMs, `interval ${id}`, fire);
        this.timers.set(id, new VirtualTimeout(again, id));
      } else {
        this.timers.delete(id);
      }
      callback(...args);
    };
    const timeout = new VirtualTimeout(this.kernel.schedule(delayMs, `timer ${id}`, fire), id);
    this.timers.set(id, timeout);
    return timeout;
  }

  private clearTimer(timeout: unknown): void {
    const id = timeout instanceof VirtualTimeout ? timeout.id : Number(timeout);
    const timer = this.timers.get(id);
    if (timer) {
      timer.handle.cancel();
      this.timers.delete(id);
    }
  }

  private install(): void {
    const kernel = this.kernel;
    const g = globalThis as Record<string, unknown>;
    g.setTimeout = (callback: (...args: unknown[]) => void, delay?: unknown, ...args: unknown[]) =>
      this.addTimer(callback, delay, args, false);
    g.setInterval = (callback: (...args: unknown[]) => void, delay?: unknown, ...args: unknown[]) =>
      this.addTimer(callback, delay, args, true);
    g.clearTimeout = (timeout: unknown) => this.clearTimer(timeout);
    g.clearInterval = (timeout: unknown) => this.clearTimer(timeout);
    g.Date = virtualDateClass(() => kernel.clock.epochNowMs);
    Math.random = () => this.random.next();
    globalThis.performance.now = () => kernel.clock.nowMs;
  }

  private uninstall(): void {
    for (const timer of this.timers.values()) timer.handle.cancel();
    this.timers.clear();
    const g = globalThis as Record<string, unknown>;
    g.setTimeout = REAL.setTimeout;
    g.clearTimeout = REAL.clearTimeout;
    g.setInterval = REAL.setInterval;
    g.clearInterval = REAL.clearInterval;
    g.Date = REAL.Date;
    Math.random = REAL.mathRandom;
    globalThis.performance.now = REAL.performanceNow;
  }
}

/** A Date whose "now" is the virtual clock; every other use behaves as the real Date. */
function virtualDateClass(nowMs: () => number): DateConstructor {
  const RealDate = REAL.Date;
  class VirtualDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(nowMs());
      else super(...(args as [string]));
    }
    static override now(): number {
      return nowMs();
    }
  }
  // Calling Date() without new returns a string of "now" in the real class too.
  return new Proxy(VirtualDate, {
    apply: () => new RealDate(nowMs()).toString(),
  }) as unknown as DateConstructor;
}
