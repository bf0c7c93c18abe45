/**
 * What the effects of override rules mean together (效力优先顺序): the one definition of their
 * precedence. The kernel calls these functions for every subject, {@link resolveGrade} offers
 * them to hosts, and rule books state them.
 *
 * 1. `not-gradable` wins over everything: the subject gets no grade.
 * 2. `adjust-points` rules add their points to the total before banding (they cannot read
 *    the score); the total is then kept within the scale.
 * 3. The band gives the score grade.
 * 4. When any `set-grade` rule fired (direct judgment, 直接判级), the grade is the worst of
 *    their grades, replacing the score grade; floors do not apply to a direct judgment.
 *    Otherwise `floor` rules lift the score grade to the best of their grades.
 * 5. `cap` rules apply last, combined to the worst: a cap never raises a grade and always
 *    holds.
 * 6. `none` rules leave the grade alone: they fire after banding (they may read the score) only
 *    to add measures or emit outputs, whatever the grade.
 *
 * The order is applied to **label positions** (labels.ts): a set-grade, cap or floor may
 * name the scheme label it gives (tax M is canonical B); with one label per grade, positions
 * and grades coincide.
 * @module
 */
import { type Grade, gradeRank, GRADES, isGrade } from "../base/grade.js";
import { CANONICAL_SCALE, effectPosition, type LabelScale } from "./labels.js";
import type { EffectDef } from "./rule.js";

/**
 * How the final grade came about.
 * @category Ruleset format
 */
export interface GradeResolution {
  /** The final grade, or `null` when a not-gradable rule fired or there was nothing to grade by. */
  readonly grade: Grade | null;
  /** How it was decided. */
  readonly decidedBy: "score" | "direct-judgment" | "not-gradable";
}

/**
 * The effects of the rules that fired, as label positions, combined the way precedence needs
 * them: the worst set-grade, the best floor, the worst cap (-1: none; `floor` none is
 * `Infinity`). One tally per evaluation; the lean path resets and reuses one.
 * @category Ruleset format
 */
export interface EffectTally {
  /** Whether a not-gradable rule fired. */
  notGradable: boolean;
  /** The worst set-grade position, or -1. */
  set: number;
  /** The best floor position, or `Infinity`. */
  floor: number;
  /** The worst cap position, or -1. */
  cap: number;
}

/**
 * An empty tally, or `t` emptied for the next subject.
 * @param t - A tally to reuse.
 * @returns The empty tally.
 * @example
 * resetTally().set; //=> -1
 * @category Ruleset format
 */
export function resetTally(t: EffectTally = { notGradable: false, set: -1, floor: Infinity, cap: -1 }): EffectTally {
  t.notGradable = false;
  t.set = -1;
  t.floor = Infinity;
  t.cap = -1;
  return t;
}

/**
 * Adds one fired effect to a tally.
 * @param t - The tally.
 * @param type - The effect's type (adjust-points is ignored: it acts before banding).
 * @param position - Its label position (see {@link effectPosition}); ignored for not-gradable.
 * @example
 * const t = resetTally(); tallyEffect(t, "cap", 1); tallyEffect(t, "cap", 3); t.cap; //=> 3
 * @category Ruleset format
 */
export function tallyEffect(t: EffectTally, type: EffectDef["type"], position: number): void {
  switch (type) {
    case "not-gradable":
      t.notGradable = true;
      break;
    case "set-grade":
      if (position > t.set) t.set = position;
      break;
    case "floor":
      if (position < t.floor) t.floor = position;
      break;
    case "cap":
      if (position > t.cap) t.cap = position;
      break;
    case "adjust-points":
    case "none":
      break;
  }
}

/**
 * The final label position from the score band's position and the tally, in the documented
 * order: not-gradable, then a set-grade replacing the score (floors ignored), else floors
 * lifting the score, then caps.
 * @param scorePosition - The band's label position, or -1 without a score.
 * @param t - The fired effects.
 * @returns The final position, or -1 when the subject gets no grade.
 * @example
 * const t = resetTally(); tallyEffect(t, "cap", 1); resolvePosition(0, t); //=> 1
 * @category Ruleset format
 */
export function resolvePosition(scorePosition: number, t: EffectTally): number {
  if (t.notGradable) return -1;
  let p = t.set >= 0 ? t.set : scorePosition >= 0 && t.floor < scorePosition ? t.floor : scorePosition;
  if (p >= 0 && t.cap > p) p = t.cap;
  return p;
}

/**
 * Every way a grade is decided, as an evaluation's `decidedBy` says: by the score band, by a
 * set-grade rule (直接判级), not gradable, or by the public composite grade (the fallback). The
 * kernel's state records the index into this list.
 * @category Ruleset format
 */
export const DECIDED_BY = ["score", "direct-judgment", "not-gradable", "public-composite-fallback"] as const;

/**
 * How {@link resolvePosition} decided, for the same arguments.
 * @param scorePosition - The band's label position, or -1 without a score.
 * @param t - The fired effects.
 * @returns `direct-judgment` when a set-grade fired, `score` when the band decided, else `not-gradable`.
 * @example
 * decidedByOf(2, resetTally()); //=> "score"
 * @category Ruleset format
 */
export function decidedByOf(scorePosition: number, t: EffectTally): GradeResolution["decidedBy"] {
  if (t.notGradable) return "not-gradable";
  if (t.set >= 0) return "direct-judgment";
  return scorePosition >= 0 ? "score" : "not-gradable";
}

/**
 * The position of the public composite fallback (三(一)3: where the industry evaluation is not
 * ready, the public composite result is used): the grade's first label, still capped. Not for
 * a subject a not-gradable rule left ungraded: that evaluation was made and decided.
 * @param scale - The scheme's label scale.
 * @param t - The fired effects.
 * @param publicGrade - The subject's public composite grade (any value; only A–E counts).
 * @returns The position, or -1 when there is no fallback.
 * @example
 * fallbackPosition(CANONICAL_SCALE, resetTally(), "B"); //=> 1
 * @category Ruleset format
 */
export function fallbackPosition(scale: LabelScale, t: EffectTally, publicGrade: unknown): number {
  if (t.notGradable || !isGrade(publicGrade)) return -1;
  const p = scale.first[gradeRank(publicGrade)]!;
  return t.cap > p ? t.cap : p;
}

/**
 * Tallies fired effects against a label scale.
 * @param scale - The scheme's label scale.
 * @param fired - The effects of the rules that fired.
 * @returns The tally.
 * @example
 * tallyEffects(CANONICAL_SCALE, [{ type: "cap", grade: "B" }]).cap; //=> 1
 * @category Ruleset format
 */
export function tallyEffects(scale: LabelScale, fired: readonly EffectDef[]): EffectTally {
  const t = resetTally();
  for (const e of fired) tallyEffect(t, e.type, e.type === "set-grade" || e.type === "cap" || e.type === "floor" ? effectPosition(scale, e) : -1);
  return t;
}

/**
 * Combines the score grade with the effects of the rules that fired, in the documented order,
 * on canonical grades (labels named by effects are ignored; an evaluation resolves them).
 * @param scoreGrade - The band's grade, or `null` when the score could not be computed.
 * @param fired - The effects of fired rules (adjust-points effects are ignored here).
 * @returns The final grade and how it was decided.
 * @example
 * resolveGrade("A", [{ type: "cap", grade: "B" }, { type: "floor", grade: "A" }]); //=> { grade: "B", decidedBy: "score" }
 * @category Ruleset format
 */
export function resolveGrade(scoreGrade: Grade | null, fired: readonly EffectDef[]): GradeResolution {
  // The canonical scale declares no label, so a label an effect names falls back to its grade.
  const t = tallyEffects(CANONICAL_SCALE, fired);
  const scorePosition = scoreGrade === null ? -1 : GRADES.indexOf(scoreGrade);
  const p = resolvePosition(scorePosition, t);
  return { grade: p < 0 ? null : GRADES[p]!, decidedBy: p < 0 ? "not-gradable" : decidedByOf(scorePosition, t) };
}
