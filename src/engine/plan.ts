/**
 * The compiled grading plan (评级计划): everything about a ruleset that does not depend on the
 * subject, worked out once in small named steps: where each value an indicator or rule reads
 * comes from (by slot), each indicator's scale and points in rounding units, the bands with
 * their bounds as they take effect, the derived facts, the rules by phase, the labels and the
 * measures. The kernel (kernel/) writes the per-subject work from this plan, once. Where a
 * value comes from is decided in `plan-sources.ts`, the derived facts in `plan-facts.ts`.
 * @module
 */
import { type PlanFacts, planFactDefs } from "./plan-facts.js";
import { ruleFactSource, sourcesOf, type ValueRef } from "./plan-sources.js";
import { bandBounds, type BandBounds } from "../format/bands.js";
import type { BilingualName } from "../base/grade.js";
import { gradeRank } from "../base/grade.js";
import { indicatorOutOf, placeNodes, scoringInputs, scoringRange } from "../format/indicator-tree.js";
import { type Capability, capabilitiesOf, DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING, MEASURE_CATALOGUE } from "../measures/catalogue.js";
import { type AddedMeasure, type AppliedMeasure, type GradeMeasures, type RuleOutput } from "../format/measure.js";
import { compileLabelMeasures, measureResolver } from "../measures/compile.js";
import { compileLabelScale, effectPosition, labelPosition, type LabelScale } from "../format/labels.js";
import type { RecordTypeDef } from "../format/record.js";
import type { BandMatch, RulesetRef } from "./types.js";
import { type RoundingPolicy, toUnits } from "../base/rounding.js";
import type { ConditionDef } from "../format/condition.js";
import { conditionFacts } from "../format/condition.js";
import { type EffectDef, type RuleDef } from "../format/rule.js";
import { type IndicatorLeafDef, isGroup, type Ruleset, type ScoringDef } from "../format/ruleset-schema.js";
import type { InputDef } from "../format/input.js";

/**
 * An indicator group (一级指标) of the plan.
 * @category Grading
 */
export interface PlanGroup {
  /** Its id. */
  readonly id: string;
  /** Its name. */
  readonly name: BilingualName;
  /** The ids of the groups it sits in, outermost first. */
  readonly groups: readonly string[];
  /** The most it contributes, in points. */
  readonly maxPoints: number;
  /** The same in rounding units. */
  readonly maxUnits: number;
}

/**
 * An indicator leaf of the plan.
 * @category Grading
 */
export interface PlanLeaf {
  /** Its position among the leaves. */
  readonly index: number;
  /** Its id. */
  readonly id: string;
  /** Its name. */
  readonly name: BilingualName;
  /** The ids of the groups it sits in, outermost first. */
  readonly groups: readonly string[];
  /** The positions of those groups in the plan's groups. */
  readonly groupSlots: readonly number[];
  /** The values its scoring reads, in the scorer's argument order. */
  readonly inputs: readonly ValueRef[];
  /** Its scoring function as declared. */
  readonly scoring: ScoringDef;
  /** Its own scale: a perfect value scores `outOf`. */
  readonly outOf: number;
  /** The most it contributes, in points. */
  readonly maxPoints: number;
  /** The same in rounding units. */
  readonly maxUnits: number;
  /** Its share of the whole scale, in percent. */
  readonly weight: number;
  /** What a missing input does. */
  readonly onMissing: NonNullable<IndicatorLeafDef["onMissing"]>;
  /** The lowest score its scoring gives (`onMissing: "worst"`). */
  readonly worst: number;
  /** Whether its score is already in points (`outOf` equals `maxPoints`). */
  readonly pointsMode: boolean;
}

/**
 * A band of the plan.
 * @category Grading
 */
export interface PlanBand {
  /** Its position in the ruleset's bands. */
  readonly index: number;
  /** Its grade's rank (0 for A). */
  readonly rank: number;
  /** The label position it gives (label.ts). */
  readonly position: number;
  /** Its bounds as they take effect. */
  readonly bounds: BandBounds;
  /** Its lower bound in units. */
  readonly minUnits: number;
  /** Its upper bound in units. */
  readonly maxUnits: number;
  /** The band as results report it. */
  readonly match: BandMatch;
}

/**
 * The kinds of effect, as the kernel numbers them.
 * @category Grading
 */
export const Effect = { SET_GRADE: 1, FLOOR: 2, CAP: 3, NOT_GRADABLE: 4, ADJUST_POINTS: 5, NONE: 6 } as const;

/**
 * An {@link Effect} value.
 * @category Grading
 */
export type EffectKind = (typeof Effect)[keyof typeof Effect];

/**
 * A rule of the plan.
 * @category Grading
 */
export interface PlanRule {
  /** Its position in the ruleset's rules. */
  readonly index: number;
  /** The rule as written. */
  readonly def: RuleDef;
  /** The facts it reads, each once. */
  readonly facts: readonly string[];
  /** Their slots among the rule facts. */
  readonly slots: readonly number[];
  /** Whether it runs before banding (adjust-points). */
  readonly before: boolean;
  /** Whether it runs after the grade is decided (effect none: it only adds measures or outputs). */
  readonly after: boolean;
  /** Its effect's kind. */
  readonly effect: EffectKind;
  /** The label position its effect stands for (set-grade, cap, floor; −1 otherwise). */
  readonly position: number;
  /** Its adjustment in units (0 for other effects). */
  readonly adjustUnits: number;
  /** The measures it adds when it fires, each marked with the rule. */
  readonly measures: readonly AddedMeasure[];
  /** The outputs it emits when it fires. */
  readonly outputs: readonly RuleOutput[];
}

/**
 * The compiled plan of one ruleset.
 * @category Grading
 */
export interface Plan {
  /** The validated, frozen ruleset. */
  readonly ruleset: Ruleset;
  /** Its reference, stamped on every result. */
  readonly ref: RulesetRef;
  /** The rounding policy. */
  readonly policy: RoundingPolicy;
  /** The scale's minimum in units. */
  readonly scaleMinUnits: number;
  /** The scale's maximum in units. */
  readonly scaleMaxUnits: number;
  /** The declared inputs, in declaration order (slot order). */
  readonly inputs: readonly InputDef[];
  /** The indicator groups, in tree order. */
  readonly groups: readonly PlanGroup[];
  /** The indicator leaves, in tree order. */
  readonly leaves: readonly PlanLeaf[];
  /** The bands, best grade first. */
  readonly bands: readonly PlanBand[];
  /** The derived facts, when the ruleset has records or facts. */
  readonly facts: PlanFacts | undefined;
  /** The declared record types. */
  readonly recordTypes: readonly RecordTypeDef[];
  /** The rules, in declaration order. */
  readonly rules: readonly PlanRule[];
  /** The values the rules read, by slot. */
  readonly ruleFacts: readonly ValueRef[];
  /** The named conditions by id. */
  readonly named: ReadonlyMap<string, ConditionDef>;
  /** The scheme's labels, best first, with their canonical grades: grading works on their positions. */
  readonly labels: LabelScale;
  /** The measures and sampling policy of each label position. */
  readonly measures: readonly GradeMeasures[];
  /** The capabilities the ruleset's own measures grant or bar, at any grade. */
  readonly capabilities: readonly Capability[];
  /** The input holding a public composite grade to fall back on, if any. */
  readonly fallbackInput: string | undefined;
}

/**
 * Works out the plan of a validated ruleset.
 * @param ruleset - The ruleset (validated and frozen).
 * @param ref - Its reference.
 * @returns The plan.
 * @category Grading
 */
export function buildPlan(ruleset: Ruleset, ref: RulesetRef): Plan {
  const policy = ruleset.rounding;
  const facts = planFacts(ruleset);
  const named = new Map<string, ConditionDef>(ruleset.conditions?.map((n) => [n.id, n.conditions]) ?? []);
  const sourceOf = sourcesOf(ruleset.inputs, facts);
  const { groups, leaves } = planTree(ruleset, policy, sourceOf);
  const labels = compileLabelScale(ruleset.labels);
  const resolveMeasure = measureResolver(ruleset.measures, MEASURE_CATALOGUE);
  const { rules, ruleFacts } = planRules(ruleset.rules ?? [], named, policy, sourceOf, labels, resolveMeasure);
  const measures = compileLabelMeasures(ruleset.measures, MEASURE_CATALOGUE, { byGrade: DEFAULT_GRADE_MEASURES, sampling: DEFAULT_SAMPLING }, labels);
  return {
    ruleset,
    ref,
    policy,
    scaleMinUnits: toUnits(ruleset.scale.min, policy),
    scaleMaxUnits: toUnits(ruleset.scale.max, policy),
    inputs: ruleset.inputs,
    groups,
    leaves,
    bands: planBands(ruleset, policy, labels),
    facts,
    recordTypes: ruleset.records?.types ?? [],
    rules,
    ruleFacts,
    named,
    labels,
    measures,
    capabilities: capabilitiesOf([...measures.flatMap((g) => g.measures), ...rules.flatMap((r) => r.measures)]),
    fallbackInput: ruleset.publicComposite?.fallbackGradeInput,
  };
}

function planTree(ruleset: Ruleset, policy: RoundingPolicy, sourceOf: (name: string) => ValueRef): { groups: PlanGroup[]; leaves: PlanLeaf[] } {
  const total = ruleset.scale.max - ruleset.scale.min;
  const groups: PlanGroup[] = [];
  const groupIndex = new Map<string, number>();
  const leaves: PlanLeaf[] = [];
  for (const p of placeNodes(ruleset)) {
    if (isGroup(p.node)) {
      groupIndex.set(p.node.id, groups.length);
      groups.push({ id: p.node.id, name: p.node.name, groups: p.ancestors, maxPoints: p.maxPoints, maxUnits: toUnits(p.maxPoints, policy) });
      continue;
    }
    const leaf = p.node;
    const outOf = indicatorOutOf(ruleset, leaf, p.maxPoints);
    leaves.push({
      index: leaves.length,
      id: leaf.id,
      name: leaf.name,
      groups: p.ancestors,
      groupSlots: p.ancestors.map((id) => groupIndex.get(id)!),
      inputs: scoringInputs(leaf.scoring).map(sourceOf),
      scoring: leaf.scoring,
      outOf,
      maxPoints: p.maxPoints,
      maxUnits: toUnits(p.maxPoints, policy),
      weight: (p.maxPoints / total) * 100,
      onMissing: leaf.onMissing ?? "not-gradable",
      worst: scoringRange(leaf.scoring, outOf)[0],
      pointsMode: outOf === p.maxPoints,
    });
  }
  return { groups, leaves };
}

function planBands(ruleset: Ruleset, policy: RoundingPolicy, labels: LabelScale): PlanBand[] {
  return ruleset.bands.map((b, index) => {
    const bounds = bandBounds(b, index);
    const position = labelPosition(labels, b.grade, b.label);
    return {
      index,
      rank: gradeRank(b.grade),
      position,
      bounds,
      minUnits: toUnits(b.min, policy),
      maxUnits: toUnits(b.max, policy),
      match: Object.freeze({ grade: b.grade, label: labels.entries[position]!.label, index, ...bounds }),
    };
  });
}

function planFacts(ruleset: Ruleset): PlanFacts | undefined {
  if (ruleset.records === undefined && (ruleset.facts?.length ?? 0) === 0) return undefined;
  return planFactDefs(ruleset.facts ?? [], ruleset.records?.types ?? [], ruleset.records?.publicity, ruleset.labels ?? []);
}

const EFFECT_OF: Readonly<Record<EffectDef["type"], EffectKind>> = {
  "set-grade": Effect.SET_GRADE,
  floor: Effect.FLOOR,
  cap: Effect.CAP,
  "not-gradable": Effect.NOT_GRADABLE,
  "adjust-points": Effect.ADJUST_POINTS,
  none: Effect.NONE,
};

function planRules(
  defs: readonly RuleDef[],
  named: ReadonlyMap<string, ConditionDef>,
  policy: RoundingPolicy,
  sourceOf: (name: string) => ValueRef,
  labels: LabelScale,
  resolveMeasure: (id: string) => AppliedMeasure | undefined,
): { rules: PlanRule[]; ruleFacts: ValueRef[] } {
  const ruleFacts: ValueRef[] = [];
  const slotOf = new Map<string, number>();
  const slot = (name: string): number => {
    let s = slotOf.get(name);
    if (s === undefined) {
      s = ruleFacts.length;
      slotOf.set(name, s);
      ruleFacts.push(ruleFactSource(name, sourceOf));
    }
    return s;
  };
  const rules = defs.map((def, index): PlanRule => {
    const facts = conditionFacts(def.conditions, named);
    const e = def.effect;
    return {
      index,
      def,
      facts,
      slots: facts.map(slot),
      before: e.type === "adjust-points",
      after: e.type === "none",
      effect: EFFECT_OF[e.type],
      position: e.type === "set-grade" || e.type === "cap" || e.type === "floor" ? effectPosition(labels, e) : -1,
      adjustUnits: e.type === "adjust-points" ? toUnits(e.points, policy) : 0,
      measures: Object.freeze(
        (def.measures ?? []).flatMap((id) => {
          const m = resolveMeasure(id);
          return m === undefined ? [] : [Object.freeze({ ...m, addedBy: def.id })];
        }),
      ),
      outputs: Object.freeze((def.outputs ?? []).map((o) => Object.freeze({ id: o.id, rule: def.id, params: Object.freeze(Object.fromEntries(Object.entries(o.params ?? {}))) }))),
    };
  });
  return { rules, ruleFacts };
}
