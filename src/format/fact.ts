/**
 * Derived facts: aggregations over a subject's credit records in a window relative to the
 * as-of date (count, sum, max, min, exists, latest, earliest, and ratios such as commitments
 * honoured over commitments due). Indicators and rules read derived facts and plain inputs
 * alike.
 * @module
 */
import { z } from "zod";
import { Bilingual, Id } from "./common.js";
import { ConditionSchema } from "./condition.js";
import { DurationSchema } from "./record.js";
import { HistoryFactSchema } from "./history.js";


/**
 * Schema of a window of record dates relative to the as-of date.
 * @category Ruleset format
 */
export const WindowSchema = z.union([
  z.strictObject({ last: DurationSchema.describe("Records dated after asOf minus this, up to asOf.") }),
  z.strictObject({
    calendarYear: z.number().int().min(-50).max(0).describe("0: the calendar year of asOf (up to asOf); -1: the year before; …"),
  }),
]);

/**
 * Which records an aggregation looks at.
 * @category Ruleset format
 */
export const RECORD_SELECTIONS = ["counted", "repaired", "all"] as const;

const AggregateFact = z.strictObject({
  id: Id,
  name: Bilingual.optional(),
  description: z.string().optional().describe("What the fact means."),
  from: Id.describe("The record type aggregated."),
  aggregate: z
    .enum(["count", "sum", "max", "min", "exists", "latest", "earliest"])
    .describe("count, sum / max / min of a field, exists, or the latest / earliest record (or its field)."),
  field: Id.optional().describe("The numeric field of sum / max / min; for latest / earliest, the field returned instead of the record."),
  window: WindowSchema.optional().describe("Only records dated in this window; default: every date up to asOf."),
  where: ConditionSchema.optional().describe("A condition on each record's fields (its fields are the facts)."),
  records: z
    .enum(RECORD_SELECTIONS)
    .optional()
    .describe("counted (default): records that still count; repaired: records repaired by asOf; all: every record dated up to asOf."),
});

const RatioFact = z.strictObject({
  id: Id,
  name: Bilingual.optional(),
  description: z.string().optional().describe("What the fact means."),
  ratio: z
    .strictObject({ numerator: Id.describe("A number fact declared before this one."), denominator: Id.describe("A number fact declared before this one.") })
    .describe("numerator ÷ denominator, e.g. commitments honoured ÷ commitments due."),
  whenZero: z.number().optional().describe("The value when the denominator is 0; absent: the fact is missing."),
});

/**
 * Schema of a derived fact.
 * @category Ruleset format
 */
export const FactSchema = z.union([AggregateFact, RatioFact, HistoryFactSchema]).describe("A fact derived from the subject's records, or from its earlier results (`history`).");

/**
 * A derived fact as written.
 * @category Ruleset format
 */
export type FactDef = z.infer<typeof FactSchema>;

/**
 * The value type a derived fact produces, for type checks of the indicators and rules that read it.
 * @category Ruleset format
 */
export function factValueType(def: FactDef): "number" | "boolean" | "record" | "unknown" {
  if ("ratio" in def) return "number";
  if ("history" in def) return def.history === "consecutive" || def.history === "years-since" || def.history === "count" ? "number" : "unknown";
  switch (def.aggregate) {
    case "count":
    case "sum":
    case "max":
    case "min":
      return "number";
    case "exists":
      return "boolean";
    default:
      return def.field === undefined ? "record" : "unknown";
  }
}
