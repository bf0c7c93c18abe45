/** R3: where an industry ruleset cannot grade a subject, the public composite grade is used. */
import { describe, expect, it } from "vitest";
import { compileRuleset, validateRuleset } from "../src/index.js";
import { industryRuleset } from "./fixtures.js";

function withFallback() {
  const r = industryRuleset();
  r.inputs.push({ id: "publicGrade", type: "category", values: ["A", "B", "C", "D", "E"] });
  r.publicComposite = { indicator: "public", fallbackGradeInput: "publicGrade" };
  return r;
}
const ASOF = { asOf: "2025-06-30" };

describe("publicComposite.fallbackGradeInput", () => {
  it("is valid on the fixture and counts as reading the input", () => {
    expect(validateRuleset(withFallback()).diagnostics).toEqual([]);
  });

  it("grades a subject the industry ruleset cannot score with the public composite grade", () => {
    // levelInd has no onMissing, so a missing level makes the industry score impossible.
    const e = compileRuleset(withFallback()).evaluate({ id: "S", inputs: { publicScore: 80, complaints: 0, publicGrade: "B" } }, ASOF);
    expect(e.grade).toBe("B");
    expect(e.decidedBy).toBe("public-composite-fallback");
    expect(e.score).toBeNull();
    expect(e.notGradable.map((n) => n.indicator)).toEqual(["levelInd"]);
    expect(e.measures.map((m) => m.id)).toContain("green-channel");
  });

  it("keeps caps on a fallback grade and labels it with the canonical grade", () => {
    const r = withFallback();
    r.labels = [{ grade: "A", label: "AAA" }, { grade: "B", label: "AA" }, { grade: "C", label: "A" }];
    r.rules = [
      {
        id: "many-complaints",
        reason: { zh: "投诉过多", en: "many complaints" },
        legalBasis: "test",
        conditions: { all: [{ fact: "complaints", operator: "greaterThanInclusive", value: 5 }] },
        effect: { type: "cap", grade: "C" },
      },
    ];
    const e = compileRuleset(r).evaluate({ id: "S", inputs: { publicScore: 80, complaints: 6, publicGrade: "A" } }, ASOF);
    // Not scorable (level missing) → public composite A, capped at C by the fired rule; label "C", not this scheme's "A".
    expect([e.grade, e.label, e.decidedBy]).toEqual(["C", "C", "public-composite-fallback"]);
  });

  it("does not stand in for a subject a not-gradable rule leaves ungraded (the evaluation was made: 取消等级)", () => {
    const r = withFallback();
    r.inputs.push({ id: "blacklisted", type: "boolean" });
    r.rules = [
      { id: "veto", reason: { zh: "黑名单", en: "blacklist" }, legalBasis: "test", conditions: { all: [{ fact: "blacklisted", operator: "equal", value: true }] }, effect: { type: "not-gradable" } },
    ];
    for (const codegen of [true, false]) {
      const c = compileRuleset(r, undefined, { codegen });
      // Not scorable (level missing) and vetoed: no grade, although the public composite grade is A.
      const s = { id: "S", inputs: { publicScore: 80, complaints: 0, publicGrade: "A", blacklisted: true } };
      const e = c.evaluate(s, ASOF);
      expect([e.grade, e.label, e.decidedBy]).toEqual([null, null, "not-gradable"]);
      expect([c.grade(s, ASOF).grade, c.grade(s, ASOF).decidedBy]).toEqual([null, "not-gradable"]);
      // Without the veto the fallback applies as before.
      expect(c.evaluate({ ...s, inputs: { ...s.inputs, blacklisted: false } }, ASOF).decidedBy).toBe("public-composite-fallback");
    }
  });

  it("does not replace a grade the industry ruleset gives", () => {
    // 80/100×40 = 32, 0 complaints → 30, gold → 30: 92 → A, whatever the public composite grade says.
    const e = compileRuleset(withFallback()).evaluate({ id: "S", inputs: { publicScore: 80, complaints: 0, level: "gold", publicGrade: "D" } }, ASOF);
    expect([e.grade, e.decidedBy, e.score]).toEqual(["A", "score", 92]);
  });

  it("stays not gradable when the public composite grade is missing too", () => {
    const e = compileRuleset(withFallback()).evaluate({ id: "S", inputs: { publicScore: 80, complaints: 0 } }, ASOF);
    expect([e.grade, e.decidedBy, e.gradable]).toEqual([null, "not-gradable", false]);
  });

  it("must name a category input of grades", () => {
    const r = withFallback();
    r.publicComposite = { indicator: "public", fallbackGradeInput: "complaints" };
    expect(validateRuleset(r).diagnostics.map((d) => [d.code, d.path.join(".")])).toEqual([
      ["INPUT_TYPE_MISMATCH", "publicComposite.fallbackGradeInput"],
      ["UNUSED_INPUT", "inputs.3.id"],
    ]);
    r.publicComposite = { indicator: "public", fallbackGradeInput: "nope" };
    expect(validateRuleset(r).diagnostics.map((d) => d.code)).toContain("UNKNOWN_INPUT");
  });
});
