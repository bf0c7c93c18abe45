/**
 * Evaluation (评价): a ruleset compiled once, then each subject scored, banded and explained.
 * Pure and synchronous: no clock, no I/O; the as-of date is an argument.
 *
 * Rounding happens at three documented steps, each to the ruleset's `rounding` policy:
 * 1. each indicator's score on its own scale;
 * 2. each indicator's contribution (score × maxPoints ÷ outOf) in points;
 * 3. group and total scores are exact sums of the rounded contributions (integer units),
 *    and the band is chosen by comparing integer units, so no float noise reaches a grade.
 * @module
 */
import { isIsoDate } from "./date.js";
import type { ConditionDef } from "./condition.js";
import { CreditGradingError } from "./errors.js";
import { compileFacts } from "./fact.js";
import { compileLifetime, type ExcludedRecord } from "./record.js";
import { compileRules, resolveGrade, type RuleOutcome, runRules } from "./rule.js";
import type {
  BandMatch,
  BatchOutcome,
  CompiledRuleset,
  EvaluateOptions,
  Evaluation,
  GroupResult,
  IndicatorResult,
  MissingTreatment,
  NotGradableReason,
  Reason,
  RulesetRef,
  SafeEvaluation,
} from "./result.js";
import { type Grade, gradeClass, isGrade } from "./grade.js";
import { DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING, MEASURE_CATALOGUE } from "./measure-catalogue.js";
import { compileMeasures, type GradeMeasures } from "./measure.js";
import { indicatorOutOf, type PlacedNode, placeNodes, scoringInputs, scoringRange } from "./indicator.js";
import { fromUnits, type RoundingPolicy, toUnits } from "./rounding.js";
import { loadRuleset, rulesetHash } from "./ruleset.js";
import type { BilingualName } from "./grade.js";
import { isGroup, type IndicatorLeafDef, type InputDef, type Ruleset } from "./ruleset-schema.js";
import { compileScorer, NoMatch, type Scorer } from "./scoring.js";
import { compileSubjectCheck } from "./subject.js";

interface CompiledLeaf {
  readonly id: string;
  readonly name: BilingualName;
  readonly groups: readonly string[];
  readonly inputIds: readonly string[];
  readonly scorer: Scorer;
  readonly outOf: number;
  readonly maxPoints: number;
  readonly weight: number;
  readonly onMissing: IndicatorLeafDef["onMissing"] | undefined;
  readonly worst: number;
  readonly pointsMode: boolean;
  readonly maxUnits: number;
  // Group positions (in the groups array) this leaf adds into.
  readonly groupSlots: readonly number[];
}

interface CompiledGroup {
  readonly id: string;
  readonly name: BilingualName;
  readonly groups: readonly string[];
  readonly maxPoints: number;
  readonly maxUnits: number;
}

/**
 * Compiles a ruleset once for evaluation. Accepts a parsed JSON document (it is validated)
 * or a ruleset already loaded.
 * @param input - A ruleset document.
 * @param source - The file name or label to name in errors.
 * @returns The compiled ruleset.
 * @throws RulesetError when the document has an error.
 * @example
 * const compiled = compileRuleset(JSON.parse(text));
 * compiled.evaluate({ id: "91310110666007217T", inputs: { ... } }, { asOf: "2025-12-31" }).grade; //=> "B"
 */
export function compileRuleset(input: unknown, source?: string): CompiledRuleset {
  // The validated document is the schema's own copy, never the caller's object: freezing it keeps
  // `compiled.ruleset` (and the effective period read at evaluation) from drifting after compiling.
  const ruleset = deepFreeze(loadRuleset(input, source));
  const ref: RulesetRef = Object.freeze({
    id: ruleset.id,
    scheme: ruleset.scheme,
    version: ruleset.version,
    contentHash: rulesetHash(ruleset),
  });
  const policy: RoundingPolicy = ruleset.rounding;
  const inputsById = new Map<string, InputDef>(ruleset.inputs.map((d) => [d.id, d]));
  const checkSubject = compileSubjectCheck({
    inputs: ruleset.inputs,
    strictInputs: ruleset.strictInputs,
    recordTypes: ruleset.records?.types,
    subjectId: ruleset.subjectId,
  });
  const total = ruleset.scale.max - ruleset.scale.min;

  const placed = placeNodes(ruleset);
  const groups: CompiledGroup[] = [];
  const groupIndex = new Map<string, number>();
  const leaves: CompiledLeaf[] = [];
  for (const p of placed) {
    if (isGroup(p.node)) {
      groupIndex.set(p.node.id, groups.length);
      groups.push({ id: p.node.id, name: p.node.name, groups: p.ancestors, maxPoints: p.maxPoints, maxUnits: toUnits(p.maxPoints, policy) });
    } else {
      leaves.push(compileLeaf(ruleset, p, p.node, inputsById, groupIndex, total, policy));
    }
  }
  const bands = ruleset.bands.map((b, index) => ({
    match: Object.freeze({
      grade: b.grade,
      index,
      min: b.min,
      max: b.max,
      minInclusive: b.minInclusive ?? true,
      maxInclusive: b.maxInclusive ?? index === 0,
    }) satisfies BandMatch,
    minUnits: toUnits(b.min, policy),
    maxUnits: toUnits(b.max, policy),
  }));
  const labels = new Map(ruleset.labels?.map((l) => [l.grade, l.label]) ?? []);
  const scaleMinUnits = toUnits(ruleset.scale.min, policy);
  const scaleMaxUnits = toUnits(ruleset.scale.max, policy);
  const { effective } = ruleset;
  const named = new Map<string, ConditionDef>(ruleset.conditions?.map((n) => [n.id, n.conditions]) ?? []);
  const deriveFacts =
    ruleset.records !== undefined || (ruleset.facts?.length ?? 0) > 0
      ? compileFacts(ruleset.facts ?? [], compileLifetime(ruleset.records?.types ?? [], ruleset.records?.publicity), named)
      : undefined;
  const rules = compileRules(ruleset.rules ?? [], named);
  const gradeMeasures = compileMeasures(ruleset.measures, MEASURE_CATALOGUE, { byGrade: DEFAULT_GRADE_MEASURES, sampling: DEFAULT_SAMPLING });
  const ruleOrder = new Map(rules.map((r, i) => [r.def.id, i]));
  const fallbackInput = ruleset.publicComposite?.fallbackGradeInput;
  const rulesBefore = rules.filter((r) => r.beforeBanding);
  const rulesAfter = rules.filter((r) => !r.beforeBanding);

  const bandOf = (units: number): (typeof bands)[number] | undefined =>
    bands.find(
      (b) =>
        (units > b.minUnits || (b.match.minInclusive && units === b.minUnits)) &&
        (units < b.maxUnits || (b.match.maxInclusive && units === b.maxUnits)),
    );

  const evaluate = (raw: unknown, options: EvaluateOptions): Evaluation => {
    const asOf = options.asOf;
    if (!isIsoDate(asOf)) {
      throw new CreditGradingError("INVALID_OPTIONS", `asOf must be a date YYYY-MM-DD, received ${JSON.stringify(asOf)}`);
    }
    if (!options.allowOutOfEffect && (asOf < effective.from || (effective.to !== undefined && asOf > effective.to))) {
      throw new CreditGradingError(
        "NOT_IN_EFFECT",
        `ruleset ${ruleset.id}@${ruleset.version} is in effect ${effective.from} to ${effective.to ?? "open"}, not on ${asOf}`,
      );
    }
    const subject = checkSubject(raw);
    const inputs = subject.inputs ?? {};
    let values: Readonly<Record<string, unknown>> = inputs;
    let derivedValues: Readonly<Record<string, unknown>> = NO_FACTS;
    let excludedRecords: readonly ExcludedRecord[] = [];
    if (deriveFacts) {
      const d = deriveFacts(subject.records ?? [], asOf);
      derivedValues = d.values;
      excludedRecords = d.excluded;
      values = Object.assign(Object.create(null) as Record<string, unknown>, inputs, d.values);
    }
    const groupUnits = new Array<number>(groups.length).fill(0);
    const indicatorResults: IndicatorResult[] = [];
    const notGradable: NotGradableReason[] = [];
    let totalUnits = scaleMinUnits;
    for (const leaf of leaves) {
      const r = scoreLeaf(leaf, values, policy, notGradable);
      indicatorResults.push(r.result);
      if (r.contributionUnits !== null) {
        totalUnits += r.contributionUnits;
        for (const g of leaf.groupSlots) groupUnits[g]! += r.contributionUnits;
      }
    }
    const scored = notGradable.length === 0;
    const scale = policy.scale;
    const groupResults: GroupResult[] = groups.map((g, i) => ({
      id: g.id,
      name: g.name,
      groups: g.groups,
      maxPoints: g.maxPoints,
      score: scored ? fromUnits(groupUnits[i]!, scale) : null,
      pointsLost: scored ? fromUnits(g.maxUnits - groupUnits[i]!, scale) : null,
    }));

    // Rules: adjust-points first (they change the total before banding), then the rest.
    const trace = options.trace === true;
    let ruleOutcomes: RuleOutcome[] = [];
    let facts: Record<string, unknown> | undefined;
    let adjustmentUnits = 0;
    if (rules.length > 0) {
      facts = Object.assign(Object.create(null) as Record<string, unknown>, values, { asOf, subjectId: subject.id });
      const ctx = { facts, asOf };
      const early = runRules(rulesBefore, ctx, trace);
      for (const o of early) if (o.fired && o.effect.type === "adjust-points") adjustmentUnits += toUnits(o.effect.points, policy);
      ruleOutcomes = early;
    }
    let scoreUnits: number | null = null;
    let band: (typeof bands)[number] | undefined;
    if (scored) {
      scoreUnits = totalUnits + adjustmentUnits;
      if (scoreUnits > scaleMaxUnits) scoreUnits = scaleMaxUnits;
      if (scoreUnits < scaleMinUnits) scoreUnits = scaleMinUnits;
      band = bandOf(scoreUnits);
      // Validation guarantees the bands cover the scale; a miss here is a bug, not bad input.
      if (!band) throw new Error(`no band for total ${fromUnits(scoreUnits, scale)} in ${ruleset.id}`);
    }
    const scoreGrade = band?.match.grade ?? null;
    if (facts) {
      facts["score"] = scoreUnits === null ? undefined : fromUnits(scoreUnits, scale);
      facts["scoreGrade"] = scoreGrade ?? undefined;
      ruleOutcomes = ruleOutcomes.concat(runRules(rulesAfter, { facts, asOf }, trace));
      // Report rules in the order the ruleset declares them, whichever phase ran them.
      ruleOutcomes.sort((a, b) => ruleOrder.get(a.id)! - ruleOrder.get(b.id)!);
    }
    const fired = ruleOutcomes.filter((o) => o.fired);
    const resolution = resolveGrade(scoreGrade, fired.map((o) => o.effect));
    for (const o of fired) {
      if (o.effect.type === "not-gradable") notGradable.push({ indicator: o.id, inputs: [], code: "RULE", message: o.reason.en });
    }
    let grade = resolution.grade;
    let decidedBy: Evaluation["decidedBy"] = resolution.decidedBy;
    if (grade === null && fallbackInput !== undefined) {
      const pcGrade = Object.hasOwn(inputs, fallbackInput) ? inputs[fallbackInput] : undefined;
      if (isGrade(pcGrade)) {
        // Caps still hold for a fallback grade (a subject on a list stays capped).
        grade = resolveGrade(pcGrade, fired.map((o) => o.effect).filter((e) => e.type === "cap")).grade;
        decidedBy = "public-composite-fallback";
      }
    }
    return {
      subjectId: subject.id,
      ruleset: ref,
      asOf,
      gradable: grade !== null,
      grade,
      decidedBy,
      class: grade === null ? null : gradeClass(grade),
      // A fallback grade is the public composite's canonical grade, not one of this scheme's labels.
      label: grade === null ? null : decidedBy === "public-composite-fallback" ? grade : (labels.get(grade) ?? grade),
      scoreGrade,
      adjustment: fromUnits(adjustmentUnits, scale),
      score: scoreUnits === null ? null : fromUnits(scoreUnits, scale),
      band: band?.match ?? null,
      groups: groupResults,
      indicators: indicatorResults,
      reasons: scored ? rankReasons(indicatorResults, options.maxReasons ?? 4) : [],
      notGradable,
      rules: trace ? ruleOutcomes : fired,
      facts: derivedValues,
      excludedRecords,
      measures: grade === null ? [] : gradeMeasures.get(grade)!.measures,
      sampling: grade === null ? null : gradeMeasures.get(grade)!.sampling,
    };
  };

  const safeEvaluate = (raw: unknown, options: EvaluateOptions): SafeEvaluation => {
    try {
      return { success: true, data: evaluate(raw, options) };
    } catch (error) {
      if (error instanceof CreditGradingError) return { success: false, error };
      throw error;
    }
  };

  function* evaluateMany(subjects: Iterable<unknown>, options: EvaluateOptions): Generator<BatchOutcome, void, undefined> {
    let index = 0;
    for (const raw of subjects) {
      const r = safeEvaluate(raw, options);
      if (r.success) yield { ok: true, index, evaluation: r.data };
      else yield { ok: false, index, subjectId: subjectIdOf(raw, r.error), error: r.error };
      index++;
    }
  }

  const measuresFor = (grade: Grade): GradeMeasures => gradeMeasures.get(grade)!;
  return Object.freeze({ ruleset, ref, evaluate, safeEvaluate, evaluateMany, measuresFor });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const NO_FACTS: Readonly<Record<string, unknown>> = Object.freeze({});

function subjectIdOf(raw: unknown, error: CreditGradingError): string | undefined {
  if ("subjectId" in error && typeof error.subjectId === "string") return error.subjectId;
  if (raw !== null && typeof raw === "object" && typeof (raw as { id?: unknown }).id === "string" && (raw as { id: string }).id !== "") return (raw as { id: string }).id;
  return undefined;
}

function compileLeaf(
  ruleset: Ruleset,
  p: PlacedNode,
  leaf: IndicatorLeafDef,
  inputsById: ReadonlyMap<string, InputDef>,
  groupIndex: ReadonlyMap<string, number>,
  total: number,
  policy: RoundingPolicy,
): CompiledLeaf {
  const outOf = indicatorOutOf(ruleset, leaf, p.maxPoints);
  return {
    id: leaf.id,
    name: leaf.name,
    groups: p.ancestors,
    inputIds: scoringInputs(leaf.scoring),
    scorer: compileScorer(leaf.scoring, outOf, inputsById),
    outOf,
    maxPoints: p.maxPoints,
    weight: (p.maxPoints / total) * 100,
    onMissing: leaf.onMissing,
    worst: scoringRange(leaf.scoring, outOf)[0],
    pointsMode: outOf === p.maxPoints,
    maxUnits: toUnits(p.maxPoints, policy),
    groupSlots: p.ancestors.map((id) => groupIndex.get(id)!),
  };
}

function scoreLeaf(
  leaf: CompiledLeaf,
  inputs: Readonly<Record<string, unknown>>,
  policy: RoundingPolicy,
  notGradable: NotGradableReason[],
): { result: IndicatorResult; contributionUnits: number | null } {
  const ids = leaf.inputIds;
  const raw: unknown[] = new Array(ids.length);
  const shown: Record<string, unknown> = {};
  let missing: MissingTreatment | null = null;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const v = Object.hasOwn(inputs, id) ? inputs[id] : undefined;
    shown[id] = v ?? null;
    if (v === undefined || v === null) {
      const how = leaf.onMissing ?? "not-gradable";
      if (typeof how === "object") {
        raw[i] = how.impute;
        missing = "imputed";
      } else {
        missing = missing === "not-gradable" || how === "not-gradable" ? "not-gradable" : "worst";
      }
    } else raw[i] = v;
  }
  const base = { id: leaf.id, name: leaf.name, groups: leaf.groups, values: shown, outOf: leaf.outOf, weight: leaf.weight, maxPoints: leaf.maxPoints };
  const fail = (code: NotGradableReason["code"], message: string) => {
    notGradable.push({ indicator: leaf.id, inputs: ids, code, message });
    return { result: { ...base, missing, score: null, contribution: null, pointsLost: null }, contributionUnits: null };
  };
  let score: number;
  if (missing === "not-gradable") return fail("MISSING_INPUT", `input ${ids.filter((id) => shown[id] === null).join(", ")} is missing and indicator "${leaf.id}" declares the subject not gradable then`);
  if (missing === "worst") score = leaf.worst;
  else {
    try {
      score = leaf.scorer(raw);
    } catch (e) {
      if (e instanceof NoMatch) return fail("NO_MATCH", `indicator "${leaf.id}": ${e.message}`);
      throw e;
    }
  }
  const scoreUnits = toUnits(score, policy);
  const contributionUnits = leaf.pointsMode
    ? scoreUnits
    : toUnits((fromUnits(scoreUnits, policy.scale) * leaf.maxPoints) / leaf.outOf, policy);
  return {
    result: {
      ...base,
      missing,
      score: fromUnits(scoreUnits, policy.scale),
      contribution: fromUnits(contributionUnits, policy.scale),
      pointsLost: fromUnits(leaf.maxUnits - contributionUnits, policy.scale),
    },
    contributionUnits,
  };
}

function rankReasons(indicators: readonly IndicatorResult[], max: number): Reason[] {
  return indicators
    .filter((r) => r.pointsLost !== null && r.pointsLost > 0)
    .sort((a, b) => b.pointsLost! - a.pointsLost! || (a.id < b.id ? -1 : 1))
    .slice(0, Math.max(0, max))
    .map((r, i) => ({ rank: i + 1, indicator: r.id, name: r.name, pointsLost: r.pointsLost! }));
}
