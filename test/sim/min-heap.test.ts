/** sim/min-heap.ts: pops in ascending order whatever the push order. */
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../src/sim/min-heap.js';
import { RandomStream } from '../../src/sim/random.js';

describe('sim: min-heap', () => {
  it('pops 1,000 seeded values in sorted order', () => {
    const random = new RandomStream('heap');
    const values = Array.from({ length: 1_000 }, () => random.nextInt(500));
    const heap = new MinHeap();
    for (const value of values) heap.push(value);
    expect(heap.size).toBe(1_000);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop()!);
    expect(popped).toEqual([...values].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });
});
