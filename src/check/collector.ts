/**
 * Collects diagnostics while a ruleset is checked.
 * @module
 */
import type { Diagnostic, DiagnosticCode, PathSegment, Severity } from "../base/diagnostic.js";

/**
 * An append-only list of diagnostics.
 * @category Checking rulesets
 */
export class Collector {
  /** The diagnostics so far, in the order found. */
  readonly list: Diagnostic[] = [];

  /** Adds one diagnostic (an error unless said otherwise). */
  add(code: DiagnosticCode, path: readonly PathSegment[], message: string, severity: Severity = "error"): void {
    this.list.push({ code, path, message, severity });
  }
}
