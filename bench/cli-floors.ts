/**
 * `npm run bench:floors` (not part of `npm test`): what one scorecard subject costs in each step
 * of `evaluate`, measured in one process on one core, beside the floors that bound them — so
 * that performance.md can say what keeps one core from 160,000 subjects a second (issue #16).
 *
 * The no-records scorecard population (`bench/scorecard/population.ts`, 100,000 subjects by
 * default) is written as NDJSON bytes in memory and taken a 1 MiB chunk of whole lines at a
 * time, as `evaluate` takes a file. Per chunk, each step runs over all its lines and is timed on
 * its own (µs per subject, the median of the rounds after a warm-up round):
 *   - touch: the chunk read as Latin-1 and split into lines, then a bare JavaScript loop reading
 *     every character of each line (`charCodeAt`): the least any parser written in JavaScript
 *     pays to look at a line once;
 *   - parse: `chunkRows` (src/cli/chunks.ts): the chunk read as Latin-1, split, the UTF-8 runs
 *     escaped and each line given to `JSON.parse`: what `evaluate` does;
 *   - scan: the lever issue #16 named, tried here and not in the library: a parser that reads a
 *     line's declared inputs straight into an array of slots (read and split as touch; no subject object; keys predicted
 *     in declared order, numbers read digit by digit, strings decoded through a cache). It is
 *     checked against `JSON.parse` on every line (same slots, or the line left to the usual path);
 *   - grade: `compiled.grade` on the parsed subjects (the lean result, subject checks included);
 *   - line: the compact result line (`lineWriter`, src/cli/result-line.ts) of each graded subject,
 *     written as UTF-8 into the chunk's sink (src/cli/byte-sink.ts);
 *   - take: the chunk's bytes taken from the sink (a buffer of their own), as `gradeBatch` does.
 *
 * Options: --subjects=N (default 100,000), --rounds=N (default 5).
 * @module
 */
import { compileRuleset, type GradeResult } from "../src/index.js";
import { chunkRows } from "../src/cli/chunks.js";
import { ndjsonRow } from "../src/cli/io.js";
import { lineWriter } from "../src/cli/result-line.js";
import { ByteSink } from "../src/cli/byte-sink.js";
import { compileLabelScale, labelPosition } from "../src/format/labels.js";
import { streamScorecardPopulation } from "./scorecard/population.js";
import { SCORECARD_AS_OF, scorecardRuleset } from "./scorecard/ruleset.js";

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=") as [string, string]));
const N = Number(args.get("subjects") ?? 100_000);
const ROUNDS = Number(args.get("rounds") ?? 5);

const compiled = compileRuleset(scorecardRuleset);
const writeLine = lineWriter(compiled);
const scale = compileLabelScale(compiled.ruleset.labels);
const out = new ByteSink();

// The population as chunks of whole lines of about 1 MiB, as readChunks cuts a file.
const chunks: Buffer[] = [];
{
  let lines: string[] = [];
  let size = 0;
  for (const s of streamScorecardPopulation(N)) {
    const l = `${JSON.stringify(s)}\n`;
    lines.push(l);
    size += Buffer.byteLength(l);
    if (size >= 1 << 20) {
      chunks.push(Buffer.from(lines.join("")));
      lines = [];
      size = 0;
    }
  }
  if (lines.length > 0) chunks.push(Buffer.from(lines.join("")));
}

// ------------------------------------------------------------------ the slot scanner (tried lever)

const inputs = (compiled.ruleset.inputs ?? []).map((d) => d.id);
const slotOf = new Map(inputs.map((id, i) => [id, i]));
const decoded = new Map<string, string>(); // Latin-1 text of a string's UTF-8 bytes → the string
const decode = (raw: string): string => {
  let v = decoded.get(raw);
  if (v === undefined) {
    v = Buffer.from(raw, "latin1").toString("utf8");
    if (decoded.size < 4096) decoded.set(raw, v);
  }
  return v;
};
const NO = Symbol("left to JSON.parse");

/**
 * Reads `{"id":"…","inputs":{…}}` with declared keys and primitive values into `slots`; any
 * other shape (escapes, nesting, unknown keys, spaces) is left to the usual path (`NO`).
 */
function scan(L: string, slots: unknown[]): string | typeof NO {
  if (!L.startsWith('{"id":"', 0)) return NO;
  let i = 7;
  const e = L.indexOf('"', i);
  if (e < 0) return NO;
  const id = L.slice(i, e);
  if (id.includes("\\")) return NO;
  i = e + 1;
  if (!L.startsWith(',"inputs":{', i)) return NO;
  i += 11;
  slots.fill(undefined);
  let expect = 0;
  for (;;) {
    if (L.charCodeAt(i) !== 34) return NO;
    let slot: number | undefined;
    const predicted = inputs[expect];
    if (predicted !== undefined && L.charCodeAt(i + 1 + predicted.length) === 34 && L.startsWith(predicted, i + 1)) {
      slot = expect;
      i += predicted.length + 2;
    } else {
      const ke = L.indexOf('"', i + 1);
      slot = slotOf.get(L.slice(i + 1, ke));
      if (slot === undefined) return NO;
      i = ke + 1;
    }
    expect = slot + 1;
    if (L.charCodeAt(i) !== 58) return NO;
    i++;
    const c = L.charCodeAt(i);
    let v: unknown;
    if (c === 34) {
      const ve = L.indexOf('"', i + 1);
      const raw = L.slice(i + 1, ve);
      if (raw.includes("\\")) return NO;
      v = decode(raw);
      i = ve + 1;
    } else if (c === 116 && L.startsWith("true", i)) {
      v = true;
      i += 4;
    } else if (c === 102 && L.startsWith("false", i)) {
      v = false;
      i += 5;
    } else if (c === 110 && L.startsWith("null", i)) {
      v = null;
      i += 4;
    } else {
      let j = i;
      let int = 0;
      for (let d = L.charCodeAt(j); d >= 48 && d <= 57; d = L.charCodeAt(++j)) int = int * 10 + (d - 48);
      const d = L.charCodeAt(j);
      if (j > i && j - i < 16 && d !== 46 && d !== 101 && d !== 69 && (L.charCodeAt(i) !== 48 || j === i + 1)) v = int;
      else {
        while (j < L.length && L.charCodeAt(j) !== 44 && L.charCodeAt(j) !== 125) j++;
        const text = L.slice(i, j);
        if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return NO;
        v = Number(text);
      }
      i = j;
    }
    slots[slot] = v;
    const t = L.charCodeAt(i++);
    if (t === 44) continue;
    if (t === 125) break;
    return NO;
  }
  return L.charCodeAt(i) === 125 && i + 1 === L.length ? id : NO;
}

// Every line the scanner reads must give JSON.parse's values (absent and null both nil).
function checkScan(lines: readonly string[], slots: unknown[]): number {
  let read = 0;
  for (const L of lines) {
    const id = scan(L, slots);
    if (id === NO) continue;
    read++;
    const o = JSON.parse(Buffer.from(L, "latin1").toString("utf8")) as { id: string; inputs: Record<string, unknown> };
    if (o.id !== id) throw new Error(`bench:floors: the scanner read id ${id}, JSON.parse ${o.id}`);
    inputs.forEach((k, s) => {
      const a = slots[s] ?? null;
      const b = o.inputs[k] ?? null;
      if (a !== b) throw new Error(`bench:floors: the scanner read ${k} = ${String(a)}, JSON.parse ${String(b)} (${o.id})`);
    });
  }
  return read;
}

// ------------------------------------------------------------------ the steps, timed

const STEPS = ["touch", "parse", "scan", "grade", "line", "take"] as const;
type Step = (typeof STEPS)[number];
const slots = new Array<unknown>(inputs.length);
let sink = 0;

function round(): Record<Step, number> {
  const ms: Record<Step, number> = { touch: 0, parse: 0, scan: 0, grade: 0, line: 0, take: 0 };
  let rows = 0;
  for (const bytes of chunks) {
    // touch and scan read the chunk as chunkRows does: Latin-1, split at line ends.
    const lines = (): string[] => {
      const ls = bytes.toString("latin1").split("\n");
      ls.pop();
      return ls;
    };
    let t = performance.now();
    let sum = 0;
    for (const L of lines()) for (let i = 0; i < L.length; i++) sum += L.charCodeAt(i);
    sink += sum & 1;
    ms.touch += performance.now() - t;

    t = performance.now();
    const parsed = chunkRows({ bytes, firstLine: 1, maxLineBytes: 1 << 24 }, ndjsonRow).map((r) => (r.ok ? r.subject : undefined));
    ms.parse += performance.now() - t;

    t = performance.now();
    let read = 0;
    for (const L of lines()) if (scan(L, slots) !== NO) read++;
    sink += read;
    ms.scan += performance.now() - t;

    t = performance.now();
    const graded: GradeResult[] = [];
    for (const s of parsed) graded.push(compiled.grade(s, { asOf: SCORECARD_AS_OF }));
    ms.grade += performance.now() - t;

    t = performance.now();
    for (let i = 0; i < graded.length; i++) {
      const g = graded[i]!;
      writeLine(i + 1, g, g.grade === null ? -1 : labelPosition(scale, g.grade, g.label ?? undefined), out);
    }
    ms.line += performance.now() - t;

    t = performance.now();
    sink += out.take().length;
    ms.take += performance.now() - t;
    rows += parsed.length;
  }
  return Object.fromEntries(STEPS.map((s) => [s, (ms[s] * 1000) / rows])) as Record<Step, number>;
}

const scanned = chunks.reduce((n, c) => {
  const lines = c.toString("latin1").split("\n");
  lines.pop();
  return n + checkScan(lines, slots);
}, 0);
console.log(`# credit-grading: the cost of each step of evaluate, one scorecard subject, one core`);
console.log(`node ${process.version}, ${N.toLocaleString("en")} subjects in ${chunks.length} chunks, ${ROUNDS} rounds after a warm-up; the scanner read ${scanned.toLocaleString("en")} of them (every value equal to JSON.parse's)`);
round();
const rounds = Array.from({ length: ROUNDS }, round);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log("");
console.log("| step | µs per subject (median) | rounds |");
console.log("|---|---:|---|");
for (const s of STEPS) console.log(`| ${s} | ${median(rounds.map((r) => r[s])).toFixed(2)} | ${rounds.map((r) => r[s].toFixed(2)).join(", ")} |`);
if (sink === 0) console.log("(nothing read)");
