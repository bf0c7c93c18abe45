/**
 * Override rules (规则): a condition in json-rules-engine's condition JSON and one effect on
 * the grade. A score alone never decides a grade in the published schemes: the tax scheme
 * sends 13 kinds of act directly to D (直接判级) and bars four situations from A; a subject
 * on the serious-dishonesty list is E whatever its score.
 *
 * Precedence when several rules fire:
 * 1. `not-gradable` wins over everything: the subject gets no grade.
 * 2. `adjust-points` rules add their points to the total before banding (they cannot read
 *    the score); the total is then kept within the scale.
 * 3. The band gives the score grade.
 * 4. When any `set-grade` rule fired (direct judgment), the grade is the worst of their
 *    grades, replacing the score grade; floors do not apply to a direct judgment.
 *    Otherwise `floor` rules lift the score grade to the best of their grades.
 * 5. `cap` rules apply last, combined to the worst: a cap never raises a grade and always
 *    holds.
 *
 * The order is applied to **label positions** (`label.ts`): a set-grade, cap or floor may
 * name the scheme label it gives (tax M is canonical B); with one label per grade, positions
 * and grades coincide.
 * @module
 */
import { z } from "zod";
import { Bilingual, GradeSchema, Id } from "./common.js";
import { type CompiledCondition, compileCondition, type ConditionDef, ConditionSchema, type ConditionTrace, conditionFacts, type FactContext, TopConditionSchema } from "./condition.js";
import { type Grade, gradeRank, GRADES, isGrade } from "../base/grade.js";
import { CANONICAL_SCALE, effectPosition, type LabelScale } from "./labels.js";

const EffectLabel = z
  .string()
  .min(1)
  .optional()
  .describe(
    "The scheme label the effect gives, one of the labels declared for `grade` (tax M on canonical B). Default: a set-grade gives the grade's first label; a cap bounds at the grade's first label and a floor at its last, so neither moves a subject between labels of one grade.",
  );

/** Schema of a rule's effect. */
export const EffectSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("set-grade").describe("Direct judgment."), grade: GradeSchema, label: EffectLabel }).describe("直接判级: the grade, whatever the score."),
  z.strictObject({ type: z.literal("cap").describe("A best grade."), grade: GradeSchema, label: EffectLabel }).describe("The grade is no better than this."),
  z.strictObject({ type: z.literal("floor").describe("A worst grade for the score grade."), grade: GradeSchema, label: EffectLabel }).describe("The score grade is no worse than this."),
  z.strictObject({ type: z.literal("adjust-points").describe("Points before banding."), points: z.number().describe("Points added; negative to deduct.") }).describe("Points added to (or, negative, taken from) the total before banding."),
  z.strictObject({ type: z.literal("not-gradable").describe("No grade.") }).describe("The subject is not graded."),
]);

/** A rule's effect. */
export type EffectDef = z.infer<typeof EffectSchema>;

/** Schema of an override rule. */
export const RuleSchema = z.strictObject({
  id: Id,
  name: Bilingual.optional(),
  reason: Bilingual.describe("Why the rule applies, as told to the subject."),
  legalBasis: z.string().min(1).describe("The article the rule implements, e.g. 《纳税缴费信用管理办法》第十八条第（三）项."),
  conditions: TopConditionSchema.describe("When the rule fires: all / any / not / a named condition."),
  effect: EffectSchema.describe("What the rule does to the grade."),
});

/** An override rule as written. */
export type RuleDef = z.infer<typeof RuleSchema>;

/** Schema of a named, shared condition that rules refer to with `{ "condition": id }`. */
export const NamedConditionSchema = z.strictObject({
  id: z.string().min(1).describe("The name rules use in { \"condition\": id }."),
  description: z.string().optional().describe("What the condition means."),
  conditions: ConditionSchema.describe("The shared condition."),
});

/** A named, shared condition. */
export type NamedConditionDef = z.infer<typeof NamedConditionSchema>;

/** Built-in facts that rules may read besides inputs and derived facts. */
export const BUILTIN_FACTS = ["score", "scoreGrade", "asOf", "subjectId"] as const;

/** Facts that exist only after banding; an `adjust-points` rule cannot read them. */
export const SCORE_FACTS: ReadonlySet<string> = new Set(["score", "scoreGrade"]);

/** The outcome of one rule for one subject. */
export interface RuleOutcome {
  /** The rule's id. */
  readonly id: string;
  /** Whether its condition held. */
  readonly fired: boolean;
  /** Its effect. */
  readonly effect: EffectDef;
  /** Why it applies. */
  readonly reason: { readonly zh: string; readonly en: string };
  /** Its legal basis. */
  readonly legalBasis: string;
  /** The value of every fact the rule reads (for fired rules; empty otherwise unless traced). */
  readonly facts: Readonly<Record<string, unknown>>;
  /** Every leaf of its condition with values and results, when tracing was asked for. */
  readonly trace?: ConditionTrace | undefined;
}

/** A compiled rule. */
export interface CompiledRule {
  /** The rule as written. */
  readonly def: RuleDef;
  /** Its compiled condition. */
  readonly condition: CompiledCondition;
  /** The facts it reads. */
  readonly facts: readonly string[];
  /** Whether it runs before banding (adjust-points). */
  readonly beforeBanding: boolean;
}

/**
 * Compiles a ruleset's rules.
 * @param rules - Rules as written (validated).
 * @param named - Named conditions by id.
 * @returns Compiled rules in document order.
 * @example
 * compileRules([rule], new Map())[0].condition.test({ facts: { onBlacklist: true }, asOf: "2025-12-31" }); //=> true
 */
export function compileRules(rules: readonly RuleDef[], named: ReadonlyMap<string, ConditionDef>): CompiledRule[] {
  return rules.map((def) => ({
    def,
    condition: compileCondition(def.conditions, named),
    facts: conditionFacts(def.conditions, named),
    beforeBanding: def.effect.type === "adjust-points",
  }));
}

/**
 * Runs rules over a fact context and returns each rule's outcome.
 * @param rules - Compiled rules.
 * @param ctx - Facts and the as-of date.
 * @param trace - Whether to record every leaf of every rule.
 * @returns One outcome per rule, in order.
 * @example
 * runRules(compiled, { facts, asOf: "2025-12-31" }, false).filter((o) => o.fired).map((o) => o.id); //=> ["serious-list"]
 */
export function runRules(rules: readonly CompiledRule[], ctx: FactContext, trace: boolean): RuleOutcome[] {
  return rules.map((r) => {
    let fired: boolean;
    let t: ConditionTrace | undefined;
    if (trace) {
      t = r.condition.trace(ctx);
      fired = t.result;
    } else fired = r.condition.test(ctx);
    const facts = fired || trace ? factsRead(r, ctx) : {};
    const { def } = r;
    // Two literals, not a spread: every outcome of a kind has one shape.
    return trace
      ? { id: def.id, fired, effect: def.effect, reason: def.reason, legalBasis: def.legalBasis, facts, trace: t }
      : { id: def.id, fired, effect: def.effect, reason: def.reason, legalBasis: def.legalBasis, facts };
  });
}

/**
 * {@link runRules} without tracing, returning the outcomes of the rules that fired only (in
 * the order given): what an evaluation reports when it is not traced, without building an
 * outcome for every rule that did not fire.
 * @param rules - Compiled rules.
 * @param ctx - The facts and the as-of date.
 * @returns The outcomes of the rules that fired.
 * @example
 * runFiredRules(compiled, { facts, asOf: "2025-12-31" }).map((o) => o.id); //=> ["serious-list"]
 */
export function runFiredRules(rules: readonly CompiledRule[], ctx: FactContext): RuleOutcome[] {
  const out: RuleOutcome[] = [];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (!r.condition.test(ctx)) continue;
    const { def } = r;
    out.push({ id: def.id, fired: true, effect: def.effect, reason: def.reason, legalBasis: def.legalBasis, facts: factsRead(r, ctx) });
  }
  return out;
}

// The values of the facts a rule reads, as its outcome reports them.
function factsRead(r: CompiledRule, ctx: FactContext): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const f of r.facts) facts[f] = Object.hasOwn(ctx.facts, f) ? ctx.facts[f] : undefined;
  return facts;
}

/** How the final grade came about. */
export interface GradeResolution {
  /** The final grade, or `null` when a not-gradable rule fired or there was nothing to grade by. */
  readonly grade: Grade | null;
  /** How it was decided. */
  readonly decidedBy: "score" | "direct-judgment" | "not-gradable";
}

/**
 * The effects of the rules that fired, as label positions, combined the way precedence needs
 * them: the worst set-grade, the best floor, the worst cap (-1: none; `floor` none is
 * `Infinity`). One tally per evaluation; the lean path resets and reuses one.
 */
export interface EffectTally {
  /** Whether a not-gradable rule fired. */
  notGradable: boolean;
  /** The worst set-grade position, or -1. */
  set: number;
  /** The best floor position, or `Infinity`. */
  floor: number;
  /** The worst cap position, or -1. */
  cap: number;
}

/**
 * An empty tally, or `t` emptied for the next subject.
 * @param t - A tally to reuse.
 * @returns The empty tally.
 * @example
 * resetTally().set; //=> -1
 */
export function resetTally(t: EffectTally = { notGradable: false, set: -1, floor: Infinity, cap: -1 }): EffectTally {
  t.notGradable = false;
  t.set = -1;
  t.floor = Infinity;
  t.cap = -1;
  return t;
}

/**
 * Adds one fired effect to a tally.
 * @param t - The tally.
 * @param type - The effect's type (adjust-points is ignored: it acts before banding).
 * @param position - Its label position (see {@link effectPosition}); ignored for not-gradable.
 * @example
 * const t = resetTally(); tallyEffect(t, "cap", 1); tallyEffect(t, "cap", 3); t.cap; //=> 3
 */
export function tallyEffect(t: EffectTally, type: EffectDef["type"], position: number): void {
  switch (type) {
    case "not-gradable":
      t.notGradable = true;
      break;
    case "set-grade":
      if (position > t.set) t.set = position;
      break;
    case "floor":
      if (position < t.floor) t.floor = position;
      break;
    case "cap":
      if (position > t.cap) t.cap = position;
      break;
    case "adjust-points":
      break;
  }
}

/**
 * The final label position from the score band's position and the tally, in the documented
 * order: not-gradable, then a set-grade replacing the score (floors ignored), else floors
 * lifting the score, then caps.
 * @param scorePosition - The band's label position, or -1 without a score.
 * @param t - The fired effects.
 * @returns The final position, or -1 when the subject gets no grade.
 * @example
 * const t = resetTally(); tallyEffect(t, "cap", 1); resolvePosition(0, t); //=> 1
 */
export function resolvePosition(scorePosition: number, t: EffectTally): number {
  if (t.notGradable) return -1;
  let p = t.set >= 0 ? t.set : scorePosition >= 0 && t.floor < scorePosition ? t.floor : scorePosition;
  if (p >= 0 && t.cap > p) p = t.cap;
  return p;
}

/**
 * How {@link resolvePosition} decided, for the same arguments.
 * @param scorePosition - The band's label position, or -1 without a score.
 * @param t - The fired effects.
 * @returns `direct-judgment` when a set-grade fired, `score` when the band decided, else `not-gradable`.
 * @example
 * decidedByOf(2, resetTally()); //=> "score"
 */
export function decidedByOf(scorePosition: number, t: EffectTally): GradeResolution["decidedBy"] {
  if (t.notGradable) return "not-gradable";
  if (t.set >= 0) return "direct-judgment";
  return scorePosition >= 0 ? "score" : "not-gradable";
}

/**
 * The position of the public composite fallback (三(一)3: where the industry evaluation is not
 * ready, the public composite result is used): the grade's first label, still capped. Not for
 * a subject a not-gradable rule left ungraded: that evaluation was made and decided.
 * @param scale - The scheme's label scale.
 * @param t - The fired effects.
 * @param publicGrade - The subject's public composite grade (any value; only A–E counts).
 * @returns The position, or -1 when there is no fallback.
 * @example
 * fallbackPosition(CANONICAL_SCALE, resetTally(), "B"); //=> 1
 */
export function fallbackPosition(scale: LabelScale, t: EffectTally, publicGrade: unknown): number {
  if (t.notGradable || !isGrade(publicGrade)) return -1;
  const p = scale.first[gradeRank(publicGrade)]!;
  return t.cap > p ? t.cap : p;
}

/**
 * Tallies fired effects against a label scale.
 * @param scale - The scheme's label scale.
 * @param fired - The effects of the rules that fired.
 * @returns The tally.
 * @example
 * tallyEffects(CANONICAL_SCALE, [{ type: "cap", grade: "B" }]).cap; //=> 1
 */
export function tallyEffects(scale: LabelScale, fired: readonly EffectDef[]): EffectTally {
  const t = resetTally();
  for (const e of fired) tallyEffect(t, e.type, e.type === "set-grade" || e.type === "cap" || e.type === "floor" ? effectPosition(scale, e) : -1);
  return t;
}

/**
 * Combines the score grade with the effects of the rules that fired, in the documented order,
 * on canonical grades (labels named by effects are ignored; an evaluation resolves them).
 * @param scoreGrade - The band's grade, or `null` when the score could not be computed.
 * @param fired - The effects of fired rules (adjust-points effects are ignored here).
 * @returns The final grade and how it was decided.
 * @example
 * resolveGrade("A", [{ type: "cap", grade: "B" }, { type: "floor", grade: "A" }]); //=> { grade: "B", decidedBy: "score" }
 */
export function resolveGrade(scoreGrade: Grade | null, fired: readonly EffectDef[]): GradeResolution {
  // The canonical scale declares no label, so a label an effect names falls back to its grade.
  const t = tallyEffects(CANONICAL_SCALE, fired);
  const scorePosition = scoreGrade === null ? -1 : GRADES.indexOf(scoreGrade);
  const p = resolvePosition(scorePosition, t);
  return { grade: p < 0 ? null : GRADES[p]!, decidedBy: p < 0 ? "not-gradable" : decidedByOf(scorePosition, t) };
}
