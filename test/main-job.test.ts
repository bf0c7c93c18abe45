/** The example main job on the bundled data. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { GRADES } from "../src/index.js";
import { runMainJob } from "../examples/main-job-lib.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readJson = (rel: string): unknown => JSON.parse(readFileSync(join(root, rel), "utf8"));
const publicRuleset = readJson("rulesets/hlj-public-composite/1.0.0.json");
const industryRuleset = readJson("rulesets/hlj-property-services/1.0.0.json");
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

  it("prints the distribution header, rejections and explained subjects", () => {
    expect(text).toContain("Grade distribution");
    expect(text).toContain("诚信守法");
    expect(text).toContain("Rejected rows:");
    expect(text).toContain("Explained subjects:");
    expect(text).toContain("AAA");
  });

  it("is deterministic", () => {
    expect(runMainJob({ publicRuleset, industryRuleset, ndjson, asOf: "2025-12-31" }).text).toBe(text);
  });
});
