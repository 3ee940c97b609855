/**
 * The deterministic kernel: one virtual clock, one event queue, one root random stream, one id
 * factory and one trace. It knows nothing about AWS. Everything above it (world, services,
 * transports) receives the kernel explicitly; there are no globals.
 */
import { VirtualClock } from './clock.js';
import { EventQueue, type ScheduledEvent } from './event-queue.js';
import { IdFactory } from './id-factory.js';
import { RandomStream } from './random.js';
import { TraceLog } from './trace.js';

/** 2026-01-01T00:00:00Z: virtual time 0 maps to this instant on the wire unless configured. */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 1);

export interface KernelOptions {
  readonly seed: number | string;
  readonly epochMs?: number;
  /** Keep only the newest this many trace events in memory (serve mode; default: all). */
  readonly traceRetain?: number;
}

export interface TimerHandle {
  cancel(): void;
}

export class SimKernel {
  readonly seed: string;
  readonly clock: VirtualClock;
  readonly random: RandomStream;
  readonly ids: IdFactory;
  readonly trace: TraceLog;
  private readonly queue = new EventQueue();

  constructor(options: KernelOptions) {
    this.seed = String(options.seed);
    this.clock = new VirtualClock(options.epochMs ?? DEFAULT_EPOCH_MS);
    this.random = new RandomStream(`kmsim:${this.seed}`);
    this.ids = new IdFactory(this.random);
    this.trace = new TraceLog(
      options.traceRetain !== undefined ? { retain: options.traceRetain } : {},
    );
  }

  get nowMs(): number {
    return this.clock.nowMs;
  }

  /** Records one trace event at the current virtual time; returns its sequence number. */
  record(kind: string, data: Record<string, unknown> = {}): number {
    return this.trace.record(this.clock.nowMs, kind, data);
  }

  /** Records the `api.call` event of one request (TraceLog.recordApiCall), stamped like `record`. */
  recordApiCall(
    client: string | null,
    service: string,
    operation: string,
    status: number,
    errorType: string | null,
    hsmLatencyMs: number,
  ): number {
    return this.trace.recordApiCall(
      this.clock.nowMs,
      client,
      service,
      operation,
      status,
      errorType,
      hsmLatencyMs,
    );
  }

  /** Runs `run` after `delayMs` of virtual time (0 = after everything already due now). */
  schedule(delayMs: number, label: string, run: () => void): TimerHandle {
    if (!Number.isFinite(delayMs) || delayMs < 0)
      throw new RangeError(`delay must be >= 0 ms, got ${delayMs}`);
    const event: ScheduledEvent = this.queue.push(
      this.clock.nowMs + Math.round(delayMs),
      label,
      run,
    );
    return {
      cancel: () => {
        event.cancelled = true;
      },
    };
  }

  /** Virtual time of the next due event, if any. */
  nextEventAtMs(): number | undefined {
    return this.queue.peek()?.atMs;
  }

  /** Runs every event due at or before `targetMs`, in (time, sequence) order, then sets the clock there. */
  runUntil(targetMs: number): number {
    let ran = 0;
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.atMs > targetMs) break;
      this.queue.pop();
      this.clock.advanceTo(Math.max(this.clock.nowMs, next.atMs));
      next.run();
      ran++;
    }
    if (targetMs > this.clock.nowMs) this.clock.advanceTo(targetMs);
    return ran;
  }

  private pauseRequested = false;

  /**
   * Asks a runUntilBounded in progress to stop right after the event that is running, at that
   * event's time, so asynchronous work the event started (an operator's SDK call) settles before
   * anything later happens. Serve mode uses it for timeline steps; runUntil ignores it.
   */
  requestPause(): void {
    this.pauseRequested = true;
  }

  /**
   * Like runUntil, but runs at most `maxEvents` events: the clock reaches `targetMs` only once every
   * event due by then has run. Returns true when it got there. Callers that must stay responsive
   * (serve mode) advance in slices and yield between them (issue #11 §2).
   */
  runUntilBounded(targetMs: number, maxEvents: number): boolean {
    this.pauseRequested = false;
    for (let ran = 0; ran < maxEvents; ran++) {
      const next = this.queue.peek();
      if (!next || next.atMs > targetMs) {
        if (targetMs > this.clock.nowMs) this.clock.advanceTo(targetMs);
        return true;
      }
      this.queue.pop();
      this.clock.advanceTo(Math.max(this.clock.nowMs, next.atMs));
      next.run();
      if (this.pauseRequested) {
        this.pauseRequested = false;
        return false;
      }
    }
    const next = this.queue.peek();
    if (next && next.atMs <= targetMs) return false;
    if (targetMs > this.clock.nowMs) this.clock.advanceTo(targetMs);
    return true;
  }

  /** Moves virtual time forward by `deltaMs`, running every event that falls due. */
  advanceBy(deltaMs: number): number {
    if (!Number.isFinite(deltaMs) || deltaMs < 0)
      throw new RangeError(`cannot advance by ${deltaMs} ms`);
    return this.runUntil(this.clock.nowMs + Math.round(deltaMs));
  }

  /** Runs the single next event (advancing time to it); false when the queue is empty. */
  step(): boolean {
    const next = this.queue.pop();
    if (!next) return false;
    this.clock.advanceTo(Math.max(this.clock.nowMs, next.atMs));
    next.run();
    return true;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }
}
