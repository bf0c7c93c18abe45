/**
 * Results read from the kernel state (结果): the lean {@link GradeResult} of `grade` and the
 * full {@link Evaluation} of `evaluate`. Nothing here decides anything: the kernel has graded;
 * these functions put what it kept into the shapes hosts read.
 * @module
 */
import { GRADES, gradeClass, type Grade, type GradeClass } from "../base/grade.js";
import type { AddedMeasure, AppliedMeasure, RuleOutput } from "../format/measure.js";
import { DECIDED_BY } from "../format/effects.js";
import type { Evaluation, GradeResult, GroupResult, IndicatorResult, MissingTreatment, NotGradableReason, Reason } from "./types.js";
import { fromUnits } from "../base/rounding.js";
import type { RuleOutcome } from "./types.js";
import { readTrace } from "./kernel/conditions.js";
import { Decided } from "./kernel/rules.js";
import { Missing } from "./kernel/scoring.js";
import type { Plan, PlanLeaf, PlanRule } from "./plan.js";
import { idOrderOf, rankTop } from "./reasons.js";
import { type KernelState, lvOffsets } from "./state.js";

const MISSING: readonly (MissingTreatment | null)[] = [null, "imputed", "worst", "not-gradable"];
const NO_REASONS: readonly Reason[] = Object.freeze([]);
const NO_RULES: readonly string[] = Object.freeze([]);
const NO_MEASURES: readonly AppliedMeasure[] = Object.freeze([]);
const NO_ADDED: readonly AddedMeasure[] = Object.freeze([]);
const NO_OUTPUTS: readonly RuleOutput[] = Object.freeze([]);

/**
 * The prototype of an evaluation's `facts` object: empty, with no prototype of its own and
 * frozen, so that a fact name such as "toString" finds nothing inherited while the objects keep
 * the engine's fast property layout.
 * @category Grading
 */
export const FACTS_PROTO: object = Object.freeze(Object.create(null) as object);
const NO_FACTS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(FACTS_PROTO) as Record<string, unknown>);

/**
 * What reading results needs of a compiled plan, prepared once.
 * @category Grading
 */
export interface ResultTables {
  /** The plan. */
  readonly plan: Plan;
  /** Each leaf's rank by id (the reason codes' tie-break). */
  readonly idOrder: Int32Array;
  /** Scratch for ranking reasons. */
  readonly top: Int32Array;
  /** The measures of each label position. */
  readonly measures: readonly (readonly AppliedMeasure[])[];
  /** The canonical grade of each label position. */
  readonly grades: readonly Grade[];
  /** The class of each label position. */
  readonly classes: readonly GradeClass[];
  /** Each leaf's first slot in `st.lv`. */
  readonly lvAt: readonly number[];
  /** Each rule's first trace slot. */
  readonly traceAt: readonly number[];
  /** The rules that add measures or emit outputs. */
  readonly acting: readonly PlanRule[];
}

/**
 * Prepares the tables results are read with.
 * @param plan - The plan.
 * @param traceAt - Each rule's first trace slot.
 * @returns The tables.
 * @category Grading
 */
export function resultTables(plan: Plan, traceAt: readonly number[]): ResultTables {
  return {
    plan,
    idOrder: idOrderOf(plan.leaves.map((l) => l.id)),
    top: new Int32Array(plan.leaves.length),
    measures: plan.measures.map((m) => m.measures),
    grades: plan.labels.entries.map((e) => e.grade),
    classes: plan.labels.entries.map((e) => gradeClass(e.grade)),
    lvAt: lvOffsets(plan),
    traceAt,
    acting: plan.rules.filter((r) => r.measures.length > 0 || r.outputs.length > 0),
  };
}

/**
 * How many reason codes to rank for a `maxReasons` option (default 4), as `Array.prototype.slice(0, n)`
 * reads its bound: fractions truncated, NaN and negatives 0, at most `count`.
 * @param maxReasons - The option.
 * @param count - The number of indicators.
 * @returns The number wanted.
 * @example
 * reasonCount(2.5, 20); //=> 2
 * @category Grading
 */
export function reasonCount(maxReasons: number | undefined, count: number): number {
  return Math.min(count, Math.max(0, Math.trunc(maxReasons ?? 4) || 0));
}

function reasons(t: ResultTables, st: KernelState, maxReasons: number | undefined): readonly Reason[] {
  const leaves = t.plan.leaves;
  const wanted = Number.isNaN(st.score) ? 0 : reasonCount(maxReasons, leaves.length);
  if (wanted === 0) return NO_REASONS;
  const n = rankTop(st.lost, t.idOrder, leaves.length, wanted, t.top);
  if (n === 0) return NO_REASONS;
  const scale = t.plan.policy.scale;
  const list: Reason[] = new Array(n);
  for (let r = 0; r < n; r++) {
    const leaf = leaves[t.top[r]!]!;
    list[r] = { rank: r + 1, indicator: leaf.id, name: leaf.name, pointsLost: fromUnits(st.lost[t.top[r]!]!, scale) };
  }
  return list;
}

/**
 * The measures the fired rules added and the outputs they emitted, in rule order (shared empty
 * arrays when none did).
 * @param t - The result tables.
 * @param st - The state of a run.
 * @returns Both lists.
 * @category Grading
 */
export function ruleActions(t: ResultTables, st: KernelState): { readonly addedMeasures: readonly AddedMeasure[]; readonly outputs: readonly RuleOutput[] } {
  let addedMeasures = NO_ADDED;
  let outputs = NO_OUTPUTS;
  for (const r of t.acting) {
    if (st.fired[r.index] !== 1) continue;
    if (r.measures.length > 0) addedMeasures = addedMeasures === NO_ADDED ? r.measures.slice() : [...addedMeasures, ...r.measures];
    if (r.outputs.length > 0) outputs = outputs === NO_OUTPUTS ? r.outputs.slice() : [...outputs, ...r.outputs];
  }
  return { addedMeasures, outputs };
}

/**
 * Every measure in force for an evaluation: the grade's, then those fired rules added that the
 * grade does not already carry (each once, the first rule that added it named by `addedBy`).
 * @param e - An evaluation or grade result (one without `addedMeasures`, from an older
 *   version, has the grade's only).
 * @returns The measures.
 * @example
 * measuresInForce(evaluation).map((m) => m.id); //=> ["normal-supervision", "kitchen-inspection"]
 * @category Grading
 */
export function measuresInForce(e: Pick<Evaluation, "measures"> & { readonly addedMeasures?: readonly AddedMeasure[] | undefined }): readonly AppliedMeasure[] {
  const added = e.addedMeasures;
  if (added === undefined || added.length === 0) return e.measures;
  const out: AppliedMeasure[] = [...e.measures];
  const seen = new Set(out.map((m) => m.id));
  for (const m of added) {
    if (seen.has(m.id)) continue;
    seen.add(m.id);
    out.push(m);
  }
  return out;
}

// A fallback grade is the public composite's canonical grade, not one of this scheme's labels.
const labelOf = (t: ResultTables, st: KernelState): string | null =>
  st.position < 0 ? null : st.decided === Decided.FALLBACK ? t.grades[st.position]! : t.plan.labels.entries[st.position]!.label;

/**
 * The lean result of `grade` from the state of a `grade` run.
 * @param t - The result tables.
 * @param st - The state.
 * @param asOf - The as-of date.
 * @param maxReasons - How many reason codes.
 * @returns The result.
 * @category Grading
 */
export function gradeResult(t: ResultTables, st: KernelState, asOf: string, maxReasons: number | undefined): GradeResult {
  const p = st.position;
  const scale = t.plan.policy.scale;
  // The fired rules' ids in an array of exactly their number (an array grown by push leaves its
  // smaller stores behind as garbage).
  const fired = st.fired;
  let n = 0;
  for (let i = 0; i < fired.length; i++) n += fired[i]!;
  let rules = NO_RULES;
  if (n > 0) {
    const ids: string[] = new Array(n);
    for (let i = 0, j = 0; i < fired.length; i++) if (fired[i] === 1) ids[j++] = t.plan.rules[i]!.def.id;
    rules = ids;
  }
  return {
    subjectId: st.id as string,
    ruleset: t.plan.ref,
    asOf,
    gradable: p >= 0,
    grade: p >= 0 ? t.grades[p]! : null,
    label: labelOf(t, st),
    class: p >= 0 ? t.classes[p]! : null,
    score: Number.isNaN(st.score) ? null : fromUnits(st.score, scale),
    scoreGrade: st.scoreRank >= 0 ? GRADES[st.scoreRank]! : null,
    adjustment: fromUnits(st.adjust, scale),
    decidedBy: DECIDED_BY[st.decided]!,
    rules,
    reasons: reasons(t, st, maxReasons),
    measures: p >= 0 ? t.measures[p]! : NO_MEASURES,
    ...ruleActions(t, st),
  };
}

/**
 * The evaluation from the state of an `explain` run (and, traced, of a `trace` run).
 * @param t - The result tables.
 * @param st - The state.
 * @param asOf - The as-of date.
 * @param maxReasons - How many reason codes.
 * @param traced - Whether `st.tr` holds the rules' traces.
 * @returns The evaluation.
 * @category Grading
 */
export function evaluation(t: ResultTables, st: KernelState, asOf: string, maxReasons: number | undefined, traced: boolean): Evaluation {
  const { plan } = t;
  const scale = plan.policy.scale;
  const scored = !Number.isNaN(st.score);
  const notGradable: NotGradableReason[] = [];
  const indicators = plan.leaves.map((leaf) => indicatorResult(t, st, leaf, notGradable));
  const groups: GroupResult[] = plan.groups.map((g, i) => ({
    id: g.id,
    name: g.name,
    groups: g.groups,
    maxPoints: g.maxPoints,
    score: scored ? fromUnits(st.gu[i]!, scale) : null,
    pointsLost: scored ? fromUnits(g.maxUnits - st.gu[i]!, scale) : null,
  }));
  const rules: RuleOutcome[] = [];
  for (const r of plan.rules) {
    const fired = st.fired[r.index] === 1;
    if (!fired && !traced) continue;
    const facts: Record<string, unknown> = {};
    for (let j = 0; j < r.facts.length; j++) facts[r.facts[j]!] = st.rv[r.slots[j]!];
    const { def } = r;
    rules.push(
      traced
        ? { id: def.id, fired, effect: def.effect, reason: def.reason, legalBasis: def.legalBasis, facts, trace: readTrace(def.conditions, plan.named, st.tr, t.traceAt[r.index]!) }
        : { id: def.id, fired, effect: def.effect, reason: def.reason, legalBasis: def.legalBasis, facts },
    );
    if (fired && def.effect.type === "not-gradable") notGradable.push({ indicator: def.id, inputs: [], code: "RULE", message: def.reason.en });
  }
  const p = st.position;
  const grade: Grade | null = p >= 0 ? t.grades[p]! : null;
  const measures = p >= 0 ? plan.measures[p]! : undefined;
  return {
    subjectId: st.id as string,
    ruleset: plan.ref,
    asOf,
    gradable: p >= 0,
    grade,
    decidedBy: DECIDED_BY[st.decided]!,
    class: grade === null ? null : gradeClass(grade),
    label: labelOf(t, st),
    scoreGrade: st.scoreRank >= 0 ? GRADES[st.scoreRank]! : null,
    adjustment: fromUnits(st.adjust, scale),
    score: scored ? fromUnits(st.score, scale) : null,
    band: st.band >= 0 ? plan.bands[st.band]!.match : null,
    groups,
    indicators,
    reasons: reasons(t, st, maxReasons),
    notGradable,
    rules,
    facts: factsOf(plan, st),
    excludedRecords: plan.facts === undefined ? [] : st.excluded.slice(),
    measures: measures?.measures ?? [],
    sampling: measures?.sampling ?? null,
    ...ruleActions(t, st),
    capabilities: plan.capabilities,
  };
}

// One object literal with every field in one order: every indicator result has the same shape.
function indicatorResult(t: ResultTables, st: KernelState, leaf: PlanLeaf, notGradable: NotGradableReason[]): IndicatorResult {
  const l = leaf.index;
  const scale = t.plan.policy.scale;
  const at = t.lvAt[l]!;
  const values = st.vals[l]!;
  const miss = st.miss[l]! & 7;
  const noMatch = (st.miss[l]! & Missing.NO_MATCH) !== 0;
  if (miss === Missing.NOT_GRADABLE) {
    const ids = leaf.inputs.map((r) => r.name);
    notGradable.push({ indicator: leaf.id, inputs: ids, code: "MISSING_INPUT", message: `input ${ids.filter((id) => values[id] === null).join(", ")} is missing and indicator "${leaf.id}" declares the subject not gradable then` });
  } else if (noMatch) {
    notGradable.push({ indicator: leaf.id, inputs: leaf.inputs.map((r) => r.name), code: "NO_MATCH", message: `indicator "${leaf.id}": ${noMatchMessage(leaf, st.lv[at])}` });
  }
  const scored = miss !== Missing.NOT_GRADABLE && !noMatch;
  return {
    id: leaf.id,
    name: leaf.name,
    groups: leaf.groups,
    values,
    outOf: leaf.outOf,
    weight: leaf.weight,
    maxPoints: leaf.maxPoints,
    missing: MISSING[miss]!,
    score: scored ? fromUnits(st.su[l]!, scale) : null,
    contribution: scored ? fromUnits(st.cu[l]!, scale) : null,
    pointsLost: scored ? fromUnits(leaf.maxUnits - st.cu[l]!, scale) : null,
  };
}

// What the scorer saw (after imputation) and why nothing matched it.
function noMatchMessage(leaf: PlanLeaf, raw: unknown): string {
  const v = (raw === undefined || raw === null) && typeof leaf.onMissing === "object" ? leaf.onMissing.impute : raw;
  return leaf.scoring.type === "lookup" ? `value ${describeValue(v)} is not in the lookup table` : `value ${describeValue(v)} falls in no bin`;
}

// A value in a message, whatever it is: a JSON string or number, else its String() form.
function describeValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol") return v.toString();
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function factsOf(plan: Plan, st: KernelState): Readonly<Record<string, unknown>> {
  if (plan.facts === undefined) return NO_FACTS;
  const ids = plan.facts.ids;
  const values = Object.create(FACTS_PROTO) as Record<string, unknown>;
  for (let i = 0; i < ids.length; i++) values[ids[i]!] = st.dv[i];
  return values;
}
