/**
 * The Chinese working-day calendar (工作日): statutory holidays are off, 调休 make-up weekend
 * days are working days, other weekdays work and weekends rest. Deadlines in working days
 * (objections: 7 working days, R13) count from the day after the start (《民法典》第二百零一条).
 * The calendar is data: the shipped years can be replaced or extended with a host's own data
 * each December, without a code change (`calendar-data.ts` reads a year in the holiday-cn
 * format the State Council schedule is republished in); a date outside the data is an error,
 * never a guess.
 * @module
 */
import { z } from "zod";
import { IsoDateSchema } from "./date.js";
import shipped from "./data/cn-workdays.json" with { type: "json" };
import { addDays, type IsoDate, isIsoDate } from "./date.js";
import { CreditGradingError } from "./errors.js";

/**
 * Schema of working-day calendar data: per year, the days off and the make-up working days.
 * @category Basics
 */
export const CalendarDataSchema = z.strictObject({
  name: z.string().min(1),
  source: z.string().min(1),
  years: z
    .array(
      z.strictObject({
        year: z.number().int().min(1949).max(2200),
        notice: z.string().optional().describe("The State Council notice the year's schedule comes from."),
        off: z.array(IsoDateSchema).describe("Statutory holidays and the weekend days joined to them."),
        workdays: z.array(IsoDateSchema).describe("调休: weekend days that are working days."),
      }),
    )
    .min(1),
});

/**
 * Working-day calendar data.
 * @category Basics
 */
export type CalendarData = z.infer<typeof CalendarDataSchema>;

/**
 * The shipped data: the State Council schedules 2020–2026.
 * @category Basics
 */
export const CN_WORKDAY_DATA: CalendarData = shipped;

/**
 * A working-day calendar.
 * @category Basics
 */
export interface WorkCalendar {
  /** The first and last year the data covers. */
  readonly years: { readonly first: number; readonly last: number };
  /** Whether a date is a working day. Throws for a date outside the data. */
  isWorkday(date: IsoDate): boolean;
  /** The `n`-th working day after `date` (the start day is not counted); `n = 0` returns `date`. */
  addWorkingDays(date: IsoDate, n: number): IsoDate;
  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number;
}

/**
 * Builds a working-day calendar from data (validated; every listed day must be in its year,
 * and no day may be both off and a make-up working day).
 * @param data - Calendar data, e.g. {@link CN_WORKDAY_DATA} or a host's updated file.
 * @returns The calendar.
 * @throws CreditGradingError (`CALENDAR_INVALID`) naming what is wrong.
 * @example
 * const cal = createWorkCalendar(CN_WORKDAY_DATA);
 * cal.isWorkday("2025-09-28"); //=> true (a Sunday worked for the National Day holiday)
 * @category Basics
 */
export function createWorkCalendar(data: unknown): WorkCalendar {
  const parsed = CalendarDataSchema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new CreditGradingError("CALENDAR_INVALID", `calendar data at ${i.path.join(".")}: ${i.message}`);
  }
  const off = new Set<string>();
  const work = new Set<string>();
  const covered = new Set<number>();
  for (const y of parsed.data.years) {
    if (covered.has(y.year)) throw new CreditGradingError("CALENDAR_INVALID", `calendar data lists ${y.year} twice`);
    covered.add(y.year);
    for (const [list, set, what] of [[y.off, off, "off"], [y.workdays, work, "workdays"]] as const) {
      for (const d of list) {
        // A notice may list the last day of the year before (元旦 2023 began on 2022-12-31).
        if (!isIsoDate(d) || Math.abs(Number(d.slice(0, 4)) - y.year) > 1) {
          throw new CreditGradingError("CALENDAR_INVALID", `calendar data ${y.year}.${what}: ${d} is not a date of that year`);
        }
        set.add(d);
      }
    }
  }
  for (const d of off) if (work.has(d)) throw new CreditGradingError("CALENDAR_INVALID", `calendar data lists ${d} both as off and as a working day`);
  const first = Math.min(...covered);
  const last = Math.max(...covered);
  for (let y = first; y <= last; y++) {
    if (!covered.has(y)) throw new CreditGradingError("CALENDAR_INVALID", `calendar data has no schedule for ${y}, between ${first} and ${last}`);
  }
  const check = (date: IsoDate): void => {
    if (!isIsoDate(date)) throw new CreditGradingError("INVALID_OPTIONS", `not a date YYYY-MM-DD: ${JSON.stringify(date)}`);
    const y = Number(date.slice(0, 4));
    if (y < first || y > last) {
      throw new CreditGradingError("OUT_OF_CALENDAR", `no working-day data for ${y} (the calendar covers ${first}–${last}); add that year's State Council schedule`);
    }
  };
  const isWorkday = (date: IsoDate): boolean => {
    check(date);
    if (work.has(date)) return true;
    if (off.has(date)) return false;
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow !== 0 && dow !== 6;
  };
  return {
    years: { first, last },
    isWorkday,
    addWorkingDays(date, n) {
      check(date);
      if (!Number.isInteger(n) || n < 0) throw new CreditGradingError("INVALID_OPTIONS", `working days must be a whole number >= 0, received ${n}`);
      let d = date;
      for (let left = n; left > 0; ) {
        d = addDays(d, 1);
        if (isWorkday(d)) left--;
      }
      return d;
    },
    workingDaysBetween(from, to) {
      check(from);
      check(to);
      let count = 0;
      for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkday(d)) count++;
      return count;
    },
  };
}

let defaultCalendar: WorkCalendar | undefined;

/**
 * The calendar built from the shipped data (created once).
 * @returns The shipped working-day calendar.
 * @example
 * cnWorkCalendar().years; //=> { first: 2020, last: 2026 }
 * @category Basics
 */
export function cnWorkCalendar(): WorkCalendar {
  defaultCalendar ??= createWorkCalendar(CN_WORKDAY_DATA);
  return defaultCalendar;
}

/**
 * The `n`-th working day after `date` on a calendar (the start day is not counted).
 * @param date - The start date (e.g. the day an objection was formally received).
 * @param n - Working days, a whole number ≥ 0.
 * @param calendar - The calendar; default {@link cnWorkCalendar}.
 * @returns The last day of the period.
 * @throws CreditGradingError (`OUT_OF_CALENDAR`) when the count runs outside the data.
 * @example
 * addWorkingDays("2025-09-26", 7); //=> "2025-10-13" (10-01 to 10-08 are off; Sunday 09-28 and Saturday 10-11 are worked)
 * @category Basics
 */
export function addWorkingDays(date: IsoDate, n: number, calendar: WorkCalendar = cnWorkCalendar()): IsoDate {
  return calendar.addWorkingDays(date, n);
}
