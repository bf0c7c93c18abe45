/**
 * Ruleset authoring from the built command line: `test` runs golden cases and reports each
 * failing case, `init` writes a starter that `validate` and `test` pass, and the installed
 * command finds the shipped rulesets by `scheme@version` from any folder.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/cli.js");
const tmp = mkdtempSync(join(tmpdir(), "credit-grading-authoring-"));

function run(args: string[], cwd = root): { code: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env["FORCE_COLOR"];
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, env, encoding: "utf8", maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("credit-grading test", () => {
  it("runs every shipped ruleset's golden cases and passes", () => {
    const r = run(["test", "rulesets"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^15 rulesets: (\d+) cases, \1 passed, 0 failed$/m);
    expect(r.stdout).toContain("rulesets/hlj-public-composite/1.1.0.golden.json: 21 passed (hlj-public-composite@1.1.0)");
  });

  it("reports a failing case with expected and actual grade, score and the rules that fired, exit 1", () => {
    const dir = join(tmp, "failing", "hlj-public-composite");
    mkdirSync(dir, { recursive: true });
    cpSync(join(root, "rulesets/hlj-public-composite/1.1.0.json"), join(dir, "1.1.0.json"));
    const cases = JSON.parse(readFileSync(join(root, "rulesets/hlj-public-composite/1.1.0.golden.json"), "utf8")) as { name: string; expect: Record<string, unknown> }[];
    // The shipped case 'perfect record' grades A with 100 and no rule fired; claim B, 90 and a rule.
    const i = cases.findIndex((c) => c.name === "perfect record, no credit records");
    cases[i]!.expect = { ...cases[i]!.expect, grade: "B", score: 90, firedRules: ["serious-dishonesty-list"] };
    writeFileSync(join(dir, "1.1.0.golden.json"), JSON.stringify(cases));
    const r = run(["test", join(tmp, "failing")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAIL ${join(dir, "1.1.0.golden.json")} [${i}] "perfect record, no credit records" (as of 2025-12-31)`);
    expect(r.stdout).toContain('  grade: expected "B", got "A"');
    expect(r.stdout).toContain("  score: expected 90, got 100");
    expect(r.stdout).toContain('  firedRules: expected ["serious-dishonesty-list"], got []');
    expect(r.stdout).toContain("  actual: grade A, score 100, decided by score, rules fired: none");
    expect(r.stdout).toMatch(/1 ruleset: 21 cases, 20 passed, 1 failed$/m);
    const json = JSON.parse(run(["test", join(tmp, "failing"), "--json"]).stdout) as { failed: number; passed: boolean; files: { report: { cases: { passed: boolean; actual: { grade: string } }[] } }[] };
    expect(json.failed).toBe(1);
    expect(json.passed).toBe(false);
    expect(json.files[0]!.report.cases[i]!.actual.grade).toBe("A");
  });

  it("reports a golden file that does not fit the format with its JSON path, exit 1", () => {
    const dir = join(tmp, "badformat", "demo");
    mkdirSync(dir, { recursive: true });
    cpSync(join(root, "rulesets/hlj-public-composite/1.1.0.json"), join(dir, "1.1.0.json"));
    writeFileSync(join(dir, "1.1.0.golden.json"), JSON.stringify([{ name: "x", basis: "y", asOf: "2025-12-31", subject: { id: "1" }, expect: { grade: "F" } }]));
    const r = run(["test", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1\.1\.0\.golden\.json: error GOLDEN_INVALID at \$\[0\]\.expect\.grade: /);
  });

  it("finds no golden cases: exit 1, the ruleset listed as skipped", () => {
    const dir = join(tmp, "nogolden");
    mkdirSync(dir, { recursive: true });
    cpSync(join(root, "rulesets/hlj-public-composite/1.1.0.json"), join(dir, "1.1.0.json"));
    const r = run(["test", dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${join(dir, "1.1.0.json")}: skipped no golden cases`);
    expect(r.stdout).toContain("(no golden cases found)");
  });
});

describe("the installed command from any folder", () => {
  it("finds the shipped rulesets by scheme@version outside the package (no rulesets folder in the working folder)", () => {
    const cwd = mkdtempSync(join(tmpdir(), "credit-grading-cwd-"));
    try {
      const r = run(["rulebook", "hlj-public-composite@1.1.0", "--locale", "en"], cwd);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("1.1.0");
      expect(run(["test", "hlj-public-composite@1.1.0"], cwd).stdout).toContain("21 passed");
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("credit-grading init", () => {
  it("writes a starter that validate and test pass, its $schema resolving to the package's JSON Schema", () => {
    const cwd = mkdtempSync(join(tmpdir(), "credit-grading-init-"));
    try {
      const r = run(["init", "my-rulesets"], cwd);
      expect(r.code).toBe(0);
      const file = join(cwd, "my-rulesets", "my-industry", "1.0.0.json");
      const doc = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      expect(Object.keys(doc)[0]).toBe("$schema");
      expect(resolve(dirname(file), doc["$schema"] as string)).toBe(join(root, "schema", "ruleset.schema.json"));
      expect(existsSync(join(cwd, "my-rulesets", "README.md"))).toBe(true);
      const v = run(["validate", "my-rulesets"], cwd);
      expect(v.stdout).toBe("my-rulesets/my-industry/1.0.0.json: ok\n1 file: 0 invalid rulesets, 0 errors, 0 warnings\n");
      expect(v.code).toBe(0);
      const t = run(["test", "my-rulesets"], cwd);
      expect(t.stdout).toContain("1 ruleset: 4 cases, 4 passed, 0 failed");
      expect(t.code).toBe(0);
      // Again: nothing is overwritten without --force.
      const again = run(["init", "my-rulesets"], cwd);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain("already exist");
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe("credit-grading serve", () => {
  it("serves the workbench page on 127.0.0.1 and nothing else, and stops on SIGTERM with exit 0", async () => {
    const child = spawn(process.execPath, [cli, "serve", "--port", "0"], { cwd: tmp, stdio: ["ignore", "pipe", "pipe"] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (b: Buffer) => {
          out += b.toString();
          const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
          if (m) resolve(m[0]);
        });
        child.once("exit", (code) => reject(new Error(`serve exited ${code}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await page.text()).toBe(readFileSync(join(root, "dist/workbench/index.html"), "utf8"));
      expect((await fetch(`${url}rulesets/hlj-public-composite/1.1.0.json`)).status).toBe(404);
      expect((await fetch(url, { method: "POST" })).status).toBe(405);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    }
  }, 30_000);
});

describe("credit-grading simulate: score shifts and subjects near a band boundary", () => {
  it("prints the score shifts always and the near-boundary subjects with --near, and rejects a bad --near", () => {
    const args = ["simulate", "hlj-public-composite@1.0.0", "hlj-public-composite@1.1.0", "examples/data/subjects.ndjson", "--as-of", "2025-12-31", "--plain"];
    const r = run([...args, "--near", "0.5", "--max-movers", "2"]);
    expect(r.stdout).toMatch(/^Score shifts \(\d+ subjects scored under both\): \d+ up, \d+ down, \d+ unchanged; mean [-+]?[\d.]+, largest rise \+?[\d.]+, largest drop -?[\d.]+\.$/m);
    expect(r.stdout).toMatch(/^Within 0\.5 points of a band boundary under 1\.1\.0 \(\d+\):$/m);
    const json = JSON.parse(run([...args, "--near", "0.5", "--json"]).stdout) as { boundaryDistance: number; nearBoundary: { score: number; boundary: number; distance: number }[] };
    expect(json.boundaryDistance).toBe(0.5);
    expect(json.nearBoundary.length).toBeGreaterThan(0);
    for (const n of json.nearBoundary) expect(Math.abs(n.score - n.boundary)).toBeLessThanOrEqual(0.5);
    expect(run([...args, "--near", "x"]).code).toBe(2);
  }, 60_000);
});
