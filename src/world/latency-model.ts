/**
 * Seeded per-operation latency (issue #4 §2): a log-normal distribution given by its median and
 * 99th percentile, drawn from a stream forked by operation name so adding an operation does not
 * shift the others. This is KMS's own processing and network time; HSM queueing comes on top
 * (hsm-capacity.ts).
 */
import type { RandomStream } from '../sim/random.js';

export interface LatencyDistribution {
  readonly medianMs: number;
  readonly p99Ms: number;
}

export interface LatencySettings {
  /** Used for operations without an entry of their own. */
  readonly default: LatencyDistribution;
  readonly byOperation: Readonly<Record<string, LatencyDistribution>>;
}

const CRYPTO: LatencyDistribution = { medianMs: 5, p99Ms: 25 };

export const DEFAULT_LATENCY: LatencySettings = {
  default: { medianMs: 30, p99Ms: 150 },
  byOperation: {
    Encrypt: CRYPTO,
    Decrypt: CRYPTO,
    ReEncrypt: { medianMs: 8, p99Ms: 40 },
    GenerateDataKey: CRYPTO,
    GenerateDataKeyWithoutPlaintext: CRYPTO,
    GenerateRandom: CRYPTO,
    DescribeKey: { medianMs: 10, p99Ms: 50 },
  },
};

/** No latency at all: every request is answered in the same virtual instant. */
export const NO_LATENCY: LatencySettings = { default: { medianMs: 0, p99Ms: 0 }, byOperation: {} };

/** z of the 99th percentile of the standard normal distribution. */
const Z99 = 2.326_347_874;

export class LatencyModel {
  private readonly streams = new Map<string, RandomStream>();

  constructor(
    private readonly settings: LatencySettings,
    private readonly random: RandomStream,
  ) {}

  /** One latency sample in whole virtual ms. */
  sample(operation: string): number {
    const distribution =
      (Object.hasOwn(this.settings.byOperation, operation)
        ? this.settings.byOperation[operation]
        : undefined) ?? this.settings.default;
    if (distribution.medianMs <= 0) return 0;
    let stream = this.streams.get(operation);
    if (!stream) {
      stream = this.random.fork(operation);
      this.streams.set(operation, stream);
    }
    const sigma =
      Math.log(Math.max(distribution.p99Ms, distribution.medianMs) / distribution.medianMs) / Z99;
    // Box-Muller from two uniforms in (0, 1].
    const z = Math.sqrt(-2 * Math.log(1 - stream.next())) * Math.cos(2 * Math.PI * stream.next());
    return Math.round(distribution.medianMs * Math.exp(sigma * z));
  }
}
