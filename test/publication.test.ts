/**
 * What may be published: a scheme's publication policy, `publicResult` / `publishResults`, the
 * checks, and the shipped policies (SAMR risk classes are not public; 水利 has a 7-working-day 公示期).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addWorkingDays, compileRuleset, CreditGradingError, publicResult, publishResults, type Ruleset, toDecisionRecord } from "../src/index.js";
import { expectDiagnostics } from "./_expect-diagnostics.js";
import { root, weightsRuleset } from "./fixtures.js";

const ASOF = { asOf: "2025-12-31" };
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

describe("publication checks and the shipped policies", () => {
  it("a scheme that publishes nothing names no publicity period and no field; no field twice", () => {
    expectDiagnostics(publicRuleset({ public: false, publicityWorkingDays: 7, fields: ["grade", "grade"] }), [
      { code: "PUBLICATION_INVALID", path: ["publication", "publicityWorkingDays"], message: "a scheme whose results are not public has no publicity period" },
      { code: "PUBLICATION_INVALID", path: ["publication", "fields"], message: "a scheme whose results are not public lets no field out" },
      { code: "PUBLICATION_INVALID", path: ["publication", "fields", 1], message: 'field "grade" is named twice' },
    ]);
  });

  const shipped = (file: string): Ruleset => JSON.parse(readFileSync(join(root, "rulesets", file), "utf8")) as Ruleset;
  it("SAMR risk classes are not public; 水利 results are public after 7 working days", () => {
    expect(shipped("samr-credit-risk/1.1.0.json").publication).toMatchObject({ public: false });
    expect(shipped("hlj-water-construction/1.1.0.json").publication).toMatchObject({ public: true, publicityWorkingDays: 7, fields: ["grade", "label", "class"] });
  });
});
