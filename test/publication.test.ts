/**
 * What may be published: a scheme's publication policy, `publicResult` / `publishResults`, the
 * checks, and the shipped policies (SAMR risk classes are not public; 水利 has a 7-working-day 公示期).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addWorkingDays, compileRuleset, CreditGradingError, publicResult, publishResults, type Ruleset, toDecisionRecord, whyWithheld } from "../src/index.js";
import { expectDiagnostics } from "./_expect-diagnostics.js";
import { root, weightsRuleset } from "./fixtures.js";

const ASOF = { asOf: "2025-12-31" };
const shipped = (file: string): Ruleset => JSON.parse(readFileSync(join(root, "rulesets", file), "utf8")) as Ruleset;
const subject = { id: "S-C", inputs: { years: 5, penalties: 1, honoured: false } }; // 65 → C (see cli.test.ts)

function publicRuleset(fields?: Ruleset["publication"]): Ruleset {
  const r = weightsRuleset();
  r.publication = fields ?? { public: true, publicityWorkingDays: 7, fields: ["grade", "label", "score"], basis: "公示期为7个工作日" };
  return r;
}

describe("publicResult", () => {
  it("lets out only the scheme's fields, with the publicity period in working days and the day it takes effect", () => {
    const c = compileRuleset(publicRuleset());
    const e = c.evaluate(subject, { asOf: "2025-09-25" });
    const rec = toDecisionRecord(e, subject, { decidedAt: "2025-09-26" });
    const p = publicResult(rec, c);
    // 2025-09-26 + 7 working days = 2025-10-13 (10-01 to 10-08 off; 09-28 and 10-11 worked): effective 10-14.
    expect(p).toEqual({
      subjectId: "S-C",
      scheme: "fixture-weights",
      version: "1.0.0",
      asOf: "2025-09-25",
      decidedAt: "2025-09-26",
      publicityEnds: "2025-10-13",
      effectiveFrom: "2025-10-14",
      grade: "C",
      label: "C",
      score: 65,
    });
    expect(p.publicityEnds).toBe(addWorkingDays("2025-09-26", 7));
    // An evaluation has no decision date unless given; without one, no publicity dates.
    expect(Object.keys(publicResult(e, c))).toEqual(["subjectId", "scheme", "version", "asOf", "grade", "label", "score"]);
    expect(publicResult(e, c, { decidedAt: "2025-09-26" }).effectiveFrom).toBe("2025-10-14");
  });

  it("defaults: grade, label and class; no publicity period: effective the day after the decision", () => {
    const c = compileRuleset(publicRuleset({ public: true }));
    const rec = toDecisionRecord(c.evaluate(subject, ASOF), subject, { decidedAt: "2026-01-05" });
    expect(publicResult(rec, c)).toEqual({ subjectId: "S-C", scheme: "fixture-weights", version: "1.0.0", asOf: "2025-12-31", decidedAt: "2026-01-05", effectiveFrom: "2026-01-06", grade: "C", label: "C", class: "minor" });
  });

  it("refuses a scheme that publishes nothing or states no policy, and a result of another version", () => {
    const hidden = compileRuleset(publicRuleset({ public: false, basis: "不公开" }));
    const e = hidden.evaluate(subject, ASOF);
    expect(() => publicResult(e, hidden)).toThrow(new CreditGradingError("NOT_PUBLIC", "subject S-C: fixture-weights@1.0.0 does not publish its results (不公开)"));
    const silent = compileRuleset(weightsRuleset());
    expect(() => publicResult(silent.evaluate(subject, ASOF), silent)).toThrow("states no publication policy");
    const other = publicRuleset();
    other.version = "1.1.0";
    expect(() => publicResult(e, other)).toThrow("graded by fixture-weights@1.0.0, not fixture-weights@1.1.0");
  });

  it("publishResults: a batch never drops a row: the others are withheld with why", () => {
    const open = compileRuleset(publicRuleset());
    const hidden = publicRuleset({ public: false });
    hidden.id = "hidden";
    const h = compileRuleset(hidden);
    const unknown = weightsRuleset();
    unknown.id = "unknown";
    const results = [open.evaluate(subject, ASOF), h.evaluate(subject, ASOF), compileRuleset(unknown).evaluate(subject, ASOF)];
    const { published, withheld } = publishResults(results, [open, hidden]);
    expect(published.map((p) => p.scheme)).toEqual(["fixture-weights"]);
    expect(withheld).toEqual([
      { index: 1, subjectId: "S-C", reason: "hidden@1.0.0 does not publish its results" },
      { index: 2, subjectId: "S-C", reason: "unknown@1.0.0 was not given, so its publication policy is unknown" },
    ]);
  });
});

describe("publishing only some labels (the tax A list)", () => {
  it("a result of another label is withheld with why, by publicResult, whyWithheld and publishResults", () => {
    const aOrB = compileRuleset(publicRuleset({ public: true, labels: ["A", "B"], basis: "只公告A、B级" }));
    const e = aOrB.evaluate(subject, ASOF); // 65 → C
    const why = "fixture-weights@1.0.0 publishes only results labelled A, B: this one is labelled C";
    expect(whyWithheld(e, aOrB)).toBe(why);
    expect(() => publicResult(e, aOrB)).toThrow(new CreditGradingError("NOT_PUBLIC", `subject S-C: ${why}`));
    expect(publishResults([e], [aOrB])).toEqual({ published: [], withheld: [{ index: 0, subjectId: "S-C", reason: why }] });
    const c = compileRuleset(publicRuleset({ public: true, labels: ["C"] }));
    expect(whyWithheld(c.evaluate(subject, ASOF), c)).toBeUndefined();
    expect(publicResult(c.evaluate(subject, ASOF), c)).toMatchObject({ subjectId: "S-C", grade: "C", label: "C" });
    const other = publicRuleset();
    other.version = "1.1.0";
    expect(() => whyWithheld(e, other)).toThrow("whyWithheld: the result was graded by fixture-weights@1.0.0, not fixture-weights@1.1.0");
  });

  it("cn-tax-credit 1.1.0 publishes the A and D lists (40号), the label only; B and not-gradable results are withheld", () => {
    const tax = compileRuleset(shipped("cn-tax-credit/1.1.0.json"));
    expect(tax.ruleset.publication).toMatchObject({ public: true, labels: ["A", "D"], fields: ["label"] });
    const clean = { nonRecurringInfo3y: true, lateFilingMonths: 0, lateWithholdingMonths: 0, bankAccountsNotReported: 0, lateFinancialStatements: 0, accountingSystemNotReported: 0 };
    const asOf = { asOf: "2024-12-31" };
    const results = [
      tax.evaluate({ id: "T-A", inputs: clean }, asOf), // 100 → A
      tax.evaluate({ id: "T-B", inputs: { ...clean, lateFilingMonths: 3 } }, asOf), // 85 → B
      tax.evaluate({ id: "T-D", inputs: { ...clean, taxCrimeConvicted: true } }, asOf), // 第二十条 → D
      tax.evaluate({ id: "T-N", inputs: { nonRecurringInfo3y: true } }, asOf), // counts missing → not gradable
    ];
    expect(results.map((r) => r.label)).toEqual(["A", "B", "D", null]);
    const { published, withheld } = publishResults(results, [tax]);
    expect(published).toEqual([
      { subjectId: "T-A", scheme: "cn-tax-credit", version: "1.1.0", asOf: "2024-12-31", label: "A" },
      { subjectId: "T-D", scheme: "cn-tax-credit", version: "1.1.0", asOf: "2024-12-31", label: "D" },
    ]);
    expect(withheld).toEqual([
      { index: 1, subjectId: "T-B", reason: "cn-tax-credit@1.1.0 publishes only results labelled A, D: this one is labelled B" },
      { index: 3, subjectId: "T-N", reason: "cn-tax-credit@1.1.0 publishes only results labelled A, D: this one is not gradable" },
    ]);
  });
});

describe("publication checks and the shipped policies", () => {
  it("a scheme that publishes nothing names no publicity period and no field; no field twice", () => {
    expectDiagnostics(publicRuleset({ public: false, publicityWorkingDays: 7, fields: ["grade", "grade"] }), [
      { code: "PUBLICATION_INVALID", path: ["publication", "publicityWorkingDays"], message: "a scheme whose results are not public has no publicity period" },
      { code: "PUBLICATION_INVALID", path: ["publication", "fields"], message: "a scheme whose results are not public lets no field out" },
      { code: "PUBLICATION_INVALID", path: ["publication", "fields", 1], message: 'field "grade" is named twice' },
    ]);
  });

  it("public labels: only for a public scheme, each a label of the scheme, none twice", () => {
    expectDiagnostics(publicRuleset({ public: false, labels: ["A"] }), [
      { code: "PUBLICATION_INVALID", path: ["publication", "labels"], message: "a scheme whose results are not public publishes no label" },
    ]);
    expectDiagnostics(publicRuleset({ public: true, labels: ["A", "M", "A"] }), [
      { code: "PUBLICATION_INVALID", path: ["publication", "labels", 2], message: 'label "A" is named twice' },
      { code: "PUBLICATION_INVALID", path: ["publication", "labels", 1], message: 'label "M" is not a label of this scheme: expected one of A, B, C, D, E' },
    ]);
  });

  it("SAMR risk classes are not public; 水利 results are public after 7 working days", () => {
    expect(shipped("samr-credit-risk/1.1.0.json").publication).toMatchObject({ public: false });
    expect(shipped("hlj-water-construction/1.1.0.json").publication).toMatchObject({ public: true, publicityWorkingDays: 7, fields: ["grade", "label", "class"] });
  });
});
