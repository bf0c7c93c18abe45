/**
 * Objections (异议, R13): a subject disputes its result or one of its records; the case is
 * handled within 7 working days of formal receipt (鹤岗 plan 三(五)1). When the objection is
 * upheld, the corrected subject is re-evaluated under the ruleset version that applied to the
 * original period, a new decision record supersedes the old one, and the measures wrongly
 * applied are listed for termination; when it is rejected, the reason is recorded.
 *
 * The deadline's length is an option, not a ruleset field: a department whose rules set
 * another window (e.g. 20 working days) passes `workingDays`. No function here reads a clock:
 * "today" and every date are arguments.
 * @module
 */
import { addWorkingDays, type WorkCalendar } from "../base/calendar.js";
import { daysBetween, type IsoDate, isIsoDate } from "../base/date.js";
import { hashJson } from "../base/hash.js";
import { type DecisionRecord, toDecisionRecord } from "./decision.js";
import { CreditGradingError } from "../base/errors.js";
import type { CompiledRuleset, Evaluation } from "../engine/types.js";
import type { Subject } from "../format/subject.js";

/**
 * The default objection window: 7 working days from formal receipt (鹤岗 plan 三(五)1).
 * @category Decisions
 */
export const OBJECTION_WORKING_DAYS = 7;

/**
 * What an objection disputes: the result as a whole, or one credit record behind it.
 * @category Decisions
 */
export type DisputedItem = { readonly kind: "result" } | { readonly kind: "record"; readonly recordId: string };

/**
 * An objection as filed: who, against which decision, about what, received when.
 * @category Decisions
 */
export interface ObjectionFiling {
  /** The objection's id; default derived from the filing's content. */
  readonly objectionId?: string;
  /** The subject that objects. */
  readonly subjectId: string;
  /** The decision disputed. */
  readonly decisionId: string;
  /** What is disputed. */
  readonly disputed: DisputedItem;
  /** The day the objection was formally received (受理), `YYYY-MM-DD`; the deadline counts from the day after. */
  readonly receivedAt: IsoDate;
}

/**
 * Options of {@link fileObjection}.
 * @category Decisions
 */
export interface FileObjectionOptions {
  /** Working days to handle the case; default {@link OBJECTION_WORKING_DAYS} (7). */
  readonly workingDays?: number;
  /** The working-day calendar; default the shipped Chinese calendar. */
  readonly calendar?: WorkCalendar;
}

/**
 * What every objection carries, pending or decided.
 * @category Decisions
 */
export interface ObjectionBase {
  /** The objection's id. */
  readonly objectionId: string;
  /** The subject that objects. */
  readonly subjectId: string;
  /** The decision disputed. */
  readonly decisionId: string;
  /** What is disputed. */
  readonly disputed: DisputedItem;
  /** The day it was formally received. */
  readonly receivedAt: IsoDate;
  /** The working days allowed. */
  readonly workingDays: number;
  /** The last day to decide it: `workingDays` working days after `receivedAt`. */
  readonly deadline: IsoDate;
}

/**
 * An objection not yet decided.
 * @category Decisions
 */
export interface PendingObjection extends ObjectionBase {
  /** Not decided yet. */
  readonly status: "pending";
}

/**
 * An objection found right: the subject was re-evaluated.
 * @category Decisions
 */
export interface UpheldObjection extends ObjectionBase {
  /** Upheld. */
  readonly status: "upheld";
  /** The decision date. */
  readonly decidedAt: IsoDate;
  /** Whether it was decided after the deadline (allowed, but flagged). */
  readonly late: boolean;
  /** The decision record that replaces the disputed one. */
  readonly newDecisionId: string;
}

/**
 * An objection found wrong: the result stands, with the reason on file.
 * @category Decisions
 */
export interface RejectedObjection extends ObjectionBase {
  /** Rejected. */
  readonly status: "rejected";
  /** The decision date. */
  readonly decidedAt: IsoDate;
  /** Whether it was decided after the deadline (allowed, but flagged). */
  readonly late: boolean;
  /** Why it was rejected. */
  readonly reason: string;
}

/**
 * An objection, pending or decided.
 * @category Decisions
 */
export type Objection = PendingObjection | UpheldObjection | RejectedObjection;

/**
 * What the host must do with measures after a re-evaluation, by measure id.
 * @category Decisions
 */
export interface MeasureTransition {
  /** Measures in force before but not after: to terminate (终止), e.g. restrictions wrongly applied. */
  readonly terminate: readonly string[];
  /** Measures in force after but not before: to start. */
  readonly start: readonly string[];
  /** Measures in force before and after. */
  readonly keep: readonly string[];
}

/**
 * Files an objection and computes its deadline on the working-day calendar.
 * @param filing - Subject, disputed decision, what is disputed, the day received.
 * @param options - `workingDays` (default 7; a department with another window passes its own) and `calendar`.
 * @returns The pending objection with its deadline.
 * @throws CreditGradingError (`INVALID_OPTIONS`) for a missing id or a bad date; (`OUT_OF_CALENDAR`) when the deadline runs outside the calendar's data.
 * @example
 * const o = fileObjection({ subjectId: "s1", decisionId: "d-1", disputed: { kind: "result" }, receivedAt: "2025-09-30" });
 * o.deadline; //=> "2025-10-16" (10-01 to 10-08 are off, Saturday 10-11 is worked)
 * @category Decisions
 */
export function fileObjection(filing: ObjectionFiling, options: FileObjectionOptions = {}): PendingObjection {
  if (filing === null || typeof filing !== "object") throw new CreditGradingError("INVALID_OPTIONS", `fileObjection: the filing must be an object { subjectId, decisionId, disputed, receivedAt }, received ${String(filing)}`);
  const { subjectId, decisionId, disputed, receivedAt } = filing;
  if (typeof subjectId !== "string" || subjectId === "") throw new CreditGradingError("INVALID_OPTIONS", "fileObjection: subjectId must be a non-empty string");
  if (typeof decisionId !== "string" || decisionId === "") throw new CreditGradingError("INVALID_OPTIONS", "fileObjection: decisionId must be a non-empty string");
  if (disputed?.kind !== "result" && !(disputed?.kind === "record" && typeof disputed.recordId === "string" && disputed.recordId !== "")) {
    throw new CreditGradingError("INVALID_OPTIONS", `fileObjection: disputed must be { kind: "result" } or { kind: "record", recordId }, received ${JSON.stringify(disputed)}`);
  }
  if (!isIsoDate(receivedAt)) throw new CreditGradingError("INVALID_OPTIONS", `fileObjection: receivedAt must be a date YYYY-MM-DD, received ${JSON.stringify(receivedAt)}`);
  const workingDays = options.workingDays ?? OBJECTION_WORKING_DAYS;
  if (!Number.isInteger(workingDays) || workingDays < 1) {
    throw new CreditGradingError("INVALID_OPTIONS", `fileObjection: workingDays must be a whole number >= 1, received ${workingDays}`);
  }
  const deadline = addWorkingDays(receivedAt, workingDays, options.calendar);
  const copy: DisputedItem = disputed.kind === "record" ? { kind: "record", recordId: disputed.recordId } : { kind: "result" };
  const objectionId = filing.objectionId ?? `o-${hashJson({ subjectId, decisionId, disputed: copy, receivedAt }).slice(7, 31)}`;
  return { objectionId, subjectId, decisionId, disputed: copy, receivedAt, workingDays, deadline, status: "pending" };
}

/**
 * A pending objection past its deadline.
 * @category Decisions
 */
export interface OverdueObjection {
  /** The objection. */
  readonly objection: PendingObjection;
  /** Calendar days since the deadline (1 on the day after it). */
  readonly daysOverdue: number;
}

/**
 * The pending objections whose deadline has passed on `today`, most overdue first. An
 * objection is on time through its deadline day; decided objections are never listed.
 * @param objections - Objections, pending or decided.
 * @param today - The date to check on, `YYYY-MM-DD` (the library reads no clock).
 * @returns The overdue ones, each with the calendar days past its deadline.
 * @throws CreditGradingError (`INVALID_OPTIONS`) when `today` is not a date.
 * @example
 * overdueObjections([o], "2025-10-17").map((x) => x.daysOverdue); //=> [1] (deadline 2025-10-16)
 * @category Decisions
 */
export function overdueObjections(objections: Iterable<Objection>, today: IsoDate): OverdueObjection[] {
  if (!isIsoDate(today)) throw new CreditGradingError("INVALID_OPTIONS", `overdueObjections: today must be a date YYYY-MM-DD, received ${JSON.stringify(today)}`);
  const out: OverdueObjection[] = [];
  for (const o of objections) {
    if (o.status === "pending" && o.deadline < today) out.push({ objection: o, daysOverdue: daysBetween(o.deadline, today) });
  }
  // Stable: ties keep the input order.
  return out.sort((a, b) => b.daysOverdue - a.daysOverdue);
}

/**
 * The outcome an authority reached on an objection.
 * @category Decisions
 */
export type ObjectionOutcome =
  | {
      /** Upheld: the data was wrong, stale or incomplete. */
      readonly upheld: true;
      /** The subject with its data corrected (records fixed, completed or removed). */
      readonly corrected: Subject;
    }
  | {
      /** Rejected: the result stands. */
      readonly upheld: false;
      /** Why, for the file and the reply to the subject. */
      readonly reason: string;
    };

/**
 * Options of {@link decideObjection}.
 * @category Decisions
 */
export interface DecideObjectionOptions {
  /**
   * Finds the ruleset version for a scheme and an as-of date: a registry's `resolve`, or
   * `() => compiled` when one version is at hand. It is asked for the original period.
   */
  readonly resolve: (scheme: string, asOf: string) => CompiledRuleset;
  /** The decision date, `YYYY-MM-DD`, not before the objection was received. */
  readonly decidedAt: IsoDate;
  /** Keep the corrected subject in the new record; default: as the original record did. */
  readonly includeInput?: boolean;
  /** The new record's id; default derived from its content. */
  readonly decisionId?: string;
}

/**
 * The outcome of {@link decideObjection}.
 * @category Decisions
 */
export type ObjectionDecision =
  | {
      /** Upheld. */
      readonly upheld: true;
      /** The decided objection. */
      readonly objection: UpheldObjection;
      /** The re-evaluation of the corrected subject for the original period. */
      readonly evaluation: Evaluation;
      /** The new decision record (cause `objection`, superseding the original). */
      readonly record: DecisionRecord;
      /** Measures to terminate, start and keep, against the original record. */
      readonly measures: MeasureTransition;
    }
  | {
      /** Rejected. */
      readonly upheld: false;
      /** The decided objection, with the reason. */
      readonly objection: RejectedObjection;
    };

/**
 * Decides an objection. Upheld: the corrected subject is re-evaluated under the ruleset
 * version of the ORIGINAL period (`resolve(original.ruleset.scheme, original.asOf)`, whose
 * content hash must be the one recorded), even when the decision is made in a later year; a
 * new decision record with cause `objection` supersedes the original, and the measures to
 * terminate and to start are listed. Rejected: the reason is recorded and nothing is
 * re-evaluated. Deciding after the deadline is allowed and flagged `late`.
 * @param objection - The pending objection.
 * @param original - The disputed decision record.
 * @param outcome - `{ upheld: true, corrected }` or `{ upheld: false, reason }`.
 * @param options - `resolve`, `decidedAt`, and optionally `includeInput` and `decisionId`.
 * @returns The decided objection, with the re-evaluation, the new record and the measure transition when upheld.
 * @throws CreditGradingError (`INVALID_OPTIONS`) when the objection is already decided, the
 * record, objection and subject do not match, the date is bad, the reason is empty, or the
 * resolved ruleset is not the recorded version; SubjectError for a bad corrected subject.
 * @example
 * const d = decideObjection(objection, original, { upheld: true, corrected }, { resolve: registry.resolve, decidedAt: "2026-01-13" });
 * d.upheld && d.record.supersedes === original.decisionId; //=> true
 * d.upheld && d.measures.terminate; //=> ["key-supervision", …, "restrict-fiscal-funds"]
 * @category Decisions
 */
export function decideObjection(
  objection: Objection,
  original: DecisionRecord,
  outcome: ObjectionOutcome,
  options: DecideObjectionOptions,
): ObjectionDecision {
  const where = `decideObjection ${objection.objectionId}`;
  if (objection.status !== "pending") throw new CreditGradingError("INVALID_OPTIONS", `${where}: already decided (${objection.status} on ${objection.decidedAt})`);
  if (original.decisionId !== objection.decisionId) {
    throw new CreditGradingError("INVALID_OPTIONS", `${where}: the objection disputes ${objection.decisionId}, not ${original.decisionId}`);
  }
  if (original.subjectId !== objection.subjectId) {
    throw new CreditGradingError("INVALID_OPTIONS", `${where}: decision ${original.decisionId} is about ${original.subjectId}, not ${objection.subjectId}`);
  }
  const { decidedAt } = options;
  if (!isIsoDate(decidedAt) || decidedAt < objection.receivedAt) {
    throw new CreditGradingError("INVALID_OPTIONS", `${where}: decidedAt must be a date not before the objection was received (${objection.receivedAt}), received ${JSON.stringify(decidedAt)}`);
  }
  if (objection.receivedAt < original.decidedAt) {
    throw new CreditGradingError("INVALID_OPTIONS", `${where}: received ${objection.receivedAt}, before the disputed decision was made (${original.decidedAt})`);
  }
  const late = decidedAt > objection.deadline;
  const { status: _pending, ...base } = objection;

  if (!outcome.upheld) {
    if (typeof outcome.reason !== "string" || outcome.reason.trim() === "") throw new CreditGradingError("INVALID_OPTIONS", `${where}: a rejection needs a reason`);
    return { upheld: false, objection: { ...base, status: "rejected", decidedAt, late, reason: outcome.reason } };
  }

  const { corrected } = outcome;
  if (corrected?.id !== objection.subjectId) {
    throw new CreditGradingError("INVALID_OPTIONS", `${where}: the corrected subject is ${JSON.stringify(corrected?.id)}, not ${objection.subjectId}`);
  }
  const compiled = options.resolve(original.ruleset.scheme, original.asOf);
  if (compiled.ref.contentHash !== original.ruleset.contentHash) {
    throw new CreditGradingError(
      "INVALID_OPTIONS",
      `${where}: the original period (${original.ruleset.scheme}, as of ${original.asOf}) was graded under ${original.ruleset.id}@${original.ruleset.version} ${original.ruleset.contentHash.slice(0, 19)}…, but resolve returned ${compiled.ref.id}@${compiled.ref.version} ${compiled.ref.contentHash.slice(0, 19)}…`,
    );
  }
  // The version is the one recorded for this period, so its effective dates need no second check.
  const evaluation = compiled.evaluate(corrected, { asOf: original.asOf, allowOutOfEffect: true });
  const disputed = objection.disputed.kind === "record" ? `record ${objection.disputed.recordId}` : "the result";
  const record = toDecisionRecord(evaluation, corrected, {
    decidedAt,
    cause: "objection",
    supersedes: original.decisionId,
    includeInput: options.includeInput ?? original.input !== undefined,
    note: `objection ${objection.objectionId} on ${disputed} upheld${late ? ` after the deadline ${objection.deadline}` : ""}`,
    ...(options.decisionId !== undefined ? { decisionId: options.decisionId } : {}),
  });
  return {
    upheld: true,
    objection: { ...base, status: "upheld", decidedAt, late, newDecisionId: record.decisionId },
    evaluation,
    record,
    measures: _measureTransition(original.measures, record.measures),
  };
}

/**
 * The measure transition between two lists of measure ids (internal: shared with repair).
 * @param before - Ids in force before.
 * @param after - Ids in force after.
 * @returns What to terminate, start and keep, each in its list's order.
 * @category Decisions
 */
export function _measureTransition(before: readonly string[], after: readonly string[]): MeasureTransition {
  const was = new Set(before);
  const now = new Set(after);
  return {
    terminate: before.filter((id) => !now.has(id)),
    start: after.filter((id) => !was.has(id)),
    keep: after.filter((id) => was.has(id)),
  };
}
