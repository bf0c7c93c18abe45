/**
 * `evaluate --workers n` on a file: the workers decode, split, parse, grade and serialise chunks
 * of the file's bytes (src/cli/chunks.ts, src/cli/worker-pool.ts). Output, rejects and summary
 * are byte-identical to one worker; a worker that stops is reported with the lines it held.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { chunkLines, countLines, readChunks } from "../src/cli/chunks.js";
import { scorecardRuleset } from "../bench/scorecard/ruleset.js";
import { generateScorecardPopulation } from "../bench/scorecard/population.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/cli.js");
const tmp = mkdtempSync(join(tmpdir(), "credit-grading-pipeline-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, data: string | Buffer): string => {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
};
const run = (args: string[], env: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const rulesetFile = file("scorecard.json", JSON.stringify(scorecardRuleset));
const subjects = generateScorecardPopulation(9000, "pipeline").map((s) => JSON.stringify(s));

/**
 * About 6 MiB of NDJSON (several 1 MiB chunks) with a byte order mark, blank lines, `\r\n` and
 * lone `\r` line ends, lines that are not JSON, subjects the ruleset rejects, a line of 1.5 MiB
 * (longer than a chunk) and a last line without a line end.
 */
function awkwardInput(): Buffer {
  const parts: string[] = ["\uFEFF"];
  subjects.forEach((s, i) => {
    if (i % 1000 === 17) parts.push("\n");
    if (i % 997 === 3) parts.push("{not json\n");
    if (i % 1301 === 5) parts.push(`${JSON.stringify({ id: `BAD-${i}`, inputs: { yearsInOperation: "many" } })}\n`);
    if (i === 4000) parts.push(`${JSON.stringify({ id: "LONG", inputs: {}, note: "长".repeat(500_000) })}\n`);
    const end = i % 500 === 7 ? "\r\n" : i % 701 === 9 ? "\r" : "\n";
    parts.push(s + (i === subjects.length - 1 ? "" : end));
  });
  return Buffer.from(parts.join(""), "utf8");
}

describe("evaluate --workers n on a file (chunks decoded in the workers)", () => {
  const input = file("awkward.ndjson", awkwardInput());
  const outputs = (workers: number, env: Record<string, string> = {}): { code: number | null; stdout: string; rejects: string; stderr: string } => {
    const rejects = join(tmp, `rejects-${workers}.ndjson`);
    writeFileSync(rejects, "");
    const r = run(["evaluate", "-r", rulesetFile, "--as-of", "2025-12-31", "--json", "--rejects", rejects, "--workers", String(workers), input], env);
    return { code: r.code, stdout: r.stdout, rejects: readFileSync(rejects, "utf8"), stderr: r.stderr.replaceAll(rejects, "REJECTS") };
  };

  it("writes the same bytes as one worker: results, rejects with their line numbers, summary", () => {
    const one = outputs(1);
    expect(one.code, one.stderr).toBe(1);
    const results = one.stdout.split("\n").filter((l) => l !== "");
    const rejects = one.rejects.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as { line: number; code: string });
    // Every subject line is a result or a rejection: none lost.
    expect(results.length + rejects.length).toBe(subjects.length + 10 + 7 + 1);
    expect(rejects.filter((r) => r.code === "NOT_JSON")).toHaveLength(10);
    // Line numbers count blank lines, \r\n and lone \r line ends as the one-thread reader does.
    const text = awkwardInput().toString("utf8").slice(1);
    const byLine = text.split(/\r\n|\r|\n/);
    for (const r of rejects.slice(0, 5)) expect(byLine[r.line - 1], `line ${r.line}`).toMatch(/not json|BAD-/);
    for (const l of results.slice(0, 50)) {
      const { line, id } = JSON.parse(l) as { line: number; id: string };
      expect((JSON.parse(byLine[line - 1]!) as { id: string }).id).toBe(id);
    }
    for (const n of [2, 3]) expect(outputs(n), `--workers ${n}`).toEqual(one);
  }, 120_000);

  it("reports a worker that stops with the lines it held, exits 2, and writes every line before them", () => {
    const one = outputs(1);
    const r = outputs(2, { CREDIT_GRADING_TEST_WORKER_EXIT_AT: "2" });
    expect(r.code).toBe(2);
    const m = /worker thread \d stopped \(exit code 70\) while grading lines (\d+)–(\d+) \(bytes (\d+)–(\d+) of .*awkward\.ndjson\): results were written for every line before line \1, none for these or any later line/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const [first, last, from, to] = m!.slice(1).map(Number) as [number, number, number, number];
    expect(last).toBeGreaterThan(first);
    // The bytes named are those lines: the range starts at a line's start and ends at a line feed.
    const bytes = awkwardInput();
    expect(bytes[from - 1]).toBe(10);
    expect(bytes[to]).toBe(10);
    expect(countLines(bytes, from, to + 1)).toBe(last - first + 1);
    // The output is exactly one worker's output up to the line before them: no gap, nothing after.
    const before = (s: string): string[] => s.split("\n").filter((l) => l !== "" && (JSON.parse(l) as { line: number }).line < first);
    expect(r.stdout.split("\n").filter((l) => l !== "")).toEqual(before(one.stdout));
    expect(r.rejects.split("\n").filter((l) => l !== "")).toEqual(before(one.rejects));
  }, 60_000);
});

describe("the file's chunks", () => {
  it("cut after a line feed, number lines as the reader does, and hold every byte once", async () => {
    const bytes = awkwardInput();
    const path = file("chunks.ndjson", bytes);
    let next = 1;
    let offset = 3; // after the byte order mark
    const lines: string[] = [];
    for await (const c of readChunks(path, 4 << 20)) {
      expect(c.firstLine).toBe(next);
      expect(c.offset).toBe(offset);
      const own = chunkLines(c.bytes.toString("utf8"));
      expect(own).toHaveLength(c.lines);
      lines.push(...own);
      next += c.lines;
      offset += c.bytes.length;
    }
    expect(offset).toBe(bytes.length);
    expect(lines).toEqual(bytes.toString("utf8").slice(1).split(/\r\n|\r|\n/));
  });

  it("end the run on a line longer than the largest allowed, naming it", async () => {
    const path = file("long.ndjson", `{"id":"a"}\n${"x".repeat(3 << 20)}\n`);
    await expect(async () => {
      for await (const _ of readChunks(path, 2 << 20));
    }).rejects.toThrow("line 2 is longer than 2097152 bytes");
  });
});
