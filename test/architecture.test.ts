// The source tree is the architecture: each folder of src/ has one job and may import only the
// folders docs/architecture.md allows it; no import cycles; node:* only behind credit-grading/node
// and in the CLI; the main entry reaches no node:* module.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");

/** What each folder may import (besides itself and npm packages); docs/architecture.md states the same table. */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  base: [],
  format: ["base"],
  check: ["base", "format", "measures"],
  measures: ["base", "format"],
  engine: ["base", "format", "check", "measures"],
  interop: ["base", "format", "engine"],
  supervision: ["base", "format", "measures", "engine"],
  versions: ["base", "format", "check", "measures", "engine"],
  rulebook: ["base", "format", "check", "measures", "engine", "versions"],
  decisions: ["base", "format", "measures", "engine", "supervision", "versions"],
  golden: ["base", "format", "engine"],
  report: ["base", "format", "engine", "versions"],
  node: ["base", "format", "check", "measures", "engine", "versions", "decisions", "golden", "report"],
  cli: ["*"],
  ".": ["base", "format", "check", "measures", "engine", "interop", "supervision", "versions", "rulebook", "decisions", "golden", "report"],
};

interface SourceFile {
  readonly path: string;
  readonly folder: string;
  readonly imports: readonly string[];
  readonly packages: readonly string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function parse(path: string): SourceFile {
  const text = readFileSync(path, "utf8");
  const imports: string[] = [];
  const packages: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2]!;
    if (spec.startsWith(".")) {
      const target = resolve(dirname(path), spec.replace(/\.js$/, ".ts"));
      imports.push(target);
    } else packages.push(spec);
  }
  const rel = relative(src, path);
  return { path, folder: rel.includes("/") ? rel.split("/")[0]! : ".", imports, packages };
}

const files = walk(src).map(parse);
const byPath = new Map(files.map((f) => [f.path, f]));
const folderOf = (p: string): string => {
  const rel = relative(src, p);
  return rel.includes("/") ? rel.split("/")[0]! : ".";
};
const name = (p: string): string => relative(root, p);

describe("the source tree", () => {
  it("has only the folders docs/architecture.md describes", () => {
    const folders = new Set(files.map((f) => f.folder));
    expect([...folders].filter((f) => !(f in ALLOWED))).toEqual([]);
    const doc = readFileSync(join(root, "docs", "architecture.md"), "utf8");
    for (const f of Object.keys(ALLOWED).filter((x) => x !== ".")) expect(doc, `docs/architecture.md describes src/${f}/`).toContain(`\`${f}/\``);
  });

  it("imports only what each folder may import", () => {
    const bad: string[] = [];
    for (const f of files) {
      const allowed = ALLOWED[f.folder]!;
      for (const i of f.imports) {
        const to = folderOf(i);
        if (to === f.folder || allowed.includes("*") || allowed.includes(to)) continue;
        bad.push(`${name(f.path)} → ${name(i)} (${f.folder} may not import ${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("imports nothing from the CLI outside the CLI", () => {
    expect(files.filter((f) => f.folder !== "cli" && f.imports.some((i) => folderOf(i) === "cli")).map((f) => name(f.path))).toEqual([]);
  });

  it("uses node:* modules only in node/ and cli/", () => {
    const bad = files.filter((f) => f.folder !== "node" && f.folder !== "cli" && f.packages.some((p) => p.startsWith("node:"))).map((f) => `${name(f.path)}: ${f.packages.filter((p) => p.startsWith("node:")).join(", ")}`);
    expect(bad).toEqual([]);
  });

  it("has no import cycle", () => {
    const cycles: string[] = [];
    const state = new Map<string, 1 | 2>();
    const stack: string[] = [];
    const visit = (p: string): void => {
      state.set(p, 1);
      stack.push(p);
      for (const i of byPath.get(p)?.imports ?? []) {
        if (!byPath.has(i)) continue;
        if (state.get(i) === 1) cycles.push([...stack.slice(stack.indexOf(i)), i].map(name).join(" → "));
        else if (state.get(i) === undefined) visit(i);
      }
      stack.pop();
      state.set(p, 2);
    };
    for (const f of files) if (!state.has(f.path)) visit(f.path);
    expect(cycles).toEqual([]);
  });

  it("resolves every relative import to a file", () => {
    const missing = files.flatMap((f) => f.imports.filter((i) => !byPath.has(i) && !i.endsWith(".json")).map((i) => `${name(f.path)} → ${name(i)}`));
    expect(missing).toEqual([]);
  });
});
