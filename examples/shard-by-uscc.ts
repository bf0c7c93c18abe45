/**
 * Grading one file as several processes, sharded by USCC range (see docs/scaling.md):
 *
 *   npx tsx examples/shard-by-uscc.ts <ruleset> <as-of> <subjects.ndjson> <out-dir> [shards]
 *
 * 1. Split: each line goes to the shard of its subject's unified social credit code, the codes
 *    cut into `shards` contiguous ranges of about as many subjects each (a USCC orders by
 *    registering authority, then administrative division: a range holds whole regions); a line
 *    without a USCC id (not JSON, no id) goes to shard 1, where it is rejected as it would be in
 *    one run. Each part keeps its lines in input order, and the original number of each.
 * 2. Grade: one `credit-grading evaluate` process per part, all at once (on one machine here; on
 *    several, each machine runs its part's command). Exit 0 or 1 (rows rejected) is a finished
 *    part; 2 stops the job, naming the part.
 * 3. Merge: every result and rejection line starts with `{"line":N,` — N, the line in its part,
 *    becomes the line in the whole file, and the parts' lines are merged by it: `results.ndjson`
 *    and `rejects.ndjson` are byte for byte what one process writes for the whole file, and the
 *    summary's counts are the parts' sums.
 * @module
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist/cli.js");
const [ruleset, asOf, input, outDir, shardArg] = process.argv.slice(2);
if (ruleset === undefined || asOf === undefined || input === undefined || outDir === undefined) {
  process.stderr.write("usage: tsx examples/shard-by-uscc.ts <ruleset> <as-of> <subjects.ndjson> <out-dir> [shards]\n");
  process.exit(2);
}
if (!existsSync(cli)) {
  process.stderr.write("dist/cli.js is missing: run `npm run build` first.\n");
  process.exit(2);
}
const shards = Number(shardArg ?? 4);
mkdirSync(outDir, { recursive: true });

// 1. Split into contiguous USCC ranges holding about as many subjects each: the bounds are the
// ids at the quantiles (a host that extracts from a database would query `uscc BETWEEN` them).
const USCC = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
const idOf = (line: string): string | undefined => {
  try {
    const id = (JSON.parse(line) as { id?: unknown }).id;
    return typeof id === "string" && USCC.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
};
const lines = readFileSync(input, "utf8").replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
const ids = lines.map((l) => (l.trim() === "" ? undefined : idOf(l)));
const sorted = [...new Set(ids.filter((id): id is string => id !== undefined))].sort();
// Shard k (k ≥ 1) starts at bounds[k - 1]; shard 0 also takes the lines without a USCC.
const bounds = Array.from({ length: shards - 1 }, (_, k) => sorted[Math.floor(((k + 1) * sorted.length) / shards)]!);
const shardOf = (id: string | undefined): number => (id === undefined ? 0 : bounds.filter((b) => id >= b).length);
const parts = Array.from({ length: shards }, () => ({ lines: [] as string[], numbers: [] as number[] }));
lines.forEach((line, i) => {
  if (line.trim() === "") return; // blank lines are skipped by evaluate too (their numbers stay)
  const p = parts[shardOf(ids[i])]!;
  p.lines.push(line);
  p.numbers.push(i + 1);
});

// 2. Grade each part in its own process.
interface Summary {
  rows: number;
  graded: number;
  notGradable: number;
  rejected: number;
  distribution: Record<string, number>;
}
const graded = await Promise.all(
  parts.map(async (p, k) => {
    const file = join(outDir, `part-${k + 1}.ndjson`);
    writeFileSync(file, p.lines.length > 0 ? `${p.lines.join("\n")}\n` : "");
    const out = join(outDir, `part-${k + 1}.results.ndjson`);
    const rejects = join(outDir, `part-${k + 1}.rejects.ndjson`);
    const child = spawn(process.execPath, [cli, "evaluate", "-r", ruleset, "--as-of", asOf, "--json", "-o", out, "--rejects", rejects, file], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const [code] = (await once(child, "close")) as [number | null];
    if (code !== 0 && code !== 1) throw new Error(`part ${k + 1} (${file}) failed with exit code ${code}: ${stderr}`);
    const summary = JSON.parse(stderr.split("\n").find((l) => l.startsWith("{"))!) as Summary;
    return { out, rejects, summary, numbers: p.numbers };
  }),
);

// 3. Merge by the original line number.
const renumber = (text: string, numbers: readonly number[]): { line: number; text: string }[] =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const m = /^\{"line":(\d+),/.exec(l);
      if (m === null) throw new Error(`a line without its number: ${l.slice(0, 80)}`);
      const line = numbers[Number(m[1]) - 1]!;
      return { line, text: `{"line":${line},${l.slice(m[0].length)}` };
    });
const merge = (pick: (g: (typeof graded)[number]) => string): string =>
  graded
    .flatMap((g) => renumber(readFileSync(pick(g), "utf8"), g.numbers))
    .sort((a, b) => a.line - b.line)
    .map((l) => `${l.text}\n`)
    .join("");
writeFileSync(join(outDir, "results.ndjson"), merge((g) => g.out));
writeFileSync(join(outDir, "rejects.ndjson"), merge((g) => g.rejects));
const total: Summary = { rows: 0, graded: 0, notGradable: 0, rejected: 0, distribution: {} };
for (const { summary: s } of graded) {
  total.rows += s.rows;
  total.graded += s.graded;
  total.notGradable += s.notGradable;
  total.rejected += s.rejected;
  for (const [g, n] of Object.entries(s.distribution)) total.distribution[g] = (total.distribution[g] ?? 0) + n;
}
writeFileSync(join(outDir, "summary.json"), `${JSON.stringify(total)}\n`);
process.stdout.write(`${shards} parts (${parts.map((p) => p.lines.length).join(", ")} lines): ${JSON.stringify(total)}\n`);
