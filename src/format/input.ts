/**
 * Declared inputs (输入项): the values a ruleset reads from subject data — numbers, booleans,
 * categories and scores from another evaluation — and, for numbers and booleans, the computed
 * inputs (计算型输入) whose value the ruleset works out from other inputs (`format/computed.ts`).
 * @module
 */
import { z } from "zod";
import { Bilingual, Id } from "./common.js";
import { ComputedFields } from "./computed.js";

const InputBase = {
  id: Id.describe("The input's name in subject data (`subject.inputs[id]`)."),
  name: Bilingual.optional(),
  description: z.string().optional().describe("What the input means and where it comes from."),
  source: z.string().optional().describe("The data source or catalogue entry it is collected from."),
  required: z
    .boolean()
    .optional()
    .describe("When true, a subject without this input is rejected, whatever the indicators say."),
};

const NumberInput = z.strictObject({
  ...InputBase,
  type: z.literal("number").describe("A number, e.g. a count or an amount."),
  unit: z.string().optional().describe("The unit, e.g. 次, 元, %."),
  min: z.number().optional().describe("The smallest valid value (inclusive)."),
  max: z.number().optional().describe("The largest valid value (inclusive)."),
  integer: z.boolean().optional().describe("When true, only whole numbers are valid."),
  ...ComputedFields,
});

const BooleanInput = z.strictObject({
  ...InputBase,
  type: z.literal("boolean").describe("true or false."),
  ...ComputedFields,
});

const CategoryInput = z.strictObject({
  ...InputBase,
  type: z.literal("category").describe("One of a fixed list of values."),
  values: z.array(z.string().min(1)).min(1).describe("The valid values."),
});

const ScoreInput = z.strictObject({
  ...InputBase,
  type: z.literal("score").describe("A score from another evaluation, on the scale min–max."),
  unit: z.string().optional().describe("The unit, e.g. 分."),
  min: z.number().describe("The lowest score of the scale the value was scored on."),
  max: z.number().describe("The highest score of that scale."),
  role: z
    .enum(["public-composite", "market", "other-evaluation"])
    .optional()
    .describe("What kind of evaluation produced the score (R3, R4)."),
});

/**
 * Schema of one declared input.
 * @category Ruleset format
 */
export const InputSchema = z
  .discriminatedUnion("type", [NumberInput, BooleanInput, CategoryInput, ScoreInput])
  .describe("An input the ruleset reads from subject data.");

/**
 * A declared input of a ruleset.
 * @category Ruleset format
 */
export type InputDef = z.infer<typeof InputSchema>;
