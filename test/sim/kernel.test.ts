/** The kernel (src/sim/kernel.ts): scheduling on virtual time, running due events in order, cancelling. */
import { describe, expect, it } from 'vitest';
import { SimKernel } from '../../src/sim/kernel.js';

describe('sim: kernel', () => {
  it('sim: kernel: advanceBy runs every event due by then, in (time, sequence) order, and sets the clock to each event’s time', () => {
    const kernel = new SimKernel({ seed: 1 });
    const seen: [string, number][] = [];
    kernel.schedule(20, 'b', () => seen.push(['b', kernel.nowMs]));
    kernel.schedule(10, 'a', () => seen.push(['a', kernel.nowMs]));
    kernel.schedule(20, 'c', () => seen.push(['c', kernel.nowMs]));
    kernel.schedule(31, 'late', () => seen.push(['late', kernel.nowMs]));
    expect(kernel.advanceBy(30)).toBe(3);
    expect(seen).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 20],
    ]);
    expect(kernel.nowMs).toBe(30);
    expect(kernel.nextEventAtMs()).toBe(31);
  });

  it('sim: kernel: an event scheduled by an event runs in the same advance when it falls due', () => {
    const kernel = new SimKernel({ seed: 1 });
    const seen: string[] = [];
    kernel.schedule(5, 'outer', () => {
      seen.push('outer');
      kernel.schedule(0, 'same-instant', () => seen.push('same-instant'));
      kernel.schedule(10, 'inside', () => seen.push('inside'));
      kernel.schedule(100, 'outside', () => seen.push('outside'));
    });
    kernel.schedule(5, 'sibling', () => seen.push('sibling'));
    kernel.advanceBy(20);
    expect(seen).toEqual(['outer', 'sibling', 'same-instant', 'inside']);
  });

  it('sim: kernel: a cancelled timer never runs', () => {
    const kernel = new SimKernel({ seed: 1 });
    let ran = false;
    kernel.schedule(1, 'x', () => (ran = true)).cancel();
    kernel.advanceBy(10);
    expect(ran).toBe(false);
  });

  it('sim: kernel: step runs exactly the next event and jumps the clock to it', () => {
    const kernel = new SimKernel({ seed: 1 });
    const seen: string[] = [];
    kernel.schedule(1_000, 'far', () => seen.push('far'));
    kernel.schedule(7, 'near', () => seen.push('near'));
    expect(kernel.step()).toBe(true);
    expect([seen, kernel.nowMs]).toEqual([['near'], 7]);
    expect(kernel.step()).toBe(true);
    expect(kernel.nowMs).toBe(1_000);
    expect(kernel.step()).toBe(false);
  });

  it('sim: kernel: runUntilBounded runs at most maxEvents events and reaches the target only when nothing due is left', () => {
    const kernel = new SimKernel({ seed: 1 });
    const seen: number[] = [];
    for (let at = 1; at <= 5; at++) kernel.schedule(at * 10, `e${at}`, () => seen.push(at));
    expect(kernel.runUntilBounded(100, 2)).toBe(false);
    expect([seen, kernel.nowMs]).toEqual([[1, 2], 20]);
    expect(kernel.runUntilBounded(100, 2)).toBe(false);
    expect(kernel.nowMs).toBe(40);
    // One event left before the target: it runs and the clock then goes all the way.
    expect(kernel.runUntilBounded(100, 2)).toBe(true);
    expect([seen, kernel.nowMs]).toEqual([[1, 2, 3, 4, 5], 100]);
    // Exactly maxEvents due: reached, since nothing due remains.
    kernel.schedule(5, 'a', () => seen.push(6));
    kernel.schedule(6, 'b', () => seen.push(7));
    expect(kernel.runUntilBounded(110, 2)).toBe(true);
    expect(kernel.nowMs).toBe(110);
  });

  it('sim: kernel: an event that requests a pause ends runUntilBounded at its own time', () => {
    const kernel = new SimKernel({ seed: 1 });
    const seen: string[] = [];
    kernel.schedule(10, 'step', () => {
      seen.push('step');
      kernel.requestPause();
    });
    kernel.schedule(10, 'same ms', () => seen.push('same ms'));
    kernel.schedule(20, 'later', () => seen.push('later'));
    expect(kernel.runUntilBounded(100, 1_000)).toBe(false);
    expect([seen, kernel.nowMs]).toEqual([['step'], 10]);
    expect(kernel.runUntilBounded(100, 1_000)).toBe(true);
    expect([seen, kernel.nowMs]).toEqual([['step', 'same ms', 'later'], 100]);
  });

  it('sim: kernel: negative or non-finite delays are refused', () => {
    const kernel = new SimKernel({ seed: 1 });
    expect(() => kernel.schedule(-1, 'x', () => {})).toThrow(RangeError);
    expect(() => kernel.schedule(Number.POSITIVE_INFINITY, 'x', () => {})).toThrow(RangeError);
    expect(() => kernel.advanceBy(-5)).toThrow(RangeError);
  });

  it('sim: kernel: record stamps the current virtual time', () => {
    const kernel = new SimKernel({ seed: 1 });
    kernel.advanceBy(42);
    kernel.record('hello', { n: 1 });
    expect(kernel.trace.all().at(-1)).toMatchObject({ atMs: 42, kind: 'hello', data: { n: 1 } });
  });

  it('sim: kernel: the seed is kept as a string and seeds the id factory', () => {
    expect(new SimKernel({ seed: 7 }).seed).toBe('7');
    expect(new SimKernel({ seed: 7 }).ids.keyId()).toBe(new SimKernel({ seed: '7' }).ids.keyId());
    expect(new SimKernel({ seed: 7 }).ids.keyId()).not.toBe(new SimKernel({ seed: 8 }).ids.keyId());
  });
});
