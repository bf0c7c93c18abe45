/**
 * The golden-case format: hand-worked cases kept beside a ruleset as `<version>.golden.json`,
 * each a subject, an as-of date and what grading it must give, with the published rule it was
 * worked from. The zod schema is the one source of truth; `schema/golden.schema.json` is
 * generated from it (`npm run schema`).
 * @module
 */
import { z } from "zod";
import { IsoDateSchema } from "../base/date.js";
import { GradeSchema } from "./common.js";
import { DECIDED_BY } from "./effects.js";

const GoldenExpectSchema = z
  .strictObject({
    grade: GradeSchema.nullable().describe("The canonical grade A–E, or null when the subject is not gradable (不予评价)."),
    label: z.string().nullable().optional().describe("The scheme's published label (e.g. `M`, `绿牌`)."),
    score: z.number().nullable().optional().describe("The total score after adjustments, exactly."),
    gradable: z.boolean().optional().describe("Whether the subject gets a grade."),
    decidedBy: z
      .enum(DECIDED_BY)
      .optional()
      .describe("How the grade was decided."),
    scoreGrade: GradeSchema.nullable().optional().describe("The band's grade before rules (null when the score could not be computed)."),
    adjustment: z.number().optional().describe("Points added by adjust-points rules before banding."),
    firedRules: z.array(z.string()).optional().describe("The ids of every rule that fired, in any order (exactly these, no others)."),
    ruleFacts: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe("For a fired rule (by id), the value of every fact it reads (exactly these)."),
    facts: z.record(z.string(), z.unknown()).optional().describe("Derived facts that must have these values (others are not compared)."),
    excluded: z
      .array(z.string())
      .optional()
      .describe('Records left out, as "recordId:REASON", in any order (exactly these).'),
    measures: z
      .array(z.string())
      .optional()
      .describe("The ids of the measures that go with the grade, in any order (exactly these; [] when not gradable)."),
    addedMeasures: z.array(z.string()).optional().describe("The ids of the measures fired rules added, in order (exactly these)."),
    outputs: z.array(z.string()).optional().describe("The ids of the outputs fired rules emitted, in order (exactly these)."),
    sampling: z
      .strictObject({ min: z.number(), max: z.number().optional() })
      .nullable()
      .optional()
      .describe("The grade's sampling ratio, exactly (no `max` = no upper limit), or null when the ruleset declares none."),
  })
  .describe("What grading the subject must give; a field left out is not compared, except `grade`.");

/**
 * One golden case: a subject, an as-of date and the grading it must give, worked by hand from
 * the published rule named in `basis`.
 * @category Ruleset format
 */
export const GoldenCaseSchema = z
  .strictObject({
    name: z.string().min(1).describe("What the case shows, unique in its file."),
    basis: z.string().min(1).describe("How the expected result was worked out by hand, citing the published rule."),
    asOf: IsoDateSchema.describe("The as-of date of the evaluation, YYYY-MM-DD."),
    trace: z.boolean().optional().describe("Evaluate with `trace: true` (every rule's outcome is then in the result)."),
    subject: z
      .looseObject({ id: z.string() })
      .describe("The subject as the library takes it: `{ id, name?, inputs?, records? }`."),
    expect: GoldenExpectSchema,
  })
  .describe("One golden case.");

/**
 * A golden-case file (`<version>.golden.json` beside `<version>.json`): an array of cases.
 * @category Ruleset format
 */
export const GoldenFileSchema = z.array(GoldenCaseSchema).describe("The golden cases of one ruleset version.");

/**
 * One golden case, as {@link GoldenCaseSchema} reads it.
 * @category Ruleset format
 */
export type GoldenCase = z.output<typeof GoldenCaseSchema>;

/**
 * What a golden case expects, as {@link GoldenCaseSchema} reads it.
 * @category Ruleset format
 */
export type GoldenExpect = GoldenCase["expect"];

/**
 * The `$id` of the published golden-case JSON Schema.
 * @category Ruleset format
 */
export const GOLDEN_SCHEMA_ID = "https://credit-grading.dev/schema/golden-1.schema.json";

/**
 * The golden-case file format as a JSON Schema object (draft 2020-12).
 * @returns A fresh JSON Schema object.
 * @example
 * goldenJsonSchema().type; //=> "array"
 * @category Ruleset format
 */
export function goldenJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(GoldenFileSchema, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
  return { $schema: schema["$schema"], $id: GOLDEN_SCHEMA_ID, title: "credit-grading golden cases", ...schema };
}
