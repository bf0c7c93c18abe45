/** The built package: ESM and CJS entry points load, export the same names, and grade alike. */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { industryRuleset } from "./fixtures.js";

const dist = (f: string): string => fileURLToPath(new URL(`../dist/${f}`, import.meta.url));

describe("dual ESM/CJS package", () => {
  it("has been built (npm test builds before it runs the tests)", () => {
    expect(existsSync(dist("index.js")), "dist/index.js is missing: run `npm run build`").toBe(true);
    expect(existsSync(dist("index.cjs"))).toBe(true);
    expect(existsSync(dist("index.d.ts"))).toBe(true);
    expect(existsSync(dist("index.d.cts"))).toBe(true);
  });

  it("exports the same names from import and require, and both grade the same subject alike", async () => {
    const esm = (await import(dist("index.js"))) as typeof import("../src/index.js");
    const cjs = createRequire(import.meta.url)(dist("index.cjs")) as typeof import("../src/index.js");
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
    expect(Object.keys(esm)).toContain("compileRuleset");
    const subject = { id: "91310110666007217T", inputs: { publicScore: 80, complaints: 2, level: "silver" } };
    const a = esm.compileRuleset(industryRuleset()).evaluate(subject, { asOf: "2025-06-30" });
    const b = cjs.compileRuleset(industryRuleset()).evaluate(subject, { asOf: "2025-06-30" });
    // 80/100 of 40 points = 32; 2 complaints fall in bin [1,3) = 20; silver = 20; total 72 → band B [70, 90).
    expect(a.score).toBe(72);
    expect(a.grade).toBe("B");
    expect(b).toEqual(a);
  });
});
