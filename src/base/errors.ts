/**
 * The library's small error family.
 * @module
 */
import { type Diagnostic, formatDiagnostic, formatPath, type Issue, type PathSegment } from "./diagnostic.js";

/**
 * What kind of failure a {@link CreditGradingError} reports.
 * @category Basics
 */
export type ErrorCode =
  | "RULESET_INVALID"
  | "SUBJECT_INVALID"
  | "INVALID_OPTIONS"
  | "NOT_IN_EFFECT"
  | "USCC_INVALID"
  | "CALENDAR_INVALID"
  | "OUT_OF_CALENDAR"
  | "LOG_CORRUPT"
  | "LOG_LOCKED"
  | "REPAIR_REFUSED"
  | "DECISIONS_INVALID"
  | "NOT_PUBLIC"
  | "INTERNAL";

/**
 * A result that is either the data asked for or the library's error, never a throw: what the
 * `safe…` functions return (`safeEvaluate`, `safeGrade`, `safeImportDecisions`, …).
 * @category Basics
 */
export type SafeResult<T, E extends CreditGradingError = CreditGradingError> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: E };

/**
 * Base class of every error this library throws on purpose.
 * @category Basics
 */
export class CreditGradingError extends Error {
  override name = "CreditGradingError";
  /** A stable, machine-readable code. */
  readonly code: ErrorCode;

  /**
   * @param code - A stable code.
   * @param message - What went wrong.
   * @param options - `cause` when wrapping another error.
   */
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A ruleset failed validation; {@link RulesetError.diagnostics} lists every problem at once.
 * @category Basics
 */
export class RulesetError extends CreditGradingError {
  override name = "RulesetError";
  /** All diagnostics, errors and warnings. */
  readonly diagnostics: readonly Diagnostic[];

  /**
   * @param diagnostics - Every diagnostic found.
   * @param source - The file or label the ruleset came from, named in the message.
   */
  constructor(diagnostics: readonly Diagnostic[], source?: string) {
    const errors = diagnostics.filter((d) => d.severity === "error");
    const head = `${source ? `${source}: ` : ""}invalid ruleset (${errors.length} error${errors.length === 1 ? "" : "s"})`;
    super("RULESET_INVALID", [head, ...errors.map((d) => `  ${formatDiagnostic(d)}`)].join("\n"));
    this.diagnostics = diagnostics;
  }
}

/**
 * One problem with a subject's data.
 * @category Basics
 */
export interface SubjectIssue extends Issue<SubjectIssueCode> {
  /** What was expected. */
  readonly expected: string;
  /** What was found, as short text. */
  readonly received: string;
}

/**
 * What kind of problem a subject has.
 * @category Basics
 */
export type SubjectIssueCode =
    | "NOT_AN_OBJECT"
    | "MISSING_ID"
    | "WRONG_TYPE"
    | "OUT_OF_RANGE"
    | "NOT_INTEGER"
    | "UNKNOWN_CATEGORY"
    | "UNKNOWN_FIELD"
    | "REQUIRED_MISSING"
    | "FORBIDDEN_KEY"
    | "INVALID_ID"
    | "DUPLICATE_RECORD"
    | "UNKNOWN_RECORD_TYPE"
    | "NESTING_TOO_DEEP"
    | "UNREADABLE";

/**
 * A subject issue: its message says what was expected and what was received.
 * @param code - What kind of problem.
 * @param path - Where in the subject, e.g. `["inputs", "overdueFilings"]`.
 * @param expected - What was expected.
 * @param received - What was found, as short text.
 * @returns The issue (severity `error`).
 * @example
 * subjectIssue("WRONG_TYPE", ["inputs", "n"], "a finite number", '"7"').message; //=> 'expected a finite number, received "7"'
 * @category Basics
 */
export function subjectIssue(code: SubjectIssueCode, path: readonly PathSegment[], expected: string, received: string): SubjectIssue {
  return { code, path, message: `expected ${expected}, received ${received}`, severity: "error", expected, received };
}

function describeIssue(i: SubjectIssue): string {
  return `${formatPath(i.path)}: ${i.message}`;
}

/**
 * A subject's data does not fit the ruleset's declared inputs.
 * @category Basics
 */
export class SubjectError extends CreditGradingError {
  override name = "SubjectError";
  /** The subject's id, when it had one. */
  readonly subjectId: string | undefined;
  /** Every problem found in the subject. */
  readonly issues: readonly SubjectIssue[];

  /**
   * @param subjectId - The subject's id, if known.
   * @param issues - Every problem found.
   * @param options - `cause` when reading the subject threw.
   */
  constructor(subjectId: string | undefined, issues: readonly SubjectIssue[], options?: { cause?: unknown }) {
    super(
      "SUBJECT_INVALID",
      `subject ${subjectId === undefined ? "(no id)" : JSON.stringify(subjectId)}: ${issues.map(describeIssue).join("; ")}`,
      options,
    );
    this.subjectId = subjectId;
    this.issues = issues;
  }
}

/**
 * The subject id a batch reports with a rejection: the error's, else the input's own `id`.
 * @param raw - The input as given.
 * @param error - Why it was rejected.
 * @returns The id, or `undefined` when there is none to name.
 * @example
 * subjectIdOf({ id: "x" }, new CreditGradingError("INVALID_OPTIONS", "…")); //=> "x"
 * @category Basics
 */
export function subjectIdOf(raw: unknown, error: CreditGradingError): string | undefined {
  if ("subjectId" in error && typeof error.subjectId === "string") return error.subjectId;
  if (error instanceof SubjectError && error.issues.some((i) => i.code === "UNREADABLE")) return undefined; // reading it throws
  if (raw === null || typeof raw !== "object" || !Object.hasOwn(raw, "id")) return undefined;
  const id: unknown = (raw as { id: unknown }).id;
  return typeof id === "string" && id !== "" ? id : undefined;
}
