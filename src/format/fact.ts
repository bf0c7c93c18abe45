/**
 * Derived facts: aggregations over a subject's credit records in a window relative to the
 * as-of date (count, sum, max, min, exists, latest, earliest, and ratios such as commitments
 * honoured over commitments due). Indicators and rules read derived facts and plain inputs
 * alike.
 * @module
 */
import { z } from "zod";
import { Bilingual, Id } from "./common.js";
import { type CompiledCondition, compileCondition, ConditionSchema, type ConditionDef } from "./condition.js";
import { addDuration, type IsoDate, parseDuration } from "../base/date.js";
import { type CreditRecord, DurationSchema, type ExcludedRecord, type RecordLifetime } from "./record.js";


/** Schema of a window of record dates relative to the as-of date. */
export const WindowSchema = z.union([
  z.strictObject({ last: DurationSchema.describe("Records dated after asOf minus this, up to asOf.") }),
  z.strictObject({
    calendarYear: z.number().int().min(-50).max(0).describe("0: the calendar year of asOf (up to asOf); -1: the year before; …"),
  }),
]);

/** The aggregations, in the order the compiled derivation numbers them. */
const AGGREGATE_KINDS = ["count", "exists", "sum", "max", "min", "latest", "earliest"] as const;

/** Which records an aggregation looks at. */
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

/**
 * Compiled derivation of every fact of a ruleset. With `listExcluded` false the `excluded`
 * list is left empty (the records are still left out), which saves building it.
 */
export type FactDeriver = (records: readonly CreditRecord[], asOf: IsoDate, listExcluded?: boolean) => DerivedFacts;

interface CompiledAggregate {
  readonly id: string;
  readonly from: string;
  readonly aggregate: z.infer<typeof AggregateFact>["aggregate"];
  readonly field: string | undefined;
  readonly window: ((date: IsoDate, asOf: IsoDate) => boolean) | undefined;
  readonly where: CompiledCondition | undefined;
  readonly whereDef: ConditionDef | undefined;
  readonly select: (typeof RECORD_SELECTIONS)[number];
}

function compileWindow(w: z.infer<typeof WindowSchema> | undefined): CompiledAggregate["window"] {
  if (w === undefined) return undefined;
  // The window's first excluded date depends on asOf only: computed once per as-of date.
  let cachedAsOf = "";
  if ("last" in w) {
    const d = parseDuration(w.last)!;
    let after = "";
    return (date, asOf) => {
      if (asOf !== cachedAsOf) {
        after = addDuration(asOf, d, -1);
        cachedAsOf = asOf;
      }
      return date > after && date <= asOf;
    };
  }
  const offset = w.calendarYear;
  let year = 0;
  return (date, asOf) => {
    if (asOf !== cachedAsOf) {
      year = Number(asOf.slice(0, 4)) + offset;
      cachedAsOf = asOf;
    }
    return Number(date.slice(0, 4)) === year && date <= asOf;
  };
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
  const slots = compileFactSlots(defs, lifetime, named);
  const { ids } = slots;
  return (records, asOf, listExcluded = true) => {
    const excluded: ExcludedRecord[] = [];
    const out = new Array<unknown>(ids.length);
    slots.derive(records, asOf, out, listExcluded ? excluded : undefined);
    const values: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    for (let i = 0; i < ids.length; i++) values[ids[i]!] = out[i];
    return { values, excluded };
  };
}

/**
 * Derived facts compiled to fill an array, one slot per fact (the evaluator's hot path, with
 * no object per subject). Internal.
 */
export interface FactSlots {
  /** The fact ids, in slot order. */
  readonly ids: readonly string[];
  /**
   * Derives every fact into `out[0 … ids.length − 1]`; pushes every record left out into
   * `excluded` when one is given.
   */
  readonly derive: (records: readonly CreditRecord[], asOf: IsoDate, out: unknown[], excluded: ExcludedRecord[] | undefined) => void;
  /** What the derivation was compiled from. */
  readonly plan: FactPlan;
}

/**
 * What the derivation was compiled from, for the generated kernel (_kernel.ts), which writes the
 * same one-pass derivation out as straight-line code. Internal.
 */
export interface FactPlan {
  /** The aggregates, in slot order (slots 0 … n − 1). */
  readonly aggregates: readonly {
    /** The record type read. */
    readonly from: string;
    /** 0 count, 1 exists, 2 sum, 3 max, 4 min, 5 latest, 6 earliest. */
    readonly kind: number;
    /** The field summed, compared or returned. */
    readonly field: string | undefined;
    /** The window test, if any. */
    readonly window: ((date: IsoDate, asOf: IsoDate) => boolean) | undefined;
    /** The `where` condition as written, if any. */
    readonly whereDef: ConditionDef | undefined;
    /** 0 counted, 1 repaired, 2 all. */
    readonly select: number;
  }[];
  /** The ratios, in slot order after the aggregates: operand slots and the value for a zero denominator. */
  readonly ratios: readonly { readonly num: number; readonly den: number; readonly whenZero: number | undefined }[];
  /** When records stop counting. */
  readonly lifetime: RecordLifetime;
  /** The named conditions `where` may use. */
  readonly named: ReadonlyMap<string, ConditionDef>;
}

/** Compiles derived facts to slots (see {@link compileFacts}). Internal. */
export function compileFactSlots(defs: readonly FactDef[], lifetime: RecordLifetime, named: ReadonlyMap<string, ConditionDef>): FactSlots {
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
        whereDef: d.where,
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
  const ids = [...aggregates.map((a) => a.id), ...orderedRatios.map((r) => r.id)];
  // Later definitions of an id win, as they did when values were an object written in order.
  const slotOf = new Map(ids.map((id, i) => [id, i]));
  const ratioSlots = orderedRatios.map((r) => ({ num: slotOf.get(r.num)!, den: slotOf.get(r.den)!, whenZero: r.whenZero }));

  // One pass over the records: the aggregates are grouped by the record type they read, and
  // each record's exclusion is computed once and feeds every aggregate of its type. The
  // per-aggregate state lives in arrays allocated once (no pools, no arrays per subject).
  // Records are visited in order, so sums, maxima and ties come out exactly as they did when
  // each aggregate made its own pass over its pool.
  const byType = new Map<string, number[]>();
  for (let k = 0; k < aggregates.length; k++) {
    const list = byType.get(aggregates[k]!.from);
    if (list) list.push(k);
    else byType.set(aggregates[k]!.from, [k]);
  }
  const n = aggregates.length;
  const kindOf = Uint8Array.from(aggregates, (a) => AGGREGATE_KINDS.indexOf(a.aggregate));
  const selectOf = Uint8Array.from(aggregates, (a) => RECORD_SELECTIONS.indexOf(a.select));
  const counts = new Float64Array(n);
  const sums = new Float64Array(n);
  const bests = new Float64Array(n);
  const hasBest = new Uint8Array(n);
  const picks = new Array<CreditRecord | undefined>(n).fill(undefined);
  // One context object, re-pointed at each record a `where` condition tests.
  const ctx: { facts: Readonly<Record<string, unknown>>; asOf: IsoDate } = { facts: {}, asOf: "" };
  const derive: FactSlots["derive"] = (records, asOf, out, excluded) => {
    counts.fill(0);
    sums.fill(0);
    hasBest.fill(0);
    picks.fill(undefined);
    ctx.asOf = asOf;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const list = byType.get(r.type);
      // A record no aggregate reads matters only for the list of excluded records.
      if (list === undefined && excluded === undefined) continue;
      const reason = lifetime.excludedBecause(r, asOf);
      if (reason !== undefined && excluded !== undefined) noteExcluded(lifetime, r, asOf, excluded);
      if (list === undefined || reason === "UNDECLARED_TYPE") continue;
      for (let j = 0; j < list.length; j++) {
        const k = list[j]!;
        const sel = selectOf[k]!;
        // counted: records that count; repaired: repaired by asOf; all: every record up to asOf.
        if (sel === 0 ? reason !== undefined : sel === 1 ? reason !== "REPAIRED" : reason === "AFTER_AS_OF") continue;
        const a = aggregates[k]!;
        if (a.window && !a.window(r.date, asOf)) continue;
        if (a.where) {
          ctx.facts = r;
          if (!a.where.test(ctx)) continue;
        }
        counts[k]!++;
        switch (kindOf[k]) {
          case 2: // sum
          case 3: // max
          case 4: {
            // min
            const v = a.field === undefined ? undefined : r[a.field];
            if (typeof v !== "number") break;
            sums[k]! += v;
            if (hasBest[k] === 0 || (kindOf[k] === 3 ? v > bests[k]! : v < bests[k]!)) {
              bests[k] = v;
              hasBest[k] = 1;
            }
            break;
          }
          case 5: {
            // latest
            const pick = picks[k];
            if (pick === undefined || r.date > pick.date || (r.date === pick.date && r.id > pick.id)) picks[k] = r;
            break;
          }
          case 6: {
            // earliest
            const pick = picks[k];
            if (pick === undefined || r.date < pick.date || (r.date === pick.date && r.id < pick.id)) picks[k] = r;
            break;
          }
          default:
            break;
        }
      }
    }
    ctx.facts = {};
    for (let k = 0; k < n; k++) {
      switch (kindOf[k]) {
        case 0:
          out[k] = counts[k];
          break;
        case 1:
          out[k] = counts[k]! > 0;
          break;
        case 2:
          out[k] = sums[k];
          break;
        case 3:
        case 4:
          out[k] = hasBest[k] === 1 ? bests[k] : null;
          break;
        default: {
          const pick = picks[k];
          const field = aggregates[k]!.field;
          out[k] = pick === undefined ? null : field === undefined ? pick : (pick[field] ?? null);
          picks[k] = undefined;
        }
      }
    }
    for (let k = 0; k < ratioSlots.length; k++) {
      const r = ratioSlots[k]!;
      const num = out[r.num];
      const den = out[r.den];
      out[n + k] = typeof num !== "number" || typeof den !== "number" ? null : den === 0 ? (r.whenZero ?? null) : num / den;
    }
  };
  const plan: FactPlan = {
    aggregates: aggregates.map((a, k) => ({ from: a.from, kind: kindOf[k]!, field: a.field, window: a.window, whereDef: a.whereDef, select: selectOf[k]! })),
    ratios: ratioSlots,
    lifetime,
    named,
  };
  return { ids, derive, plan };
}

/**
 * Lists one record left out on `asOf` with why and since when (as `derive` lists them). Internal.
 * @param lifetime - When records stop counting.
 * @param r - A record that does not count.
 * @param asOf - The as-of date.
 * @param out - Receives it.
 * @example
 * noteExcluded(life, { id: "p1", type: "penalty", date: "2026-01-05" }, "2025-12-31", out); // out[0].reason === "AFTER_AS_OF"
 */
export function noteExcluded(lifetime: RecordLifetime, r: CreditRecord, asOf: IsoDate, out: ExcludedRecord[]): void {
  const ex = lifetime.exclusion(r, asOf)!;
  out.push({ recordId: r.id, type: r.type, date: r.date, reason: ex.reason, since: ex.since });
}
