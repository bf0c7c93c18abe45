/**
 * Measures (措施): what a grade makes a regulator do. Incentives for trustworthy subjects
 * (守信激励), restrictions and supervision for dishonest ones (失信约束), and the sampling
 * policy of random inspections (双随机抽查) per grade. The plan's catalogue ships with the
 * library; a ruleset maps grades to measures and may define its own.
 * @module
 */
import { z } from "zod";
import { Bilingual, GradeSchema, Id } from "./_schema-common.js";
import type { Grade } from "./grade.js";

/** Kinds of measure. */
export const MEASURE_KINDS = ["incentive", "restriction", "supervision"] as const;
/** A kind of measure: 激励 `incentive`, 约束 `restriction`, 监管 `supervision`. */
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** The fields of administration a measure applies in. */
export const MEASURE_FIELDS = [
  "administrative-approval",
  "daily-supervision",
  "public-resource-trading",
  "government-procurement",
  "fiscal-funds",
  "finance",
  "public-services",
] as const;
/** A field of administration: 行政审批, 日常监管, 公共资源交易, 政府采购, 财政资金, 金融, 公共服务. */
export type MeasureField = (typeof MEASURE_FIELDS)[number];

/** Schema of a measure. */
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

/** A measure. */
export type MeasureDef = z.infer<typeof MeasureSchema>;

/** Schema of the sampling policy of one grade in random inspections. */
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

/** The sampling policy of one grade. */
export type SamplingPolicy = z.infer<typeof SamplingPolicySchema>;

/** Schema of a ruleset's measures section. */
export const MeasuresSectionSchema = z.strictObject({
  define: z.array(MeasureSchema).optional().describe("Measures of this ruleset beyond the shipped catalogue (same id replaces a catalogue entry)."),
  byGrade: z
    .array(z.strictObject({ grade: GradeSchema, measures: z.array(Id) }))
    .min(1)
    .describe("The measures that go with each grade."),
  sampling: z.array(SamplingPolicySchema).optional().describe("Random-inspection sampling policy per grade."),
});

/** A ruleset's measures section. */
export type MeasuresSection = z.infer<typeof MeasuresSectionSchema>;

/** A measure as attached to an evaluation. */
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

/** The measures and sampling policy that go with one grade under one ruleset. */
export interface GradeMeasures {
  /** The grade. */
  readonly grade: Grade;
  /** Its measures. */
  readonly measures: readonly AppliedMeasure[];
  /** Its sampling policy, when the ruleset declares one. */
  readonly sampling: SamplingPolicy | null;
}

/**
 * Compiles a ruleset's measures section (or the plan's defaults when it has none) into the
 * measures and sampling policy of each grade.
 * @param section - The ruleset's `measures`, if any.
 * @param catalogue - The shipped catalogue.
 * @param defaults - The plan's default mapping and sampling.
 * @returns The measures of each grade.
 * @example
 * compileMeasures(undefined, MEASURE_CATALOGUE, { byGrade: DEFAULT_GRADE_MEASURES, sampling: DEFAULT_SAMPLING }).get("E")?.sampling?.ratio.max;
 * //=> undefined (no upper limit)
 */
export function compileMeasures(
  section: MeasuresSection | undefined,
  catalogue: readonly MeasureDef[],
  defaults: { readonly byGrade: Readonly<Record<Grade, readonly string[]>>; readonly sampling: readonly SamplingPolicy[] },
): Map<Grade, GradeMeasures> {
  const byId = new Map<string, MeasureDef>(catalogue.map((m) => [m.id, m]));
  for (const d of section?.define ?? []) byId.set(d.id, d);
  const mapping = new Map<Grade, readonly string[]>(
    section ? section.byGrade.map((g) => [g.grade, g.measures]) : (Object.entries(defaults.byGrade) as [Grade, readonly string[]][]),
  );
  const sampling = new Map((section?.sampling ?? defaults.sampling).map((s) => [s.grade, s]));
  const out = new Map<Grade, GradeMeasures>();
  for (const grade of ["A", "B", "C", "D", "E"] as const) {
    const measures = (mapping.get(grade) ?? []).flatMap((id) => {
      const m = byId.get(id);
      return m ? [Object.freeze({ id: m.id, kind: m.kind, name: m.name, fields: m.fields, grants: m.grants ?? [], bars: m.bars ?? [] })] : [];
    });
    out.set(grade, Object.freeze({ grade, measures: Object.freeze(measures), sampling: sampling.get(grade) ?? null }));
  }
  return out;
}
