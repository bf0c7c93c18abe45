import { describe, expect, it } from "vitest";
import { type ConditionDef, type ConditionTrace, ConditionSchema } from "../src/format/condition.js";
import { compileCondition } from "../src/engine/conditions.js";
import { resolveOperator } from "../src/engine/operators.js";

const AS_OF = "2025-12-31";
const NONE: ReadonlyMap<string, ConditionDef> = new Map();

/** One leaf, wrapped in `all`, tested against the facts. */
function leaf(fact: string, operator: string, value: unknown, facts: Record<string, unknown>, extra: { path?: string; asOf?: string } = {}): boolean {
  const def: ConditionDef = { fact, operator, value, ...(extra.path !== undefined ? { path: extra.path } : {}) };
  const c = compileCondition({ all: [def] }, NONE);
  const ctx = { facts, asOf: extra.asOf ?? AS_OF };
  const result = c.test(ctx);
  // test() and trace() must always agree.
  expect(c.trace(ctx).result).toBe(result);
  return result;
}

/** The value a leaf's left side sees after its path. */
function factValue(facts: Record<string, unknown>, fact: string, path?: string): unknown {
  const t = compileCondition({ all: [{ fact, operator: "equal", value: null, ...(path !== undefined ? { path } : {}) }] }, NONE).trace({ facts, asOf: AS_OF });
  if (t.kind !== "all" || t.children[0]?.kind !== "leaf") throw new Error("unexpected trace");
  return t.children[0].factValue;
}

function leaves(t: ConditionTrace): Extract<ConditionTrace, { kind: "leaf" }>[] {
  switch (t.kind) {
    case "leaf":
      return [t];
    case "all":
    case "any":
      return t.children.flatMap(leaves);
    case "not":
    case "condition":
      return leaves(t.child);
  }
}

describe("json-rules-engine built-in operators", () => {
  it("equal / notEqual compare strictly", () => {
    expect(leaf("a", "equal", 1, { a: 1 })).toBe(true);
    expect(leaf("a", "equal", 1, { a: "1" })).toBe(false);
    expect(leaf("a", "equal", null, { a: null })).toBe(true);
    expect(leaf("a", "equal", null, {})).toBe(false);
    expect(leaf("a", "equal", [1], { a: [1] })).toBe(false);
    expect(leaf("a", "notEqual", 1, { a: 2 })).toBe(true);
    expect(leaf("a", "notEqual", 1, {})).toBe(true);
    expect(leaf("a", "notEqual", "x", { a: "x" })).toBe(false);
  });

  it("in / notIn use the value's indexOf: arrays, and substrings of a string value", () => {
    expect(leaf("a", "in", [1, 2], { a: 2 })).toBe(true);
    expect(leaf("a", "in", [1, 2], { a: 3 })).toBe(false);
    expect(leaf("a", "in", [1, 2], { a: "2" })).toBe(false);
    expect(leaf("a", "in", "abc", { a: "b" })).toBe(true);
    expect(leaf("a", "notIn", [1, 2], { a: 3 })).toBe(true);
    expect(leaf("a", "notIn", [1, 2], { a: 1 })).toBe(false);
    expect(leaf("a", "notIn", "abc", { a: "z" })).toBe(true);
  });

  it("in / notIn with a value that has no indexOf are false where json-rules-engine throws", () => {
    for (const value of [5, null, true, { x: 1 }]) {
      expect(leaf("a", "in", value, { a: 5 })).toBe(false);
      expect(leaf("a", "notIn", value, { a: 5 })).toBe(false);
      expect(leaf("a", "not:in", value, { a: 5 })).toBe(false);
    }
    // A fact reference can bring such a value at run time.
    expect(leaf("a", "in", { fact: "b" }, { a: 1, b: 1 })).toBe(false);
    expect(leaf("a", "in", { fact: "missing" }, { a: 1 })).toBe(false);
  });

  it("contains / doesNotContain need an array fact: a string fact is false either way", () => {
    expect(leaf("a", "contains", 2, { a: [1, 2] })).toBe(true);
    expect(leaf("a", "contains", 3, { a: [1, 2] })).toBe(false);
    expect(leaf("a", "contains", "b", { a: "abc" })).toBe(false);
    expect(leaf("a", "doesNotContain", 3, { a: [1, 2] })).toBe(true);
    expect(leaf("a", "doesNotContain", 2, { a: [1, 2] })).toBe(false);
    expect(leaf("a", "doesNotContain", "z", { a: "abc" })).toBe(false);
    expect(leaf("a", "doesNotContain", 1, {})).toBe(false);
  });

  it("numeric operators compare with JavaScript's < and need a fact that parses as a number", () => {
    expect(leaf("a", "lessThan", 2, { a: 1 })).toBe(true);
    expect(leaf("a", "lessThan", 2, { a: 2 })).toBe(false);
    expect(leaf("a", "lessThanInclusive", 2, { a: 2 })).toBe(true);
    expect(leaf("a", "greaterThan", 2, { a: 3 })).toBe(true);
    expect(leaf("a", "greaterThanInclusive", 3, { a: 3 })).toBe(true);
    expect(leaf("a", "greaterThanInclusive", 4, { a: 3 })).toBe(false);
    // A numeric string fact passes the validator and compares numerically with a number…
    expect(leaf("a", "greaterThan", 9, { a: "10" })).toBe(true);
    // …and as a string with a string value.
    expect(leaf("a", "lessThan", "9", { a: "10" })).toBe(true);
    // "12abc" parses (parseFloat) but compares as NaN.
    expect(leaf("a", "lessThan", 20, { a: "12abc" })).toBe(false);
    expect(leaf("a", "greaterThan", -1, { a: "abc" })).toBe(false);
    expect(leaf("a", "greaterThan", -1, { a: null })).toBe(false);
    expect(leaf("a", "greaterThan", -1, { a: true })).toBe(false);
    expect(leaf("a", "greaterThan", -1, {})).toBe(false);
    // [5] parses as 5 and compares as "5".
    expect(leaf("a", "greaterThan", 4, { a: [5] })).toBe(true);
  });

  it("is false, never throws, on an object that cannot become a primitive", () => {
    const weird = { toString: 1, valueOf: 2 };
    expect(leaf("a", "greaterThan", 1, { a: weird })).toBe(false);
    expect(leaf("a", "lessThan", { fact: "b" }, { a: 1, b: weird })).toBe(false);
    expect(leaf("a", "in", "abc", { a: weird })).toBe(false);
    expect(leaf("a", "greaterThan", 1, { a: Object.create(null) })).toBe(false);
  });

  it("rejects an unknown operator or decorator at compile time", () => {
    expect(() => compileCondition({ all: [{ fact: "a", operator: "matches", value: 1 }] }, NONE)).toThrow(/unknown operator/);
    expect(() => compileCondition({ all: [{ fact: "a", operator: "maybe:equal", value: 1 }] }, NONE)).toThrow(/unknown operator/);
    expect(() => compileCondition({ all: [{ fact: "a", operator: "toString", value: 1 }] }, NONE)).toThrow(/unknown operator/);
    expect(resolveOperator("equal:not")).toBeUndefined();
    expect(ConditionSchema.safeParse({ fact: "a", operator: "maybe:equal", value: 1 }).success).toBe(false);
    expect(ConditionSchema.safeParse({ fact: "a", operator: "not:someFact:withinLast", value: "P1Y" }).success).toBe(true);
  });
});

describe("operator decorators", () => {
  it("someFact / everyFact need an array fact", () => {
    expect(leaf("a", "someFact:equal", 2, { a: [1, 2] })).toBe(true);
    expect(leaf("a", "someFact:equal", 3, { a: [1, 2] })).toBe(false);
    expect(leaf("a", "someFact:equal", 2, { a: 2 })).toBe(false);
    expect(leaf("a", "someFact:equal", 2, { a: [] })).toBe(false);
    expect(leaf("a", "everyFact:greaterThan", 2, { a: [3, 4] })).toBe(true);
    expect(leaf("a", "everyFact:greaterThan", 3, { a: [3, 4] })).toBe(false);
    expect(leaf("a", "everyFact:greaterThan", 3, { a: [] })).toBe(true);
    expect(leaf("a", "everyFact:greaterThan", 3, { a: 4 })).toBe(false);
    expect(leaf("a", "everyFact:greaterThan", 3, { a: "45" })).toBe(false);
  });

  it("someValue / everyValue go over an array value; a value that is not an array is false (json-rules-engine throws)", () => {
    expect(leaf("a", "someValue:equal", [1, 2], { a: 2 })).toBe(true);
    expect(leaf("a", "someValue:equal", [1, 2], { a: 3 })).toBe(false);
    expect(leaf("a", "someValue:equal", [], { a: 3 })).toBe(false);
    expect(leaf("a", "everyValue:lessThan", [2, 3], { a: 1 })).toBe(true);
    expect(leaf("a", "everyValue:lessThan", [1, 3], { a: 1 })).toBe(false);
    expect(leaf("a", "everyValue:lessThan", [], { a: 1 })).toBe(true);
    for (const value of [2, "2", null, { x: 2 }]) {
      expect(leaf("a", "someValue:equal", value, { a: 2 })).toBe(false);
      expect(leaf("a", "everyValue:equal", value, { a: 2 })).toBe(false);
      expect(leaf("a", "not:someValue:equal", value, { a: 2 })).toBe(false);
    }
  });

  it("swap exchanges the two sides, validators included", () => {
    expect(leaf("a", "swap:contains", [1, 2], { a: 2 })).toBe(true);
    expect(leaf("a", "swap:contains", "abc", { a: "b" })).toBe(false);
    expect(leaf("a", "swap:in", 2, { a: [1, 2] })).toBe(true);
    expect(leaf("a", "swap:lessThan", 1, { a: 2 })).toBe(true);
    // The numeric validator now looks at the value.
    expect(leaf("a", "swap:lessThan", "x", { a: 2 })).toBe(false);
  });

  it("not negates the decorated operator", () => {
    expect(leaf("a", "not:equal", 1, { a: 2 })).toBe(true);
    expect(leaf("a", "not:equal", 1, { a: 1 })).toBe(false);
    expect(leaf("a", "not:contains", 1, { a: "x" })).toBe(true);
    expect(leaf("a", "not:greaterThan", 1, { a: "x" })).toBe(true);
  });

  it("composes left to right, outermost first", () => {
    expect(leaf("a", "everyFact:someValue:equal", [1, 2, 3], { a: [1, 2] })).toBe(true);
    expect(leaf("a", "everyFact:someValue:equal", [1, 3], { a: [1, 2] })).toBe(false);
    expect(leaf("a", "not:someFact:greaterThan", 5, { a: [1, 2] })).toBe(true);
    expect(leaf("a", "someFact:not:greaterThan", 1, { a: [1, 2] })).toBe(true);
    expect(leaf("a", "swap:someFact:equal", 2, { a: [1, 2] })).toBe(false);
    expect(leaf("a", "swap:someFact:equal", [1, 2], { a: 2 })).toBe(true);
    expect(leaf("a", "not:not:equal", 1, { a: 1 })).toBe(true);
  });
});

describe("paths", () => {
  const facts = {
    o: { a: { b: 7, "a b": "sp" }, list: [10, 20], "a b": 1, s: "abc", e: "", n: null, z: 0 },
    arr: [{ x: 1 }, { x: 2 }],
    num: 5,
    str: "text",
  };

  it("follows $.a.b, $.a[0] and $['a b']", () => {
    expect(factValue(facts, "o", "$.a.b")).toBe(7);
    expect(factValue(facts, "o", "$.list[1]")).toBe(20);
    expect(factValue(facts, "o", "$['a b']")).toBe(1);
    expect(factValue(facts, "o", "$.a['a b']")).toBe("sp");
    expect(factValue(facts, "arr", "$[1].x")).toBe(2);
    expect(factValue(facts, "o", "$")).toBe(facts.o);
    expect(leaf("o", "equal", 7, facts, { path: "$.a.b" })).toBe(true);
  });

  it("gives undefined for a missing key or a step through null, 0 or a number", () => {
    expect(factValue(facts, "o", "$.missing")).toBeUndefined();
    expect(factValue(facts, "o", "$.a.missing.deeper")).toBeUndefined();
    expect(factValue(facts, "o", "$.list[5]")).toBeUndefined();
    expect(factValue(facts, "o", "$.n.x")).toBeUndefined();
    expect(factValue(facts, "o", "$.z.x")).toBeUndefined();
    expect(factValue(facts, "o", "$.a.b.x")).toBeUndefined();
  });

  it("reads a string's own index and length, as jsonpath-plus does, but not those of an empty string", () => {
    expect(factValue(facts, "o", "$.s.length")).toBe(3);
    expect(factValue(facts, "o", "$.s[0]")).toBe("a");
    expect(factValue(facts, "o", "$.e.length")).toBeUndefined();
    expect(factValue(facts, "o", "$.list.length")).toBe(2);
  });

  it("returns a fact that is not an object unchanged", () => {
    expect(factValue(facts, "num", "$.a.b")).toBe(5);
    expect(factValue(facts, "str", "$.length")).toBe("text");
    expect(factValue({ n: null }, "n", "$.a")).toBeNull();
    expect(factValue({}, "missing", "$.a")).toBeUndefined();
    expect(leaf("num", "equal", 5, facts, { path: "$.x" })).toBe(true);
  });

  it("never reaches a prototype through __proto__, constructor or prototype", () => {
    for (const path of ["$.__proto__", "$.constructor", "$.prototype", "$.constructor.name", "$.__proto__.toString", "$.a.constructor", "$.list.constructor"]) {
      expect(factValue(facts, "o", path)).toBeUndefined();
    }
    expect(factValue({ f: () => 1 }, "f", "$.prototype")).toBeTypeOf("function");
    // An own key of that name is data like any other (jsonpath-plus reads it too).
    const own = JSON.parse('{"__proto__": {"x": 1}, "constructor": 2}') as Record<string, unknown>;
    expect(factValue({ own }, "own", "$.__proto__.x")).toBe(1);
    expect(factValue({ own }, "own", "$.constructor")).toBe(2);
    expect(factValue({ own }, "own", "$.__proto__.constructor")).toBeUndefined();
  });

  it("reads facts as own properties only", () => {
    expect(leaf("toString", "equal", undefined, {})).toBe(true);
    expect(leaf("constructor", "notEqual", undefined, {})).toBe(false);
  });
});

describe("fact references as values", () => {
  it("compares with another fact, optionally through a path", () => {
    const facts = { a: 3, b: 3, limits: { max: 5, list: [1, 3] } };
    expect(leaf("a", "equal", { fact: "b" }, facts)).toBe(true);
    expect(leaf("a", "lessThan", { fact: "limits", path: "$.max" }, facts)).toBe(true);
    expect(leaf("a", "in", { fact: "limits", path: "$.list" }, facts)).toBe(true);
    expect(leaf("limits", "equal", { fact: "limits", path: "$.list[1]" }, facts, { path: "$.list[1]" })).toBe(true);
    expect(leaf("a", "equal", { fact: "missing" }, facts)).toBe(false);
    expect(leaf("missing", "equal", { fact: "alsoMissing" }, facts)).toBe(true);
  });

  it("shows the resolved value in the trace", () => {
    const c = compileCondition({ all: [{ fact: "a", operator: "lessThan", value: { fact: "limits", path: "$.max" } }] }, NONE);
    expect(leaves(c.trace({ facts: { a: 3, limits: { max: 5 } }, asOf: AS_OF }))[0]).toMatchObject({ factValue: 3, value: 5, result: true });
  });
});

describe("named conditions", () => {
  const named = new Map<string, ConditionDef>([
    ["listed", { fact: "listed", operator: "equal", value: true }],
    ["bigFines", { all: [{ fact: "fines", operator: "greaterThan", value: 100 }] }],
    ["bad", { any: [{ condition: "listed" }, { condition: "bigFines" }] }],
  ]);

  it("resolves a reference, and references inside named conditions", () => {
    const c = compileCondition({ all: [{ condition: "bad" }] }, named);
    expect(c.test({ facts: { listed: true }, asOf: AS_OF })).toBe(true);
    expect(c.test({ facts: { fines: 101 }, asOf: AS_OF })).toBe(true);
    expect(c.test({ facts: { fines: 100, listed: false }, asOf: AS_OF })).toBe(false);
    const top = compileCondition({ condition: "bad" }, named);
    const t = top.trace({ facts: { fines: 101 }, asOf: AS_OF });
    expect(t).toMatchObject({ kind: "condition", condition: "bad", result: true, child: { kind: "any" } });
    expect(leaves(t).map((l) => [l.fact, l.result])).toEqual([
      ["listed", false],
      ["fines", true],
    ]);
  });

  it("may use the same named condition twice", () => {
    const c = compileCondition({ all: [{ condition: "listed" }, { not: { not: { condition: "listed" } } }] }, named);
    expect(c.test({ facts: { listed: true }, asOf: AS_OF })).toBe(true);
  });

  it("throws at compile time on a self-reference, a cycle or an unknown name", () => {
    const self = new Map<string, ConditionDef>([["loop", { any: [{ fact: "a", operator: "equal", value: 1 }, { condition: "loop" }] }]]);
    expect(() => compileCondition({ condition: "loop" }, self)).toThrow(/refer to each other in a cycle: loop → loop/);
    const cycle = new Map<string, ConditionDef>([
      ["x", { not: { condition: "y" } }],
      ["y", { all: [{ condition: "x" }] }],
    ]);
    expect(() => compileCondition({ all: [{ condition: "x" }] }, cycle)).toThrow(/refer to each other in a cycle: x → y → x/);
    expect(() => compileCondition({ all: [{ condition: "nope" }] }, named)).toThrow(/no named condition "nope"/);
  });
});

describe("all / any / not", () => {
  const T = { fact: "t", operator: "equal", value: true } as const;
  const F = { fact: "f", operator: "equal", value: true } as const;
  const facts = { t: true, f: false };
  const run = (d: ConditionDef): boolean => {
    const c = compileCondition(d, NONE);
    const r = c.test({ facts, asOf: AS_OF });
    expect(c.trace({ facts, asOf: AS_OF }).result).toBe(r);
    return r;
  };

  it("combines as boolean and, or and not", () => {
    expect(run({ all: [T, T] })).toBe(true);
    expect(run({ all: [T, F] })).toBe(false);
    expect(run({ any: [F, T] })).toBe(true);
    expect(run({ any: [F, F] })).toBe(false);
    expect(run({ not: T })).toBe(false);
    expect(run({ not: F })).toBe(true);
    expect(run({ not: { not: T } })).toBe(true);
  });

  it("nests", () => {
    expect(run({ all: [{ any: [F, { not: F }] }, { not: { all: [T, F] } }] })).toBe(true);
    expect(run({ any: [{ all: [T, { not: T }] }, { not: { any: [F, T] } }] })).toBe(false);
    expect(run({ not: { any: [{ all: [T, { not: { any: [F] } }] }] } })).toBe(false);
  });
});

describe("date operators", () => {
  it("withinLast: after asOf minus the period, up to asOf", () => {
    expect(leaf("d", "withinLast", "P3Y", { d: "2022-12-31" })).toBe(false);
    expect(leaf("d", "withinLast", "P3Y", { d: "2023-01-01" })).toBe(true);
    expect(leaf("d", "withinLast", "P3Y", { d: "2025-12-31" })).toBe(true);
    expect(leaf("d", "withinLast", "P3Y", { d: "2026-01-01" })).toBe(false);
    // 2025-12-31 minus 90 days is 2025-10-02.
    expect(leaf("d", "withinLast", "P90D", { d: "2025-10-03" })).toBe(true);
    expect(leaf("d", "withinLast", "P90D", { d: "2025-10-02" })).toBe(false);
  });

  it("notWithinLast is the complement for a valid date and period, and false otherwise", () => {
    expect(leaf("d", "notWithinLast", "P3Y", { d: "2022-12-31" })).toBe(true);
    expect(leaf("d", "notWithinLast", "P3Y", { d: "2023-01-01" })).toBe(false);
    expect(leaf("d", "notWithinLast", "P3Y", { d: "2026-01-01" })).toBe(true);
    for (const d of ["2025-02-29", "20250101", 20250101, null, undefined]) {
      expect(leaf("d", "withinLast", "P3Y", { d })).toBe(false);
      expect(leaf("d", "notWithinLast", "P3Y", { d })).toBe(false);
    }
    for (const period of ["3Y", "P", "P1W", 3, null]) {
      expect(leaf("d", "withinLast", period, { d: "2025-06-01" })).toBe(false);
      expect(leaf("d", "notWithinLast", period, { d: "2025-06-01" })).toBe(false);
    }
  });

  it("clamps to the end of a shorter month", () => {
    // 2024-02-29 minus one year is 2023-02-28.
    expect(leaf("d", "withinLast", "P1Y", { d: "2023-02-28" }, { asOf: "2024-02-29" })).toBe(false);
    expect(leaf("d", "withinLast", "P1Y", { d: "2023-03-01" }, { asOf: "2024-02-29" })).toBe(true);
    // 2025-03-31 minus one month is 2025-02-28.
    expect(leaf("d", "withinLast", "P1M", { d: "2025-02-28" }, { asOf: "2025-03-31" })).toBe(false);
    expect(leaf("d", "withinLast", "P1M", { d: "2025-03-01" }, { asOf: "2025-03-31" })).toBe(true);
    // 2024-03-31 minus one month is 2024-02-29 (leap year).
    expect(leaf("d", "withinLast", "P1M", { d: "2024-02-29" }, { asOf: "2024-03-31" })).toBe(false);
    expect(leaf("d", "withinLast", "P1M", { d: "2024-03-01" }, { asOf: "2024-03-31" })).toBe(true);
  });

  it("before / onOrBefore / after / onOrAfter compare with a date value", () => {
    const facts = { d: "2025-06-30" };
    expect(leaf("d", "before", "2025-07-01", facts)).toBe(true);
    expect(leaf("d", "before", "2025-06-30", facts)).toBe(false);
    expect(leaf("d", "onOrBefore", "2025-06-30", facts)).toBe(true);
    expect(leaf("d", "onOrBefore", "2025-06-29", facts)).toBe(false);
    expect(leaf("d", "after", "2025-06-29", facts)).toBe(true);
    expect(leaf("d", "after", "2025-06-30", facts)).toBe(false);
    expect(leaf("d", "onOrAfter", "2025-06-30", facts)).toBe(true);
    expect(leaf("d", "onOrAfter", "2025-07-01", facts)).toBe(false);
    expect(leaf("d", "before", { fact: "asOf" }, { ...facts, asOf: AS_OF })).toBe(true);
    for (const op of ["before", "onOrBefore", "after", "onOrAfter"]) {
      expect(leaf("d", op, "2025-13-01", facts)).toBe(false);
      expect(leaf("d", op, "P1Y", facts)).toBe(false);
      expect(leaf("d", op, "2025-06-30", { d: "2025-6-30" })).toBe(false);
    }
  });

  it("take decorators like any operator", () => {
    expect(leaf("ds", "someFact:withinLast", "P1Y", { ds: ["2020-01-01", "2025-05-05"] })).toBe(true);
    expect(leaf("ds", "everyFact:withinLast", "P1Y", { ds: ["2020-01-01", "2025-05-05"] })).toBe(false);
    expect(leaf("d", "not:withinLast", "P1Y", { d: "2020-01-01" })).toBe(true);
  });
});

describe("trace()", () => {
  const def: ConditionDef = {
    any: [
      { fact: "a", operator: "equal", value: 1 },
      { all: [{ fact: "b", operator: "greaterThan", value: 2 }, { not: { fact: "c", operator: "in", value: 5 } }] },
      { fact: "d", operator: "equal", value: { fact: "e", path: "$.x" }, path: "$.y" },
    ],
  };
  const c = compileCondition(def, NONE);

  it("lists every leaf with its values and result even where test() short-circuits", () => {
    const ctx = { facts: { a: 1, b: 0, d: { y: 4 }, e: { x: 4 } }, asOf: AS_OF };
    expect(c.test(ctx)).toBe(true);
    const t = c.trace(ctx);
    expect(t.result).toBe(true);
    const ls = leaves(t);
    expect(ls).toHaveLength(4);
    expect(ls.map((l) => ({ fact: l.fact, path: l.path, operator: l.operator, factValue: l.factValue, value: l.value, result: l.result }))).toEqual([
      { fact: "a", path: undefined, operator: "equal", factValue: 1, value: 1, result: true },
      { fact: "b", path: undefined, operator: "greaterThan", factValue: 0, value: 2, result: false },
      { fact: "c", path: undefined, operator: "in", factValue: undefined, value: 5, result: false },
      { fact: "d", path: "$.y", operator: "equal", factValue: 4, value: 4, result: true },
    ]);
    for (const l of ls) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(["factValue", "value", "result"]));
    }
  });

  it("records each node's result, a not's child and the negation", () => {
    const t = c.trace({ facts: { a: 0, b: 3 }, asOf: AS_OF });
    expect(t).toMatchObject({
      kind: "any",
      result: true,
      children: [
        { kind: "leaf", result: false },
        { kind: "all", result: true, children: [{ kind: "leaf", result: true }, { kind: "not", result: true, child: { kind: "leaf", result: false } }] },
        { kind: "leaf", result: true, factValue: undefined, value: undefined },
      ],
    });
  });

  it("agrees with test() on every combination of its leaves", () => {
    for (const a of [0, 1]) {
      for (const b of [0, 3]) {
        for (const cv of [1, undefined]) {
          for (const d of [{ y: 1 }, { y: 2 }]) {
            const ctx = { facts: { a, b, c: cv, d, e: { x: 1 } }, asOf: AS_OF };
            expect(c.trace(ctx).result).toBe(c.test(ctx));
          }
        }
      }
    }
  });
});
