/**
 * Open-loop arrival patterns for background load (issue #4 §3): how many requests arrive in each
 * tick, independent of how fast earlier ones were served. Counts are drawn from the load's own
 * seeded stream; fractional expectations carry over between ticks so a constant 1,800 rps gives
 * exactly 1,800 arrivals per second.
 */
import type { RandomStream } from '../sim/random.js';

export type ArrivalPattern =
  | { readonly kind: 'constant'; readonly rps: number }
  /** Linear from `fromRps` at the load's start to `toRps` at its end. */
  | { readonly kind: 'ramp'; readonly fromRps: number; readonly toRps: number }
  | { readonly kind: 'poisson'; readonly rps: number }
  /** `baseRps`, and `burstRps` for `burstMs` at the start of every `periodMs`. */
  | {
      readonly kind: 'burst';
      readonly baseRps: number;
      readonly burstRps: number;
      readonly periodMs: number;
      readonly burstMs: number;
    };

/** The rate the pattern asks for at `elapsedMs` into a load lasting `spanMs`. */
export function rateAt(pattern: ArrivalPattern, elapsedMs: number, spanMs: number): number {
  switch (pattern.kind) {
    case 'constant':
    case 'poisson':
      return pattern.rps;
    case 'ramp':
      return (
        pattern.fromRps +
        (pattern.toRps - pattern.fromRps) * Math.min(1, elapsedMs / Math.max(1, spanMs))
      );
    case 'burst':
      return elapsedMs % pattern.periodMs < pattern.burstMs ? pattern.burstRps : pattern.baseRps;
  }
}

/** A Poisson draw: Knuth's method for small means, a rounded normal approximation for large ones. */
export function poisson(mean: number, random: RandomStream): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const z = Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random.next(); product > limit; product *= random.next()) count++;
  return count;
}

export class ArrivalCounter {
  private carry = 0;

  constructor(
    private readonly pattern: ArrivalPattern,
    private readonly spanMs: number,
    private readonly random: RandomStream,
  ) {}

  /** Arrivals in the tick [elapsedMs, elapsedMs + tickMs). */
  arrivals(elapsedMs: number, tickMs: number): number {
    const expected = (rateAt(this.pattern, elapsedMs, this.spanMs) * tickMs) / 1000;
    if (this.pattern.kind === 'poisson') return poisson(expected, this.random);
    const total = expected + this.carry;
    const count = Math.floor(total + 1e-9);
    this.carry = total - count;
    return count;
  }
}
