/** The runnable examples run, and print what README and their comments say. */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const run = (file: string): string =>
  execFileSync(process.execPath, ["--import", "tsx", file], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });

describe("examples/host-usage.ts (imports the built package by name)", () => {
  it("validates, grades one subject and a batch with one rejection", () => {
    const out = run("examples/host-usage.ts");
    expect(out).toContain("valid: true, diagnostics: 0");
    // By hand from rulesets/hlj-public-composite/1.0.0.json: years 6/10×5 = 3, annual report 3,
    // tax B 8, no arrears 5, no social-insurance arrears 4.5, not abnormal 5, 1 certification 2,
    // judicial 14, one minor penalty 16−2 = 14, inspection clean 4, commitments 6, contracts 6,
    // honours 0, innovation 0, charity 0, not on the list 7, no complaints 3: total 84.5 → B [75, 90).
    expect(out).toContain("grade: B (trustworthy), score: 84.5");
    // honoursInd and innovation each lose 3 (the most); ties go by id.
    expect(out).toContain("top reason: honoursInd -3");
    expect(out).toContain("#0 B");
    expect(out).toMatch(/#1 rejected: subject "91110108551385082Q": \$\.inputs\.yearsInOperation: expected a finite number, received "six"/);
  });
});

describe("examples/main-job-cli.ts (npm run example, after the build)", () => {
  it("keeps every file it tells the user about", () => {
    const out = run("examples/main-job-cli.ts");
    const mentioned = [...new Set(out.match(/(?:\/\S*)?\.tmp\/example\/[\w.-]+\.ndjson/g) ?? [])];
    expect(mentioned.length).toBeGreaterThanOrEqual(4);
    for (const f of mentioned) expect(existsSync(f.startsWith("/") ? f : join(root, f)), f).toBe(true);
    expect(out).toContain("The files written are kept in .tmp/example/");
  }, 180_000);
});
