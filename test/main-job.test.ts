/** The example main job on the bundled data. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GRADES } from "../src/index.js";
import { runMainJob } from "../examples/main-job-lib.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readJson = (rel: string): unknown => JSON.parse(readFileSync(join(root, rel), "utf8"));
const publicRuleset = readJson("rulesets/hlj-public-composite/1.1.0.json");
const industryRuleset = readJson("rulesets/hlj-property-services/1.1.0.json");
const ndjson = readFileSync(join(root, "examples/data/subjects.ndjson"), "utf8");

describe("runMainJob on the bundled data", () => {
  const { report, text } = runMainJob({ publicRuleset, industryRuleset, ndjson, asOf: "2025-12-31" });
  const lines = ndjson.split("\n").filter((l) => l.trim() !== "").length;

  it("never drops a row: results + rejections = input lines", () => {
    expect(report.inputLines).toBe(lines);
    const pc = report.publicComposite;
    expect(pc.results.length + pc.rejections.length).toBe(lines);
    const indLines = ndjson.split("\n").filter((l) => l.includes('"industry":"property-services"')).length;
    expect(report.industry.results.length + report.industry.rejections.length).toBe(indLines);
    expect(report.industry.rows).toBe(indLines);
  });

  it("gives every grade A–E in the public composite run", () => {
    for (const g of GRADES) {
      expect(report.publicComposite.distribution.find((d) => d.grade === g)?.count, g).toBeGreaterThan(0);
    }
  });

  it("counts add up: graded + not gradable + rejected = rows", () => {
    for (const run of [report.publicComposite, report.industry]) {
      const graded = run.distribution.reduce((s, d) => s + d.count, 0);
      expect(graded + run.notGradable + run.rejections.length).toBe(run.rows);
    }
  });

  it("rejects the deliberately bad rows with a reason", () => {
    expect(report.publicComposite.rejections.length).toBeGreaterThan(0);
    for (const r of report.publicComposite.rejections) expect(r.reason.length).toBeGreaterThan(0);
    expect(report.publicComposite.rejections.some((r) => r.code === "USCC_INVALID")).toBe(true);
  });

  it("feeds the public composite score into the industry evaluation", () => {
    const pcById = new Map(report.publicComposite.results.map((r) => [r.evaluation.subjectId, r.evaluation.score]));
    for (const r of report.industry.results) {
      const ind = r.evaluation.indicators.find((i) => i.id === "publicComposite")!;
      expect(ind.values["publicCompositeScore"]).toBe(pcById.get(r.evaluation.subjectId) ?? null);
    }
  });

  it("grades with dated records: rules fire and records are left out, each with a reason", () => {
    const pc = report.publicComposite.results.map((r) => r.evaluation);
    const firedIds = new Set(pc.flatMap((e) => e.rules.filter((o) => o.fired).map((o) => o.id)));
    for (const id of ["serious-dishonesty-list", "abnormal-operation-list", "serious-penalty-last-year", "commitment-breached-last-year"]) {
      expect(firedIds.has(id), id).toBe(true);
    }
    // The serious-dishonesty list is a direct judgment: every listed subject is E.
    for (const e of pc.filter((x) => x.facts["seriousDishonestyList"] === true)) {
      expect(e.grade).toBe("E");
      expect(e.decidedBy).toBe("direct-judgment");
    }
    const reasons = new Set<string>(pc.flatMap((e) => e.excludedRecords.map((x) => x.reason)));
    for (const reason of ["REPAIRED", "PUBLICITY_ENDED", "AFTER_AS_OF"]) expect(reasons.has(reason), reason).toBe(true);
    const ind = report.industry.results.map((r) => r.evaluation);
    const indFired = new Set(ind.flatMap((e) => e.rules.filter((o) => o.fired).map((o) => o.id)));
    expect(indFired).toEqual(new Set(["integrity-blacklist", "jinan-no-bad-information"]));
    for (const e of ind.filter((x) => x.rules.some((o) => o.fired && o.id === "jinan-no-bad-information"))) {
      expect(e.grade).toBe("B");
      expect(e.label).toBe("B");
    }
  });

  it("gives each ruleset the whole archive: records of types it does not declare are left out as UNDECLARED_TYPE", () => {
    const check = (results: typeof report.publicComposite.results, declared: string[]): void => {
      for (const r of results) {
        for (const x of r.evaluation.excludedRecords) {
          expect(x.reason === "UNDECLARED_TYPE", `${x.recordId} ${x.type} ${x.reason}`).toBe(!declared.includes(x.type));
        }
      }
    };
    check(report.publicComposite.results, ["penalty", "list-entry", "commitment", "enforcement-case"]);
    check(report.industry.results, ["penalty", "list-entry", "property-complaint", "rectification-order"]);
    // Property subjects carry complaint records, which the public composite ruleset does not read.
    expect(report.publicComposite.results.some((r) => r.evaluation.excludedRecords.some((x) => x.reason === "UNDECLARED_TYPE"))).toBe(true);
  });

  it("prints the distribution header, rejections and explained subjects", () => {
    expect(text).toContain("Grade distribution");
    expect(text).toContain("诚信守法");
    expect(text).toContain("Rejected rows:");
    expect(text).toContain("Explained subjects:");
    expect(text).toContain("AAA");
    expect(text).toContain("rule serious-dishonesty-list → set grade E");
    expect(text).toContain("rule jinan-no-bad-information → floor at B");
    expect(text).toMatch(/left out R\d+ \S+ \d{4}-\d{2}-\d{2}: (REPAIRED|PUBLICITY_ENDED|AFTER_AS_OF|REVOKED) since \d{4}-\d{2}-\d{2}/);
  });

  it("is deterministic", () => {
    expect(runMainJob({ publicRuleset, industryRuleset, ndjson, asOf: "2025-12-31" }).text).toBe(text);
  });
});
