/**
 * Seeded randomness for random inspections (双随机: random choice of subjects and of
 * inspectors). Everything here is deterministic from a recorded string seed, so a draw can
 * be repeated and audited: no `Math.random`, no clock.
 *
 * - Generator: xoshiro128** 1.1 (Blackman and Vigna, https://prng.di.unimi.it/), 32-bit
 *   output, 128-bit state.
 * - Seeding: the state is the first 16 bytes of SHA-256 of the seed's UTF-8 bytes, read as
 *   four little-endian unsigned 32-bit words. Anyone can recompute it with `sha256sum`.
 * - Integers in a range: rejection sampling, so every value is exactly equally likely.
 * - Shuffle: Fisher–Yates run front to back, so the first `k` items of a shuffle are a
 *   uniform draw of `k` without replacement (see {@link sample}).
 * @module
 */
import { sha256Bytes } from "../base/hash.js";

const TWO_32 = 2 ** 32;

/**
 * A seeded pseudo-random generator. Stateful: each call advances it.
 * @category Supervision
 */
export interface Random {
  /** The seed it was created from. */
  readonly seed: string;
  /**
   * The next output of the generator.
   * @returns An unsigned 32-bit integer, 0 to 2^32 − 1.
   */
  uint32(): number;
  /**
   * An integer drawn uniformly from `0` to `bound − 1`, without modulo bias.
   * @param bound - An integer from 1 to 2^32.
   * @returns The integer drawn.
   */
  int(bound: number): number;
  /**
   * An integer drawn uniformly from `min` to `max`, both included.
   * @param min - The smallest integer.
   * @param max - The largest integer; `max − min` below 2^32.
   * @returns The integer drawn.
   */
  between(min: number, max: number): number;
}

/**
 * The 128-bit xoshiro128** state a seed gives: the first 16 bytes of SHA-256 of the seed's
 * UTF-8 bytes as four little-endian 32-bit words. An all-zero state (which xoshiro cannot
 * leave, and which SHA-256 gives with probability 2^-128) is replaced by `[1, 0, 0, 0]`.
 * @param seed - Any string.
 * @returns Four unsigned 32-bit words.
 * @example
 * seedState("credit-grading");
 * //=> [3157549862, 101371161, 2034849075, 2063743253]
 * @category Supervision
 */
export function seedState(seed: string): [number, number, number, number] {
  const digest = new DataView(sha256Bytes(seed).buffer);
  const s: [number, number, number, number] = [digest.getUint32(0, true), digest.getUint32(4, true), digest.getUint32(8, true), digest.getUint32(12, true)];
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/**
 * Creates a xoshiro128** generator from an explicit state (for tests against the
 * reference implementation and for auditors replaying a draw).
 * @param state - Four unsigned 32-bit words, not all zero.
 * @param seed - The seed to report as {@link Random.seed}; default `""`.
 * @returns A generator.
 * @throws RangeError when the state is all zero or a word is not a 32-bit unsigned integer.
 * @example
 * const r = randomFromState([1, 2, 3, 4]);
 * [r.uint32(), r.uint32(), r.uint32()]; //=> [11520, 0, 5927040]
 * @category Supervision
 */
export function randomFromState(state: readonly [number, number, number, number], seed = ""): Random {
  for (const w of state) {
    if (!Number.isInteger(w) || w < 0 || w >= TWO_32) throw new RangeError(`state word ${w} is not an unsigned 32-bit integer`);
  }
  if ((state[0] | state[1] | state[2] | state[3]) === 0) throw new RangeError("xoshiro128** state must not be all zero");
  let [s0, s1, s2, s3] = state;
  const uint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  const int = (bound: number): number => {
    if (!Number.isInteger(bound) || bound < 1 || bound > TWO_32) throw new RangeError(`bound must be an integer from 1 to 2^32, got ${bound}`);
    // Reject the top sliver of outputs that would make low values more likely than high ones.
    const limit = TWO_32 - (TWO_32 % bound);
    for (;;) {
      const x = uint32();
      if (x < limit) return x % bound;
    }
  };
  const between = (min: number, max: number): number => {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) throw new RangeError(`need integers min <= max, got ${min} and ${max}`);
    return min + int(max - min + 1);
  };
  return { seed, uint32, int, between };
}

/**
 * Creates a xoshiro128** generator seeded from a string (see {@link seedState}).
 * @param seed - Any string; the same seed always gives the same sequence.
 * @returns A generator.
 * @example
 * const a = createRandom("2025-Q3 campaign");
 * const b = createRandom("2025-Q3 campaign");
 * a.int(100) === b.int(100); //=> true
 * @category Supervision
 */
export function createRandom(seed: string): Random {
  return randomFromState(seedState(seed), seed);
}

/**
 * Draws `k` items uniformly at random without replacement, by running Fisher–Yates front
 * to back for `k` steps; the items come back in the order they were drawn. The input is
 * not changed.
 * @param rng - The generator.
 * @param items - The items to draw from.
 * @param k - How many to draw, 0 to `items.length`.
 * @returns The drawn items, in draw order.
 * @throws RangeError when `k` is not an integer in range.
 * @example
 * sample(createRandom("s"), ["a", "b", "c", "d"], 2).length; //=> 2
 * @category Supervision
 */
export function sample<T>(rng: Random, items: readonly T[], k: number): T[] {
  if (!Number.isInteger(k) || k < 0 || k > items.length) throw new RangeError(`cannot draw ${k} of ${items.length} items`);
  const a = items.slice();
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(a.length - i);
    const t = a[i] as T;
    a[i] = a[j] as T;
    a[j] = t;
  }
  a.length = k;
  return a;
}

/**
 * A uniformly random permutation of the items (Fisher–Yates, front to back). The input is
 * not changed; `shuffle(rng, xs).slice(0, k)` equals `sample(rng', xs, k)` for a generator
 * `rng'` in the same state.
 * @param rng - The generator.
 * @param items - The items.
 * @returns A new array holding the same items in random order.
 * @example
 * shuffle(createRandom("s"), [1, 2, 3]).sort(); //=> [1, 2, 3]
 * @category Supervision
 */
export function shuffle<T>(rng: Random, items: readonly T[]): T[] {
  return sample(rng, items, items.length);
}
