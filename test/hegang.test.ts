/**
 * The Hegang rule (R3, plan 三(一)3): in an industry ruleset the public composite evaluation is
 * an indicator whose weight and score (分值) are not lower than the average of its level.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Diagnostic, type IndicatorNodeDef, type Ruleset, validateRuleset } from "../src/index.js";

type Mode = Ruleset["weighting"];

interface LevelSpec {
  /** Points (points mode) or weights (weights mode) of the level's members, in order. */
  amounts: number[];
  /** Which member is the public composite indicator. */
  pcIndex: number;
  mode: Mode;
  scaleMax?: number;
  kind?: Ruleset["kind"];
  check?: boolean;
}

const amountKey = (mode: Mode): "points" | "weight" => (mode === "points" ? "points" : "weight");

/** Members of one level: the public composite passthrough at `pcIndex`, linear indicators elsewhere. */
function members(amounts: number[], pcIndex: number, mode: Mode, prefix = "s"): IndicatorNodeDef[] {
  return amounts.map((a, i) =>
    i === pcIndex
      ? { id: "pc", name: { zh: "公共信用综合评价", en: "public composite" }, [amountKey(mode)]: a, scoring: { type: "passthrough", input: "publicScore" } }
      : {
          id: `${prefix}${i}`,
          name: { zh: `指标${i}`, en: `indicator ${i}` },
          [amountKey(mode)]: a,
          scoring: { type: "linear", input: "x", min: 0, max: 10, direction: "higher-better" },
        },
  );
}

function bands(scaleMax: number): Ruleset["bands"] {
  const at = (f: number): number => (scaleMax * f) / 100;
  return [
    { grade: "A", min: at(90), max: at(100) },
    { grade: "B", min: at(75), max: at(90) },
    { grade: "C", min: at(60), max: at(75) },
    { grade: "D", min: at(40), max: at(60) },
    { grade: "E", min: at(0), max: at(40) },
  ];
}

/** A ruleset whose top level is the given members; otherwise valid. */
function rulesetWith(indicators: IndicatorNodeDef[], spec: Omit<LevelSpec, "amounts" | "pcIndex">): Ruleset {
  const scaleMax = spec.scaleMax ?? 100;
  return {
    formatVersion: 1,
    id: "hegang",
    scheme: "hegang",
    kind: spec.kind ?? "industry",
    name: { zh: "鹤岗", en: "Hegang" },
    version: "1.0.0",
    effective: { from: "2025-01-01" },
    scale: { min: 0, max: scaleMax },
    rounding: { scale: 2, mode: "half-up" },
    weighting: spec.mode,
    inputs: [
      { id: "publicScore", type: "score", min: 0, max: 100, role: "public-composite" },
      { id: "x", type: "number", min: 0 },
    ],
    indicators,
    bands: bands(scaleMax),
    publicComposite: { indicator: "pc", ...(spec.check === undefined ? {} : { check: spec.check }) },
  };
}

const levelRuleset = (spec: LevelSpec): Ruleset => rulesetWith(members(spec.amounts, spec.pcIndex, spec.mode), spec);

const codes = (r: Ruleset): string[] => validateRuleset(r).diagnostics.map((d) => d.code);
const belowMean = (r: Ruleset): Diagnostic[] =>
  validateRuleset(r).diagnostics.filter((d) => d.code === "PUBLIC_COMPOSITE_BELOW_MEAN");

describe("the Hegang rule, by hand", () => {
  it("exactly at the average passes (points, weights, scale 1000)", () => {
    expect(codes(levelRuleset({ amounts: [25, 25, 25, 25], pcIndex: 0, mode: "points" }))).toEqual([]);
    expect(codes(levelRuleset({ amounts: [10, 25, 40, 25], pcIndex: 1, mode: "points" }))).toEqual([]);
    expect(codes(levelRuleset({ amounts: [20, 20, 20, 20, 20], pcIndex: 4, mode: "weights" }))).toEqual([]);
    expect(codes(levelRuleset({ amounts: [200, 100, 300, 150, 250], pcIndex: 0, mode: "points", scaleMax: 1000 }))).toEqual([]);
  });

  it("just below the average fails, at the PC indicator's path", () => {
    const r = levelRuleset({ amounts: [26, 25, 24, 25], pcIndex: 2, mode: "points" });
    const d = belowMean(r);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ path: ["indicators", 2], severity: "error" });
    expect(d[0]?.message).toBe(
      'the public composite indicator "pc" has weight 24% and 24 points, below the average of its level (25%, 25 points); Hegang plan 三(一)3 requires both to be at least the average',
    );
    expect(validateRuleset(r).valid).toBe(false);
    expect(codes(r)).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
  });

  it("just below the average in weights mode, with fractional weights", () => {
    const r = levelRuleset({ amounts: [25.01, 24.99, 25, 25], pcIndex: 1, mode: "weights", scaleMax: 1000 });
    const d = belowMean(r);
    expect(d).toHaveLength(1);
    // 24.99% of 1000 points is 249.9 points, against an average of 250.
    expect(d[0]?.message).toMatch(/has weight 24\.99% and 249\.9 points, below the average of its level \(25%, 250 points\)/);
    expect(codes(levelRuleset({ amounts: [24.99, 25.01, 25, 25], pcIndex: 1, mode: "weights" }))).toEqual([]);
  });

  it("a third of 100 points cannot be met with whole numbers below it: 33 of 100 among three fails, 34 passes", () => {
    expect(codes(levelRuleset({ amounts: [33, 33, 34], pcIndex: 0, mode: "points" }))).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
    expect(codes(levelRuleset({ amounts: [34, 33, 33], pcIndex: 0, mode: "points" }))).toEqual([]);
  });

  it("a PC nested inside a group is checked against its siblings in that group, not the top level", () => {
    const group = (pcAmounts: number[]): IndicatorNodeDef => ({
      id: "industryPart",
      name: { zh: "行业", en: "industry" },
      points: 80,
      children: members(pcAmounts, 0, "points", "g"),
    });
    const other: IndicatorNodeDef = members([20], -1, "points", "top")[0] as IndicatorNodeDef;
    // PC 30 of a group of 80 with three members: 30 * 3 = 90 >= 80 passes, although 30 is
    // below the top level's average of 50.
    expect(codes(rulesetWith([group([30, 25, 25]), other], { mode: "points" }))).toEqual([]);
    // PC 20 of 80 with three members: 60 < 80 fails, reported at the nested path.
    const r = rulesetWith([other, group([20, 30, 30])], { mode: "points" });
    const d = belowMean(r);
    expect(d).toHaveLength(1);
    expect(d[0]?.path).toEqual(["indicators", 1, "children", 0]);
    expect(d[0]?.message).toMatch(/weight 25% and 20 points, below the average of its level \(33\.333333333%, 26\.666666667 points\)/);
    expect(codes(r)).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
  });

  it("a nested PC in weights mode reports its share of the group and its points of the total", () => {
    const r = rulesetWith(
      [
        { id: "grp", name: { zh: "组", en: "group" }, weight: 50, children: members([20, 40, 40], 0, "weights", "g") },
        ...members([50], -1, "weights", "top"),
      ],
      { mode: "weights" },
    );
    const d = belowMean(r);
    expect(d).toHaveLength(1);
    expect(d[0]?.path).toEqual(["indicators", 0, "children", 0]);
    // 20% of a group worth 50 points is 10 points; the group's average is a third, 16.67 points.
    expect(d[0]?.message).toMatch(/weight 20% and 10 points, below the average of its level \(33\.333333333%, 16\.666666667 points\)/);
  });

  it("a level of one passes", () => {
    // Only the PC: the other input is read by nothing, which is a warning, not a Hegang fault.
    expect(codes(levelRuleset({ amounts: [100], pcIndex: 0, mode: "points" }))).toEqual(["UNUSED_INPUT"]);
    expect(codes(levelRuleset({ amounts: [100], pcIndex: 0, mode: "weights" }))).toEqual(["UNUSED_INPUT"]);
    // Alone in a small group, beside a bigger top-level indicator.
    const r = rulesetWith(
      [...members([70], -1, "points", "top"), { id: "grp", name: { zh: "组", en: "group" }, points: 30, children: members([30], 0, "points") }],
      { mode: "points" },
    );
    expect(codes(r)).toEqual([]);
  });

  it("check:false switches the rule off for an industry ruleset, with an info diagnostic", () => {
    const r = levelRuleset({ amounts: [10, 45, 45], pcIndex: 0, mode: "points", check: false });
    const { valid, diagnostics } = validateRuleset(r);
    expect(valid).toBe(true);
    expect(diagnostics).toEqual([
      {
        code: "PUBLIC_COMPOSITE_CHECK_DISABLED",
        path: ["publicComposite", "check"],
        severity: "info",
        message: "the Hegang weight-and-score rule is switched off for this industry ruleset",
      },
    ]);
    // check:true is the same as leaving it out.
    expect(codes(levelRuleset({ amounts: [10, 45, 45], pcIndex: 0, mode: "points", check: true }))).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
    expect(codes(levelRuleset({ amounts: [10, 45, 45], pcIndex: 0, mode: "points" }))).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
  });

  it("a non-industry ruleset declaring publicComposite is checked only with check:true", () => {
    for (const kind of ["market", "other", "public-composite"] as const) {
      expect(codes(levelRuleset({ amounts: [10, 45, 45], pcIndex: 0, mode: "points", kind })), kind).toEqual([]);
      expect(codes(levelRuleset({ amounts: [10, 45, 45], pcIndex: 0, mode: "points", kind, check: false })), kind).toEqual([]);
      expect(codes(levelRuleset({ amounts: [10, 45, 45], pcIndex: 0, mode: "weights", kind, check: true })), kind).toEqual([
        "PUBLIC_COMPOSITE_BELOW_MEAN",
      ]);
    }
  });

  it("a non-industry ruleset needs no publicComposite at all", () => {
    const r = levelRuleset({ amounts: [50, 50], pcIndex: 0, mode: "points", kind: "market" });
    delete r.publicComposite;
    expect(codes(r)).toEqual([]);
    const industry = levelRuleset({ amounts: [50, 50], pcIndex: 0, mode: "points" });
    delete industry.publicComposite;
    expect(codes(industry)).toEqual(["PUBLIC_COMPOSITE_MISSING"]);
  });
});

/** `parts` positive integers adding up to `total` (total >= parts). */
const split = (total: number, parts: number): fc.Arbitrary<number[]> =>
  parts === 1
    ? fc.constant([total])
    : fc
        .uniqueArray(fc.integer({ min: 1, max: total - 1 }), { minLength: parts - 1, maxLength: parts - 1 })
        .map((cuts) => {
          const s = [0, ...cuts.sort((a, b) => a - b), total];
          return s.slice(1).map((c, i) => c - (s[i] as number));
        });

/**
 * A level of n = 2..8 members (the PC and 1–7 siblings) whose integer amounts add up to `total`.
 * The PC's amount is drawn at random or right at (or next to) the average, so the boundary is hit often.
 */
const level = (total: number): fc.Arbitrary<{ amounts: number[]; pcIndex: number; pc: number; n: number }> =>
  fc.integer({ min: 2, max: 8 }).chain((n) => {
    const maxPc = total - (n - 1);
    const mean = total / n;
    const pcChoices = [Math.floor(mean), Math.ceil(mean), Math.floor(mean) - 1, Math.ceil(mean) + 1].filter((p) => p >= 1 && p <= maxPc);
    return fc
      .tuple(
        fc.oneof(fc.integer({ min: 1, max: maxPc }), fc.constantFrom(...pcChoices)),
        fc.integer({ min: 0, max: n - 1 }),
      )
      .chain(([pc, pcIndex]) =>
        split(total - pc, n - 1).map((others) => {
          const amounts = [...others];
          amounts.splice(pcIndex, 0, pc);
          return { amounts, pcIndex, pc, n };
        }),
      );
  });

describe("the Hegang rule, property", () => {
  it("points mode: BELOW_MEAN exactly when pc_points * n < total_points (scale 100 or 1000)", () => {
    let below = 0;
    let atMean = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(100, 1000).chain((scaleMax) => level(scaleMax).map((l) => ({ ...l, scaleMax }))),
        ({ amounts, pcIndex, pc, n, scaleMax }) => {
          expect(amounts.reduce((a, b) => a + b, 0)).toBe(scaleMax);
          expect(amounts.every((a) => Number.isInteger(a) && a >= 1)).toBe(true);
          const r = levelRuleset({ amounts, pcIndex, mode: "points", scaleMax });
          const d = validateRuleset(r).diagnostics;
          const expected = pc * n < scaleMax;
          if (expected) below++;
          if (pc * n === scaleMax) atMean++;
          expect(d).toEqual(
            expected ? [expect.objectContaining({ code: "PUBLIC_COMPOSITE_BELOW_MEAN", path: ["indicators", pcIndex], severity: "error" })] : [],
          );
        },
      ),
      { numRuns: 500 },
    );
    // The generator reaches both outcomes and the boundary itself.
    expect(below).toBeGreaterThan(50);
    expect(500 - below).toBeGreaterThan(50);
    expect(atMean).toBeGreaterThan(5);
  });

  it("weights mode: BELOW_MEAN exactly when pc_weight * n < 100", () => {
    let below = 0;
    fc.assert(
      fc.property(fc.constantFrom(100, 1000), level(100), (scaleMax, { amounts, pcIndex, pc, n }) => {
        const r = levelRuleset({ amounts, pcIndex, mode: "weights", scaleMax });
        const d = validateRuleset(r).diagnostics;
        const expected = pc * n < 100;
        if (expected) below++;
        expect(d).toEqual(
          expected ? [expect.objectContaining({ code: "PUBLIC_COMPOSITE_BELOW_MEAN", path: ["indicators", pcIndex], severity: "error" })] : [],
        );
      }),
      { numRuns: 500 },
    );
    expect(below).toBeGreaterThan(50);
    expect(500 - below).toBeGreaterThan(50);
  });
});
