/**
 * Credit repair (信用修复, R14): a subject that corrected its behaviour applies to repair a
 * record once the minimum publicity period (最短公示期) for the record's severity has passed
 * (国办发〔2025〕22号: general 3 months, serious 1 year; minor at once), under the ruleset's
 * own publicity periods when it declares them. A repaired record is marked `repairedAt`, stops
 * counting in evaluation, and the subject is re-graded: the measures that end and start are
 * listed for the host to apply.
 *
 * Conditions beyond the period — obligations fulfilled, harm removed, no repeat penalty
 * (SAMR 令第45号 第十四条), the commitment letter — are facts the host checks before calling.
 * @module
 */
import type { IsoDate } from "../base/date.js";
import { isIsoDate } from "../base/date.js";
import { type DecisionRecord, toDecisionRecord } from "./decision.js";
import { CreditGradingError, SubjectError, subjectIssue } from "../base/errors.js";
import { _measureTransition, type MeasureTransition } from "./objection.js";
import { type CreditRecord, type RecordSeverity } from "../format/record.js";
import { compileLifetime } from "../engine/lifetime.js";
import type { CompiledRuleset, Evaluation } from "../engine/types.js";
import type { Subject } from "../format/subject.js";

/**
 * Why a repair is refused: `RECORD_NOT_FOUND` (no such record), `ALREADY_REPAIRED`,
 * `REVOKED` (撤销: nothing to repair), `NO_LONGER_COUNTS` (its publicity ended, or its type is
 * not one the ruleset counts), `TOO_EARLY` (the minimum publicity period has not passed).
 * @category Decisions
 */
export type RepairRefusal = "RECORD_NOT_FOUND" | "ALREADY_REPAIRED" | "REVOKED" | "NO_LONGER_COUNTS" | "TOO_EARLY";

/**
 * The answer of {@link checkRepairEligibility}.
 * @category Decisions
 */
export type RepairEligibility =
  | {
      /** The application can succeed. */
      readonly eligible: true;
      /** The record. */
      readonly recordId: string;
      /** The day of the application. */
      readonly applicationDate: IsoDate;
      /** The record's severity (`null` when it has none). */
      readonly severity: RecordSeverity | null;
      /** The first day repair could be applied for. */
      readonly repairableFrom: IsoDate;
    }
  | {
      /** The application is refused. */
      readonly eligible: false;
      /** The record. */
      readonly recordId: string;
      /** The day of the application. */
      readonly applicationDate: IsoDate;
      /** Why, as a code. */
      readonly refusal: RepairRefusal;
      /** Why, in English. */
      readonly reason: string;
      /** The earliest day an application could succeed (`TOO_EARLY`), or `null` when it never can. */
      readonly earliestDate: IsoDate | null;
    };

/**
 * A repair was refused; {@link RepairRefusedError.eligibility} says why.
 * @category Decisions
 */
export class RepairRefusedError extends CreditGradingError {
  override name = "RepairRefusedError";
  /** The refusal, with its code, reason and earliest date. */
  readonly eligibility: Extract<RepairEligibility, { eligible: false }>;

  /**
   * @param eligibility - The refusal.
   */
  constructor(eligibility: Extract<RepairEligibility, { eligible: false }>) {
    super("REPAIR_REFUSED", `repair of record ${eligibility.recordId} refused (${eligibility.refusal}): ${eligibility.reason}`);
    this.eligibility = eligibility;
  }
}

/**
 * Whether a record can be repaired on a date: it must exist, not be repaired or revoked, still
 * count, and its minimum publicity period must have passed (`repairableFrom`: the record's
 * date plus the minimum for its severity, under the ruleset's publicity periods).
 * @param subject - The subject with its records.
 * @param recordId - The record to repair.
 * @param applicationDate - The day of the application, `YYYY-MM-DD`.
 * @param compiled - The compiled ruleset whose record types and publicity periods apply.
 * @returns Eligible with the first repairable day, or refused with the reason and the earliest date it could succeed.
 * @throws CreditGradingError (`INVALID_OPTIONS`) when `applicationDate` is not a date.
 * @example
 * // A general penalty of 2025-01-10: 3 months' minimum publicity.
 * checkRepairEligibility(subject, "p1", "2025-04-09", compiled);
 * //=> { eligible: false, refusal: "TOO_EARLY", earliestDate: "2025-04-10", … }
 * checkRepairEligibility(subject, "p1", "2025-04-10", compiled).eligible; //=> true
 * @category Decisions
 */
export function checkRepairEligibility(subject: Subject, recordId: string, applicationDate: IsoDate, compiled: CompiledRuleset): RepairEligibility {
  if (!isIsoDate(applicationDate)) {
    throw new CreditGradingError("INVALID_OPTIONS", `checkRepairEligibility: applicationDate must be a date YYYY-MM-DD, received ${JSON.stringify(applicationDate)}`);
  }
  const refuse = (refusal: RepairRefusal, reason: string, earliestDate: IsoDate | null = null): RepairEligibility => ({
    eligible: false,
    recordId,
    applicationDate,
    refusal,
    reason,
    earliestDate,
  });
  const record = recordOf(subject, recordId);
  if (!record) return refuse("RECORD_NOT_FOUND", `subject ${subject.id} has no record ${recordId}`);
  // Hosts send null for "no value": only a date string marks a record repaired or revoked (own properties only).
  const revokedAt = Object.hasOwn(record, "revokedAt") ? record.revokedAt : undefined;
  const repairedAt = Object.hasOwn(record, "repairedAt") ? record.repairedAt : undefined;
  if (typeof revokedAt === "string") return refuse("REVOKED", `the record was revoked on ${revokedAt}`);
  if (typeof repairedAt === "string") return refuse("ALREADY_REPAIRED", `the record was repaired on ${repairedAt}`);
  const ownSeverity = Object.hasOwn(record, "severity") ? record.severity : undefined;
  const rs = compiled.ruleset;
  const lifetime = compileLifetime(rs.records?.types ?? [], rs.records?.publicity);
  const repairableFrom = lifetime.repairableFrom(record);
  const excluded = lifetime.exclusion(record, applicationDate);
  if (excluded?.reason === "UNDECLARED_TYPE") return refuse("NO_LONGER_COUNTS", `record type ${JSON.stringify(record.type)} is not declared by ${rs.id}@${rs.version}, so it never counted`);
  if (excluded?.reason === "PUBLICITY_ENDED") return refuse("NO_LONGER_COUNTS", `its publicity ended: it stopped counting on ${excluded.since}`);
  if (applicationDate < repairableFrom) {
    const severity = ownSeverity ? `${ownSeverity} ` : "";
    return refuse("TOO_EARLY", `the minimum publicity period of a ${severity}record dated ${record.date} runs until ${repairableFrom}`, repairableFrom);
  }
  return { eligible: true, recordId, applicationDate, severity: ownSeverity ?? null, repairableFrom };
}

// The subject's record of that id, read as own properties; a subject that is not an object, or
// whose records are not an array, is a SubjectError with the path.
function recordOf(subject: Subject, recordId: string): CreditRecord | undefined {
  if (subject === null || typeof subject !== "object") {
    throw new SubjectError(undefined, [subjectIssue("NOT_AN_OBJECT", [], "an object with id, inputs and records", String(subject))]);
  }
  const id = Object.hasOwn(subject, "id") && typeof subject.id === "string" ? subject.id : undefined;
  const records: unknown = Object.hasOwn(subject, "records") ? subject.records : undefined;
  if (records === undefined || records === null) return undefined;
  if (!Array.isArray(records)) throw new SubjectError(id, [subjectIssue("WRONG_TYPE", ["records"], "an array of credit records", typeof records)]);
  return (records as unknown[]).find(
    (r): r is CreditRecord => r !== null && typeof r === "object" && Object.hasOwn(r, "id") && (r as { id: unknown }).id === recordId,
  );
}

/**
 * Options of {@link repairRecord}.
 * @category Decisions
 */
export interface RepairOptions {
  /** The decision date, `YYYY-MM-DD`, not before the re-evaluation's as-of date. */
  readonly decidedAt: IsoDate;
  /** The decision in force before the repair: the new record supersedes it and measures are compared with it. */
  readonly previous?: DecisionRecord;
  /** The as-of date of the re-evaluation; default the repair date (a record stops counting from its repair date). */
  readonly asOf?: IsoDate;
  /** Keep the repaired subject in the record; default as `previous` did, else false. */
  readonly includeInput?: boolean;
  /** The new record's id; default derived from its content. */
  readonly decisionId?: string;
}

/**
 * The outcome of {@link repairRecord}.
 * @category Decisions
 */
export interface RepairResult {
  /** The subject with the record marked repaired (a copy; the input is not changed). */
  readonly subject: Subject;
  /** The eligibility found on the repair date. */
  readonly eligibility: Extract<RepairEligibility, { eligible: true }>;
  /** The re-evaluation, in which the record is left out as `REPAIRED`. */
  readonly evaluation: Evaluation;
  /** The new decision record (cause `repair`, superseding `previous` when given). */
  readonly record: DecisionRecord;
  /**
   * The measures that end, start and continue: against `previous` when given, else against an
   * evaluation of the unrepaired subject on the same as-of date.
   */
  readonly measures: MeasureTransition;
}

/**
 * Repairs a record: checks eligibility on the repair date, marks the record `repairedAt`,
 * re-evaluates the subject (the record no longer counts) and records the decision.
 * @param subject - The subject with its records.
 * @param recordId - The record to repair.
 * @param repairedAt - The repair date, `YYYY-MM-DD`; eligibility is checked on it.
 * @param compiled - The ruleset version in force on the re-evaluation's as-of date.
 * @param options - `decidedAt`; `previous` to supersede; `asOf`, `includeInput`, `decisionId`.
 * @returns The repaired subject, the re-evaluation, the new record and the measure transition.
 * @throws RepairRefusedError (`REPAIR_REFUSED`) when the record cannot be repaired on that date;
 * CreditGradingError (`INVALID_OPTIONS`) for bad dates or a `previous` of another subject or
 * scheme, (`NOT_IN_EFFECT`) when `compiled` is not in effect on the as-of date.
 * @example
 * const r = repairRecord(subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-11", previous });
 * r.evaluation.grade; //=> "B" (was C)
 * r.measures.terminate; //=> ["normal-sampling", "warning-reminder"]
 * @category Decisions
 */
export function repairRecord(subject: Subject, recordId: string, repairedAt: IsoDate, compiled: CompiledRuleset, options: RepairOptions): RepairResult {
  const eligibility = checkRepairEligibility(subject, recordId, repairedAt, compiled);
  if (!eligibility.eligible) throw new RepairRefusedError(eligibility);
  const asOf = options.asOf ?? repairedAt;
  if (!isIsoDate(asOf) || asOf < repairedAt) {
    throw new CreditGradingError("INVALID_OPTIONS", `repairRecord: asOf must be a date not before the repair date ${repairedAt} (before it the record still counts), received ${JSON.stringify(asOf)}`);
  }
  const { previous } = options;
  if (previous) {
    if (previous.subjectId !== subject.id) throw new CreditGradingError("INVALID_OPTIONS", `repairRecord: previous decision ${previous.decisionId} is about ${previous.subjectId}, not ${subject.id}`);
    if (previous.ruleset.scheme !== compiled.ref.scheme) {
      throw new CreditGradingError("INVALID_OPTIONS", `repairRecord: previous decision ${previous.decisionId} is under scheme ${previous.ruleset.scheme}, not ${compiled.ref.scheme}`);
    }
  }
  const records = (subject.records ?? []).map((r): CreditRecord => (r.id === recordId ? { ...r, repairedAt } : r));
  const repaired: Subject = { ...subject, records };
  const evaluation = compiled.evaluate(repaired, { asOf });
  const record = toDecisionRecord(evaluation, repaired, {
    decidedAt: options.decidedAt,
    cause: "repair",
    includeInput: options.includeInput ?? previous?.input !== undefined,
    note: `record ${recordId} repaired on ${repairedAt}`,
    ...(previous ? { supersedes: previous.decisionId } : {}),
    ...(options.decisionId !== undefined ? { decisionId: options.decisionId } : {}),
  });
  const before = previous ? previous.measures : compiled.evaluate(subject, { asOf }).measures.map((m) => m.id);
  return { subject: repaired, eligibility, evaluation, record, measures: _measureTransition(before, record.measures) };
}
