/**
 * CSV subjects for the command line (internal): the header row checked against the ruleset's
 * declared inputs, each record converted to a subject by the declared input types, and
 * RFC 4180 field splitting. `cli-io.ts` reads the lines and calls these.
 * @module
 */
import { CliError } from "./error.js";
import type { Row } from "./row.js";
import type { InputDef } from "../index.js";

/** A CSV header row read: its column names, and the declared input (or the `id` column) each holds. */
export interface _CsvHeader {
  /** The column names, trimmed. */
  readonly columns: readonly string[];
  /** Per column, the input it holds, or `"id"` for the subject id. */
  readonly types: readonly (InputDef | "id")[];
}

/**
 * Reads a CSV header row: each column must be `id` or a declared input, none twice.
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
  const types = columns.map((c): InputDef | "id" => {
    if (c === "id") return "id";
    if (c === "records" || c.startsWith("records.")) {
      throw new CliError(`CSV column ${JSON.stringify(c)}: credit records are not supported in CSV; give subjects with records as NDJSON`);
    }
    const def = byId.get(c);
    if (def === undefined) {
      throw new CliError(
        `CSV column ${JSON.stringify(c)} is not an input of the ruleset; columns are "id" and the declared inputs (${inputs.map((i) => i.id).join(", ")}). Credit records are not supported in CSV: use NDJSON`,
      );
    }
    return def;
  });
  return { columns, types };
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
  const idIndex = header.types.indexOf("id");
  const id = fields[idIndex]?.trim() || undefined;
  if (fields.length !== header.columns.length) {
    return { ok: false, line, subjectId: id, code: "CSV_INVALID", reason: `expected ${header.columns.length} fields, found ${fields.length}` };
  }
  const inputs: Record<string, unknown> = {};
  const problems: string[] = [];
  header.types.forEach((def, i) => {
    if (def === "id") return;
    const v = (fields[i] ?? "").trim();
    if (v === "") return; // empty = missing
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
  return { ok: true, line, subject: id === undefined ? { inputs } : { id, inputs } };
}

/** RFC 4180 fields; `undefined` while a quoted field is still open at the end of the text. */
export function _splitCsv(text: string): string[] | undefined {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (ch === ",") {
      out.push(field);
      field = "";
    } else field += ch;
  }
  if (quoted) return undefined;
  out.push(field);
  return out;
}
