/**
 * Records what the built CLI writes for every shipped ruleset version on the bundled example
 * subjects and on the benchmark population: `evaluate` (lean lines), `evaluate --full`
 * (whole evaluations) and the rejects, one file each, plus a SHA-256 manifest. Run it before
 * and after a change that must not change behaviour, and compare the manifests:
 *   npm run build && npx tsx scripts/capture-outputs.ts .tmp/outputs-before
 *   … change …
 *   npm run build && npx tsx scripts/capture-outputs.ts .tmp/outputs-after
 *   diff .tmp/outputs-before/MANIFEST .tmp/outputs-after/MANIFEST
 * @module
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generatePopulation } from "../bench/population.js";

const out = process.argv[2];
if (!out) throw new Error("usage: capture-outputs.ts <folder>");
mkdirSync(out, { recursive: true });
const AS_OF = "2025-12-31";
const population = join(out, "bench-population.ndjson");
writeFileSync(population, generatePopulation(5_000).map((s) => JSON.stringify(s)).join("\n") + "\n");
const inputs = [
  ["example", "examples/data/subjects.ndjson"],
  ["bench", population],
] as const;
const manifest: string[] = [];
for (const scheme of readdirSync("rulesets").sort()) {
  for (const file of readdirSync(join("rulesets", scheme)).filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f)).sort()) {
    const ruleset = join("rulesets", scheme, file);
    const { effective } = JSON.parse(readFileSync(ruleset, "utf8")) as { effective: { from: string; to?: string } };
    // An as-of date in the version's own period: the end of 2025, or its last day, or its first.
    let asOf = effective.to !== undefined && effective.to < AS_OF ? effective.to : AS_OF;
    if (asOf < effective.from) asOf = effective.from;
    for (const [label, input] of inputs) {
      for (const full of [false, true]) {
        const name = `${scheme}@${file.replace(/\.json$/, "")}.${label}${full ? ".full" : ""}`;
        const rejects = join(out, `${name}.rejects.ndjson`);
        let stdout: Buffer;
        try {
          stdout = execFileSync("node", ["dist/cli.js", "evaluate", "--ruleset", ruleset, "--as-of", asOf, ...(full ? ["--full"] : []), "--rejects", rejects, input], { maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "ignore"] });
        } catch (e) {
          stdout = (e as { stdout: Buffer }).stdout;
        }
        writeFileSync(join(out, `${name}.ndjson`), stdout);
        for (const f of [`${name}.ndjson`, `${name}.rejects.ndjson`]) {
          manifest.push(`${createHash("sha256").update(readFileSync(join(out, f))).digest("hex")}  ${f}`);
        }
      }
    }
  }
}
writeFileSync(join(out, "MANIFEST"), manifest.join("\n") + "\n");
console.log(`${manifest.length} files in ${out}/MANIFEST`);
