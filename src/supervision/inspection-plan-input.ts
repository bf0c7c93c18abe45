/**
 * Reading the input of a random inspection plan (双随机一公开) (internal): checking its shape,
 * resolving the sampling policy, splitting the population by grade and the roster into usable
 * inspectors, and the constraints both planning and verification apply (who may inspect whom,
 * which ratios a policy allows). Shared by `inspection-plan.ts` and `inspection-plan-verify.ts`
 * so both read an input the same way.
 * @module
 */
import { CreditGradingError } from "../base/errors.js";
import { GRADES, type Grade, isGrade } from "../base/grade.js";
import type { Inspector, InspectionPlan, PlanInput, PlanProblemDraft, PlanRulesetRef, PlanSubject } from "./inspection-plan-types.js";
import type { SamplingPolicy } from "../format/measure.js";
import { DEFAULT_SAMPLING } from "../measures/catalogue.js";
import type { CompiledRuleset } from "../engine/types.js";

/**
 * Orders strings by UTF-16 code units, the same in every locale.
 * @category Supervision
 */
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/**
 * A count with its noun, plural unless 1: "1 subject", "3 subjects".
 * @category Supervision
 */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * Throws the `INVALID_OPTIONS` error of malformed plan input.
 * @category Supervision
 */
export function _invalid(message: string): never {
  throw new CreditGradingError("INVALID_OPTIONS", `planInspections: ${message}`);
}

/**
 * Whether the plan's ruleset is a compiled ruleset rather than a reference.
 * @category Supervision
 */
export function _isCompiled(r: CompiledRuleset | PlanRulesetRef): r is CompiledRuleset {
  return typeof (r as CompiledRuleset).measuresFor === "function";
}

/**
 * The checked input: seed, inspectors per inspection, ruleset record and the sampling policy per grade.
 * @category Supervision
 */
export interface _Resolved {
  readonly seed: string;
  readonly k: number;
  readonly ruleset: InspectionPlan["ruleset"];
  readonly samplingSource: InspectionPlan["samplingSource"];
  readonly policies: ReadonlyMap<Grade, SamplingPolicy>;
}

/**
 * Checks the shape of a plan input and resolves its sampling policy; throws on malformed input.
 * @category Supervision
 */
export function _resolve(input: PlanInput): _Resolved {
  if (typeof input !== "object" || input === null) _invalid("input must be an object");
  if (typeof input.seed !== "string" || input.seed.length === 0) _invalid("seed must be a non-empty string");
  if (!Array.isArray(input.population)) _invalid("population must be an array");
  if (!Array.isArray(input.roster)) _invalid("roster must be an array");
  const k = input.inspectorsPerInspection ?? 2;
  if (!Number.isInteger(k) || k < 2) _invalid(`inspectorsPerInspection must be an integer of at least 2, got ${String(k)}`);
  input.population.forEach((s, i) => {
    if (typeof s !== "object" || s === null || typeof s.subjectId !== "string") _invalid(`population[${i}] has no string subjectId`);
  });
  input.roster.forEach((r, i) => {
    if (typeof r !== "object" || r === null || typeof r.id !== "string" || typeof r.unit !== "string") {
      _invalid(`roster[${i}] needs a string id and unit`);
    }
  });
  let samplingSource: InspectionPlan["samplingSource"] = "default";
  let list: readonly SamplingPolicy[] = DEFAULT_SAMPLING;
  if (input.sampling) {
    samplingSource = "input";
    list = input.sampling;
  } else if (input.ruleset && _isCompiled(input.ruleset)) {
    samplingSource = "ruleset";
    const compiled = input.ruleset;
    list = GRADES.flatMap((g) => {
      const s = compiled.measuresFor(g).sampling;
      return s ? [s] : [];
    });
  }
  const policies = new Map<Grade, SamplingPolicy>();
  for (const p of list) {
    if (policies.has(p.grade)) _invalid(`two sampling policies for grade ${p.grade}`);
    policies.set(p.grade, p);
  }
  let ruleset: InspectionPlan["ruleset"] = null;
  if (input.ruleset) {
    const ref = _isCompiled(input.ruleset) ? input.ruleset.ref : input.ruleset;
    ruleset = { id: ref.id, version: ref.version, contentHash: ref.contentHash ?? null };
  }
  return { seed: input.seed, k, ruleset, samplingSource, policies };
}

/**
 * The population split by grade, sorted by id, with duplicates and bad grades set aside.
 * @category Supervision
 */
export interface _Population {
  readonly byGrade: ReadonlyMap<Grade, readonly PlanSubject[]>;
  readonly excluded: ReadonlyMap<Grade, number>;
  readonly notGraded: readonly string[];
  readonly problems: readonly PlanProblemDraft[];
}

/**
 * Splits the population by grade, sorted by id; duplicated ids and invalid grades become problems.
 * @category Supervision
 */
export function _population(population: readonly PlanSubject[]): _Population {
  const count = new Map<string, number>();
  for (const s of population) count.set(s.subjectId, (count.get(s.subjectId) ?? 0) + 1);
  const problems: PlanProblemDraft[] = [];
  const byGrade = new Map<Grade, PlanSubject[]>(GRADES.map((g) => [g, []]));
  const excluded = new Map<Grade, number>(GRADES.map((g) => [g, 0]));
  const notGraded: string[] = [];
  const reported = new Set<string>();
  const sorted = population.slice().sort((a, b) => byCodeUnits(a.subjectId, b.subjectId));
  for (const s of sorted) {
    const n = count.get(s.subjectId) ?? 0;
    if (n > 1) {
      // Which copy is right cannot be told apart from input order, so none is drawn.
      if (!reported.has(s.subjectId)) {
        reported.add(s.subjectId);
        problems.push({
          code: "DUPLICATE_SUBJECT",
          subjectId: s.subjectId,
          message: `subject ${JSON.stringify(s.subjectId)} appears ${n} times in the population; it was left out of the draw`,
        });
      }
      continue;
    }
    if (s.grade === null) {
      notGraded.push(s.subjectId);
      continue;
    }
    if (!isGrade(s.grade)) {
      problems.push({
        code: "INVALID_GRADE",
        subjectId: s.subjectId,
        message: `subject ${JSON.stringify(s.subjectId)} has grade ${JSON.stringify(s.grade)}, not one of A–E; it was left out of the draw`,
      });
      continue;
    }
    if (s.excluded === true) excluded.set(s.grade, (excluded.get(s.grade) ?? 0) + 1);
    else byGrade.get(s.grade)?.push(s);
  }
  return { byGrade, excluded, notGraded, problems };
}

/**
 * The usable roster, sorted by id: inspectors listed more than once are left off, as problems.
 * @category Supervision
 */
export function _roster(roster: readonly Inspector[]): { readonly usable: readonly Inspector[]; readonly problems: readonly PlanProblemDraft[] } {
  const count = new Map<string, number>();
  for (const r of roster) count.set(r.id, (count.get(r.id) ?? 0) + 1);
  const problems: PlanProblemDraft[] = [];
  const usable: Inspector[] = [];
  for (const [id, n] of [...count].sort((a, b) => byCodeUnits(a[0], b[0]))) {
    if (n > 1) {
      problems.push({
        code: "DUPLICATE_INSPECTOR",
        inspectorId: id,
        message: `inspector ${JSON.stringify(id)} appears ${n} times on the roster; it was left off the roster`,
      });
    }
  }
  for (const r of roster.slice().sort((a, b) => byCodeUnits(a.id, b.id))) if (count.get(r.id) === 1) usable.push(r);
  return { usable, problems };
}

/**
 * Why an inspector may not inspect a subject, or `null` when it may.
 * @category Supervision
 */
export function _ineligibility(inspector: Inspector, subject: PlanSubject): "UNAVAILABLE_INSPECTOR" | "SAME_UNIT" | "CONFLICT_OF_INTEREST" | null {
  if (inspector.available === false) return "UNAVAILABLE_INSPECTOR";
  if (subject.unit !== undefined && inspector.unit === subject.unit) return "SAME_UNIT";
  if (inspector.conflicts?.includes(subject.subjectId)) return "CONFLICT_OF_INTEREST";
  return null;
}


/**
 * The problem with a ratio outside the policy's range (`max` absent: 1), or `null` when it is within.
 * @category Supervision
 */
export function _ratioProblem(grade: Grade, policy: SamplingPolicy, ratio: number): PlanProblemDraft | null {
  const max = policy.ratio.max ?? 1;
  if (typeof ratio === "number" && Number.isFinite(ratio) && ratio >= policy.ratio.min && ratio <= max) return null;
  const range = `[${policy.ratio.min}, ${policy.ratio.max ?? "1 (no upper limit)"}]`;
  return {
    code: "RATIO_OUT_OF_RANGE",
    grade,
    message: `grade ${grade}: ratio ${String(ratio)} is outside the policy's range ${range}; nothing was drawn for the grade`,
  };
}
