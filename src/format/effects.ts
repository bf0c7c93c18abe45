/**
 * What the effects of override rules mean together (效力优先顺序): the one definition of their
 * precedence, used by evaluation (the compiled plan calls these functions), by
 * {@link resolveGrade} for hosts, and described by rule books.
 *
 * 1. `not-gradable` wins over everything: the subject gets no grade.
 * 2. `adjust-points` rules add their points to the total before banding (they cannot read the
 *    score); the total is then kept within the scale.
 * 3. The band gives the score grade.
 * 4. When any `set-grade` rule fired (direct judgment, 直接判级), the grade is the worst of their
 *    grades, replacing the score grade; floors do not apply to a direct judgment. Otherwise
 *    `floor` rules lift the score grade to the best of their grades.
 * 5. `cap` rules apply last, combined to the worst: a cap never raises a grade and always holds.
 *
 * Grades are handled here by rank: 0 for A (best) to 4 for E (worst); −1 for none.
 * @module
 */
import { type Grade, GRADES, gradeRank } from "../grade.js";

/** How the grades of several fired rules of one effect combine. */
export const EFFECT_COMBINATION = { "set-grade": "worst", floor: "best", cap: "worst" } as const;

/** The effects that name a grade. */
export type GradeEffectType = keyof typeof EFFECT_COMBINATION;

/**
 * Combines a fired rule's grade rank into the ranks gathered so far for its effect.
 * @param type - The effect.
 * @param gathered - The rank gathered so far, −1 for none.
 * @param rank - The fired rule's grade rank.
 * @returns The combined rank.
 * @example
 * combineRank("cap", 1, 3); //=> 3 (the worst cap holds)
 * combineRank("floor", 1, 3); //=> 1 (the best floor holds)
 */
export function combineRank(type: GradeEffectType, gathered: number, rank: number): number {
  if (gathered < 0) return rank;
  return EFFECT_COMBINATION[type] === "worst" ? (rank > gathered ? rank : gathered) : rank < gathered ? rank : gathered;
}

/**
 * The final grade rank from the score grade and the gathered effects, in the order of this module.
 * @param scoreRank - The band's grade rank, −1 when the score could not be computed.
 * @param setRank - The gathered set-grade rank, −1 for none.
 * @param floorRank - The gathered floor rank, −1 for none.
 * @param capRank - The gathered cap rank, −1 for none.
 * @param notGradable - Whether a not-gradable rule fired.
 * @returns −1 when the subject gets no grade, else `rank + 5 × decided` (`decided` 0 by score, 1 by direct judgment).
 * @example
 * resolveRanks(0, -1, -1, 1, false); //=> 1 (A capped at B, decided by score)
 */
export function resolveRanks(scoreRank: number, setRank: number, floorRank: number, capRank: number, notGradable: boolean): number {
  if (notGradable) return -1;
  let rank: number;
  let decided = 0;
  if (setRank >= 0) {
    rank = setRank;
    decided = 1;
  } else if (scoreRank < 0) return -1;
  else rank = floorRank >= 0 && floorRank < scoreRank ? floorRank : scoreRank;
  if (capRank > rank) rank = capRank;
  return rank + 5 * decided;
}

/** A rule effect as far as grading is concerned. */
export type GradeEffect =
  | { readonly type: GradeEffectType; readonly grade: Grade }
  | { readonly type: "adjust-points"; readonly points: number }
  | { readonly type: "not-gradable" };

/** How the final grade came about. */
export interface GradeResolution {
  /** The final grade, or `null` when a not-gradable rule fired or there was nothing to grade by. */
  readonly grade: Grade | null;
  /** How it was decided. */
  readonly decidedBy: "score" | "direct-judgment" | "not-gradable";
}

/**
 * Combines a score grade with the effects of the rules that fired, in the documented order.
 * @param scoreGrade - The band's grade, or `null` when the score could not be computed.
 * @param fired - The effects of fired rules (adjust-points effects are ignored here).
 * @returns The final grade and how it was decided.
 * @example
 * resolveGrade("A", [{ type: "cap", grade: "B" }, { type: "floor", grade: "A" }]); //=> { grade: "B", decidedBy: "score" }
 */
export function resolveGrade(scoreGrade: Grade | null, fired: readonly GradeEffect[]): GradeResolution {
  const gathered = { "set-grade": -1, floor: -1, cap: -1 };
  let notGradable = false;
  for (const e of fired) {
    if (e.type === "not-gradable") notGradable = true;
    else if (e.type !== "adjust-points") gathered[e.type] = combineRank(e.type, gathered[e.type], gradeRank(e.grade));
  }
  const code = resolveRanks(scoreGrade === null ? -1 : gradeRank(scoreGrade), gathered["set-grade"], gathered.floor, gathered.cap, notGradable);
  if (code < 0) return { grade: null, decidedBy: "not-gradable" };
  return { grade: GRADES[code % 5]!, decidedBy: code >= 5 ? "direct-judgment" : "score" };
}
