// The first example of the API reference's landing page (the main entry's @module example in
// src/index.ts) runs as written against the built package, and prints what evaluate returns.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileRuleset } from "../src/index.js";
import { root } from "./fixtures.js";

/** The first ```ts block of a file's leading TSDoc comment, without the comment's `*` margin. */
export function firstExample(file: string): string {
  const text = readFileSync(file, "utf8");
  const doc = text.slice(0, text.indexOf("*/"));
  const lines = doc.split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
  const start = lines.findIndex((l) => l.startsWith("```ts"));
  const end = lines.findIndex((l, i) => i > start && l.startsWith("```"));
  return lines.slice(start + 1, end).join("\n");
}

describe("the API reference's landing example", () => {
  it("runs against the built package and prints the grade, label, score and first reason", () => {
    const code = firstExample(join(root, "src", "index.ts"));
    expect(code).toContain('from "credit-grading"');
    mkdirSync(join(root, ".tmp"), { recursive: true });
    // Inside the package folder, so that "credit-grading" resolves to the package itself.
    const file = join(root, ".tmp", "landing-example.mjs");
    writeFileSync(file, code);
    const out = execFileSync(process.execPath, [file], { cwd: root, encoding: "utf8" }).trim();
    // The same evaluation, made here from the source.
    const ruleset = compileRuleset(JSON.parse(readFileSync(join(root, "rulesets/hlj-public-composite/1.1.0.json"), "utf8")));
    const subject = JSON.parse(/const subject = (\{[\s\S]*?\n\});/.exec(code)![1]!.replace(/(\w+):/g, '"$1":').replace(/,(\s*[}\]])/g, "$1")) as unknown;
    const e = ruleset.evaluate(subject, { asOf: "2025-12-31" });
    expect(out).toBe([e.grade, e.label, e.score, e.reasons[0]?.indicator].join(" "));
    expect(e.gradable).toBe(true);
  });
});
