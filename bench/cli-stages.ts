/**
 * The CPU split of `evaluate` (run by `bench/cli-throughput.ts`, bundled with esbuild into
 * `.tmp/cli-bench/stages.mjs` so that it measures plain esbuild output as `dist/cli.js` is).
 *
 * One run does the CLI's own stage functions over the whole file, a 1 MiB chunk at a time, up to
 * a given stage, and prints the process's CPU seconds (`process.resourceUsage()`: user + system,
 * every thread, so the garbage collector's helper threads count too):
 *   read     — the bytes read from the file, decoded and split into lines;
 *   parse    — … and each line's JSON parsed;
 *   grade    — … and each row graded, its result line not wanted (`emit: false`);
 *   serialise— … and the row's result line written into the chunk's output text;
 *   write    — … and the chunk's output written to the output file.
 * `bench/cli-throughput.ts` runs one process per stage and takes the differences: each stage's
 * CPU includes the garbage collection its own allocations cause, which an interleaved timer per
 * stage would charge to whichever stage the collector happened to interrupt.
 * Prints one JSON line: `{ upTo, rows, cpuSeconds, sink }`.
 *
 * Usage: node stages.mjs <ruleset.json> <as-of> <subjects.ndjson> <out> <read|parse|grade|serialise|write>
 * @module
 */
import { closeSync, openSync, readFileSync, readSync, writeSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { compileRuleset } from "../src/index.js";
import { newTally, rowGrader } from "../src/cli/evaluate.js";
import { ndjsonRow } from "../src/cli/io.js";

const STAGES = ["read", "parse", "grade", "serialise", "write"] as const;

const [rulesetFile, asOf, subjectsFile, outFile, upToArg] = process.argv.slice(2) as [string, string, string, string, string];
const upTo = STAGES.indexOf(upToArg as (typeof STAGES)[number]);
if (upTo < 0) throw new Error(`stages: the last argument must be one of ${STAGES.join(", ")}, received ${upToArg}`);
const compiled = compileRuleset(JSON.parse(readFileSync(rulesetFile, "utf8")) as unknown);
const grade = rowGrader(compiled, asOf, { full: false, emit: upTo >= 3 });
const tally = newTally(compiled);
const cpu = (): number => {
  const u = process.resourceUsage();
  return (u.userCPUTime + u.systemCPUTime) / 1e6;
};

const t0 = cpu();
const input = openSync(subjectsFile, "r");
const output = upTo >= 4 ? openSync(outFile, "w") : -1;
const buf = Buffer.allocUnsafe(1 << 20);
const decoder = new StringDecoder("utf8");
let rest = "";
let lineNo = 0;
let rows = 0;
let sink = 0;
for (;;) {
  const n = readSync(input, buf, 0, buf.length, null);
  const text = rest + (n === 0 ? decoder.end() : decoder.write(buf.subarray(0, n)));
  const lines = text.split("\n");
  rest = n === 0 ? "" : lines.pop()!;
  let out = "";
  for (const l of lines) {
    if (l === "") continue;
    rows++;
    if (upTo === 0) {
      sink += l.length;
      continue;
    }
    const row = ndjsonRow(++lineNo, l);
    if (upTo === 1) {
      sink += row.ok ? 1 : 0;
      continue;
    }
    const r = grade(row, tally);
    if (typeof r === "string") out += r;
  }
  sink += out.length;
  if (upTo >= 4 && out !== "") writeSync(output, out);
  if (n === 0) break;
}
closeSync(input);
if (output >= 0) closeSync(output);
process.stdout.write(`${JSON.stringify({ upTo: STAGES[upTo], rows, cpuSeconds: cpu() - t0, sink })}\n`);
