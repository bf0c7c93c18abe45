/**
 * What a ruleset registry reports (internal): the {@link RegistryDiagnostic} it finds in its
 * versions and in the files loaded into it, the {@link RegistryError} it throws, and the one-line
 * format of a diagnostic. Re-exported by `registry.ts`; `registry-fs.ts` reports with the same types.
 * @module
 */
import type { Diagnostic, DiagnosticCode, PathSegment, Severity, SourcePosition } from "../base/diagnostic.js";
import { formatPath } from "../base/diagnostic.js";
import { CreditGradingError, type ErrorCode } from "../base/errors.js";

/**
 * What kind of problem a {@link RegistryDiagnostic} reports: a ruleset's own diagnostic codes and the registry's.
 * @category Versions
 */
export type RegistryDiagnosticCode =
  | DiagnosticCode
  /** Two versions of a scheme start on the same day (an error: `resolve` cannot choose). */
  | "REGISTRY_OVERLAP"
  /** Days between two consecutive versions of a scheme on which none is in force (a warning). */
  | "REGISTRY_GAP"
  /** A version declares an `effective.to` on or after its successor's start; the successor ends it (an info). */
  | "REGISTRY_SUPERSEDED"
  /** The same `id@version` with different content (a version is immutable). */
  | "VERSION_CONFLICT"
  /** A file or folder could not be read. */
  | "FILE_UNREADABLE"
  /** A ruleset file's folder is not named after the ruleset's id. */
  | "FOLDER_MISMATCH"
  /** A ruleset file is not named after the ruleset's version. */
  | "FILE_NAME_MISMATCH";

/**
 * One problem found in a registry or in a file loaded into it: a {@link Diagnostic} that also
 * names the scheme, the versions and the files (sources) concerned.
 * @category Versions
 */
export interface RegistryDiagnostic {
  /** What kind of problem. */
  readonly code: RegistryDiagnosticCode;
  /** Where in the (first) document, e.g. `["effective"]`; empty for a problem with a whole file. */
  readonly path: readonly PathSegment[];
  /** What is wrong, naming the versions and files, in English. */
  readonly message: string;
  /** `error` or `warning` (an `error` makes `loadRegistry` fail). */
  readonly severity: Severity;
  /** The scheme concerned, when known. */
  readonly scheme: string | undefined;
  /** The versions concerned as `id@version`, in the order of {@link RegistryDiagnostic.sources}. */
  readonly versions: readonly string[];
  /** The files or labels concerned (the version's `source`), the one `path` points into first. */
  readonly sources: readonly string[];
  /**
   * Where the problem is in the text of the (first) file, when it was read from one: set by
   * `inspectRegistry` and `loadRegistry` on what one file shows (`NOT_JSON` at the first syntax
   * error, a ruleset's own diagnostics, `FOLDER_MISMATCH`, `FILE_NAME_MISMATCH`).
   */
  readonly position?: SourcePosition;
}

/**
 * What went wrong in a {@link RegistryError}, more precisely than its {@link CreditGradingError.code}.
 * @category Versions
 */
export type RegistryErrorKind =
  /** `add` got the same `id@version` with different content (code `RULESET_INVALID`). */
  | "VERSION_CONFLICT"
  /** `resolve` was asked for a scheme the registry does not hold (code `NOT_IN_EFFECT`). */
  | "UNKNOWN_SCHEME"
  /** No version of the scheme is in force on the date (code `NOT_IN_EFFECT`). */
  | "NO_VERSION_IN_EFFECT"
  /** More than one version is in force on the date (code `NOT_IN_EFFECT`). */
  | "AMBIGUOUS_VERSION"
  /** A date argument is not a calendar date `YYYY-MM-DD` (code `INVALID_OPTIONS`). */
  | "INVALID_DATE"
  /** `decidedAt` is before the as-of date of the evaluated period (code `INVALID_OPTIONS`). */
  | "DECIDED_BEFORE_PERIOD"
  /** `loadRegistry` found errors; {@link RegistryError.diagnostics} lists them all (code `RULESET_INVALID`). */
  | "LOAD_FAILED";

const BASE_CODE: Readonly<Record<RegistryErrorKind, ErrorCode>> = {
  VERSION_CONFLICT: "RULESET_INVALID",
  UNKNOWN_SCHEME: "NOT_IN_EFFECT",
  NO_VERSION_IN_EFFECT: "NOT_IN_EFFECT",
  AMBIGUOUS_VERSION: "NOT_IN_EFFECT",
  INVALID_DATE: "INVALID_OPTIONS",
  DECIDED_BEFORE_PERIOD: "INVALID_OPTIONS",
  LOAD_FAILED: "RULESET_INVALID",
};

/**
 * A registry refused an operation. {@link CreditGradingError.code} is one of the library's
 * codes (`RULESET_INVALID`, `NOT_IN_EFFECT`, `INVALID_OPTIONS`); {@link RegistryError.kind}
 * says precisely what happened.
 * @category Versions
 */
export class RegistryError extends CreditGradingError {
  override name = "RegistryError";
  /** What went wrong, e.g. `VERSION_CONFLICT`. */
  readonly kind: RegistryErrorKind;
  /** The diagnostics behind the error (every problem found when a folder failed to load). */
  readonly diagnostics: readonly RegistryDiagnostic[];

  /**
   * @param kind - What went wrong.
   * @param message - The message, naming the scheme, versions, dates and files.
   * @param diagnostics - The diagnostics behind it, if any.
   */
  constructor(kind: RegistryErrorKind, message: string, diagnostics: readonly RegistryDiagnostic[] = []) {
    super(BASE_CODE[kind], message);
    this.kind = kind;
    this.diagnostics = diagnostics;
  }
}

/**
 * Formats a registry diagnostic as one line: the file (with `:line:column` when the diagnostic
 * has a position), severity, code, path and message.
 * @param d - A registry diagnostic.
 * @returns One line of text.
 * @example
 * formatRegistryDiagnostic(registry.diagnostics()[0]);
 * //=> "rulesets/demo/1.1.0.json: warning REGISTRY_GAP at $.effective: …"
 * @category Versions
 */
export function formatRegistryDiagnostic(d: RegistryDiagnostic): string {
  // file:line:column: as `validate` and compilers print it, when the diagnostic is placed in its file.
  const at = d.position === undefined ? "" : `:${d.position.line}:${d.position.column}`;
  const where = d.sources[0] === undefined ? "" : `${d.sources[0]}${at}: `;
  return `${where}${d.severity} ${d.code} at ${formatPath(d.path)}: ${d.message}`;
}
