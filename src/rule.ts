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
 * @module
 */
import { z } from "zod";
import { Bilingual, GradeSchema, Id } from "./_schema-common.js";
import { type CompiledCondition, compileCondition, type ConditionDef, ConditionSchema, type ConditionTrace, conditionFacts, type FactContext, TopConditionSchema } from "./condition.js";
import { bestOf, type Grade, worstOf } from "./grade.js";


/** Schema of a rule's effect. */
export const EffectSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("set-grade").describe("Direct judgment."), grade: GradeSchema }).describe("直接判级: the grade, whatever the score."),
  z.strictObject({ type: z.literal("cap").describe("A best grade."), grade: GradeSchema }).describe("The grade is no better than this."),
  z.strictObject({ type: z.literal("floor").describe("A worst grade for the score grade."), grade: GradeSchema }).describe("The score grade is no worse than this."),
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
 * Combines the score grade with the effects of the rules that fired, in the documented order.
 * @param scoreGrade - The band's grade, or `null` when the score could not be computed.
 * @param fired - The effects of fired rules (adjust-points effects are ignored here).
 * @returns The final grade and how it was decided.
 * @example
 * resolveGrade("A", [{ type: "cap", grade: "B" }, { type: "floor", grade: "A" }]); //=> { grade: "B", decidedBy: "score" }
 */
export function resolveGrade(scoreGrade: Grade | null, fired: readonly EffectDef[]): GradeResolution {
  let sets: Grade | null = null;
  let floor: Grade | null = null;
  let cap: Grade | null = null;
  for (const e of fired) {
    switch (e.type) {
      case "not-gradable":
        return { grade: null, decidedBy: "not-gradable" };
      case "set-grade":
        sets = sets === null ? e.grade : worstOf(sets, e.grade);
        break;
      case "floor":
        floor = floor === null ? e.grade : bestOf(floor, e.grade);
        break;
      case "cap":
        cap = cap === null ? e.grade : worstOf(cap, e.grade);
        break;
      case "adjust-points":
        break;
    }
  }
  let grade: Grade | null;
  let decidedBy: GradeResolution["decidedBy"] = "score";
  if (sets !== null) {
    grade = sets;
    decidedBy = "direct-judgment";
  } else {
    grade = scoreGrade === null || floor === null ? scoreGrade : bestOf(scoreGrade, floor);
  }
  if (grade === null) return { grade: null, decidedBy: "not-gradable" };
  if (cap !== null) grade = worstOf(grade, cap);
  return { grade, decidedBy };
}
