/**
 * CSV subjects for the command line (internal): the header row checked against the ruleset's
 * declared inputs, each record converted to a subject by the declared input types, and
 * RFC 4180 field splitting. `cli-io.ts` reads the lines and calls these.
 * @module
 */
import { CliError } from "./error.js";
import type { Row } from "./row.js";
import type { InputDef } from "../index.js";

/** A CSV header row read: its column names, and the declared input (or the `id` or `name` column) each holds. */
export interface _CsvHeader {
  /** The column names, trimmed. */
  readonly columns: readonly string[];
  /** Per column, the input it holds, or `"id"` for the subject id, `"name"` for its name. */
  readonly types: readonly (InputDef | "id" | "name")[];
  /** The position of the `id` column. */
  readonly idIndex: number;
}

/**
 * Reads a CSV header row: each column must be `id`, `name` (the subject's name, unless an input
 * is declared by that id) or a declared input, none twice.
 * @param fields - The header row's fields.
 * @param inputs - The ruleset's declared inputs.
 * @throws CliError for a missing `id` column, a repeated column, a records column or an undeclared input.
 */
export function _csvHeader(fields: readonly string[], inputs: readonly InputDef[]): _CsvHeader {
  const byId = new Map(inputs.map((i) => [i.id, i]));
  const columns = fields.map((f) => f.trim());
  if (!columns.includes("id")) throw new CliError(`CSV header has no "id" column (header: ${columns.join(",")})`);
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup !== undefined) throw new CliError(`CSV header names column ${JSON.stringify(dup)} twice`);
  const types = columns.map((c): InputDef | "id" | "name" => {
    if (c === "id") return "id";
    if (c === "name" && !byId.has("name")) return "name";
    if (c === "records" || c.startsWith("records.")) {
      throw new CliError(`CSV column ${JSON.stringify(c)}: credit records are not supported in CSV; give subjects with records as NDJSON`);
    }
    const def = byId.get(c);
    if (def === undefined) {
      throw new CliError(
        `CSV column ${JSON.stringify(c)} is not an input of the ruleset; columns are "id", "name" and the declared inputs (${inputs.map((i) => i.id).join(", ")}). Credit records are not supported in CSV: use NDJSON`,
      );
    }
    return def;
  });
  return { columns, types, idIndex: columns.indexOf("id") };
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = new Set(["true", "1", "yes", "y", "是"]);
const FALSE = new Set(["false", "0", "no", "n", "否"]);

/**
 * One CSV record as a row: the subject with its values converted by the declared input types
 * (an empty field is a missing value), or a `CSV_INVALID` rejection naming every bad field.
 * @param line - The 1-based number of the record's first line.
 * @param fields - The record's fields.
 * @param header - The header read by {@link _csvHeader}.
 */
export function _csvRow(line: number, fields: readonly string[], header: _CsvHeader): Row {
  const id = fields[header.idIndex]?.trim() || undefined;
  if (fields.length !== header.columns.length) {
    return { ok: false, line, subjectId: id, code: "CSV_INVALID", reason: `expected ${header.columns.length} fields, found ${fields.length}` };
  }
  const inputs: Record<string, unknown> = {};
  const problems: string[] = [];
  let name: string | undefined;
  header.types.forEach((def, i) => {
    if (def === "id") return;
    const v = (fields[i] ?? "").trim();
    if (v === "") return; // empty = missing
    if (def === "name") {
      name = v;
      return;
    }
    switch (def.type) {
      case "number":
      case "score":
        if (NUMBER.test(v)) inputs[def.id] = Number(v);
        else problems.push(`column ${def.id}: expected a number, received ${JSON.stringify(v)}`);
        break;
      case "boolean":
        if (TRUE.has(v.toLowerCase())) inputs[def.id] = true;
        else if (FALSE.has(v.toLowerCase())) inputs[def.id] = false;
        else problems.push(`column ${def.id}: expected true or false, received ${JSON.stringify(v)}`);
        break;
      case "category":
        inputs[def.id] = v;
        break;
    }
  });
  if (problems.length > 0) return { ok: false, line, subjectId: id, code: "CSV_INVALID", reason: problems.join("; ") };
  return { ok: true, line, subject: { ...(id === undefined ? {} : { id }), ...(name === undefined ? {} : { name }), inputs } };
}

const QUOTE = 34;
const COMMA = 44;

/**
 * RFC 4180 fields of records fed a line at a time (a quoted field may hold line breaks, kept
 * as `\n`), each line scanned once: a record left open by an unterminated quote costs each
 * later line only its own length. A `"` opens a quoted field where the field so far is blank
 * (blanks before it dropped); elsewhere it is kept as text, and text after a closing quote is
 * kept too.
 */
export class _CsvRecords {
  private fields: string[] = [];
  private field = "";
  private blank = true; // the field so far is whitespace only
  private quoted = false;
  private started = false;

  /** Whether a record is open: a quoted field runs past the lines fed so far. */
  get open(): boolean {
    return this.started;
  }

  /**
   * Feeds the next line.
   * @param text - The line, without its ending.
   * @returns The record's fields when it ends on this line, else `undefined` (a quoted field is still open).
   */
  line(text: string): string[] | undefined {
    if (this.started) this.field += "\n";
    let run = 0; // text from here to i is not in `field` yet
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (this.quoted) {
        if (ch !== QUOTE) continue;
        this.field += text.slice(run, i);
        if (text.charCodeAt(i + 1) === QUOTE) {
          this.field += '"';
          i++;
        } else {
          this.quoted = false;
          this.blank = this.field.trim() === "";
        }
        run = i + 1;
      } else if (ch === COMMA) {
        this.fields.push(this.field + text.slice(run, i));
        this.field = "";
        this.blank = true;
        run = i + 1;
      } else if (ch === QUOTE && this.blank) {
        this.quoted = true;
        this.field = "";
        run = i + 1;
      } else if (this.blank && !_isBlank(ch)) this.blank = false;
    }
    this.field += text.slice(run);
    if (this.quoted) {
      this.started = true;
      return undefined;
    }
    const out = this.fields;
    out.push(this.field);
    this.reset();
    return out;
  }

  /** Drops the record being read (too long to keep): the next line starts a new one. */
  reset(): void {
    this.fields = [];
    this.field = "";
    this.blank = true;
    this.quoted = false;
    this.started = false;
  }
}

// Whitespace as String.prototype.trim removes it.
const _isBlank = (ch: number): boolean => (ch < 128 ? ch === 32 || (ch >= 9 && ch <= 13) : /\s/.test(String.fromCharCode(ch)));

// ------------------------------------------------------------------ results as CSV (`evaluate --output-format csv`)

/** The columns of `evaluate --output-format csv`: the compact result line's fields, with the subject's name after its id. */
export const _CSV_RESULT_COLUMNS = ["line", "id", "name", "grade", "label", "class", "score", "scoreGrade", "decidedBy", "measures", "reasons", "rules", "notGradable", "ruleset"] as const;

/** The header row of the CSV results (CRLF-terminated, as Excel writes). */
export const _csvResultHeader = (): string => `${_CSV_RESULT_COLUMNS.join(",")}\r\n`;

/**
 * One compact result as a CSV row (CRLF-terminated): lists joined by `;` (reasons as
 * `indicator:pointsLost`), `null` as an empty cell, text quoted where it must be (RFC 4180), and
 * text opening with `=`, `+`, `-`, `@`, a tab or a carriage return prefixed with `'` so that a
 * spreadsheet shows it rather than running it as a formula.
 * @param compact - The compact result line (as `compactLine` builds it).
 * @param name - The subject's name, if it has one.
 */
export function _csvResultRow(compact: Readonly<Record<string, unknown>>, name: string | undefined): string {
  const cells = _CSV_RESULT_COLUMNS.map((c): string => {
    const v = c === "name" ? name : compact[c];
    if (v === null || v === undefined) return "";
    if (typeof v === "number") return String(v);
    if (Array.isArray(v)) {
      return _text(v.map((x: unknown) => (typeof x === "object" && x !== null ? `${(x as { indicator: string }).indicator}:${(x as { pointsLost: unknown }).pointsLost}` : String(x))).join(";"));
    }
    return _text(String(v));
  });
  return `${cells.join(",")}\r\n`;
}

function _text(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
