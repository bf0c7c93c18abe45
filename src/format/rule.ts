/**
 * Override rules (规则): a condition in json-rules-engine's condition JSON and one effect on
 * the grade. A score alone never decides a grade in the published schemes: the tax scheme
 * sends 13 kinds of act directly to D (直接判级) and bars four situations from A; a subject
 * on the serious-dishonesty list is E whatever its score. How the effects of several rules
 * combine is defined once, in effects.ts.
 * @module
 */
import { z } from "zod";
import { Bilingual, GradeSchema, Id } from "./common.js";
import { ConditionSchema, TopConditionSchema } from "./condition.js";

const EffectLabel = z
  .string()
  .min(1)
  .optional()
  .describe(
    "The scheme label the effect gives, one of the labels declared for `grade` (tax M on canonical B). Default: a set-grade gives the grade's first label; a cap bounds at the grade's first label and a floor at its last, so neither moves a subject between labels of one grade.",
  );

/**
 * Schema of a rule's effect.
 * @category Ruleset format
 */
export const EffectSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("set-grade").describe("Direct judgment."), grade: GradeSchema, label: EffectLabel }).describe("直接判级: the grade, whatever the score."),
  z.strictObject({ type: z.literal("cap").describe("A best grade."), grade: GradeSchema, label: EffectLabel }).describe("The grade is no better than this."),
  z.strictObject({ type: z.literal("floor").describe("A worst grade for the score grade."), grade: GradeSchema, label: EffectLabel }).describe("The score grade is no worse than this."),
  z.strictObject({ type: z.literal("adjust-points").describe("Points before banding."), points: z.number().describe("Points added; negative to deduct.") }).describe("Points added to (or, negative, taken from) the total before banding."),
  z.strictObject({ type: z.literal("not-gradable").describe("No grade.") }).describe("The subject is not graded."),
  z
    .strictObject({ type: z.literal("none").describe("No change to the grade.") })
    .describe("The grade is left alone: the rule only adds measures or emits outputs (it must declare one of them)."),
]);

/**
 * The most parameters one rule output may carry.
 * @category Ruleset format
 */
export const MAX_OUTPUT_PARAMS = 32;

/**
 * Schema of a named output a rule emits when it fires, as a json-rules-engine event: an id the
 * host acts on and its parameters (“a kitchen inspection within 30 days”).
 * @category Ruleset format
 */
export const RuleOutputSchema = z
  .strictObject({
    id: Id.describe("What the host is told to do, e.g. kitchen-inspection."),
    name: Bilingual.optional(),
    params: z
      .record(Id, z.union([z.string(), z.number(), z.boolean()]))
      .optional()
      .describe("The output's parameters: strings, numbers or booleans by name, e.g. { \"withinDays\": 30 }."),
  })
  .describe("A named output with parameters, reported with the rule that emitted it.");

/**
 * A rule output as written.
 * @category Ruleset format
 */
export type RuleOutputDef = z.infer<typeof RuleOutputSchema>;

/**
 * A rule's effect.
 * @category Ruleset format
 */
export type EffectDef = z.infer<typeof EffectSchema>;

/**
 * Schema of an override rule.
 * @category Ruleset format
 */
export const RuleSchema = z.strictObject({
  id: Id,
  name: Bilingual.optional(),
  reason: Bilingual.describe("Why the rule applies, as told to the subject."),
  legalBasis: z.string().min(1).describe("The article the rule implements, e.g. 《纳税缴费信用管理办法》第十八条第（三）项."),
  conditions: TopConditionSchema.describe("When the rule fires: all / any / not / a named condition."),
  effect: EffectSchema.describe("What the rule does to the grade (`none`: nothing; it only adds measures or outputs)."),
  measures: z
    .array(Id)
    .optional()
    .describe("Measures the rule adds when it fires, from the shipped catalogue or measures.define, whatever the grade (e.g. a kitchen inspection after a serious food-safety penalty)."),
  outputs: z.array(RuleOutputSchema).optional().describe("Named outputs with parameters the rule emits when it fires, for the host to act on."),
});

/**
 * An override rule as written.
 * @category Ruleset format
 */
export type RuleDef = z.infer<typeof RuleSchema>;

/**
 * Schema of a named, shared condition that rules refer to with `{ "condition": id }`.
 * @category Ruleset format
 */
export const NamedConditionSchema = z.strictObject({
  id: z.string().min(1).describe("The name rules use in { \"condition\": id }."),
  description: z.string().optional().describe("What the condition means."),
  conditions: ConditionSchema.describe("The shared condition."),
});

/**
 * A named, shared condition.
 * @category Ruleset format
 */
export type NamedConditionDef = z.infer<typeof NamedConditionSchema>;

/**
 * Built-in facts that rules may read besides inputs and derived facts.
 * @category Ruleset format
 */
export const BUILTIN_FACTS = ["score", "scoreGrade", "asOf", "subjectId", "grade", "label"] as const;

/**
 * Facts that exist only once the grade is decided (`grade`, `label`); only a rule with effect
 * `none` reads them (it runs after the grade is decided, so it cannot change it).
 * @category Ruleset format
 */
export const GRADE_FACTS: ReadonlySet<string> = new Set(["grade", "label"]);

/**
 * Facts that exist only after banding; an `adjust-points` rule cannot read them.
 * @category Ruleset format
 */
export const SCORE_FACTS: ReadonlySet<string> = new Set(["score", "scoreGrade"]);

