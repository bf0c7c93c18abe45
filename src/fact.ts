/**
 * Derived facts: aggregations over a subject's credit records in a window relative to the
 * as-of date (count, sum, max, min, exists, latest, earliest, and ratios such as commitments
 * honoured over commitments due). Indicators and rules read derived facts and plain inputs
 * alike.
 * @module
 */
import { z } from "zod";
import { Bilingual, Id } from "./_schema-common.js";
import { type CompiledCondition, compileCondition, ConditionSchema, type ConditionDef } from "./condition.js";
import { addDuration, type IsoDate, parseDuration } from "./date.js";
import { type CreditRecord, DurationSchema, type ExcludedRecord, type RecordLifetime } from "./record.js";


/** Schema of a window of record dates relative to the as-of date. */
export const WindowSchema = z.union([
  z.strictObject({ last: DurationSchema.describe("Records dated after asOf minus this, up to asOf.") }),
  z.strictObject({
    calendarYear: z.number().int().min(-50).max(0).describe("0: the calendar year of asOf (up to asOf); -1: the year before; …"),
  }),
]);

/** Which records an aggregation looks at. */
export const RECORD_SELECTIONS = ["counted", "repaired", "all"] as const;

const AggregateFact = z.strictObject({
  id: Id,
  name: Bilingual.optional(),
  description: z.string().optional(),
  from: Id.describe("The record type aggregated."),
  aggregate: z.enum(["count", "sum", "max", "min", "exists", "latest", "earliest"]),
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
  description: z.string().optional(),
  ratio: z.strictObject({ numerator: Id, denominator: Id }),
  whenZero: z.number().optional().describe("The value when the denominator is 0; absent: the fact is missing."),
});

/** Schema of a derived fact. */
export const FactSchema = z.union([AggregateFact, RatioFact]).describe("A fact derived from the subject's records.");

/** A derived fact as written. */
export type FactDef = z.infer<typeof FactSchema>;

/** The value type a derived fact produces, for type checks of the indicators and rules that read it. */
export function factValueType(def: FactDef): "number" | "boolean" | "record" | "unknown" {
  if ("ratio" in def) return "number";
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

/** The facts derived for one subject, and the records that did not count. */
export interface DerivedFacts {
  /** Fact values by id (`null` for a missing value such as the max of nothing). */
  readonly values: Record<string, unknown>;
  /** Every record left out, and why. */
  readonly excluded: readonly ExcludedRecord[];
}

/** Compiled derivation of every fact of a ruleset. */
export type FactDeriver = (records: readonly CreditRecord[], asOf: IsoDate) => DerivedFacts;

interface CompiledAggregate {
  readonly id: string;
  readonly from: string;
  readonly aggregate: z.infer<typeof AggregateFact>["aggregate"];
  readonly field: string | undefined;
  readonly window: ((date: IsoDate, asOf: IsoDate) => boolean) | undefined;
  readonly where: CompiledCondition | undefined;
  readonly select: (typeof RECORD_SELECTIONS)[number];
}

function compileWindow(w: z.infer<typeof WindowSchema> | undefined): CompiledAggregate["window"] {
  if (w === undefined) return undefined;
  if ("last" in w) {
    const d = parseDuration(w.last)!;
    return (date, asOf) => date > addDuration(asOf, d, -1) && date <= asOf;
  }
  const offset = w.calendarYear;
  return (date, asOf) => Number(date.slice(0, 4)) === Number(asOf.slice(0, 4)) + offset && date <= asOf;
}

/**
 * Compiles a ruleset's derived facts, in dependency order (ratios after what they divide).
 * @param defs - The facts as written (validated).
 * @param lifetime - When records stop counting.
 * @param named - Named conditions usable in `where`.
 * @returns A function from a subject's records and the as-of date to fact values.
 * @example
 * const derive = compileFacts([{ id: "penalties3y", from: "penalty", aggregate: "count", window: { last: "P3Y" } }], life, new Map());
 * derive([{ id: "p1", type: "penalty", date: "2024-05-01", severity: "serious" }], "2025-12-31").values.penalties3y; //=> 1
 */
export function compileFacts(defs: readonly FactDef[], lifetime: RecordLifetime, named: ReadonlyMap<string, ConditionDef>): FactDeriver {
  const aggregates: CompiledAggregate[] = [];
  const ratios: { id: string; num: string; den: string; whenZero: number | undefined }[] = [];
  for (const d of defs) {
    if ("ratio" in d) ratios.push({ id: d.id, num: d.ratio.numerator, den: d.ratio.denominator, whenZero: d.whenZero });
    else {
      aggregates.push({
        id: d.id,
        from: d.from,
        aggregate: d.aggregate,
        field: d.field,
        window: compileWindow(d.window),
        where: d.where === undefined ? undefined : compileCondition(d.where, named),
        select: d.records ?? "counted",
      });
    }
  }
  // Ratios may divide ratios: order them so each comes after its operands.
  const orderedRatios: typeof ratios = [];
  const known = new Set(aggregates.map((a) => a.id));
  let pending = ratios;
  while (pending.length > 0) {
    const ready = pending.filter((r) => known.has(r.num) && known.has(r.den));
    if (ready.length === 0) throw new Error(`derived facts ${pending.map((r) => r.id).join(", ")} refer to unknown facts or to each other in a cycle`);
    for (const r of ready) {
      orderedRatios.push(r);
      known.add(r.id);
    }
    pending = pending.filter((r) => !ready.includes(r));
  }

  return (records, asOf) => {
    const excluded: ExcludedRecord[] = [];
    const counted: CreditRecord[] = [];
    const repaired: CreditRecord[] = [];
    const upToAsOf: CreditRecord[] = [];
    for (const r of records) {
      const ex = lifetime.exclusion(r, asOf);
      if (ex === undefined) {
        counted.push(r);
        upToAsOf.push(r);
      } else {
        excluded.push({ recordId: r.id, type: r.type, date: r.date, reason: ex.reason, since: ex.since });
        if (ex.reason !== "AFTER_AS_OF" && ex.reason !== "UNDECLARED_TYPE") upToAsOf.push(r);
        if (ex.reason === "REPAIRED") repaired.push(r);
      }
    }
    const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (const a of aggregates) {
      const pool = a.select === "counted" ? counted : a.select === "repaired" ? repaired : upToAsOf;
      values[a.id] = aggregate(a, pool, asOf);
    }
    for (const r of orderedRatios) {
      const num = values[r.num];
      const den = values[r.den];
      values[r.id] =
        typeof num !== "number" || typeof den !== "number" ? null : den === 0 ? (r.whenZero ?? null) : num / den;
    }
    return { values, excluded };
  };
}

function aggregate(a: CompiledAggregate, pool: readonly CreditRecord[], asOf: IsoDate): unknown {
  let count = 0;
  let sum = 0;
  let best: number | null = null;
  let pick: CreditRecord | undefined;
  for (const r of pool) {
    if (r.type !== a.from) continue;
    if (a.window && !a.window(r.date, asOf)) continue;
    if (a.where && !a.where.test({ facts: r, asOf })) continue;
    count++;
    switch (a.aggregate) {
      case "sum":
      case "max":
      case "min": {
        const v = a.field === undefined ? undefined : r[a.field];
        if (typeof v !== "number") break;
        sum += v;
        if (best === null || (a.aggregate === "max" ? v > best : v < best)) best = v;
        break;
      }
      case "latest":
        if (pick === undefined || r.date > pick.date || (r.date === pick.date && r.id > pick.id)) pick = r;
        break;
      case "earliest":
        if (pick === undefined || r.date < pick.date || (r.date === pick.date && r.id < pick.id)) pick = r;
        break;
      default:
        break;
    }
  }
  switch (a.aggregate) {
    case "count":
      return count;
    case "exists":
      return count > 0;
    case "sum":
      return sum;
    case "max":
    case "min":
      return best;
    default:
      if (pick === undefined) return null;
      return a.field === undefined ? pick : (pick[a.field] ?? null);
  }
}
