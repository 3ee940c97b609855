/**
 * Serve mode's link between wall time and virtual time (ARCHITECTURE "Time and randomness": in
 * `serve` mode virtual time follows wall time, scaled, and `/_sim/advance` can jump it).
 *
 * virtual target = jumpedMs + floor(wall elapsed × timeScale)
 *
 * `jumpedMs` accumulates explicit `/_sim/advance` jumps, so a jump moves the whole timeline
 * forward instead of freezing it until the wall clock catches up. With timeScale 0 the second term
 * is always 0 and time moves only through jumps.
 *
 * This file may read wall time: it lives in transport/ (ARCHITECTURE convention 1).
 */
import { performance } from 'node:perf_hooks';
import type { SimEndpoint } from './sim-endpoint.js';

/** Monotonic wall milliseconds; injectable so tests can drive the follower deterministically. */
export type WallClock = () => number;

export const monotonicWallClock: WallClock = () => performance.now();

export function assertTimeScale(timeScale: number): void {
  if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale < 0) {
    throw new RangeError(`timeScale must be a finite number >= 0, got ${String(timeScale)}`);
  }
}

export class WallClockFollower {
  private readonly wallStartMs: number;
  private jumpedMs = 0;

  constructor(
    private readonly sim: SimEndpoint,
    private readonly timeScale: number,
    private readonly wallClock: WallClock = monotonicWallClock,
  ) {
    assertTimeScale(timeScale);
    this.wallStartMs = wallClock();
  }

  /** Virtual time the simulator should be at now, by the wall clock. */
  targetMs(): number {
    const elapsedMs = Math.max(0, this.wallClock() - this.wallStartMs);
    return this.jumpedMs + Math.floor(elapsedMs * this.timeScale);
  }

  /** Brings the simulator up to the wall-clock target; called before every request. */
  sync(): void {
    this.sim.advanceToMs(this.targetMs());
  }

  /** An explicit jump (`/_sim/advance`): catch up with the wall first, then move `deltaMs` further. */
  jump(deltaMs: number): void {
    if (!Number.isSafeInteger(deltaMs) || deltaMs < 0) {
      throw new RangeError(`jump must be a whole number of ms >= 0, got ${deltaMs}`);
    }
    this.sync();
    this.sim.advanceMs(deltaMs);
    this.jumpedMs += deltaMs;
  }
}
