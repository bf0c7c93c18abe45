/**
 * Verifying a random inspection plan (双随机一公开): re-checking a published plan against its
 * input, constraint by constraint, for auditors and tests, and replaying the draw from the
 * recorded seed to show the draw came from the seed and not from a hand.
 * @module
 */
import { _ineligibility, _population, _ratioProblem, _resolve, _roster, plural } from "./inspection-plan-input.js";
import { GRADES, type Grade } from "../base/grade.js";
import { planInspections, sampleSize } from "./inspection-plan.js";
import { type Inspector, type InspectionPlan, type PlanInput, type PlanProblem, type PlanProblemDraft, planProblems, type PlanSubject } from "./inspection-plan-types.js";

/** The first path at which two JSON-like values differ, or `null` when they are deep-equal. */
function _difference(a: unknown, b: unknown, path: string): string | null {
  if (Object.is(a, b)) return null;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return path;
  if (Array.isArray(a) !== Array.isArray(b)) return path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const sub = Array.isArray(a) ? `${path}[${key}]` : `${path}.${key}`;
    const d = _difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], sub);
    if (d !== null) return d;
  }
  return null;
}

/**
 * Re-checks a plan against its input, constraint by constraint, for auditors and tests:
 * the recorded seed and counts, each grade's ratio within its range and ⌈ratio × n⌉ subjects
 * drawn, every drawn subject real, of its grade, not excluded and drawn once, at least the
 * required number of distinct, known, available inspectors, none from the subject's unit or
 * in conflict with it, a last-time inspector only as a recorded and needed fallback; and
 * finally that replaying {@link planInspections} on the input gives this very plan (so the
 * draw came from the seed, not from a hand).
 * @param plan - The plan to check (e.g. read back from the published record).
 * @param input - The input it claims to come from.
 * @returns Every violation found; empty when the plan holds.
 * @throws CreditGradingError `INVALID_OPTIONS` when the input is malformed, as {@link planInspections}.
 * @example
 * const plan = planInspections(input);
 * verifyPlan(plan, input); //=> []
 * verifyPlan({ ...plan, seed: "other" }, input)[0]?.code; //=> "RECORD_MISMATCH"
 * @category Supervision
 */
export function verifyPlan(plan: InspectionPlan, input: PlanInput): PlanProblem[] {
  const r = _resolve(input);
  const out: PlanProblemDraft[] = [];
  if (plan.seed !== r.seed) out.push({ code: "RECORD_MISMATCH", message: `the plan records seed ${JSON.stringify(plan.seed)}, the input has ${JSON.stringify(r.seed)}` });
  if (plan.populationSize !== input.population.length) {
    out.push({ code: "RECORD_MISMATCH", message: `the plan records a population of ${plan.populationSize}, the input has ${input.population.length}` });
  }
  if (plan.inspectorsPerInspection !== r.k) {
    out.push({ code: "RECORD_MISMATCH", message: `the plan records ${plan.inspectorsPerInspection} inspectors per inspection, the input asks for ${r.k}` });
  }

  const pop = _population(input.population);
  const subjects = new Map<string, PlanSubject>();
  for (const s of input.population) subjects.set(s.subjectId, s);
  const inspectors = new Map<string, Inspector>(_roster(input.roster).usable.map((i) => [i.id, i]));

  const drawnPerGrade = new Map<Grade, number>();
  const seen = new Set<string>();
  for (const d of plan.draws) {
    drawnPerGrade.set(d.grade, (drawnPerGrade.get(d.grade) ?? 0) + 1);
    const who = `subject ${JSON.stringify(d.subjectId)}`;
    const s = subjects.get(d.subjectId);
    if (seen.has(d.subjectId)) out.push({ code: "DRAWN_TWICE", subjectId: d.subjectId, message: `${who} is drawn more than once` });
    seen.add(d.subjectId);
    if (!s) {
      out.push({ code: "UNKNOWN_SUBJECT", subjectId: d.subjectId, message: `${who} is not in the population` });
      continue;
    }
    if (s.excluded === true) out.push({ code: "EXCLUDED_SUBJECT", subjectId: d.subjectId, message: `${who} is excluded from the campaign but drawn` });
    if (s.grade !== d.grade) {
      out.push({ code: "GRADE_MISMATCH", subjectId: d.subjectId, grade: d.grade, message: `${who} is drawn as grade ${d.grade} but graded ${String(s.grade)}` });
    }
    if (d.inspectors.length < r.k) {
      out.push({ code: "TOO_FEW_INSPECTORS", subjectId: d.subjectId, message: `${who} has ${d.inspectors.length} inspectors, ${r.k} are required` });
    }
    if (new Set(d.inspectors).size !== d.inspectors.length) {
      out.push({ code: "REPEATED_INSPECTOR", subjectId: d.subjectId, message: `${who} has the same inspector twice` });
    }
    const last = new Set(s.lastInspectors ?? []);
    const recorded = new Set(d.fallbacks.map((f) => f.inspectorId));
    for (const id of d.inspectors) {
      const i = inspectors.get(id);
      if (!i) {
        out.push({ code: "UNKNOWN_INSPECTOR", subjectId: d.subjectId, inspectorId: id, message: `${who}: inspector ${JSON.stringify(id)} is not on the roster` });
        continue;
      }
      const why = _ineligibility(i, s);
      if (why === "UNAVAILABLE_INSPECTOR") out.push({ code: why, subjectId: d.subjectId, inspectorId: id, message: `${who}: inspector ${JSON.stringify(id)} is not available` });
      if (why === "SAME_UNIT") out.push({ code: why, subjectId: d.subjectId, inspectorId: id, message: `${who}: inspector ${JSON.stringify(id)} is from the subject's unit ${JSON.stringify(s.unit)}` });
      if (why === "CONFLICT_OF_INTEREST") out.push({ code: why, subjectId: d.subjectId, inspectorId: id, message: `${who}: inspector ${JSON.stringify(id)} declared a conflict with it` });
      if (last.has(id) && !recorded.has(id)) {
        out.push({ code: "LAST_INSPECTOR_NOT_RECORDED", subjectId: d.subjectId, inspectorId: id, message: `${who}: inspector ${JSON.stringify(id)} inspected it last time and is not recorded as a fallback` });
      }
    }
    if (recorded.size > 0) {
      const fresh = [...inspectors.values()].filter((i) => _ineligibility(i, s) === null && !last.has(i.id));
      const assigned = new Set(d.inspectors);
      for (const id of recorded) {
        if (!assigned.has(id) || !last.has(id)) {
          out.push({ code: "FALLBACK_UNNEEDED", subjectId: d.subjectId, inspectorId: id, message: `${who}: fallback ${JSON.stringify(id)} is not an assigned last-time inspector` });
        }
      }
      if (fresh.length >= r.k || fresh.some((i) => !assigned.has(i.id))) {
        out.push({
          code: "FALLBACK_UNNEEDED",
          subjectId: d.subjectId,
          message: `${who}: a last-time inspector was reused while an eligible inspector who did not inspect it last time was left out`,
        });
      }
    }
  }

  for (const grade of GRADES) {
    const n = pop.byGrade.get(grade)?.length ?? 0;
    const g = plan.grades.find((x) => x.grade === grade);
    const drawn = drawnPerGrade.get(grade) ?? 0;
    if (!g) {
      out.push({ code: "RECORD_MISMATCH", grade, message: `the plan has no record of grade ${grade}` });
      continue;
    }
    if (g.population !== n) out.push({ code: "RECORD_MISMATCH", grade, message: `grade ${grade}: the plan records a population of ${g.population}, the input has ${n}` });
    if (g.drawn !== drawn) out.push({ code: "RECORD_MISMATCH", grade, message: `grade ${grade}: the plan records ${g.drawn} drawn, it lists ${drawn}` });
    const policy = r.policies.get(grade);
    if (g.ratio === null) {
      if (n > 0) out.push({ code: "RATIO_NOT_APPLIED", grade, message: `grade ${grade}: no ratio was applied to its ${plural(n, "subject")}` });
      continue;
    }
    if (!policy) {
      out.push({ code: "NO_SAMPLING_POLICY", grade, message: `grade ${grade}: no sampling policy covers the grade, yet a ratio of ${g.ratio} was applied` });
      continue;
    }
    const bad = _ratioProblem(grade, policy, g.ratio);
    if (bad) out.push(bad);
    const expected = sampleSize(g.ratio, n);
    if (drawn !== expected) {
      out.push({ code: "COUNT_MISMATCH", grade, message: `grade ${grade}: ${drawn} drawn, ⌈${g.ratio} × ${n}⌉ = ${expected} required` });
    }
  }

  const replay = planInspections(input);
  const at = _difference(plan, replay, "$");
  if (at !== null) {
    out.push({ code: "NOT_REPRODUCIBLE", message: `replaying the draw from the seed gives a different plan, first at ${at}` });
  }
  return planProblems(out);
}
