/**
 * `npm run bench:cli` (not part of `npm test`): the command line's end-to-end throughput.
 * Generates the benchmark population (bench/population.ts, seed `credit-grading-bench-1`) as
 * NDJSON into `.tmp/cli-bench/` (streamed to the file, never held in memory; kept and reused
 * by later runs with the same count), then times
 *   node dist/cli.js evaluate -r <bench ruleset> --as-of 2025-12-31 --json -o <out> <subjects>
 * from spawn to exit, reporting subjects per second and the process's peak RSS (read in the
 * child by a preloaded module from `process.resourceUsage().maxRSS` at exit; worker threads
 * share the process, so their memory is included).
 *
 * Options: --subjects=N (default 1,000,000), --workers=1,2 (each value one run; `1` is the
 * in-process path; other values pass `--workers n`, unpinned), --runs=N (default 1), --one-core (pin the single-worker runs to CPU 0 with
 * `taskset`, when it exists; default on, `--one-core=false` to turn it off).
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { streamPopulation } from "./population.js";
import { BENCH_AS_OF, benchRuleset } from "./ruleset.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const N = Number(args.get("subjects") ?? 1_000_000);
const WORKERS = (args.get("workers") ?? "1").split(",").map(Number);
const RUNS = Number(args.get("runs") ?? 1);
const ONE_CORE = args.get("one-core") !== "false";
const cli = join(root, "dist/cli.js");
if (!existsSync(cli)) throw new Error("dist/cli.js is missing: run `npm run build` (npm run bench:cli does)");

const dir = join(root, ".tmp/cli-bench");
mkdirSync(dir, { recursive: true });
const rulesetFile = join(dir, "bench-ruleset.json");
writeFileSync(rulesetFile, JSON.stringify(benchRuleset));
const subjectsFile = join(dir, `subjects-${N}.ndjson`);
const outFile = join(dir, "out.ndjson");
const reporter = join(dir, "report-rss.mjs");
writeFileSync(reporter, `process.on("exit", () => { process.stderr.write("\\nMAXRSS_KB " + process.resourceUsage().maxRSS + "\\n"); });\n`);

if (!existsSync(subjectsFile) || !existsSync(`${subjectsFile}.done`)) {
  const t = performance.now();
  const out = createWriteStream(subjectsFile);
  let chunk = "";
  for (const s of streamPopulation(N)) {
    chunk += `${JSON.stringify(s)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
  writeFileSync(`${subjectsFile}.done`, "");
  console.log(`generated ${N.toLocaleString("en")} subjects in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
const bytes = statSync(subjectsFile).size;
const hasTaskset = spawnSync("taskset", ["--version"]).status === 0;
console.log(`# credit-grading CLI throughput`);
console.log(`node ${process.version}, ${cpus().length} CPUs, input ${subjectsFile} (${N.toLocaleString("en")} subjects, ${(bytes / 2 ** 20).toFixed(0)} MiB)`);
console.log(`command: node dist/cli.js evaluate -r bench-ruleset.json --as-of ${BENCH_AS_OF} --json -o out.ndjson [--workers n] subjects.ndjson`);
console.log("");
console.log("| workers | pinned | seconds | subjects/s | MiB/s in | peak RSS | exit |");
console.log("|---:|---|---:|---:|---:|---:|---|");

for (const w of WORKERS) {
  for (let r = 0; r < RUNS; r++) {
    const pin = ONE_CORE && w === 1 && hasTaskset;
    const cmd = [...(pin ? ["taskset", "-c", "0"] : []), process.execPath, "--import", reporter, cli, "evaluate", "-r", rulesetFile, "--as-of", BENCH_AS_OF, "--json", "-o", outFile];
    if (w !== 1) cmd.push("--workers", String(w));
    cmd.push(subjectsFile);
    const t = process.hrtime.bigint();
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d.length + stderr.length < 1 << 20 ? d : ""));
    const [code] = (await once(child, "close")) as [number];
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    const rss = Number(/MAXRSS_KB (\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1024;
    const summary = /\{"ruleset".*\}/.exec(stderr)?.[0];
    const rows = summary ? (JSON.parse(summary) as { rows: number }).rows : Number.NaN;
    if (rows !== N) console.error(`warning: the summary reports ${rows} rows, expected ${N}\n${stderr.slice(0, 2000)}`);
    console.log(
      `| ${w} | ${pin ? "CPU 0" : "no"} | ${s.toFixed(2)} | ${Math.round(N / s).toLocaleString("en")} | ${(bytes / 2 ** 20 / s).toFixed(1)} | ${rss.toFixed(0)} MiB | ${code} |`,
    );
  }
}
console.log("");
console.log(`targets: >= 100,000 subjects/s on one core; peak RSS < 300 MB`);
rmSync(outFile, { force: true });

