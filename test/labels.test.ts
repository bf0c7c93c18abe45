/**
 * Scheme labels (label.ts): several labels on one canonical grade, bands and rule effects that
 * name the label they give, the default label of a grade, label-specific measures, and the
 * same answers from `evaluate`, the lean `grade`, with and without generated code.
 */
import { describe, expect, it } from "vitest";
import { compileRuleset, evaluationRef, type Grade, gradeClass, validateRuleset } from "../src/index.js";
import { CANONICAL_SCALE, compileLabelScale, defaultLabel, effectPosition, labelPosition } from "../src/format/labels.js";
import { labelsRuleset } from "./fixtures.js";

const ASOF = { asOf: "2025-12-31" };
const subject = (points: number | undefined, flags: Record<string, boolean> = {}) => ({ id: "S", inputs: { ...(points === undefined ? {} : { points }), ...flags } });

describe("label scale", () => {
  const s = compileLabelScale(labelsRuleset().labels);

  it("puts the declared labels in order and a grade without one as its letter", () => {
    expect(s.entries.map((e) => `${e.label}:${e.grade}:${e.declared}`)).toEqual(["AA:A:true", "A:B:true", "B:B:true", "M:B:true", "C:C:true", "D:D:true", "E:E:false"]);
    expect(s.entries[3]!.name).toEqual({ zh: "新设立", en: "new" });
    expect(s.entries[6]!.name.en).toBe("E (serious dishonesty)");
  });

  it("gives a grade's first label by default; a cap bounds at the first label, a floor at the last", () => {
    expect([s.first[1], s.last[1], defaultLabel(s, "B")]).toEqual([1, 3, "A"]);
    expect(labelPosition(s, "B", "M")).toBe(3);
    expect(labelPosition(s, "B")).toBe(1);
    expect(effectPosition(s, { type: "set-grade", grade: "B" })).toBe(1);
    expect(effectPosition(s, { type: "cap", grade: "B" })).toBe(1);
    expect(effectPosition(s, { type: "floor", grade: "B" })).toBe(3);
    expect(effectPosition(s, { type: "floor", grade: "B", label: "B" })).toBe(2);
  });

  it("without labels is the canonical scale: one position per grade", () => {
    expect(CANONICAL_SCALE.entries.map((e) => e.label).join("")).toBe("ABCDE");
    expect(compileLabelScale([{ grade: "C", label: "M" }]).entries.map((e) => e.label).join(",")).toBe("A,B,M,D,E");
  });
});

describe("grading with several labels on one grade", () => {
  it("is a valid ruleset with no diagnostics", () => {
    expect(validateRuleset(labelsRuleset()).diagnostics).toEqual([]);
  });

  // [case, subject, grade, label, decidedBy, measures]
  const cases: [string, ReturnType<typeof subject>, string | null, string | null, string, string[]][] = [
    ["band AA", subject(95), "A", "AA", "score", ["green-channel", "reduced-inspection"]],
    ["band A (canonical B)", subject(85), "B", "A", "score", ["reduced-inspection"]],
    ["band B (canonical B)", subject(70), "B", "B", "score", ["reduced-inspection"]],
    ["a set-grade naming M replaces a high score: M, not AA, with M's own measures", subject(95, { newSubject: true }), "B", "M", "direct-judgment", ["m-guidance", "m-no-authentication"]],
    ["the worst set-grade wins over M", subject(95, { newSubject: true, listed: true }), "E", "E", "direct-judgment", ["key-supervision"]],
    ["a floor naming label B lifts band C to B, not to the grade's default A", subject(50, { fewDemerits: true }), "B", "B", "score", ["reduced-inspection"]],
    ["a floor without a label lifts to its grade's last label (the least it guarantees)", subject(50, { floored: true }), "B", "M", "score", ["m-guidance", "m-no-authentication"]],
    ["a floor without a label does not move a subject within its grade", subject(85, { floored: true }), "B", "A", "score", ["reduced-inspection"]],
    ["a cap without a label lowers AA to the grade's first label", subject(95, { capped: true }), "B", "A", "score", ["reduced-inspection"]],
    ["a cap without a label leaves a worse label of its grade alone (a capped M stays M)", subject(95, { newSubject: true, capped: true }), "B", "M", "direct-judgment", ["m-guidance", "m-no-authentication"]],
    ["not gradable wins", subject(95, { newSubject: true, gone: true }), null, null, "not-gradable", []],
    ["a direct judgment needs no score", subject(undefined, { newSubject: true }), "B", "M", "direct-judgment", ["m-guidance", "m-no-authentication"]],
  ];
  for (const codegen of [true, false]) {
    const compiled = compileRuleset(labelsRuleset(), undefined, { codegen });
    for (const [name, s, grade, label, decidedBy, measures] of cases) {
      it(`${name} (codegen ${codegen})`, () => {
        const e = compiled.evaluate(s, ASOF);
        expect([e.grade, e.label, e.decidedBy, e.class]).toEqual([grade, label, decidedBy, grade === null ? null : gradeClass(grade as Grade)]);
        expect(e.measures.map((m) => m.id)).toEqual(measures);
        const g = compiled.grade(s, ASOF);
        expect([g.grade, g.label, g.decidedBy, g.class, g.measures]).toEqual([e.grade, e.label, e.decidedBy, e.class, e.measures]);
      });
    }
  }

  it("reports the band's label and the scheme's class of each label's grade", () => {
    const e = compileRuleset(labelsRuleset()).evaluate(subject(85), ASOF);
    expect(e.band).toMatchObject({ grade: "B", label: "A", index: 1 });
    expect(e.class).toBe("trustworthy");
  });

  it("measuresFor gives a label's own measures, and the grade's default label's without one", () => {
    const c = compileRuleset(labelsRuleset());
    expect(c.measuresFor("B", "M").measures.map((m) => m.id)).toEqual(["m-guidance", "m-no-authentication"]);
    expect(c.measuresFor("B").measures.map((m) => m.id)).toEqual(["reduced-inspection"]);
    expect(c.measuresFor("B", "B").measures.map((m) => m.id)).toEqual(["reduced-inspection"]);
    // A label of another grade is not this grade's: the grade's default applies.
    expect(c.measuresFor("C", "M").measures.map((m) => m.id)).toEqual(["normal-sampling"]);
  });
});

describe("evaluationRef with several labels on one grade", () => {
  it("names the rule that gave the published label, not another rule of the same canonical grade", () => {
    const r = labelsRuleset();
    // A set-grade B that names no label (the grade's first label, A), declared before the M rule.
    r.rules!.unshift({ id: "plain-b", reason: { zh: "b", en: "b" }, legalBasis: "test", conditions: { all: [{ fact: "newSubject", operator: "equal", value: true }] }, effect: { type: "set-grade", grade: "B" } });
    const e = compileRuleset(r).evaluate(subject(95, { newSubject: true }), ASOF);
    // The worst set-grade position wins: M (after A in the scheme's order).
    expect([e.grade, e.label]).toEqual(["B", "M"]);
    expect(evaluationRef(e).rule?.id).toBe("new-subject");
  });
});
