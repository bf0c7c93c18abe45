/** The working-day calendar: hand-checked deadlines, the schedules of REFERENCE.md §7, and chinese-days as an independent oracle. */
import chineseDays from "chinese-days";
import { describe, expect, it } from "vitest";
import { addWorkingDays, calendarYearsFrom, CN_WORKDAY_DATA, cnWorkCalendar, createWorkCalendar, CreditGradingError, extendCalendarData } from "../src/index.js";
import { addDays } from "../src/base/date.js";

const cal = cnWorkCalendar();
// chinese-days ships a CommonJS-style default export; its shape differs between Node and Vite.
type Oracle = { isWorkday?: (d: string) => boolean; default?: Oracle };
const mod = chineseDays as unknown as Oracle;
const oracle = { isWorkday: (mod.isWorkday ?? mod.default?.isWorkday ?? mod.default?.default?.isWorkday)! };

describe("addWorkingDays", () => {
  it("skips the National Day holiday and counts the 调休 weekend days (2025)", () => {
    // After Fri 09-26: Sat 09-27 off; Sun 09-28 worked (1); 09-29 (2); 09-30 (3); 10-01..10-08 off;
    // 10-09 (4); 10-10 (5); Sat 10-11 worked (6); Sun 10-12 off; Mon 10-13 (7).
    expect(addWorkingDays("2025-09-26", 7)).toBe("2025-10-13");
  });

  it("does not count the start day (民法典第二百零一条)", () => {
    // Mon 2025-03-03 + 1 working day = Tue 03-04, not the Monday itself.
    expect(addWorkingDays("2025-03-03", 1)).toBe("2025-03-04");
    expect(addWorkingDays("2025-03-03", 0)).toBe("2025-03-03");
  });

  it("a 7-working-day objection received on Friday 2025-03-07 ends on Tuesday 03-18", () => {
    // 03-10..03-14 (5), 03-17 (6), 03-18 (7).
    expect(addWorkingDays("2025-03-07", 7)).toBe("2025-03-18");
  });

  it("crosses the year into 2026, where Sunday 01-04 is worked after 元旦 01-01..03", () => {
    expect(addWorkingDays("2025-12-31", 1)).toBe("2026-01-04");
  });

  it("Spring Festival 2026: 02-15..02-23 off, Saturdays 02-14 and 02-28 worked", () => {
    // After Fri 02-13: Sat 02-14 worked (1); 02-15..02-23 off; 02-24 (2), 02-25 (3), 02-26 (4), 02-27 (5), Sat 02-28 (6), Mon 03-02 (7).
    expect(addWorkingDays("2026-02-13", 7)).toBe("2026-03-02");
  });

  it("refuses to guess outside the data, and rejects bad arguments", () => {
    expect(() => addWorkingDays("2026-12-30", 5)).toThrow(/no working-day data for 2027/);
    expect(() => addWorkingDays("2019-12-31", 1)).toThrow(CreditGradingError);
    expect(() => addWorkingDays("2025-02-30", 1)).toThrow(/not a date/);
    expect(() => addWorkingDays("2025-03-03", -1)).toThrow(/whole number/);
    expect(() => addWorkingDays("2025-03-03", 1.5)).toThrow(/whole number/);
  });

  it("counts working days between two dates, the start excluded", () => {
    expect(cal.workingDaysBetween("2025-09-26", "2025-10-13")).toBe(7);
    expect(cal.workingDaysBetween("2025-10-13", "2025-09-26")).toBe(0);
  });
});

describe("the shipped data", () => {
  // REFERENCE.md §7 (holiday-cn snapshot): the 调休 make-up working days per year.
  const makeUp: Record<number, string[]> = {
    2023: ["01-28", "01-29", "04-23", "05-06", "06-25", "10-07", "10-08"],
    2024: ["02-04", "02-18", "04-07", "04-28", "05-11", "09-14", "09-29", "10-12"],
    2025: ["01-26", "02-08", "04-27", "09-28", "10-11"],
    2026: ["01-04", "02-14", "02-28", "05-09", "09-20", "10-10"],
  };
  it.each(Object.entries(makeUp))("%s make-up working days match REFERENCE.md", (year, days) => {
    const y = CN_WORKDAY_DATA.years.find((x) => x.year === Number(year))!;
    expect(y.workdays).toEqual(days.map((d) => `${year}-${d}`));
  });

  it("2025 off days match REFERENCE.md (01-01, 01-28..02-04, 04-04..06, 05-01..05, 05-31..06-02, 10-01..08)", () => {
    const y = CN_WORKDAY_DATA.years.find((x) => x.year === 2025)!;
    const range = (a: string, n: number): string[] => Array.from({ length: n }, (_, i) => addDays(a, i));
    expect(y.off).toEqual([
      "2025-01-01", ...range("2025-01-28", 8), ...range("2025-04-04", 3), ...range("2025-05-01", 5), ...range("2025-05-31", 3), ...range("2025-10-01", 8),
    ]);
  });

  it("agrees with chinese-days (an independent package) on every day 2020–2026", () => {
    const diffs: string[] = [];
    for (let d = "2020-01-01"; d <= "2026-12-31"; d = addDays(d, 1)) {
      if (cal.isWorkday(d) !== oracle.isWorkday(d)) diffs.push(d);
    }
    expect(diffs).toEqual([]);
  });
});

describe("createWorkCalendar", () => {
  it("takes a host's updated data without a code change", () => {
    const next = structuredClone(CN_WORKDAY_DATA);
    next.years.push({ year: 2027, off: ["2027-01-01"], workdays: [] });
    // Fri 2026-12-31 + 1: 2027-01-01 (Fri) off, weekend, Mon 01-04.
    expect(addWorkingDays("2026-12-31", 1, createWorkCalendar(next))).toBe("2027-01-04");
  });

  it("rejects inconsistent data, naming the problem", () => {
    const both = structuredClone(CN_WORKDAY_DATA);
    both.years[0]!.workdays.push("2020-01-01");
    expect(() => createWorkCalendar(both)).toThrow(/2020-01-01 both as off and as a working day/);
    const gap = structuredClone(CN_WORKDAY_DATA);
    gap.years = gap.years.filter((y) => y.year !== 2022);
    expect(() => createWorkCalendar(gap)).toThrow(/no schedule for 2022/);
    expect(() => createWorkCalendar({ name: "x", source: "y", years: [{ year: 2025, off: ["2025/01/01"], workdays: [] }] })).toThrow(/years\.0\.off\.0/);
    const wrongYear = structuredClone(CN_WORKDAY_DATA);
    wrongYear.years[0]!.off.push("2024-05-01");
    expect(() => createWorkCalendar(wrongYear)).toThrow(/2024-05-01 is not a date of that year/);
  });
});

describe("a host's years: holiday-cn documents and calendar data laid over the shipped years", () => {
  // A test fixture in the holiday-cn format (REFERENCE.md §7), NOT the State Council's 2027
  // schedule (not published when this was written): 元旦 2027-01-01 (a Friday) off, and a
  // Saturday worked in February to show a make-up day.
  const y2027 = {
    year: 2027,
    papers: ["https://www.gov.cn/example-2027"],
    days: [
      { name: "元旦", date: "2027-01-01", isOffDay: true },
      { name: "春节", date: "2027-02-06", isOffDay: false },
    ],
  };

  it("reads a holiday-cn year: days off and make-up working days, the first paper as the notice", () => {
    expect(calendarYearsFrom(y2027)).toEqual([{ year: 2027, notice: "https://www.gov.cn/example-2027", off: ["2027-01-01"], workdays: ["2027-02-06"] }]);
  });

  it("a late-December-2026 deadline is computable once 2027 is added, and still refused without it", () => {
    // Thu 2026-12-24 + 7: 12-25 (1), 12-28 (2), 12-29 (3), 12-30 (4), 12-31 (5), Fri 2027-01-01 off,
    // weekend, 01-04 (6), 01-05 (7).
    expect(() => addWorkingDays("2026-12-24", 7)).toThrow(/no working-day data for 2027/);
    const extended = createWorkCalendar(extendCalendarData(CN_WORKDAY_DATA, calendarYearsFrom(y2027), "2027.json"));
    expect(extended.years).toEqual({ first: 2020, last: 2027 });
    expect(addWorkingDays("2026-12-24", 7, extended)).toBe("2027-01-05");
    expect(extended.isWorkday("2027-02-06")).toBe(true);
  });

  it("reads an array of holiday-cn years and the package's own format; a year given replaces the shipped one", () => {
    const y2028 = { year: 2028, papers: [], days: [{ name: "元旦", date: "2028-01-01", isOffDay: true }] };
    expect(calendarYearsFrom([y2027, y2028]).map((y) => y.year)).toEqual([2027, 2028]);
    const own = { years: [{ year: 2026, off: ["2026-12-30"], workdays: [] }] };
    const data = extendCalendarData(CN_WORKDAY_DATA, calendarYearsFrom(own), "fix.json");
    expect(data.years.map((y) => y.year)).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(data.years.at(-1)).toEqual({ year: 2026, off: ["2026-12-30"], workdays: [] });
    expect(data.source).toBe(`${CN_WORKDAY_DATA.source}; fix.json`);
    expect(createWorkCalendar(data).isWorkday("2026-10-01")).toBe(true); // the replaced year no longer has National Day
  });

  it("reports every problem with its JSON path and what was expected", () => {
    const bad = {
      year: 2027,
      papers: [],
      days: [
        { name: "元旦", date: "2027-01-01", isOffDay: "yes" },
        { name: "春节", date: "2027-02-30", isOffDay: true },
      ],
    };
    const e = (() => {
      try {
        calendarYearsFrom(bad);
      } catch (err) {
        return err as CreditGradingError;
      }
      throw new Error("expected a throw");
    })();
    expect(e.code).toBe("CALENDAR_INVALID");
    // Both problems in one run: the wrong type and the impossible date.
    expect(e.message).toMatch(/^calendar data: 2 problems: at \$\.days\[0\]\.isOffDay: .*expected boolean/);
    expect(e.message).toContain('at $.days[1].date: expected a date YYYY-MM-DD, received "2027-02-30"');
    expect(() => calendarYearsFrom({ ...bad, days: [bad.days[1]] })).toThrow('at $.days[0].date: expected a date YYYY-MM-DD, received "2027-02-30"');
    expect(() => calendarYearsFrom([y2027, { year: 2028, days: [{ name: "x", date: "2031-01-01", isOffDay: true }] }])).toThrow(
      'at $[1].days[0].date: expected a date of 2028 (or next to it), received "2031-01-01"',
    );
    expect(() => calendarYearsFrom({ years: [{ year: 2027, off: ["2027-02-30"], workdays: [] }] })).toThrow("at $.years[0].off[0]: expected a date YYYY-MM-DD");
    // In the package's own format too, every problem at once: a missing list beside an impossible date.
    expect(() => calendarYearsFrom({ years: [{ year: 2027, off: ["2027-02-30"] }] })).toThrow(
      /^calendar data: 2 problems: at \$\.years\[0\]\.workdays: .*; at \$\.years\[0\]\.off\[0\]: expected a date YYYY-MM-DD/,
    );
    expect(() => calendarYearsFrom("2027")).toThrow(/at \$: expected a holiday-cn year \{ year, papers, days/);
  });
});
