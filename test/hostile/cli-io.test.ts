/**
 * The built command line (`node dist/cli.js`) against hostile input and failing outputs: each
 * test is the reproduction of a reported failure (issue #14 items 4–7, invalid UTF-8).
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, linkSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultLine } from "../../src/cli/io.js";
import { recordsRuleset, weightsRuleset } from "../fixtures.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "dist/cli.js");
const tmp = mkdtempSync(join(tmpdir(), "credit-grading-hostile-"));
const file = (name: string, content: string | Buffer): string => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};
interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function run(args: string[], opts: { input?: string | Buffer; stdout?: number } = {}): Run {
  const env = { ...process.env };
  delete env["FORCE_COLOR"];
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: tmp, env, input: opts.input ?? "", encoding: "utf8", maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const jsonLines = (s: string): Record<string, unknown>[] => s.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

const fixture = file("weights.json", JSON.stringify(weightsRuleset()));
const EVAL = ["evaluate", "-r", fixture, "--as-of", "2025-06-30"];
const A = (id: string): string => JSON.stringify({ id, inputs: { years: 10, penalties: 0, honoured: true } });

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test builds before vitest)`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("#14.4 reading is linear and bounded", () => {
  it("a 2 MB unterminated CSV quote finishes: rejected by its line, the rows before it graded", () => {
    const csv = file("open.csv", `id,years,penalties,honoured\nS-1,10,0,true\n"S-open,10,0,true\n${"S-x,10,0,true\n".repeat(150_000)}`);
    expect(statSync(csv).size).toBeGreaterThan(2_000_000);
    const r = run([...EVAL, "--rejects", "rej.ndjson", csv]);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout).map((o) => o["line"])).toEqual([2]);
    expect(jsonLines(readFileSync(join(tmp, "rej.ndjson"), "utf8"))).toEqual([{ line: 3, code: "CSV_INVALID", reason: "unterminated quoted field at end of input" }]);
    // With a smaller limit the open record is rejected when it reaches it, and reading goes on.
    const small = run([...EVAL, "--max-line-bytes", "65536", "--rejects", "rej2.ndjson", csv]);
    expect(small.code).toBe(1);
    const [rej] = jsonLines(readFileSync(join(tmp, "rej2.ndjson"), "utf8"));
    expect(rej).toMatchObject({ line: 3, code: "LINE_TOO_LONG" });
    expect(jsonLines(small.stdout).length).toBeGreaterThan(140_000);
  });

  it("a 4 MB NDJSON line over --max-line-bytes is rejected with its number, and the next lines are graded (also --workers 2)", () => {
    const input = file("long.ndjson", `${A("S-1")}\n{"id":"S-long","pad":"${"x".repeat(4 << 20)}"}\n${A("S-3")}\n`);
    for (const workers of ["1", "2"]) {
      const r = run([...EVAL, "--max-line-bytes", String(1 << 20), "--workers", workers, input]);
      expect(r.code, workers).toBe(1);
      expect(jsonLines(r.stdout).map((o) => o["id"]), workers).toEqual(["S-1", "S-3"]);
      expect(r.stderr, workers).toContain(`rejected line 2: LINE_TOO_LONG: line longer than ${1 << 20} bytes (--max-line-bytes)`);
    }
    expect(run([...EVAL, "--max-line-bytes", "0", input]).stderr).toContain("--max-line-bytes must be a whole number ≥ 1");
  });
});

describe("invalid UTF-8 is rejected, not replaced", () => {
  it("rejects the line with its number (NDJSON and CSV), and reads on", () => {
    const nd = file("bad.ndjson", Buffer.concat([Buffer.from(`${A("S-1")}\n{"id":"S-\xff`, "latin1"), Buffer.from(`"}\n${A("S-3")}\n`)]));
    const r = run([...EVAL, nd]);
    expect(r.code).toBe(1);
    expect(jsonLines(r.stdout).map((o) => o["line"])).toEqual([1, 3]);
    expect(r.stderr).toContain("rejected line 2: ENCODING_INVALID: not valid UTF-8");
    const csv = file("bad.csv", Buffer.concat([Buffer.from("id,years,penalties,honoured\r\nS-1,10,0,true\r\nS-\xe9,10,0,true\r\n", "latin1"), Buffer.from("S-4,10,0,true\r\n")]));
    const c = run([...EVAL, "--encoding", "utf-8", csv]);
    expect(c.code).toBe(1);
    expect(jsonLines(c.stdout).map((o) => o["line"])).toEqual([2, 4]);
    expect(c.stderr).toContain("rejected line 3: ENCODING_INVALID");
    expect(run([...EVAL, "--encoding", "latin-9", csv]).stderr).toContain("--encoding must be one of");
  });
});

describe("#14.5 a result that cannot be written is that row's rejection", () => {
  // A 100,000-deep array in an undeclared record field, echoed by a `latest` fact that a rule reads.
  const ruleset = recordsRuleset() as unknown as { rules: unknown[] };
  ruleset.rules.push({
    id: "has-penalty",
    name: { zh: "有处罚", en: "has a penalty" },
    legalBasis: "test",
    effect: { type: "adjust-points", points: -1 },
    reason: { zh: "有处罚", en: "has a penalty" },
    conditions: { all: [{ fact: "latestPenalty", operator: "notEqual", value: null }] },
  });
  const rs = file("records.json", JSON.stringify(ruleset));
  const deep = `${"[".repeat(100_000)}0${"]".repeat(100_000)}`;
  const ok = (id: string): string => JSON.stringify({ id, inputs: { years: 5 } });
  const input = file(
    "deep.ndjson",
    [ok("S-1"), `{"id":"S-deep","inputs":{"years":5},"records":[{"id":"p1","type":"penalty","date":"2025-03-01","amount":10,"extra":${deep}}]}`, ok("S-3"), ok("S-4")].join("\n"),
  );

  it("evaluate --full writes the other rows (also --workers 2); explain --json and explain reject the row", () => {
    for (const workers of ["1", "2"]) {
      const r = run(["evaluate", "-r", rs, "--as-of", "2025-06-30", "--full", "--workers", workers, "--rejects", `deep-${workers}.ndjson`, input]);
      expect(r.code, workers).toBe(1);
      expect(jsonLines(r.stdout).map((o) => o["line"]), workers).toEqual([1, 3, 4]);
      // Rejected by the writer here, or by the subject check once it bounds nesting: either way one line, not a crash.
      const [rej] = jsonLines(readFileSync(join(tmp, `deep-${workers}.ndjson`), "utf8"));
      expect(rej, workers).toMatchObject({ line: 2, id: "S-deep" });
      expect(r.stderr, workers).not.toContain("internal error");
    }
    for (const json of [["--json"], []]) {
      const e = run(["explain", "-r", rs, "--as-of", "2025-06-30", "--id", "S-deep", ...json, input]);
      expect(e.code).toBe(1);
      expect(e.stdout).toContain("S-deep");
      expect(e.stdout).toContain("rejected");
      expect(e.stderr).toBe("");
    }
  });

  it("resultLine turns a value too deep for JSON.stringify into RESULT_NOT_WRITABLE", () => {
    let v: unknown = 0;
    for (let i = 0; i < 200_000; i++) v = [v];
    expect(resultLine(7, "S", { v })).toEqual({
      line: 7,
      id: "S",
      code: "RESULT_NOT_WRITABLE",
      reason: expect.stringContaining("(a value nested too deeply)") as unknown as string,
    });
    expect(resultLine(7, "S", { grade: "A" })).toBe('{"grade":"A"}\n');
  });
});

describe("#14.6 outputs never destroy the input or each other", () => {
  const input = `${A("S-1")}\n{bad\n${A("S-3")}\n`;

  it("refuses (exit 2) -o or --rejects naming the input, by any name, and leaves the input as it was", () => {
    const p = file("in.ndjson", input);
    linkSync(p, join(tmp, "in-link.ndjson"));
    for (const args of [["-o", "in.ndjson"], ["--rejects", "./in.ndjson"], ["-o", "in-link.ndjson"], ["--rejects", join(tmp, "in.ndjson")]]) {
      const r = run([...EVAL, ...args, "in.ndjson"]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr, args.join(" ")).toContain("is the same file as the input");
      expect(readFileSync(p, "utf8")).toBe(input);
    }
    // stdin redirected from the file it would write.
    const viaStdin = spawnSync(process.execPath, [cli, ...EVAL, "-o", "in.ndjson"], { cwd: tmp, stdio: [openRead(p), "pipe", "pipe"], encoding: "utf8" });
    expect(viaStdin.status).toBe(2);
    expect(viaStdin.stderr).toContain("the input (stdin)");
    expect(readFileSync(p, "utf8")).toBe(input);
  });

  it("refuses -o and --rejects naming one file; /dev/null may take both", () => {
    file("in2.ndjson", input);
    const r = run([...EVAL, "-o", "same.ndjson", "--rejects", "./same.ndjson", "in2.ndjson"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--rejects ./same.ndjson is the same file as -o same.ndjson");
    expect(existsSync(join(tmp, "same.ndjson"))).toBe(false);
    expect(run([...EVAL, "-o", "/dev/null", "--rejects", "/dev/null", "in2.ndjson"]).code).toBe(1);
  });

  it("writes beside the final name and renames on success: a failed run leaves the old file and no temporary one", () => {
    file("in3.ndjson", input);
    const out = file("out.ndjson", "previous results\n");
    chmodSync(out, 0o640);
    const failed = run([...EVAL, "-o", "out.ndjson", "--rejects", "/dev/full", "in3.ndjson"]);
    expect(failed.code).toBe(2);
    expect(readFileSync(out, "utf8")).toBe("previous results\n");
    expect(readdirSync(tmp).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    const ok = run([...EVAL, "-o", "out.ndjson", "--rejects", "rejects.ndjson", "in3.ndjson"]);
    expect(ok.code).toBe(1);
    expect(jsonLines(readFileSync(out, "utf8")).map((o) => o["id"])).toEqual(["S-1", "S-3"]);
    expect(statSync(out).mode & 0o777).toBe(0o640);
    expect(jsonLines(readFileSync(join(tmp, "rejects.ndjson"), "utf8"))).toMatchObject([{ line: 2, code: "NOT_JSON" }]);
    expect(readdirSync(tmp).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("#14.6 an interrupted run", () => {
  it("removes its temporary file and leaves no result under the final name", async () => {
    const child = spawn(process.execPath, [cli, ...EVAL, "-o", "interrupted.ndjson"], { cwd: tmp, stdio: ["pipe", "pipe", "pipe"] });
    child.stdin.write(`${A("S-1")}\n`);
    const temp = (): string[] => readdirSync(tmp).filter((f) => f.startsWith(".interrupted.ndjson."));
    for (let i = 0; i < 200 && temp().length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(temp().length).toBe(1);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on("exit", (_code, signal) => r(signal)));
    child.kill("SIGTERM");
    expect(await exited).toBe("SIGTERM");
    expect(temp()).toEqual([]);
    expect(existsSync(join(tmp, "interrupted.ndjson"))).toBe(false);
  });
});

describe("#14.7 an output error is one line and exit 2", () => {
  const input = `${A("S-1")}\n{bad\n`;
  it.runIf(existsSync("/dev/full"))("> /dev/full, -o /dev/full, --rejects /dev/full, and other commands' stdout", () => {
    const p = file("in4.ndjson", input);
    const cases: { args: string[]; stdout?: string }[] = [
      { args: [...EVAL, p], stdout: "/dev/full" },
      { args: [...EVAL, "-o", "/dev/full", p] },
      { args: [...EVAL, "--rejects", "/dev/full", p] },
      { args: ["rulebook", fixture], stdout: "/dev/full" },
      { args: ["explain", "-r", fixture, "--as-of", "2025-06-30", "--line", "1", p], stdout: "/dev/full" },
    ];
    for (const c of cases) {
      const stdio: ("pipe" | number)[] = ["pipe", c.stdout !== undefined ? openWrite(c.stdout) : "pipe", "pipe"];
      const r = spawnSync(process.execPath, [cli, ...c.args], { cwd: tmp, stdio, encoding: "utf8" });
      const what = c.args.join(" ");
      expect(r.status, what).toBe(2);
      const errors = r.stderr.split("\n").filter((l) => l.startsWith("credit-grading:"));
      expect(errors, what).toEqual([expect.stringMatching(/^credit-grading: error: cannot write (stdout|\/dev\/full): ENOSPC/)]);
      expect(r.stderr, what).not.toMatch(/Unhandled|    at /);
    }
  });
});

const openRead = (p: string): number => openSync(p, "r");
const openWrite = (p: string): number => openSync(p, "w");
