/**
 * A host's working-day data (工作日安排): the State Council publishes each year's holiday
 * schedule (国务院办公厅关于某年部分节假日安排的通知) around November–December of the year before,
 * and the shipped data ends with the last schedule published when the package was built. This
 * module reads the years a host adds, in the format the schedule is commonly republished in
 * (NateScarlet/holiday-cn, REFERENCE.md §7: `{ year, papers, days: [{ name, date, isOffDay }] }`,
 * one document per year) or in the package's own {@link CalendarData} format, and lays them over
 * the shipped data. Pure: the caller reads the file (the CLI's `--calendar <file>`).
 * @module
 */
import { z } from "zod";
import { CalendarDataSchema, type CalendarData } from "./calendar.js";
import { formatPath, type PathSegment } from "./diagnostic.js";
import { isIsoDate } from "./date.js";
import { CreditGradingError } from "./errors.js";

/**
 * One year of working-day data: the days off and the 调休 make-up working days.
 * @category Basics
 */
export type CalendarYear = CalendarData["years"][number];

/**
 * Schema of one year as holiday-cn publishes it: every day that is not an ordinary weekday or weekend.
 * @category Basics
 */
export const HolidayCnYearSchema = z.object({
  year: z.number().int().min(1949).max(2200).describe("The year the schedule is for."),
  papers: z.array(z.string()).optional().describe("The gov.cn notices the schedule comes from."),
  days: z
    .array(
      z.object({
        name: z.string().describe("The holiday, e.g. 春节."),
        date: z.string().describe("A date YYYY-MM-DD (may be in the year before: 元旦 can start on 12-31)."),
        isOffDay: z.boolean().describe("true: a day off; false: a weekend day worked (调休)."),
      }),
    )
    .describe("The days off and the make-up working days."),
});

/**
 * One year in the holiday-cn format.
 * @category Basics
 */
export type HolidayCnYear = z.infer<typeof HolidayCnYearSchema>;

const EXPECTED =
  "a holiday-cn year { year, papers, days: [{ name, date, isOffDay }] }, an array of them, or calendar data { years: [{ year, off, workdays }] }";

/**
 * The years of working-day data in a parsed JSON document: one holiday-cn year, an array of
 * holiday-cn years, or {@link CalendarData} (its `name` and `source` may be left out). Every
 * problem is reported at once, each with its JSON path and what was expected.
 * @param doc - The parsed JSON.
 * @returns The years, in the order given.
 * @throws CreditGradingError (`CALENDAR_INVALID`) listing every problem, e.g.
 *   `at $.days[3].date: expected a date YYYY-MM-DD, received "2027-02-30"`.
 * @example
 * calendarYearsFrom({ year: 2027, papers: [], days: [{ name: "元旦", date: "2027-01-01", isOffDay: true }] });
 * //=> [{ year: 2027, off: ["2027-01-01"], workdays: [] }]
 * @category Basics
 */
export function calendarYearsFrom(doc: unknown): CalendarYear[] {
  const problems: string[] = [];
  let years: CalendarYear[] = [];
  const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);
  if (Array.isArray(doc)) {
    years = doc.flatMap((item, i) => _holidayCn(item, [i], problems));
  } else if (isObject(doc) && "years" in doc) {
    const parsed = CalendarDataSchema.extend({ name: z.string().optional(), source: z.string().optional() }).safeParse(doc);
    if (!parsed.success) _issues(parsed.error.issues, [], problems);
    // Dates are checked whatever else is wrong, so that one run reports every problem; a string
    // that is not shaped YYYY-MM-DD is already reported by the schema.
    const valid = _list(doc["years"]).flatMap((y, i) =>
      (["off", "workdays"] as const).flatMap((key) =>
        _list(_field(y, key)).map((d, j) => typeof d !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(d) || _checkDate(d, _year(y), ["years", i, key, j], problems)),
      ),
    );
    if (parsed.success && !valid.includes(false)) years = parsed.data.years;
  } else if (isObject(doc) && "days" in doc) {
    years = _holidayCn(doc, [], problems);
  } else {
    problems.push(`at $: expected ${EXPECTED}`);
  }
  if (problems.length > 0) {
    throw new CreditGradingError("CALENDAR_INVALID", `calendar data: ${problems.length} problem${problems.length === 1 ? "" : "s"}: ${problems.join("; ")}`);
  }
  return years;
}

// Reading the raw document before (or without) the schema's verdict.
const _field = (x: unknown, key: string): unknown => (x !== null && typeof x === "object" && !Array.isArray(x) ? (x as Record<string, unknown>)[key] : undefined);
const _list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const _year = (x: unknown): number | undefined => {
  const y = _field(x, "year");
  return typeof y === "number" && Number.isInteger(y) ? y : undefined;
};

function _issues(issues: readonly z.core.$ZodIssue[], at: readonly PathSegment[], problems: string[]): void {
  for (const i of issues) problems.push(`at ${formatPath([...at, ...(i.path as PathSegment[])])}: ${i.message}`);
}

// A schedule may list the last days of the year before (元旦 2023 began on 2022-12-31).
function _checkDate(d: string, year: number | undefined, path: readonly PathSegment[], problems: string[]): boolean {
  const expected = !isIsoDate(d) ? "a date YYYY-MM-DD" : year !== undefined && Math.abs(Number(d.slice(0, 4)) - year) > 1 ? `a date of ${year} (or next to it)` : undefined;
  if (expected !== undefined) problems.push(`at ${formatPath(path)}: expected ${expected}, received ${JSON.stringify(d)}`);
  return expected === undefined;
}

function _holidayCn(item: unknown, at: PathSegment[], problems: string[]): CalendarYear[] {
  const parsed = HolidayCnYearSchema.safeParse(item);
  if (!parsed.success) _issues(parsed.error.issues, at, problems);
  // Dates are checked whatever else is wrong, so that one run reports every problem.
  const valid = _list(_field(item, "days")).map((d, i) => {
    const date = _field(d, "date");
    return typeof date !== "string" || _checkDate(date, _year(item), [...at, "days", i, "date"], problems);
  });
  if (!parsed.success || valid.includes(false)) return [];
  const y = parsed.data;
  const notice = y.papers?.[0];
  return [
    {
      year: y.year,
      ...(notice !== undefined ? { notice } : {}),
      off: y.days.filter((d) => d.isOffDay).map((d) => d.date).sort(),
      workdays: y.days.filter((d) => !d.isOffDay).map((d) => d.date).sort(),
    },
  ];
}

/**
 * Lays a host's years over calendar data: a year given replaces the year of the same number
 * (a corrected schedule), others are added; the result is sorted by year. Build the calendar
 * with `createWorkCalendar`, which checks the result as a whole (no year missing in between,
 * no day both off and worked).
 * @param base - The data to extend, e.g. `CN_WORKDAY_DATA`.
 * @param years - The years to lay over it (later ones win over earlier ones of the same year).
 * @param source - Where they come from, added to the data's `source`.
 * @returns New calendar data.
 * @example
 * const data = extendCalendarData(CN_WORKDAY_DATA, calendarYearsFrom(JSON.parse(text)), "2027.json");
 * createWorkCalendar(data).years; //=> { first: 2020, last: 2027 }
 * @category Basics
 */
export function extendCalendarData(base: CalendarData, years: readonly CalendarYear[], source?: string): CalendarData {
  const byYear = new Map(base.years.map((y) => [y.year, y]));
  for (const y of years) byYear.set(y.year, y);
  return {
    name: base.name,
    source: source === undefined ? base.source : `${base.source}; ${source}`,
    years: [...byYear.values()].sort((a, b) => a.year - b.year),
  };
}
