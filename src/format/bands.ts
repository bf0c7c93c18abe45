/**
 * What a band of the ruleset format means (等级区间): which of its bounds a total on the bound
 * falls in. Written once here; evaluation, the ruleset checks, rule books, diffs and
 * simulations all ask this module.
 * @module
 */

/** A band as the format declares it (only the fields that decide its bounds). */
export interface BandBoundsDef {
  /** Lower bound. */
  readonly min: number;
  /** Upper bound. */
  readonly max: number;
  /** Whether a total equal to `min` is in the band, if declared. */
  readonly minInclusive?: boolean | undefined;
  /** Whether a total equal to `max` is in the band, if declared. */
  readonly maxInclusive?: boolean | undefined;
}

/** A band's bounds as they take effect. */
export interface BandBounds {
  /** Lower bound. */
  readonly min: number;
  /** Upper bound. */
  readonly max: number;
  /** Whether `min` itself is in the band. */
  readonly minInclusive: boolean;
  /** Whether `max` itself is in the band. */
  readonly maxInclusive: boolean;
}

/**
 * A band's bounds as they take effect: the lower bound is included unless declared otherwise
 * ("90分以上" includes 90); the upper bound is excluded unless declared otherwise, except in the
 * first band (the best grade, which reaches the top of the scale), where it is included.
 * @param band - The band as declared.
 * @param index - Its position in the ruleset's `bands` (best grade first).
 * @returns Its bounds with both inclusions decided.
 * @example
 * bandBounds({ min: 90, max: 100 }, 0); //=> { min: 90, max: 100, minInclusive: true, maxInclusive: true }
 * bandBounds({ min: 70, max: 90 }, 1); //=> { min: 70, max: 90, minInclusive: true, maxInclusive: false }
 */
export function bandBounds(band: BandBoundsDef, index: number): BandBounds {
  return { min: band.min, max: band.max, minInclusive: band.minInclusive ?? true, maxInclusive: band.maxInclusive ?? index === 0 };
}

/**
 * Whether a value lies within bounds.
 * @param b - The bounds as they take effect.
 * @param value - A total (in the same units as the bounds).
 * @returns `true` when the band contains it.
 * @example
 * bandContains({ min: 70, max: 90, minInclusive: true, maxInclusive: false }, 90); //=> false
 */
export function bandContains(b: BandBounds, value: number): boolean {
  return (value > b.min || (b.minInclusive && value === b.min)) && (value < b.max || (b.maxInclusive && value === b.max));
}
