/**
 * What a simulation says beyond the migration matrix: how scores shifted from a to b, and which
 * subjects sit within a stated distance of a band boundary under b (a small change in data or
 * in the next version would move them).
 * @module
 */
import { bandBounds } from "../format/bands.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import type { Side } from "./simulate-explain.js";

/**
 * How scores moved from ruleset a to ruleset b, over the subjects scored under both.
 * @category Versions
 */
export interface ScoreShift {
  /** Subjects with a score under both (not rejected, score computed). */
  readonly scored: number;
  /** Of those, scored higher under b. */
  readonly raised: number;
  /** Scored lower under b. */
  readonly lowered: number;
  /** Scored the same. */
  readonly unchanged: number;
  /** The mean change (b − a), rounded to the finer rounding scale of the two; 0 when none was scored. */
  readonly mean: number;
  /** The largest rise (0 when none rose). */
  readonly largestRise: number;
  /** The largest drop, as a negative number (0 when none dropped). */
  readonly largestDrop: number;
}

/**
 * A subject whose score under b lies within the stated distance of a band boundary.
 * @category Versions
 */
export interface NearBoundary {
  /** Its position in the population (0-based). */
  readonly index: number;
  /** Its id. */
  readonly subjectId: string;
  /** Its score under b. */
  readonly score: number;
  /** The label of its band under b. */
  readonly label: string;
  /** The nearest boundary: the lower bound of the better band. */
  readonly boundary: number;
  /** How far the score is from it (≥ 0). */
  readonly distance: number;
  /** The label on the other side of the boundary. */
  readonly otherSide: string;
}

const roundTo = (x: number, decimals: number): number => Math.round(x * 10 ** decimals) / 10 ** decimals;

/**
 * Collects score shifts and near-boundary subjects while a simulation runs.
 */
export class ShiftCollector {
  private readonly shifts: number[] = [];
  private readonly near: NearBoundary[] = [];
  /**
   * @param b - Ruleset b (its bands decide the boundaries).
   * @param decimals - Rounding of reported numbers.
   * @param distance - The stated distance, or `undefined` to look for no boundary.
   */
  constructor(
    private readonly b: Ruleset,
    private readonly decimals: number,
    private readonly distance: number | undefined,
  ) {}

  /** Adds one subject's two sides. */
  add(index: number, sa: Side, sb: Side): void {
    const a = sa.ok ? sa.ev.score : null;
    const s = sb.ok ? sb.ev.score : null;
    if (a !== null && s !== null) this.shifts.push(roundTo(s - a, this.decimals));
    if (this.distance === undefined || !sb.ok || s === null || sb.ev.band === null) return;
    const bands = this.b.bands;
    let best: NearBoundary | undefined;
    // Each boundary is the lower bound of a better band, with the next worse band below it.
    for (let i = 0; i + 1 < bands.length; i++) {
      const upper = bandBounds(bands[i]!, i);
      const lower = bands[i + 1]!;
      const d = roundTo(Math.abs(s - upper.min), this.decimals);
      if (d > this.distance || (best !== undefined && d >= best.distance)) continue;
      const inUpper = s > upper.min || (s === upper.min && upper.minInclusive);
      const here = inUpper ? bands[i]! : lower;
      const there = inUpper ? lower : bands[i]!;
      best = { index, subjectId: sb.ev.subjectId, score: s, label: here.label ?? here.grade, boundary: upper.min, distance: d, otherSide: there.label ?? there.grade };
    }
    if (best !== undefined) this.near.push(best);
  }

  /** The score shift over every subject added. */
  scoreShift(): ScoreShift {
    const xs = this.shifts;
    const sum = xs.reduce((n, x) => n + x, 0);
    return {
      scored: xs.length,
      raised: xs.filter((x) => x > 0).length,
      lowered: xs.filter((x) => x < 0).length,
      unchanged: xs.filter((x) => x === 0).length,
      mean: xs.length === 0 ? 0 : roundTo(sum / xs.length, this.decimals),
      largestRise: Math.max(0, ...xs),
      largestDrop: Math.min(0, ...xs),
    };
  }

  /** The near-boundary subjects, nearest first (population order among equals). */
  nearBoundary(): NearBoundary[] {
    return [...this.near].sort((x, y) => x.distance - y.distance || x.index - y.index);
  }
}
