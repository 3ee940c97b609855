/** The virtual clock (src/sim/clock.ts): integer ms, forward only, never wall time (issue 11 §14: tested against a wall clock that moves). */
import { describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../../src/sim/clock.js';
import { DEFAULT_EPOCH_MS, SimKernel } from '../../src/sim/kernel.js';

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

  it('sim: clock: does not follow wall time (Date, performance.now and hrtime jump a day; the clock and a kernel stay put)', () => {
    // A wall-time input that could make this fail: the process's clocks move a whole day while
    // the virtual clock and a kernel sit between events. A clock (or kernel) that read Date.now,
    // performance.now or process.hrtime anywhere would move with them.
    vi.useFakeTimers({ toFake: ['Date', 'performance', 'hrtime'], now: Date.UTC(2030, 5, 1) });
    try {
      const clock = new VirtualClock(1_700_000_000_000, 250);
      const kernel = new SimKernel({ seed: 1 });
      kernel.advanceBy(10);
      const wallBefore = [Date.now(), performance.now(), process.hrtime.bigint()] as const;
      vi.advanceTimersByTime(86_400_000);
      const wallAfter = [Date.now(), performance.now(), process.hrtime.bigint()] as const;
      // The input really moved...
      expect(wallAfter[0] - wallBefore[0]).toBe(86_400_000);
      expect(wallAfter[1] - wallBefore[1]).toBe(86_400_000);
      expect(wallAfter[2] - wallBefore[2]).toBe(86_400_000_000_000n);
      // ...and virtual time did not.
      expect([clock.nowMs, clock.epochNowMs]).toEqual([250, 1_700_000_000_250]);
      expect([kernel.nowMs, kernel.clock.epochNowMs]).toEqual([10, DEFAULT_EPOCH_MS + 10]);
      kernel.advanceBy(5);
      expect(kernel.nowMs).toBe(15);
    } finally {
      vi.useRealTimers();
    }
  });
});
