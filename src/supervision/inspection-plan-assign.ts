/**
 * Assigning inspectors to the subjects of a random inspection plan (双随机一公开) (internal):
 * step 2 of `planInspections` for one drawn subject. The eligible inspectors (see
 * `_ineligibility`) who did not inspect the subject last time come first, last-time ones only
 * to make up the number, each such use recorded as a fallback; among candidates the
 * least-loaded are chosen, ties broken at random.
 * @module
 */
import { _ineligibility, plural } from "./inspection-plan-input.js";
import type { Grade } from "../base/grade.js";
import type { Inspector, InspectorFallback, PlanProblemDraft, PlanSubject } from "./inspection-plan-types.js";
import { type Random, shuffle } from "./random.js";

/** Least-loaded first; the shuffle before the stable sort breaks ties at random. */
function _pick(rng: Random, candidates: readonly Inspector[], load: ReadonlyMap<string, number>, n: number): Inspector[] {
  if (n <= 0 || candidates.length === 0) return [];
  return shuffle(rng, candidates)
    .sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0))
    .slice(0, n);
}

/**
 * The inspectors assigned to one drawn subject, and the problem when too few were eligible.
 * @category Supervision
 */
export interface _Assignment {
  /** The inspectors assigned: those who did not inspect the subject last time, then those who did. */
  readonly assigned: readonly Inspector[];
  /** The assigned inspectors who inspected the subject last time, and why each was needed. */
  readonly fallbacks: readonly InspectorFallback[];
  /** `INSUFFICIENT_INSPECTORS` when fewer than `k` could be assigned from a non-empty roster, else `null`. */
  readonly problem: PlanProblemDraft | null;
}

/**
 * Assigns `k` inspectors to one drawn subject, adding each one's inspection to `load`.
 * @param rng - The plan's assignment stream, shared by every subject in plan order.
 * @param subject - The drawn subject.
 * @param grade - Its grade.
 * @param usable - The usable inspectors, sorted by id.
 * @param load - Inspections assigned so far per inspector; updated.
 * @param k - Inspectors per inspection.
 * @category Supervision
 */
export function _assign(rng: Random, subject: PlanSubject, grade: Grade, usable: readonly Inspector[], load: Map<string, number>, k: number): _Assignment {
  const last = new Set(subject.lastInspectors ?? []);
  const fresh: Inspector[] = [];
  const previous: Inspector[] = [];
  const out = { UNAVAILABLE_INSPECTOR: [] as string[], SAME_UNIT: [] as string[], CONFLICT_OF_INTEREST: [] as string[] };
  for (const inspector of usable) {
    const why = _ineligibility(inspector, subject);
    if (why) out[why].push(inspector.id);
    else (last.has(inspector.id) ? previous : fresh).push(inspector);
  }
  const chosen = _pick(rng, fresh, load, k);
  const reused = _pick(rng, previous, load, k - chosen.length);
  const fallbacks = reused.map((i) => ({
    inspectorId: i.id,
    reason: "LAST_INSPECTOR" as const,
    message: `only ${plural(fresh.length, "eligible inspector")} did not inspect ${JSON.stringify(subject.subjectId)} last time and ${k} are needed`,
  }));
  const assigned = [...chosen, ...reused];
  for (const i of assigned) load.set(i.id, (load.get(i.id) ?? 0) + 1);
  let problem: PlanProblemDraft | null = null;
  if (assigned.length < k && usable.length > 0) {
    const reasons = [
      out.SAME_UNIT.length ? `${out.SAME_UNIT.length} from the subject's unit ${JSON.stringify(subject.unit)} (${out.SAME_UNIT.join(", ")})` : "",
      out.CONFLICT_OF_INTEREST.length ? `${out.CONFLICT_OF_INTEREST.length} with a declared conflict (${out.CONFLICT_OF_INTEREST.join(", ")})` : "",
      out.UNAVAILABLE_INSPECTOR.length ? `${out.UNAVAILABLE_INSPECTOR.length} unavailable (${out.UNAVAILABLE_INSPECTOR.join(", ")})` : "",
    ].filter(Boolean);
    problem = {
      code: "INSUFFICIENT_INSPECTORS",
      subjectId: subject.subjectId,
      grade,
      message:
        `subject ${JSON.stringify(subject.subjectId)} (grade ${grade}) needs ${k} inspectors but only ${assigned.length} of the ` +
        `${plural(usable.length, "inspector")} on the roster ${assigned.length === 1 ? "is" : "are"} eligible` +
        (reasons.length ? `: ${reasons.join("; ")} are not` : ""),
    };
  }
  return { assigned, fallbacks, problem };
}
