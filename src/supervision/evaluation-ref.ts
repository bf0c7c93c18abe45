/**
 * Which evaluation something came from (internal to the stance modules, public as types): an
 * evaluation named by its ruleset version, grade and label, and the rule (直接判级, cap or
 * floor) that decided its grade. Every measure, blocker, capability reason and measure change
 * names its evaluation this way.
 * @module
 */
import { CreditGradingError } from "../base/errors.js";
import { type BilingualName, type Grade, gradeRank } from "../base/grade.js";
import type { Evaluation } from "../engine/types.js";
import { type EffectDef } from "../format/rule.js";
import { resolveGrade } from "../format/effects.js";

/**
 * The rule that decided an evaluation's grade: a direct judgment (直接判级), a cap or a floor.
 * @example
 * evaluationRef(e).rule; //=> { id: "large-fines", effect: "cap", reason: { zh: "三年内罚款累计十万元以上", en: "fines of 100000 or more in three years" }, legalBasis: "…" }
 * @category Supervision
 */
export interface DecidingRule {
  /** The rule's id. */
  readonly id: string;
  /** What it did: set the grade, capped it, or kept it from falling below a floor. */
  readonly effect: "set-grade" | "cap" | "floor";
  /** Why it applies, as told to the subject. */
  readonly reason: BilingualName;
  /** Its legal basis. */
  readonly legalBasis: string;
}

/**
 * Which evaluation something came from: ruleset version, grade and label, and the rule that decided the grade.
 * @example
 * stance.counted[0]; //=> { subjectId: "S1", ruleset: "fixture-public", scheme: "fixture-public", version: "1.0.0", asOf: "2025-12-31", grade: "A", label: "A", decidedBy: "score" }
 * @category Supervision
 */
export interface EvaluationRef {
  /** The subject's id. */
  readonly subjectId: string;
  /** The ruleset's id. */
  readonly ruleset: string;
  /** The ruleset's scheme. */
  readonly scheme: string;
  /** The ruleset's version. */
  readonly version: string;
  /** The as-of date of the evaluation. */
  readonly asOf: string;
  /** Its grade (`null` when not gradable). */
  readonly grade: Grade | null;
  /** The scheme's label for the grade (`null` when not gradable). */
  readonly label: string | null;
  /** How the grade was decided. */
  readonly decidedBy: Evaluation["decidedBy"];
  /** The rule that decided the grade, when one did (a direct judgment, a cap that lowered it, a floor that raised it). */
  readonly rule?: DecidingRule;
}


/**
 * Names an evaluation: ruleset version, grade, label, and the rule that decided the grade.
 * @param evaluation - An evaluation.
 * @returns Its reference.
 * @example
 * evaluationRef(e); //=> { subjectId: "S1", ruleset: "fixture-records", version: "1.0.0", grade: "E", decidedBy: "direct-judgment", rule: { id: "serious-dishonesty", effect: "set-grade", … }, … }
 * @category Supervision
 */
export function evaluationRef(evaluation: Evaluation): EvaluationRef {
  const rule = _decidingRule(evaluation);
  const r = evaluation.ruleset;
  return {
    subjectId: evaluation.subjectId,
    ruleset: r.id,
    scheme: r.scheme,
    version: r.version,
    asOf: evaluation.asOf,
    grade: evaluation.grade,
    label: evaluation.label,
    decidedBy: evaluation.decidedBy,
    ...(rule ? { rule } : {}),
  };
}

/**
 * The one subject all the evaluations are of; throws when there is none or they differ.
 * @category Supervision
 */
export function _checkSameSubject(evaluations: readonly Evaluation[], fn: string): string {
  const first = evaluations[0];
  if (!first) throw new CreditGradingError("INVALID_OPTIONS", `${fn}: no evaluation given`);
  const others = evaluations.filter((e) => e.subjectId !== first.subjectId);
  if (others.length > 0) {
    const ids = [...new Set(evaluations.map((e) => e.subjectId))].map((s) => JSON.stringify(s));
    throw new CreditGradingError("INVALID_OPTIONS", `${fn}: the evaluations are of different subjects (${ids.join(", ")}); give one subject's evaluations`);
  }
  return first.subjectId;
}

/** The set-grade, cap or floor rule that made the grade what it is, if any (first in declaration order). */
function _decidingRule(e: Evaluation): DecidingRule | undefined {
  if (e.grade === null || (e.decidedBy !== "score" && e.decidedBy !== "direct-judgment")) return undefined;
  const fired = e.rules.filter((r) => r.fired);
  // The rule that gave the published label where one names it (tax M), else one of the grade.
  const pick = (type: DecidingRule["effect"]) => {
    const ofGrade = fired.filter((o) => o.effect.type === type && "grade" in o.effect && o.effect.grade === e.grade);
    const r = ofGrade.find((o) => "label" in o.effect && o.effect.label === e.label) ?? ofGrade.find((o) => !("label" in o.effect) || o.effect.label === undefined) ?? ofGrade[0];
    return r ? { id: r.id, effect: type, reason: r.reason, legalBasis: r.legalBasis } : undefined;
  };
  const uncapped = resolveGrade(
    e.scoreGrade,
    fired.map((o) => o.effect).filter((x: EffectDef) => x.type !== "cap"),
  ).grade;
  if (uncapped !== null && gradeRank(e.grade) > gradeRank(uncapped)) return pick("cap");
  if (e.decidedBy === "direct-judgment") return pick("set-grade");
  if (e.scoreGrade !== null && gradeRank(e.grade) < gradeRank(e.scoreGrade)) return pick("floor");
  return undefined;
}
