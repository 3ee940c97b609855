/**
 * Serve mode's link between wall time and virtual time (ARCHITECTURE "Time and randomness": in
 * `serve` mode virtual time follows wall time, scaled, and `/_sim/advance` can jump it).
 *
 * virtual target = startMs + jumpedMs + floor(wall elapsed × timeScale)
 *
 * `startMs` is the simulator's virtual time when serving began (0 for a fresh simulator; later when
 * a scenario's world was built first).
 *
 * `jumpedMs` accumulates explicit `/_sim/advance` jumps, so a jump moves the whole timeline
 * forward instead of freezing it until the wall clock catches up. With timeScale 0 the second term
 * is always 0 and time moves only through jumps.
 *
 * Bounded work (issue #11 §2): time moves in slices of at most SLICE_EVENTS kernel events, with a
 * turn of the real event loop between slices, so a long jump never freezes the server: health
 * checks, other connections and SIGTERM are served while it is worked through. Moves are queued
 * one after another, and a request that needs the clock waits for the moves queued before it, so
 * nothing is ever answered from the middle of a jump.
 *
 * This file may read wall time: it lives in transport/ (ARCHITECTURE convention 1).
 */
import { performance } from 'node:perf_hooks';
import type { SimEndpoint } from './sim-endpoint.js';

/** Monotonic wall milliseconds; injectable so tests can drive the follower deterministically. */
export type WallClock = () => number;

export const monotonicWallClock: WallClock = () => performance.now();

/** Kernel events run between two turns of the event loop while time moves. */
export const SLICE_EVENTS = 1_000;

export function assertTimeScale(timeScale: number): void {
  if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale < 0) {
    throw new RangeError(`timeScale must be a finite number >= 0, got ${String(timeScale)}`);
  }
}

/** One turn of the real event loop: I/O callbacks (new requests, signals) run before the next slice. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class WallClockFollower {
  private wallStartMs: number;
  private startMs: number;
  private jumpedMs = 0;
  /** Held still until resume(): exec starts the clock when the command's clock starts. */
  private paused: boolean;
  /** Set when the server closes: moves in progress stop at their next slice, and none start. */
  private halted = false;
  /** The last queued move; every move starts after it. */
  private tail: Promise<void> = Promise.resolve();
  private movesQueued = 0;

  constructor(
    private readonly sim: SimEndpoint,
    private readonly timeScale: number,
    private readonly wallClock: WallClock = monotonicWallClock,
    startPaused = false,
  ) {
    assertTimeScale(timeScale);
    this.wallStartMs = wallClock();
    this.startMs = sim.nowMs;
    this.paused = startPaused;
  }

  /**
   * Starts a paused clock (or restarts a running one) so that virtual time reads `virtualMs` now
   * and runs on from there at the time scale; never backwards.
   */
  resume(virtualMs: number): void {
    this.startMs = Math.max(Math.floor(virtualMs), this.targetMs());
    this.wallStartMs = this.wallClock();
    this.jumpedMs = 0;
    this.paused = false;
  }

  /** Virtual ms per wall ms. */
  get scale(): number {
    return this.timeScale;
  }

  /** Virtual time the simulator should be at now, by the wall clock. */
  targetMs(): number {
    if (this.paused) return this.startMs + this.jumpedMs;
    const elapsedMs = Math.max(0, this.wallClock() - this.wallStartMs);
    return this.startMs + this.jumpedMs + Math.floor(elapsedMs * this.timeScale);
  }

  /** True while a move (a jump, or a catch-up with the wall clock) is being worked through. */
  get moving(): boolean {
    return this.movesQueued > 0;
  }

  /** Brings the simulator up to the wall-clock target; awaited before every request that reads the world. */
  sync(): Promise<void> {
    const done = this.syncNow();
    return done === true ? Promise.resolve() : done;
  }

  /**
   * `sync()`, but `true` instead of a promise when the simulator is brought up to date at once with
   * nothing to settle, so a request need not wait a turn for it (issue #12).
   */
  syncNow(): true | Promise<void> {
    if (this.halted) return true;
    if (this.movesQueued === 0) {
      // The common case: nothing queued, and the catch-up fits in one slice.
      if (this.sim.advanceToMsBounded(this.targetMs(), SLICE_EVENTS))
        return this.sim.settle?.() ?? true;
    }
    return this.enqueue(() => this.targetMs());
  }

  /**
   * An explicit jump (`/_sim/advance`): catch up with the wall first, then move `deltaMs` further.
   * Resolves when the simulator is there; requests that arrive meanwhile wait for it.
   */
  jump(deltaMs: number): Promise<void> {
    if (!Number.isSafeInteger(deltaMs) || deltaMs < 0) {
      throw new RangeError(`jump must be a whole number of ms >= 0, got ${deltaMs}`);
    }
    this.jumpedMs += deltaMs;
    return this.enqueue(() => this.targetMs());
  }

  /**
   * Stops moving time for good (the server is closing, e.g. on SIGTERM): a jump being worked
   * through stops at its next slice, so whatever runs next (the end-of-run checks) is alone.
   */
  halt(): void {
    this.halted = true;
  }

  /** Queues a move to the target `targetOf()` names when the move starts, worked through in slices. */
  private enqueue(targetOf: () => number): Promise<void> {
    this.movesQueued++;
    const move = this.tail.then(async () => {
      const targetMs = targetOf();
      for (;;) {
        // Work an earlier slice started (a timeline step's SDK call) settles before time moves on:
        // sync()'s first slice may have paused on it just before this move was queued.
        await this.sim.settle?.();
        if (this.halted) return;
        if (this.sim.advanceToMsBounded(targetMs, SLICE_EVENTS)) {
          await this.sim.settle?.();
          return;
        }
        await nextTurn();
      }
    });
    const settled = move.finally(() => {
      this.movesQueued--;
    });
    // A failed move (a simulator throw) must not wedge every later request behind it.
    this.tail = settled.catch(() => undefined);
    return settled;
  }
}
