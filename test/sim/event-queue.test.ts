/** The event queue (src/sim/event-queue.ts): ordered by (time, sequence), FIFO for equal times. */
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/sim/event-queue.js';
import { RandomStream } from '../../src/sim/random.js';

function drain(queue: EventQueue): string[] {
  const out: string[] = [];
  for (let event = queue.pop(); event; event = queue.pop()) out.push(event.label);
  return out;
}

describe('sim: event queue', () => {
  it('sim: event queue: pops in time order whatever the push order', () => {
    const queue = new EventQueue();
    for (const atMs of [30, 10, 20, 0, 40]) queue.push(atMs, `t${atMs}`, () => {});
    expect(drain(queue)).toEqual(['t0', 't10', 't20', 't30', 't40']);
  });

  it('sim: event queue: equal times pop in push order (FIFO ties), even interleaved with other times', () => {
    const queue = new EventQueue();
    const labels: string[] = [];
    for (let i = 0; i < 50; i++) {
      const atMs = i % 2 === 0 ? 100 : 200 - i;
      const label = `${atMs}#${i}`;
      labels.push(label);
      queue.push(atMs, label, () => {});
    }
    const popped = drain(queue);
    const ties = popped.filter((label) => label.startsWith('100#'));
    expect(ties).toEqual(labels.filter((label) => label.startsWith('100#')));
    expect(ties).toHaveLength(25);
  });

  it('sim: event queue: matches a stable sort by time for a large seeded workload', () => {
    const random = new RandomStream('queue-workload');
    const queue = new EventQueue();
    const pushed: { atMs: number; label: string }[] = [];
    for (let i = 0; i < 2_000; i++) {
      const atMs = random.nextInt(40);
      pushed.push({ atMs, label: `e${i}` });
      queue.push(atMs, `e${i}`, () => {});
    }
    const expected = [...pushed].sort((a, b) => a.atMs - b.atMs).map((event) => event.label);
    expect(drain(queue)).toEqual(expected);
  });

  it('sim: event queue: cancelled events are skipped by peek and pop', () => {
    const queue = new EventQueue();
    const first = queue.push(1, 'first', () => {});
    queue.push(2, 'second', () => {});
    const third = queue.push(3, 'third', () => {});
    first.cancelled = true;
    third.cancelled = true;
    expect(queue.peek()?.label).toBe('second');
    expect(drain(queue)).toEqual(['second']);
    expect(queue.pop()).toBeUndefined();
  });

  it('sim: event queue: peek does not remove; size counts what is stored', () => {
    const queue = new EventQueue();
    queue.push(5, 'a', () => {});
    queue.push(5, 'b', () => {});
    expect(queue.peek()?.label).toBe('a');
    expect(queue.peek()?.label).toBe('a');
    expect(queue.size).toBe(2);
    expect(queue.pop()?.sequence).toBeLessThan(queue.pop()!.sequence);
  });
});
