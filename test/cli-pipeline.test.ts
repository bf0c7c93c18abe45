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
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { chunkBatch, chunkLines, chunkRows, countLines, readChunks } from "../src/cli/chunks.js";
import { Readable } from "node:stream";
import { ndjsonRow, readRows } from "../src/cli/io.js";
import type { Row } from "../src/cli/row.js";
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
  /** One run; `stdin`: the input piped in, so read line by line by the main thread (the reference). */
  const outputs = (workers: number, env: Record<string, string> = {}, stdin = false): { code: number | null; stdout: string; rejects: string; stderr: string } => {
    const rejects = join(tmp, `rejects-${workers}.ndjson`);
    writeFileSync(rejects, "");
    const args = ["evaluate", "-r", rulesetFile, "--as-of", "2025-12-31", "--json", "--rejects", rejects, "--workers", String(workers), stdin ? "-" : input];
    const r = stdin
      ? (({ status, stdout, stderr }) => ({ code: status, stdout, stderr }))(spawnSync(process.execPath, [cli, ...args], { cwd: root, input: readFileSync(input), encoding: "utf8", maxBuffer: 256 << 20 }))
      : run(args, env);
    return { code: r.code, stdout: r.stdout, rejects: readFileSync(rejects, "utf8"), stderr: r.stderr.replaceAll(rejects, "REJECTS") };
  };

  it("writes the same bytes as the line-by-line reader: results, rejects with their line numbers, summary", () => {
    const one = outputs(1, {}, true);
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
    for (const n of [1, 2, 3]) expect(outputs(n), `--workers ${n}`).toEqual(one);
  }, 120_000);

  it("reports a worker that stops with the lines it held, exits 2, and writes every line before them", () => {
    const one = outputs(1);
    const r = outputs(2, { CREDIT_GRADING_TEST_WORKER_EXIT_AT: "2" });
    expect(r.code).toBe(2);
    const m = /worker thread \d stopped \(exit code 70\) while grading lines (\d+)–(\d+) \(bytes (\d+)–(\d+) of .*awkward\.ndjson\): every line before line \1 was written in order, none of these or any later line/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const [first, last, from, to] = m!.slice(1).map(Number) as [number, number, number, number];
    expect(last).toBeGreaterThan(first);
    // The bytes named are those lines: the range starts at a line's start and ends at a line feed.
    const bytes = awkwardInput();
    expect(bytes[from - 1]).toBe(10);
    expect(bytes[to]).toBe(10);
    expect(countLines(bytes, from, to + 1)).toBe(last - first + 1);
    // Stdout is exactly one worker's output up to the line before them: no gap, nothing after.
    // (An output file, here --rejects, is not kept by a failed run: it keeps what it held before.)
    const before = (s: string): string[] => s.split("\n").filter((l) => l !== "" && (JSON.parse(l) as { line: number }).line < first);
    expect(r.stdout.split("\n").filter((l) => l !== "")).toEqual(before(one.stdout));
    expect(r.rejects).toBe("");
  }, 60_000);
});

describe("evaluate on a large file: memory bounded by the jobs out, not the input", () => {
  it("keeps peak RSS under 300 MB over 90,000 lines (58 MiB), --workers 2", () => {
    const big = file("big.ndjson", `${Array.from({ length: 10 }, () => subjects.join("\n")).join("\n")}\n`);
    const reportRss = `data:text/javascript,process.on("exit",()=>process.stderr.write("MAXRSS_KB="+process.resourceUsage().maxRSS+"\\n"))`;
    const r = spawnSync(process.execPath, ["--import", reportRss, cli, "evaluate", "-r", rulesetFile, "--as-of", "2025-12-31", "--json", "--workers", "2", "-o", join(tmp, "big.out"), big], { cwd: root, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stderr.split("\n").find((l) => l.startsWith("{"))!) as { rows: number }).rows).toBe(90_000);
    const kb = Number(/MAXRSS_KB=(\d+)/.exec(r.stderr)?.[1]);
    expect(kb).toBeGreaterThan(0);
    expect(kb / 1024).toBeLessThan(300);
  }, 120_000);
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

  it("pass over a line longer than the largest allowed (its row says so) and read on", async () => {
    for (const end of ["\n", "\r\n", "\r"]) {
      const path = file("long.ndjson", `{"id":"a"}\n${"x".repeat(5 << 20)}${end}{"id":"b"}\r{"id":"c"}`);
      const rows: Row[] = [];
      let bytes = 0;
      for await (const c of readChunks(path, 2 << 20)) {
        rows.push(...chunkRows(chunkBatch(c, 2 << 20), ndjsonRow));
        bytes = Math.max(bytes, c.bytes.length);
      }
      expect(rows.map((r) => [r.line, r.ok ? (r.subject as { id: string }).id : r.code]), JSON.stringify(end)).toEqual([
        [1, "a"],
        [2, "LINE_TOO_LONG"],
        [3, "b"],
        [4, "c"],
      ]);
      expect(bytes).toBeLessThan(4 << 20); // the long line was never held whole
    }
  });
});

describe("a chunk's rows (read as Latin-1, UTF-8 characters parsed from their JSON escapes)", () => {
  // The reference: the line reader (lines.ts, read.ts) on the same bytes, as UTF-8.
  const exact = async (bytes: Buffer, maxLineBytes: number): Promise<Row[]> => {
    const rows: Row[] = [];
    for await (const r of readRows(Readable.from([bytes]), "ndjson", [], { encoding: "utf-8", maxLineBytes })) rows.push(r);
    return rows;
  };
  const fast = (bytes: Buffer, maxLineBytes: number): Row[] => chunkRows({ bytes, firstLine: 1, maxLineBytes }, ndjsonRow);
  // Same rows, same key order, same prototypes (a `__proto__` key stays an own property).
  const same = async (bytes: Buffer, maxLineBytes = 1 << 20): Promise<void> => {
    const a = fast(bytes, maxLineBytes);
    const b = await exact(bytes, maxLineBytes);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a).toEqual(b);
    a.forEach((r, i) => {
      if (r.ok && typeof r.subject === "object" && r.subject !== null) {
        expect(Object.getPrototypeOf(r.subject)).toBe(Object.getPrototypeOf((b[i] as { subject: object }).subject));
        expect(Object.keys(r.subject)).toEqual(Object.keys((b[i] as { subject: object }).subject));
      }
    });
  };

  it("gives the subjects JSON.parse gives from the UTF-8 text: Chinese values and keys, escapes, __proto__, errors", async () => {
    const lines = [
      `{"id":"甲","inputs":{"环境":"蓝","n":1,"list":["无","a",{"键":"值"}]},"__proto__":{"x":"高"}}`,
      `{"id":"a\\u84dd","inputs":{"k":"蓝\\u00e9"}}`, // an escape beside raw UTF-8: decoded first
      `{"id":"\\\\u","inputs":{"k":"蓝"}}`,
      `{"id":"x","inputs":{"k":"蓝"}} 蓝`, // not JSON: the message names the UTF-8 text
      `{"id":"x",`,
      "\u3000", // blank once decoded (U+3000 is whitespace)
      "\u00a0\t",
      `{"id":"é\u2028","a":["\u{1F600}",null,true,-0.5e3]}`,
      `[1,"二"]`,
      `"三"`,
    ];
    await same(Buffer.from(`${lines.join("\n")}\n`, "utf8"));
  });

  it("gives the same rows on random JSON with any Unicode", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null"), { maxLength: 8 }), fc.array(fc.string({ unit: "grapheme" }), { maxLength: 3 }), async (values, junk) => {
        await same(Buffer.from(`${[...values, ...junk.map((j) => j.replaceAll(/[\r\n]/g, ""))].join("\n")}\n`, "utf8"));
      }),
      { numRuns: 300 },
    );
  });

  it("rejects a line not valid UTF-8, or longer than --max-line-bytes, as the line reader does", async () => {
    await same(Buffer.concat([Buffer.from(`{"id":"a","k":"蓝"}\n{"id":"`), Buffer.from([0xff, 0xe8]), Buffer.from(`"}\n{"id":"b"}\n`)]));
    await same(Buffer.from(`{"id":"a"}\n{"id":"${"长".repeat(40)}"}\r\n\n{"id":"b"}`), 64);
  });
});
