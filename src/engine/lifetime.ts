/**
 * How long a credit record counts (记录时效): until it is repaired (信用修复), revoked, or its
 * publicity period (公示期) ends, by its type's policy or its severity's period.
 * @module
 */
import { addDays, addDuration, type Duration, type IsoDate, parseDuration } from "../base/date.js";
import { type CreditRecord, type ExclusionReason, NATIONAL_PUBLICITY_2025, type PublicityPeriod, type RecordTypeDef } from "../format/record.js";

/**
 * A compiled record lifetime policy.
 * @category Grading
 */
export interface RecordLifetime {
  /** Why a record does not count on `asOf`, with the deciding date, or `undefined` when it counts. */
  readonly exclusion: (record: CreditRecord, asOf: IsoDate) => { reason: ExclusionReason; since: IsoDate } | undefined;
  /**
   * Why a record does not count on `asOf`, without the deciding date, or `undefined` when it
   * counts: the same answer as {@link RecordLifetime.exclusion}, computed without date
   * arithmetic per record (the evaluator's hot path).
   */
  readonly excludedBecause: (record: CreditRecord, asOf: IsoDate) => ExclusionReason | undefined;
  /**
   * {@link RecordLifetime.excludedBecause} for records of one type, known in advance (the
   * generated derivation calls one per record type it reads): the same answer, without
   * looking the type up per record.
   */
  readonly excludedFor: (type: string) => (record: CreditRecord, asOf: IsoDate) => ExclusionReason | undefined;
  /** The last day a record counts by its publicity period, or `undefined` when it does not expire. */
  readonly publicityEnd: (record: CreditRecord) => IsoDate | undefined;
  /** The first day repair may be applied for (the minimum publicity period has passed). */
  readonly repairableFrom: (record: CreditRecord) => IsoDate;
}

/**
 * Compiles how long records count.
 * @param types - The ruleset's record types.
 * @param periods - Publicity periods by severity (default: {@link NATIONAL_PUBLICITY_2025}).
 * @returns The lifetime policy.
 * @example
 * const life = compileLifetime([{ id: "penalty", name: { zh: "行政处罚", en: "penalty" } }]);
 * life.exclusion({ id: "p1", type: "penalty", date: "2024-01-10", severity: "general" }, "2025-03-01");
 * //=> { reason: "PUBLICITY_ENDED", since: "2025-01-10" }
 * @category Grading
 */
export function compileLifetime(
  types: readonly RecordTypeDef[],
  periods: readonly PublicityPeriod[] = NATIONAL_PUBLICITY_2025,
): RecordLifetime {
  const bySeverity = new Map<string, { min: Duration; max: Duration }>();
  for (const p of NATIONAL_PUBLICITY_2025) bySeverity.set(p.severity, { min: parseDuration(p.min)!, max: parseDuration(p.max)! });
  for (const p of periods) bySeverity.set(p.severity, { min: parseDuration(p.min)!, max: parseDuration(p.max)! });
  const typeById = new Map(types.map((t) => [t.id, t]));
  // The longest publicity of each declared type (undefined: by severity; null: never ends),
  // each with a one-entry cache of its cut-off for the last as-of date (see `endedBy`).
  const fixedMax = new Map<string, Cutoff | null | undefined>();
  for (const t of types) {
    const policy = t.publicity ?? "by-severity";
    fixedMax.set(t.id, policy === "none" ? null : typeof policy === "object" ? cutoff(parseDuration(policy.max)!) : undefined);
  }
  const severityMax = new Map<string, Cutoff>();
  for (const [severity, p] of bySeverity) severityMax.set(severity, cutoff(p.max));
  const computeEnd = (r: CreditRecord): IsoDate | undefined => {
    const policy = typeById.get(r.type)?.publicity ?? "by-severity";
    if (policy === "none") return undefined;
    const sev = own(r, "severity");
    const max = typeof policy === "object" ? parseDuration(policy.max) : typeof sev === "string" ? bySeverity.get(sev)?.max : undefined;
    // Publicity runs from the decision date; the record counts through the day before the period ends.
    return max ? addDuration(addDuration(r.date, max), { years: 0, months: 0, days: 1 }, -1) : undefined;
  };
  // The end depends on (type, severity, date) only: evaluations of a batch share it through
  // bounded caches, by type and severity then by date (date arithmetic was a tenth of
  // `evaluate`'s time). Only well-typed keys are cached.
  const ends = new Map<string, Map<string | undefined, Map<string, IsoDate | null>>>();
  const publicityEnd = (r: CreditRecord): IsoDate | undefined => {
    // Hosts send null for "no value" (subject checks accept it): null is absent, not a date.
    if (until(r) !== undefined) return until(r);
    const sev: unknown = own(r, "severity") ?? undefined;
    if (typeof r.type !== "string" || typeof r.date !== "string" || (sev !== undefined && typeof sev !== "string")) return computeEnd(r);
    let bySev = ends.get(r.type);
    if (bySev === undefined) ends.set(r.type, (bySev = new Map()));
    let byDate = bySev.get(sev);
    if (byDate === undefined) bySev.set(sev, (byDate = new Map()));
    const hit = byDate.get(r.date);
    if (hit !== undefined) return hit ?? undefined;
    const end = computeEnd(r);
    if (byDate.size >= 16384) byDate.clear();
    byDate.set(r.date, end ?? null);
    return end;
  };
  // The first day after publicity: the day after its end (cached the same way).
  const afterEnd = new Map<string, IsoDate>();
  const dayAfter = (end: IsoDate): IsoDate => {
    let next = afterEnd.get(end);
    if (next === undefined) {
      next = addDuration(end, { years: 0, months: 0, days: 1 });
      if (afterEnd.size >= 16384) afterEnd.clear();
      afterEnd.set(end, next);
    }
    return next;
  };
  // Whether the publicity period ended before asOf, i.e. publicityEnd(r) < asOf. The end is
  // date + max − 1 day, a non-decreasing function of the date (month arithmetic clamps to the
  // month's last day but never goes backwards), so the records whose period ended are exactly
  // those dated on or before one cut-off date per (max, asOf), found once and cached.
  // Whether the publicity ended, given the record type's fixed longest period (`null`: never
  // ends; `undefined`: by the record's severity).
  const endedWith = (fixed: Cutoff | null | undefined, r: CreditRecord, asOf: IsoDate): boolean => {
    if (until(r) !== undefined) return until(r)! < asOf;
    let c = fixed;
    if (c === null) return false;
    if (c === undefined) {
      const sev = own(r, "severity");
      c = typeof sev === "string" ? severityMax.get(sev) : undefined;
      if (c === undefined) return false;
    }
    if (c.asOf !== asOf) {
      c.last = lastEndedDate(c.max, asOf);
      c.asOf = asOf;
    }
    return r.date <= c.last;
  };
  // For a record of a declared type: the rest of excludedBecause.
  const excludedWith = (fixed: Cutoff | null | undefined, r: CreditRecord, asOf: IsoDate): ExclusionReason | undefined => {
    if (r.date > asOf) return "AFTER_AS_OF";
    const revokedAt = own(r, "revokedAt");
    if (typeof revokedAt === "string" && revokedAt <= asOf) return "REVOKED";
    const repairedAt = own(r, "repairedAt");
    if (typeof repairedAt === "string" && repairedAt <= asOf) return "REPAIRED";
    if (endedWith(fixed, r, asOf)) return "PUBLICITY_ENDED";
    return undefined;
  };
  const excludedBecause = (r: CreditRecord, asOf: IsoDate): ExclusionReason | undefined =>
    typeById.has(r.type) ? excludedWith(fixedMax.get(r.type), r, asOf) : "UNDECLARED_TYPE";
  const excludedFor = (type: string): ((r: CreditRecord, asOf: IsoDate) => ExclusionReason | undefined) => {
    if (!typeById.has(type)) return () => "UNDECLARED_TYPE";
    const fixed = fixedMax.get(type);
    return (r, asOf) => excludedWith(fixed, r, asOf);
  };
  return {
    publicityEnd,
    excludedBecause,
    excludedFor,
    repairableFrom: (r) => {
      const sev = own(r, "severity");
      const min = typeof sev === "string" ? bySeverity.get(sev)?.min : undefined;
      return min ? addDuration(r.date, min) : r.date;
    },
    exclusion: (r, asOf) => {
      const reason = excludedBecause(r, asOf);
      switch (reason) {
        case undefined:
          return undefined;
        case "UNDECLARED_TYPE":
        case "AFTER_AS_OF":
          return { reason, since: r.date };
        case "REVOKED":
          return { reason, since: own(r, "revokedAt") as IsoDate };
        case "REPAIRED":
          return { reason, since: own(r, "repairedAt") as IsoDate };
        case "PUBLICITY_ENDED":
          return { reason, since: dayAfter(publicityEnd(r)!) };
      }
    },
  };
}

// Subject data is read as own properties only: a field on Object.prototype is not the record's.
const own = (r: CreditRecord, key: "severity" | "revokedAt" | "repairedAt" | "publicUntil"): unknown => (Object.hasOwn(r, key) ? r[key] : undefined);

// The explicit last day of publicity (null is absent, as hosts send it for "no value").
const until = (r: CreditRecord): IsoDate | undefined => {
  const v = own(r, "publicUntil");
  return v === null || v === undefined ? undefined : (v as IsoDate);
};

interface Cutoff {
  readonly max: Duration;
  asOf: string;
  last: string;
}

const cutoff = (max: Duration): Cutoff => ({ max, asOf: "", last: "" });

// The last record date whose publicity (date + max − 1 day) ends before asOf, or "" when none
// does: start at asOf − max and step by days, a few at most (month clamping moves it by at most
// three days); at the calendar's first day nothing before it can have ended.
function lastEndedDate(max: Duration, asOf: IsoDate): IsoDate {
  const ends = (date: IsoDate): boolean => addDuration(addDuration(date, max), { years: 0, months: 0, days: 1 }, -1) < asOf;
  let d = addDuration(asOf, max, -1);
  for (let step = 0; !ends(d); step++) {
    if (step === STEPS || d === "0000-01-01") return "";
    d = addDays(d, -1);
  }
  for (let next = addDays(d, 1), step = 0; ends(next) && step < STEPS; next = addDays(next, 1), step++) d = next;
  return d;
}

const STEPS = 8;
