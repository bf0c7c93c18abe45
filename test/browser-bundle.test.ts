// The main entry runs in a browser or a worker: bundled by esbuild for the browser platform (any
// node:* import fails the bundle), it grades in a fresh vm context that has the language's
// globals and the Web's (TextEncoder, setTimeout, structuredClone, console), and no Node global (no process, Buffer, require) — with
// generated code, and with code generation refused (as under a CSP without 'unsafe-eval').
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createContext, runInContext } from "node:vm";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, compileRuleset, rulesetHash } from "../src/index.js";
import { bundledSubjects, root } from "./fixtures.js";

let bundle = "";
beforeAll(async () => {
  const out = await build({ entryPoints: [join(root, "src", "index.ts")], bundle: true, platform: "browser", format: "iife", globalName: "CreditGrading", write: false, logLevel: "silent" });
  bundle = out.outputFiles[0]!.text;
}, 120_000);

const rulesetText = readFileSync(join(root, "rulesets/hlj-public-composite/1.1.0.json"), "utf8");
const subjects = bundledSubjects().slice(0, 50);

function runInBrowserLike(codegen: boolean): { results: unknown[]; codegen: boolean; hash: string; nodeGlobals: string[] } {
  const context = createContext({ TextEncoder, TextDecoder, setTimeout, clearTimeout, queueMicrotask, structuredClone, console, RULESET: rulesetText, SUBJECTS: JSON.stringify(subjects) }, { codeGeneration: { strings: codegen, wasm: false } });
  runInContext(bundle, context);
  const json = runInContext(
    `(() => {
      const compiled = CreditGrading.compileRuleset(JSON.parse(RULESET));
      const results = JSON.parse(SUBJECTS).map((s) => {
        const r = compiled.safeEvaluate(s, { asOf: "2025-12-31" });
        return r.success ? r.data : { rejected: r.error.code, message: r.error.message };
      });
      const nodeGlobals = ["process", "Buffer", "require", "module", "setImmediate", "global"].filter((g) => typeof globalThis[g] !== "undefined");
      return JSON.stringify({ results, codegen: compiled.codegen, hash: compiled.ref.contentHash, nodeGlobals });
    })()`,
    context,
  ) as string;
  return JSON.parse(json) as ReturnType<typeof runInBrowserLike>;
}

describe("the main entry in a browser-like context", () => {
  it("bundles for the browser platform with no node:* module", () => {
    expect(bundle.length).toBeGreaterThan(10_000);
    expect(bundle).not.toMatch(/require\(["']node:/);
  });

  it("grades exactly as in Node.js, with generated code and with code generation refused", () => {
    const compiled = compileRuleset(JSON.parse(rulesetText));
    const expected = subjects.map((s) => {
      const r = compiled.safeEvaluate(s, { asOf: "2025-12-31" });
      return r.success ? r.data : { rejected: r.error.code, message: r.error.message };
    });
    for (const codegen of [true, false]) {
      const got = runInBrowserLike(codegen);
      expect(got.nodeGlobals).toEqual([]);
      expect(got.codegen).toBe(codegen);
      expect(got.results).toEqual(JSON.parse(JSON.stringify(expected)));
    }
  });

  it("computes the same SHA-256 content hash as node:crypto", () => {
    const { hash } = runInBrowserLike(true);
    const doc = JSON.parse(rulesetText) as Record<string, unknown>;
    delete doc["$schema"];
    expect(hash).toBe(`sha256:${createHash("sha256").update(canonicalJson(doc)).digest("hex")}`);
    expect(hash).toBe(rulesetHash(compileRuleset(JSON.parse(rulesetText)).ruleset));
  });
});
