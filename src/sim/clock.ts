/**
 * Virtual clock in integer milliseconds since the simulation epoch. It never reads wall time: it
 * only moves when the kernel advances it to the next due event (ARCHITECTURE "Time and randomness").
 */
export class VirtualClock {
  private currentMs: number;

  constructor(
    readonly epochMs: number,
    startMs = 0,
  ) {
    this.currentMs = startMs;
  }

  /** Milliseconds of virtual time since the simulation started. */
  get nowMs(): number {
    return this.currentMs;
  }

  /** Virtual time as Unix epoch milliseconds, for timestamps on the wire. */
  get epochNowMs(): number {
    return this.epochMs + this.currentMs;
  }

  /** Moves time forward; moving backwards is a kernel bug. */
  advanceTo(targetMs: number): void {
    if (!Number.isInteger(targetMs))
      throw new RangeError(`virtual time must be integer ms, got ${targetMs}`);
    if (targetMs < this.currentMs)
      throw new RangeError(`virtual time cannot go back from ${this.currentMs} to ${targetMs}`);
    this.currentMs = targetMs;
  }
}
