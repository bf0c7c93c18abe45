/**
 * The main job through the command line (`npm run example` builds first, then runs this):
 *
 * 1. `credit-grading evaluate` grades every bundled subject with the public composite ruleset
 *    (公共信用综合评价), results and rejected rows to files, the grade distribution on stderr;
 * 2. the property-service subjects get their public composite score as the industry ruleset's
 *    `publicCompositeScore` input (Hegang plan 三(一)3), joined by line here, and
 *    `credit-grading evaluate` grades them with the industry ruleset (行业信用评价);
 * 3. `credit-grading explain` explains a few subjects, with what would reach the next grade.
 *
 * Every file it writes (results, rejected rows, the industry input) is kept in `.tmp/example/`.
 * Rejected rows are deliberate in the example data, so `evaluate` exits 1 (findings); any
 * other exit code stops the job. The library-only version is `examples/main-job.ts`.
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist/cli.js");
if (!existsSync(cli)) {
  process.stderr.write("dist/cli.js is missing: run `npm run build` first (`npm run example` does).\n");
  process.exit(2);
}
const AS_OF = "2025-12-31";
const DATA = "examples/data/subjects.ndjson";
// The files the job writes stay after it, for the reader to open: .tmp/example/ (ignored by git),
// emptied at the start of each run.
const tmp = join(root, ".tmp", "example");
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
const show = (p: string): string => (p.startsWith(root) ? relative(root, p) : p);

function run(args: string[], accept: readonly number[] = [0]): string {
  process.stdout.write(`\n$ credit-grading ${args.map(show).join(" ")}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 64 << 20 });
  if (r.status === null || !accept.includes(r.status)) {
    process.stderr.write(`credit-grading exited with ${r.status ?? r.signal}\n`);
    process.exit(r.status ?? 2);
  }
  process.stdout.write(r.stdout);
  return r.stdout;
}
const ndjson = (path: string): Record<string, unknown>[] =>
  readFileSync(path, "utf8").split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);

try {
  process.stdout.write(`信用分级分类监管 main job through the CLI: ${DATA}, as of ${AS_OF}\n`);

  // 1. Every subject, public composite ruleset.
  const pcOut = join(tmp, "public-composite.ndjson");
  const pcRejects = join(tmp, "public-composite.rejects.ndjson");
  run(["evaluate", "--ruleset", "hlj-public-composite@1.1.0", "--as-of", AS_OF, "--output", pcOut, "--rejects", pcRejects, DATA], [0, 1]);
  const rejects = ndjson(pcRejects);
  process.stdout.write(`First rejected rows (of ${rejects.length}, all in ${show(pcRejects)}):\n`);
  for (const r of rejects.slice(0, 3)) process.stdout.write(`  line ${r["line"]} ${r["id"] ?? "(no id)"}: ${r["code"]}: ${String(r["reason"]).slice(0, 100)}\n`);

  // 2. Property-service subjects, with their public composite score as an input.
  const pcByLine = new Map(ndjson(pcOut).map((r) => [r["line"] as number, r]));
  const lines = readFileSync(join(root, DATA), "utf8").split("\n");
  const industry: string[] = [];
  let notOffered = 0;
  lines.forEach((text, i) => {
    if (!text.includes('"property-services"')) return;
    const subject = JSON.parse(text) as { industry?: string; inputs?: Record<string, unknown> };
    if (subject.industry !== "property-services") return;
    const pc = pcByLine.get(i + 1);
    if (pc === undefined) return void notOffered++; // rejected by the public composite stage, listed above
    industry.push(JSON.stringify({ ...subject, inputs: { ...subject.inputs, publicCompositeScore: pc["score"] } }));
  });
  const indIn = join(tmp, "property-services.input.ndjson");
  writeFileSync(indIn, `${industry.join("\n")}\n`);
  process.stdout.write(`\n${industry.length} property-service subjects with their public composite score as "publicCompositeScore"${notOffered > 0 ? ` (${notOffered} rejected in stage 1 are not offered)` : ""}`);
  const indOut = join(tmp, "property-services.ndjson");
  run(["evaluate", "--ruleset", "hlj-property-services@1.1.0", "--as-of", AS_OF, "--output", indOut, "--rejects", join(tmp, "property-services.rejects.ndjson"), indIn], [0, 1]);

  // 3. A few subjects explained: a good one, a middling one that could move up, one set to E by a rule.
  const pc = [...pcByLine.values()];
  const pick = (f: (r: Record<string, unknown>) => boolean): Record<string, unknown> | undefined => pc.find(f);
  const picks = [
    pick((r) => r["grade"] === "C" && r["decidedBy"] === "score"),
    pick((r) => r["grade"] === "E" && r["decidedBy"] === "direct-judgment"),
  ];
  for (const [i, r] of picks.entries()) {
    if (r === undefined) continue;
    run(["explain", "--ruleset", "hlj-public-composite@1.1.0", "--as-of", AS_OF, "--line", String(r["line"]), "--locale", i === 0 ? "en" : "zh", DATA]);
  }
  const floored = ndjson(indOut).find((r) => (r["rules"] as string[]).includes("jinan-no-bad-information"));
  if (floored !== undefined) {
    run(["explain", "--ruleset", "hlj-property-services@1.1.0", "--as-of", AS_OF, "--id", String(floored["id"]), "--locale", "en", indIn]);
  }
} finally {
  process.stdout.write(`\nThe files written are kept in ${show(tmp)}/ (emptied by the next run).\n`);
}
