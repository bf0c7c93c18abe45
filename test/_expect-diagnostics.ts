/** Shared assertion for diagnostic tests: the whole list must be exactly the expected one. */
import { expect } from "vitest";
import { type DiagnosticCode, type PathSegment, type Severity, validateRuleset } from "../src/index.js";

/** One expected diagnostic; severity defaults to "error". */
export interface Expected {
  code: DiagnosticCode;
  path: PathSegment[];
  severity?: Severity;
  message: string;
}

/** The whole list of diagnostics must be exactly the expected one, messages included. */
export function expectDiagnostics(doc: unknown, expected: Expected[]): void {
  const { diagnostics, valid } = validateRuleset(doc);
  expect(
    diagnostics.map((d) => ({ code: d.code, path: d.path, severity: d.severity, message: d.message })),
    JSON.stringify(diagnostics, null, 1),
  ).toEqual(expected.map((e) => ({ code: e.code, path: e.path, severity: e.severity ?? "error", message: e.message })));
  expect(valid).toBe(!expected.some((e) => (e.severity ?? "error") === "error"));
}
