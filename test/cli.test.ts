/** The built command line (`node dist/cli.js`), run as a child process over temp files. */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileRuleset, VERSION } from "../src/index.js";
import { loadRegistry } from "../src/node/index.js";
import { compactLine } from "../src/cli/evaluate.js";
import { benchRuleset } from "../bench/ruleset.js";
import { generatePopulation } from "../bench/population.js";
import { clone, weightsRuleset } from "./fixtures.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/cli.js");
const tmp = mkdtempSync(join(tmpdir(), "credit-grading-cli-"));
const file = (name: string, text: string): string => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function run(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  if (opts.env?.["NO_COLOR"] === undefined) delete env["NO_COLOR"];
  if (opts.env?.["FORCE_COLOR"] === undefined) delete env["FORCE_COLOR"];
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env, input: opts.input ?? "", encoding: "utf8", maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const lines = (s: string): string[] => s.split("\n").filter((l) => l !== "");
const jsonLines = (s: string): Record<string, unknown>[] => lines(s).map((l) => JSON.parse(l) as Record<string, unknown>);

// The weights fixture (age 40%, penalty 50%, commitment 10%; bands A 90, B 75, C 60, D 40, E 0).
const fixture = file("fixture.json", JSON.stringify(weightsRuleset()));
// By hand: years 5 → age 50 × 40% = 20; one penalty → 90 × 50% = 45; not honoured → 0. Total 65 → C.
const SUBJECT_C = { id: "S-C", inputs: { years: 5, penalties: 1, honoured: false } };
const SUBJECT_A = { id: "S-A", inputs: { years: 10, penalties: 0, honoured: true } };

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test builds before vitest)`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("credit-grading: global", () => {
  it("--version prints the library version", () => {
    const r = run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it("--help lists every command; every command has --help with its exit codes", () => {
    const r = run(["--help"]);
    expect(r.code).toBe(0);
    const commands = ["validate", "test", "evaluate", "explain", "diff", "simulate", "yoy", "report", "rulebook", "plan", "deadline", "init", "serve"];
    for (const c of commands) {
      expect(r.stdout).toContain(`  ${c}`);
      const h = run([c, "--help"]);
      expect(h.code, c).toBe(0);
      expect(h.stdout, c).toContain(`credit-grading ${c}`);
      expect(h.stdout, c).toContain("Exit:");
    }
  });

  it("exits 2 on an unknown flag, naming it, and on an unknown command", () => {
    const r = run(["evaluate", "--ruleset", fixture, "--bogus"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown flag --bogus");
    expect(run(["deadline", "2025-09-26", "--workdays", "3"]).stderr).toContain("unknown flag --workdays");
    expect(run(["frobnicate"]).code).toBe(2);
    expect(run(["--frobnicate"]).code).toBe(2);
  });

  it("exits 2 on usage and configuration errors", () => {
    expect(run(["evaluate", file("one.ndjson", "{}\n")]).stderr).toContain("--ruleset is required");
    expect(run(["evaluate", "--ruleset", fixture, join(tmp, "nope.ndjson")]).code).toBe(2);
    expect(run(["evaluate", "--ruleset", join(tmp, "nope.json")]).code).toBe(2);
    expect(run(["evaluate", "--ruleset", "no-such-scheme@1.0.0"]).code).toBe(2);
    expect(run(["evaluate", "--ruleset", fixture, "--as-of", "31/12/2025"]).code).toBe(2);
    // hlj-public-composite 1.0.0 ends on 2025-06-30.
    const r = run(["evaluate", "--ruleset", "hlj-public-composite@1.0.0", "--as-of", "2025-12-31"], { input: "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is in effect 2022-01-01 to 2025-06-30");
  });
});

describe("credit-grading validate", () => {
  it("passes a shipped ruleset and the whole rulesets folder", () => {
    const r = run(["validate", "rulesets/hlj-public-composite/1.1.0.json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("rulesets/hlj-public-composite/1.1.0.json: ok");
    const all = run(["validate", "rulesets"]);
    expect(all.code).toBe(0);
    expect(all.stdout).not.toContain("golden");
  });

  it("reports every diagnostic of every file and exits 1", () => {
    const bad = weightsRuleset() as unknown as { indicators: { weight: number }[]; bands: { min: number }[] };
    bad.indicators[0]!.weight = 45; // weights add up to 105
    bad.bands[1]!.min = 76; // a gap between B and C … and between 75 and 76
    const badFile = file("bad.json", JSON.stringify(bad));
    const r = run(["validate", badFile, "rulesets/hlj-public-composite/1.1.0.json"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("WEIGHTS_SUM_MISMATCH");
    expect(r.stdout).toContain("BANDS_GAP");
    expect(r.stdout).toContain("1.1.0.json: ok");
    expect(r.stdout).toMatch(/2 files: 1 invalid ruleset, 2 errors/);
    const j = run(["validate", "--json", badFile]);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout) as { files: { valid: boolean; diagnostics: { code: string }[] }[] };
    expect(doc.files[0]!.valid).toBe(false);
    expect(doc.files[0]!.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(["WEIGHTS_SUM_MISMATCH", "BANDS_GAP"]));
  });

  it("exits 2 for an unreadable file", () => {
    expect(run(["validate", join(tmp, "missing.json")]).code).toBe(2);
  });

  it("colours only when asked, and NO_COLOR wins", () => {
    const bad = file("bad2.json", JSON.stringify({ ...weightsRuleset(), bands: [] }));
    expect(run(["validate", bad]).stdout).not.toContain("\u001b[");
    expect(run(["validate", bad], { env: { FORCE_COLOR: "1" } }).stdout).toContain("\u001b[31m");
    expect(run(["validate", bad], { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }).stdout).not.toContain("\u001b[");
  });
});

describe("credit-grading validate: a folder is checked as the registry evaluate loads", () => {
  // A copy of the shipped hlj-public-composite folder with 1.1.0 moved to 1.0.0's first day.
  const registryDir = mkdtempSync(join(tmpdir(), "credit-grading-registry-"));
  const schemeDir = join(registryDir, "hlj-public-composite");
  mkdirSync(schemeDir);
  writeFileSync(join(schemeDir, "1.0.0.json"), readFileSync(join(root, "rulesets/hlj-public-composite/1.0.0.json")));
  const v110 = JSON.parse(readFileSync(join(root, "rulesets/hlj-public-composite/1.1.0.json"), "utf8")) as { effective: { from: string } };
  v110.effective.from = "2022-01-01";
  writeFileSync(join(schemeDir, "1.1.0.json"), JSON.stringify(v110));
  afterAll(() => rmSync(registryDir, { recursive: true, force: true }));

  it("two versions starting on one day: each file is valid alone, the folder is not (exit 1, both files named), as evaluate finds", () => {
    for (const target of [registryDir, schemeDir, `${schemeDir}/`]) {
      const r = run(["validate", target]);
      expect(r.code, target).toBe(1);
      expect(r.stdout).toContain(`${join(schemeDir, "1.0.0.json")}: ok`);
      const line = lines(r.stdout).find((l) => l.includes("REGISTRY_OVERLAP"))!;
      expect(line.startsWith(`${join(schemeDir, "1.1.0.json")}: error REGISTRY_OVERLAP`)).toBe(true);
      expect(line).toContain(join(schemeDir, "1.0.0.json"));
      expect(line).toContain("both start on 2022-01-01");
      expect(r.stdout).toMatch(/2 files: 0 invalid rulesets, 1 error, 0 warnings/);
    }
    const j = run(["validate", registryDir, "--json"]);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout) as { invalid: number; registryErrors: number; registry: { code: string; sources: string[] }[] };
    expect(doc.invalid).toBe(0);
    expect(doc.registryErrors).toBe(1);
    expect(doc.registry.map((d) => [d.code, ...d.sources])).toEqual([["REGISTRY_OVERLAP", join(schemeDir, "1.1.0.json"), join(schemeDir, "1.0.0.json")]]);
    const e = run(["evaluate", "--ruleset", "hlj-public-composite", "--rulesets-dir", registryDir, "--as-of", "2024-01-01"]);
    expect(e.code).toBe(2);
    expect(e.stderr).toContain("REGISTRY_OVERLAP");
  });

  it("what one file shows is printed at file:line:column, in validate's registry checks and in evaluate's load error", () => {
    const dir = mkdtempSync(join(tmpdir(), "credit-grading-placed-"));
    try {
      const doc = weightsRuleset();
      mkdirSync(join(dir, doc.id));
      const misnamed = join(dir, doc.id, "1.1.0.json");
      // "version" is on line 10 of this text (after {, formatVersion, id, scheme, kind and the 4 lines of name): its value at column 14.
      const text = JSON.stringify(doc, null, 2);
      expect(text.split("\n")[9]).toBe('  "version": "1.0.0",');
      writeFileSync(misnamed, text);
      const v = run(["validate", dir]);
      expect(v.code).toBe(1);
      expect(lines(v.stdout)).toContain(`${misnamed}:10:14: error FILE_NAME_MISMATCH at $.version: ruleset version "1.0.0" is in file "1.1.0.json"; expected "1.0.0.json"`);
      const broken = join(dir, doc.id, "2.0.0.json");
      writeFileSync(broken, '{\n  "id": "x",\n  oops: 1\n}\n');
      const e = run(["evaluate", "--ruleset", doc.id, "--rulesets-dir", dir, "--as-of", "2025-06-30"], { input: "" });
      expect(e.code).toBe(2);
      expect(e.stderr).toContain(`${broken}:3:3: error NOT_JSON at $: not valid JSON at line 3, column 3 (InvalidSymbol)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a gap between versions is a warning (exit 0); the shipped folder has no registry finding", () => {
    const gapped = mkdtempSync(join(tmpdir(), "credit-grading-gap-"));
    try {
      const a = { ...weightsRuleset(), effective: { from: "2024-01-01", to: "2024-06-30" } };
      const b = { ...weightsRuleset(), version: "1.1.0", effective: { from: "2024-09-01" } };
      mkdirSync(join(gapped, a.id));
      writeFileSync(join(gapped, a.id, "1.0.0.json"), JSON.stringify(a));
      writeFileSync(join(gapped, a.id, "1.1.0.json"), JSON.stringify(b));
      const r = run(["validate", gapped]);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`${join(gapped, a.id, "1.1.0.json")}: warning REGISTRY_GAP`);
      expect(r.stdout).toContain("from 2024-07-01 to 2024-08-31");
    } finally {
      rmSync(gapped, { recursive: true, force: true });
    }
    const shipped = JSON.parse(run(["validate", "rulesets", "--json"]).stdout) as { registry: unknown[] };
    expect(shipped.registry).toEqual([]);
  });
});

describe("credit-grading: a version's period in the registry folder (ended by its successor)", () => {
  it("evaluate refuses scheme@1.0.0 after 1.1.0 starts, stating the period from the registry", () => {
    const r = run(["evaluate", "--ruleset", "hlj-public-composite@1.0.0", "--as-of", "2025-07-01"], { input: "" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is in effect 2022-01-01 to 2025-06-30, not on 2025-07-01");
    expect(run(["evaluate", "--ruleset", "hlj-public-composite@1.0.0", "--as-of", "2025-06-30"], { input: "" }).code).toBe(0);
  });

  it("diff reports 1.0.0's end as the day before 1.1.0 starts", () => {
    const r = run(["diff", "hlj-public-composite@1.0.0", "hlj-public-composite@1.1.0"]);
    expect(r.stdout).toContain("- − effective.to: 2025-06-30 → — ($.effective.to)");
  });

  it("rulebook states the period in the registry and the successor", () => {
    const r = run(["rulebook", "hlj-public-composite@1.0.0", "--locale", "en"]);
    expect(r.stdout).toContain("| Effective period | 2022-01-01 to 2025-06-30 (succeeded by version 1.1.0 from 2025-07-01) |");
  });
});

describe("credit-grading evaluate", () => {
  it("grades NDJSON from a file to NDJSON results and a summary on stderr", () => {
    const input = file("two.ndjson", `${JSON.stringify(SUBJECT_C)}\n${JSON.stringify(SUBJECT_A)}\n`);
    const r = run(["evaluate", "--ruleset", fixture, "--as-of", "2025-06-30", input]);
    expect(r.code).toBe(0);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => [o["line"], o["id"], o["grade"], o["score"]])).toEqual([
      [1, "S-C", "C", 65],
      [2, "S-A", "A", 100],
    ]);
    expect(out[0]).toMatchObject({ class: "minor", decidedBy: "score", ruleset: "fixture-weights@1.0.0" });
    expect(out[0]!["reasons"]).toEqual([
      { indicator: "age", pointsLost: 20 },
      { indicator: "commitment", pointsLost: 10 },
      { indicator: "penalty", pointsLost: 5 },
    ]);
    expect(r.stderr).toContain("2 rows, 2 graded, 0 not gradable, 0 rejected");
    expect(r.stderr).toContain("Grade distribution");
  });

  it("reads stdin, and --full writes whole evaluations", () => {
    const r = run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", "--full"], { input: `${JSON.stringify(SUBJECT_C)}\n` });
    expect(r.code).toBe(0);
    const [e] = jsonLines(r.stdout);
    expect(e).toMatchObject({ line: 1, subjectId: "S-C", grade: "C", score: 65 });
    expect(Array.isArray(e!["indicators"])).toBe(true);
  });

  it("sends rejected rows with line numbers to --rejects and exits 1; none is dropped", () => {
    const rows = [
      JSON.stringify(SUBJECT_C),
      "{not json",
      JSON.stringify({ id: "S-bad", inputs: { years: "six" } }),
      "",
      JSON.stringify({ inputs: { years: 1 } }),
      JSON.stringify(SUBJECT_A),
    ];
    const input = file("mixed.ndjson", `${rows.join("\n")}\n`);
    const rejectsFile = join(tmp, "mixed.rejects.ndjson");
    const r = run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", "--rejects", rejectsFile, input]);
    expect(r.code).toBe(1);
    const results = jsonLines(r.stdout);
    const rejects = jsonLines(readFileSync(rejectsFile, "utf8"));
    expect(results.length + rejects.length).toBe(rows.filter((l) => l !== "").length);
    expect(results.map((x) => x["line"])).toEqual([1, 6]);
    expect(rejects.map((x) => [x["line"], x["code"]])).toEqual([
      [2, "NOT_JSON"],
      [3, "SUBJECT_INVALID"],
      [5, "SUBJECT_INVALID"],
    ]);
    expect(rejects[1]).toMatchObject({ id: "S-bad" });
    expect(String(rejects[1]!["reason"])).toContain("$.inputs.years: expected a finite number");
    // Without --rejects they go to stderr, as text with their line numbers.
    const e = run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", input]);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain("rejected line 2: NOT_JSON");
    expect(e.stderr).toContain("rejected line 3 S-bad: SUBJECT_INVALID");
  });

  it("reads CSV with a BOM, converting values by the declared input types", () => {
    const csv = [
      "\uFEFFid,years,penalties,honoured",
      "S-A,10,0,true",
      "S-C,5,1,否",
      "S-missing,,0,1", // years missing: age is not gradable
      "S-bad,abc,0,maybe",
      '"S-quoted",10,"0",yes',
    ].join("\r\n");
    const input = file("subjects.csv", `${csv}\r\n`);
    const rejectsFile = join(tmp, "csv.rejects.ndjson");
    const r = run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", "--rejects", rejectsFile, input]);
    expect(r.code).toBe(1);
    const out = jsonLines(r.stdout);
    expect(out.map((o) => [o["line"], o["id"], o["grade"], o["score"]])).toEqual([
      [2, "S-A", "A", 100],
      [3, "S-C", "C", 65],
      [4, "S-missing", null, null],
      [6, "S-quoted", "A", 100],
    ]);
    const [rej] = jsonLines(readFileSync(rejectsFile, "utf8"));
    expect(rej).toMatchObject({ line: 5, id: "S-bad", code: "CSV_INVALID" });
    expect(String(rej!["reason"])).toContain('column years: expected a number, received "abc"');
    expect(String(rej!["reason"])).toContain('column honoured: expected true or false, received "maybe"');
    // From stdin, the format is sniffed from the first line.
    const s = run(["evaluate", "-r", fixture, "--as-of", "2025-06-30"], { input: "id,years,penalties,honoured\nS-A,10,0,true\n" });
    expect(s.code).toBe(0);
    expect(jsonLines(s.stdout)[0]).toMatchObject({ line: 2, grade: "A" });
  });

  it("says CSV has no records, and rejects unknown columns (exit 2)", () => {
    const r = run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", "--format", "csv"], { input: "id,records\nS,x\n" });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("credit records are not supported in CSV");
    expect(run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", "--format", "csv"], { input: "id,colour\nS,x\n" }).stderr).toContain('CSV column "colour" is not an input');
    expect(run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", "--format", "csv"], { input: "years\n1\n" }).stderr).toContain('no "id" column');
  });

  it("counts each published label apart: tax B and M are both canonical B (and the same with worker threads)", () => {
    const counts = { nonRecurringInfo3y: true, lateFilingMonths: 3, lateWithholdingMonths: 0, falseCommitments: 0, iitReconciliationMissed: 0, exportRefundNotRefundable: 0, bankAccountsNotReported: 0, lateFinancialStatements: 0, accountingSystemNotReported: 0 };
    const rows = [
      { id: "B1", inputs: counts }, // 100 − 15 = 85: B
      { id: "M1", inputs: counts, records: [{ id: "f", type: "first-tax-matter", date: "2025-06-01" }] }, // new subject: M
      { id: "M2", inputs: { ...counts, noBusinessIncome: true } }, // 85 with no business income: M
    ];
    const input = file("tax-labels.ndjson", rows.map((x) => JSON.stringify(x)).join("\n"));
    for (const workers of ["1", "2"]) {
      const r = run(["evaluate", "-r", "cn-tax-credit@2.0.0", "--as-of", "2025-12-31", "--summary", "--json", "--workers", workers, input]);
      expect(r.code, r.stderr).toBe(0);
      const s = JSON.parse(r.stdout) as { distribution: Record<string, number>; labels: { label: string; grade: string; count: number }[] };
      expect(s.distribution).toMatchObject({ A: 0, B: 3, C: 0 });
      expect(s.labels).toEqual([
        { label: "A", grade: "A", count: 0 },
        { label: "B", grade: "B", count: 1 },
        { label: "M", grade: "B", count: 2 },
        { label: "C", grade: "D", count: 0 },
        { label: "D", grade: "E", count: 0 },
      ]);
    }
    const text = run(["evaluate", "-r", "cn-tax-credit@2.0.0", "--as-of", "2025-12-31", "--summary", input]).stdout;
    expect(text).toMatch(/\n  M \(B\) +诚信守法 +2  66\.7%/);
    expect(text).toMatch(/\n  C \(D\) +一般失信 +0 /);
  });

  it("--summary --json prints the summary as JSON on stdout, and no results", () => {
    const input = file("three.ndjson", [SUBJECT_C, SUBJECT_A, SUBJECT_A].map((s) => JSON.stringify(s)).join("\n"));
    const r = run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", "--summary", "--json", input]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({ rows: 3, graded: 3, notGradable: 0, rejected: 0, distribution: { A: 2, B: 0, C: 1, D: 0, E: 0 }, asOf: "2025-06-30" });
    expect(r.stderr).toBe("");
    // Without --summary, --json puts the summary on stderr as one JSON line.
    const e = run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", "--json", input]);
    expect(JSON.parse(e.stderr)).toMatchObject({ rows: 3 });
  });

  it("resolves a scheme from the registry by date, and scheme@version", () => {
    const data = readFileSync(join(root, "examples/data/subjects.ndjson"), "utf8").split("\n").slice(0, 20).join("\n");
    const a = run(["evaluate", "-r", "hlj-public-composite", "--as-of", "2025-12-31", "--summary", "--json"], { input: data });
    expect(JSON.parse(a.stdout)).toMatchObject({ ruleset: { id: "hlj-public-composite", version: "1.1.0" }, rows: 20 });
    const b = run(["evaluate", "-r", "hlj-public-composite@1.1.0", "--as-of", "2025-12-31", "--summary", "--json"], { input: data });
    expect(JSON.parse(b.stdout)).toMatchObject({ ruleset: { version: "1.1.0" } });
  });

  it("writes the compact line of the lean path byte for byte as from the full evaluation", () => {
    // The default line comes from `compiled.grade` (reasons and measures included), written field
    // by field; it must equal JSON.stringify of the line built from `evaluate` as before.
    const cases: { ruleset: string; file: string; data: string }[] = [
      { ruleset: "hlj-public-composite@1.1.0", file: "examples/data/subjects.ndjson", data: readFileSync(join(root, "examples/data/subjects.ndjson"), "utf8") },
      { ruleset: "env-credit@1.0.0", file: "examples/data/subjects.ndjson", data: readFileSync(join(root, "examples/data/subjects.ndjson"), "utf8") },
      { ruleset: file("bench-ruleset.json", JSON.stringify(benchRuleset)), file: "bench", data: `${generatePopulation(1500, "cli-compact").map((x) => JSON.stringify(x)).join("\n")}\n` },
    ];
    for (const c of cases) {
      const input = file("compact-input.ndjson", c.data);
      const r = run(["evaluate", "-r", c.ruleset, "--as-of", "2025-12-31", "--rejects", join(tmp, "compact.rejects.ndjson"), input]);
      expect(r.code, r.stderr).toBeLessThanOrEqual(1);
      const compiled = c.ruleset.endsWith(".json") ? compileRuleset(benchRuleset) : loadRegistry(join(root, "rulesets")).get(...(c.ruleset.split("@") as [string, string]))!;
      const expected: string[] = [];
      let notGradable = 0;
      c.data.split("\n").forEach((text, i) => {
        if (text.trim() === "") return;
        const e = compiled.safeEvaluate(JSON.parse(text), { asOf: "2025-12-31" });
        if (!e.success) return;
        if (e.data.notGradable.length > 0) notGradable++;
        expected.push(JSON.stringify(compactLine(i + 1, e.data)));
      });
      expect(expected.length).toBeGreaterThan(1000);
      expect(lines(r.stdout), `${c.ruleset} on ${c.file}`).toEqual(expected);
      if (c.file === "bench") expect(notGradable).toBeGreaterThan(0);
    }
  });

  describe("--workers n", () => {
    const subjectsFile = join(root, "examples/data/subjects.ndjson");
    /** stdout, the rejects file and the JSON summary of one run. */
    const outputs = (args: string[], input: string, workers: number): { code: number | null; stdout: string; rejects: string; summary: string } => {
      const rejectsFile = join(tmp, `workers-${workers}.rejects.ndjson`);
      const r = run(["evaluate", ...args, "--json", "--rejects", rejectsFile, "--workers", String(workers), input]);
      return { code: r.code, stdout: r.stdout, rejects: readFileSync(rejectsFile, "utf8"), summary: r.stderr.replaceAll(rejectsFile, "REJECTS") };
    };

    it("writes the same bytes as --workers 1 on the bundled subjects, in input order", () => {
      const args = ["-r", "hlj-public-composite@1.1.0", "--as-of", "2025-12-31"];
      const one = outputs(args, subjectsFile, 1);
      expect(one.code).toBe(1); // some bundled subjects are rejected
      expect(lines(one.stdout).length).toBeGreaterThan(2900);
      expect(lines(one.rejects).length).toBeGreaterThan(0);
      for (const n of [2, 3]) expect(outputs(args, subjectsFile, n), `--workers ${n}`).toEqual(one);
      // --full too (on the first 600 lines), and text rejections on stderr without --rejects.
      const some = file("some.ndjson", readFileSync(subjectsFile, "utf8").split("\n").slice(0, 600).join("\n"));
      const full1 = run(["evaluate", ...args, "--full", "--workers", "1", some]);
      const full2 = run(["evaluate", ...args, "--full", "--workers", "2", some]);
      expect(full2.code).toBe(full1.code);
      expect(full2.stdout).toBe(full1.stdout);
      expect(full2.stderr).toBe(full1.stderr);
      expect(full1.stderr).toContain("rejected line ");
    });

    it("writes the same bytes as --workers 1 on CSV input (rejected rows, quoted fields over lines, stdin)", () => {
      const rows = ["id,years,penalties,honoured"];
      for (let i = 0; i < 2600; i++) {
        if (i % 97 === 5) rows.push(`S-bad-${i},abc,0,maybe`);
        else if (i % 131 === 7) rows.push(`S-short-${i},1`);
        else if (i % 211 === 9) rows.push(`"S-quoted\n${i}",${i % 12},"${i % 7}",yes`);
        else rows.push(`S-${i},${i % 17 === 0 ? "" : i % 12},${i % 7},${i % 3 === 0 ? "是" : "false"}`);
      }
      const csv = file("many.csv", `\uFEFF${rows.join("\r\n")}\r\n`);
      const args = ["-r", fixture, "--as-of", "2025-06-30"];
      const one = outputs(args, csv, 1);
      expect(one.code).toBe(1);
      expect(lines(one.stdout).length).toBeGreaterThan(2400);
      expect(lines(one.rejects).length).toBeGreaterThan(20);
      expect(outputs(args, csv, 2)).toEqual(one);
      const viaStdin = run(["evaluate", ...args, "--workers", "2"], { input: readFileSync(csv, "utf8") });
      expect(viaStdin.stdout).toBe(one.stdout);
    });

    it("exits 2 unless --workers is a positive whole number", () => {
      for (const bad of ["0", "-1", "two", "1.5", "", "1e3"]) {
        const r = run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", `--workers=${bad}`], { input: `${JSON.stringify(SUBJECT_A)}\n` });
        expect(r.code, bad).toBe(2);
        expect(r.stderr, bad).toContain("--workers must be a whole number");
        expect(r.stdout, bad).toBe("");
      }
      expect(run(["evaluate", "-r", fixture, "--as-of", "2025-06-30", "--workers", "1"], { input: `${JSON.stringify(SUBJECT_A)}\n` }).code).toBe(0);
    });
  });

  for (const workers of [1, 2]) it(`keeps memory bounded over 200,000 streamed lines (peak RSS under 300 MB), --workers ${workers}`, async () => {
    const N = 200_000;
    const reportRss = `data:text/javascript,process.on("exit",()=>process.stderr.write("MAXRSS_KB="+process.resourceUsage().maxRSS+"\\n"))`;
    const child = spawn(process.execPath, ["--import", reportRss, cli, "evaluate", "-r", fixture, "--as-of", "2025-06-30", "--json", "--workers", String(workers)], {
      cwd: root,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let outLines = 0;
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => {
      for (const byte of b) if (byte === 10) outLines++;
    });
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    function* gen(): Generator<string> {
      for (let i = 0; i < N; i++) {
        yield `${JSON.stringify({ id: `S${i}`, name: "x".repeat(80), inputs: { years: i % 12, penalties: i % 7, honoured: i % 3 === 0 } })}\n`;
      }
    }
    Readable.from(gen()).pipe(child.stdin);
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code, stderr).toBe(0);
    expect(outLines).toBe(N);
    const summary = JSON.parse(lines(stderr).find((l) => l.startsWith("{"))!) as { rows: number };
    expect(summary.rows).toBe(N);
    const kb = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1]);
    expect(kb).toBeGreaterThan(0);
    expect(kb / 1024).toBeLessThan(300);
  }, 30_000);
});

describe("credit-grading explain", () => {
  const input = file("explain.ndjson", `${JSON.stringify(SUBJECT_A)}\n${JSON.stringify(SUBJECT_C)}\n`);

  it("says what would reach the next grade (checked by hand)", () => {
    // 65 is C; B starts at 75: 10 points missing. Points lost: age 20, commitment 10, penalty 5;
    // age alone covers the gap.
    const r = run(["explain", "-r", fixture, "--as-of", "2025-06-30", "--id", "S-C", "--locale", "en", input]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("S-C (line 2)");
    expect(r.stdout).toContain("Grade: C (minor dishonesty)");
    expect(r.stdout).toContain("Score breakdown:");
    expect(r.stdout).toContain("To reach B (75 points or more): 10 points missing.");
    expect(r.stdout).toContain("age years in operation: −20 (enough on its own)");
    expect(r.stdout).toContain("Measures:");
    const zh = run(["explain", "-r", fixture, "--as-of", "2025-06-30", "--line", "2", input]);
    expect(zh.stdout).toContain("要达到 B级（75 分以上）：还差 10 分。");
    const j = run(["explain", "-r", fixture, "--as-of", "2025-06-30", "--id", "S-C", "--json", input]);
    const doc = JSON.parse(j.stdout) as { nextGrade: { kind: string; target: { label: string; grade: string }; missing: number; candidates: { indicator: string }[] } };
    expect(doc.nextGrade).toMatchObject({ kind: "score", target: { label: "B", grade: "B" }, missing: 10 });
    expect(doc.nextGrade.candidates.map((c) => c.indicator)).toEqual(["age"]);
    expect(run(["explain", "-r", fixture, "--as-of", "2025-06-30", "--id", "S-A", "--locale", "en", input]).stdout).toContain("Already at the best grade, A.");
  });

  it("is honest when a rule sets the grade", () => {
    const data = file("first.ndjson", readFileSync(join(root, "examples/data/subjects.ndjson"), "utf8").split("\n")[0]!);
    // Line 1 of the bundled data is on the serious-dishonesty list: E by direct judgment.
    const r = run(["explain", "-r", "hlj-public-composite@1.1.0", "--as-of", "2025-12-31", "--locale", "en", data]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("serious-dishonesty-list → set grade E");
    expect(r.stdout).toContain("To reach D: the grade is set by rule serious-dishonesty-list (direct judgment); no score can change it.");
  });

  it("speaks in the scheme's labels: tax M, C and D with their canonical grades, and never targets a rule-only label", () => {
    const counts = { nonRecurringInfo3y: true, lateFilingMonths: 0, lateWithholdingMonths: 0, falseCommitments: 0, iitReconciliationMissed: 0, exportRefundNotRefundable: 0, bankAccountsNotReported: 0, lateFinancialStatements: 0, accountingSystemNotReported: 0 };
    const subjects = [
      // 100 − 8 × 5 = 60: tax C (canonical D); B starts at 70, and M (rules only) is skipped.
      { id: "TAX-C", inputs: { ...counts, lateFilingMonths: 8 } },
      // First tax matter in the year: M by direct judgment (第十三条、第十六条).
      { id: "TAX-M", inputs: counts, records: [{ id: "f", type: "first-tax-matter", date: "2025-03-01" }] },
      // 走逃户 (第十八条第（九）项): tax D by direct judgment.
      { id: "TAX-D", inputs: { ...counts, abnormalHousehold: true } },
    ];
    const data = file("tax.ndjson", subjects.map((x) => JSON.stringify(x)).join("\n"));
    const ex = (id: string, locale = "en"): string => run(["explain", "-r", "cn-tax-credit@2.0.0", "--as-of", "2025-12-31", "--id", id, "--locale", locale, data]).stdout;
    const c = ex("TAX-C");
    expect(c).toContain("Grade: C (canonical D, general dishonesty)");
    expect(c).toContain("To reach B (70 points or more): 10 points missing.");
    expect(c).not.toContain("To reach D");
    expect(c).not.toContain("To reach M");
    const m = ex("TAX-M");
    expect(m).toContain("Grade: M (canonical B, trustworthy)");
    expect(m).toContain("m-newly-established → set grade M (canonical B)");
    expect(m).toContain("Decided: by direct judgment (a rule set the grade); the score alone gives A");
    expect(m).toContain("To reach B: the grade is set by rule m-newly-established");
    expect(ex("TAX-D")).toContain("To reach C (canonical D): the grade is set by rule direct-d-09");
    expect(ex("TAX-M", "zh")).toContain("等级：M（信用等级 B，诚信守法）");
  });

  it("needs --id or --line for more than one subject, exits 2 for an unknown id, 1 for a rejected row", () => {
    expect(run(["explain", "-r", fixture, "--as-of", "2025-06-30", input]).code).toBe(2);
    expect(run(["explain", "-r", fixture, "--as-of", "2025-06-30", "--id", "nobody", input]).code).toBe(2);
    const bad = run(["explain", "-r", fixture, "--as-of", "2025-06-30"], { input: '{"id":"X","inputs":{"years":"six"}}\n' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("rejected: SUBJECT_INVALID");
  });
});

describe("credit-grading diff, simulate, rulebook", () => {
  const b = clone(weightsRuleset()) as unknown as { version: string; bands: { min: number; max: number }[] };
  b.version = "1.1.0";
  b.bands[1]!.min = 80; // B from 80
  b.bands[2]!.max = 80;
  const fixtureB = file("fixture-b.json", JSON.stringify(b));

  it("diff prints the changes; --json parses", () => {
    const r = run(["diff", fixture, fixtureB]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("## Bands");
    const j = JSON.parse(run(["diff", "hlj-public-composite@1.0.0", "hlj-public-composite@1.1.0", "--json"]).stdout) as { changes: unknown[] };
    expect(j.changes.length).toBeGreaterThan(0);
  });

  it("simulate prints the migration matrix; --json parses", () => {
    // years 4.5 → 18 + 50 + 10 = 78: B under a (from 75), C under b (B from 80).
    const pop = file("pop.ndjson", [SUBJECT_A, { id: "S-78", inputs: { years: 4.5, penalties: 0, honoured: true } }, "oops"].map((s) => (typeof s === "string" ? s : JSON.stringify(s))).join("\n"));
    const r = run(["simulate", fixture, fixtureB, pop, "--as-of", "2025-06-30"]);
    expect(r.code).toBe(1); // the unreadable line, counted as rejected
    expect(r.stderr).toContain("line 3: NOT_JSON");
    expect(r.stdout).toContain("| 1.0.0 \\ 1.1.0 |");
    const j = JSON.parse(run(["simulate", fixture, fixtureB, pop, "--as-of", "2025-06-30", "--json"]).stdout) as { total: number; matrix: Record<string, Record<string, number>> };
    expect(j.total).toBe(3);
    expect(j.matrix["B"]!["C"]).toBe(1);
    expect(j.matrix["rejected"]!["rejected"]).toBe(1);
  });

  it("rulebook renders Markdown in zh and en", () => {
    const zh = run(["rulebook", "hlj-public-composite@1.1.0"]);
    expect(zh.code).toBe(0);
    expect(zh.stdout.startsWith("# ")).toBe(true);
    expect(zh.stdout).toContain("90分以上");
    const en = run(["rulebook", fixture, "--locale", "en"]);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain("90 points or more");
    expect(run(["rulebook", fixture, "--locale", "fr"]).code).toBe(2);
  });
});

describe("credit-grading plan", () => {
  const population = file(
    "population.ndjson",
    Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `S${String(i).padStart(2, "0")}`, grade: "ABCDE"[i % 5], unit: i % 2 === 0 ? "u1" : "u2" })).join("\n"),
  );
  const inspectors = file(
    "inspectors.json",
    JSON.stringify([
      { id: "I1", unit: "u1" },
      { id: "I2", unit: "u1" },
      { id: "I3", unit: "u2" },
      { id: "I4", unit: "u2" },
      { id: "I5", unit: "u3" },
    ]),
  );

  it("draws a seeded plan, the same for the same seed, and verifies it", () => {
    const args = ["plan", "--population", population, "--inspectors", inspectors, "--seed", "2025-Q4", "--json"];
    const r = run(args);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { ok: boolean; seed: string; draws: { subjectId: string; inspectors: string[] }[] };
    expect(plan.ok).toBe(true);
    expect(plan.seed).toBe("2025-Q4");
    expect(plan.draws.length).toBeGreaterThan(0);
    expect(run(args).stdout).toBe(r.stdout);
    const saved = file("plan.json", r.stdout);
    const v = run(["plan", "--population", population, "--inspectors", inspectors, "--seed", "2025-Q4", "--verify", saved]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain("the plan verifies");
    const other = run(["plan", "--population", population, "--inspectors", inspectors, "--seed", "other", "--verify", saved]);
    expect(other.code).toBe(1);
    const text = run(args.slice(0, -1));
    expect(text.stdout).toContain('seed "2025-Q4"');
  });

  it("exits 2 without a seed", () => {
    expect(run(["plan", "--population", population, "--inspectors", inspectors]).stderr).toContain("--seed is required");
  });
});

describe("credit-grading deadline", () => {
  it("2025-09-26 + 7 working days = 2025-10-13 (National Day holiday, make-up days worked)", () => {
    const r = run(["deadline", "2025-09-26"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("2025-10-13");
    expect(JSON.parse(run(["deadline", "2025-09-26", "--working-days", "7", "--json"]).stdout)).toEqual({ start: "2025-09-26", workingDays: 7, deadline: "2025-10-13" });
    expect(run(["deadline", "2025-09-26", "--working-days", "1"]).stdout.split("\n")[0]).toBe("2025-09-28");
  });

  it("exits 2 on a bad date, a bad count or a date outside the calendar", () => {
    expect(run(["deadline", "2025-13-01"]).code).toBe(2);
    expect(run(["deadline", "2025-09-26", "--working-days", "x"]).code).toBe(2);
    expect(run(["deadline", "2099-01-01"]).code).toBe(2);
    expect(run(["deadline"]).code).toBe(2);
  });

  // A test fixture in the holiday-cn format, NOT the State Council's 2027 schedule: 元旦 2027-01-01 (Friday) off.
  const y2027 = file("2027.json", JSON.stringify({ year: 2027, papers: [], days: [{ name: "元旦", date: "2027-01-01", isOffDay: true }] }));

  it("--calendar <file> adds a year: a late-December-2026 deadline becomes computable", () => {
    // Without 2027 the error stays, and says how to add the year.
    const refused = run(["deadline", "2026-12-24"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("no working-day data for 2027");
    expect(refused.stderr).toContain("--calendar <file>");
    // Thu 2026-12-24 + 7: 12-25, 12-28, 12-29, 12-30, 12-31, (01-01 off, weekend) 01-04, 01-05.
    const r = run(["deadline", "2026-12-24", "--calendar", y2027]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("2027-01-05");
    // An array of years, and a second file laid over the first (later files win).
    const both = file("2027-2028.json", JSON.stringify([{ year: 2027, days: [] }, { year: 2028, days: [] }]));
    expect(run(["deadline", "2026-12-24", "--calendar", y2027, "--calendar", both]).stdout.split("\n")[0]).toBe("2027-01-04");
  });

  it("a bad --calendar file is exit 2, naming the file, the JSON path and what was expected", () => {
    const bad = file("bad-2027.json", JSON.stringify({ year: 2027, papers: [], days: [{ name: "元旦", date: "2027-01-01", isOffDay: "true" }] }));
    const r = run(["deadline", "2026-12-24", "--calendar", bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--calendar ${bad}: calendar data: 1 problem: at $.days[0].isOffDay:`);
    expect(r.stderr).toMatch(/expected boolean/);
    const notJson = file("not-json.json", "{ year: 2027");
    expect(run(["deadline", "2026-12-24", "--calendar", notJson]).stderr).toContain(`--calendar ${notJson}: not JSON`);
    expect(run(["deadline", "2026-12-24", "--calendar", join(tmp, "missing-2027.json")]).code).toBe(2);
    const gap = file("2029.json", JSON.stringify({ year: 2029, days: [] }));
    const g = run(["deadline", "2026-12-24", "--calendar", gap]);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain("no schedule for 2027, between 2020 and 2029");
  });
});

describe("examples/main-job-cli.ts (npm run example)", () => {
  it("runs the main job through the CLI: distributions, rejected rows, explained subjects", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "examples/main-job-cli.ts"], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.status, r.stderr).toBe(0);
    const all = r.stdout + r.stderr;
    expect(all).toContain("$ credit-grading evaluate --ruleset hlj-public-composite@1.1.0");
    expect(all).toMatch(/hlj-public-composite@1\.1\.0, as of 2025-12-31: 3000 rows/);
    expect(all).toContain("Grade distribution");
    expect(all).toMatch(/AAA \(A\) +诚信守法/);
    expect(all).toMatch(/黑名单 \(E\) +严重失信/);
    expect(all).toContain("First rejected rows");
    expect(all).toContain("$ credit-grading explain");
    expect(all).toContain("To reach B");
    expect(all).toContain("直接设定");
  });
});

describe("credit-grading evaluate --public", () => {
  const data = join(root, "examples/data/subjects.ndjson");
  it("writes only what the scheme lets out, with the publicity period from --decided-at (水利: 7 working days)", () => {
    const r = run(["evaluate", "-r", "hlj-water-construction@1.1.0", "--as-of", "2026-06-30", "--public", "--decided-at", "2026-07-01", data]);
    expect(r.code === 0 || r.code === 1).toBe(true);
    const out = jsonLines(r.stdout);
    expect(out.length).toBeGreaterThan(0);
    for (const l of out) {
      expect(Object.keys(l).filter((k) => !["line", "subjectId", "scheme", "version", "asOf", "decidedAt", "publicityEnds", "effectiveFrom"].includes(k)).sort()).toEqual(
        ["class", "grade", "label"].filter((k) => k in l),
      );
      // 2026-07-01 (Wednesday) + 7 working days = 2026-07-10; effective 2026-07-11.
      expect([l["publicityEnds"], l["effectiveFrom"]]).toEqual(["2026-07-10", "2026-07-11"]);
      expect(l).not.toHaveProperty("score");
    }
  });

  it("keeps back, line by line, the labels the scheme does not publish (tax 1.1.0: the A and D lists only)", () => {
    const clean = { nonRecurringInfo3y: true, lateFilingMonths: 0, lateWithholdingMonths: 0, bankAccountsNotReported: 0, lateFinancialStatements: 0, accountingSystemNotReported: 0 };
    const input = [{ id: "T-A", inputs: clean }, { id: "T-B", inputs: { ...clean, lateFilingMonths: 3 } }, { id: "T-D", inputs: { ...clean, taxCrimeConvicted: true } }]
      .map((x) => JSON.stringify(x))
      .join("\n");
    const r = run(["evaluate", "-r", "cn-tax-credit@1.1.0", "--as-of", "2024-12-31", "--public", "-"], { input });
    expect(r.code).toBe(0);
    expect(jsonLines(r.stdout)).toEqual([
      { line: 1, subjectId: "T-A", scheme: "cn-tax-credit", version: "1.1.0", asOf: "2024-12-31", label: "A" },
      { line: 2, withheld: "cn-tax-credit@1.1.0 publishes only results labelled A, D: this one is labelled B" },
      { line: 3, subjectId: "T-D", scheme: "cn-tax-credit", version: "1.1.0", asOf: "2024-12-31", label: "D" },
    ]);
  });

  it("refuses a scheme whose results are not public (SAMR risk classes), before reading a row", () => {
    const r = run(["evaluate", "-r", "samr-credit-risk@1.1.0", "--as-of", "2026-06-30", "--public", data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("samr-credit-risk@1.1.0 does not publish its results");
    expect(r.stdout).toBe("");
  });
});

describe("credit-grading yoy", () => {
  it("tabulates two years of evaluate --full lines, with the movers and the subjects of one year only", () => {
    const dir = join(tmp, "yoy-rulesets");
    mkdirSync(join(dir, "fixture-weights"), { recursive: true });
    writeFileSync(join(dir, "fixture-weights", "1.0.0.json"), JSON.stringify(weightsRuleset()));
    const year = (name: string, asOf: string, rows: object[]): string => {
      const input = file(`${name}.ndjson`, rows.map((x) => JSON.stringify(x)).join("\n"));
      const r = run(["evaluate", "-r", "fixture-weights@1.0.0", "--rulesets-dir", dir, "--as-of", asOf, "--full", input]);
      expect(r.code, r.stderr).toBe(0);
      return file(`${name}.full.ndjson`, r.stdout);
    };
    const a = year("y2025", "2025-06-30", [SUBJECT_A, SUBJECT_C]);
    const b = year("y2026", "2026-06-30", [{ ...SUBJECT_A, inputs: { ...SUBJECT_A.inputs, penalties: 3 } }, { id: "S-N", inputs: SUBJECT_A.inputs }]);
    const r = run(["yoy", a, b, "--rulesets-dir", dir]);
    expect(r.code, r.stderr).toBe(0);
    // S-A: 40 + (100 − 30) × 50% + 10 = 85 → B.
    expect(r.stdout).toContain("- S-A: A→B: score 100 → 85 (−15: penalty −15)");
    expect(r.stdout).toContain("1 subjects graded this year only, 1 last year only.");
    const j = JSON.parse(run(["yoy", a, b, "--rulesets-dir", dir, "--json"]).stdout) as { entered: string[]; left: string[]; total: number };
    expect([j.total, j.entered, j.left]).toEqual([1, ["S-N"], ["S-C"]]);
    expect(run(["yoy", a, file("empty.ndjson", ""), "--rulesets-dir", dir]).code).toBe(2);
  });
});

describe("credit-grading report", () => {
  it("reports the example data by division, industry and class against last year, as Markdown, JSON and SVG", () => {
    const rows = file("report-subjects.ndjson", readFileSync(join(root, "examples/data/subjects.ndjson"), "utf8").split("\n").slice(0, 300).join("\n"));
    const year = (ruleset: string, asOf: string): string => {
      const r = run(["evaluate", "-r", ruleset, "--as-of", asOf, "--full", rows]);
      expect(r.code === 0 || r.code === 1, r.stderr).toBe(true); // 1: some example rows are rejected on purpose
      return file(`report-${asOf}.ndjson`, r.stdout);
    };
    const before = year("hlj-public-composite@1.0.0", "2025-06-30");
    const now = year("hlj-public-composite@1.1.0", "2026-06-30");
    const graded = lines(readFileSync(now, "utf8")).length;
    const svg = join(tmp, "report-charts");
    const r = run(["report", now, "--previous", before, "--by", "province,prefecture,industry,class", "--near", "1", "--locale", "zh", "--svg", svg]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`# 信用等级分布：hlj-public-composite 1.1.0（评价基准日 2026-06-30），${graded} 个主体`);
    for (const heading of ["## 按省级行政区", "## 按地级行政区", "## 按行业（机构类别）", "## 按信用类别", "## 与上年相比", "## 距分数段边界 1 分以内的主体"]) expect(r.stdout).toContain(heading);
    expect(r.stdout).toMatch(/\| 黑龙江省 \| 230000 \|/);
    expect(r.stdout).toMatch(/\| 鹤岗市 \| 230400 \|/);
    for (const name of ["province.svg", "prefecture.svg", "industry.svg", "class.svg", "migration.svg"]) {
      const text = readFileSync(join(svg, name), "utf8");
      expect(XMLValidator.validate(text), name).toBe(true);
    }
    expect(readFileSync(join(svg, "prefecture.svg"), "utf8")).toContain("鹤岗市");
    const j = JSON.parse(run(["report", now, "--by", "county", "--json"]).stdout) as { total: number; groupings: { groups: { total: number }[] }[] };
    expect(j.total).toBe(graded);
    expect(j.groupings[0]!.groups.reduce((n, g) => n + g.total, 0)).toBe(graded);
    const bad = run(["report", now, "--by", "city"]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--by must list groupings among province, prefecture, county, industry, class, received "city"')]);
  });
});
