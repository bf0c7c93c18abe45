/**
 * Derived facts (派生事实) written in the kernel language: one pass over a subject's records,
 * the record types as switch cases, each aggregate's state in its own variables, each record's
 * lifetime decided once (repaired, revoked, past its publicity period, after the as-of date)
 * and every aggregate of its type fed from it; then the ratios. Explained, every record left
 * out is listed with why and since when.
 * @module
 */
import { type IsoDate } from "../../base/date.js";
import type { CreditRecord } from "../../format/record.js";
import { type Expr, type Fn, s, type Stmt, type Var, variable, x } from "../codegen/ir.js";
import type { PlanAggregate, PlanFacts } from "../plan-facts.js";
import type { KernelState } from "../state.js";
import { type ConditionContext, conditionExpr, objectEnv } from "./conditions.js";
import { addDuration, parseDuration } from "../../base/date.js";
import type { Grade } from "../../base/grade.js";
import { historyByYear, historyFact } from "../history.js";

// The subject's history read by year, under the scheme's first label of each grade.
function historyReader(firstLabel: Readonly<Record<Grade, string>>): (history: unknown) => ReturnType<typeof historyByYear> {
  return (history) => historyByYear(history, firstLabel);
}

/**
 * The module function `derive` (or `deriveExplain`, which also lists the records left out):
 * `(records, asOf, st)`, every derived fact into `st.dv`.
 * @param k - The condition context (named conditions, and where their functions go).
 * @param declaredTypes - The record types the ruleset declares.
 * @param facts - The plan's derived facts.
 * @param explain - Whether to list the records left out.
 * @returns The function.
 * @category Grading
 */
export function deriveFn(k: ConditionContext, declaredTypes: ReadonlySet<string>, facts: PlanFacts, explain: boolean): Fn {
  const records = variable("records");
  const asOf = variable("asOf");
  const st = variable("st");
  const dv = variable("dv");
  const n = variable("n");
  const i = variable("i");
  const r = variable("r");
  const pR = variable("pR");
  const type = variable("type");
  const date = variable("date");
  const reason = variable("why");
  const ST = x.ref(st);
  const R = x.ref(r);
  const AS_OF = x.ref(asOf);
  const note = explain ? x.ext("note", noteExcluded(facts)) : undefined;
  const noted = (): Stmt[] => (note === undefined ? [] : [s.if(x.bin("!==", x.ref(reason), x.lit(undefined)), [s.do(x.call(note, ST, R, AS_OF))])]);

  // Per aggregate: its state variables and, for a window, its bounds (computed once per call).
  const vars = facts.aggregates.map((a) => ({ a, count: variable("c"), sum: variable("s"), best: variable("b"), has: variable("h"), pick: variable("p"), pickDate: variable("pd"), pickId: variable("pi"), lo: variable("lo"), hi: variable("hi") }));
  const init: Stmt[] = vars.flatMap((v) => {
    const out: Stmt[] = [s.set(v.count, x.lit(0))];
    if (v.a.aggregate === "sum") out.push(s.set(v.sum, x.lit(0)));
    if (v.a.aggregate === "max" || v.a.aggregate === "min") out.push(s.set(v.best, x.lit(0)), s.set(v.has, x.lit(0)));
    if (v.a.aggregate === "latest" || v.a.aggregate === "earliest") out.push(s.set(v.pick, x.lit(undefined)), s.set(v.pickDate, x.lit("")), s.set(v.pickId, x.lit("")));
    if (v.a.window !== undefined) {
      const [lo, hi] = windowBounds(v.a.window);
      out.push(s.set(v.lo, x.call(x.ext("windowLo", lo), AS_OF)), s.set(v.hi, x.call(x.ext("windowHi", hi), AS_OF)));
    }
    return out;
  });

  // The records of each type the aggregates read.
  const declared = declaredTypes;
  const byType = new Map<string, typeof vars>();
  for (const v of vars) byType.set(v.a.from, [...(byType.get(v.a.from) ?? []), v]);
  const cases = [...byType].map(([t, list]) => {
    const body: Stmt[] = [s.set(reason, x.call(x.ext("excluded", facts.lifetime.excludedFor(t)), R, AS_OF)), ...noted()];
    // A type no declaration names: left out (and listed), never aggregated.
    if (declared.has(t)) {
      body.push(s.set(date, x.own(R, "date", x.ref(pR))));
      for (const v of list) body.push(...aggregateStmts(k, v, x.ref(reason), x.ref(date), R, x.ref(pR), AS_OF));
    }
    return { is: [t], body };
  });
  // Records of other types matter only to the list of those left out.
  const otherwise: Stmt[] = explain ? [s.set(reason, x.call(x.ext("excludedAny", facts.lifetime.excludedBecause), R, AS_OF)), ...noted()] : [];

  const loop: Stmt[] = [s.set(r, x.at(x.ref(records), x.ref(i))), s.set(pR, x.isPlain(R)), s.set(type, x.own(R, "type", x.ref(pR))), s.switch(x.ref(type), cases, otherwise)];
  const DV = x.ref(dv);
  const finish: Stmt[] = vars.map((v) => s.put(DV, v.a.slot, finalValue(v)));
  if (facts.history.length > 0) {
    // The subject's earlier results by year, read once; then each history fact over them.
    const years = variable("years");
    finish.push(s.set(years, x.call(x.ext("historyByYear", historyReader(facts.firstLabel)), x.get(ST, "history"))));
    for (const h of facts.history) finish.push(s.put(DV, h.slot, x.call(x.ext("historyFact", historyFact(h.def)), x.ref(years), AS_OF)));
  }
  for (const ratio of facts.ratios) {
    const num = x.at(DV, ratio.num);
    const den = x.at(DV, ratio.den);
    finish.push(
      s.put(
        DV,
        ratio.slot,
        x.cond(
          x.or(x.not(x.typeIs(num, "number")), x.not(x.typeIs(den, "number"))),
          x.lit(null),
          x.cond(x.bin("===", den, x.lit(0)), x.lit(ratio.whenZero ?? null), x.bin("/", num, den)),
        ),
      ),
    );
  }
  const body: Stmt[] = [
    s.set(dv, x.get(ST, "dv")),
    ...init,
    s.if(x.not(x.isNil(x.ref(records))), [s.set(n, x.get(x.ref(records), "length")), s.for(i, x.ref(n), loop)]),
    ...finish,
  ];
  return { name: explain ? "deriveExplain" : "derive", params: [records, asOf, st], body };

  function finalValue(v: (typeof vars)[number]): Expr {
    switch (v.a.aggregate) {
      case "count":
        return x.ref(v.count);
      case "exists":
        return x.bin(">", x.ref(v.count), x.lit(0));
      case "sum":
        return x.ref(v.sum);
      case "max":
      case "min":
        return x.cond(x.bin("===", x.ref(v.has), x.lit(1)), x.ref(v.best), x.lit(null));
      default: {
        const pick = x.ref(v.pick);
        if (v.a.field === undefined) return x.cond(x.bin("===", pick, x.lit(undefined)), x.lit(null), pick);
        const picked = x.call(x.ext("fieldOf", fieldOrNull), pick, x.lit(v.a.field));
        return x.cond(x.bin("===", pick, x.lit(undefined)), x.lit(null), picked);
      }
    }
  }
}

interface AggregateVars {
  readonly a: PlanAggregate;
  readonly count: Var;
  readonly sum: Var;
  readonly best: Var;
  readonly has: Var;
  readonly pick: Var;
  readonly pickDate: Var;
  readonly pickId: Var;
  readonly lo: Var;
  readonly hi: Var;
}

// One aggregate fed from one record: its selection, window and condition, then its update.
function aggregateStmts(k: ConditionContext, v: AggregateVars, reason: Expr, date: Expr, r: Expr, pR: Expr, asOf: Expr): Stmt[] {
  const { a } = v;
  const tests: Expr[] = [];
  // counted: records that count; repaired: repaired by asOf; all: every record up to asOf.
  if (a.select === "counted") tests.push(x.bin("===", reason, x.lit(undefined)));
  else if (a.select === "repaired") tests.push(x.bin("===", reason, x.lit("REPAIRED")));
  else tests.push(x.bin("!==", reason, x.lit("AFTER_AS_OF")));
  if (a.window !== undefined) tests.push(x.bin(">", date, x.ref(v.lo)), x.bin("<=", date, x.ref(v.hi)));
  if (a.where !== undefined) tests.push(conditionExpr(k, a.where, objectEnv, [r, pR, asOf]));
  const update: Stmt[] = [s.set(v.count, x.bin("+", x.ref(v.count), x.lit(1)))];
  switch (a.aggregate) {
    case "sum":
    case "max":
    case "min": {
      const val = variable("fv");
      const better = a.aggregate === "sum" ? [] : [s.if(x.or(x.bin("===", x.ref(v.has), x.lit(0)), x.bin(a.aggregate === "max" ? ">" : "<", x.ref(val), x.ref(v.best))), [s.set(v.best, x.ref(val)), s.set(v.has, x.lit(1))])];
      const add = a.aggregate === "sum" ? [s.set(v.sum, x.bin("+", x.ref(v.sum), x.ref(val)))] : [];
      update.push(s.set(val, a.field === undefined ? x.lit(undefined) : x.own(r, a.field, pR)), s.if(x.typeIs(x.ref(val), "number"), [...add, ...better]));
      break;
    }
    case "latest":
    case "earliest": {
      const id = variable("rid");
      const cmp = a.aggregate === "latest" ? ">" : "<";
      update.push(
        s.set(id, x.own(r, "id", pR)),
        s.if(
          x.or(x.bin("===", x.ref(v.pick), x.lit(undefined)), x.bin(cmp, date, x.ref(v.pickDate)), x.and(x.bin("===", date, x.ref(v.pickDate)), x.bin(cmp, x.ref(id), x.ref(v.pickId)))),
          [s.set(v.pick, r), s.set(v.pickDate, date), s.set(v.pickId, x.ref(id))],
        ),
      );
      break;
    }
    default:
      break;
  }
  return [s.if(x.and(...tests), update)];
}

// A window as bounds on record dates relative to asOf: lo < date <= hi, hi never after asOf.
function windowBounds(w: NonNullable<PlanAggregate["window"]>): [(asOf: IsoDate) => string, (asOf: IsoDate) => string] {
  if ("last" in w) {
    const d = parseDuration(w.last)!;
    let cached = "";
    let start = "";
    return [
      (asOf) => {
        if (asOf !== cached) {
          start = addDuration(asOf, d, -1);
          cached = asOf;
        }
        return start;
      },
      (asOf) => asOf,
    ];
  }
  // A calendar year Y (asOf's year plus the offset): after the last day of Y − 1, up to the
  // last day of Y or asOf. A year before 0 has no dates ("-12-31" sorts before every date).
  const year = (asOf: IsoDate): number => Number(asOf.slice(0, 4)) + w.calendarYear;
  const lastDay = (y: number): string => `${y < 0 ? "" : String(y).padStart(4, "0")}-12-31`;
  return [
    (asOf) => lastDay(year(asOf) - 1),
    (asOf) => {
      const end = lastDay(year(asOf));
      return end < asOf ? end : asOf;
    },
  ];
}

function fieldOrNull(r: object, key: string): unknown {
  const v: unknown = Object.hasOwn(r, key) ? (r as Record<string, unknown>)[key] : undefined;
  return v ?? null;
}

// Lists one record left out on asOf with why and since when.
function noteExcluded(facts: PlanFacts): (st: KernelState, r: CreditRecord, asOf: IsoDate) => void {
  return (st, r, asOf) => {
    const ex = facts.lifetime.exclusion(r, asOf)!;
    st.excluded.push({ recordId: r.id, type: r.type, date: r.date, reason: ex.reason, since: ex.since });
  };
}
