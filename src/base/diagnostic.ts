/**
 * Problems as data (问题): one shape, {@link Issue} — a code, the JSON path it points at, a
 * message and a severity — for a ruleset's diagnostics, a subject's issues, a decision log's
 * problems, an inspection plan's problems, a registry's findings and an import's issues.
 * @module
 */

/**
 * What kind of problem a diagnostic reports.
 * @category Basics
 */
export type DiagnosticCode =
  | "SCHEMA_INVALID"
  | "NOT_JSON"
  | "FORBIDDEN_KEY"
  | "NESTING_TOO_DEEP"
  | "DUPLICATE_ID"
  | "UNKNOWN_INPUT"
  | "INPUT_TYPE_MISMATCH"
  | "UNUSED_INPUT"
  | "INVALID_RANGE"
  | "MIXED_WEIGHTING"
  | "WEIGHTS_SUM_MISMATCH"
  | "POINTS_SUM_MISMATCH"
  | "SCORE_OUT_OF_SCALE"
  | "BIN_UNREACHABLE"
  | "LOOKUP_UNKNOWN_VALUE"
  | "BANDS_ORDER"
  | "BANDS_GAP"
  | "BANDS_OVERLAP"
  | "BANDS_COVERAGE"
  | "PRECISION_EXCEEDS_ROUNDING"
  | "LABEL_DUPLICATE"
  | "LABELS_ORDER"
  | "UNKNOWN_LABEL"
  | "EFFECTIVE_PERIOD_INVALID"
  | "PUBLIC_COMPOSITE_MISSING"
  | "PUBLIC_COMPOSITE_NOT_PASSTHROUGH"
  | "PUBLIC_COMPOSITE_BELOW_MEAN"
  | "PUBLIC_COMPOSITE_CHECK_DISABLED"
  | "UNKNOWN_RECORD_TYPE"
  | "UNKNOWN_FIELD"
  | "UNKNOWN_FACT"
  | "FACT_TYPE_MISMATCH"
  | "UNKNOWN_CONDITION"
  | "CONDITION_CYCLE"
  | "CONDITION_TOO_LARGE"
  | "CONDITION_TOO_DEEP"
  | "COMPUTED_SYNTAX"
  | "COMPUTED_UNKNOWN_NAME"
  | "COMPUTED_TYPE"
  | "COMPUTED_CYCLE"
  | "COMPUTED_TOO_DEEP"
  | "COMPUTED_TOO_LARGE"
  | "COMPUTED_REQUIRED"
  | "INVALID_OPERATOR_VALUE"
  | "RULE_READS_SCORE"
  | "UNKNOWN_MEASURE"
  | "MEASURE_KIND_MISMATCH"
  | "MEASURES_MISSING_GRADE"
  | "SAMPLING_E_CAPPED"
  | "SAMPLING_NOT_MONOTONE"
  | "RULE_DOES_NOTHING"
  | "PUBLICATION_INVALID";

/**
 * How serious a diagnostic is: an `error` stops a ruleset from loading.
 * @category Basics
 */
export type Severity = "error" | "warning" | "info";

/**
 * A step of a JSON path: an object key or an array index.
 * @category Basics
 */
export type PathSegment = string | number;

/**
 * Where in a text a problem is: a 1-based line and column (counted in UTF-16 code units, as
 * editors count), the 0-based offset and the length of the value it points at.
 * @category Basics
 */
export interface SourcePosition {
  /** The line, from 1. */
  readonly line: number;
  /** The column on that line, from 1. */
  readonly column: number;
  /** The offset from the start of the text, from 0. */
  readonly offset: number;
  /** The length of the value pointed at (0 when it is a point). */
  readonly length: number;
}

/**
 * One problem, of any kind the library reports: what it is (a stable SCREAMING_SNAKE code),
 * where (a JSON path into the document, subject, file or plan concerned; empty for the whole of
 * it), what is wrong in English, and how serious it is.
 * @category Basics
 */
export interface Issue<C extends string = string> {
  /** What kind of problem. */
  readonly code: C;
  /** Where, e.g. `["indicators", 0, "weight"]`; empty for the whole document. */
  readonly path: readonly PathSegment[];
  /** What is wrong and what was expected, in English. */
  readonly message: string;
  /** `error` stops what was asked; `warning` and `info` do not. */
  readonly severity: Severity;
  /**
   * Where the problem is in the text the document was read from: set on every diagnostic of
   * `validateRulesetText` (the path mapped to a line and column), absent for a parsed value.
   */
  readonly position?: SourcePosition;
}

/**
 * One problem found in a ruleset, pointing into the JSON its author wrote.
 * @category Basics
 */
export type Diagnostic = Issue<DiagnosticCode>;

/**
 * Formats a JSON path the way a reader finds it in the file: `$.indicators[0].weight`.
 * @param path - Path segments.
 * @returns The path as text.
 * @example
 * formatPath(["indicators", 0, "weight"]); //=> "$.indicators[0].weight"
 * @category Basics
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "$";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(seg)) out += `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/**
 * Formats a diagnostic as one line: severity, code, path and message.
 * @param d - A diagnostic.
 * @returns One line of text.
 * @example
 * formatDiagnostic({ code: "BANDS_GAP", path: ["bands", 1], message: "gap", severity: "error" });
 * //=> "error BANDS_GAP at $.bands[1]: gap"
 * @category Basics
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position === undefined ? "" : ` (line ${d.position.line}, column ${d.position.column})`;
  return `${d.severity} ${d.code} at ${formatPath(d.path)}${where}: ${d.message}`;
}
