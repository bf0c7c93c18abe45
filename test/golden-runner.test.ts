/** runGoldenCases, the library's golden-case runner (pure, in the main entry). */
import { describe, expect, it } from "vitest";
import { compileRuleset, runGoldenCases } from "../src/index.js";
import { weightsRuleset } from "./fixtures.js";

// The weights fixture: by hand, years 5 → 50 × 40% = 20; one penalty → 90 × 50% = 45; not honoured → 0. 65 → C.
const compiled = compileRuleset(weightsRuleset());
const subject = { id: "S-C", inputs: { years: 5, penalties: 1, honoured: false } };
const base = { name: "C by hand", basis: "20 + 45 + 0 = 65 → C", asOf: "2025-06-30", subject };

describe("runGoldenCases", () => {
  it("passes a case worked by hand", () => {
    const r = runGoldenCases(compiled, [{ ...base, expect: { grade: "C", score: 65, firedRules: [], decidedBy: "score" } }]);
    expect(r).toMatchObject({ passed: true, failed: 0, issues: [] });
    expect(r.cases[0]).toMatchObject({ index: 0, name: "C by hand", passed: true, mismatches: [], actual: { grade: "C", score: 65, firedRules: [] } });
  });

  it("lists every field that differs, with expected and actual", () => {
    const r = runGoldenCases(compiled, [{ ...base, expect: { grade: "B", score: 70, measures: ["x"] } }]);
    expect(r.passed).toBe(false);
    expect(r.failed).toBe(1);
    expect(r.cases[0]!.mismatches.map((m) => [m.field, m.expected, m.actual])).toEqual([
      ["grade", "B", "C"],
      ["score", 70, 65],
      ["measures", ["x"], expect.any(Array)],
    ]);
  });

  it("fails a case whose subject is rejected, with the rejection", () => {
    const r = runGoldenCases(compiled, [{ ...base, subject: { id: "S", inputs: { years: "five" } }, expect: { grade: "C" } }]);
    expect(r.cases[0]!.passed).toBe(false);
    expect(r.cases[0]!.actual).toBeUndefined();
    expect(r.cases[0]!.rejected).toMatch(/years/);
  });

  it("runs no case from a file that does not fit the format, and says where", () => {
    const r = runGoldenCases(compiled, [{ ...base, expect: { grade: "C", colour: "red" } }]);
    expect(r.cases).toEqual([]);
    expect(r.passed).toBe(false);
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([["GOLDEN_INVALID", [0, "expect"]]]);
  });
});
