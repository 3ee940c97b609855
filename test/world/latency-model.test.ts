/** world/latency-model.ts (issue #4 §2): seeded log-normal latency per operation. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LATENCY, LatencyModel, NO_LATENCY } from '../../src/world/latency-model.js';
import { RandomStream } from '../../src/sim/random.js';

function samples(model: LatencyModel, operation: string, count: number): number[] {
  return Array.from({ length: count }, () => model.sample(operation));
}

describe('world: latency model', () => {
  it('samples match the configured median and p99 (nearest rank over 20,000 draws)', () => {
    const model = new LatencyModel(
      {
        default: { medianMs: 30, p99Ms: 150 },
        byOperation: { Encrypt: { medianMs: 5, p99Ms: 25 } },
      },
      new RandomStream('l'),
    );
    const sorted = samples(model, 'Encrypt', 20_000).sort((a, b) => a - b);
    expect(sorted[10_000]).toBeGreaterThanOrEqual(4);
    expect(sorted[10_000]).toBeLessThanOrEqual(6);
    expect(sorted[19_800]).toBeGreaterThanOrEqual(21);
    expect(sorted[19_800]).toBeLessThanOrEqual(29);
    const other = samples(model, 'ListKeys', 5_000).sort((a, b) => a - b);
    expect(other[2_500]).toBeGreaterThanOrEqual(27);
    expect(other[2_500]).toBeLessThanOrEqual(33);
  });

  it('a skipped sample moves its operation on exactly as a sample would, and no other operation', () => {
    const sampled = new LatencyModel(DEFAULT_LATENCY, new RandomStream('skip'));
    const skipped = new LatencyModel(DEFAULT_LATENCY, new RandomStream('skip'));
    const expected = samples(sampled, 'Encrypt', 5).slice(3);
    for (let i = 0; i < 3; i++) skipped.skip('Encrypt');
    skipped.skip('Decrypt');
    expect(samples(skipped, 'Encrypt', 2)).toEqual(expected);
    expect(skipped.sample('ListKeys')).toBe(sampled.sample('ListKeys'));
    sampled.sample('Decrypt');
    expect(skipped.sample('Decrypt')).toBe(sampled.sample('Decrypt'));
    const none = new LatencyModel(NO_LATENCY, new RandomStream('skip'));
    none.skip('Encrypt');
    expect(none.sample('Encrypt')).toBe(0);
  });

  it('the same seed gives the same samples, and one operation does not shift another', () => {
    const a = new LatencyModel(DEFAULT_LATENCY, new RandomStream('s'));
    const b = new LatencyModel(DEFAULT_LATENCY, new RandomStream('s'));
    samples(b, 'Decrypt', 100);
    expect(samples(a, 'Encrypt', 50)).toEqual(samples(b, 'Encrypt', 50));
  });

  it('NO_LATENCY answers in the same instant', () => {
    expect(samples(new LatencyModel(NO_LATENCY, new RandomStream('n')), 'Encrypt', 10)).toEqual(
      Array(10).fill(0),
    );
  });
});
