// One definition of what a band's bounds mean (format/bands.ts): a ruleset that declares no
// inclusivity gets the same bounds in evaluation, the checks, the rule book, the diff and the
// simulation — the lower bound in, the upper out, except the first band's upper bound.
import { describe, expect, it } from "vitest";
import { compileRuleset, diffRulesets, renderRulebook, type Ruleset, simulate, validateRuleset } from "../src/index.js";
import { bandBounds, bandContains, binBounds } from "../src/format/bands.js";

// A total equal to the value of `score` (points mode, one passthrough indicator worth 100).
function ruleset(bands: Ruleset["bands"]): Ruleset {
  return {
    formatVersion: 1,
    id: "bands-test",
    scheme: "bands-test",
    kind: "other",
    name: { zh: "等级区间", en: "bands" },
    version: "1.0.0",
    effective: { from: "2020-01-01" },
    scale: { min: 0, max: 100 },
    rounding: { scale: 2, mode: "half-up" },
    weighting: "points",
    inputs: [{ id: "points", type: "score", min: 0, max: 100 }],
    indicators: [{ id: "all", name: { zh: "总分", en: "total" }, points: 100, scoring: { type: "passthrough", input: "points" } }],
    bands,
  };
}

// No band declares minInclusive or maxInclusive.
const plain = ruleset([
  { grade: "A", min: 90, max: 100 },
  { grade: "B", min: 70, max: 90 },
  { grade: "C", min: 0, max: 70 },
]);

describe("band bounds that the ruleset does not declare", () => {
  it("take effect as [90, 100], [70, 90), [0, 70) in bandBounds", () => {
    expect(plain.bands.map((b, i) => bandBounds(b, i))).toEqual([
      { min: 90, max: 100, minInclusive: true, maxInclusive: true },
      { min: 70, max: 90, minInclusive: true, maxInclusive: false },
      { min: 0, max: 70, minInclusive: true, maxInclusive: false },
    ]);
    expect(bandContains(bandBounds(plain.bands[1]!, 1), 90)).toBe(false);
  });

  it("grade totals on the bounds the same way (evaluate and grade, generated and closures)", () => {
    for (const codegen of [true, false]) {
      const c = compileRuleset(plain, undefined, { codegen });
      const gradeAt = (score: number): string | null => c.evaluate({ id: "s", inputs: { points: score } }, { asOf: "2025-12-31" }).grade;
      expect([100, 90, 89.99, 70, 69.99, 0].map(gradeAt)).toEqual(["A", "A", "B", "B", "C", "C"]);
      expect(c.grade({ id: "s", inputs: { points: 90 } }, { asOf: "2025-12-31" }).grade).toBe("A");
      expect(c.evaluate({ id: "s", inputs: { points: 100 } }, { asOf: "2025-12-31" }).band).toMatchObject({ index: 0, minInclusive: true, maxInclusive: true });
    }
  });

  it("cover the scale without gap or overlap in the checks", () => {
    expect(validateRuleset(plain).diagnostics.filter((d) => d.code.startsWith("BANDS_"))).toEqual([]);
    // A second band that also ends at 90 inclusive would overlap the first band's lower bound.
    const overlapping = ruleset([{ grade: "A", min: 90, max: 100 }, { grade: "B", min: 70, max: 90, maxInclusive: true }, { grade: "C", min: 0, max: 70 }]);
    expect(validateRuleset(overlapping).diagnostics.map((d) => d.code)).toContain("BANDS_OVERLAP");
  });

  it("are written the same way in the rule book", () => {
    const en = renderRulebook(plain, { locale: "en" });
    expect(en).toContain("[90, 100]");
    expect(en).toContain("[70, 90)");
    expect(en).toContain("[0, 70)");
  });

  it("move a subject in a simulation exactly where evaluation moves it", () => {
    const raised = ruleset([{ grade: "A", min: 89.99, max: 100 }, { grade: "B", min: 70, max: 89.99 }, { grade: "C", min: 0, max: 70 }]);
    const m = simulate(compileRuleset(plain), compileRuleset(raised), [{ id: "at", inputs: { points: 89.99 } }, { id: "top", inputs: { points: 100 } }], { asOf: "2025-12-31" });
    expect(m.movers.map((x) => [x.subjectId, x.from, x.to])).toEqual([["at", "B", "A"]]);
  });

  it("show as interval changes in a diff", () => {
    const changed = ruleset([{ grade: "A", min: 90, max: 100 }, { grade: "B", min: 75, max: 90 }, { grade: "C", min: 0, max: 75 }]);
    const text = JSON.stringify(diffRulesets(plain, changed));
    expect(text).toContain("75");
  });

  it("bins take effect with the lower bound in and the upper bound out, unbounded where a bound is absent", () => {
    expect(binBounds({ max: 10 })).toEqual({ min: Number.NEGATIVE_INFINITY, max: 10, minInclusive: true, maxInclusive: false });
    expect(binBounds({ min: 10, minInclusive: false })).toEqual({ min: 10, max: Number.POSITIVE_INFINITY, minInclusive: false, maxInclusive: false });
  });
});
