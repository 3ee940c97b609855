/**
 * Seeded random streams (src/sim/random.ts): the same seed gives the same numbers, and a child
 * stream's seed comes from the parent seed and the label, never from drawing the parent, so adding
 * a fork never shifts another stream's numbers (ARCHITECTURE "what to avoid" in the VOPR row).
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { RandomStream } from '../../src/sim/random.js';

const draw = (stream: RandomStream, n = 8) => Array.from({ length: n }, () => stream.next());

describe('sim: random streams', () => {
  it('sim: random: every draw is the one seedrandom gives for the seed (traces and ids depend on it)', () => {
    for (const seed of ['kmsim:1', 'kmsim:42', 'a/b', '']) {
      const ours = new RandomStream(seed);
      const theirs = seedrandom(seed);
      const got: number[] = [];
      const want: number[] = [];
      for (let round = 0; round < 300; round++) {
        got.push(ours.next(), ours.word(), ours.nextInt(1000));
        want.push(theirs(), theirs.int32() >>> 0, Math.floor(theirs() * 1000));
        const bytes = ours.bytes(7);
        const words = [theirs.int32() >>> 0, theirs.int32() >>> 0];
        got.push(...bytes);
        want.push(...[0, 1, 2, 3, 4, 5, 6].map((k) => (words[k >> 2]! >>> ((k % 4) * 8)) & 0xff));
      }
      expect(got).toEqual(want);
    }
  });

  it('sim: random: the same seed gives the same sequence; another seed a different one', () => {
    expect(draw(new RandomStream('seed-1'))).toEqual(draw(new RandomStream('seed-1')));
    expect(draw(new RandomStream('seed-1'))).not.toEqual(draw(new RandomStream('seed-2')));
  });

  it('sim: random: adding a new fork label does not change another stream’s numbers', () => {
    const plain = new RandomStream('root');
    const before = draw(plain.fork('hsm-entropy'));
    const busy = new RandomStream('root');
    const newcomer = busy.fork('a-new-subsystem');
    draw(newcomer, 100);
    expect(draw(busy.fork('hsm-entropy'))).toEqual(before);
  });

  it('sim: random: forking does not consume the parent stream, and drawing the parent does not move its children', () => {
    const a = new RandomStream('root');
    const b = new RandomStream('root');
    a.fork('x');
    a.fork('y');
    expect(draw(a)).toEqual(draw(b));
    const c = new RandomStream('root');
    draw(c, 50);
    expect(draw(c.fork('x'))).toEqual(draw(new RandomStream('root').fork('x')));
  });

  it('sim: random: different labels give different streams; the same label the same stream', () => {
    const root = new RandomStream('root');
    expect(draw(root.fork('a'))).not.toEqual(draw(root.fork('b')));
    expect(draw(root.fork('a'))).toEqual(draw(root.fork('a')));
    expect(draw(root.fork('a').fork('b'))).not.toEqual(draw(root.fork('b').fork('a')));
  });

  it('sim: random: next is in [0,1); nextInt in [0,bound); intBetween inclusive at both ends', () => {
    const stream = new RandomStream('ranges');
    const ints = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const x = stream.next();
      expect(x >= 0 && x < 1).toBe(true);
      const n = stream.nextInt(5);
      expect(Number.isInteger(n) && n >= 0 && n < 5).toBe(true);
      ints.add(stream.intBetween(3, 5));
    }
    expect([...ints].sort()).toEqual([3, 4, 5]);
  });

  it('sim: random: nextInt refuses a bound that is not a positive integer', () => {
    const stream = new RandomStream('bounds');
    for (const bound of [0, -1, 2.5, Number.NaN])
      expect(() => stream.nextInt(bound)).toThrow(RangeError);
  });

  it('sim: random: bytes have the requested length (any, not only multiples of 4) and are deterministic', () => {
    for (const length of [0, 1, 3, 4, 5, 32, 33]) {
      const bytes = new RandomStream('bytes').bytes(length);
      expect(bytes).toHaveLength(length);
      expect(bytes).toEqual(new RandomStream('bytes').bytes(length));
    }
    expect(new Set(new RandomStream('spread').bytes(4096)).size).toBeGreaterThan(200);
  });

  it('sim: random: chars draws only from the alphabet', () => {
    const text = new RandomStream('chars').chars('xyz', 300);
    expect(text).toMatch(/^[xyz]{300}$/);
    expect(new Set(text).size).toBe(3);
  });
});
