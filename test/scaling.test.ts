/**
 * docs/scaling.md: a file sharded by USCC range over several processes (examples/shard-by-uscc.ts)
 * gives what one process gives — results and rejects byte for byte, the summary's counts summed.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "credit-grading-shards-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("sharding by USCC range (examples/shard-by-uscc.ts)", () => {
  it("gives one process's results and rejects, byte for byte, and its counts", () => {
    const ruleset = "rulesets/hlj-public-composite/1.1.0.json";
    const input = "examples/data/subjects.ndjson";
    const one = join(tmp, "one");
    const r = spawnSync(process.execPath, [join(root, "dist/cli.js"), "evaluate", "-r", ruleset, "--as-of", "2025-12-31", "--json", "-o", `${one}.results.ndjson`, "--rejects", `${one}.rejects.ndjson`, input], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(1); // the bundled data has rejected rows, deliberately
    const summary = JSON.parse(r.stderr.split("\n").find((l) => l.startsWith("{"))!) as Record<string, unknown>;
    const out = join(tmp, "shards");
    const printed = execFileSync(process.execPath, ["--import", "tsx", "examples/shard-by-uscc.ts", ruleset, "2025-12-31", input, out, "3"], { cwd: root, encoding: "utf8" });
    // Three parts, each with lines: the division codes of the bundled subjects spread over the ranges.
    const sizes = /3 parts \((\d+), (\d+), (\d+) lines\)/.exec(printed)!.slice(1).map(Number);
    expect(sizes.every((n) => n > 0), printed).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(readFileSync(join(root, input), "utf8").split("\n").filter((l) => l.trim() !== "").length);
    const results = readFileSync(`${one}.results.ndjson`, "utf8");
    expect(results.split("\n").length).toBeGreaterThan(2900);
    expect(readFileSync(join(out, "results.ndjson"), "utf8")).toBe(results);
    expect(readFileSync(join(out, "rejects.ndjson"), "utf8")).toBe(readFileSync(`${one}.rejects.ndjson`, "utf8"));
    const merged = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as Record<string, unknown>;
    for (const k of ["rows", "graded", "notGradable", "rejected", "distribution"]) expect(merged[k], k).toEqual(summary[k]);
  }, 60_000);
});
