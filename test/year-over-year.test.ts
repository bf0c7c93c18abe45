/**
 * Year-over-year migration: two years' results matched by subject id, the matrix and the movers
 * with their reasons (the tabulation `simulate` uses), and the subjects of one year only.
 */
import { describe, expect, it } from "vitest";
import { compileRuleset, CreditGradingError, formatMigration, yearOverYear } from "../src/index.js";
import { weightsRuleset } from "./fixtures.js";

// The weights fixture: age 40% (years 0–10), penalty 50% (100 − 10 per penalty), commitment 10%.
const c = compileRuleset(weightsRuleset());
const ev = (id: string, years: number, penalties: number, honoured: boolean, asOf: string) => c.evaluate({ id, inputs: { years, penalties, honoured } }, { asOf, allowOutOfEffect: true });

describe("yearOverYear", () => {
  // 2024: S1 10/0/true → 100 A; S2 10/0/true → A; S3 5/1/false → 20+45 = 65 C; S4 → A (left).
  const last = [ev("S1", 10, 0, true, "2024-12-31"), ev("S2", 10, 0, true, "2024-12-31"), ev("S3", 5, 1, false, "2024-12-31"), ev("S4", 10, 0, true, "2024-12-31")];
  // 2025: S1 unchanged; S2 three penalties; S3 10 years, no penalty, not honoured; S5 new.
  const now = [ev("S1", 10, 0, true, "2025-12-31"), ev("S2", 10, 3, true, "2025-12-31"), ev("S3", 10, 0, false, "2025-12-31"), ev("S5", 1, 0, true, "2025-12-31")];
  const m = yearOverYear({ ruleset: c, results: last }, { ruleset: c, results: now });

  it("counts the subjects graded in both years in the matrix, and lists the others apart", () => {
    // S2: 40 + (100 − 30) × 50% = 35 → 75 + 10 = 85 → B. S3: 40 + 50 + 0 = 90 → A.
    expect(m.total).toBe(3);
    expect(m.matrix.A.A).toBe(1);
    expect(m.matrix.A.B).toBe(1);
    expect(m.matrix.C.A).toBe(1);
    expect([m.upgraded, m.downgraded, m.unchanged]).toEqual([1, 1, 1]);
    expect(m.entered).toEqual(["S5"]);
    expect(m.left).toEqual(["S4"]);
    expect([m.asOf, m.asOfB]).toEqual(["2024-12-31", "2025-12-31"]);
  });

  it("gives each mover its reasons, as simulate does", () => {
    expect(m.movers.map((x) => [x.subjectId, x.summary.en])).toEqual([
      ["S2", "A→B: score 100 → 85 (−15: penalty −15)"],
      ["S3", "C→A: score 65 → 90 (+25: age +20, penalty +5)"],
    ]);
    expect(formatMigration(m)).toContain("- S2: A→B: score 100 → 85 (−15: penalty −15)");
  });

  it("refuses results of another ruleset version, or a subject twice in a year", () => {
    const other = weightsRuleset();
    other.version = "1.1.0";
    expect(() => yearOverYear({ ruleset: other, results: last }, { ruleset: c, results: now })).toThrow(
      new CreditGradingError("INVALID_OPTIONS", "yearOverYear: previous result 0 (subject S1) was graded by fixture-weights@1.0.0, not fixture-weights@1.1.0"),
    );
    expect(() => yearOverYear({ ruleset: c, results: [last[0]!, last[0]!] }, { ruleset: c, results: now })).toThrow("subject S1 appears twice among the previous results (results 0 and 1)");
  });
});
