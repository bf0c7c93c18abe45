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

// A float product such as 1.005*100 lands a few ulps off the decimal tie it stands for;
// values within this relative distance of an integer or a tie are treated as exactly on it.
const REL_EPS = 64 * Number.EPSILON;

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
 * `toUnits(x, p)` bit for bit. The generated scoring kernel calls it with both constant, so
 * the engine folds the mode's branch away.
 * @param value - The number to round.
 * @param factor - `10 ** scale`.
 * @param mode - The rounding mode.
 * @returns The value in whole units.
 * @example
 * unitsAt(1.005, 100, "half-up"); //=> 101
 * @category Basics
 */
export function unitsAt(value: number, factor: number, mode: RoundingMode): number {
  const v = value * factor;
  const sign = v < 0 ? -1 : 1;
  const a = Math.abs(v);
  const tol = Math.max(a, 1) * REL_EPS;
  const nearest = Math.round(a);
  if (Math.abs(a - nearest) <= tol) return sign * nearest + 0;
  const fl = Math.floor(a);
  const frac = a - fl;
  let r: number;
  switch (mode) {
    case "down":
      r = fl;
      break;
    case "up":
      r = fl + 1;
      break;
    case "half-up":
      r = frac >= 0.5 - tol ? fl + 1 : fl;
      break;
    case "half-even":
      if (Math.abs(frac - 0.5) <= tol) r = fl % 2 === 0 ? fl : fl + 1;
      else r = frac > 0.5 ? fl + 1 : fl;
      break;
  }
  return sign * r + 0;
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
