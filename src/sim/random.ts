/**
 * Seeded random streams. A child stream's seed is derived from the parent's seed and the child's
 * label (a hash), never by drawing from the parent, so adding a new subsystem does not shift the
 * numbers every other subsystem sees (the VOPR pitfall noted in ARCHITECTURE.md).
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';

export class RandomStream {
  private readonly prng: seedrandom.PRNG;

  constructor(readonly seed: string) {
    this.prng = seedrandom(seed);
  }

  /** A new independent stream named `label` under this one. */
  fork(label: string): RandomStream {
    const childSeed = createHash('sha256').update(`${this.seed}/${label}`).digest('hex');
    return new RandomStream(childSeed);
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.prng();
  }

  /** Uniform integer in [0, bound). */
  nextInt(bound: number): number {
    if (!Number.isInteger(bound) || bound <= 0)
      throw new RangeError(`bound must be a positive integer, got ${bound}`);
    return Math.floor(this.prng() * bound);
  }

  /** Uniform integer in [min, max] inclusive. */
  intBetween(min: number, max: number): number {
    return min + this.nextInt(max - min + 1);
  }

  /** 32 pseudo-random bits as an unsigned integer: the word `bytes` splits into 4 bytes, lowest first. */
  word(): number {
    return this.prng.int32() >>> 0;
  }

  /** `length` pseudo-random bytes (insecure: this is a test double's entropy, see docs/security.md). */
  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 4) {
      const word = this.prng.int32() >>> 0;
      for (let j = 0; j < 4 && i + j < length; j++) out[i + j] = (word >>> (j * 8)) & 0xff;
    }
    return out;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.nextInt(alphabet.length)];
    return out;
  }
}
