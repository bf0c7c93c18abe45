/**
 * The shapes of a grade-migration simulation: outcomes, movers and why they moved.
 * @module
 */
import type { Grade } from "../base/grade.js";
import type { EffectDef } from "../format/rule.js";
import type { BilingualName } from "../base/grade.js";

/**
 * The rows and columns of a migration matrix: the grades, then not gradable, then rejected.
 * @category Versions
 */
export const MIGRATION_OUTCOMES = ["A", "B", "C", "D", "E", "not-gradable", "rejected"] as const;

/**
 * What one ruleset made of one subject: a grade A–E, `not-gradable` (evaluated, no grade:
 * 不予评价) or `rejected` (its data did not fit the ruleset's declared inputs).
 * @category Versions
 */
export type MigrationOutcome = (typeof MIGRATION_OUTCOMES)[number];

/**
 * How much one indicator's contribution changed for one subject.
 * @category Versions
 */
export interface IndicatorShift {
  /** The indicator's id. */
  readonly id: string;
  /** Its name (under b when it exists there). */
  readonly name: BilingualName;
  /** Its contribution in points under a (`null`: not scored or not in a). */
  readonly before: number | null;
  /** Its contribution under b (`null`: not scored or not in b). */
  readonly after: number | null;
  /** `after − before`, a missing side counted as 0. */
  readonly delta: number;
}

/**
 * A rule that fired under one ruleset and not the other.
 * @category Versions
 */
export interface RuleShift {
  /** The rule's id. */
  readonly id: string;
  /** Its effect. */
  readonly effect: EffectDef;
  /** Why it applies. */
  readonly reason: BilingualName;
}

/**
 * Why a subject moved: `score` (its total crossed a band of a), `bands` (b's bands put the
 * same total in another grade), `rules` (set-grade, cap or floor rules decided differently),
 * `fallback` (the public composite fallback grade was used on one side), `not-gradable`,
 * `rejected`.
 * @category Versions
 */
export type MoveCause = "score" | "bands" | "rules" | "fallback" | "not-gradable" | "rejected";

/**
 * A subject whose outcome differs between the two rulesets, and why.
 * @category Versions
 */
export interface Mover {
  /** The subject's position in the population. */
  readonly index: number;
  /** Its id, when it had one. */
  readonly subjectId: string | undefined;
  /** The outcome under a. */
  readonly from: MigrationOutcome;
  /** The outcome under b. */
  readonly to: MigrationOutcome;
  /** The label a published (`null` when not graded); a move may be a label move within one grade (tax B → M). */
  readonly fromLabel: string | null;
  /** The label b published (`null` when not graded). */
  readonly toLabel: string | null;
  /**
   * `up` (better grade under b, or a better label of the same grade in b's order), `down`
   * (worse) or `other` (to or from not gradable or rejected).
   */
  readonly direction: "up" | "down" | "other";
  /** What made it move, in the order the grade is computed. */
  readonly causes: readonly MoveCause[];
  /** Total score under a (`null` when none). */
  readonly scoreBefore: number | null;
  /** Total score under b. */
  readonly scoreAfter: number | null;
  /** `scoreAfter − scoreBefore` (`null` unless both exist). */
  readonly scoreDelta: number | null;
  /** The band grade of the score under a. */
  readonly scoreGradeBefore: Grade | null;
  /** The band grade of the score under b. */
  readonly scoreGradeAfter: Grade | null;
  /** The grade b's score would get under a's bands: separates a band move from a score move. */
  readonly scoreAfterUnderOldBands: Grade | null;
  /** Change of the adjust-points total (included in `scoreDelta`). */
  readonly adjustmentDelta: number;
  /** The indicators whose contribution changed most, largest first (at most `topIndicators`). */
  readonly indicators: readonly IndicatorShift[];
  /** Rules that fire under b and not under a. */
  readonly rulesFired: readonly RuleShift[];
  /** Rules that fired under a and no longer under b. */
  readonly rulesCleared: readonly RuleShift[];
  /** The rejection or not-gradable message under a, when there is one. */
  readonly detailBefore?: string;
  /** The rejection or not-gradable message under b, when there is one. */
  readonly detailAfter?: string;
  /** One line, e.g. `B→C: score 79.99 → 74.99 (−5: adjustment −5); rule commitment-breached-last-year fired (−5 points)`. */
  readonly summary: BilingualName;
}
