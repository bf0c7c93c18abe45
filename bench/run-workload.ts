/**
 * One workload of `npm run bench`, in a process of its own (`run.ts` starts one per workload,
 * so that neither workload's JIT feedback shapes the other's): validate and compile the
 * ruleset (compile time warm, median of 21), generate the population, check that every path
 * agrees with the hand-written function (exit 1 if not), time the paths (one warm-up pass,
 * then `--runs` passes with the paths interleaved, median), measure the retained heap of one
 * pass's results and the allocation per call of the `grade` paths (`alloc.ts`), print the
 * tables, and send a summary to `run.ts`.
 *
 * Options (passed on by run.ts): --workload=records|scorecard, --subjects=N, --subset=N,
 * --runs=N, --only=a,b,…
 * @module
 */
import { type Allocation, allocation } from "./alloc.js";
import { checkAgreement } from "./agreement.js";
import { lib } from "./lib.js";
import { checksum, type Graders, type Path, pathsOf } from "./paths.js";
import { recordsWorkload } from "./records.js";
import { scorecardWorkload } from "./scorecard/workload.js";
import { fmt, median, parseArgs } from "./stats.js";
import type { Outcome, Subject } from "./workload.js";
import { loadZen } from "./zen-jdm.js";

/** What a workload's process reports to `run.ts`. */
export interface WorkloadSummary {
  readonly key: string;
  readonly title: string;
  readonly compileMs: number;
  /** The paths timed, in order. */
  readonly paths: { readonly key: string; readonly label: string }[];
  /** Median ns per subject by path key. */
  readonly ns: Record<string, number>;
  /** Bytes per call by path key, for the paths measured. */
  readonly alloc: Record<string, Allocation>;
}

const args = parseArgs(process.argv.slice(2));
const w = [recordsWorkload, scorecardWorkload].find((x) => x.key === args.get("workload"));
if (!w) throw new Error(`bench: --workload must be records or scorecard, received ${args.get("workload")}`);
const N = Number(args.get("subjects") ?? 100_000);
const SUBSET = Number(args.get("subset") ?? 2_000);
const RUNS = Number(args.get("runs") ?? 7);
const only = args.get("only")?.split(",");
const gc = (globalThis as { gc?: () => void }).gc;

console.log(`\n## Workload: ${w.title}\n`);

// ---------------------------------------------------------------- validate, compile
const { diagnostics } = lib.validateRuleset(w.ruleset);
const errors = diagnostics.filter((d) => d.severity === "error");
console.log(`validateRuleset: ${errors.length} errors, ${diagnostics.length - errors.length} warnings or notes${diagnostics.map((d) => `\n  ${lib.formatDiagnostic(d)}`).join("")}`);
if (errors.length > 0) process.exit(1);
let compiled = lib.compileRuleset(w.ruleset);
// The first compile paid for loading the schemas; time fresh compiles now.
const compileTimes: number[] = [];
for (let i = 0; i < 21; i++) {
  const t = process.hrtime.bigint();
  compiled = lib.compileRuleset(structuredClone(w.ruleset));
  compileTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
}
const compileMs = median(compileTimes);
console.log(`compile (warm): median ${compileMs.toFixed(2)} ms, max ${Math.max(...compileTimes).toFixed(2)} ms over ${compileTimes.length} compiles; code generation ${compiled.codegen ? "on" : "refused by the platform (closures)"}`);

// ---------------------------------------------------------------- data, graders
let t0 = performance.now();
const population: readonly Subject[] = w.generate(N);
const more = w.describe(population);
console.log(`generated ${N.toLocaleString("en")} subjects in ${(performance.now() - t0).toFixed(0)} ms${more ? `; ${more}` : ""}, as of ${w.asOf}`);
const step = Math.max(1, Math.floor(N / SUBSET));
const subsetIdx = population.map((_, i) => i).filter((i) => i % step === 0).slice(0, SUBSET);
const zenLoaded = await loadZen();
let zen: ((s: Subject) => Promise<Outcome>) | undefined;
if ("decision" in zenLoaded) {
  const decide = zenLoaded.decision(w.zen.graph());
  zen = async (s) => w.zen.outcome(await decide(s));
} else console.log(`@gorules/zen-engine unavailable: ${zenLoaded.problem}`);
const graders: Graders = {
  compiled,
  closures: lib.compileRuleset(w.ruleset, undefined, { codegen: false }),
  asOf: w.asOf,
  hand: w.hand,
  jre: w.jre(compiled),
  zen,
};

// ---------------------------------------------------------------- agreement
t0 = performance.now();
const { problems, grades } = await checkAgreement(graders, population, subsetIdx);
if (problems.length > 0) {
  console.error(`DISAGREEMENT (${w.key}) — the paths do not give the hand-written function's grade and score:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
const dist = Object.entries(grades)
  .sort()
  .map(([g, n]) => `${g === "null" ? "not gradable" : g} ${n.toLocaleString("en")}`)
  .join(", ");
console.log(
  `agreement: all paths give the hand-written grade${w.key === "scorecard" ? " and score" : ""} for all ${N.toLocaleString("en")} subjects (JRE${zen ? " and ZEN" : ""} on ${subsetIdx.length.toLocaleString("en")}) in ${((performance.now() - t0) / 1000).toFixed(1)} s; grades ${dist}`,
);

// ---------------------------------------------------------------- timing
const subset = subsetIdx.map((i) => population[i]!);
const selected = pathsOf(graders, population, subset).filter((p) => only === undefined || only.includes(p.key));
const times = new Map<string, number[]>(selected.map((p) => [p.key, []]));
const rssDelta = new Map<string, number>(selected.map((p) => [p.key, 0]));
const timeOnce = async (p: Path): Promise<number> => {
  gc?.();
  const rss0 = process.memoryUsage.rss();
  const t = process.hrtime.bigint();
  await p.run(p.list);
  const ns = Number(process.hrtime.bigint() - t) / p.list.length;
  rssDelta.set(p.key, Math.max(rssDelta.get(p.key)!, process.memoryUsage.rss() - rss0));
  return ns;
};
// Warm-up: one full pass each (JIT), not counted.
for (const p of selected) await timeOnce(p);
for (let r = 0; r < RUNS; r++) for (const p of selected) times.get(p.key)!.push(await timeOnce(p));

// ---------------------------------------------------------------- memory
// Allocation per call first: holding a pass's results below makes V8 pretenure their
// allocation sites, after which new results go to the old space, which heapUsed counts by the
// buffer, not by the object.
const alloc: Record<string, Allocation> = {};
for (const p of selected) {
  const a = p.call && (await allocation(p.call));
  if (a) alloc[p.key] = a;
}
// Retained heap: the results of one pass held in an array, after a full GC.
const retained = new Map<string, number>();
if (gc) {
  for (const p of selected) {
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const kept = await p.keep(p.list);
    gc();
    retained.set(p.key, (process.memoryUsage().heapUsed - h0) / p.list.length);
    if (kept.length !== p.list.length) throw new Error("bench: a pass lost results");
  }
}

// ---------------------------------------------------------------- report
const ns = Object.fromEntries(selected.map((p) => [p.key, median(times.get(p.key)!)]));
const handNs = ns["hand"] ?? Number.NaN;
console.log(`\n| path | subjects | ns/subject (median of ${RUNS}) | min–max | × hand-written | subjects/s | retained heap B/subject | RSS growth during a run |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
for (const p of selected) {
  const ts = times.get(p.key)!;
  const m = ns[p.key]!;
  const kept = retained.get(p.key);
  console.log(
    `| ${p.label} | ${p.list.length.toLocaleString("en")} | ${fmt(m)} | ${fmt(Math.min(...ts))}–${fmt(Math.max(...ts))} | ${(m / handNs).toFixed(2)}× | ${Math.round(1e9 / m).toLocaleString("en")} | ${kept === undefined ? "n/a" : kept < 16 ? "≈0" : Math.round(kept).toLocaleString("en")} | ${(rssDelta.get(p.key)! / 2 ** 20).toFixed(1)} MiB |`,
  );
}
if (Object.keys(alloc).length > 0) {
  console.log(`\n| path | allocated B/call | its result B | beyond the result B/call |`);
  console.log(`|---|---:|---:|---:|`);
  for (const p of selected) {
    const a = alloc[p.key];
    if (a) console.log(`| ${p.label} | ${Math.round(a.allocated)} | ${Math.round(a.result)} | ${Math.round(a.allocated - a.result)} |`);
  }
} else console.log(`\nallocation: not measured (run with --expose-gc, as npm run bench does)`);
console.log(`checksum ${checksum()}`);

const summary: WorkloadSummary = { key: w.key, title: w.title, compileMs, paths: selected.map(({ key, label }) => ({ key, label })), ns, alloc };
// The IPC channel keeps this process alive: let go of it once the summary is sent.
if (process.send) process.send(summary, () => process.disconnect());
