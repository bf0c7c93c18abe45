/**
 * History facts: a subject's earlier results (`history`) as facts rules read, computed by the
 * kernel in both backends; rules with effect none reading the grade decided; the checks.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileRuleset, describeHistoryFact, renderRulebook, type Ruleset, SubjectError } from "../src/index.js";
import { expectDiagnostics } from "./_expect-diagnostics.js";
import { labelsRuleset, root, weightsRuleset } from "./fixtures.js";

const ASOF = { asOf: "2025-12-31" };

function historyRuleset(): Ruleset {
  const r = weightsRuleset();
  r.facts = [
    { id: "prev", history: "previous" },
    { id: "prevLabel", history: "previous", field: "label" },
    { id: "prevBy", history: "previous", field: "decidedBy" },
    { id: "yearsAtA", history: "consecutive", grades: ["A"] },
    { id: "best3", history: "best", years: 3 },
    { id: "worst3", history: "worst", years: 3 },
    { id: "sinceE", history: "years-since", grades: ["E"] },
    { id: "directSince", history: "years-since", decidedBy: ["direct-judgment"] },
    { id: "countB5", history: "count", grades: ["B"], years: 5 },
  ];
  return r;
}

const both = (doc: Ruleset) => [compileRuleset(doc), compileRuleset(doc, undefined, { codegen: false })] as const;
const subject = (history: unknown) => ({ id: "S", inputs: { years: 10, penalties: 0, honoured: true }, history });

describe("history facts", () => {
  for (const [i, c] of both(historyRuleset()).entries()) {
    const name = i === 0 ? "generated" : "closures";
    it(`${name}: every kind over earlier years; the last result given for a year wins; later years do not count`, () => {
      const e = c.evaluate(
        subject([
          { asOf: "2019-12-31", grade: "B" },
          { asOf: "2021-12-31", grade: "E", decidedBy: "direct-judgment" },
          { year: 2022, grade: "B" },
          { asOf: "2023-12-31", grade: "A" },
          { asOf: "2024-06-30", grade: "C", label: "C", decidedBy: "score" },
          { asOf: "2024-12-31", grade: "A", decidedBy: "score" }, // 2024 again: this one wins
          { asOf: "2025-12-31", grade: "E" }, // the evaluated year itself: not earlier, ignored
          { asOf: "2026-12-31", grade: "E" },
        ]),
        ASOF,
      );
      // By hand, evaluated year 2025: 2024 A (score), 2023 A, 2022 B, 2021 E (direct), 2020 none, 2019 B.
      expect({ ...e.facts }).toEqual({
        prev: "A",
        prevLabel: "A", // no label given: grade A's first label
        prevBy: "score",
        yearsAtA: 2, // 2024, 2023; 2022 is B
        best3: "A", // 2022–2024
        worst3: "B",
        sinceE: 4, // 2025 − 2021
        directSince: 4,
        countB5: 1, // 2020–2024: 2022
      });
      expect(c.grade(subject([{ year: 2024, grade: "A" }]), ASOF).grade).toBe("A");
    });

    it(`${name}: no history: counts are 0, the rest missing`, () => {
      const e = c.evaluate({ id: "S", inputs: { years: 10, penalties: 0, honoured: true } }, ASOF);
      expect({ ...e.facts }).toEqual({ prev: undefined, prevLabel: undefined, prevBy: undefined, yearsAtA: 0, best3: undefined, worst3: undefined, sinceE: undefined, directSince: undefined, countB5: 0 });
    });

    it(`${name}: a bad history is rejected with every problem and its path`, () => {
      const r = c.safeEvaluate(subject([{ grade: "F" }, 3, { year: 2024, grade: null, label: 5, decidedBy: "luck" }]), ASOF);
      expect(r.success).toBe(false);
      const issues = (r as unknown as { error: SubjectError }).error.issues.map((x) => [x.code, x.path]);
      expect(issues).toEqual([
        ["REQUIRED_MISSING", ["history", 0, "asOf"]],
        ["UNKNOWN_CATEGORY", ["history", 0, "grade"]],
        ["WRONG_TYPE", ["history", 1]],
        ["WRONG_TYPE", ["history", 2, "label"]],
        ["UNKNOWN_CATEGORY", ["history", 2, "decidedBy"]],
      ]);
      expect(c.safeEvaluate(subject("A"), ASOF).success).toBe(false);
    });
  }

  it("a ruleset without history facts ignores a subject's history", () => {
    const c = compileRuleset(weightsRuleset());
    expect(c.evaluate(subject("not even an array"), ASOF).grade).toBe("A");
  });

  it("labels: a history fact matches the scheme's labels; a result without one has its grade's first label", () => {
    const r = labelsRuleset();
    r.facts = [...(r.facts ?? []), { id: "yearsAtAA", history: "consecutive", labels: ["AA"] }];
    const c = compileRuleset(r);
    const e = c.evaluate({ id: "S", inputs: { points: 95 }, history: [{ year: 2024, grade: "A" }, { year: 2023, grade: "A", label: "AA" }] }, ASOF);
    expect(e.facts["yearsAtAA"]).toBe(2);
  });
});

describe("rules with effect none read the grade decided", () => {
  const r = labelsRuleset();
  r.facts = [...(r.facts ?? []), { id: "yearsAtA", history: "consecutive", grades: ["A"] }];
  r.rules = [
    ...(r.rules ?? []),
    {
      id: "three-a",
      reason: { zh: "连续三年A", en: "A three years running" },
      legalBasis: "test",
      conditions: { all: [{ fact: "yearsAtA", operator: "greaterThanInclusive", value: 2 }, { fact: "grade", operator: "equal", value: "A" }] },
      effect: { type: "none" },
      measures: ["xinyidai-preference"],
    },
  ];
  for (const [i, c] of both(r).entries()) {
    it(`${i === 0 ? "generated" : "closures"}: fires only when this year's grade is A too`, () => {
      const history = [{ year: 2024, grade: "A" }, { year: 2023, grade: "A" }];
      const a = c.evaluate({ id: "S", inputs: { points: 95 }, history }, ASOF);
      expect([a.grade, a.addedMeasures.map((m) => m.id)]).toEqual(["A", ["xinyidai-preference"]]);
      expect(a.rules.find((x) => x.id === "three-a")!.facts).toEqual({ yearsAtA: 2, grade: "A" });
      const c2 = c.evaluate({ id: "S", inputs: { points: 50 }, history }, ASOF);
      expect([c2.grade, c2.addedMeasures]).toEqual(["C", []]);
      expect(c.grade({ id: "S", inputs: { points: 95 }, history }, ASOF).addedMeasures.map((m) => m.id)).toEqual(["xinyidai-preference"]);
    });
  }
});

describe("checks of history facts and grade facts", () => {
  it("options fit the kind; labels are the scheme's; only effect none reads grade or label", () => {
    const r = weightsRuleset();
    r.facts = [
      { id: "a", history: "consecutive", field: "label" },
      { id: "b", history: "previous", years: 3, grades: ["A"] },
      { id: "c", history: "count", labels: ["AA"] },
    ];
    r.rules = [
      { id: "capA", reason: { zh: "x", en: "x" }, legalBasis: "x", conditions: { all: [{ fact: "grade", operator: "equal", value: "A" }] }, effect: { type: "cap", grade: "B" } },
    ];
    expectDiagnostics(r, [
      { code: "FACT_TYPE_MISMATCH", path: ["facts", 0, "field"], message: 'field applies to a "previous" history fact only, not to "consecutive"' },
      { code: "FACT_TYPE_MISMATCH", path: ["facts", 1, "years"], message: 'years applies to "best", "worst" and "count" history facts only, not to "previous"' },
      {
        code: "FACT_TYPE_MISMATCH",
        path: ["facts", 1],
        message: 'a "previous" history fact reads the previous result as it is: compare it in the rule instead of giving grades, labels or decidedBy',
      },
      { code: "UNKNOWN_LABEL", path: ["facts", 2, "labels", 0], message: '"AA" is not a label of this scheme (A, B, C, D, E)' },
      { code: "RULE_READS_SCORE", path: ["rules", 0, "conditions"], message: "only a rule with effect none runs after the grade is decided, so this cap rule cannot read grade" },
    ]);
  });

  it("rule books describe history facts in the words shared with diffs", () => {
    expect(describeHistoryFact({ id: "x", history: "consecutive", labels: ["A"] }).en).toBe("consecutive earlier years, counting back from the previous one, with label A");
    expect(describeHistoryFact({ id: "x", history: "worst", years: 3 }).zh).toBe("前3个评价年度中最差的信用等级");
    expect(renderRulebook(historyRuleset(), { locale: "en" })).toContain("earlier results: years since the latest earlier result with grade E (missing when none)");
  });
});

describe("the grading path reads the as-of date last (regression)", () => {
  it("a withinLast rule decides the same in grade and evaluate, with and without rules reading the grade", () => {
    // tax 2.0.0: first tax matter 2025-06-01, within a year of 2025-12-31 → M (m-newly-established).
    const doc = JSON.parse(readFileSync(join(root, "rulesets/cn-tax-credit/2.0.0.json"), "utf8")) as Ruleset;
    const s = { id: "M1", inputs: { nonRecurringInfo3y: true }, records: [{ id: "f", type: "first-tax-matter", date: "2025-06-01" }] };
    for (const c of both(doc)) {
      expect(c.grade(s, ASOF).label).toBe("M");
      expect(c.evaluate(s, ASOF).label).toBe("M");
    }
    const v21 = JSON.parse(readFileSync(join(root, "rulesets/cn-tax-credit/2.1.0.json"), "utf8")) as Ruleset;
    for (const c of both(v21)) expect(c.grade(s, { asOf: "2025-12-31", allowOutOfEffect: true }).label).toBe("M");
  });
});
