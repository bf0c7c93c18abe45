/**
 * Dated credit records (信用记录) and their lifetime: administrative penalties, list entries,
 * commitments (信用承诺), inspections, complaints, judgments, other evaluations. A record
 * counts in an evaluation until it is repaired (信用修复), revoked, or its publicity period
 * (公示期) ends; every record left out is listed with the reason.
 * @module
 */
import { z } from "zod";
import { Bilingual, Id } from "./common.js";
import { DURATION_PATTERN, type IsoDate, isIsoDate } from "../base/date.js";

/**
 * Schema of an ISO 8601 duration of years, months and days, e.g. `P3M`, `P1Y`, `P90D`.
 * @category Ruleset format
 */
export const DurationSchema = z
  .string()
  .regex(DURATION_PATTERN)
  .describe("An ISO 8601 duration of years, months and days: P3M, P1Y, P90D; at most 100 years, 1200 months and 36525 days.");

/**
 * The three severities of dishonesty information (失信信息) in 国办发〔2025〕22号.
 * @category Ruleset format
 */
export const RECORD_SEVERITIES = ["minor", "general", "serious"] as const;
/**
 * A severity: 轻微 `minor`, 一般 `general`, 严重 `serious`.
 * @category Ruleset format
 */
export type RecordSeverity = (typeof RECORD_SEVERITIES)[number];

/**
 * Schema of a publicity period for one severity: the minimum before repair, the maximum before it stops counting.
 * @category Ruleset format
 */
export const PublicityPeriodSchema = z.strictObject({
  severity: z.enum(RECORD_SEVERITIES).describe("轻微 minor, 一般 general, 严重 serious."),
  min: DurationSchema.describe("最短公示期: repair may be applied for once it has passed."),
  max: DurationSchema.describe("最长公示期: the record stops counting once it has passed."),
});

/**
 * A publicity period for one severity.
 * @category Ruleset format
 */
export type PublicityPeriod = z.infer<typeof PublicityPeriodSchema>;

/**
 * The national publicity periods of 国办发〔2025〕22号: minor information at most 3 months,
 * general 3 months to 1 year, serious 1 to 3 years.
 * @category Ruleset format
 */
export const NATIONAL_PUBLICITY_2025: readonly PublicityPeriod[] = Object.freeze([
  { severity: "minor", min: "P0D", max: "P3M" },
  { severity: "general", min: "P3M", max: "P1Y" },
  { severity: "serious", min: "P1Y", max: "P3Y" },
]);

/**
 * Schema of a declared field of a record type.
 * @category Ruleset format
 */
export const RecordFieldSchema = z.strictObject({
  id: Id,
  type: z.enum(["number", "boolean", "category", "date", "string"]).describe("The field's value type."),
  values: z.array(z.string().min(1)).min(1).optional().describe("The valid values of a category field."),
  required: z.boolean().optional().describe("When true, a record without the field is rejected."),
  description: z.string().optional().describe("What the field holds."),
});

/**
 * Schema of a declared record type.
 * @category Ruleset format
 */
export const RecordTypeSchema = z.strictObject({
  id: Id.describe("The record type, e.g. penalty, list-entry, commitment."),
  name: Bilingual,
  description: z.string().optional().describe("What records of this type are."),
  fields: z.array(RecordFieldSchema).optional().describe("Fields beyond id, type, date, severity, repairedAt, revokedAt, publicUntil."),
  severity: z
    .enum(["required", "optional"])
    .optional()
    .describe("Whether each record must carry a severity (default optional); required where publicity runs by severity."),
  publicity: z
    .union([z.literal("by-severity"), z.literal("none"), z.strictObject({ max: DurationSchema })])
    .optional()
    .describe("How long a record counts: by its severity (default), never expiring (none), or a fixed maximum."),
});

/**
 * A declared record type.
 * @category Ruleset format
 */
export type RecordTypeDef = z.infer<typeof RecordTypeSchema>;
/**
 * A declared field of a record type.
 * @category Ruleset format
 */
export type RecordFieldDef = z.infer<typeof RecordFieldSchema>;

/**
 * A credit record of a subject, as hosts supply it.
 * @category Ruleset format
 */
export interface CreditRecord {
  /** The record's id, unique for the subject. */
  readonly id: string;
  /** Its declared type. */
  readonly type: string;
  /** The decision or event date, `YYYY-MM-DD`. */
  readonly date: IsoDate;
  /** 轻微 / 一般 / 严重, for publicity periods. */
  readonly severity?: RecordSeverity | undefined;
  /** The date it was repaired (信用修复); from then on it no longer counts. */
  readonly repairedAt?: IsoDate | undefined;
  /** The date it was revoked (撤销); from then on it no longer counts. */
  readonly revokedAt?: IsoDate | undefined;
  /** An explicit last day of publicity, overriding the severity's period (e.g. a ban's length). */
  readonly publicUntil?: IsoDate | undefined;
  /** Further declared fields. */
  readonly [field: string]: unknown;
}

/**
 * Why a record was left out of an evaluation.
 * @category Ruleset format
 */
export type ExclusionReason = "REPAIRED" | "REVOKED" | "PUBLICITY_ENDED" | "AFTER_AS_OF" | "UNDECLARED_TYPE";

/**
 * A record left out of an evaluation, and why.
 * @category Ruleset format
 */
export interface ExcludedRecord {
  /** The record's id. */
  readonly recordId: string;
  /** Its type. */
  readonly type: string;
  /** Its date. */
  readonly date: IsoDate;
  /** Why it does not count. */
  readonly reason: ExclusionReason;
  /** The date that decided it: repair, revocation or end of publicity. */
  readonly since: IsoDate;
}

/**
 * Standard record keys that every record type has.
 * @category Ruleset format
 */
export const STANDARD_RECORD_FIELDS = ["id", "type", "date", "severity", "repairedAt", "revokedAt", "publicUntil"] as const;

/**
 * Whether a value has the shape of a credit record's standard fields.
 * @param value - Anything.
 * @returns `true` when id, type and date are present and well-formed.
 * @example
 * isCreditRecord({ id: "r1", type: "penalty", date: "2025-01-01" }); //=> true
 * @category Ruleset format
 */
export function isCreditRecord(value: unknown): value is CreditRecord {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const r = value as Record<string, unknown>;
  return typeof r["id"] === "string" && typeof r["type"] === "string" && isIsoDate(r["date"]);
}
