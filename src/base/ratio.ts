/**
 * Exact fractions of declared decimals (internal). A ruleset writes `24.99` and means 2499/100,
 * not the nearest double; checks that must be exact at equality (the Hegang share of
 * 三(一)3) read each number as the decimal its author wrote and compare fractions of BigInts.
 * @module
 */

/**
 * A fraction `n / d` in lowest terms, `d > 0`.
 * @category Basics
 */
export interface Ratio {
  /** The numerator. */
  readonly n: bigint;
  /** The denominator, positive. */
  readonly d: bigint;
}

const abs = (a: bigint): bigint => (a < 0n ? -a : a);
const gcd = (a: bigint, b: bigint): bigint => {
  let x = abs(a);
  let y = abs(b);
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};

/**
 * The fraction `n / d` in lowest terms (`d` non-zero).
 * @category Basics
 */
export function ratio(n: bigint, d: bigint = 1n): Ratio {
  const s = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (s * n) / g, d: (s * d) / g };
}

/**
 * The decimal a finite number was written as: its shortest round-trip form read exactly.
 * @example
 * decimal(24.99); //=> { n: 2499n, d: 100n }
 * @category Basics
 */
export function decimal(x: number): Ratio {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x));
  if (!m) throw new RangeError(`${x} is not a finite number`);
  const [, sign = "", int = "", frac = "", exp = "0"] = m;
  const e = Number(exp) - frac.length;
  const digits = BigInt(`${sign}${int}${frac}`);
  return e >= 0 ? ratio(digits * 10n ** BigInt(e)) : ratio(digits, 10n ** BigInt(-e));
}

/**
 * `a × b`.
 * @category Basics
 */
export const mul = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.n, a.d * b.d);
/**
 * `a ÷ b` (`b` non-zero).
 * @category Basics
 */
export const div = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d, a.d * b.n);
/**
 * `a + b`.
 * @category Basics
 */
export const add = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d + b.n * a.d, a.d * b.d);
/**
 * `a − b`.
 * @category Basics
 */
export const sub = (a: Ratio, b: Ratio): Ratio => ratio(a.n * b.d - b.n * a.d, a.d * b.d);
/**
 * Whether `a < b`, exactly.
 * @category Basics
 */
export const lessThan = (a: Ratio, b: Ratio): boolean => a.n * b.d < b.n * a.d;

/** `r` rounded half-up to `places` decimals, as text without trailing zeros. */
function fixed(r: Ratio, places: number): string {
  const scale = 10n ** BigInt(places);
  const neg = r.n < 0n;
  const units = (abs(r.n) * scale * 2n + r.d) / (2n * r.d);
  const int = units / scale;
  const frac = (units % scale).toString().padStart(places, "0").replace(/0+$/, "");
  return `${neg && units !== 0n ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}

/**
 * A fraction as a reader checks it: `= 25` when its decimal expansion is finite, else
 * `≈ 33.33`, with more places (up to nine) while `≈` would print the same text as `near`, so
 * a value just below an average never reads as equal to it.
 * @param r - The fraction.
 * @param near - The text of the value it is compared with, if any.
 * @returns `{ exact, text }`.
 * @example
 * shown(ratio(100n, 3n), "33.33"); //=> { exact: false, text: "33.333" }
 * @category Basics
 */
export function shown(r: Ratio, near?: string): { readonly exact: boolean; readonly text: string } {
  const places = exactPlaces(r);
  if (places !== undefined) return { exact: true, text: fixed(r, places) };
  let places2 = 2;
  while (places2 < 9 && fixed(r, places2) === near) places2++;
  return { exact: false, text: fixed(r, places2) };
}

/** Decimal places of the finite expansion of `r`: max(i, j) for a denominator 2^i·5^j; none when it does not end. */
function exactPlaces(r: Ratio): number | undefined {
  let twos = 0;
  let fives = 0;
  let d = r.d;
  while (d % 2n === 0n) [d, twos] = [d / 2n, twos + 1];
  while (d % 5n === 0n) [d, fives] = [d / 5n, fives + 1];
  return d === 1n ? Math.max(twos, fives) : undefined;
}
