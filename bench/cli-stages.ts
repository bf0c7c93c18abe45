/**
 * The CPU split of `evaluate` (run by `bench/cli-throughput.ts`, bundled with esbuild into
 * `.tmp/cli-bench/stages.mjs` so that it measures plain esbuild output as `dist/cli.js` is).
 *
 * One run does the CLI's own stage functions over the whole file, a chunk of whole lines at a
 * time (src/cli/chunks.ts, as `evaluate` reads a file), up to a given stage, and prints the
 * process's CPU seconds (`process.resourceUsage()`: user + system, every thread, so the garbage
 * collector's helper threads count too):
 *   read     — the bytes read from the file, decoded and split into lines;
 *   parse    — … and each line's JSON parsed (`chunkRows`, which decodes and splits as well);
 *   grade    — … and each row graded, its result line not wanted (`emit: false`);
 *   serialise— … and the row's result line written as UTF-8 into the chunk's sink, its bytes taken;
 *   write    — … and the chunk's output written to the output file.
 * `bench/cli-throughput.ts` runs one process per stage and takes the differences: each stage's
 * CPU includes the garbage collection its own allocations cause, which an interleaved timer per
 * stage would charge to whichever stage the collector happened to interrupt.
 * Prints one JSON line: `{ upTo, rows, cpuSeconds, sink }`.
 *
 * Usage: node stages.mjs <ruleset.json> <as-of> <subjects.ndjson> <out> <read|parse|grade|serialise|write>
 * @module
 */
import { closeSync, openSync, readFileSync, writeSync } from "node:fs";
import { compileRuleset } from "../src/index.js";
import { newTally, rowGrader } from "../src/cli/evaluate.js";
import { chunkBatch, chunkLines, chunkRows, readChunks } from "../src/cli/chunks.js";
import { DEFAULT_MAX_LINE_BYTES } from "../src/cli/lines.js";
import { ndjsonRow } from "../src/cli/io.js";
import { ByteSink } from "../src/cli/byte-sink.js";

const STAGES = ["read", "parse", "grade", "serialise", "write"] as const;

const [rulesetFile, asOf, subjectsFile, outFile, upToArg] = process.argv.slice(2) as [string, string, string, string, string];
const upTo = STAGES.indexOf(upToArg as (typeof STAGES)[number]);
if (upTo < 0) throw new Error(`stages: the last argument must be one of ${STAGES.join(", ")}, received ${upToArg}`);
const compiled = compileRuleset(JSON.parse(readFileSync(rulesetFile, "utf8")) as unknown);
const grade = rowGrader(compiled, asOf, { full: false, emit: upTo >= 3 });
const tally = newTally(compiled);
const lines = new ByteSink();
const cpu = (): number => {
  const u = process.resourceUsage();
  return (u.userCPUTime + u.systemCPUTime) / 1e6;
};

const t0 = cpu();
const output = upTo >= 4 ? openSync(outFile, "w") : -1;
let rows = 0;
let sink = 0;
// As `evaluate` on a file: chunks of whole lines (chunks.ts), each decoded, parsed, graded and serialised at once.
for await (const c of readChunks(subjectsFile, DEFAULT_MAX_LINE_BYTES)) {
  if (upTo === 0) {
    // Read and decode: the chunk's text (Latin-1, as chunkRows reads a valid UTF-8 chunk) cut into lines.
    const lines = chunkLines(c.bytes.toString("latin1"));
    for (const l of lines) if (l !== "") rows++;
    sink += lines.length;
    continue;
  }
  const parsed = chunkRows(chunkBatch(c, DEFAULT_MAX_LINE_BYTES), ndjsonRow);
  rows += parsed.length;
  if (upTo === 1) {
    sink += parsed.length;
    continue;
  }
  for (const row of parsed) grade(row, tally, lines);
  if (upTo === 2) {
    sink += lines.pos;
    continue;
  }
  const bytes = lines.take();
  sink += bytes.length;
  if (upTo >= 4) writeSync(output, bytes);
}
if (output >= 0) closeSync(output);
process.stdout.write(`${JSON.stringify({ upTo: STAGES[upTo], rows, cpuSeconds: cpu() - t0, sink })}\n`);
