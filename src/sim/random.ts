/**
 * Seeded random streams. A child stream's seed is derived from the parent's seed and the child's
 * label (a hash), never by drawing from the parent, so adding a new subsystem does not shift the
 * numbers every other subsystem sees (the VOPR pitfall noted in ARCHITECTURE.md).
 */
import { createHash } from 'node:crypto';
import seedrandom from 'seedrandom';

/** seedrandom's ARC4 numbers: a double takes 6 outputs (2^48), then more until 52 bits are filled. */
const START_DENOMINATOR = 256 ** 6;
const SIGNIFICANCE = 2 ** 52;
const OVERFLOW = 2 ** 53;

export class RandomStream {
  /**
   * seedrandom's ARC4 generator after its keying and its 256 discarded outputs, taken over as
   * 256 bytes and two indexes: the same outputs as `seedrandom(seed)`, from a state a quarter of a
   * cache line per 16 entries instead of an array of 256 numbers, with no closure call per output
   * (issue #12: request ids and IVs draw from these on every request).
   */
  private readonly s = new Uint8Array(256);
  private i: number;
  private j: number;

  constructor(readonly seed: string) {
    const state = (
      seedrandom(seed, { state: true }) as unknown as {
        state(): { i: number; j: number; S: number[] };
      }
    ).state();
    this.s.set(state.S);
    this.i = state.i;
    this.j = state.j;
  }

  /** The next `count` ARC4 outputs (at most 6) as one number, first output most significant. */
  private outputs(count: number): number {
    const s = this.s;
    let i = this.i;
    let j = this.j;
    let r = 0;
    for (let k = 0; k < count; k++) {
      i = (i + 1) & 255;
      const t = s[i] as number;
      j = (j + t) & 255;
      const u = s[j] as number;
      s[i] = u;
      s[j] = t;
      r = r * 256 + (s[(u + t) & 255] as number);
    }
    this.i = i;
    this.j = j;
    return r;
  }

  /** seedrandom's double: the same arithmetic, so the same numbers. */
  private prng(): number {
    let n = this.outputs(6);
    let d = START_DENOMINATOR;
    let x = 0;
    while (n < SIGNIFICANCE) {
      n = (n + x) * 256;
      d *= 256;
      x = this.outputs(1);
    }
    while (n >= OVERFLOW) {
      n /= 2;
      d /= 2;
      x >>>= 1;
    }
    return (n + x) / d;
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
    return this.outputs(4) >>> 0;
  }

  /** `length` pseudo-random bytes (insecure: this is a test double's entropy, see docs/security.md). */
  bytes(length: number): Uint8Array {
    return this.fill(new Uint8Array(length));
  }

  /** Writes into `out` the bytes `bytes(out.length)` would give; returns `out`. */
  fill(out: Uint8Array): Uint8Array {
    const length = out.length;
    for (let i = 0; i < length; i += 4) {
      const word = this.outputs(4) >>> 0;
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
