/**
 * What the intervals of the ruleset format mean (区间): which of its bounds a value on the bound
 * falls in, for a grade band (等级区间) and for a bin of a `bins` scoring (分档). Written once
 * here; evaluation, the ruleset checks, rule books, diffs and simulations all ask this module.
 * @module
 */

/**
 * A band as the format declares it (only the fields that decide its bounds).
 * @category Ruleset format
 */
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

/**
 * A band's bounds as they take effect.
 * @category Ruleset format
 */
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
 * @category Ruleset format
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
 * @category Ruleset format
 */
export function bandContains(b: BandBounds, value: number): boolean {
  return (value > b.min || (b.minInclusive && value === b.min)) && (value < b.max || (b.maxInclusive && value === b.max));
}

/**
 * A bin of a `bins` scoring as the format declares it (only the fields that decide its bounds).
 * @category Ruleset format
 */
export interface BinBoundsDef {
  /** Lower bound; absent: no lower bound. */
  readonly min?: number | undefined;
  /** Upper bound; absent: no upper bound. */
  readonly max?: number | undefined;
  /** Whether a value equal to `min` is in the bin, if declared. */
  readonly minInclusive?: boolean | undefined;
  /** Whether a value equal to `max` is in the bin, if declared. */
  readonly maxInclusive?: boolean | undefined;
}

/**
 * A bin's bounds as they take effect: a missing bound is −∞ or +∞; the lower bound is included
 * and the upper bound excluded unless declared otherwise.
 * @param bin - The bin as declared.
 * @returns Its bounds with both inclusions decided.
 * @example
 * binBounds({ max: 10 }); //=> { min: -Infinity, max: 10, minInclusive: true, maxInclusive: false }
 * @category Ruleset format
 */
export function binBounds(bin: BinBoundsDef): BandBounds {
  return {
    min: bin.min ?? Number.NEGATIVE_INFINITY,
    max: bin.max ?? Number.POSITIVE_INFINITY,
    minInclusive: bin.minInclusive ?? true,
    maxInclusive: bin.maxInclusive ?? false,
  };
}
