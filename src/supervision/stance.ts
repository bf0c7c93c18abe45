/**
 * Using the results (评价结果应用, R11, R12): one supervision stance (监管态势) for a subject
 * from all its current evaluations. The shapes of a stance and its parts are in
 * `stance-types.ts`. Application queries ("may this subject use 告知承诺 for
 * this matter?") and the measures that start and end between two evaluations are in
 * `stance-query.ts`; how an evaluation is named, in `evaluation-ref.ts`.
 *
 * **Combination policy `strictest-restriction-wins`** ({@link COMBINATION_POLICY}), applied by
 * {@link combineStance} to the evaluations of one subject:
 *
 * 1. Only gradable evaluations count. An evaluation without a grade carries no measures; it is
 *    listed under `ignored` and changes nothing.
 * 2. An evaluation carries the measures of its grade and those its fired rules added
 *    (`measuresInForce`). Every restriction (约束) and supervision (监管) measure of every
 *    counted evaluation is in force: the strictest restriction wins, and restrictions are never traded against
 *    incentives.
 * 3. An incentive (激励) measure applies when some counted evaluation carries it and **no**
 *    counted evaluation carries a restriction or supervision measure that
 *    (a) bars a capability the incentive grants, or
 *    (b) applies in one of the incentive's fields.
 *    Otherwise it is blocked, and every blocking (evaluation, measure) pair is listed with the
 *    capabilities and fields it blocks by. Rule (b) covers supervision as well as restriction
 *    measures: without it, a subject under key supervision (重点监管) from one regulator would
 *    at once get "fewer inspections" (减少检查频次) from another. Consequences: with the
 *    shipped catalogue an A public composite beside an industry E keeps no approval
 *    convenience and no lighter inspections, but keeps the finance (税信贷 / 信易贷) and
 *    信易+ incentives, since no E measure applies in those fields; beside a C or D it loses
 *    only the lighter inspections.
 * 4. Capabilities (the conveniences and eligibilities of {@link CAPABILITIES}, or of the host's
 *    list, and those the combined rulesets' own measures grant or bar at any grade, carried by
 *    each evaluation: see `capabilitiesOf`): barred when a measure in force (restriction or
 *    supervision) bars it; otherwise granted when an applying incentive grants it; otherwise
 *    allowed or not by the capability's default. Only explicit bars take a capability away: an
 *    incentive blocked by field alone leaves a capability that is allowed by default allowed.
 * 5. Sampling (双随机抽查): the strictest of the counted evaluations' policies: the highest
 *    minimum ratio, the highest minimum frequency, no upper limit when any policy has none
 *    (otherwise the highest upper limit), and the union of the extra inspection items.
 *
 * A measure id means one measure: when rulesets define the same id differently, the stance
 * merges them (union of fields, grants and bars; the strictest kind). All evaluations must be
 * of the same subject, and each ruleset may appear once (combine current evaluations; compare
 * an old and a new one with {@link measureChanges}). Everything here is pure: no clock, no I/O.
 * @module
 */
import { CreditGradingError } from "../base/errors.js";
import { _checkSameSubject, type EvaluationRef, evaluationRef } from "./evaluation-ref.js";
import { type Grade, worstOf } from "../base/grade.js";
import { CAPABILITIES, type Capability, capabilitiesOf } from "../measures/catalogue.js";
import type { AppliedMeasure, MeasureField, MeasureKind, SamplingPolicy } from "../format/measure.js";
import {
  type Blocker,
  type BlockedIncentive,
  type CapabilityAnswer,
  type CapabilityReason,
  COMBINATION_POLICY,
  type CombineStanceOptions,
  type StanceMeasure,
  type StanceSampling,
  type SupervisionStance,
} from "./stance-types.js";
import type { Evaluation } from "../engine/types.js";
import { measuresInForce } from "../engine/results.js";

/**
 * Combines a subject's evaluations (public composite, industries, market) into one supervision
 * stance under the `strictest-restriction-wins` policy of the module comment: every
 * restriction and supervision measure holds, an incentive applies only where none blocks it,
 * sampling is the strictest. Not-gradable evaluations are listed and do not count.
 * @param evaluations - The subject's current evaluations, one per ruleset.
 * @param options - The capabilities to answer for.
 * @returns The stance, each part naming the evaluations behind it.
 * @throws CreditGradingError (`INVALID_OPTIONS`) when there is no evaluation, the evaluations are of different subjects, or a ruleset appears twice.
 * @example
 * const s = combineStance([publicComposite.evaluate(x, opts), industry.evaluate(x, opts)]); // A and E
 * s.restrictions.map((m) => m.id); //=> ["no-gaozhi-chengnuo", "restrict-procurement", "restrict-bidding", "restrict-fiscal-funds"]
 * s.incentives.map((m) => m.id); //=> ["xinyidai-preference", "xinyijia-representative"]
 * s.sampling?.ratio; //=> { min: 0.6, max: null }
 * @category Supervision
 */
export function combineStance(evaluations: readonly Evaluation[], options: CombineStanceOptions = {}): SupervisionStance {
  const subjectId = _checkSameSubject(evaluations, "combineStance");
  const seen = new Map<string, Evaluation>();
  for (const e of evaluations) {
    const prior = seen.get(e.ruleset.id);
    if (prior) {
      throw new CreditGradingError(
        "INVALID_OPTIONS",
        `combineStance: ruleset ${e.ruleset.id} appears twice (${prior.ruleset.version} as of ${prior.asOf}, ${e.ruleset.version} as of ${e.asOf}); combine the current evaluation of each ruleset, and compare two with measureChanges`,
      );
    }
    seen.set(e.ruleset.id, e);
  }
  // Each counted evaluation with its measures in force, worked out once.
  const counted: { e: Evaluation; ref: EvaluationRef; measures: readonly AppliedMeasure[] }[] = [];
  const ignored: { evaluation: EvaluationRef; reason: "not-gradable" }[] = [];
  for (const e of evaluations) {
    const ref = evaluationRef(e);
    if (e.gradable && e.grade !== null) counted.push({ e, ref, measures: measuresInForce(e) });
    else ignored.push({ evaluation: ref, reason: "not-gradable" });
  }

  // Merge measures by id across the counted evaluations, in order of first appearance.
  const merged = new Map<string, { m: _MutableMeasure; from: EvaluationRef[] }>();
  for (const { ref, measures } of counted) {
    for (const m of measures) {
      const entry = merged.get(m.id);
      if (!entry) {
        merged.set(m.id, { m: { ...m, fields: [...m.fields], grants: [...m.grants], bars: [...m.bars] }, from: [ref] });
        continue;
      }
      if (!entry.from.includes(ref)) entry.from.push(ref);
      if (KIND_STRICTNESS[m.kind] > KIND_STRICTNESS[entry.m.kind]) entry.m.kind = m.kind;
      _addAll(entry.m.fields, m.fields);
      _addAll(entry.m.grants, m.grants);
      _addAll(entry.m.bars, m.bars);
    }
  }
  const all = [...merged.values()].map(({ m, from }): StanceMeasure => ({ ...m, from }));
  const inForce = all.filter((m) => m.kind !== "incentive");

  // Blocking pairs are (evaluation, measure), so that each blocker names its evaluation.
  const blockersOf = (incentive: StanceMeasure): Blocker[] => {
    const out: Blocker[] = [];
    for (const { ref, measures } of counted) {
      for (const m of measures) {
        if (m.kind === "incentive") continue;
        const capabilities = incentive.grants.filter((g) => m.bars.includes(g));
        const fields = incentive.fields.filter((f) => m.fields.includes(f));
        if (capabilities.length > 0 || fields.length > 0) out.push({ evaluation: ref, measure: m.id, kind: m.kind, capabilities, fields });
      }
    }
    return out;
  };
  const incentives: StanceMeasure[] = [];
  const blockedIncentives: BlockedIncentive[] = [];
  for (const m of all) {
    if (m.kind !== "incentive") continue;
    const blockedBy = blockersOf(m);
    if (blockedBy.length === 0) incentives.push(m);
    else blockedIncentives.push({ measure: m, blockedBy });
  }
  const applying = new Set(incentives.map((m) => m.id));

  const capabilities = _capabilities(evaluations, options.capabilities ?? CAPABILITIES).map((cap): CapabilityAnswer => {
    const bars: CapabilityReason[] = [];
    const grants: CapabilityReason[] = [];
    const quiet: CapabilityReason[] = [];
    for (const { ref, measures } of counted) {
      const before = bars.length + grants.length + quiet.length;
      for (const m of measures) {
        if (m.kind !== "incentive" && m.bars.includes(cap.id)) bars.push(_reason(ref, m.id, "bars"));
        else if (m.kind === "incentive" && m.grants.includes(cap.id)) {
          (applying.has(m.id) ? grants : quiet).push(_reason(ref, m.id, applying.has(m.id) ? "grants" : "grant-blocked"));
        }
      }
      if (bars.length + grants.length + quiet.length === before) quiet.push(_reason(ref, null, "silent"));
    }
    const answer = (allowed: boolean, basis: CapabilityAnswer["basis"], because: CapabilityReason[]): CapabilityAnswer => ({
      capability: cap.id,
      name: cap.name,
      allowed,
      basis,
      because,
    });
    if (bars.length > 0) return answer(false, "barred", bars);
    if (grants.length > 0) return answer(true, "granted", grants);
    return cap.default === "allowed" ? answer(true, "default-allowed", quiet) : answer(false, "not-granted", quiet);
  });

  return {
    subjectId,
    policy: COMBINATION_POLICY,
    counted: counted.map((c) => c.ref),
    ignored,
    worstGrade: counted.length === 0 ? null : worstOf(...(counted.map((c) => c.e.grade) as [Grade, ...Grade[]])),
    restrictions: inForce.filter((m) => m.kind === "restriction"),
    supervision: inForce.filter((m) => m.kind === "supervision"),
    incentives,
    blockedIncentives,
    sampling: _strictestSampling(counted),
    capabilities,
  };
}

// The host's (or shipped) list, then the capabilities of the combined rulesets it leaves out.
// Each evaluation carries its ruleset's own (as grants and bars they infer the same default).
function _capabilities(evaluations: readonly Evaluation[], known: readonly Capability[]): readonly Capability[] {
  const declared = evaluations.flatMap((e) => (e.capabilities ?? []).map((c) => ({ grants: c.default === "granted-only" ? [c.id] : [], bars: [c.id] })));
  return [...known, ...capabilitiesOf([...declared, ...evaluations.flatMap((e) => measuresInForce(e))], known)];
}

type _MutableMeasure = { -readonly [K in keyof AppliedMeasure]: AppliedMeasure[K] } & {
  fields: MeasureField[];
  grants: string[];
  bars: string[];
};

const KIND_STRICTNESS: Readonly<Record<MeasureKind, number>> = { incentive: 0, supervision: 1, restriction: 2 };

function _addAll<T>(into: T[], items: readonly T[]): void {
  for (const x of items) if (!into.includes(x)) into.push(x);
}

function _reason(ref: EvaluationRef, measure: string | null, role: CapabilityReason["role"]): CapabilityReason {
  return {
    ruleset: ref.ruleset,
    version: ref.version,
    grade: ref.grade!,
    label: ref.label!,
    measure,
    role,
    ...(ref.rule ? { rule: ref.rule } : {}),
  };
}

function _strictestSampling(counted: readonly { e: Evaluation; ref: EvaluationRef }[]): StanceSampling | null {
  const withPolicy = counted.flatMap(({ e, ref }) => (e.sampling ? [{ s: e.sampling, ref }] : []));
  if (withPolicy.length === 0) return null;
  const without = counted.filter(({ e }) => !e.sampling).map(({ ref }) => ref);
  const highest = (get: (s: SamplingPolicy) => number) => {
    const value = Math.max(...withPolicy.map(({ s }) => get(s)));
    return { value, from: withPolicy.filter(({ s }) => get(s) === value).map(({ ref }) => ref) };
  };
  const upper = (get: (s: SamplingPolicy) => number | undefined) => {
    const uncapped = withPolicy.filter(({ s }) => get(s) === undefined);
    if (uncapped.length > 0) return { value: null, from: uncapped.map(({ ref }) => ref) };
    return highest((s) => get(s)!);
  };
  const ratioMin = highest((s) => s.ratio.min);
  const ratioMax = upper((s) => s.ratio.max);
  const perYearMin = highest((s) => s.perYear.min);
  const perYearMax = upper((s) => s.perYear.max);
  const items = new Map<string, EvaluationRef[]>();
  for (const { s, ref } of withPolicy) {
    for (const item of s.extraItems ?? []) {
      const from = items.get(item) ?? [];
      if (!from.includes(ref)) from.push(ref);
      items.set(item, from);
    }
  }
  return {
    ratio: { min: ratioMin.value, max: ratioMax.value },
    perYear: { min: perYearMin.value, max: perYearMax.value },
    extraItems: [...items.keys()],
    sources: {
      ratioMin: ratioMin.from,
      ratioMax: ratioMax.from,
      perYearMin: perYearMin.from,
      perYearMax: perYearMax.from,
      extraItems: [...items].map(([item, from]) => ({ item, from })),
      without,
    },
  };
}
