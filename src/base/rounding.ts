/**
 * Exact decimal arithmetic for scores. Scores are held as integers in units of
 * 10^-scale (hundredths at scale 2), so sums and band comparisons are exact and
 * `0.1*3 + 0.2*7` is `1.7`, never `1.7000000000000002`.
 * @module
 */

/**
 * How a value is rounded to the ruleset's scale.
 * @category Basics
 */
export type RoundingMode = "half-up" | "half-even" | "down" | "up";

/**
 * A declared rounding policy: decimal places kept and the rounding mode.
 * @category Basics
 */
export interface RoundingPolicy {
  /** Decimal places kept, 0–6. */
  readonly scale: number;
  /** Rounding mode; `half-up` rounds ties away from zero, `down` truncates toward zero. */
  readonly mode: RoundingMode;
}

/**
 * A float product such as 1.005 × 100 lands a few ulps off the decimal tie it stands for;
 * values within this relative distance of an integer or a tie are treated as exactly on it.
 * @category Basics
 */
export const REL_EPS = 64 * Number.EPSILON;

/**
 * Rounds a number to integer units of 10^-scale under a rounding mode.
 * @param value - A finite number.
 * @param policy - The rounding policy.
 * @returns The value in integer units (e.g. 12.345 at scale 2, half-up → 1235).
 * @example
 * toUnits(0.1 * 3 + 0.2 * 7, { scale: 2, mode: "half-up" }); //=> 170
 * toUnits(1.005, { scale: 2, mode: "half-up" }); //=> 101
 * @category Basics
 */
export function toUnits(value: number, policy: RoundingPolicy): number {
  return unitsAt(value, 10 ** policy.scale, policy.mode);
}

/**
 * {@link toUnits} with the power of ten given: `unitsAt(x, 10 ** p.scale, p.mode)` is
 * `toUnits(x, p)` bit for bit. It is {@link roundingStep} over numbers.
 * @param value - The number to round.
 * @param factor - `10 ** scale`.
 * @param mode - The rounding mode.
 * @returns The value in whole units.
 * @example
 * unitsAt(1.005, 100, "half-up"); //=> 101
 * @category Basics
 */
export function unitsAt(value: number, factor: number, mode: RoundingMode): number {
  return roundingStep(NUMBERS, value, factor, mode);
}

/**
 * The arithmetic {@link roundingStep} is written in: plain numbers here, or the expressions of
 * generated code in the grading kernel, so that the rounding rule is written once and run both
 * ways. `N` is a number, `B` a truth value.
 * @category Basics
 */
export interface RoundingArithmetic<N, B> {
  /** A constant. */
  num(x: number): N;
  /** Names an intermediate value, so that it is computed once. */
  bind(a: N): N;
  /** `a × b`. */
  mul(a: N, b: N): N;
  /** `a + b`. */
  add(a: N, b: N): N;
  /** `a − b`. */
  sub(a: N, b: N): N;
  /** `a % b`. */
  mod(a: N, b: N): N;
  /** `|a|`. */
  abs(a: N): N;
  /** `Math.round(a)`. */
  round(a: N): N;
  /** `Math.floor(a)`. */
  floor(a: N): N;
  /** `Math.max(a, b)`. */
  max(a: N, b: N): N;
  /** `a < b`. */
  lt(a: N, b: N): B;
  /** `a <= b`. */
  le(a: N, b: N): B;
  /** `a > b`. */
  gt(a: N, b: N): B;
  /** `a >= b`. */
  ge(a: N, b: N): B;
  /** `a === b`. */
  eq(a: N, b: N): B;
  /** `c ? a : b`. */
  cond(c: B, a: N, b: N): N;
}

/** Plain numbers. */
const NUMBERS: RoundingArithmetic<number, boolean> = {
  num: (x) => x,
  bind: (a) => a,
  mul: (a, b) => a * b,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mod: (a, b) => a % b,
  abs: Math.abs,
  round: Math.round,
  floor: Math.floor,
  max: (a, b) => Math.max(a, b),
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  eq: (a, b) => a === b,
  cond: (c, a, b) => (c ? a : b),
};

/**
 * The rounding rule, written once: a value × `factor` to whole units under a mode. A value
 * within {@link REL_EPS} (relative) of an integer is that integer (so 1.005 × 100 is a tie, not
 * 100.49999999999999); otherwise `down` truncates toward zero, `up` away from it, `half-up`
 * rounds a tie away from zero and `half-even` to the even neighbour. The sign is taken off and
 * put back, and the result is never −0.
 * @param A - The arithmetic: numbers, or expressions of generated code.
 * @param value - The value.
 * @param factor - `10 ** scale`.
 * @param mode - The rounding mode.
 * @returns The value in whole units.
 * @category Basics
 */
export function roundingStep<N, B>(A: RoundingArithmetic<N, B>, value: N, factor: number, mode: RoundingMode): N {
  const v = A.bind(A.mul(value, A.num(factor)));
  const sign = A.bind(A.cond(A.lt(v, A.num(0)), A.num(-1), A.num(1)));
  const a = A.bind(A.abs(v));
  const tol = A.bind(A.mul(A.max(a, A.num(1)), A.num(REL_EPS)));
  const nearest = A.bind(A.round(a));
  const fl = A.bind(A.floor(a));
  const frac = A.bind(A.sub(a, fl));
  const up = A.add(fl, A.num(1));
  let r: N;
  switch (mode) {
    case "down":
      r = fl;
      break;
    case "up":
      r = up;
      break;
    case "half-up":
      r = A.cond(A.ge(frac, A.sub(A.num(0.5), tol)), up, fl);
      break;
    case "half-even":
      r = A.cond(A.le(A.abs(A.sub(frac, A.num(0.5))), tol), A.cond(A.eq(A.mod(fl, A.num(2)), A.num(0)), fl, up), A.cond(A.gt(frac, A.num(0.5)), up, fl));
      break;
  }
  return A.add(A.mul(sign, A.cond(A.le(A.abs(A.sub(a, nearest)), tol), nearest, r)), A.num(0));
}

/**
 * Converts integer units back to a number with the policy's decimal places.
 * @param units - Integer units of 10^-scale.
 * @param scale - Decimal places.
 * @returns The decimal value, as close as a float can hold it (`170` at scale 2 → `1.7`).
 * @example
 * fromUnits(170, 2); //=> 1.7
 * @category Basics
 */
export function fromUnits(units: number, scale: number): number {
  // Division by a power of ten gives the float nearest the decimal, unlike multiplication by 0.01.
  return units / 10 ** scale;
}

/**
 * Rounds a number to the policy's decimal places.
 * @param value - A finite number.
 * @param policy - The rounding policy.
 * @returns The rounded decimal.
 * @example
 * roundTo(2.675, { scale: 2, mode: "half-up" }); //=> 2.68
 * roundTo(2.665, { scale: 2, mode: "half-even" }); //=> 2.66
 * @category Basics
 */
export function roundTo(value: number, policy: RoundingPolicy): number {
  return fromUnits(toUnits(value, policy), policy.scale);
}

/**
 * Whether a number has no more decimal places than `scale` (so it converts to units exactly).
 * @param value - A finite number.
 * @param scale - Decimal places.
 * @returns `true` when rounding it to `scale` places does not change it.
 * @example
 * fitsScale(89.5, 1); //=> true
 * fitsScale(89.55, 1); //=> false
 * @category Basics
 */
export function fitsScale(value: number, scale: number): boolean {
  const v = value * 10 ** scale;
  return Math.abs(v - Math.round(v)) <= Math.max(Math.abs(v), 1) * REL_EPS;
}

/**
 * Whether two sums of declared amounts are equal up to float noise (internal).
 * @category Basics
 */
export const nearlyEqual = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * A number rounded to 9 decimals, for messages (internal).
 * @category Basics
 */
export const round9 = (x: number): number => Math.round(x * 1e9) / 1e9;
