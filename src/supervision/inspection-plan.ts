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
import { type GradeDraw, type InspectionDraw, type InspectionPlan, PLAN_ALGORITHM, type PlanInput, type PlanProblemDraft, planProblems, type PlanSubject } from "./inspection-plan-types.js";
import { _assign } from "./inspection-plan-assign.js";
import { _population, _ratioProblem, _resolve, _roster, plural } from "./inspection-plan-input.js";
import { GRADES, type Grade } from "../base/grade.js";
import { createRandom, sample } from "./random.js";
import type { Evaluation } from "../engine/types.js";


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
 * @category Supervision
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
 * @category Supervision
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
 * @category Supervision
 */
export function planInspections(input: PlanInput): InspectionPlan {
  const r = _resolve(input);
  const pop = _population(input.population);
  const roster = _roster(input.roster);
  const problems: PlanProblemDraft[] = [...pop.problems, ...roster.problems];

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
    problems: planProblems(problems),
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
