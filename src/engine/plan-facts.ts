/**
 * Planning derived facts (派生事实的计划): the aggregates over a subject's records in declaration
 * order, then the ratios, each after the facts it divides, and the record lifetime they share.
 * @module
 */
import { CreditGradingError } from "../base/errors.js";
import { type Grade, GRADES } from "../base/grade.js";
import type { ConditionDef } from "../format/condition.js";
import type { FactDef } from "../format/fact.js";
import type { HistoryFactDef } from "../format/history.js";
import type { PublicityPeriod, RecordTypeDef } from "../format/record.js";
import { compileLifetime, type RecordLifetime } from "./lifetime.js";

/**
 * The derived facts of the plan: aggregates first, then ratios in dependency order.
 * @category Grading
 */
export interface PlanFacts {
  /** Fact ids by slot. */
  readonly ids: readonly string[];
  /** The aggregates (slots 0 … n − 1). */
  readonly aggregates: readonly PlanAggregate[];
  /** The history facts (the slots after the aggregates), read from the subject's `history`. */
  readonly history: readonly { readonly slot: number; readonly def: HistoryFactDef }[];
  /** The ratios (the last slots), each after its operands. */
  readonly ratios: readonly { readonly slot: number; readonly num: number; readonly den: number; readonly whenZero: number | undefined }[];
  /** The first label of each grade, for earlier results given without a label. */
  readonly firstLabel: Readonly<Record<Grade, string>>;
  /** When records stop counting. */
  readonly lifetime: RecordLifetime;
}

/**
 * One aggregate over a subject's records.
 * @category Grading
 */
export interface PlanAggregate {
  /** Its slot. */
  readonly slot: number;
  /** The record type read. */
  readonly from: string;
  /** What it computes. */
  readonly aggregate: "count" | "sum" | "max" | "min" | "exists" | "latest" | "earliest";
  /** The field summed, compared or returned. */
  readonly field: string | undefined;
  /** The window of record dates, if any. */
  readonly window: { readonly last: string } | { readonly calendarYear: number } | undefined;
  /** The condition on each record, if any. */
  readonly where: ConditionDef | undefined;
  /** Which records it looks at. */
  readonly select: "counted" | "repaired" | "all";
}

/**
 * Plans derived facts: aggregates in order, then ratios each after its operands.
 * @param defs - The facts as written (validated).
 * @param types - The declared record types.
 * @param publicity - The publicity periods by severity, if the ruleset sets its own.
 * @param labels - The scheme's labels, if it declares them (a history result without a label has its grade's first).
 * @returns The planned facts.
 * @category Grading
 */
export function planFactDefs(
  defs: readonly FactDef[],
  types: readonly RecordTypeDef[],
  publicity: readonly PublicityPeriod[] | undefined,
  labels: readonly { readonly grade: Grade; readonly label: string }[] = [],
): PlanFacts {
  const firstLabel = Object.fromEntries(GRADES.map((g) => [g, labels.find((l) => l.grade === g)?.label ?? g])) as Record<Grade, string>;
  const aggregates: PlanAggregate[] = [];
  const aggregateIds: string[] = [];
  const ratios: { id: string; num: string; den: string; whenZero: number | undefined }[] = [];
  const history: HistoryFactDef[] = [];
  for (const d of defs) {
    if ("ratio" in d) ratios.push({ id: d.id, num: d.ratio.numerator, den: d.ratio.denominator, whenZero: d.whenZero });
    else if ("history" in d) history.push(d);
    else {
      aggregateIds.push(d.id);
      aggregates.push({
        slot: aggregates.length,
        from: d.from,
        aggregate: d.aggregate,
        field: d.field,
        window: d.window,
        where: d.where,
        select: d.records ?? "counted",
      });
    }
  }
  // Ratios may divide ratios: each comes after its operands.
  const ordered: typeof ratios = [];
  const known = new Set([...aggregateIds, ...history.map((h) => h.id)]);
  let pending = ratios;
  while (pending.length > 0) {
    const ready = pending.filter((r) => known.has(r.num) && known.has(r.den));
    if (ready.length === 0) throw new CreditGradingError("RULESET_INVALID", `derived facts ${pending.map((r) => r.id).join(", ")} refer to unknown facts or to each other in a cycle`);
    for (const r of ready) {
      ordered.push(r);
      known.add(r.id);
    }
    pending = pending.filter((r) => !ready.includes(r));
  }
  const ids = [...aggregateIds, ...history.map((h) => h.id), ...ordered.map((r) => r.id)];
  // Later definitions of an id win, as they did when values were an object written in order.
  const slotOf = new Map(ids.map((id, i) => [id, i]));
  return {
    ids,
    aggregates,
    history: history.map((def, k) => ({ slot: aggregates.length + k, def })),
    ratios: ordered.map((r, k) => ({ slot: aggregates.length + history.length + k, num: slotOf.get(r.num)!, den: slotOf.get(r.den)!, whenZero: r.whenZero })),
    lifetime: compileLifetime(types, publicity),
    firstLabel,
  };
}

