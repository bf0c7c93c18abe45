/**
 * `evaluate`'s work on one row, shared by the in-process path and the worker threads of
 * `--workers n` (so both write the same bytes): grade the subject and format its result line,
 * or turn it into a rejection; and the counts of the summary.
 * @module
 */
import { type CompiledRuleset, type Evaluation, type Grade, GRADES, publicResult, whyWithheld } from "../index.js";
import { compileLabelScale, labelPosition } from "../format/labels.js";
import { _csvResultRow } from "./csv.js";
import { type JsonLine, ndjsonRow, type Rejection, rejectionOf, resultLine } from "./io.js";
import { type Row } from "./row.js";
import { type ChunkBatch, chunkRows } from "./chunks.js";
import { lineWriter } from "./result-line.js";
import { ByteSink } from "./byte-sink.js";

/**
 * The summary's counts: rows read, rejected, not gradable, graded per grade (A–E), and graded
 * per position of the ruleset's label scale (tax B and M apart; a public composite fallback
 * grade under the grade's label of that letter, else its first label).
 */
export interface Tally {
  rows: number;
  rejected: number;
  notGradable: number;
  readonly grades: number[];
  readonly labels: number[];
}

/** A tally at zero for a ruleset (one label count per position of its label scale). */
export const newTally = (compiled: CompiledRuleset): Tally => ({
  rows: 0,
  rejected: 0,
  notGradable: 0,
  grades: GRADES.map(() => 0),
  labels: new Array<number>(compileLabelScale(compiled.ruleset.labels).entries.length).fill(0),
});

/** Adds one tally into another. */
export function addTally(into: Tally, t: Tally): void {
  into.rows += t.rows;
  into.rejected += t.rejected;
  into.notGradable += t.notGradable;
  for (let i = 0; i < into.grades.length; i++) into.grades[i]! += t.grades[i]!;
  for (let i = 0; i < into.labels.length; i++) into.labels[i]! += t.labels[i] ?? 0;
}

/** What `evaluate` writes for one row. */
export interface RowGraderOptions {
  /** Each line the whole evaluation (`--full`), else the compact line. */
  readonly full: boolean;
  /** Whether result lines are wanted at all (not with `--summary`). */
  readonly emit: boolean;
  /** Each result a CSV row (`--output-format csv`) of the compact line's fields and the subject's name, from the full evaluation. */
  readonly csv?: boolean | undefined;
  /** `--public`: each line the result as the scheme lets it be published (with `decidedAt`, its publicity period). */
  readonly public?: { readonly decidedAt?: string | undefined } | undefined;
}

/**
 * The compact result line of `evaluate`, from the full evaluation (used by `--full`-less runs
 * only for subjects with not-gradable reasons, which the lean result does not carry).
 */
export function compactLine(line: number, e: Evaluation): Record<string, unknown> {
  return {
    line,
    id: e.subjectId,
    grade: e.grade,
    label: e.label,
    class: e.class,
    score: e.score,
    scoreGrade: e.scoreGrade,
    decidedBy: e.decidedBy,
    measures: e.measures.map((m) => m.id),
    reasons: e.reasons.map((r) => ({ indicator: r.indicator, pointsLost: r.pointsLost })),
    rules: e.rules.filter((o) => o.fired).map((o) => o.id),
    ...(e.notGradable.length > 0 ? { notGradable: e.notGradable.map((r) => r.message) } : {}),
    ...(e.addedMeasures.length > 0 ? { addedMeasures: e.addedMeasures.map((m) => ({ id: m.id, addedBy: m.addedBy })) } : {}),
    ...(e.outputs.length > 0 ? { outputs: e.outputs } : {}),
    ruleset: `${e.ruleset.id}@${e.ruleset.version}`,
  };
}

/**
 * The `--full` result line: the whole evaluation, without `addedMeasures` and `outputs` when no
 * rule added or emitted any (so the lines of rulesets whose rules do neither are as they were).
 */
export function fullLine(line: number, e: Evaluation): Record<string, unknown> {
  const { addedMeasures, outputs, ...rest } = e;
  return { line, ...rest, ...(addedMeasures.length > 0 ? { addedMeasures } : {}), ...(outputs.length > 0 ? { outputs } : {}) };
}

// The `--public` line of a graded row: what the scheme lets out, or, for a result it does not
// publish (a label it keeps back), the line and why, without the subject (no row is dropped).
function _publicLine(line: number, e: Evaluation, compiled: CompiledRuleset, decidedAt: string | undefined): object {
  const withheld = whyWithheld(e, compiled);
  return withheld !== undefined ? { line, withheld } : { line, ...publicResult(e, compiled, decidedAt === undefined ? {} : { decidedAt }) };
}

/**
 * Grades rows one at a time, counting them in `tally`: writes the result line (with its
 * newline; nothing when lines are not wanted) into `sink` as UTF-8, or returns the row's
 * rejection.
 *
 * The compact line comes from the lean `compiled.grade` (grade, score, fired rules, reason codes,
 * measures: every field equal to `evaluate`'s), written field by field in the order and with the
 * bytes `JSON.stringify` gives {@link compactLine}. A subject with not-gradable reasons (no score,
 * or a not-gradable rule fired) is evaluated in full for their messages. `--full` evaluates
 * every subject.
 */
export function rowGrader(compiled: CompiledRuleset, asOf: string, options: RowGraderOptions): (row: Row, tally: Tally, sink: ByteSink) => Rejection | undefined {
  const { full, emit } = options;
  const csv = options.csv === true;
  const gradeIndex = new Map<Grade, number>(GRADES.map((g, i) => [g, i]));
  const writeLine = lineWriter(compiled);
  const scale = compileLabelScale(compiled.ruleset.labels);
  // Counts a graded row; returns its label position (-1 when not gradable).
  const count = (tally: Tally, grade: Grade | null, label: string | null): number => {
    if (grade === null) {
      tally.notGradable++;
      return -1;
    }
    tally.grades[gradeIndex.get(grade)!]!++;
    const p = labelPosition(scale, grade, label ?? undefined);
    tally.labels[p]!++;
    return p;
  };
  const evaluateRow = (line: number, subject: unknown, tally: Tally, sink: ByteSink): Rejection | undefined => {
    const r = compiled.safeEvaluate(subject, { asOf });
    if (!r.success) {
      tally.rejected++;
      return rejectionOf(line, subject, r.error);
    }
    const text = !emit
      ? ""
      : csv
        ? _csvResultRow(compactLine(line, r.data), _nameOf(subject))
        : options.public !== undefined
          ? resultLine(line, r.data.subjectId, _publicLine(line, r.data, compiled, options.public.decidedAt))
          : resultLine(line, r.data.subjectId, full ? fullLine(line, r.data) : compactLine(line, r.data));
    if (typeof text !== "string") {
      tally.rejected++;
      return text;
    }
    count(tally, r.data.grade, r.data.label);
    if (text !== "") sink.text(text);
    return undefined;
  };
  return (row, tally, sink) => {
    tally.rows++;
    if (!row.ok) {
      tally.rejected++;
      return { line: row.line, id: row.subjectId, code: row.code, reason: row.reason };
    }
    if (full || csv || options.public !== undefined) return evaluateRow(row.line, row.subject, tally, sink);
    const r = compiled.safeGrade(row.subject, { asOf });
    if (!r.success) {
      tally.rejected++;
      return rejectionOf(row.line, row.subject, r.error);
    }
    const g = r.data;
    // Not-gradable reasons (their messages are on the line) come with the full evaluation only.
    // So do the measures rules added and their outputs (rare: the lean line has no place for them).
    if (g.score === null || g.decidedBy === "not-gradable" || g.decidedBy === "public-composite-fallback" || g.addedMeasures.length > 0 || g.outputs.length > 0) {
      return evaluateRow(row.line, row.subject, tally, sink);
    }
    const position = count(tally, g.grade, g.label);
    if (emit) writeLine(row.line, g, position, sink);
    return undefined;
  };
}

const _nameOf = (s: unknown): string | undefined => {
  const name = s !== null && typeof s === "object" && Object.hasOwn(s, "name") ? (s as { name: unknown }).name : undefined;
  return typeof name === "string" ? name : undefined;
};

// ------------------------------------------------------------------ worker threads (`--workers n`)

/** What a worker thread is started with (`workerData`). */
export interface WorkerInit {
  /** The ruleset document (`compiled.ruleset`), compiled again in the worker. */
  readonly ruleset: unknown;
  /** Its content hash: the worker checks it compiled the same ruleset. */
  readonly contentHash: string;
  readonly asOf: string;
  readonly full: boolean;
  readonly emit: boolean;
  readonly csv?: boolean | undefined;
  readonly public?: { readonly decidedAt?: string | undefined } | undefined;
  /** Result lines answered as text, for the main thread to encode (GB18030 CSV); else as UTF-8 bytes. */
  readonly text: boolean;
}

/** What a worker is sent: a batch of rows, numbered in input order. */
export type WorkerBatch = { readonly seq: number } & WorkerBatchBody;

/** A batch's rows, in one of three forms. */
export type WorkerBatchBody =
  /** Rows the main thread read (CSV), NDJSON lines among them possibly. */
  | { readonly units: readonly (Row | JsonLine)[] }
  /** NDJSON lines packed (cheaper to pass between threads): the texts joined by `\n`, and their line numbers. */
  | { readonly text: string; readonly lines: Int32Array }
  /** A chunk of an NDJSON file's bytes, whole lines, numbered from `firstLine` (see chunks.ts). */
  | ChunkBatch;

/** A worker's answer for one batch: its result lines (UTF-8 bytes, or text), its rejections in order and its counts; or an internal error. */
export type WorkerReply =
  | { readonly seq: number; readonly out: Uint8Array | string; readonly rejects: readonly Rejection[]; readonly tally: Tally }
  | { readonly seq: number; readonly error: string };

const utf8Text = new TextDecoder();

// One sink per thread: a batch is graded at once and its bytes taken before the next.
const batchSink = new ByteSink();

/**
 * A sink's bytes taken: as they are, or as text for an output that encodes text itself
 * (`--output-encoding gb18030`).
 * @param sink - The sink.
 * @param text - Whether text is wanted.
 */
export const takeLines = (sink: ByteSink, text: boolean): Uint8Array | string => {
  const bytes = sink.take();
  return text ? utf8Text.decode(bytes) : bytes;
};

/**
 * Grades one batch as the in-process path grades its rows, one after the other.
 * @param grade - A {@link rowGrader}.
 * @param batch - Rows, NDJSON lines, or a chunk of bytes to decode, split and parse first.
 * @param compiled - The ruleset the rows are graded by (for the shape of the counts).
 * @param text - The result lines as text, else as UTF-8 bytes (a buffer of their own, to transfer).
 * @returns The result lines, the rejections and the counts.
 */
export function gradeBatch(grade: (row: Row, tally: Tally, sink: ByteSink) => Rejection | undefined, batch: WorkerBatchBody, compiled: CompiledRuleset, text = false): { out: Uint8Array | string; rejects: Rejection[]; tally: Tally } {
  const tally = newTally(compiled);
  const rejects: Rejection[] = [];
  const sink = batchSink;
  sink.pos = 0;
  const one = (row: Row): void => {
    const r = grade(row, tally, sink);
    if (r !== undefined) rejects.push(r);
  };
  if ("units" in batch) for (const u of batch.units) one(u.ok === "json" ? ndjsonRow(u.line, u.text) : u);
  else if ("bytes" in batch) {
    for (const row of chunkRows(batch, ndjsonRow)) one(row);
  } else {
    // A line never holds "\n" (lines are split at it), so splitting the joined text gives them back.
    const texts = batch.text.split("\n");
    for (let i = 0; i < texts.length; i++) one(ndjsonRow(batch.lines[i]!, texts[i]!));
  }
  return { out: takeLines(sink, text), rejects, tally };
}

/**
 * A batch to send: NDJSON lines packed into one string (one copy between threads instead of an
 * object per line), anything else (CSV rows) as it is.
 */
export function packBatch(units: readonly (Row | JsonLine)[]): WorkerBatchBody {
  if (!units.every((u) => u.ok === "json")) return { units };
  const json = units as readonly JsonLine[];
  return { text: json.map((u) => u.text).join("\n"), lines: Int32Array.from(json, (u) => u.line) };
}
