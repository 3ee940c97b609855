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
  /** Per operation, samples skipped and not yet drawn from its stream (see `skip`). */
  private readonly skipped = new Map<string, number>();

  constructor(
    private readonly settings: LatencySettings,
    private readonly random: RandomStream,
  ) {}

  private distributionOf(operation: string): LatencyDistribution {
    return (
      (Object.hasOwn(this.settings.byOperation, operation)
        ? this.settings.byOperation[operation]
        : undefined) ?? this.settings.default
    );
  }

  /**
   * A sample nobody reads (a request answered at once): the operation's stream must move past it
   * all the same, so that later samples are the ones a sequence of `sample` calls would give. The
   * draws are made when the next sample is (issue #12: drawing them per request cost a request
   * answered between SDK calls more than a microsecond).
   */
  skip(operation: string): void {
    if (this.distributionOf(operation).medianMs <= 0) return;
    this.skipped.set(operation, (this.skipped.get(operation) ?? 0) + 1);
  }

  /** One latency sample in whole virtual ms. */
  sample(operation: string): number {
    const distribution = this.distributionOf(operation);
    if (distribution.medianMs <= 0) return 0;
    let stream = this.streams.get(operation);
    if (!stream) {
      stream = this.random.fork(operation);
      this.streams.set(operation, stream);
    }
    const behind = this.skipped.get(operation);
    if (behind !== undefined) {
      // Each sample draws two uniforms (below).
      for (let i = 0; i < 2 * behind; i++) stream.next();
      this.skipped.delete(operation);
    }
    const sigma =
      Math.log(Math.max(distribution.p99Ms, distribution.medianMs) / distribution.medianMs) / Z99;
    // Box-Muller from two uniforms in (0, 1].
    const z = Math.sqrt(-2 * Math.log(1 - stream.next())) * Math.cos(2 * Math.PI * stream.next());
    return Math.round(distribution.medianMs * Math.exp(sigma * z));
  }
}
