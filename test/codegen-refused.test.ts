/**
 * Where the platform refuses code generation (`node --disallow-code-generation-from-strings`,
 * as a Content-Security-Policy without 'unsafe-eval' does in a browser), the built package
 * still compiles every shipped ruleset, reports `codegen: false`, and grades exactly as it does
 * with the generated kernels. Runs the built package (`dist/`) in a child process.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { root, shippedRulesets } from "./fixtures.js";

const rulesets = shippedRulesets().map((r) => `rulesets/${r.name}`);

// Grades the bundled subjects with every shipped ruleset; prints one JSON line: codegen flags and results.
const script = `
const { readFileSync } = require("node:fs");
const lib = require("./dist/index.cjs");
const files = ${JSON.stringify(rulesets)};
const subjects = readFileSync("examples/data/subjects.ndjson", "utf8").split("\\n").filter(Boolean).slice(0, 400).map((l) => JSON.parse(l));
const out = { codegen: [], results: [] };
for (const f of files) {
  const c = lib.compileRuleset(JSON.parse(readFileSync(f, "utf8")), f);
  out.codegen.push(c.codegen);
  for (const s of subjects) {
    const g = c.safeGrade(s, { asOf: "2025-12-31", allowOutOfEffect: true });
    out.results.push(g.success ? g.data : g.error.message);
  }
}
process.stdout.write(JSON.stringify(out));
`;

function run(flags: string[]): { codegen: boolean[]; results: unknown[] } {
  const r = spawnSync(process.execPath, [...flags, "-e", script], { cwd: root, encoding: "utf8", maxBuffer: 256 << 20 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { codegen: boolean[]; results: unknown[] };
}

describe("code generation refused by the platform", () => {
  it("finds the shipped rulesets", () => {
    expect(rulesets.length).toBeGreaterThanOrEqual(11);
  });

  it("compiles without the kernels and grades every bundled subject as with them", () => {
    const allowed = run([]);
    const refused = run(["--disallow-code-generation-from-strings"]);
    expect(allowed.codegen.every((x) => x)).toBe(true);
    expect(refused.codegen.every((x) => !x)).toBe(true);
    expect(refused.results.length).toBe(rulesets.length * 400);
    expect(refused.results).toEqual(allowed.results);
  });
});
