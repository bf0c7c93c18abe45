/**
 * Hostile durations and dates (issue #14, item 2). Schema-valid publicity periods of P2100Y or
 * P99999M threw `RangeError: Invalid time value` on the first record and aborted the run; P9999Y
 * looped for ever in `lastEndedDate`; an as-of date in years 0000–0099 hung, and a record dated
 * 0050 was reported "excluded since 1951-01-01" (Date.UTC reads years 0–99 as 1900–1999). Now
 * durations are bounded (MAX_DURATION) and dates lie in MIN_DATE…MAX_DATE, in the schema and at
 * the subject check, and the date arithmetic is integer arithmetic with no loop over the span.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, addDuration, daysBetween, isIsoDate, parseDuration } from "../../src/base/date.js";
import { compileRuleset, CreditGradingError, MAX_DATE, MAX_DURATION, MIN_DATE, SubjectError, validateRuleset } from "../../src/index.js";
import { recordsRuleset } from "../fixtures.js";

type Doc = any;

function withPublicity(max: string): Doc {
  const r: Doc = recordsRuleset();
  r.effective.from = MIN_DATE;
  r.records.publicity = [{ severity: "general", min: "P0D", max }];
  return r;
}

const penalty = (date: string) => ({ id: "p1", type: "penalty", date, severity: "general", amount: 1 });
const subject = (records: unknown[]) => ({ id: "x", inputs: { years: 5, underInvestigation: false }, records });

describe("the reproductions", () => {
  it("P2100Y, P99999M and P9999Y are refused by the schema with the path", () => {
    for (const max of ["P2100Y", "P99999M", "P9999Y", "P101Y", "P1201M", "P36526D"]) {
      const v = validateRuleset(withPublicity(max));
      expect(v.valid, max).toBe(false);
      expect(v.diagnostics.map((d) => [d.code, d.path])).toContainEqual(["SCHEMA_INVALID", ["records", "publicity", 0, "max"]]);
    }
  });

  it("the longest periods allowed grade at both ends of the calendar", () => {
    const c = compileRuleset(withPublicity(`P${MAX_DURATION.years}Y${MAX_DURATION.months}M${MAX_DURATION.days}D`));
    for (const asOf of [MIN_DATE, "2025-06-30", MAX_DATE]) {
      for (const date of [MIN_DATE, "2020-02-29", MAX_DATE]) {
        const ev = c.evaluate(subject([penalty(date)]), { asOf });
        // 300 years of publicity: by 9999 the records of 1900 and 2020 have stopped counting.
        const expected = date > asOf ? ["AFTER_AS_OF"] : asOf === MAX_DATE && date !== MAX_DATE ? ["PUBLICITY_ENDED"] : [];
        expect(ev.excludedRecords.map((e) => e.reason), `${date} on ${asOf}`).toEqual(expected);
      }
    }
  });

  it("a publicity period ending past 9999-12-31 ends on it, and one that ended is dated right", () => {
    const c = compileRuleset(withPublicity("P1Y"));
    expect(c.evaluate(subject([penalty("9999-06-01")]), { asOf: MAX_DATE }).excludedRecords).toEqual([]);
    const ev = c.evaluate(subject([penalty("1900-03-01")]), { asOf: "1901-03-01" });
    expect(ev.excludedRecords.map((e) => [e.recordId, e.reason, e.since])).toEqual([["p1", "PUBLICITY_ENDED", "1901-03-01"]]);
  });

  it("an as-of date in years 0000–1899 is an option error, at once", () => {
    const c = compileRuleset(recordsRuleset());
    for (const asOf of ["0050-06-30", "0000-01-01", "1899-12-31"]) {
      expect(() => c.grade(subject([]), { asOf })).toThrow(CreditGradingError);
      expect(() => c.grade(subject([]), { asOf })).toThrow(/asOf must be a date YYYY-MM-DD from 1900-01-01 to 9999-12-31/);
    }
  });

  it("a record dated 0050 is a subject error with its path, not a record excluded since 1951", () => {
    const c = compileRuleset(recordsRuleset());
    let error: unknown;
    try {
      c.evaluate(subject([penalty("0050-01-01")]), { asOf: "2025-06-30" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SubjectError);
    expect((error as SubjectError).issues.map((i) => [i.code, i.path, i.expected])).toEqual([["WRONG_TYPE", ["records", 0, "date"], "a date YYYY-MM-DD from 1900-01-01 to 9999-12-31"]]);
  });

  it("ruleset dates before 1900 are refused by the schema", () => {
    const r: Doc = recordsRuleset();
    r.effective.from = "0050-01-01";
    expect(validateRuleset(r).diagnostics.map((d) => [d.code, d.path])).toContainEqual(["SCHEMA_INVALID", ["effective", "from"]]);
  });
});

describe("the date arithmetic", () => {
  const dayOf = (d: string): number => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
  const date = fc.integer({ min: dayOf(MIN_DATE), max: dayOf(MAX_DATE) }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
  const duration = fc.record({ years: fc.nat(MAX_DURATION.years), months: fc.nat(MAX_DURATION.months), days: fc.nat(MAX_DURATION.days) });

  it("agrees with Date where Date is right (years 1900–9999), and days round-trip", () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -40_000, max: 40_000 }), (d, n) => {
        expect(isIsoDate(d)).toBe(true);
        const moved = addDays(d, n);
        const expected = Math.min(Math.max(dayOf(d) + n, dayOf("0000-01-01") + 0), dayOf(MAX_DATE));
        if (dayOf(d) + n <= dayOf(MAX_DATE) && dayOf(d) + n >= dayOf("1900-01-01")) {
          expect(moved).toBe(new Date(expected * 86_400_000).toISOString().slice(0, 10));
          expect(daysBetween(d, moved)).toBe(n);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("any bounded duration added or taken away gives a date within the calendar, never a throw", () => {
    fc.assert(
      fc.property(date, duration, fc.constantFrom(1 as const, -1 as const), (d, p, sign) => {
        const out = addDuration(d, p, sign);
        expect(out).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(out >= "0000-01-01" && out <= MAX_DATE).toBe(true);
        if (sign === 1) expect(out >= d).toBe(true);
        else expect(out <= d).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("grading with any bounded publicity period on any as-of date returns", () => {
    fc.assert(
      fc.property(duration, date, date, (p, asOf, recordDate) => {
        const max = `P${p.years}Y${p.months}M${p.days}D`;
        expect(parseDuration(max)).toEqual(p);
        const c = compileRuleset(withPublicity(max));
        const ev = c.evaluate(subject([penalty(recordDate)]), { asOf });
        expect(ev.grade).toMatch(/^[A-E]$/);
      }),
      { numRuns: 60 },
    );
  });
});
