/**
 * Measures (措施): what a grade makes a regulator do. Incentives for trustworthy subjects
 * (守信激励), restrictions and supervision for dishonest ones (失信约束), and the sampling
 * policy of random inspections (双随机抽查) per grade. The plan's catalogue ships with the
 * library; a ruleset maps grades to measures and may define its own.
 * @module
 */
import { z } from "zod";
import { Bilingual, GradeSchema, Id } from "./common.js";
import type { Grade } from "../base/grade.js";

/**
 * Kinds of measure.
 * @category Ruleset format
 */
export const MEASURE_KINDS = ["incentive", "restriction", "supervision"] as const;
/**
 * A kind of measure: 激励 `incentive`, 约束 `restriction`, 监管 `supervision`.
 * @category Ruleset format
 */
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/**
 * The fields of administration a measure applies in.
 * @category Ruleset format
 */
export const MEASURE_FIELDS = [
  "administrative-approval",
  "daily-supervision",
  "public-resource-trading",
  "government-procurement",
  "fiscal-funds",
  "finance",
  "public-services",
] as const;
/**
 * A field of administration: 行政审批, 日常监管, 公共资源交易, 政府采购, 财政资金, 金融, 公共服务.
 * @category Ruleset format
 */
export type MeasureField = (typeof MEASURE_FIELDS)[number];

/**
 * Schema of a measure.
 * @category Ruleset format
 */
export const MeasureSchema = z.strictObject({
  id: Id,
  kind: z.enum(MEASURE_KINDS).describe("incentive (守信激励), restriction (失信约束) or supervision (监管措施)."),
  name: Bilingual,
  description: z.string().optional().describe("What the measure means in practice."),
  legalBasis: z.array(z.string().min(1)).min(1).describe("The documents and articles the measure rests on."),
  fields: z.array(z.enum(MEASURE_FIELDS)).min(1).describe("Where the measure applies."),
  grants: z
    .array(Id)
    .optional()
    .describe("Conveniences (capabilities) the measure grants, e.g. gaozhi-chengnuo, for application queries."),
  bars: z.array(Id).optional().describe("Conveniences or eligibilities the measure takes away, e.g. government-procurement."),
});

/**
 * A measure.
 * @category Ruleset format
 */
export type MeasureDef = z.infer<typeof MeasureSchema>;

/**
 * Schema of the sampling policy of one grade in random inspections.
 * @category Ruleset format
 */
export const SamplingPolicySchema = z.strictObject({
  grade: GradeSchema,
  ratio: z
    .strictObject({
      min: z.number().min(0).max(1).describe("The lowest share of the grade's subjects drawn per campaign."),
      max: z.number().min(0).max(1).optional().describe("The highest share; absent means no upper limit (不设上限)."),
    })
    .describe("Sampling ratio range, as shares 0–1."),
  perYear: z
    .strictObject({
      min: z.number().min(0).describe("Inspections per subject per year, at least."),
      max: z.number().min(0).optional().describe("At most; absent means as supervision requires."),
    })
    .describe("Inspection frequency."),
  extraItems: z.array(z.string().min(1)).optional().describe("Inspection items added for this grade (增加检查项目)."),
});

/**
 * The sampling policy of one grade.
 * @category Ruleset format
 */
export type SamplingPolicy = z.infer<typeof SamplingPolicySchema>;

/**
 * Schema of a ruleset's measures section.
 * @category Ruleset format
 */
export const MeasuresSectionSchema = z.strictObject({
  define: z.array(MeasureSchema).optional().describe("Measures of this ruleset beyond the shipped catalogue (same id replaces a catalogue entry)."),
  byGrade: z
    .array(
      z.strictObject({
        grade: GradeSchema,
        label: z
          .string()
          .min(1)
          .optional()
          .describe("Only for this label of the grade (tax M on canonical B); the grade's other labels keep the entry without a label."),
        measures: z.array(Id),
      }),
    )
    .min(1)
    .describe("The measures that go with each grade, and with a label of it where the scheme treats that label apart."),
  sampling: z.array(SamplingPolicySchema).optional().describe("Random-inspection sampling policy per grade."),
});

/**
 * A ruleset's measures section.
 * @category Ruleset format
 */
export type MeasuresSection = z.infer<typeof MeasuresSectionSchema>;

/**
 * A measure as attached to an evaluation.
 * @category Ruleset format
 */
export interface AppliedMeasure {
  /** The measure's id. */
  readonly id: string;
  /** Its kind. */
  readonly kind: MeasureKind;
  /** Its name. */
  readonly name: { readonly zh: string; readonly en: string };
  /** Where it applies. */
  readonly fields: readonly MeasureField[];
  /** Conveniences it grants. */
  readonly grants: readonly string[];
  /** Conveniences it takes away. */
  readonly bars: readonly string[];
}

/**
 * A measure a rule added to an evaluation, whatever the grade: the measure and the rule.
 * @category Ruleset format
 */
export interface AddedMeasure extends AppliedMeasure {
  /** The id of the rule that added it. */
  readonly addedBy: string;
}

/**
 * A named output a fired rule emitted (as a json-rules-engine event): what the host is told to
 * do, with its parameters and the rule.
 * @category Ruleset format
 */
export interface RuleOutput {
  /** The output's id, e.g. kitchen-inspection. */
  readonly id: string;
  /** The id of the rule that emitted it. */
  readonly rule: string;
  /** Its parameters as declared. */
  readonly params: Readonly<Record<string, string | number | boolean>>;
}

/**
 * The measures and sampling policy that go with one grade under one ruleset.
 * @category Ruleset format
 */
export interface GradeMeasures {
  /** The grade. */
  readonly grade: Grade;
  /** Its measures. */
  readonly measures: readonly AppliedMeasure[];
  /** Its sampling policy, when the ruleset declares one. */
  readonly sampling: SamplingPolicy | null;
}
