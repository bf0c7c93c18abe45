/**
 * One row of a batch read by the CLI: a subject with its line number, or the line's problem.
 * @module
 */

/** One input row: a parsed subject or a rejection, with its 1-based line number. */
export type Row =
  | { readonly ok: true; readonly line: number; readonly subject: unknown }
  | { readonly ok: false; readonly line: number; readonly subjectId: string | undefined; readonly code: string; readonly reason: string };
