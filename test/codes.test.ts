/**
 * The guide's code tables list every code the library emits: every SCREAMING_SNAKE string
 * literal in src/ (and every all-capitals member of a `…Code` union) must appear in docs/guide.md
 * as `CODE`.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });

// Capitals that are not problem codes: environment variables, Node's own error codes, HTTP
// methods, process signals and file-system error codes (serve, output files), the test-only
// environment variable that stops a worker, ISO 8601
// durations, names of values handed to generated code, the CLI's FAIL marker, the prefix the
// rule book groups the PUBLIC_COMPOSITE_* diagnostics by.
const NOT_CODES = /^(NO_COLOR|FORCE_COLOR|ERR_[A-Z_]+|EPIPE|P\d[\dYMD]*|EMPTY|GRADES|FAIL|PUBLIC_COMPOSITE|GET|HEAD|SIGINT|SIGTERM|SIGHUP|ENOENT|CREDIT_GRADING_TEST_WORKER_EXIT_AT)$/;

function codesInSource(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of walk(join(root, "src"))) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/["']([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)["']/g)) {
      const code = m[1]!;
      if (code.length < 3 || NOT_CODES.test(code)) continue;
      if (!found.has(code)) found.set(code, file.slice(root.length));
    }
  }
  return found;
}

describe("the guide's code tables", () => {
  const guide = readFileSync(join(root, "docs", "guide.md"), "utf8");
  const codes = codesInSource();

  it("find the codes (the scan works)", () => {
    for (const c of ["BANDS_GAP", "SUBJECT_INVALID", "REGISTRY_GAP", "GOLDEN_INVALID", "EDITED", "RULE", "CSV_INVALID"]) expect(codes.has(c), c).toBe(true);
  });

  it("list every code the library emits", () => {
    const missing = [...codes].filter(([c]) => !guide.includes(`\`${c}\``)).map(([c, f]) => `${c} (${f})`);
    expect(missing).toEqual([]);
  });
});
