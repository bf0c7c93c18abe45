/**
 * Random inspection plans (双随机一公开: random choice of the subjects inspected and of the
 * inspectors, results made public), differentiated by credit grade (R15).
 *
 * A plan is drawn in two steps, both deterministic from a recorded seed:
 *
 * 1. **Subjects.** For each grade A–E, the grade's population (subjects not `excluded`) is
 *    sorted by `subjectId` (UTF-16 code-unit order, locale-independent) so the order of the
 *    input array never matters, and `sampleSize(ratio, n)` = ⌈ratio × n⌉ subjects are drawn
 *    uniformly without replacement ({@link sample}) from a stream of its own, seeded with
 *    `seed + "\u0000draw:" + grade`. Rounding up means the drawn share is never below the
 *    ratio, so the policy's minimum is always honoured. The ratio is the policy's `min`
 *    unless `ratios` overrides it within `[min, max]` (E has no `max`: up to 1).
 * 2. **Inspectors.** Draws are taken in plan order (grade A to E, then draw order) and each
 *    gets `inspectorsPerInspection` (default 2) distinct inspectors from one stream seeded
 *    with `seed + "\u0000assign"`. Eligible: available, not from the subject's unit, no
 *    declared conflict with the subject. Inspectors who inspected the subject last time are
 *    used only when too few others are eligible, and each such use is recorded as a
 *    fallback. Among candidates the least-loaded come first, ties broken at random, so work
 *    spreads evenly. The roster is sorted by id first, so its order does not matter either.
 *
 * Problems are data: `planInspections` returns the plan with `ok: false` and every problem,
 * each naming the subject, grade or inspector and the constraint, instead of throwing. It
 * throws only when the input is malformed (see {@link planInspections}).
 *
 * This module draws the plan; `inspection-plan-verify.ts` re-checks one against its input,
 * `_inspection-plan-input.ts` reads the input the same way for both, and
 * `_inspection-plan-assign.ts` assigns a drawn subject its inspectors.
 * @module
 */
import { _assign } from "./inspection-plan-assign.js";
import { _population, _ratioProblem, _resolve, _roster, plural } from "./inspection-plan-input.js";
import { GRADES, type Grade } from "../base/grade.js";
import type { SamplingPolicy } from "../format/measure.js";
import { createRandom, sample } from "./random.js";
import type { CompiledRuleset, Evaluation } from "../engine/types.js";

/** The name and version of the drawing procedure, recorded in every plan so an auditor replays the right one. */
export const PLAN_ALGORITHM = "credit-grading/inspection-plan@1" as const;

/** A graded market subject (市场主体) in the population a plan draws from. */
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

/** An inspector (执法检查人员) on the roster (执法检查人员名录库). */
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

/** The ruleset a population was graded under, as recorded in a plan. */
export interface PlanRulesetRef {
  /** Ruleset id. */
  readonly id: string;
  /** Its version. */
  readonly version: string;
  /** Its content hash, when known. */
  readonly contentHash?: string;
}

/** What {@link planInspections} draws from. */
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

/** What kind of problem a plan or its verification found. */
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

/** One problem with a plan, naming what it concerns and the constraint. */
export interface PlanProblem {
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

/** A last-time inspector assigned again because too few others were eligible. */
export interface InspectorFallback {
  /** The inspector reused. */
  readonly inspectorId: string;
  /** Always `LAST_INSPECTOR`: the inspector inspected the subject last time. */
  readonly reason: "LAST_INSPECTOR";
  /** Why it was needed. */
  readonly message: string;
}

/** One subject drawn for inspection, with its inspectors. */
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

/** The draw of one grade. */
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

/** An inspector's number of assigned inspections in a plan. */
export interface InspectorLoad {
  /** The inspector. */
  readonly inspectorId: string;
  /** Inspections assigned. */
  readonly assigned: number;
}

/** A random inspection plan: what was drawn, from what, and how to replay it. */
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
 * The number of subjects to draw: ⌈ratio × population⌉, so the share drawn is never below
 * the ratio. A product within a few ulps of an integer counts as that integer, so
 * `0.1 × 30` draws 3, not 4.
 * @param ratio - A share from 0 to 1.
 * @param population - The number of subjects, a non-negative integer.
 * @returns How many to draw, 0 to `population`.
 * @example
 * sampleSize(0.05, 30); //=> 2
 * sampleSize(0.1, 30); //=> 3
 * sampleSize(0, 30); //=> 0
 */
export function sampleSize(ratio: number, population: number): number {
  const x = ratio * population;
  const nearest = Math.round(x);
  const n = Math.abs(x - nearest) <= Math.max(1, Math.abs(x)) * 64 * Number.EPSILON ? nearest : Math.ceil(x);
  return Math.min(Math.max(n, 0), population);
}

/**
 * Turns an evaluation into a subject of a plan's population, adding what the evaluation does
 * not know (the subject's unit, its last inspectors).
 * @param evaluation - The subject's evaluation; a not-gradable one gives `grade: null`.
 * @param extra - The subject's unit, last inspectors and exclusion.
 * @returns The plan subject.
 * @example
 * planSubjectFromEvaluation(evaluation, { unit: "市监局一所" });
 * //=> { subjectId: "91310110666007217T", grade: "C", unit: "市监局一所" }
 */
export function planSubjectFromEvaluation(
  evaluation: Pick<Evaluation, "subjectId" | "grade">,
  extra: Omit<PlanSubject, "subjectId" | "grade"> = {},
): PlanSubject {
  return { subjectId: evaluation.subjectId, grade: evaluation.grade, ...extra };
}

/**
 * Draws a random inspection plan: the subjects to inspect per grade at the sampling
 * policy's ratios, and at least two inspectors for each, deterministically from the seed.
 * See the module documentation for the procedure.
 *
 * A plan that cannot be satisfied is returned, not thrown: `ok` is `false` and `problems`
 * says exactly why (an empty roster, too few eligible inspectors for a named subject, a
 * ratio outside the policy's range, a grade with subjects but no policy, duplicated ids).
 * The rest of the plan is still drawn: a subject short of inspectors keeps those found, a
 * grade with a bad ratio draws nothing.
 * @param input - Seed, population, roster, policy and options.
 * @returns The plan; deep-equal for the same input and seed, whatever the order of the population and roster.
 * @throws CreditGradingError `INVALID_OPTIONS` when the input is malformed: an empty or non-string
 *   seed, `inspectorsPerInspection` not an integer ≥ 2, a subject or inspector without a string
 *   id (or inspector unit), two sampling policies for one grade.
 * @example
 * const plan = planInspections({
 *   seed: "2025-Q3-公示-0001",
 *   population: [{ subjectId: "S1", grade: "E", unit: "U1" }, { subjectId: "S2", grade: "C" }],
 *   roster: [{ id: "I1", unit: "U1" }, { id: "I2", unit: "U2" }, { id: "I3", unit: "U3" }],
 * });
 * plan.ok; //=> true
 * plan.draws.map((d) => d.subjectId); //=> ["S2", "S1"] (C at 10 % of 1 → 1, E at 60 % of 1 → 1)
 * plan.draws[1]?.inspectors.includes("I1"); //=> false (I1 is from the subject's unit)
 */
export function planInspections(input: PlanInput): InspectionPlan {
  const r = _resolve(input);
  const pop = _population(input.population);
  const roster = _roster(input.roster);
  const problems: PlanProblem[] = [...pop.problems, ...roster.problems];

  const grades: GradeDraw[] = [];
  const drawnSubjects: { subject: PlanSubject; grade: Grade; order: number; extraItems: readonly string[] }[] = [];
  for (const grade of GRADES) {
    const subjects = pop.byGrade.get(grade) ?? [];
    const policy = r.policies.get(grade);
    const override = input.ratios?.[grade];
    const base = {
      grade,
      population: subjects.length,
      excluded: pop.excluded.get(grade) ?? 0,
      range: policy ? { min: policy.ratio.min, max: policy.ratio.max ?? null } : null,
      perYear: policy ? { min: policy.perYear.min, max: policy.perYear.max ?? null } : null,
    };
    if (!policy) {
      if (subjects.length > 0 || override !== undefined) {
        problems.push({
          code: "NO_SAMPLING_POLICY",
          grade,
          message: `grade ${grade}: no sampling policy covers the grade, so its ${plural(subjects.length, "subject")} could not be drawn`,
        });
      }
      grades.push({ ...base, ratio: null, ratioSource: null, drawn: 0 });
      continue;
    }
    const ratio = override ?? policy.ratio.min;
    const bad = _ratioProblem(grade, policy, ratio);
    if (bad) {
      problems.push(bad);
      grades.push({ ...base, ratio: null, ratioSource: null, drawn: 0 });
      continue;
    }
    const n = sampleSize(ratio, subjects.length);
    const drawn = sample(createRandom(`${r.seed}\u0000draw:${grade}`), subjects, n);
    drawn.forEach((subject, i) => drawnSubjects.push({ subject, grade, order: i + 1, extraItems: policy.extraItems ?? [] }));
    grades.push({ ...base, ratio, ratioSource: override === undefined ? "policy-min" : "override", drawn: n });
  }

  if (roster.usable.length === 0 && drawnSubjects.length > 0) {
    const why = input.roster.length === 0 ? "the roster is empty" : "every inspector on the roster is duplicated";
    problems.push({
      code: "EMPTY_ROSTER",
      message: `${why}: none of the ${plural(drawnSubjects.length, "drawn subject")} can be assigned inspectors`,
    });
  }

  const rng = createRandom(`${r.seed}\u0000assign`);
  const load = new Map<string, number>(roster.usable.map((i) => [i.id, 0]));
  const draws: InspectionDraw[] = [];
  for (const { subject, grade, order, extraItems } of drawnSubjects) {
    const { assigned, fallbacks, problem } = _assign(rng, subject, grade, roster.usable, load, r.k);
    if (problem) problems.push(problem);
    draws.push({
      subjectId: subject.subjectId,
      grade,
      unit: subject.unit ?? null,
      order,
      inspectors: assigned.map((i) => i.id),
      fallbacks,
      extraItems: [...extraItems],
    });
  }

  return {
    ok: problems.length === 0,
    problems,
    algorithm: PLAN_ALGORITHM,
    seed: r.seed,
    ruleset: r.ruleset,
    samplingSource: r.samplingSource,
    inspectorsPerInspection: r.k,
    populationSize: input.population.length,
    grades,
    notGraded: pop.notGraded,
    draws,
    workload: roster.usable.map((i) => ({ inspectorId: i.id, assigned: load.get(i.id) ?? 0 })),
  };
}
