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
import { isIsoDate } from "../base/date.js";
import type { ConditionDef } from "../format/condition.js";
import { CreditGradingError, subjectIdOf } from "../base/errors.js";
import { compileFactSlots } from "../format/fact.js";
import { compileLifetime, type ExcludedRecord } from "../format/record.js";
import { compileRules, decidedByOf, fallbackPosition, type RuleOutcome, resolvePosition, runFiredRules, runRules, tallyEffects } from "../format/rule.js";
import type {
  BandMatch,
  BatchOutcome,
  CompiledRuleset,
  CompileOptions,
  EvaluateOptions,
  Evaluation,
  GroupResult,
  IndicatorResult,
  NotGradableReason,
  Reason,
  RulesetRef,
  SafeEvaluation,
} from "./types.js";
import { type Grade, gradeClass } from "../base/grade.js";
import { compileLabelScale, labelPosition } from "../format/labels.js";
import { capabilitiesOf, DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING, MEASURE_CATALOGUE } from "../measures/catalogue.js";
import { compileLabelMeasures, type GradeMeasures } from "../format/measure.js";
import { placeNodes } from "../format/indicator-tree.js";
import { fromUnits, type RoundingPolicy, toUnits } from "../base/rounding.js";
import { assertInEffect, deepFreeze, rulesetHash } from "../format/ruleset.js";
import { loadRuleset } from "../check/load.js";
import type { BilingualName } from "../base/grade.js";
import { isGroup, type InputDef } from "../format/ruleset-schema.js";
import { compileSubjectCheck, type Subject } from "../format/subject.js";
import { type CompiledBand, compileLeanGrade } from "./old/lean-grade.js";
import { reasonCount, reasonRanker } from "./reasons-old.js";
import { FACTS_PROTO, generateFactsBuilder, generateScoringKernel, generateShownBuilders } from "./old/kernel.js";
import { generateInputKernel, generateRecordCheck } from "./old/kernel-checks.js";
import { generateDerive } from "./old/kernel-facts.js";
import { type BoundLeaf, type CompiledLeaf, compileLeaf, scoreLeaf } from "./old/score-leaf.js";

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
 * @param options - Whether to generate the scoring kernel (default: yes, where the platform allows).
 * @returns The compiled ruleset.
 * @throws RulesetError when the document has an error.
 * @example
 * const compiled = compileRuleset(JSON.parse(text));
 * compiled.evaluate({ id: "91310110666007217T", inputs: { ... } }, { asOf: "2025-12-31" }).grade; //=> "B"
 */
function compileRulesetOld(input: unknown, source?: string, options: CompileOptions = {}): CompiledRuleset {
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
  // The generated kernels (_kernel.ts): inputs read and checked by fixed names, and straight-line
  // indicator scoring; without them (codegen: false, or `new Function` refused) the closures run.
  const inputKernel = options.codegen === false ? undefined : generateInputKernel(ruleset.inputs);
  const checkSubject = compileSubjectCheck({
    fastInputs: inputKernel?.checkInputs,
    fastRecord: inputKernel && generateRecordCheck(ruleset.records?.types ?? []),
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
  const labelScale = compileLabelScale(ruleset.labels);
  const bands: CompiledBand[] = ruleset.bands.map((b, index) => ({
    position: labelPosition(labelScale, b.grade, b.label),
    match: Object.freeze({
      grade: b.grade,
      label: labelScale.entries[labelPosition(labelScale, b.grade, b.label)]!.label,
      index,
      min: b.min,
      max: b.max,
      minInclusive: b.minInclusive ?? true,
      maxInclusive: b.maxInclusive ?? index === 0,
    }) satisfies BandMatch,
    minUnits: toUnits(b.min, policy),
    maxUnits: toUnits(b.max, policy),
  }));
  const scaleMinUnits = toUnits(ruleset.scale.min, policy);
  const scaleMaxUnits = toUnits(ruleset.scale.max, policy);
  const named = new Map<string, ConditionDef>(ruleset.conditions?.map((n) => [n.id, n.conditions]) ?? []);
  const factSlots =
    ruleset.records !== undefined || (ruleset.facts?.length ?? 0) > 0
      ? compileFactSlots(ruleset.facts ?? [], compileLifetime(ruleset.records?.types ?? [], ruleset.records?.publicity), named)
      : undefined;
  const rules = compileRules(ruleset.rules ?? [], named);
  const labelMeasures = compileLabelMeasures(ruleset.measures, MEASURE_CATALOGUE, { byGrade: DEFAULT_GRADE_MEASURES, sampling: DEFAULT_SAMPLING }, labelScale);
  const ownCapabilities = capabilitiesOf(labelMeasures.flatMap((g) => g.measures));
  const ruleOrder = new Map(rules.map((r, i) => [r.def.id, i]));
  const fallbackInput = ruleset.publicComposite?.fallbackGradeInput;
  const rulesBefore = rules.filter((r) => r.beforeBanding);
  const rulesAfter = rules.filter((r) => !r.beforeBanding);

  const bandOf = (units: number): CompiledBand | undefined => {
    for (let i = 0; i < bands.length; i++) {
      const b = bands[i]!;
      if ((units > b.minUnits || (b.match.minInclusive && units === b.minUnits)) && (units < b.maxUnits || (b.match.maxInclusive && units === b.maxUnits))) return b;
    }
    return undefined;
  };

  // ---------------------------------------------------------------- per-subject state, reused
  // Everything a subject does not change is prepared here, and the per-subject work reuses
  // buffers: one input buffer per indicator, one fact object for the rules (always the same
  // keys: the facts the rules read). The lean `grade` path (_lean-grade.ts) shares them and adds
  // its own. Evaluation is synchronous and calls no host code, so sharing them is safe.
  // Where a value comes from: 0 the subject check's copy of a declared input (by index),
  // 1 a derived fact (by slot; a derived fact wins over an input of the same name),
  // 2 asOf, 3 subjectId, 4 an own property of the inputs (a name declared nowhere).
  const inputValues = new Array<unknown>(ruleset.inputs.length);
  const derivedValues = new Array<unknown>(factSlots?.ids.length ?? 0);
  const inputIndex = new Map(ruleset.inputs.map((d, i) => [d.id, i]));
  const derivedIndex = new Map(factSlots?.ids.map((id, i) => [id, i]) ?? []);
  const sourceOf = (name: string): [kind: number, at: number] =>
    derivedIndex.has(name) ? [1, derivedIndex.get(name)!] : inputIndex.has(name) ? [0, inputIndex.get(name)!] : [4, -1];
  const shownBuilders = inputKernel && generateShownBuilders(leaves.map((l) => l.inputIds));
  // The result's facts object: fast properties, nothing inherited (see FACTS_PROTO).
  const factsBuilder = inputKernel && factSlots && generateFactsBuilder(factSlots.ids);
  const leanDerive = inputKernel && factSlots && generateDerive(factSlots.plan);
  const boundLeaves = leaves.map((leaf, l): BoundLeaf => {
    const sources = leaf.inputIds.map(sourceOf);
    return {
      leaf,
      buf: new Array<unknown>(leaf.inputIds.length),
      seen: new Array<unknown>(leaf.inputIds.length),
      shown: shownBuilders?.[l],
      kind: Uint8Array.from(sources, (x) => x[0]),
      at: Int32Array.from(sources, (x) => x[1]),
      onMissing: leaf.onMissing ?? "not-gradable",
    };
  });
  const valueOf = (kind: number, at: number, name: string, inputs: Readonly<Record<string, unknown>>): unknown =>
    kind === 0 ? inputValues[at] : kind === 1 ? derivedValues[at] : Object.hasOwn(inputs, name) ? inputs[name] : undefined;
  // The facts rules read, each from its source; score and scoreGrade are overwritten after
  // banding, as `evaluate` always did.
  const ruleFactNames = [...new Set(rules.flatMap((r) => r.facts))];
  const ruleFactSources = ruleFactNames.map((name): [number, number] => (name === "asOf" ? [2, -1] : name === "subjectId" ? [3, -1] : sourceOf(name)));
  const ruleFactKinds = Uint8Array.from(ruleFactSources, (x) => x[0]);
  const ruleFactAt = Int32Array.from(ruleFactSources, (x) => x[1]);
  // An ordinary object with every key set up front keeps one shape (fast property access);
  // conditions read it by own property only, so its prototype is never consulted. Fact names
  // cannot be "__proto__" (the schema's pattern), but a null prototype is kept for safety.
  const ruleFacts: Record<string, unknown> = ruleFactNames.includes("__proto__") ? (Object.create(null) as Record<string, unknown>) : {};
  for (const name of [...ruleFactNames, "score", "scoreGrade"]) ruleFacts[name] = undefined;
  const ruleCtx: { facts: Readonly<Record<string, unknown>>; asOf: string } = { facts: ruleFacts, asOf: "" };
  const EMPTY_INPUTS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);
  const scale = policy.scale;
  // Points the shared fact object at one subject (before banding: as `evaluate` had it).
  const fillRuleFacts = (inputs: Readonly<Record<string, unknown>>, asOf: string, subjectId: string): void => {
    ruleFacts["score"] = undefined;
    ruleFacts["scoreGrade"] = undefined;
    for (let i = 0; i < ruleFactNames.length; i++) {
      const kind = ruleFactKinds[i]!;
      ruleFacts[ruleFactNames[i]!] = kind === 2 ? asOf : kind === 3 ? subjectId : valueOf(kind, ruleFactAt[i]!, ruleFactNames[i]!, inputs);
    }
    ruleCtx.asOf = asOf;
  };
  // Without validation (a host's promise that the subject is valid): only what the checks
  // would have provided, the declared inputs read once into `inputValues`.
  const inputIds = ruleset.inputs.map((d) => d.id);
  const kernel = inputKernel && generateScoringKernel({ inputs: ruleset.inputs, leaves: boundLeaves, policy, scaleMinUnits });
  const readUnchecked = (raw: unknown): Subject => {
    const s = raw as Subject;
    const inputs = s.inputs ?? EMPTY_INPUTS;
    if (inputKernel !== undefined && inputKernel.readInputs(inputs, inputValues)) return s;
    for (let i = 0; i < inputIds.length; i++) {
      const id = inputIds[i]!;
      inputValues[i] = Object.hasOwn(inputs, id) ? inputs[id] : undefined;
    }
    return s;
  };
  const { grade, safeGrade, rulePhases } = compileLeanGrade({
    ruleset,
    ref,
    policy,
    checkSubject,
    readUnchecked,
    inputValues,
    derivedValues,
    factSlots,
    boundLeaves,
    rules,
    named,
    ruleFactNames,
    ruleFactKinds,
    ruleFactAt,
    bands,
    bandOf,
    labelScale,
    labelMeasures,
    fallbackInput,
    scaleMinUnits,
    scaleMaxUnits,
    emptyInputs: EMPTY_INPUTS,
    kernel,
    derive: leanDerive,
  });
  const reasons = reasonRanker(leaves.map((l) => l.id));
  // Group totals in units, reused (reset per subject).
  const groupUnits = new Float64Array(groups.length);
  const byRuleOrder = (a: RuleOutcome, b: RuleOutcome): number => ruleOrder.get(a.id)! - ruleOrder.get(b.id)!;
  const evaluate = (raw: unknown, options: EvaluateOptions): Evaluation => {
    const asOf = options.asOf;
    if (!isIsoDate(asOf)) {
      throw new CreditGradingError("INVALID_OPTIONS", `asOf must be a date YYYY-MM-DD, received ${JSON.stringify(asOf)}`);
    }
    if (!options.allowOutOfEffect) assertInEffect(ruleset, asOf);
    const subject = options.validate === false ? readUnchecked(raw) : checkSubject(raw, inputValues);
    const inputs = subject.inputs ?? EMPTY_INPUTS;
    let factValues: Readonly<Record<string, unknown>> = NO_FACTS;
    let excludedRecords: readonly ExcludedRecord[] = [];
    if (factSlots) {
      const excluded: ExcludedRecord[] = [];
      const records = subject.records ?? [];
      if (leanDerive !== undefined) leanDerive(records, asOf, derivedValues, excluded);
      else factSlots.derive(records, asOf, derivedValues, excluded);
      if (factsBuilder !== undefined) factValues = factsBuilder(derivedValues);
      else {
        const values = Object.create(FACTS_PROTO) as Record<string, unknown>;
        for (let i = 0; i < factSlots.ids.length; i++) values[factSlots.ids[i]!] = derivedValues[i];
        factValues = values;
      }
      excludedRecords = excluded;
    }
    groupUnits.fill(0);
    const indicatorResults: IndicatorResult[] = new Array(leaves.length);
    const notGradable: NotGradableReason[] = [];
    let totalUnits = scaleMinUnits;
    for (let l = 0; l < boundLeaves.length; l++) {
      const lean = boundLeaves[l]!;
      const r = scoreLeaf(lean, inputs, valueOf, policy, notGradable);
      indicatorResults[l] = r;
      if (r.contribution !== null) {
        const units = toUnits(r.contribution, policy);
        totalUnits += units;
        for (const g of lean.leaf.groupSlots) groupUnits[g]! += units;
        reasons.lost[l] = lean.leaf.maxUnits - units;
      } else reasons.lost[l] = Number.NaN;
    }
    const scored = notGradable.length === 0;
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
    // Not traced, with generated code: the rules by slot (the lean path's phases), outcomes
    // built for the rules that fired only. Otherwise by name over the shared fact object.
    const phases = trace ? undefined : rulePhases;
    if (phases !== undefined) adjustmentUnits = phases.before(inputs, subject.id, asOf);
    else if (rules.length > 0) {
      fillRuleFacts(inputs, asOf, subject.id);
      facts = ruleFacts;
      // Traced, every rule's outcome is reported; otherwise only those of the rules that fired.
      const early = trace ? runRules(rulesBefore, ruleCtx, true) : runFiredRules(rulesBefore, ruleCtx);
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
    if (phases !== undefined) {
      phases.after(asOf, scoreUnits === null ? undefined : fromUnits(scoreUnits, scale), scoreGrade ?? undefined);
      for (let i = 0; i < rules.length; i++) {
        if (phases.fired[i] === 0) continue;
        const { def } = rules[i]!;
        ruleOutcomes.push({ id: def.id, fired: true, effect: def.effect, reason: def.reason, legalBasis: def.legalBasis, facts: phases.factsOf(i) });
      }
    } else if (facts) {
      facts["score"] = scoreUnits === null ? undefined : fromUnits(scoreUnits, scale);
      facts["scoreGrade"] = scoreGrade ?? undefined;
      ruleOutcomes = ruleOutcomes.concat(trace ? runRules(rulesAfter, ruleCtx, true) : runFiredRules(rulesAfter, ruleCtx));
      // Report rules in the order the ruleset declares them, whichever phase ran them.
      if (ruleOutcomes.length > 1) ruleOutcomes.sort(byRuleOrder);
    }
    const fired = trace ? ruleOutcomes.filter((o) => o.fired) : ruleOutcomes;
    const tally = tallyEffects(labelScale, fired.map((o) => o.effect));
    const scorePosition = band?.position ?? -1;
    let position = resolvePosition(scorePosition, tally);
    let decidedBy: Evaluation["decidedBy"] = position < 0 ? "not-gradable" : decidedByOf(scorePosition, tally);
    for (const o of fired) {
      if (o.effect.type === "not-gradable") notGradable.push({ indicator: o.id, inputs: [], code: "RULE", message: o.reason.en });
    }
    if (position < 0 && fallbackInput !== undefined) {
      position = fallbackPosition(labelScale, tally, Object.hasOwn(inputs, fallbackInput) ? inputs[fallbackInput] : undefined);
      if (position >= 0) decidedBy = "public-composite-fallback";
    }
    const grade = position < 0 ? null : labelScale.entries[position]!.grade;
    return {
      subjectId: subject.id,
      ruleset: ref,
      asOf,
      gradable: grade !== null,
      grade,
      decidedBy,
      class: grade === null ? null : gradeClass(grade),
      // A fallback grade is the public composite's canonical grade, not one of this scheme's labels.
      label: grade === null ? null : decidedBy === "public-composite-fallback" ? grade : labelScale.entries[position]!.label,
      scoreGrade,
      adjustment: fromUnits(adjustmentUnits, scale),
      score: scoreUnits === null ? null : fromUnits(scoreUnits, scale),
      band: band?.match ?? null,
      groups: groupResults,
      indicators: indicatorResults,
      reasons: scored ? reasons.rank(indicatorResults, reasonCount(options.maxReasons, leaves.length)) : [],
      notGradable,
      rules: trace ? ruleOutcomes : fired,
      facts: factValues,
      excludedRecords,
      measures: grade === null ? [] : labelMeasures[position]!.measures,
      sampling: grade === null ? null : labelMeasures[position]!.sampling,
      capabilities: ownCapabilities,
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
  const measuresFor = (grade: Grade, label?: string): GradeMeasures => labelMeasures[labelPosition(labelScale, grade, label)]!;
  return Object.freeze({ ruleset, ref, codegen: inputKernel !== undefined && kernel !== undefined, evaluate, safeEvaluate, evaluateMany, grade, safeGrade, measuresFor });
}

const NO_FACTS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(FACTS_PROTO) as Record<string, unknown>);
export { compileRuleset } from "./compile.js";
void compileRulesetOld;
