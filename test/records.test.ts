/**
 * Tests of dates and durations (`date.ts`) and of record lifetimes (`record.ts`): how long a
 * credit record counts under the publicity periods (公示期) of 国办发〔2025〕22号 — minor at most
 * 3 months, general 3 months to 1 year, serious 1 to 3 years — and when it stops counting
 * because it was repaired (信用修复), revoked, or is dated after the as-of date.
 * Every expected date is worked out by hand in the comment beside it.
 */
import { describe, expect, it } from "vitest";
import { compileLifetime, type CreditRecord, isIsoDate, NATIONAL_PUBLICITY_2025, PublicityPeriodSchema, type RecordTypeDef } from "../src/index.js";
import { addDuration, type Duration, parseDuration } from "../src/base/date.js";
import { addDays, daysBetween } from "../src/base/date.js";
import { isCreditRecord } from "../src/format/record.js";
import { recordsRuleset } from "./fixtures.js";

const dur = (years: number, months: number, days: number): Duration => ({ years, months, days });

describe("isIsoDate", () => {
  it("accepts real calendar days only", () => {
    expect(isIsoDate("2024-02-29")).toBe(true); // 2024 is divisible by 4: leap
    expect(isIsoDate("2000-02-29")).toBe(true); // divisible by 400: leap
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2100-02-29")).toBe(false); // divisible by 100, not 400: common year
    expect(isIsoDate("2025-04-31")).toBe(false); // April has 30 days
    expect(isIsoDate("2025-12-31")).toBe(true);
  });

  it("rejects other shapes and non-strings", () => {
    for (const v of ["2025-13-01", "2025-00-10", "2025-01-00", "2025-1-01", "25-01-01", "2025-01-01T00:00", " 2025-01-01", "", 20250101, null, undefined]) {
      expect(isIsoDate(v), String(v)).toBe(false);
    }
  });
});

describe("parseDuration", () => {
  it("years, months and days, each optional", () => {
    expect(parseDuration("P1Y6M")).toEqual(dur(1, 6, 0));
    expect(parseDuration("P90D")).toEqual(dur(0, 0, 90));
    expect(parseDuration("P3M")).toEqual(dur(0, 3, 0));
    expect(parseDuration("P2Y3M4D")).toEqual(dur(2, 3, 4));
    expect(parseDuration("P0D")).toEqual(dur(0, 0, 0));
  });

  it("rejects what is not a duration of years, months and days", () => {
    for (const t of ["P", "", "1Y", "PT1H", "P1W", "P1M1Y", "p1y", "P-1Y", "P1.5Y", "P1Y ", "P12345Y"]) {
      expect(parseDuration(t), t).toBeUndefined();
    }
  });
});

describe("addDays and daysBetween", () => {
  it("cross month, year and leap day", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
    expect(addDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
  });

  it("count whole days, negative backwards", () => {
    expect(daysBetween("2025-01-01", "2025-03-01")).toBe(59); // 31 + 28
    expect(daysBetween("2024-01-01", "2024-03-01")).toBe(60); // 31 + 29
    expect(daysBetween("2024-01-01", "2025-01-01")).toBe(366);
    expect(daysBetween("2025-03-01", "2025-01-01")).toBe(-59);
    expect(daysBetween("2025-06-30", "2025-06-30")).toBe(0);
  });
});

describe("addDuration", () => {
  it("clamps to the end of a shorter month", () => {
    expect(addDuration("2024-01-31", dur(0, 1, 0))).toBe("2024-02-29"); // leap February
    expect(addDuration("2025-01-31", dur(0, 1, 0))).toBe("2025-02-28");
    expect(addDuration("2025-03-31", dur(0, 1, 0))).toBe("2025-04-30");
    expect(addDuration("2024-11-30", dur(0, 3, 0))).toBe("2025-02-28"); // Nov → Feb of a common year
    // 2024-08 + 18 months = 2026-02; 31 clamps to 28.
    expect(addDuration("2024-08-31", dur(0, 18, 0))).toBe("2026-02-28");
  });

  it("leap days: a year after 29 February is 28 February, four years after is 29 February", () => {
    expect(addDuration("2024-02-29", dur(1, 0, 0))).toBe("2025-02-28");
    expect(addDuration("2024-02-29", dur(4, 0, 0))).toBe("2028-02-29");
    expect(addDuration("2024-02-29", dur(0, 12, 0))).toBe("2025-02-28"); // P12M is P1Y
    expect(addDuration("2096-02-29", dur(4, 0, 0))).toBe("2100-02-28"); // 2100 is not leap
  });

  it("subtracts with sign −1, wrapping the year and clamping", () => {
    expect(addDuration("2025-12-31", dur(3, 0, 0), -1)).toBe("2022-12-31");
    expect(addDuration("2025-01-15", dur(0, 1, 0), -1)).toBe("2024-12-15");
    expect(addDuration("2024-03-31", dur(0, 1, 0), -1)).toBe("2024-02-29");
    expect(addDuration("2025-03-31", dur(0, 1, 0), -1)).toBe("2025-02-28");
    expect(addDuration("2025-01-31", dur(0, 14, 0), -1)).toBe("2023-11-30"); // 2025-01 − 14 months = 2023-11
    expect(addDuration("2028-02-29", dur(1, 0, 0), -1)).toBe("2027-02-28");
  });

  it("months first, then days (in both directions)", () => {
    // 2024-01-31 + 1 month = 2024-02-29 (clamped), + 1 day = 2024-03-01.
    expect(addDuration("2024-01-31", dur(0, 1, 1))).toBe("2024-03-01");
    // 2024-03-31 − 1 month = 2024-02-29, − 1 day = 2024-02-28.
    expect(addDuration("2024-03-31", dur(0, 1, 1), -1)).toBe("2024-02-28");
    expect(addDuration("2025-06-30", dur(0, 0, 90))).toBe("2025-09-28"); // 1 (Jun) + 31 + 31 + 27
    expect(addDuration("2025-06-30", dur(0, 0, 0))).toBe("2025-06-30");
  });

  it("is not its own inverse at month ends (clamping loses the day)", () => {
    const there = addDuration("2024-01-31", dur(0, 1, 0)); // 2024-02-29
    expect(addDuration(there, dur(0, 1, 0), -1)).toBe("2024-01-29");
  });
});

// ---------------------------------------------------------------- lifetimes

const TYPES = recordsRuleset().records!.types as RecordTypeDef[];
const life = compileLifetime(TYPES);
const penalty = (date: string, severity: CreditRecord["severity"], extra: Partial<CreditRecord> = {}): CreditRecord => ({
  id: "p1",
  type: "penalty",
  date,
  severity,
  amount: 1000,
  ...extra,
});

describe("national publicity periods (国办发〔2025〕22号)", () => {
  it("are minor 0–3 months, general 3 months–1 year, serious 1–3 years, and frozen", () => {
    expect(NATIONAL_PUBLICITY_2025).toEqual([
      { severity: "minor", min: "P0D", max: "P3M" },
      { severity: "general", min: "P3M", max: "P1Y" },
      { severity: "serious", min: "P1Y", max: "P3Y" },
    ]);
    expect(Object.isFrozen(NATIONAL_PUBLICITY_2025)).toBe(true);
    for (const p of NATIONAL_PUBLICITY_2025) expect(PublicityPeriodSchema.safeParse(p).success).toBe(true);
  });

  it("a general penalty dated 2024-01-10 counts through 2025-01-09 and is excluded from 2025-01-10", () => {
    const p = penalty("2024-01-10", "general");
    // 2024-01-10 + P1Y = 2025-01-10; the last day it counts is the day before.
    expect(life.publicityEnd(p)).toBe("2025-01-09");
    expect(life.exclusion(p, "2024-01-10")).toBeUndefined();
    expect(life.exclusion(p, "2025-01-09")).toBeUndefined();
    expect(life.exclusion(p, "2025-01-10")).toEqual({ reason: "PUBLICITY_ENDED", since: "2025-01-10" });
    expect(life.exclusion(p, "2025-12-31")).toEqual({ reason: "PUBLICITY_ENDED", since: "2025-01-10" });
  });

  it("a minor penalty counts 3 months", () => {
    const p = penalty("2025-01-10", "minor");
    // 2025-01-10 + P3M = 2025-04-10 → last day 2025-04-09.
    expect(life.publicityEnd(p)).toBe("2025-04-09");
    expect(life.exclusion(p, "2025-04-09")).toBeUndefined();
    expect(life.exclusion(p, "2025-04-10")).toEqual({ reason: "PUBLICITY_ENDED", since: "2025-04-10" });
  });

  it("a minor penalty of 30 November: 3 months is 28 February, so it counts through 27 February", () => {
    const p = penalty("2024-11-30", "minor");
    // 2024-11-30 + P3M = 2025-02-28 (clamped from the 30th) → last day 2025-02-27.
    expect(life.publicityEnd(p)).toBe("2025-02-27");
    expect(life.exclusion(p, "2025-02-27")).toBeUndefined();
    expect(life.exclusion(p, "2025-02-28")).toEqual({ reason: "PUBLICITY_ENDED", since: "2025-02-28" });
  });

  it("a serious penalty counts 3 years", () => {
    const p = penalty("2022-03-15", "serious");
    // 2022-03-15 + P3Y = 2025-03-15 → last day 2025-03-14.
    expect(life.publicityEnd(p)).toBe("2025-03-14");
    expect(life.exclusion(p, "2025-03-14")).toBeUndefined();
    expect(life.exclusion(p, "2025-03-15")).toEqual({ reason: "PUBLICITY_ENDED", since: "2025-03-15" });
  });

  it("a serious penalty of a leap day", () => {
    const p = penalty("2024-02-29", "serious");
    // 2024-02-29 + P3Y = 2027-02-28 (no 29th) → last day 2027-02-27.
    expect(life.publicityEnd(p)).toBe("2027-02-27");
    expect(life.exclusion(p, "2027-02-28")).toEqual({ reason: "PUBLICITY_ENDED", since: "2027-02-28" });
  });

  it("a record of a by-severity type without a severity never expires", () => {
    const p = penalty("2010-01-01", undefined);
    expect(life.publicityEnd(p)).toBeUndefined();
    expect(life.exclusion(p, "2025-06-30")).toBeUndefined();
  });
});

describe("record types with their own publicity", () => {
  it("a fixed maximum (commitment, P3Y) applies whatever the severity", () => {
    const c: CreditRecord = { id: "c1", type: "commitment", date: "2022-06-30", severity: "minor", due: "2022-12-31", honoured: true };
    // 2022-06-30 + P3Y = 2025-06-30 → last day 2025-06-29; minor's 3 months do not apply.
    expect(life.publicityEnd(c)).toBe("2025-06-29");
    expect(life.exclusion(c, "2025-06-29")).toBeUndefined();
    expect(life.exclusion(c, "2025-06-30")).toEqual({ reason: "PUBLICITY_ENDED", since: "2025-06-30" });
  });

  it('"none" (list entry) never expires, whatever the severity', () => {
    const l: CreditRecord = { id: "l1", type: "list-entry", date: "2000-01-01", severity: "minor", list: "serious-dishonesty" };
    expect(life.publicityEnd(l)).toBeUndefined();
    expect(life.exclusion(l, "2099-12-31")).toBeUndefined();
  });

  it("an undeclared type falls back to by-severity", () => {
    const x: CreditRecord = { id: "x1", type: "complaint", date: "2024-01-10", severity: "general" };
    expect(life.publicityEnd(x)).toBe("2025-01-09");
  });
});

describe("explicit publicUntil", () => {
  it("overrides a longer or shorter severity period (e.g. a ban's length), inclusive", () => {
    const longer = penalty("2024-01-10", "general", { publicUntil: "2026-06-30" });
    expect(life.publicityEnd(longer)).toBe("2026-06-30");
    expect(life.exclusion(longer, "2026-06-30")).toBeUndefined();
    expect(life.exclusion(longer, "2026-07-01")).toEqual({ reason: "PUBLICITY_ENDED", since: "2026-07-01" });

    const shorter = penalty("2024-01-10", "serious", { publicUntil: "2024-03-31" });
    expect(life.exclusion(shorter, "2024-04-01")).toEqual({ reason: "PUBLICITY_ENDED", since: "2024-04-01" });
  });

  it('ends even a "none" record', () => {
    const l: CreditRecord = { id: "l1", type: "list-entry", date: "2020-01-01", list: "abnormal-operation", publicUntil: "2025-03-31" };
    expect(life.exclusion(l, "2025-03-31")).toBeUndefined();
    expect(life.exclusion(l, "2025-04-01")).toEqual({ reason: "PUBLICITY_ENDED", since: "2025-04-01" });
  });
});

describe("repaired, revoked, after the as-of date", () => {
  const asOf = "2025-06-30";

  it("revokedAt on or before asOf excludes the record from that day; after asOf it still counts", () => {
    expect(life.exclusion(penalty("2025-01-10", "serious", { revokedAt: "2025-06-30" }), asOf)).toEqual({ reason: "REVOKED", since: "2025-06-30" });
    expect(life.exclusion(penalty("2025-01-10", "serious", { revokedAt: "2025-02-01" }), asOf)).toEqual({ reason: "REVOKED", since: "2025-02-01" });
    expect(life.exclusion(penalty("2025-01-10", "serious", { revokedAt: "2025-07-01" }), asOf)).toBeUndefined();
  });

  it("repairedAt on or before asOf excludes the record from that day; after asOf it still counts", () => {
    expect(life.exclusion(penalty("2025-01-10", "serious", { repairedAt: "2025-06-30" }), asOf)).toEqual({ reason: "REPAIRED", since: "2025-06-30" });
    expect(life.exclusion(penalty("2025-01-10", "serious", { repairedAt: "2025-03-01" }), asOf)).toEqual({ reason: "REPAIRED", since: "2025-03-01" });
    expect(life.exclusion(penalty("2025-01-10", "serious", { repairedAt: "2025-07-01" }), asOf)).toBeUndefined();
  });

  it("revocation wins over repair; both win over the end of publicity", () => {
    expect(life.exclusion(penalty("2025-01-10", "general", { repairedAt: "2025-03-01", revokedAt: "2025-05-01" }), asOf)).toEqual({
      reason: "REVOKED",
      since: "2025-05-01",
    });
    // General 2024-01-10 ends publicity 2025-01-09; the repair of 2024-06-01 is what is reported.
    expect(life.exclusion(penalty("2024-01-10", "general", { repairedAt: "2024-06-01" }), asOf)).toEqual({ reason: "REPAIRED", since: "2024-06-01" });
  });

  it("a record dated after asOf is AFTER_AS_OF since its date, before anything else", () => {
    expect(life.exclusion(penalty("2025-07-01", "minor"), asOf)).toEqual({ reason: "AFTER_AS_OF", since: "2025-07-01" });
    expect(life.exclusion(penalty("2025-07-01", "minor", { revokedAt: "2025-06-01" }), asOf)).toEqual({ reason: "AFTER_AS_OF", since: "2025-07-01" });
    expect(life.exclusion(penalty("2025-06-30", "minor"), asOf)).toBeUndefined(); // dated asOf: counts
  });
});

describe("null date fields (hosts send null for no value)", () => {
  it("publicUntil, repairedAt and revokedAt of null are absent: the severity's period applies", () => {
    const p = { ...penalty("2024-01-10", "general"), publicUntil: null, repairedAt: null, revokedAt: null } as unknown as CreditRecord;
    // As without them: 2024-01-10 + P1Y − 1 day = 2025-01-09.
    expect(life.publicityEnd(p)).toBe("2025-01-09");
    expect(life.exclusion(p, "2025-01-09")).toBeUndefined();
    expect(life.exclusion(p, "2025-01-10")).toEqual({ reason: "PUBLICITY_ENDED", since: "2025-01-10" });
  });
});

describe("custom publicity periods", () => {
  it("override the national period of their severity only", () => {
    // The 2019 rule (发改办财金〔2019〕527号) had serious 6 months to 3 years; a province may shorten general to 6 months.
    const custom = compileLifetime(TYPES, [
      { severity: "serious", min: "P6M", max: "P3Y" },
      { severity: "general", min: "P3M", max: "P6M" },
    ]);
    // general: 2024-01-10 + P6M = 2024-07-10 → last day 2024-07-09 (nationally 2025-01-09).
    expect(custom.publicityEnd(penalty("2024-01-10", "general"))).toBe("2024-07-09");
    expect(custom.exclusion(penalty("2024-01-10", "general"), "2024-07-10")).toEqual({ reason: "PUBLICITY_ENDED", since: "2024-07-10" });
    expect(life.exclusion(penalty("2024-01-10", "general"), "2024-07-10")).toBeUndefined();
    // minor keeps the national 3 months: 2024-01-10 → 2024-04-09.
    expect(custom.publicityEnd(penalty("2024-01-10", "minor"))).toBe("2024-04-09");
    // serious: minimum 6 months, so repair from 2024-07-10 (nationally 2025-01-10).
    expect(custom.repairableFrom(penalty("2024-01-10", "serious"))).toBe("2024-07-10");
    expect(life.repairableFrom(penalty("2024-01-10", "serious"))).toBe("2025-01-10");
  });

  it("do not change a type with a fixed maximum", () => {
    const custom = compileLifetime(TYPES, [{ severity: "minor", min: "P0D", max: "P1M" }]);
    const c: CreditRecord = { id: "c1", type: "commitment", date: "2022-06-30", severity: "minor", due: "2022-12-31", honoured: true };
    expect(custom.publicityEnd(c)).toBe("2025-06-29");
  });
});

describe("repairableFrom: the date plus the minimum period", () => {
  it("by severity", () => {
    expect(life.repairableFrom(penalty("2024-01-10", "minor"))).toBe("2024-01-10"); // P0D
    expect(life.repairableFrom(penalty("2024-01-10", "general"))).toBe("2024-04-10"); // + P3M
    expect(life.repairableFrom(penalty("2024-01-10", "serious"))).toBe("2025-01-10"); // + P1Y
    expect(life.repairableFrom(penalty("2024-11-30", "general"))).toBe("2025-02-28"); // + P3M, clamped
    expect(life.repairableFrom(penalty("2024-02-29", "serious"))).toBe("2025-02-28"); // + P1Y from a leap day
  });

  it("the record's own date without a severity", () => {
    expect(life.repairableFrom(penalty("2024-01-10", undefined))).toBe("2024-01-10");
  });
});

describe("isCreditRecord", () => {
  it("needs id, type and a real date", () => {
    expect(isCreditRecord({ id: "r1", type: "penalty", date: "2025-01-01" })).toBe(true);
    expect(isCreditRecord({ id: "r1", type: "penalty", date: "2025-02-30" })).toBe(false);
    expect(isCreditRecord({ id: 1, type: "penalty", date: "2025-01-01" })).toBe(false);
    expect(isCreditRecord({ type: "penalty", date: "2025-01-01" })).toBe(false);
    expect(isCreditRecord([])).toBe(false);
    expect(isCreditRecord(null)).toBe(false);
  });
});
