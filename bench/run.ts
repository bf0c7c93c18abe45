/**
 * `npm run bench`: grades a seeded population of 100,000 subjects with the benchmark ruleset
 * in one process, by
 *   (a) the compiled evaluator's lean path, `compiled.grade` (no explanation);
 *   (b) the full `compiled.evaluate` (explanation), and with `trace: true`;
 *   (c) json-rules-engine through `toJsonRulesEngine` (see jre.ts for how the grade is made);
 *   (d) @gorules/zen-engine with an equivalent JDM graph (see zen.ts);
 *   (e) a hand-written JavaScript function (see handwritten.ts).
 * It first checks that all of them give the same grade for every subject (JRE and ZEN on a
 * fixed subset) and exits 1 on any disagreement; then it times each path (warm-up, then the
 * median of several runs, paths interleaved), consuming every result into a checksum.
 *
 * Options: --subjects=N (default 100000), --subset=N (JRE/ZEN, default 2000), --runs=N
 * (default 7), --only=a,b,… (path keys: grade, grade-nv, grade-bare, grade-closures, evaluate, evaluate-nv, trace, hand, jre,
 * zen, zen-batch; "-nv": with `validate: false`).
 * Run with --expose-gc for the retained-heap column (the npm script does).
 * @module
 */
import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { createRequire } from "node:module";
import { lib, libSource } from "./lib.js";
import { generatePopulation, type BenchSubject } from "./population.js";
import { handwritten } from "./handwritten.js";
import { jreGrader } from "./jre.js";
import { BENCH_AS_OF, benchRuleset } from "./ruleset.js";
import { zenDecision } from "./zen.js";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const N = Number(args.get("subjects") ?? 100_000);
const SUBSET = Number(args.get("subset") ?? 2_000);
const RUNS = Number(args.get("runs") ?? 7);
const only = args.get("only")?.split(",");
const want = (key: string) => only === undefined || only.includes(key);
const gc = (globalThis as { gc?: () => void }).gc;
const require = createRequire(import.meta.url);
const version = (pkg: string): string => (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version;

// ---------------------------------------------------------------- machine
const cpuModel = cpus()[0]?.model ?? "unknown";
let nproc = String(cpus().length);
try {
  nproc = execSync("nproc").toString().trim();
} catch {
  /* not Linux */
}
console.log(`# credit-grading benchmark`);
console.log(`machine: ${nproc} CPUs (nproc), ${cpuModel}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`);
console.log(`library: ${libSource}`);
console.log(`node ${process.version}, json-rules-engine ${version("json-rules-engine")}, @gorules/zen-engine ${tryVersion("@gorules/zen-engine")}`);
console.log(`subjects ${N}, JRE/ZEN subset ${SUBSET}, runs ${RUNS} (median after warm-up), as of ${BENCH_AS_OF}, gc ${gc ? "exposed" : "not exposed"}`);

function tryVersion(pkg: string): string {
  try {
    return version(pkg);
  } catch {
    return "not installed";
  }
}

// ---------------------------------------------------------------- compile
const compileTimes: number[] = [];
let compiled = lib.compileRuleset(benchRuleset);
{
  // The first compile above paid for loading zod schemas; time fresh compiles now.
  for (let i = 0; i < 21; i++) {
    const t = process.hrtime.bigint();
    compiled = lib.compileRuleset(structuredClone(benchRuleset));
    compileTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
}
const compileMedian = median(compileTimes);
console.log(`compile: median ${compileMedian.toFixed(2)} ms, max ${Math.max(...compileTimes).toFixed(2)} ms over ${compileTimes.length} compiles (target < 50 ms)`);

// ---------------------------------------------------------------- data
let t0 = performance.now();
const population = generatePopulation(N);
console.log(`generated ${N} subjects in ${(performance.now() - t0).toFixed(0)} ms; ${population.reduce((n, s) => n + s.records.length, 0)} records`);
const step = Math.max(1, Math.floor(N / SUBSET));
const subset = population.filter((_, i) => i % step === 0).slice(0, SUBSET);
const opts = { asOf: BENCH_AS_OF } as const;
// The bench population is valid (the agreement step checks that validate:false changes nothing).
const trusted = { asOf: BENCH_AS_OF, validate: false } as const;
// No checks and no reason codes: what the hand-written function does (grade, score, rules, measures only).
const bare = { asOf: BENCH_AS_OF, validate: false, maxReasons: 0 } as const;
// The same ruleset without the generated kernels (src/_kernel*.ts): the closures.
const closures = lib.compileRuleset(benchRuleset, undefined, { codegen: false });
console.log(`code generation: ${compiled.codegen ? "on" : "refused by the platform (closures)"}`);
const hand = handwritten(BENCH_AS_OF);
const jre = jreGrader(compiled, BENCH_AS_OF, hand);
let zen: ((s: BenchSubject) => Promise<string | null>) | undefined;
let zenBatch: ((list: readonly BenchSubject[]) => Promise<(string | null)[]>) | undefined;
let zenProblem: string | undefined;
try {
  // Not a devDependency: its optional platform packages are not all on the registry CI reaches, which
  // breaks `npm ci`. The bench script installs it without saving (see package.json "bench").
  const zenModule = "@gorules/zen-engine";
  const { ZenEngine } = (await import(zenModule)) as {
    ZenEngine: new () => { createDecision(content: never): { evaluate(input: never): Promise<{ result: unknown }> } };
  };
  const decision = new ZenEngine().createDecision(zenDecision(BENCH_AS_OF) as never);
  zen = async (s) => ((await decision.evaluate(s as never)).result as { grade?: string | null }).grade ?? null;
  zenBatch = async (list) => Promise.all(list.map((s) => zen!(s)));
} catch (e) {
  zenProblem = e instanceof Error ? e.message : String(e);
  console.log(`@gorules/zen-engine unavailable: ${zenProblem}`);
}

// ---------------------------------------------------------------- agreement
t0 = performance.now();
const reference = population.map((s) => hand.grade(s));
const problems: string[] = [];
const check = (path: string, i: number, got: string | null) => {
  if (got !== reference[i] && problems.length < 20) problems.push(`${path}: subject ${population[i]!.id} got ${got}, hand-written ${reference[i]}`);
};
const dist: Record<string, number> = {};
for (let i = 0; i < N; i++) {
  const s = population[i]!;
  const lean = compiled.grade(s, opts);
  const full = compiled.evaluate(s, opts);
  const traced = compiled.evaluate(s, { ...opts, trace: true });
  check("grade", i, lean.grade);
  check("evaluate", i, full.grade);
  check("evaluate+trace", i, traced.grade);
  if (lean.score !== full.score) problems.push(`grade/evaluate score differ for ${s.id}`);
  if (JSON.stringify(compiled.grade(s, trusted)) !== JSON.stringify(lean)) problems.push(`grade with validate:false differs for ${s.id}`);
  if (JSON.stringify(closures.grade(s, opts)) !== JSON.stringify(lean)) problems.push(`grade with codegen: false differs for ${s.id}`);
  if (JSON.stringify(closures.evaluate(s, opts)) !== JSON.stringify(full)) problems.push(`evaluate with codegen: false differs for ${s.id}`);
  if (JSON.stringify({ ...compiled.grade(s, bare), reasons: lean.reasons }) !== JSON.stringify(lean)) problems.push(`grade with maxReasons: 0 differs for ${s.id}`);
  if (JSON.stringify(compiled.evaluate(s, trusted)) !== JSON.stringify(full)) problems.push(`evaluate with validate:false differs for ${s.id}`);
  dist[String(lean.grade)] = (dist[String(lean.grade)] ?? 0) + 1;
}
for (let k = 0; k < subset.length; k++) {
  const i = k * step;
  check("json-rules-engine", i, await jre(population[i]!));
  if (zen) check("zen-engine", i, await zen(population[i]!));
}
if (zenBatch) {
  const got = await zenBatch(subset);
  got.forEach((g, k) => check("zen-engine batch", k * step, g));
}
if (problems.length > 0) {
  console.error(`DISAGREEMENT — the paths do not give the same grade:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(
  `agreement: all paths give the same grade for all ${N} subjects (JRE${zen ? " and ZEN" : ""} on ${subset.length}) in ${((performance.now() - t0) / 1000).toFixed(1)} s; grades ${Object.entries(dist)
    .sort()
    .map(([g, n]) => `${g} ${n}`)
    .join(", ")}`,
);

// ---------------------------------------------------------------- timing
let sink = 0;
const consume = (g: string | null | undefined, score?: number | null) => {
  sink = (sink + (g ? g.charCodeAt(0) : 7) + (score ?? 0)) % 1_000_003;
};

interface Path {
  key: string;
  label: string;
  list: readonly BenchSubject[];
  run: (list: readonly BenchSubject[]) => void | Promise<void>;
  keep: (list: readonly BenchSubject[]) => unknown[] | Promise<unknown[]>;
}
const paths: Path[] = [
  {
    key: "hand",
    label: "(e) hand-written JavaScript",
    list: population,
    run: (list) => {
      for (let i = 0; i < list.length; i++) consume(hand.grade(list[i]!));
    },
    keep: (list) => list.map((s) => hand.grade(s)),
  },
  {
    key: "grade",
    label: "(a) compiled.grade (lean, no explanation)",
    list: population,
    run: (list) => {
      for (let i = 0; i < list.length; i++) {
        const r = compiled.grade(list[i]!, opts);
        consume(r.grade, r.score);
      }
    },
    keep: (list) => list.map((s) => compiled.grade(s, opts)),
  },
  {
    key: "grade-nv",
    label: "(a) compiled.grade, validate: false",
    list: population,
    run: (list) => {
      for (let i = 0; i < list.length; i++) {
        const r = compiled.grade(list[i]!, trusted);
        consume(r.grade, r.score);
      }
    },
    keep: (list) => list.map((s) => compiled.grade(s, trusted)),
  },
  {
    key: "grade-bare",
    label: "(a) compiled.grade, validate: false, maxReasons: 0 (like for like with (e))",
    list: population,
    run: (list) => {
      for (let i = 0; i < list.length; i++) {
        const r = compiled.grade(list[i]!, bare);
        consume(r.grade, r.score);
      }
    },
    keep: (list) => list.map((s) => compiled.grade(s, bare)),
  },
  {
    key: "grade-closures",
    label: "(a) compiled.grade, codegen: false (closures, no generated kernels)",
    list: population,
    run: (list) => {
      for (let i = 0; i < list.length; i++) {
        const r = closures.grade(list[i]!, opts);
        consume(r.grade, r.score);
      }
    },
    keep: (list) => list.map((s) => closures.grade(s, opts)),
  },
  {
    key: "evaluate",
    label: "(b) compiled.evaluate (full explanation)",
    list: population,
    run: (list) => {
      for (let i = 0; i < list.length; i++) {
        const r = compiled.evaluate(list[i]!, opts);
        consume(r.grade, r.indicators.length + r.reasons.length + r.score!);
      }
    },
    keep: (list) => list.map((s) => compiled.evaluate(s, opts)),
  },
  {
    key: "evaluate-nv",
    label: "(b) compiled.evaluate, validate: false",
    list: population,
    run: (list) => {
      for (let i = 0; i < list.length; i++) {
        const r = compiled.evaluate(list[i]!, trusted);
        consume(r.grade, r.indicators.length + r.reasons.length + r.score!);
      }
    },
    keep: (list) => list.map((s) => compiled.evaluate(s, trusted)),
  },
  {
    key: "trace",
    label: "(b) compiled.evaluate, trace: true",
    list: population,
    run: (list) => {
      for (let i = 0; i < list.length; i++) {
        const r = compiled.evaluate(list[i]!, { asOf: BENCH_AS_OF, trace: true });
        consume(r.grade, r.rules.length + r.score!);
      }
    },
    keep: (list) => list.map((s) => compiled.evaluate(s, { asOf: BENCH_AS_OF, trace: true })),
  },
  {
    key: "jre",
    label: "(c) json-rules-engine 2-phase + hand-written scoring",
    list: subset,
    run: async (list) => {
      for (let i = 0; i < list.length; i++) consume(await jre(list[i]!));
    },
    keep: async (list) => {
      const out: unknown[] = [];
      for (const s of list) out.push(await jre(s));
      return out;
    },
  },
];
if (zen && zenBatch) {
  const z = zen;
  const zb = zenBatch;
  paths.push(
    {
      key: "zen",
      label: "(d) zen-engine, awaited one by one",
      list: subset,
      run: async (list) => {
        for (let i = 0; i < list.length; i++) consume(await z(list[i]!));
      },
      keep: async (list) => {
        const out: unknown[] = [];
        for (const s of list) out.push(await z(s));
        return out;
      },
    },
    {
      key: "zen-batch",
      label: "(d) zen-engine, Promise.all per 100",
      list: subset,
      run: async (list) => {
        for (let i = 0; i < list.length; i += 100) for (const g of await zb(list.slice(i, i + 100))) consume(g);
      },
      keep: async (list) => zb(list),
    },
  );
}
const selected = paths.filter((p) => want(p.key));

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

// Retained heap: the results of one pass held in an array, after a full GC.
const retained = new Map<string, number>();
if (gc) {
  for (const p of selected) {
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const kept = await p.keep(p.list);
    gc();
    retained.set(p.key, (process.memoryUsage().heapUsed - h0) / p.list.length);
    consume(String(kept.length));
  }
}

const handNs = median(times.get("hand") ?? [Number.NaN]);
console.log("");
console.log(`| path | subjects | ns/subject (median of ${RUNS}) | min–max | × hand-written | subjects/s | retained heap B/subject | RSS growth during a run |`);
console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
for (const p of selected) {
  const ts = times.get(p.key)!;
  const m = median(ts);
  console.log(
    `| ${p.label} | ${p.list.length.toLocaleString("en")} | ${fmt(m)} | ${fmt(Math.min(...ts))}–${fmt(Math.max(...ts))} | ${(m / handNs).toFixed(2)}× | ${Math.round(1e9 / m).toLocaleString("en")} | ${retained.has(p.key) ? (retained.get(p.key)! < 16 ? "≈0" : Math.round(retained.get(p.key)!).toLocaleString("en")) : "n/a"} | ${(rssDelta.get(p.key)! / 2 ** 20).toFixed(1)} MiB |`,
  );
}
console.log("");
const ratio = (k: string) => median(times.get(k) ?? [Number.NaN]) / handNs;
if (times.has("grade")) console.log(`target lean ≤ 2× hand-written: ${ratio("grade").toFixed(2)}× — ${ratio("grade") <= 2 ? "met" : "MISSED"}`);
if (times.has("grade-nv")) console.log(`target lean ≤ 2× hand-written, validate: false: ${ratio("grade-nv").toFixed(2)}× — ${ratio("grade-nv") <= 2 ? "met" : "MISSED"}`);
if (times.has("grade-bare")) console.log(`target lean ≤ 2× hand-written, like for like (no checks, no reason codes): ${ratio("grade-bare").toFixed(2)}× — ${ratio("grade-bare") <= 2 ? "met" : "MISSED"}`);
if (times.has("evaluate")) console.log(`target full explanation ≤ 10× hand-written: ${ratio("evaluate").toFixed(2)}× — ${ratio("evaluate") <= 10 ? "met" : "MISSED"}`);
if (times.has("evaluate-nv")) console.log(`target full explanation ≤ 10× hand-written, validate: false: ${ratio("evaluate-nv").toFixed(2)}× — ${ratio("evaluate-nv") <= 10 ? "met" : "MISSED"}`);
for (const k of ["jre", "zen", "zen-batch"]) {
  if (times.has(k) && times.has("grade")) {
    const x = median(times.get(k)!) / median(times.get("grade")!);
    console.log(`${k} ÷ compiled.grade: ${Math.round(x)}× (target ≥ 200×) — ${x >= 200 ? "met" : "MISSED"}`);
  }
}
console.log(`compile ${compileMedian.toFixed(2)} ms — ${compileMedian < 50 ? "met" : "MISSED"} (target < 50 ms)`);
console.log(`checksum ${sink}`);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
function fmt(ns: number): string {
  return ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${Math.round(ns)} ns`;
}
