/**
 * Tests of derived facts (`fact.ts`): each aggregate over a subject's credit records, windows
 * relative to the as-of date, where-conditions over record fields, the three record
 * selections (counted / repaired / all), ratios, and the records left out with their reason.
 * Every expected value is worked out by hand in the comment beside it.
 */
import { describe, expect, it } from "vitest";
import { compileFacts, compileRuleset, type ConditionDef, type CreditRecord, type FactDef, type RecordTypeDef } from "../src/index.js";
import { penalty, recordsRuleset } from "./fixtures.js";

const TYPES = recordsRuleset().records!.types as RecordTypeDef[];
const derive = (defs: FactDef[], records: CreditRecord[], asOf: string, named: Map<string, ConditionDef> = new Map()) =>
  compileFacts(defs, TYPES, named)(records, asOf);
const values = (defs: FactDef[], records: CreditRecord[], asOf: string, named?: Map<string, ConditionDef>) => ({
  ...derive(defs, records, asOf, named).values,
});

const ASOF = "2025-06-30";

/**
 * Penalties as of 2025-06-30 (national publicity periods):
 *   p1 2025-03-01 general   5000   counts (ends 2026-02-28)
 *   p2 2024-09-15 serious  20000   counts (ends 2027-09-14)
 *   p3 2025-05-20 minor      200   counts (ends 2025-08-19)
 *   p4 2023-08-01 serious  50000   counts (ends 2026-07-31)
 *   p5 2024-03-01 general   3000   PUBLICITY_ENDED: 2024-03-01 + P1Y = 2025-03-01, so since 2025-03-01
 *   p6 2025-01-10 general   8000   REPAIRED 2025-04-01
 *   p7 2025-07-05 general   1000   AFTER_AS_OF since 2025-07-05
 *   p8 2025-02-01 serious  90000   REVOKED 2025-06-30
 * Counted: p1 p2 p3 p4. Dated up to asOf: p1–p6 and p8. Repaired: p6.
 */
const PENALTIES: CreditRecord[] = [
  penalty("p1", "2025-03-01", "general", 5000),
  penalty("p2", "2024-09-15", "serious", 20000),
  penalty("p3", "2025-05-20", "minor", 200),
  penalty("p4", "2023-08-01", "serious", 50000),
  penalty("p5", "2024-03-01", "general", 3000),
  penalty("p6", "2025-01-10", "general", 8000, { repairedAt: "2025-04-01" }),
  penalty("p7", "2025-07-05", "general", 1000),
  penalty("p8", "2025-02-01", "serious", 90000, { revokedAt: "2025-06-30" }),
];

const agg = (id: string, aggregate: Extract<FactDef, { aggregate: unknown }>["aggregate"], extra: Partial<Extract<FactDef, { from: string }>> = {}): FactDef => ({
  id,
  from: "penalty",
  aggregate,
  ...extra,
});

describe("aggregates over the records that count", () => {
  const v = values(
    [
      agg("n", "count"),
      agg("total", "sum", { field: "amount" }),
      agg("largest", "max", { field: "amount" }),
      agg("smallest", "min", { field: "amount" }),
      agg("any", "exists"),
      agg("latest", "latest"),
      agg("earliest", "earliest"),
      agg("latestAmount", "latest", { field: "amount" }),
      agg("earliestDate", "earliest", { field: "date" }),
    ],
    PENALTIES,
    ASOF,
  );

  it("count, sum, max, min, exists", () => {
    expect(v["n"]).toBe(4); // p1 p2 p3 p4
    expect(v["total"]).toBe(75200); // 5000 + 20000 + 200 + 50000
    expect(v["largest"]).toBe(50000); // p4
    expect(v["smallest"]).toBe(200); // p3
    expect(v["any"]).toBe(true);
  });

  it("latest and earliest return the record, or the field asked for", () => {
    expect(v["latest"]).toEqual(PENALTIES[2]); // p3 2025-05-20
    expect(v["earliest"]).toEqual(PENALTIES[3]); // p4 2023-08-01
    expect(v["latestAmount"]).toBe(200);
    expect(v["earliestDate"]).toBe("2023-08-01");
  });

  it("over no records: count 0, sum 0, exists false, the rest null", () => {
    const e = values(
      [
        agg("n", "count"),
        agg("total", "sum", { field: "amount" }),
        agg("largest", "max", { field: "amount" }),
        agg("smallest", "min", { field: "amount" }),
        agg("any", "exists"),
        agg("latest", "latest"),
        agg("earliest", "earliest"),
        agg("latestAmount", "latest", { field: "amount" }),
      ],
      [{ id: "l1", type: "list-entry", date: "2025-01-01", list: "abnormal-operation" }],
      ASOF,
    );
    expect(e).toEqual({ n: 0, total: 0, largest: null, smallest: null, any: false, latest: null, earliest: null, latestAmount: null });
  });

  it("sum, max and min skip a record without the field; count still counts it", () => {
    const recs = [penalty("a", "2025-01-01", "serious", 100), { id: "b", type: "penalty", date: "2025-02-01", severity: "serious" } as CreditRecord];
    expect(values([agg("n", "count"), agg("s", "sum", { field: "amount" }), agg("m", "min", { field: "amount" })], recs, ASOF)).toEqual({ n: 2, s: 100, m: 100 });
  });

  it("latest field of a record that lacks it is null", () => {
    const recs = [{ id: "b", type: "penalty", date: "2025-02-01", severity: "serious" } as CreditRecord];
    expect(values([agg("x", "latest", { field: "amount" })], recs, ASOF)).toEqual({ x: null });
  });

  it("ties on the date go to the larger id for latest, the smaller for earliest", () => {
    const recs = [penalty("b", "2025-01-01", "serious", 1), penalty("c", "2025-01-01", "serious", 2), penalty("a", "2025-01-01", "serious", 3)];
    expect(values([agg("l", "latest", { field: "id" }), agg("e", "earliest", { field: "id" })], recs, ASOF)).toEqual({ l: "c", e: "a" });
  });

  it("only records of the fact's type", () => {
    const recs = [...PENALTIES, { id: "l1", type: "list-entry", date: "2025-01-01", list: "serious-dishonesty", amount: 7 } as CreditRecord];
    expect(values([agg("n", "count"), agg("total", "sum", { field: "amount" })], recs, ASOF)).toEqual({ n: 4, total: 75200 });
  });
});

describe("records: counted, repaired, all", () => {
  const defs = (records: "counted" | "repaired" | "all"): FactDef[] => [
    agg("n", "count", { records }),
    agg("total", "sum", { field: "amount", records }),
    agg("latest", "latest", { field: "id", records }),
  ];

  it("counted (the default) leaves out everything excluded", () => {
    expect(values(defs("counted"), PENALTIES, ASOF)).toEqual({ n: 4, total: 75200, latest: "p3" });
  });

  it("repaired: only records repaired by asOf", () => {
    expect(values(defs("repaired"), PENALTIES, ASOF)).toEqual({ n: 1, total: 8000, latest: "p6" });
    // Before the repair date p6 still counts, so nothing is repaired.
    expect(values(defs("repaired"), PENALTIES, "2025-03-31")).toEqual({ n: 0, total: 0, latest: null });
  });

  it("all: every record dated up to asOf, whatever happened to it", () => {
    // p1–p6 and p8: 5000 + 20000 + 200 + 50000 + 3000 + 8000 + 90000 = 176200; p7 is after asOf.
    expect(values(defs("all"), PENALTIES, ASOF)).toEqual({ n: 7, total: 176200, latest: "p3" });
  });
});

describe("excluded records", () => {
  it("are listed in input order with the reason and the date that decided it", () => {
    expect(derive([agg("n", "count")], PENALTIES, ASOF).excluded).toEqual([
      { recordId: "p5", type: "penalty", date: "2024-03-01", reason: "PUBLICITY_ENDED", since: "2025-03-01" },
      { recordId: "p6", type: "penalty", date: "2025-01-10", reason: "REPAIRED", since: "2025-04-01" },
      { recordId: "p7", type: "penalty", date: "2025-07-05", reason: "AFTER_AS_OF", since: "2025-07-05" },
      { recordId: "p8", type: "penalty", date: "2025-02-01", reason: "REVOKED", since: "2025-06-30" },
    ]);
  });

  it("include records of types no fact reads", () => {
    const recs: CreditRecord[] = [{ id: "c1", type: "commitment", date: "2021-01-01", due: "2021-06-30", honoured: true }];
    // Commitments count P3Y: 2021-01-01 + P3Y = 2024-01-01 → since 2024-01-01.
    expect(derive([agg("n", "count")], recs, ASOF).excluded).toEqual([
      { recordId: "c1", type: "commitment", date: "2021-01-01", reason: "PUBLICITY_ENDED", since: "2024-01-01" },
    ]);
  });

  it("the day before p8's revocation and p6's repair, both count", () => {
    const d = derive([agg("n", "count")], PENALTIES, "2025-03-31");
    // p3 (2025-05-20) and p7 are after asOf; p5 ended 2025-03-01; p6 (repaired 2025-04-01) and
    // p8 (revoked 2025-06-30) still count: counted p1 p2 p4 p6 p8 = 5.
    expect(d.values["n"]).toBe(5);
    expect(d.excluded.map((e) => [e.recordId, e.reason])).toEqual([
      ["p3", "AFTER_AS_OF"],
      ["p5", "PUBLICITY_ENDED"],
      ["p7", "AFTER_AS_OF"],
    ]);
  });
});

describe("windows", () => {
  // List entries never expire, so only the window decides.
  const L = (id: string, date: string): CreditRecord => ({ id, type: "list-entry", date, list: "abnormal-operation" });
  const count = (window: NonNullable<Extract<FactDef, { from: string }>["window"]>, records: "counted" | "all" = "counted"): FactDef => ({
    id: "n",
    from: "list-entry",
    aggregate: "count",
    window,
    records,
  });

  it("last P3Y: exactly asOf minus 3 years is out, the next day is in, asOf itself is in", () => {
    // 2025-06-30 − P3Y = 2022-06-30: the window is (2022-06-30, 2025-06-30].
    const recs = [L("a", "2022-06-30"), L("b", "2022-07-01"), L("c", "2025-06-30"), L("d", "2025-07-01")];
    expect(values([count({ last: "P3Y" })], recs, ASOF)).toEqual({ n: 2 }); // b, c
    expect(values([count({ last: "P3Y" })], [L("a", "2022-06-30")], ASOF)).toEqual({ n: 0 });
    expect(values([count({ last: "P3Y" })], [L("b", "2022-07-01")], ASOF)).toEqual({ n: 1 });
  });

  it("last P1Y from a leap day: 2024-02-29 − P1Y = 2023-02-28", () => {
    const recs = [L("a", "2023-02-28"), L("b", "2023-03-01")];
    expect(values([count({ last: "P1Y" })], recs, "2024-02-29")).toEqual({ n: 1 }); // b
  });

  it("last P90D: 2025-06-30 − 90 days = 2025-04-01", () => {
    // June 30 back 29 days is June 1, back 31 more is May 1, back 30 more is April 1: 29 + 31 + 30 = 90.
    const recs = [L("a", "2025-04-01"), L("b", "2025-04-02")];
    expect(values([count({ last: "P90D" })], recs, ASOF)).toEqual({ n: 1 }); // b
  });

  it("calendarYear 0: the year of asOf up to asOf; −1: the whole year before; −3: three years before", () => {
    const recs = [
      L("y25a", "2025-01-01"),
      L("y25b", "2025-06-30"),
      L("y25late", "2025-07-01"), // after asOf
      L("y24a", "2024-01-01"),
      L("y24b", "2024-12-31"),
      L("y23", "2023-05-05"),
      L("y22", "2022-12-31"),
    ];
    expect(values([count({ calendarYear: 0 })], recs, ASOF)).toEqual({ n: 2 }); // y25a, y25b
    expect(values([count({ calendarYear: 0 }, "all")], recs, ASOF)).toEqual({ n: 2 }); // y25late is still after asOf
    expect(values([count({ calendarYear: -1 })], recs, ASOF)).toEqual({ n: 2 }); // y24a, y24b
    expect(values([count({ calendarYear: -2 })], recs, ASOF)).toEqual({ n: 1 }); // y23
    expect(values([count({ calendarYear: -3 })], recs, ASOF)).toEqual({ n: 1 }); // y22
  });

  it("a window combines with publicity: a record in the window that no longer counts is not counted", () => {
    // General 2024-03-01 ended 2025-02-28 (since 2025-03-01) but is inside last P3Y.
    const recs = [penalty("g", "2024-03-01", "general", 1)];
    expect(values([agg("n", "count", { window: { last: "P3Y" } }), agg("all", "count", { window: { last: "P3Y" }, records: "all" })], recs, ASOF)).toEqual({
      n: 0,
      all: 1,
    });
  });
});

describe("where conditions over record fields", () => {
  it("by severity", () => {
    const where = (severity: string): ConditionDef => ({ fact: "severity", operator: "equal", value: severity });
    const v = values(
      [
        agg("serious", "count", { where: where("serious") }),
        agg("seriousAmount", "sum", { field: "amount", where: where("serious") }),
        agg("general", "count", { where: where("general") }),
        agg("minor", "count", { where: where("minor") }),
      ],
      PENALTIES,
      ASOF,
    );
    // Counted: p1 general, p2 serious, p3 minor, p4 serious.
    expect(v).toEqual({ serious: 2, seriousAmount: 70000, general: 1, minor: 1 });
  });

  it("numeric comparisons, in, not, all / any", () => {
    const v = values(
      [
        agg("big", "count", { where: { fact: "amount", operator: "greaterThanInclusive", value: 20000 } }), // p2, p4
        agg("generalOrMinor", "count", { where: { fact: "severity", operator: "in", value: ["general", "minor"] } }), // p1, p3
        agg("notSerious", "sum", { field: "amount", where: { not: { fact: "severity", operator: "equal", value: "serious" } } }), // 5000 + 200
        agg("smallSerious", "count", {
          where: { all: [{ fact: "severity", operator: "equal", value: "serious" }, { fact: "amount", operator: "lessThan", value: 30000 }] },
        }), // p2
        agg("either", "count", {
          where: { any: [{ fact: "id", operator: "equal", value: "p1" }, { fact: "amount", operator: "equal", value: 200 }] },
        }), // p1, p3
      ],
      PENALTIES,
      ASOF,
    );
    expect(v).toEqual({ big: 2, generalOrMinor: 2, notSerious: 5200, smallSerious: 1, either: 2 });
  });

  it("date operators compare record dates with the as-of date", () => {
    const c = (id: string, due: string, honoured: boolean): CreditRecord => ({ id, type: "commitment", date: "2024-01-01", due, honoured });
    // Due within the last P1Y of 2025-06-30: (2024-06-30, 2025-06-30].
    const recs = [c("c1", "2024-06-30", true), c("c2", "2024-07-01", true), c("c3", "2025-06-30", false), c("c4", "2025-07-01", true)];
    const v = values(
      [
        { id: "due", from: "commitment", aggregate: "count", where: { fact: "due", operator: "withinLast", value: "P1Y" } }, // c2, c3
        { id: "onTime", from: "commitment", aggregate: "count", where: { fact: "due", operator: "onOrBefore", value: "2024-12-31" } }, // c1, c2
        { id: "later", from: "commitment", aggregate: "count", where: { fact: "due", operator: "after", value: "2025-06-30" } }, // c4
      ],
      recs,
      ASOF,
    );
    expect(v).toEqual({ due: 2, onTime: 2, later: 1 });
  });

  it("a field the record lacks makes the condition false", () => {
    expect(values([agg("n", "count", { where: { fact: "list", operator: "equal", value: "serious-dishonesty" } })], PENALTIES, ASOF)).toEqual({ n: 0 });
    expect(values([agg("n", "count", { where: { fact: "list", operator: "notEqual", value: "x" } })], PENALTIES, ASOF)).toEqual({ n: 4 });
  });

  it("a named condition can be used in where", () => {
    const named = new Map<string, ConditionDef>([["large", { fact: "amount", operator: "greaterThan", value: 10000 }]]);
    expect(values([agg("n", "count", { where: { condition: "large" } })], PENALTIES, ASOF, named)).toEqual({ n: 2 }); // p2, p4
  });

  it("where, window and records combine", () => {
    // all records up to asOf, serious, dated in the last P1Y (2024-06-30, 2025-06-30]: p2 and p8 (revoked), not p4.
    const v = values(
      [agg("n", "count", { records: "all", window: { last: "P1Y" }, where: { fact: "severity", operator: "equal", value: "serious" } })],
      PENALTIES,
      ASOF,
    );
    expect(v).toEqual({ n: 2 });
  });
});

describe("ratios", () => {
  const where = (severity: string): ConditionDef => ({ fact: "severity", operator: "equal", value: severity });
  const base: FactDef[] = [
    agg("all", "count"),
    agg("serious", "count", { where: where("serious") }),
    agg("minor", "count", { where: where("minor") }),
    agg("lists", "count", { from: "list-entry" }),
    agg("biggest", "max", { field: "amount", from: "list-entry" }),
  ];

  it("numerator over denominator", () => {
    const v = values([...base, { id: "share", ratio: { numerator: "serious", denominator: "all" } }], PENALTIES, ASOF);
    expect(v["share"]).toBe(0.5); // 2 / 4
  });

  it("a zero denominator: null without whenZero, whenZero with it (0 included)", () => {
    const v = values(
      [
        ...base,
        { id: "none", ratio: { numerator: "serious", denominator: "lists" } },
        { id: "one", ratio: { numerator: "serious", denominator: "lists" }, whenZero: 1 },
        { id: "zero", ratio: { numerator: "serious", denominator: "lists" }, whenZero: 0 },
      ],
      PENALTIES,
      ASOF,
    );
    expect(v["lists"]).toBe(0);
    expect(v["none"]).toBeNull();
    expect(v["one"]).toBe(1);
    expect(v["zero"]).toBe(0);
  });

  it("0 over a non-zero denominator is 0, not whenZero", () => {
    const v = values([...base, { id: "r", ratio: { numerator: "lists", denominator: "all" }, whenZero: 1 }], PENALTIES, ASOF);
    expect(v["r"]).toBe(0); // 0 / 4
  });

  it("a null operand (max of nothing) gives null, even with whenZero", () => {
    const v = values([...base, { id: "r", ratio: { numerator: "biggest", denominator: "all" }, whenZero: 1 }], PENALTIES, ASOF);
    expect(v["r"]).toBeNull();
  });

  it("ratio of ratios, in any declared order", () => {
    // serious / all = 2/4 = 0.5; minor / all = 1/4 = 0.25; (minor share) / (serious share) = 0.25 / 0.5 = 0.5.
    const ratios: FactDef[] = [
      { id: "minorVsSerious", ratio: { numerator: "minorShare", denominator: "seriousShare" } },
      { id: "seriousShare", ratio: { numerator: "serious", denominator: "all" } },
      { id: "minorShare", ratio: { numerator: "minor", denominator: "all" } },
    ];
    const v = values([...base, ...ratios], PENALTIES, ASOF);
    expect(v).toMatchObject({ seriousShare: 0.5, minorShare: 0.25, minorVsSerious: 0.5 });
  });

  it("a ratio of a null ratio is null", () => {
    const v = values(
      [...base, { id: "r1", ratio: { numerator: "serious", denominator: "lists" } }, { id: "r2", ratio: { numerator: "r1", denominator: "all" }, whenZero: 1 }],
      PENALTIES,
      ASOF,
    );
    expect(v["r2"]).toBeNull();
  });

  it("ratios that refer to each other or to unknown facts do not compile", () => {
    expect(() =>
      compileFacts(
        [
          { id: "a", ratio: { numerator: "b", denominator: "b" } },
          { id: "b", ratio: { numerator: "a", denominator: "a" } },
        ],
        TYPES,
        new Map(),
      ),
    ).toThrow("derived facts a, b refer to unknown facts or to each other in a cycle");
    expect(() => compileFacts([{ id: "a", ratio: { numerator: "x", denominator: "x" } }], TYPES, new Map())).toThrow(/derived facts a refer/);
  });
});

describe("the records fixture's facts", () => {
  it("compile and derive as documented", () => {
    const r = recordsRuleset();
    const named = new Map<string, ConditionDef>(r.conditions!.map((n) => [n.id, n.conditions]));
    const d = compileFacts(r.facts!, TYPES, named)(
      [
        ...PENALTIES,
        { id: "c1", type: "commitment", date: "2024-01-01", kind: "tax", due: "2024-12-31", honoured: true },
        { id: "c2", type: "commitment", date: "2024-01-01", kind: "tax", due: "2025-03-31", honoured: false },
        { id: "c3", type: "commitment", date: "2025-01-01", kind: "quality", due: "2025-12-31", honoured: false }, // not due yet
        { id: "l1", type: "list-entry", date: "2025-05-01", list: "abnormal-operation" },
      ],
      ASOF,
    );
    // Penalties in the last 3 years that count: p1 general, p2 serious, p3 minor, p4 serious.
    // Commitments due in (2022-06-30, 2025-06-30]: c1, c2; honoured: c1 → 1/2.
    expect({ ...d.values, latestPenalty: (d.values["latestPenalty"] as CreditRecord).id }).toEqual({
      penaltiesMinor3y: 1,
      penaltiesGeneral3y: 1,
      penaltiesSerious3y: 2,
      penaltyAmount3y: 75200,
      commitmentsDue: 2,
      commitmentsHonoured: 1,
      honourRate: 0.5,
      seriousListed: false,
      latestPenalty: "p3",
    });
  });
});

describe("an evaluation's facts object", () => {
  it("inherits nothing, with and without generated code, and holds every fact", () => {
    const r = recordsRuleset();
    const subject = {
      id: "x",
      inputs: { years: 5 },
      records: [...PENALTIES, { id: "l1", type: "list-entry", date: "2025-05-01", list: "abnormal-operation" }],
    };
    for (const codegen of [true, false]) {
      const facts = compileRuleset(r, undefined, { codegen }).evaluate(subject, { asOf: ASOF }).facts;
      expect(Object.keys(facts).sort()).toEqual(r.facts!.map((f) => f.id).sort());
      for (const name of ["toString", "constructor", "hasOwnProperty", "valueOf", "__proto__"]) expect((facts as Record<string, unknown>)[name]).toBeUndefined();
      expect(Object.getPrototypeOf(Object.getPrototypeOf(facts))).toBeNull();
      expect(facts["penaltiesSerious3y"]).toBe(2);
    }
  });
});
