/**
 * `npm run bench`: grades two workloads, each a ruleset and a seeded population of 100,000
 * subjects, and compares every path with a hand-written JavaScript function of the same
 * ruleset:
 *   - "records" (`records.ts`): 20 indicators in points mode, dated records, 13 derived facts,
 *     13 rules;
 *   - "scorecard" (`scorecard/`): 20 indicators in weights mode, every scoring type and
 *     missing-input policy, 13 rules, no records and no derived facts.
 * The paths: (a) `compiled.grade` (validated with reason codes; `validate: false`; like for
 * like: `validate: false, maxReasons: 0`; `codegen: false`); (b) `compiled.evaluate` (also
 * `validate: false`, `trace: true`); (c) json-rules-engine through `toJsonRulesEngine` (jre.ts);
 * (d) @gorules/zen-engine with an equivalent JDM graph; (e) the hand-written function.
 *
 * Each workload runs in a process of its own (`run-workload.ts`: agreement first, exit 1 on
 * any disagreement, then timing and allocation); this process prints the machine, then both
 * workloads side by side with their ratios to the hand-written function and the targets of
 * issue #13 met or missed (reported, not asserted).
 *
 * Options: --workload=records|scorecard|both (default both), --subjects=N (default 100000),
 * --subset=N (JRE/ZEN, default 2000), --runs=N (default 7), --only=a,b,… (path keys: hand,
 * grade, grade-nv, grade-bare, grade-closures, evaluate, evaluate-nv, trace, jre, zen,
 * zen-batch; "-nv": with `validate: false`). Run with --expose-gc for the memory columns (the
 * npm script does).
 * @module
 */
import { execSync, fork } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, totalmem } from "node:os";
import { selfCheck } from "./alloc.js";
import { libSource } from "./lib.js";
import type { WorkloadSummary } from "./run-workload.js";
import { fmt, parseArgs } from "./stats.js";

const args = parseArgs(process.argv.slice(2));
const which = args.get("workload") ?? "both";
const keys = which === "both" ? ["records", "scorecard"] : [which];
if (!keys.every((k) => k === "records" || k === "scorecard")) throw new Error(`bench: --workload must be records, scorecard or both, received ${which}`);
const require = createRequire(import.meta.url);
const version = (pkg: string): string => {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;
  } catch {
    return "not installed";
  }
};

// ---------------------------------------------------------------- machine
let nproc = String(cpus().length);
try {
  nproc = execSync("nproc").toString().trim();
} catch {
  /* not Linux */
}
console.log(`# credit-grading benchmark`);
console.log(`machine: ${nproc} CPUs (nproc), ${cpus()[0]?.model ?? "unknown"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
console.log(`library: ${libSource}`);
console.log(`node ${process.version}, json-rules-engine ${version("json-rules-engine")}, @gorules/zen-engine ${version("@gorules/zen-engine")}`);
console.log(
  `workloads ${keys.join(", ")}; subjects ${args.get("subjects") ?? 100_000}, JRE/ZEN subset ${args.get("subset") ?? 2_000}, runs ${args.get("runs") ?? 7} (median after warm-up), gc ${"gc" in globalThis ? "exposed" : "not exposed"}`,
);
const check = await selfCheck();
console.log(
  check
    ? `allocation method check: { a, b } ${check.pair.toFixed(1)} B/call, [x, y, z] ${check.triple.toFixed(1)} B/call (40 and 72 on x64; see bench/alloc.ts)${
        Math.abs(check.pair - 40) > 1 || Math.abs(check.triple - 72) > 1 ? " — OFF: do not trust the allocation columns of this run" : ""
      }`
    : "allocation: not measured without --expose-gc",
);

// ---------------------------------------------------------------- workloads, one process each
const summaries: WorkloadSummary[] = [];
const passOn = process.argv.slice(2).filter((a) => !a.startsWith("--workload"));
for (const key of keys) {
  const child = fork(new URL("./run-workload.ts", import.meta.url), [...passOn, `--workload=${key}`], { execArgv: process.execArgv });
  child.on("message", (m) => summaries.push(m as WorkloadSummary));
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0) {
    console.error(`bench: the ${key} workload failed (exit ${code})`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------- side by side
const ratio = (s: WorkloadSummary, key: string) => (s.ns[key] ?? Number.NaN) / (s.ns["hand"] ?? Number.NaN);
console.log(`\n## Side by side: ns/subject (median) and × hand-written\n`);
console.log(`| path | ${summaries.map((s) => `${s.key} | ×`).join(" | ")} |`);
console.log(`|---|${summaries.map(() => "---:|---:").join("|")}|`);
for (const { key, label } of summaries[0]?.paths ?? []) {
  console.log(`| ${label} | ${summaries.map((s) => (s.ns[key] === undefined ? "n/a | n/a" : `${fmt(s.ns[key])} | ${ratio(s, key).toFixed(2)}×`)).join(" | ")} |`);
}

const verdict = (value: number, ok: boolean, text: string) => (Number.isNaN(value) ? "not measured" : `${text} — ${ok ? "met" : "MISSED"}`);
const times = (s: WorkloadSummary, key: string, max: number) => {
  const x = ratio(s, key);
  return verdict(x, x <= max, `${x.toFixed(2)}×`);
};
// Measured to the byte (alloc.ts); under 8 B a call is no allocation.
const allocationTarget = (s: WorkloadSummary) => {
  const a = s.alloc["grade"];
  if (!a) return "not measured";
  const beyond = a.allocated - a.result;
  return verdict(beyond, beyond < 8, `${Math.round(beyond)} B/call beyond a ${Math.round(a.result)} B result (${Math.round(a.allocated)} B allocated)`);
};
const targets: [string, (s: WorkloadSummary) => string][] = [
  ["`grade` (validated, reason codes) ≤ 2× hand-written", (s) => times(s, "grade", 2)],
  ["`grade` like for like (`validate: false, maxReasons: 0`) ≤ 1.5× hand-written", (s) => times(s, "grade-bare", 1.5)],
  ["`evaluate` ≤ 10× hand-written", (s) => times(s, "evaluate", 10)],
  ["no allocation per `grade` call besides its result", allocationTarget],
  ["compile ≤ 10 ms (warm, median)", (s) => verdict(s.compileMs, s.compileMs <= 10, `${s.compileMs.toFixed(2)} ms`)],
];
console.log(`\n## Targets (issue #13; reported, not asserted)\n`);
console.log(`| target | ${summaries.map((s) => s.key).join(" | ")} |`);
console.log(`|---|${summaries.map(() => "---").join("|")}|`);
for (const [name, of] of targets) console.log(`| ${name} | ${summaries.map(of).join(" | ")} |`);
for (const s of summaries) {
  const peers = ["jre", "zen", "zen-batch"].filter((k) => s.ns[k] !== undefined && s.ns["grade"] !== undefined);
  if (peers.length > 0) console.log(`${s.key}: ${peers.map((k) => `${k} ÷ grade ${Math.round(s.ns[k]! / s.ns["grade"]!)}×`).join(", ")}`);
}
