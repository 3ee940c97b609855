/** The virtual clock (src/sim/clock.ts): integer ms, forward only, never wall time. */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/sim/clock.js';

describe('sim: virtual clock', () => {
  it('sim: clock: starts at 0 (or the given start) and maps to the epoch for wire timestamps', () => {
    const clock = new VirtualClock(1_700_000_000_000);
    expect([clock.nowMs, clock.epochNowMs]).toEqual([0, 1_700_000_000_000]);
    const later = new VirtualClock(1_000, 250);
    expect([later.nowMs, later.epochNowMs]).toEqual([250, 1_250]);
  });

  it('sim: clock: advanceTo moves forward and accepts the same instant', () => {
    const clock = new VirtualClock(0);
    clock.advanceTo(10);
    clock.advanceTo(10);
    clock.advanceTo(1_000_000);
    expect(clock.nowMs).toBe(1_000_000);
  });

  it('sim: clock: moving backwards is a RangeError and leaves the time alone', () => {
    const clock = new VirtualClock(0);
    clock.advanceTo(50);
    expect(() => clock.advanceTo(49)).toThrow(RangeError);
    expect(clock.nowMs).toBe(50);
  });

  it('sim: clock: fractional milliseconds are refused (time is integer ms)', () => {
    const clock = new VirtualClock(0);
    expect(() => clock.advanceTo(1.5)).toThrow(/integer ms/);
    expect(() => clock.advanceTo(Number.NaN)).toThrow(RangeError);
    expect(clock.nowMs).toBe(0);
  });

  it('sim: clock: does not follow wall time', async () => {
    const clock = new VirtualClock(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(clock.nowMs).toBe(0);
  });
});
