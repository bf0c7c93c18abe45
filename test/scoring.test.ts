// Each scoring function as the engine runs it: a one-indicator ruleset (points mode, the
// indicator worth `outOf` points, 6 decimal places) evaluated without input checks, so that any
// value reaches the scorer. A value no bin or row matches makes the subject not gradable with
// NO_MATCH; the helper throws NoMatch with the engine's message then.
import { describe, expect, it } from "vitest";
import { compileRuleset, type InputDef, type ScoringDef } from "../src/index.js";
import { scoringInputs } from "../src/format/indicator-tree.js";

class NoMatch extends Error {}
const noInputs = new Map<string, InputDef>();

function inputFor(s: ScoringDef, id: string, given: ReadonlyMap<string, InputDef>): InputDef {
  const known = given.get(id);
  if (known) return known;
  if (s.type === "boolean") return { id, type: "boolean" };
  if (s.type === "lookup") return { id, type: "category", values: s.table.map((r) => r.value) };
  if (s.type === "deduction" && typeof s.base === "object" && s.base.input === id) {
    const values = s.base.cases.map((c) => c.equals);
    return values.every((v) => typeof v === "boolean") ? { id, type: "boolean" } : { id, type: "category", values: values.map(String) };
  }
  return { id, type: "number" };
}

const scorer = (s: ScoringDef, outOf: number, inputs: ReadonlyMap<string, InputDef> = noInputs) => {
  const ids = scoringInputs(s);
  const compiled = compileRuleset({
    formatVersion: 1,
    id: "scoring-test",
    scheme: "scoring-test",
    kind: "other",
    name: { zh: "计分测试", en: "scoring test" },
    version: "1.0.0",
    effective: { from: "2020-01-01" },
    scale: { min: 0, max: outOf },
    rounding: { scale: 6, mode: "half-up" },
    weighting: "points",
    inputs: [...new Set(ids)].map((id) => inputFor(s, id, inputs)),
    indicators: [{ id: "ind", name: { zh: "指标", en: "indicator" }, points: outOf, scoring: s }],
    bands: [{ grade: "A", min: 0, max: outOf }],
  });
  return (values: readonly unknown[]): number => {
    const e = compiled.evaluate({ id: "s", inputs: Object.fromEntries(ids.map((id, i) => [id, values[i]])) }, { asOf: "2025-12-31", validate: false });
    const no = e.notGradable.find((r) => r.code === "NO_MATCH");
    if (no) throw new NoMatch(no.message);
    return e.indicators[0]!.score!;
  };
};

describe("linear", () => {
  it("higher-better maps min → 0 and max → outOf, in proportion between", () => {
    const s = scorer({ type: "linear", input: "x", min: 0, max: 10, direction: "higher-better" }, 20);
    expect(s([0])).toBe(0);
    expect(s([10])).toBe(20);
    expect(s([5])).toBe(10); // (5-0)/10 × 20
    expect(s([2.5])).toBe(5); // (2.5-0)/10 × 20
  });

  it("higher-better clamps below min to 0 and above max to outOf", () => {
    const s = scorer({ type: "linear", input: "x", min: 2, max: 6, direction: "higher-better" }, 100);
    expect(s([-50])).toBe(0);
    expect(s([1])).toBe(0);
    expect(s([7])).toBe(100);
    expect(s([1e9])).toBe(100);
    expect(s([3])).toBe(25); // (3-2)/4 × 100
  });

  it("lower-better maps min → outOf and max → 0", () => {
    const s = scorer({ type: "linear", input: "x", min: 0, max: 10, direction: "lower-better" }, 20);
    expect(s([0])).toBe(20);
    expect(s([10])).toBe(0);
    expect(s([2.5])).toBe(15); // (10-2.5)/10 × 20
  });

  it("lower-better clamps below min to outOf and above max to 0", () => {
    const s = scorer({ type: "linear", input: "x", min: 0, max: 10, direction: "lower-better" }, 20);
    expect(s([-5])).toBe(20);
    expect(s([15])).toBe(0);
  });
});

describe("bins", () => {
  it("the first bin that contains the value wins, even when later bins also contain it", () => {
    const s = scorer(
      { type: "bins", input: "x", bins: [{ min: 0, max: 10, score: 5 }, { min: 0, max: 100, score: 3 }, { score: 1 }] },
      10,
    );
    expect(s([5])).toBe(5);
    expect(s([50])).toBe(3);
    expect(s([500])).toBe(1);
    expect(s([-1])).toBe(1);
  });

  it("min is inclusive and max exclusive by default", () => {
    const s = scorer({ type: "bins", input: "x", bins: [{ max: 10, score: 9 }, { min: 10, max: 20, score: 6 }, { min: 20, score: 2 }] }, 10);
    expect(s([9.99])).toBe(9);
    expect(s([10])).toBe(6); // 10 is outside [.., 10) and inside [10, 20)
    expect(s([19.99])).toBe(6);
    expect(s([20])).toBe(2);
  });

  it("minInclusive false and maxInclusive true move the bound into the lower bin", () => {
    const s = scorer(
      { type: "bins", input: "x", bins: [{ max: 10, maxInclusive: true, score: 9 }, { min: 10, minInclusive: false, score: 4 }] },
      10,
    );
    expect(s([10])).toBe(9);
    expect(s([10.0001])).toBe(4);
  });

  it("a value at an exclusive bound matches neither side and falls to otherwise", () => {
    const s = scorer(
      { type: "bins", input: "x", bins: [{ max: 10, score: 9 }, { min: 10, minInclusive: false, score: 4 }], otherwise: 7 },
      10,
    );
    expect(s([10])).toBe(7);
    expect(s([3])).toBe(9);
  });

  it("no bin and no otherwise throws NoMatch naming the value", () => {
    const s = scorer({ type: "bins", input: "x", bins: [{ min: 0, max: 5, score: 3 }] }, 10);
    expect(() => s([5])).toThrow(NoMatch);
    expect(() => s([-1])).toThrow(/-1/);
    expect(s([0])).toBe(3);
  });
});

describe("boolean", () => {
  it("scores whenTrue for true and whenFalse for false", () => {
    const s = scorer({ type: "boolean", input: "b", whenTrue: 8, whenFalse: 3 }, 10);
    expect(s([true])).toBe(8);
    expect(s([false])).toBe(3);
  });
});

describe("lookup", () => {
  const table = [
    { value: "gold", score: 30 },
    { value: "silver", score: 20 },
  ];

  it("scores the table row of the value", () => {
    const s = scorer({ type: "lookup", input: "c", table }, 30);
    expect(s(["gold"])).toBe(30);
    expect(s(["silver"])).toBe(20);
  });

  it("scores otherwise for a value not in the table", () => {
    const s = scorer({ type: "lookup", input: "c", table, otherwise: 5 }, 30);
    expect(s(["bronze"])).toBe(5);
    expect(s(["gold"])).toBe(30);
  });

  it("a value not in the table and no otherwise throws NoMatch naming the value", () => {
    const s = scorer({ type: "lookup", input: "c", table }, 30);
    expect(() => s(["bronze"])).toThrow(NoMatch);
    expect(() => s(["bronze"])).toThrow(/"bronze"/);
  });

  it("does not match inherited object keys", () => {
    const s = scorer({ type: "lookup", input: "c", table }, 30);
    expect(() => s(["constructor"])).toThrow(NoMatch);
    expect(() => s(["toString"])).toThrow(NoMatch);
  });
});

describe("deduction", () => {
  it("fixed base minus points per occurrence of each item", () => {
    const s = scorer(
      { type: "deduction", base: 100, items: [{ input: "a", points: 10 }, { input: "b", points: 2.5 }] },
      100,
    );
    expect(s([0, 0])).toBe(100);
    expect(s([2, 0])).toBe(80); // 100 - 2×10
    expect(s([1, 4])).toBe(80); // 100 - 10 - 4×2.5
    expect(s([3, 1])).toBe(67.5); // 100 - 30 - 2.5
  });

  it("the base can be chosen by an input (tax style: 100 with full data, 90 without)", () => {
    const s = scorer(
      {
        type: "deduction",
        base: { input: "fullData", cases: [{ equals: true, base: 100 }], otherwise: 90 },
        items: [{ input: "late", points: 5 }],
      },
      100,
    );
    // values: [base input, ...items]
    expect(s([true, 0])).toBe(100);
    expect(s([false, 0])).toBe(90);
    expect(s([true, 2])).toBe(90); // 100 - 2×5
    expect(s([false, 2])).toBe(80); // 90 - 2×5
  });

  it("the base can be chosen by a category input, with otherwise for unlisted values", () => {
    const s = scorer(
      {
        type: "deduction",
        base: { input: "kind", cases: [{ equals: "new", base: 90 }, { equals: "full", base: 100 }], otherwise: 70 },
        items: [{ input: "n", points: 1 }],
      },
      100,
    );
    expect(s(["new", 1])).toBe(89);
    expect(s(["full", 1])).toBe(99);
    expect(s(["other", 1])).toBe(69);
  });

  it("an item's cap limits what it can deduct in all", () => {
    const s = scorer(
      { type: "deduction", base: 100, items: [{ input: "a", points: 5, cap: 20 }, { input: "b", points: 1 }] },
      100,
    );
    expect(s([3, 0])).toBe(85); // 15 < cap 20
    expect(s([4, 0])).toBe(80); // 20 = cap
    expect(s([6, 0])).toBe(80); // 30 capped to 20
    expect(s([6, 7])).toBe(73); // 100 - 20 - 7
  });

  it("the score never goes below the floor (default 0)", () => {
    const floored = scorer({ type: "deduction", base: 100, floor: 40, items: [{ input: "a", points: 10 }] }, 100);
    expect(floored([5])).toBe(50);
    expect(floored([6])).toBe(40);
    expect(floored([10])).toBe(40); // 100 - 100 → floor 40
    const zero = scorer({ type: "deduction", base: 100, items: [{ input: "a", points: 10 }] }, 100);
    expect(zero([12])).toBe(0); // 100 - 120 → floor 0
  });
});

describe("passthrough", () => {
  const inputs = new Map<string, InputDef>([["pc", { id: "pc", type: "score", min: 0, max: 1000 }]]);

  it("maps a 0–1000 score input onto a 0–40 indicator scale", () => {
    const s = scorer({ type: "passthrough", input: "pc" }, 40, inputs);
    expect(s([0])).toBe(0);
    expect(s([1000])).toBe(40);
    expect(s([500])).toBe(20); // 500/1000 × 40
    expect(s([250])).toBe(10); // 250/1000 × 40
    expect(s([850])).toBeCloseTo(34, 12); // 850/1000 × 40
  });

  it("uses the score input's own min: a 300–900 scale", () => {
    const s = scorer({ type: "passthrough", input: "pc" }, 40, new Map([["pc", { id: "pc", type: "score", min: 300, max: 900 } as InputDef]]));
    expect(s([300])).toBe(0);
    expect(s([600])).toBe(20); // (600-300)/600 × 40
    expect(s([900])).toBe(40);
  });

  it("clamps values outside the input's scale", () => {
    const s = scorer({ type: "passthrough", input: "pc" }, 40, inputs);
    expect(s([-10])).toBe(0);
    expect(s([1200])).toBe(40);
  });
});
