/**
 * Subjects (市场主体): what a host passes to grade, keyed by the unified social credit code.
 * The engine checks a subject against a ruleset's declared inputs and record types as it reads
 * it (engine/kernel/subject.ts).
 * @module
 */
import type { CreditRecord } from "./record.js";

/**
 * A market subject to grade: its id (normally the unified social credit code) and its inputs.
 * @category Ruleset format
 */
export interface Subject {
  /** The subject's id, normally its 统一社会信用代码 (unified social credit code). */
  readonly id: string;
  /** The subject's name, for reports. */
  readonly name?: string | undefined;
  /** Input values by declared input id; `null` or absent means missing. */
  readonly inputs?: Readonly<Record<string, unknown>> | undefined;
  /** Dated credit records (penalties, list entries, commitments, …) of types the ruleset declares. */
  readonly records?: readonly CreditRecord[] | undefined;
}

/**
 * The deepest a subject's data may be nested, the subject itself being level 1 (a record's field
 * is at level 4): deeper data is a subject error, so that nothing that later writes or hashes the
 * subject (a result echoing a record, a decision record's input hash) can exhaust the stack.
 * @category Ruleset format
 */
export const MAX_SUBJECT_DEPTH = 32;
