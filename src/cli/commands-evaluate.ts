/**
 * `credit-grading evaluate`: grades a stream of subjects (NDJSON or CSV) to NDJSON result lines,
 * in this thread or in worker threads (`--workers n`), with a summary of the grade distribution
 * and a progress line on a terminal.
 * @module
 */
import { statSync } from "node:fs";
import type { Readable } from "node:stream";
import { printable } from "./printable.js";
import { CLASS_NAMES, type CompiledRuleset, type Grade, gradeClass, GRADES, isIsoDate } from "../index.js";
import { compileLabelScale } from "../format/labels.js";
import { BIN, type Command, commandHelp, parseCommand, READ_FLAGS, READ_USAGE, readFlags, RULESET_DIR, rulesetFor } from "./args.js";
import { addTally, gradeBatch, newTally, rowGrader, takeLines, type Tally } from "./evaluate.js";
import { ByteSink } from "./byte-sink.js";
import { CliError, displayWidth, EXIT, formatOf, type InputFormat, jsonText, openInput, pad, type Paint, paintFor, readRawRowBatches, readRowBatches, type Rejection } from "./io.js";
import type { ReadOptions } from "./lines.js";
import { _csvResultHeader } from "./csv.js";
import { openOutput, Output, OUTPUT_ENCODINGS, type OutputEncoding, refuseClashes } from "./output.js";
import { chunkJobs, evaluateInWorkers, lineJobs, type WorkerResult } from "./worker-pool.js";
import { chunkBatch, readChunks, sniffFormat, utf8File } from "./chunks.js";

const EVALUATE_OPTIONS = {
  ruleset: { type: "string", short: "r" },
  ...RULESET_DIR,
  "as-of": { type: "string" },
  format: { type: "string" },
  ...READ_FLAGS,
  rejects: { type: "string" },
  output: { type: "string", short: "o" },
  "output-format": { type: "string" },
  "output-encoding": { type: "string" },
  summary: { type: "boolean" },
  full: { type: "boolean" },
  json: { type: "boolean" },
  workers: { type: "string" },
  public: { type: "boolean" },
  "decided-at": { type: "string" },
} as const;

/** `--output-format` and `--output-encoding`: CSV results, in an encoding Excel opens; NDJSON is UTF-8 (RFC 8259). */
function _writeFlags(values: { "output-format"?: string | undefined; "output-encoding"?: string | undefined; full?: boolean | undefined }): { csv: boolean; encoding: OutputEncoding } {
  const f = values["output-format"] ?? "ndjson";
  if (f !== "ndjson" && f !== "csv") throw new CliError(`--output-format must be ndjson or csv, received ${JSON.stringify(f)}`);
  const e = values["output-encoding"]?.toLowerCase();
  if (e !== undefined && !(OUTPUT_ENCODINGS as readonly string[]).includes(e)) throw new CliError(`--output-encoding must be one of ${OUTPUT_ENCODINGS.join(", ")}, received ${JSON.stringify(e)}`);
  if (f === "ndjson" && e !== undefined && e !== "utf-8") throw new CliError(`--output-encoding ${e} is for --output-format csv: NDJSON results are UTF-8`);
  if (f === "csv" && values.full) throw new CliError("--full writes whole evaluations, as NDJSON only: leave out --output-format csv");
  return { csv: f === "csv", encoding: (e ?? "utf-8") as OutputEncoding };
}

/** `--public`: only for a scheme whose results are public (checked before any row is read). */
function _public(compiled: CompiledRuleset, on: boolean, decidedAt: string | undefined, full: boolean): { decidedAt: string | undefined } | undefined {
  if (!on) {
    if (decidedAt !== undefined) throw new CliError("--decided-at goes with --public");
    return undefined;
  }
  if (full) throw new CliError("--public and --full exclude each other: --public writes only the fields the scheme lets out");
  const p = compiled.ruleset.publication;
  if (p === undefined || !p.public) {
    throw new CliError(`${compiled.ref.id}@${compiled.ref.version} ${p === undefined ? "states no publication policy" : `does not publish its results${p.basis ? ` (${p.basis})` : ""}`}: nothing may be published with --public`);
  }
  if (decidedAt !== undefined && !isIsoDate(decidedAt)) throw new CliError(`--decided-at must be a date YYYY-MM-DD, received ${JSON.stringify(decidedAt)}`);
  return { decidedAt };
}

/** `--workers`: a positive whole number (default 1, the in-process path). */
function _workers(v: string | undefined): number {
  if (v === undefined) return 1;
  if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 256) throw new CliError(`--workers must be a whole number from 1 to 256, received ${JSON.stringify(v)}`);
  return Number(v);
}

async function evaluate(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(evaluateCommand, argv, EVALUATE_OPTIONS, [0, 1]);
  if (help) return commandHelp(evaluateCommand);
  const workers = _workers(values.workers);
  const { compiled, asOf } = rulesetFor(values, "evaluate");
  const inputPath = positionals[0];
  const format = formatOf(values.format, inputPath);
  const reading = readFlags(values);
  const writing = _writeFlags(values);
  const publication = _public(compiled, values.public === true, values["decided-at"], values.full === true);
  if (publication !== undefined && writing.csv) throw new CliError("--public writes NDJSON lines: leave out --output-format csv");
  const stdoutTaken = !values.summary && values.output === undefined;
  const files = [
    ...(values.output !== undefined && !values.summary ? [{ flag: "-o", path: values.output }] : []),
    ...(values.rejects !== undefined ? [{ flag: "--rejects", path: values.rejects }] : []),
  ];
  refuseClashes(inputPath, files, stdoutTaken);
  const input = openInput(inputPath);
  const outputs: Output[] = [];
  const opened = (o: Output): Output => (outputs.push(o), o);
  try {
    const out = values.summary ? undefined : values.output !== undefined ? opened(openOutput(values.output)) : new Output(process.stdout, "stdout");
    const rejects = values.rejects !== undefined ? opened(openOutput(values.rejects)) : undefined;
    if (out && writing.csv) {
      out.encoding(writing.encoding);
      await out.write(_csvResultHeader());
    }
    const tally = await _grade(compiled, asOf, { input, inputPath, format, reading, workers, full: values.full === true, csv: writing.csv, publication, text: writing.encoding === "gb18030", out, rejects });
    // Every file complete before any takes its final name: a failed write renames none.
    for (const o of outputs) await o.finish();
    for (const o of outputs) o.commit();
    outputs.length = 0;
    return _summary(values, compiled, asOf, tally);
  } finally {
    // A run that failed leaves the final names as they were.
    for (const o of outputs) o.abort();
  }
}

async function _grade(
  compiled: CompiledRuleset,
  asOf: string,
  o: {
    input: Readable;
    inputPath: string | undefined;
    format: InputFormat | undefined;
    reading: ReadOptions;
    workers: number;
    full: boolean;
    csv: boolean;
    publication: { decidedAt: string | undefined } | undefined;
    text: boolean;
    out: Output | undefined;
    rejects: Output | undefined;
  },
): Promise<Tally> {
  const { input, format, reading, workers, out, rejects } = o;
  const errPaint = paintFor(process.stderr);
  const tally = newTally(compiled);
  const progress = _progress(input);
  const reject = async (r: Rejection): Promise<void> => {
    if (rejects) await rejects.write(jsonText(r));
    else {
      progress.clear();
      process.stderr.write(`${errPaint.yellow("rejected")} line ${r.line}${r.id !== undefined ? ` ${printable(r.id)}` : ""}: ${r.code}: ${printable(r.reason)}\n`);
    }
  };
  const graderOptions = { full: o.full, emit: out !== undefined, csv: o.csv, text: o.text, public: o.publication };
  const onResult = async (r: WorkerResult): Promise<void> => {
    for (const x of r.rejects) await reject(x);
    if (out && r.out.length > 0) await out.write(r.out);
    addTally(tally, r.tally);
    progress.tick(tally.rows, tally.rejected);
  };
  // A file of NDJSON in UTF-8 is read in chunks of whole lines, each decoded, parsed, graded and
  // serialised at once — by the worker threads with --workers n, the main thread then only
  // reading, cutting after a line feed, counting lines and writing; stdin, CSV and other
  // encodings are read line by line.
  const path = o.inputPath;
  if (path !== undefined && path !== "-" && (format ?? sniffFormat(path)) === "ndjson" && utf8File(path, reading.encoding, reading.maxLineBytes)) {
    input.destroy();
    const chunks = readChunks(path, reading.maxLineBytes);
    if (workers > 1) await evaluateInWorkers(workers, compiled, asOf, graderOptions, chunkJobs(chunks, path, reading.maxLineBytes), onResult);
    else {
      const grade = rowGrader(compiled, asOf, graderOptions);
      // The next chunk is read while this one is graded.
      for (let next = chunks.next(); ; ) {
        const c = await next;
        if (c.done === true) break;
        next = chunks.next();
        await onResult(gradeBatch(grade, chunkBatch(c.value, reading.maxLineBytes), compiled, o.text));
      }
    }
  } else if (workers === 1) {
    // Result lines are gathered and written 64 KiB at a time (one write and at most one wait for
    // `drain` per batch, not per line): memory stays bounded by the batch and the stream's buffer.
    const grade = rowGrader(compiled, asOf, graderOptions);
    const sink = new ByteSink(1 << 17);
    for await (const rowBatch of readRowBatches(input, format, compiled.ruleset.inputs, reading)) {
      for (const row of rowBatch) {
        const r = grade(row, tally, sink);
        if (r !== undefined) await reject(r);
        else if (sink.pos >= 65_536) await out!.write(takeLines(sink, o.text));
        progress.tick(tally.rows, tally.rejected);
      }
    }
    if (out && sink.pos > 0) await out.write(takeLines(sink, o.text));
  } else {
    await evaluateInWorkers(workers, compiled, asOf, graderOptions, lineJobs(readRawRowBatches(input, format, compiled.ruleset.inputs, reading), graderOptions.full), onResult);
  }
  progress.clear();
  return tally;
}

function _summary(values: { rejects?: string | undefined; summary?: boolean | undefined; json?: boolean | undefined }, compiled: CompiledRuleset, asOf: string, tally: Tally): number {
  const { rows, notGradable, rejected } = tally;
  const summary = {
    ruleset: { id: compiled.ref.id, version: compiled.ref.version, contentHash: compiled.ref.contentHash },
    asOf,
    rows,
    graded: rows - notGradable - rejected,
    notGradable,
    rejected,
    distribution: Object.fromEntries(GRADES.map((g, i) => [g, tally.grades[i]!])) as Record<Grade, number>,
    labels: _labelRows(compiled, tally.labels),
    ...(values.rejects !== undefined ? { rejects: values.rejects } : {}),
  };
  const stream = values.summary ? process.stdout : process.stderr;
  stream.write(values.json ? jsonText(summary) : _summaryText(summary, compiled, paintFor(stream)));
  return rejected > 0 ? EXIT.findings : EXIT.ok;
}

// The graded count of each published label, in the scheme's order: a grade's letter only where
// the grade declares no label and the scheme publishes none of its own in its place (or it was given).
function _labelRows(compiled: CompiledRuleset, counts: readonly number[]): { label: string; grade: Grade; count: number }[] {
  const entries = compileLabelScale(compiled.ruleset.labels).entries;
  const declares = entries.some((e) => e.declared);
  return entries.flatMap((e, i) => (e.declared || !declares || counts[i]! > 0 ? [{ label: e.label, grade: e.grade, count: counts[i]! }] : []));
}

function _summaryText(
  s: { rows: number; notGradable: number; rejected: number; graded: number; asOf: string; labels: readonly { label: string; grade: Grade; count: number }[]; rejects?: string },
  compiled: CompiledRuleset,
  paint: Paint,
): string {
  const pct = (n: number): string => `${(s.rows === 0 ? 0 : (n / s.rows) * 100).toFixed(1).padStart(5)}%`;
  const max = Math.max(1, ...s.labels.map((l) => l.count));
  const out = [
    paint.bold(`${compiled.ruleset.name.zh} ${compiled.ref.id}@${compiled.ref.version}, as of ${s.asOf}: ${s.rows} rows, ${s.graded} graded, ${s.notGradable} not gradable, ${s.rejected} rejected`),
    `Grade distribution (等级分布):`,
  ];
  // One row per published label (tax B and M apart), the canonical grade beside a label that differs.
  const name = (l: { label: string; grade: Grade }): string => (l.label !== l.grade ? `${l.label} (${l.grade})` : l.grade);
  const width = Math.max(6, ...s.labels.map((l) => displayWidth(name(l)) + 1));
  for (const l of s.labels) {
    const { grade: g, count } = l;
    const head = pad(`${pad(name(l), width)}${CLASS_NAMES[gradeClass(g)].zh}`, 16 + width);
    out.push(`  ${head}${String(count).padStart(6)} ${pct(count)}  ${"█".repeat(Math.round((count / max) * 40))}`);
  }
  out.push(`  ${pad("不予评价 not gradable", 16 + width)}${String(s.notGradable).padStart(6)} ${pct(s.notGradable)}`);
  const where = s.rejected === 0 ? "" : s.rejects !== undefined ? `  → ${s.rejects}` : "  (listed above)";
  out.push(`  ${pad("拒收 rejected", 16 + width)}${String(s.rejected).padStart(6)} ${pct(s.rejected)}${s.rejected > 0 ? paint.yellow(where) : ""}`);
  out.push(`  ${pad("合计 total", 16 + width)}${String(s.rows).padStart(6)} ${pct(s.rows)}`);
  return `${out.join("\n")}\n`;
}

// A line of progress on stderr, only when stderr is a terminal.
function _progress(input: NodeJS.ReadableStream): { tick: (rows: number, rejected: number) => void; clear: () => void } {
  if (!process.stderr.isTTY) return { tick: () => undefined, clear: () => undefined };
  const size = (() => {
    const path = (input as { path?: unknown }).path;
    try {
      return typeof path === "string" ? statSync(path).size : 0;
    } catch {
      return 0;
    }
  })();
  let last = 0;
  let lastRows = 0;
  let shown = false;
  return {
    tick(rows, rejected) {
      // Every 500 rows at most (rows come one at a time, or a chunk at a time).
      if (rows - lastRows < 500) return;
      lastRows = rows;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const read = (input as { bytesRead?: number }).bytesRead ?? 0;
      const pct = size > 0 ? ` ${Math.min(100, Math.floor((read / size) * 100))}%` : "";
      process.stderr.write(`\r\u001b[K${BIN} evaluate:${pct} ${rows} rows, ${rejected} rejected`);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write("\r\u001b[K");
      shown = false;
    },
  };
}

/** `evaluate`: grades subjects to NDJSON results. */
export const evaluateCommand: Command = {
  name: "evaluate",
  summary: "grade subjects (NDJSON or CSV, file or stdin) to NDJSON results",
  usage: `${BIN} evaluate --ruleset <file|scheme@version|scheme> [options] [input]
  -r, --ruleset <r>      a ruleset file, scheme@version from --rulesets-dir, or a scheme (the version in force on --as-of)
  --rulesets-dir <dir>   the registry folder, <dir>/<id>/<version>.json (default: rulesets)
  --as-of <date>         the as-of date YYYY-MM-DD (default: today)
  --format ndjson|csv    the input format (default: from the extension, else the first line)
${READ_USAGE}
  --rejects <file>       rejected rows as NDJSON { line, id, code, reason } (default: stderr, as text)
  -o, --output <file>    results to a file instead of stdout (written beside it, renamed when done;
                         never the input, never the --rejects file)
  --output-format ndjson|csv   results as NDJSON (default) or CSV: a header, then line, id, name,
                         grade, label, class, score, scoreGrade, decidedBy, measures, reasons,
                         rules, notGradable, ruleset (lists joined by ;)
  --output-encoding <e>  CSV results in utf-8 (default), utf-8-bom or gb18030 (Excel opens either
                         of the last two with the Chinese text right)
  --full                 each result line is the whole evaluation (with "line")
  --summary              no results: the summary on stdout instead
  --json                 the summary as one JSON line
  --workers <n>          grade in n worker threads (default 1: in this thread); same output, in input order
  --public               each line only what the scheme lets out (its publication policy); a result of a label it
                         keeps back is {line, withheld: why}; exit 2 for a scheme that publishes nothing
  --decided-at <date>    with --public: the decision date, for the publicity period (公示期) and the day the result takes effect
  [input]                a file, or - / nothing for stdin
CSV: a header row with "id", "name" (optional) and input ids; values converted by the declared input types
(number, boolean true/false/1/0/yes/no/是/否, category, score); an empty cell is missing.
Credit records are not supported in CSV: use NDJSON.
Results: one line per subject on stdout: line, id, grade, label, class, score, scoreGrade,
decidedBy, measures, reasons, rules, notGradable?, ruleset. Summary with the grade distribution
on stderr. Progress on stderr only when it is a terminal. Memory stays bounded: input is streamed.
Rows that cannot be read (LINE_TOO_LONG, ENCODING_INVALID, NOT_JSON, CSV_INVALID) or whose result
cannot be written (RESULT_NOT_WRITABLE) are rejected with their line number; reading goes on.
Exit: 0 every row graded or not gradable, 1 rows rejected, 2 usage, configuration or I/O error
(an unreadable input, an output that cannot be written: one line on stderr).`,
  run: evaluate,
};
