/**
 * The arithmetic the hand-written baselines share (`handwritten.ts`, `scorecard/handwritten.ts`):
 * what an engineer writes once for hundredths rounded half-up, as the benchmark rulesets'
 * rounding policy (`{ scale: 2, mode: "half-up" }`) says.
 * @module
 */

/** Hundredths, half-up; the epsilon absorbs float noise such as 0.34 * 3 = 1.0200000000000002. */
export const u = (x: number): number => Math.round(x * 100 + 1e-7);
/** A ratio clamped to 0..1. */
export const clamp01 = (t: number): number => (t < 0 ? 0 : t > 1 ? 1 : t);
/** The grades by rank, best first. */
export const GRADES = ["A", "B", "C", "D", "E"] as const;
/** The band rank of a total in hundredths on the benchmarks' 0–100 bands (A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E). */
export const bandRank = (units: number): number => (units >= 9000 ? 0 : units >= 7500 ? 1 : units >= 6000 ? 2 : units >= 4000 ? 3 : 4);
