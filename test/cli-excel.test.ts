/**
 * Issue #15: CSV as Excel in China saves it (GBK/GB18030, CRLF, a header row, Chinese names and
 * category values) graded by the built command line, and CSV results Excel opens.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { _csvResultRow } from "../src/cli/csv.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/cli.js");
const tmp = mkdtempSync(join(tmpdir(), "credit-grading-excel-"));
const run = (args: string[]): { code: number | null; stdout: Buffer; stderr: string } => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
};
const jsonLines = (s: string): Record<string, unknown>[] => s.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test builds before vitest)`);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Subjects of the bundled example data (hlj-public-composite), with their Chinese names and
// inputs; their credit records are left out (CSV has none), in NDJSON and CSV alike.
const subjects = readFileSync(join(root, "examples/data/subjects.ndjson"), "utf8")
  .split("\n")
  .slice(0, 30) // line 34 of the example data is a subject with a bad check character
  .map((l) => JSON.parse(l) as { id: string; name: string; inputs: Record<string, unknown> });
const inputIds = Object.keys(subjects[0]!.inputs);
const cell = (v: unknown): string => (v === undefined || v === null ? "" : typeof v === "boolean" ? (v ? "是" : "否") : String(v));
// As Excel writes "CSV (逗号分隔)" on a Chinese Windows: the ANSI code page (GBK), CRLF, no BOM.
const excelCsv = iconv.encode(
  [["id", "name", ...inputIds].join(","), ...subjects.map((s) => [s.id, `"${s.name}"`, ...inputIds.map((k) => cell(s.inputs[k]))].join(","))].join("\r\n") + "\r\n",
  "gbk",
);
const ARGS = ["evaluate", "-r", "hlj-public-composite@1.1.0", "--as-of", "2025-12-31"];

describe("a GBK CSV exported as Excel does", () => {
  const gbk = join(tmp, "企业名单.csv");
  writeFileSync(gbk, excelCsv);
  const ndjson = join(tmp, "same.ndjson");
  writeFileSync(ndjson, subjects.map((s) => JSON.stringify({ id: s.id, name: s.name, inputs: s.inputs })).join("\n"));

  it("is not UTF-8 (the fixture is what Excel writes), and grades as the same subjects in NDJSON (auto-detected and --encoding gbk)", () => {
    expect(excelCsv.includes(Buffer.from(subjects[0]!.name, "utf8"))).toBe(false);
    expect(excelCsv.includes(iconv.encode(subjects[0]!.name, "gbk"))).toBe(true);
    const expected = run([...ARGS, ndjson]);
    expect(expected.code).toBe(0);
    const want = jsonLines(expected.stdout.toString("utf8")).map(({ line, ...rest }) => rest);
    expect(want.length).toBe(30);
    for (const flags of [[], ["--encoding", "gbk"], ["--encoding", "gb18030"]]) {
      const r = run([...ARGS, ...flags, gbk]);
      expect(r.code, flags.join(" ")).toBe(0);
      expect(jsonLines(r.stdout.toString("utf8")).map(({ line, ...rest }) => rest), flags.join(" ")).toEqual(want);
    }
    // Read as UTF-8 it is refused row by row, never graded on garbled text.
    const wrong = run([...ARGS, "--encoding", "utf-8", gbk]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout.toString("utf8")).toBe("");
    expect(wrong.stderr).toContain("rejected line 2 : ENCODING_INVALID: not valid UTF-8 (for a file in another encoding, give --encoding, e.g. gb18030)".replace(" :", ":"));
    expect(wrong.stderr).toContain("30 rejected");
  });

  it("writes CSV results with the Chinese names right in gb18030, utf-8-bom and utf-8", () => {
    for (const [encoding, decode] of [
      ["gb18030", (b: Buffer) => iconv.decode(b, "gb18030")],
      ["utf-8-bom", (b: Buffer) => (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3).toString("utf8") : "no BOM")],
      ["utf-8", (b: Buffer) => b.toString("utf8")],
    ] as const) {
      const out = join(tmp, `results-${encoding}.csv`);
      const r = run([...ARGS, "--output-format", "csv", "--output-encoding", encoding, "-o", out, gbk]);
      expect(r.code, encoding).toBe(0);
      const rows = decode(readFileSync(out)).split("\r\n");
      expect(rows[0], encoding).toBe("line,id,name,grade,label,class,score,scoreGrade,decidedBy,measures,reasons,rules,notGradable,ruleset");
      expect(rows.length, encoding).toBe(32); // header, 30 rows, the empty string after the last CRLF
      for (let i = 0; i < 30; i++) {
        const [line, id, name] = rows[i + 1]!.split(",");
        expect([line, id, name], encoding).toEqual([String(i + 2), subjects[i]!.id, subjects[i]!.name]);
      }
      // Worker threads write the same bytes.
      const out2 = join(tmp, `results-${encoding}-2.csv`);
      expect(run([...ARGS, "--output-format", "csv", "--output-encoding", encoding, "--workers", "2", "-o", out2, gbk]).code, encoding).toBe(0);
      expect(readFileSync(out2).equals(readFileSync(out)), encoding).toBe(true);
    }
  });

  it("refuses an output encoding for NDJSON, and CSV with --full (exit 2)", () => {
    expect(run([...ARGS, "--output-encoding", "gb18030", ndjson]).stderr).toContain("--output-encoding gb18030 is for --output-format csv");
    expect(run([...ARGS, "--output-format", "csv", "--full", ndjson]).code).toBe(2);
    expect(run([...ARGS, "--output-format", "xlsx", ndjson]).stderr).toContain("--output-format must be ndjson or csv");
  });
});

describe("CSV result rows", () => {
  it("joins lists, leaves null empty, quotes where needed and keeps a formula from running", () => {
    const row = _csvResultRow(
      {
        line: 3,
        id: "91230407MAKYGA0H8U",
        grade: null,
        label: null,
        class: null,
        score: 61.5,
        scoreGrade: "C",
        decidedBy: "not-gradable",
        measures: ["a", "b"],
        reasons: [{ indicator: "x", pointsLost: 2 }],
        rules: [],
        notGradable: ['indicator "age": missing, a'],
        ruleset: "s@1.0.0",
      },
      "=HYPERLINK(1)",
    );
    expect(row).toBe(`3,91230407MAKYGA0H8U,'=HYPERLINK(1),,,,61.5,C,not-gradable,a;b,x:2,,"indicator ""age"": missing, a",s@1.0.0\r\n`);
  });
});
