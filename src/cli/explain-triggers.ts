/**
 * For a rule that holds a subject down (a direct judgment or a cap), which credit records
 * triggered it and the day each stops counting: the end of the fact's window, the end of the
 * record's publicity period, whichever comes first, and the first day credit repair may be
 * applied for. Pure: no I/O. Used by `explain` and the workbench.
 * @module
 */
import { addDays, addDuration, parseDuration } from "../base/date.js";
import { compileCondition, compileLifetime, type CompiledRuleset, type CreditRecord, type Evaluation, type FactDef } from "../index.js";

/** One record behind a holding rule. */
export interface Trigger {
  /** The rule it makes fire. */
  readonly rule: string;
  /** The fact of the rule it feeds. */
  readonly fact: string;
  readonly recordId: string;
  readonly type: string;
  readonly date: string;
  /** The last as-of day the record still counts for the fact, or `undefined` when it never stops by itself. */
  readonly until: string | undefined;
  /** What ends it on `until`: the fact's window, or the record's publicity period. */
  readonly endsBy: "window" | "publicity" | undefined;
  /** The first day credit repair may be applied for. */
  readonly repairFrom: string | undefined;
}

/**
 * The records that trigger the given fired rules of an evaluation.
 * @param e - The evaluation.
 * @param compiled - The ruleset that produced it.
 * @param subject - The subject as given (its records are read as own properties).
 * @param rules - Ids of fired rules.
 * @returns The triggers, by rule, then record date.
 */
export function holdingTriggers(e: Evaluation, compiled: CompiledRuleset, subject: unknown, rules: readonly string[]): Trigger[] {
  const r = compiled.ruleset;
  const recordsOf = subject !== null && typeof subject === "object" && Object.hasOwn(subject, "records") ? (subject as { records: unknown }).records : undefined;
  const records = Array.isArray(recordsOf) ? (recordsOf as CreditRecord[]) : [];
  if (records.length === 0) return [];
  const life = compileLifetime(r.records?.types ?? [], r.records?.publicity);
  const excluded = new Set(e.excludedRecords.map((x) => x.recordId));
  const facts = new Map((r.facts ?? []).map((f) => [f.id, f]));
  const named = new Map((r.conditions ?? []).map((c) => [c.id, c.conditions]));
  const out: Trigger[] = [];
  for (const id of rules) {
    const outcome = e.rules.find((o) => o.id === id && o.fired);
    if (outcome === undefined) continue;
    const seen = new Set<string>();
    for (const factId of _recordFacts(Object.keys(outcome.facts), facts)) {
      const f = facts.get(factId)!;
      // A ratio is followed to its parts; a history fact reads earlier results, not records.
      if ("ratio" in f || "history" in f) continue;
      const where = f.where === undefined ? undefined : compileCondition(f.where, named, { codegen: false });
      for (const rec of records) {
        if (rec === null || typeof rec !== "object" || rec.type !== f.from || excluded.has(rec.id) || seen.has(rec.id) || rec.date > e.asOf) continue;
        const windowEnd = _windowEnd(f, rec.date);
        if (windowEnd !== undefined && windowEnd < e.asOf) continue;
        if (where !== undefined && !where.test({ facts: rec as unknown as Record<string, unknown>, asOf: e.asOf })) continue;
        seen.add(rec.id);
        const publicityEnd = life.publicityEnd(rec);
        const until = [windowEnd, publicityEnd].filter((d): d is string => d !== undefined).sort()[0];
        out.push({
          rule: id,
          fact: factId,
          recordId: rec.id,
          type: rec.type,
          date: rec.date,
          until,
          endsBy: until === undefined ? undefined : until === windowEnd ? "window" : "publicity",
          repairFrom: life.repairableFrom(rec),
        });
      }
    }
  }
  return out.sort((a, b) => (a.rule === b.rule ? (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) : 0));
}

// The aggregate facts behind the facts a rule read, ratios followed to their parts.
function _recordFacts(ids: readonly string[], facts: ReadonlyMap<string, FactDef>): string[] {
  const out: string[] = [];
  const visit = (id: string): void => {
    const f = facts.get(id);
    if (f === undefined || out.includes(id)) return;
    if ("ratio" in f) {
      visit(f.ratio.numerator);
      visit(f.ratio.denominator);
    } else if (!("history" in f)) out.push(id);
  };
  ids.forEach(visit);
  return out;
}

// The last as-of day a record dated `date` is inside the fact's window.
function _windowEnd(f: Exclude<FactDef, { ratio: unknown } | { history: unknown }>, date: string): string | undefined {
  const w = f.window;
  if (w === undefined) return undefined;
  if ("last" in w) {
    const d = parseDuration(w.last);
    return d === undefined ? undefined : addDays(addDuration(date, d), -1);
  }
  return `${Number(date.slice(0, 4)) - w.calendarYear}-12-31`;
}
