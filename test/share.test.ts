/**
 * Result sharing (R11): decision records exported in the `credit-grading/decisions` format,
 * sent as JSON text and imported back equal; a malformed import names every path at fault.
 */
import { describe, expect, it } from "vitest";
import {
  compileRuleset,
  DecisionExportSchema,
  DecisionImportError,
  exportDecisions,
  importDecisions,
  repairRecord,
  safeImportDecisions,
  type Subject,
  toDecisionRecord,
  VERSION,
} from "../src/index.js";
import { labelsRuleset, recordsRuleset } from "./fixtures.js";

const compiled = compileRuleset(recordsRuleset());
const subject: Subject = {
  id: "s-1",
  inputs: { years: 5 },
  records: [
    { id: "p1", type: "penalty", date: "2025-01-10", severity: "general", amount: 5000 },
    { id: "p2", type: "penalty", date: "2025-02-20", severity: "general", amount: 3000 },
  ],
};
const first = toDecisionRecord(compiled.evaluate(subject, { asOf: "2025-03-31" }), subject, { decidedAt: "2025-04-01" });
const repaired = repairRecord(subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-11", previous: first }).record;
const evaluator = { name: "鹤岗市市场监督管理局", code: "11230400MB1234567X" };

describe("exportDecisions", () => {
  it("shares who evaluated, scheme, version, hash, period, grade and measures, and the supersession", () => {
    const out = exportDecisions([first, repaired], { evaluator });
    expect(out.format).toBe("credit-grading/decisions");
    expect(out.formatVersion).toBe(1);
    expect(out.evaluator).toEqual(evaluator);
    expect(out.records[0]).toEqual({
      decisionId: first.decisionId,
      subjectId: "s-1",
      evaluator,
      scheme: "fixture-records",
      rulesetId: "fixture-records",
      version: "1.0.0",
      contentHash: compiled.ref.contentHash,
      libraryVersion: VERSION,
      asOf: "2025-03-31",
      decidedAt: "2025-04-01",
      inputHash: first.inputHash,
      grade: "C",
      label: "C",
      class: "minor",
      score: 60,
      measures: ["normal-sampling", "warning-reminder"],
      cause: "evaluation",
    });
    expect(out.records[1]).toMatchObject({ cause: "repair", supersedes: first.decisionId, grade: "B", score: 80, asOf: "2025-04-10", note: "record p1 repaired on 2025-04-10" });
    expect(DecisionExportSchema.safeParse(out).success).toBe(true);
  });

  it("round-trips through JSON text", () => {
    const out = exportDecisions([first, repaired], { evaluator });
    const text = JSON.stringify(out);
    expect(importDecisions(text)).toEqual(out);
    expect(importDecisions(JSON.parse(text))).toEqual(out);
  });

  it("an evaluator without a code, and no records", () => {
    const out = exportDecisions([], { evaluator: { name: "x" } });
    expect(out).toEqual({ format: "credit-grading/decisions", formatVersion: 1, evaluator: { name: "x" }, records: [] });
    expect(importDecisions(JSON.stringify(out))).toEqual(out);
  });

  it("carries a scheme label that shares its canonical grade with another (tax M on B) through export and import", () => {
    const c = compileRuleset(labelsRuleset());
    const s: Subject = { id: "s-m", inputs: { points: 95, newSubject: true } };
    const record = toDecisionRecord(c.evaluate(s, { asOf: "2025-12-31" }), s, { decidedAt: "2026-01-10" });
    const shared = importDecisions(JSON.stringify(exportDecisions([record], { evaluator }))).records[0]!;
    expect([shared.grade, shared.label, shared.class]).toEqual(["B", "M", "trustworthy"]);
    expect(shared.measures).toEqual(["m-guidance", "m-no-authentication"]);
  });

  it("refuses to export what would not import", () => {
    expect(() => exportDecisions([first], { evaluator: { name: "" } })).toThrow(DecisionImportError);
  });
});

describe("importDecisions", () => {
  const good = exportDecisions([first, repaired], { evaluator });
  const bad = (change: (x: Record<string, any>) => void): unknown => {
    const copy = structuredClone(good) as Record<string, any>;
    change(copy);
    return copy;
  };
  const problems = (json: unknown) => {
    const r = safeImportDecisions(json);
    return r.success ? [] : r.error.issues.map((i) => [i.code, i.path]);
  };

  it("names the path of every malformed value at once", () => {
    const json = bad((x) => {
      x["records"][0].grade = "F";
      x["records"][1].measures = ["ok", 7];
      delete x["records"][1].contentHash;
    });
    expect(problems(json)).toEqual([
      ["SCHEMA_INVALID", ["records", 0, "grade"]],
      ["SCHEMA_INVALID", ["records", 1, "contentHash"]],
      ["SCHEMA_INVALID", ["records", 1, "measures", 1]],
    ]);
    expect(() => importDecisions(json)).toThrow(/\$\.records\[0\]\.grade/);
    try {
      importDecisions(json);
    } catch (e) {
      expect(e).toBeInstanceOf(DecisionImportError);
      expect(e).toMatchObject({ code: "DECISIONS_INVALID" });
    }
  });

  it("another format, version or an unknown field", () => {
    expect(problems(bad((x) => (x["format"] = "other")))).toEqual([["SCHEMA_INVALID", ["format"]]]);
    expect(problems(bad((x) => (x["formatVersion"] = 2)))).toEqual([["SCHEMA_INVALID", ["formatVersion"]]]);
    expect(problems(bad((x) => (x["records"][0].extra = 1)))).toEqual([["SCHEMA_INVALID", ["records", 0]]]);
  });

  it("text that is not JSON", () => {
    expect(problems("{ not json")).toEqual([["NOT_JSON", []]]);
  });

  it("a grade, label and class that do not agree", () => {
    const json = bad((x) => {
      x["records"][0].label = null;
      x["records"][1].class = "serious";
    });
    const issues = problems(json);
    expect(issues).toEqual([
      ["OUTCOME_MISMATCH", ["records", 0, "label"]],
      ["OUTCOME_MISMATCH", ["records", 1, "class"]],
    ]);
  });

  it("days that do not exist, decisions before their period, duplicate ids", () => {
    const json = bad((x) => {
      x["records"][0].asOf = "2025-02-30";
      x["records"][1].decidedAt = "2025-04-09";
      x["records"][1].decisionId = x["records"][0].decisionId;
    });
    expect(problems(json)).toEqual([
      ["INVALID_DATE", ["records", 0, "asOf"]],
      ["DECIDED_BEFORE_PERIOD", ["records", 1, "decidedAt"]],
      ["DUPLICATE_DECISION", ["records", 1, "decisionId"]],
    ]);
  });
});
