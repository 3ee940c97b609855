/**
 * Background load inside the simulator (issue #4 §3): arrival counts per pattern, and the same
 * quotas and HSM capacity as SDK clients.
 */
import { describe, expect, it } from 'vitest';
import { ArrivalCounter, poisson, rateAt } from '../../src/load/arrival-pattern.js';
import { RandomStream } from '../../src/sim/random.js';
import { runScenario } from '../../src/scenarios/run/runner.js';
import type { Scenario } from '../../src/scenarios/scenario.js';

function arrivalsPerSecond(counter: ArrivalCounter, seconds: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < seconds; s++) {
    let count = 0;
    for (let tick = 0; tick < 10; tick++) count += counter.arrivals(s * 1000 + tick * 100, 100);
    out.push(count);
  }
  return out;
}

describe('load: arrival patterns', () => {
  it('constant 1,800 rps gives exactly 1,800 arrivals every second, fractions carried across ticks', () => {
    expect(
      arrivalsPerSecond(
        new ArrivalCounter({ kind: 'constant', rps: 1_800 }, 10_000, new RandomStream('a')),
        10,
      ),
    ).toEqual(Array(10).fill(1_800));
    expect(
      arrivalsPerSecond(
        new ArrivalCounter({ kind: 'constant', rps: 7 }, 10_000, new RandomStream('a')),
        3,
      ),
    ).toEqual([7, 7, 7]);
  });

  it('ramp rises linearly; burst alternates; Poisson averages its rate', () => {
    const ramp = arrivalsPerSecond(
      new ArrivalCounter({ kind: 'ramp', fromRps: 0, toRps: 1_000 }, 10_000, new RandomStream('r')),
      10,
    );
    expect(ramp[0]).toBeLessThan(ramp[9]!);
    expect(rateAt({ kind: 'ramp', fromRps: 0, toRps: 1_000 }, 5_000, 10_000)).toBe(500);
    expect(
      rateAt(
        { kind: 'burst', baseRps: 10, burstRps: 5_000, periodMs: 10_000, burstMs: 1_000 },
        500,
        60_000,
      ),
    ).toBe(5_000);
    expect(
      rateAt(
        { kind: 'burst', baseRps: 10, burstRps: 5_000, periodMs: 10_000, burstMs: 1_000 },
        1_500,
        60_000,
      ),
    ).toBe(10);
    const random = new RandomStream('p');
    const draws = Array.from({ length: 2_000 }, () => poisson(4, random));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(mean).toBeGreaterThan(3.7);
    expect(mean).toBeLessThan(4.3);
    expect(new Set(draws).size).toBeGreaterThan(5);
  });
});

function loadScenario(rps: number, extra: Partial<Scenario> = {}): Scenario {
  return {
    name: `load: ${rps} rps on one store`,
    seed: 3,
    world: {
      clusters: [{ name: 'main', hsms: ['a', 'b'] }],
      keyStores: [{ name: 'store', cluster: 'main' }],
      keys: [{ name: 'k', keyStore: 'store' }],
    },
    clients: [{ name: 'app', maxAttempts: 3 }],
    workloads: [{ client: 'app', operation: 'Encrypt', key: 'k', every: '1s', until: '30s' }],
    load: [
      {
        name: 'bg',
        keyStore: 'store',
        pattern: 'constant',
        rps,
        operations: { Encrypt: 3, Decrypt: 1 },
        until: '30s',
      },
    ],
    expect: [{ type: 'nothing-lost' }],
    ...extra,
  };
}

describe('load: background load beside SDK clients', () => {
  it('1,000 rps fits under the store quota: nothing throttled', async () => {
    const result = await runScenario(loadScenario(1_000));
    expect(result.loads.bg).toMatchObject({ arrivals: 30_000, throttled: 0, ok: 30_000 });
  });

  it('2,500 rps on one store: 700 of every second throttled by the 1,800 rps store quota, and the SDK client is throttled too', async () => {
    // The client calls late in each second, after the store's 1,800 slots of that second are gone.
    const result = await runScenario(
      loadScenario(2_500, {
        workloads: [
          {
            client: 'app',
            operation: 'Encrypt',
            key: 'k',
            every: '1s',
            from: '900ms',
            until: '30s',
          },
        ],
      }),
    );
    const bg = result.loads.bg!;
    expect(bg.arrivals).toBe(75_000);
    // The store admits 1,800 a second in all; the SDK client's calls take some of those slots.
    expect(bg.ok).toBeLessThanOrEqual(54_000);
    expect(bg.ok).toBeGreaterThan(54_000 - 100);
    expect(bg.throttled).toBe(75_000 - bg.ok);
    const sdkThrottled = result.traceJsonLines
      .split('\n')
      .filter((line) => line.includes('"api.call"') && line.includes('ThrottlingException'));
    expect(sdkThrottled.length).toBeGreaterThan(0);
  });

  it('unrelated cluster load lowers the rate the store can sustain (docs/behaviour.md §5.2)', async () => {
    const result = await runScenario(
      loadScenario(1_000, {
        timeline: [{ at: '10s', fault: 'cluster-busy', cluster: 'main', rps: 3_500 }],
      }),
    );
    // 2 HSMs × 2,000 ops/s − 3,500 unrelated = 500 rps left for KMS from 10 s on; the SDK client's
    // one call a second takes one of those 500 slots.
    expect(result.loads.bg!.throttled).toBeGreaterThanOrEqual(20 * 500);
    expect(result.loads.bg!.throttled).toBeLessThanOrEqual(20 * 501);
  });

  it('load.seconds: the outcomes of every second and the limit they met (quota, lowered while the cluster is busy), for the chart', async () => {
    const result = await runScenario(
      loadScenario(1_000, {
        world: {
          clusters: [{ name: 'main', hsms: ['a', 'b'] }],
          keyStores: [{ name: 'store', cluster: 'main' }],
          keys: [{ name: 'k', keyStore: 'store' }],
          limits: { accountSymmetricRps: 5_000 },
        },
        timeline: [{ at: '10s', fault: 'cluster-busy', cluster: 'main', rps: 3_500 }],
      }),
    );
    const events = result.traceJsonLines
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { kind: string; data: Record<string, unknown> })
      .filter((event) => event.kind === 'load.seconds');
    expect(events).toHaveLength(1);
    const data = events[0]!.data as Record<string, (number | null)[]> & Record<string, unknown>;
    expect(data.load).toBe('bg');
    expect(String(data.customKeyStoreId)).toMatch(/^cks-/);
    expect(data.accountSymmetricRps).toBe(5_000);
    const ok = data.ok as number[];
    const throttled = data.throttled as number[];
    expect(ok).toHaveLength(30);
    // Before the fault every second is served in full; after it, about 500 a second are.
    expect(ok.slice(0, 10)).toEqual(Array(10).fill(1_000));
    expect(throttled.slice(0, 10)).toEqual(Array(10).fill(0));
    for (let second = 11; second < 30; second++) {
      expect(ok[second]! + throttled[second]!).toBe(1_000);
      expect(ok[second]).toBeLessThanOrEqual(500);
    }
    const limits = data.storeLimitRps as number[];
    expect(limits.slice(0, 10)).toEqual(Array(10).fill(1_800));
    expect(limits.slice(11)).toEqual(Array(19).fill(500));
    // The counts add up to the windows the checks use.
    expect(ok.reduce((a, b) => a + b, 0)).toBe(result.loads.bg!.ok);
    expect(throttled.reduce((a, b) => a + b, 0)).toBe(result.loads.bg!.throttled);
  });
});
