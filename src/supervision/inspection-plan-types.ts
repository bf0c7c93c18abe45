/**
 * The shapes of a random inspection plan (双随机抽查计划): its input, subjects, inspectors, problems and the plan itself.
 * @module
 */
import type { Grade } from "../base/grade.js";
import type { Issue } from "../base/diagnostic.js";
import type { SamplingPolicy } from "../format/measure.js";
import type { CompiledRuleset } from "../engine/types.js";

/**
 * The name and version of the drawing procedure, recorded in every plan so an auditor replays the right one.
 * @category Supervision
 */
export const PLAN_ALGORITHM = "credit-grading/inspection-plan@1" as const;


/**
 * An inspector (执法检查人员) on the roster (执法检查人员名录库).
 * @category Supervision
 */
export interface Inspector {
  /** The inspector's id. */
  readonly id: string;
  /** The unit the inspector belongs to. */
  readonly unit: string;
  /** Subjects the inspector has declared a conflict of interest with (回避). */
  readonly conflicts?: readonly string[];
  /** Whether the inspector can be assigned this campaign; default `true`. */
  readonly available?: boolean;
}

/**
 * A last-time inspector assigned again because too few others were eligible.
 * @category Supervision
 */
export interface InspectorFallback {
  /** The inspector reused. */
  readonly inspectorId: string;
  /** Always `LAST_INSPECTOR`: the inspector inspected the subject last time. */
  readonly reason: "LAST_INSPECTOR";
  /** Why it was needed. */
  readonly message: string;
}

/**
 * One problem with a plan, naming what it concerns and the constraint: an {@link Issue} whose
 * path points at the subject, inspector or grade concerned in the plan's input
 * (`["population", id]`, `["roster", id]`, `["policy", grade]`; empty for the whole plan).
 * @category Supervision
 */
export interface PlanProblem extends Issue<PlanProblemCode>, PlanProblemDraft {
  /** What kind of problem. */
  readonly code: PlanProblemCode;
  /** What is wrong, in English. */
  readonly message: string;
}

/**
 * A plan problem as it is found, before its path and severity are set.
 * @category Supervision
 */
export interface PlanProblemDraft {
  /** What kind of problem. */
  readonly code: PlanProblemCode;
  /** The subject concerned, when one is. */
  readonly subjectId?: string;
  /** The grade concerned, when one is. */
  readonly grade?: Grade;
  /** The inspector concerned, when one is. */
  readonly inspectorId?: string;
  /** What is wrong, in English. */
  readonly message: string;
}

/**
 * Plan problems as issues: each gets the path of what it concerns and severity `error`.
 * @param drafts - The problems found.
 * @returns The problems.
 * @example
 * planProblems([{ code: "UNKNOWN_SUBJECT", subjectId: "x", message: "…" }])[0]!.path; //=> ["population", "x"]
 * @category Supervision
 */
export function planProblems(drafts: readonly PlanProblemDraft[]): PlanProblem[] {
  return drafts.map((d) => ({
    ...d,
    path: d.subjectId !== undefined ? ["population", d.subjectId] : d.inspectorId !== undefined ? ["roster", d.inspectorId] : d.grade !== undefined ? ["policy", d.grade] : [],
    severity: "error",
  }));
}

/**
 * A graded market subject (市场主体) in the population a plan draws from.
 * @category Supervision
 */
export interface PlanSubject {
  /** The subject's id, usually its USCC. */
  readonly subjectId: string;
  /** Its current grade; `null` when it could not be graded (it is then in no grade's population). */
  readonly grade: Grade | null;
  /** The administrative unit it belongs to; inspectors of that unit may not inspect it. */
  readonly unit?: string;
  /** The inspectors of its last inspection, avoided where possible. */
  readonly lastInspectors?: readonly string[];
  /** Left out of this campaign (e.g. closed, or already covered by a special campaign). */
  readonly excluded?: boolean;
}

/**
 * A random inspection plan: what was drawn, from what, and how to replay it.
 * @category Supervision
 */
export interface InspectionPlan {
  /** `true` when the plan has no problems. */
  readonly ok: boolean;
  /** Every problem found; empty when `ok`. */
  readonly problems: readonly PlanProblem[];
  /** The procedure used ({@link PLAN_ALGORITHM}). */
  readonly algorithm: typeof PLAN_ALGORITHM;
  /** The seed. */
  readonly seed: string;
  /** The ruleset the population was graded under, if given. */
  readonly ruleset: { readonly id: string; readonly version: string; readonly contentHash: string | null } | null;
  /** Where the sampling policy came from. */
  readonly samplingSource: "input" | "ruleset" | "default";
  /** Inspectors required per inspection. */
  readonly inspectorsPerInspection: number;
  /** Entries in the input population, all of them (excluded, ungraded and duplicated included). */
  readonly populationSize: number;
  /** The draw of each grade, A to E. */
  readonly grades: readonly GradeDraw[];
  /** Subjects without a grade, left out of every draw, sorted. */
  readonly notGraded: readonly string[];
  /** Every subject drawn, grade A to E, in draw order within a grade. */
  readonly draws: readonly InspectionDraw[];
  /** Every usable inspector's workload, sorted by id. */
  readonly workload: readonly InspectorLoad[];
}

/**
 * What {@link planInspections} draws from.
 * @category Supervision
 */
export interface PlanInput {
  /** The recorded seed; the same input and seed always give the same plan. Fix and publish it before the population is known. */
  readonly seed: string;
  /** The graded subjects (see {@link planSubjectFromEvaluation} for evaluations). */
  readonly population: readonly PlanSubject[];
  /** The inspectors who may be assigned. */
  readonly roster: readonly Inspector[];
  /**
   * The ruleset the population was graded under, recorded in the plan. A compiled ruleset
   * also supplies the sampling policy when `sampling` is not given.
   */
  readonly ruleset?: CompiledRuleset | PlanRulesetRef;
  /** The sampling policy per grade; default: the compiled ruleset's, else {@link DEFAULT_SAMPLING}. */
  readonly sampling?: readonly SamplingPolicy[];
  /** Ratios to apply instead of each policy's `min`, per grade; each must lie in the policy's `[min, max]` (`max` absent: 1). */
  readonly ratios?: Partial<Readonly<Record<Grade, number>>>;
  /** Inspectors per inspection; an integer, at least 2 (the default). */
  readonly inspectorsPerInspection?: number;
}

/**
 * The ruleset a population was graded under, as recorded in a plan.
 * @category Supervision
 */
export interface PlanRulesetRef {
  /** Ruleset id. */
  readonly id: string;
  /** Its version. */
  readonly version: string;
  /** Its content hash, when known. */
  readonly contentHash?: string;
}

/**
 * What kind of problem a plan or its verification found.
 * @category Supervision
 */
export type PlanProblemCode =
  // Found while planning: the plan cannot be carried out as asked.
  | "EMPTY_ROSTER"
  | "INSUFFICIENT_INSPECTORS"
  | "RATIO_OUT_OF_RANGE"
  | "NO_SAMPLING_POLICY"
  | "DUPLICATE_SUBJECT"
  | "DUPLICATE_INSPECTOR"
  | "INVALID_GRADE"
  // Found by verifyPlan: the plan breaks a constraint or does not match its input.
  | "NOT_REPRODUCIBLE"
  | "RECORD_MISMATCH"
  | "COUNT_MISMATCH"
  | "RATIO_NOT_APPLIED"
  | "UNKNOWN_SUBJECT"
  | "EXCLUDED_SUBJECT"
  | "GRADE_MISMATCH"
  | "DRAWN_TWICE"
  | "TOO_FEW_INSPECTORS"
  | "REPEATED_INSPECTOR"
  | "UNKNOWN_INSPECTOR"
  | "UNAVAILABLE_INSPECTOR"
  | "SAME_UNIT"
  | "CONFLICT_OF_INTEREST"
  | "LAST_INSPECTOR_NOT_RECORDED"
  | "FALLBACK_UNNEEDED";

/**
 * One subject drawn for inspection, with its inspectors.
 * @category Supervision
 */
export interface InspectionDraw {
  /** The subject. */
  readonly subjectId: string;
  /** Its grade. */
  readonly grade: Grade;
  /** Its unit, if declared. */
  readonly unit: string | null;
  /** Its position in its grade's draw, from 1. */
  readonly order: number;
  /** The assigned inspectors (fewer than required only in a plan with problems). */
  readonly inspectors: readonly string[];
  /** Assigned inspectors who inspected the subject last time, and why. */
  readonly fallbacks: readonly InspectorFallback[];
  /** Inspection items added for the grade (增加检查项目). */
  readonly extraItems: readonly string[];
}

/**
 * The draw of one grade.
 * @category Supervision
 */
export interface GradeDraw {
  /** The grade. */
  readonly grade: Grade;
  /** Subjects of the grade the draw was made from (not excluded, not duplicated). */
  readonly population: number;
  /** Subjects of the grade marked `excluded`. */
  readonly excluded: number;
  /** The policy's ratio range (`max: null`: no upper limit), or `null` when no policy covers the grade. */
  readonly range: { readonly min: number; readonly max: number | null } | null;
  /** The ratio applied, or `null` when none could be (see the plan's problems). */
  readonly ratio: number | null;
  /** Where the ratio came from. */
  readonly ratioSource: "policy-min" | "override" | null;
  /** Subjects drawn: ⌈ratio × population⌉. */
  readonly drawn: number;
  /** The policy's inspections per subject per year, for the record. */
  readonly perYear: { readonly min: number; readonly max: number | null } | null;
}

/**
 * An inspector's number of assigned inspections in a plan.
 * @category Supervision
 */
export interface InspectorLoad {
  /** The inspector. */
  readonly inspectorId: string;
  /** Inspections assigned. */
  readonly assigned: number;
}
