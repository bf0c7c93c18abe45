/**
 * Reading subjects for the command line: NDJSON (one JSON object a line) or CSV (a header row,
 * then one record a row, a quoted field possibly spanning lines), from a file or stdin, as rows
 * numbered by their first line. Lines come from lines.ts (bytes split, bounded in length and
 * decoded); a line that cannot be read becomes a rejected row and reading goes on.
 * @module
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import type { Readable } from "node:stream";
import { _csvHeader, type _CsvHeader, _csvRow, _CsvRecords } from "./csv.js";
import { CliError } from "./error.js";
import { DEFAULT_READ_OPTIONS, type LineProblem, type ReadOptions, readLines } from "./lines.js";
import type { Row } from "./row.js";
import type { InputDef } from "../index.js";

/** Input formats of subject files. */
export type InputFormat = "ndjson" | "csv";

/** Opens a file, or stdin for `undefined` or `-`. */
export function openInput(path: string | undefined): Readable {
  if (path === undefined || path === "-") return process.stdin;
  if (!existsSync(path)) throw new CliError(`input file ${path} not found`);
  if (statSync(path).isDirectory()) throw new CliError(`input ${path} is a folder, not a file`);
  return createReadStream(path);
}

/** The input format: the flag, else the file extension, else `undefined` (sniffed from the first line). */
export function formatOf(flag: string | undefined, path: string | undefined): InputFormat | undefined {
  if (flag !== undefined) {
    if (flag !== "ndjson" && flag !== "csv") throw new CliError(`--format must be ndjson or csv, received ${JSON.stringify(flag)}`);
    return flag;
  }
  if (path?.toLowerCase().endsWith(".csv")) return "csv";
  if (path !== undefined && /\.(nd)?jsonl?$/i.test(path)) return "ndjson";
  return undefined;
}

/**
 * Reads subjects line by line from a stream: NDJSON (one JSON object a line) or CSV (a header
 * row with `id` and the ruleset's input ids; values converted by the declared input types).
 * Blank lines are skipped; every other line yields exactly one row (a CSV record spanning lines,
 * one row). Never holds more than one record in memory, and that at most `maxLineBytes` long.
 * @param stream - The input.
 * @param format - `ndjson`, `csv`, or `undefined` to decide from the first line.
 * @param inputs - The ruleset's declared inputs, for CSV conversion.
 * @param options - The encoding and the longest line (default: detected, 16 MiB).
 */
export async function* readRows(stream: Readable, format: InputFormat | undefined, inputs: readonly InputDef[], options: ReadOptions = DEFAULT_READ_OPTIONS): AsyncGenerator<Row> {
  for await (const batch of readRowBatches(stream, format, inputs, options)) yield* batch;
}

/**
 * {@link readRows} a chunk of input at a time: the rows of the lines completed by each chunk
 * read (one promise per chunk rather than per line). The same rows, in the same order.
 */
export function readRowBatches(stream: Readable, format: InputFormat | undefined, inputs: readonly InputDef[], options: ReadOptions = DEFAULT_READ_OPTIONS): AsyncGenerator<Row[]> {
  return _readBatches(stream, format, inputs, options, ndjsonRow);
}

/** An NDJSON line not parsed yet (for a worker thread to parse), with its 1-based line number. */
export interface JsonLine {
  readonly ok: "json";
  readonly line: number;
  readonly text: string;
}

/**
 * {@link readRowBatches} leaving NDJSON lines unparsed: the same lines, numbers and order, CSV
 * records converted as there (a CSV record may span lines, so it is read in order), lines that
 * cannot be read rejected as there. For `evaluate --workers`, whose worker threads parse the JSON.
 */
export function readRawRowBatches(
  stream: Readable,
  format: InputFormat | undefined,
  inputs: readonly InputDef[],
  options: ReadOptions = DEFAULT_READ_OPTIONS,
): AsyncGenerator<(Row | JsonLine)[]> {
  return _readBatches(stream, format, inputs, options, (line, text): JsonLine => ({ ok: "json", line, text }));
}

/** One NDJSON line as a row: the parsed subject, or a `NOT_JSON` rejection. */
export function ndjsonRow(line: number, text: string): Row {
  try {
    return { ok: true, line, subject: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, line, subjectId: undefined, code: "NOT_JSON", reason: `not JSON: ${(e as Error).message}` };
  }
}

const _problemRow = (line: number, p: LineProblem, reason = p.reason): Row => ({ ok: false, line, subjectId: undefined, code: p.code, reason });

async function* _readBatches<T>(
  stream: Readable,
  format: InputFormat | undefined,
  inputs: readonly InputDef[],
  options: ReadOptions,
  ndjson: (line: number, text: string) => T,
): AsyncGenerator<(Row | T)[]> {
  const max = options.maxLineBytes;
  let fmt = format;
  let header: _CsvHeader | undefined;
  // CSV: the record being read, its first line, its size so far and the first line in it not
  // read cleanly (a record spanning lines keeps the number of its first line).
  const records = new _CsvRecords();
  let start = 0;
  let size = 0;
  let bad: { line: number; problem: LineProblem } | undefined;
  const csvHeader = (fields: readonly string[]): _CsvHeader => {
    if (bad !== undefined) throw new CliError(`CSV header, line ${bad.line}: ${bad.problem.reason}`);
    return _csvHeader(fields, inputs);
  };
  try {
    for await (const lines of readLines(stream, options)) {
      const batch: (Row | T)[] = [];
      for (let i = 0; i < lines.texts.length; i++) {
        const line = lines.first + i;
        let text = lines.texts[i]!;
        const problem = lines.problems?.[i];
        if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        if (!records.open && problem === undefined && text.trim() === "") continue;
        fmt ??= text.trimStart().startsWith("{") ? "ndjson" : "csv";
        if (fmt === "ndjson") {
          batch.push(problem === undefined ? ndjson(line, text) : _problemRow(line, problem));
          continue;
        }
        if (!records.open) {
          start = line;
          size = 0;
          bad = undefined;
        }
        size += lines.sizes[i]! + 1;
        if (problem?.code === "LINE_TOO_LONG" || size > max) {
          // Too long to keep: the record is dropped and the next line starts afresh.
          records.reset();
          const reason =
            start === line && problem !== undefined
              ? problem.reason
              : `record longer than ${max} bytes (--max-line-bytes) by line ${line}: an unterminated quoted field?`;
          if (header === undefined) throw new CliError(`CSV header, line ${start}: ${reason}`);
          batch.push(_problemRow(start, { code: "LINE_TOO_LONG", reason }));
          continue;
        }
        if (problem !== undefined) bad ??= { line, problem };
        const fields = records.line(text);
        if (fields === undefined) continue;
        if (header === undefined) header = csvHeader(fields);
        else if (bad !== undefined) batch.push(_problemRow(start, bad.problem, bad.line === start ? bad.problem.reason : `line ${bad.line}: ${bad.problem.reason}`));
        else batch.push(_csvRow(start, fields, header));
      }
      if (batch.length > 0) yield batch;
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read input: ${(e as Error).message}`);
  }
  if (records.open) yield [{ ok: false, line: start, subjectId: undefined, code: "CSV_INVALID", reason: "unterminated quoted field at end of input" }];
}
