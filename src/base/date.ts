/**
 * Calendar dates as `YYYY-MM-DD` strings and ISO 8601 durations (`P3M`, `P1Y`, `P90D`).
 * Pure arithmetic on the proleptic Gregorian calendar, with no time zone and no clock.
 * @module
 */
import { z } from "zod";

/**
 * The earliest date the library reads (a record, an as-of date, a ruleset's period): dates
 * before it are refused as data errors, so that no arithmetic meets the calendar's edges.
 * @category Basics
 */
export const MIN_DATE = "1900-01-01";

/**
 * The latest date the library reads; date arithmetic past it stops at it (a publicity period
 * that would end later ends on this day).
 * @category Basics
 */
export const MAX_DATE = "9999-12-31";

/**
 * A calendar date `YYYY-MM-DD` from {@link MIN_DATE} to {@link MAX_DATE} (whether the day
 * exists is checked after the schema).
 * @category Basics
 */
export const IsoDateSchema = z
  .string()
  .regex(/^(?:19|[2-9]\d)\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/)
  .describe("A calendar date, YYYY-MM-DD, from 1900-01-01 to 9999-12-31.");


/**
 * A calendar date written `YYYY-MM-DD`.
 * @category Basics
 */
export type IsoDate = string;

/**
 * The longest a duration may be in each of its parts: 100 years, 1,200 months, 36,525 days.
 * @category Basics
 */
export const MAX_DURATION = { years: 100, months: 1200, days: 36_525 } as const;

/**
 * An ISO 8601 duration of years, months and days within {@link MAX_DURATION}, as a regular
 * expression (the ruleset schema's and {@link parseDuration}'s one definition).
 * @category Basics
 */
export const DURATION_PATTERN = /^P(?=\d)(?:(100|\d{1,2})Y)?(?:(1200|1[01]\d\d|\d{1,3})M)?(?:(3652[0-5]|365[01]\d|36[0-4]\d\d|3[0-5]\d{3}|[12]?\d{1,4})D)?$/;

/**
 * A parsed duration in years, months and days.
 * @category Basics
 */
export interface Duration {
  /** Whole years. */
  readonly years: number;
  /** Whole months. */
  readonly months: number;
  /** Whole days. */
  readonly days: number;
}

/**
 * Whether a string is a real calendar date `YYYY-MM-DD` (2025-02-29 is not).
 * @param value - Anything.
 * @returns `true` for a valid date string.
 * @example
 * isIsoDate("2024-02-29"); //=> true
 * isIsoDate("2025-02-29"); //=> false
 * @category Basics
 */
export function isIsoDate(value: unknown): value is IsoDate {
  // The hot path of every subject and record check: read the ten characters directly rather
  // than by regular expression (same answers as IsoDateSchema's pattern plus a check of the day against the Gregorian calendar).
  if (typeof value !== "string" || value.length !== 10) return false;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1) return false;
  if (day <= 28) return true;
  return day <= (month === 2 ? (isLeap(year) ? 29 : 28) : DAYS_IN_MONTH[month]!);
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// The decimal value of value[from, to) when every character is an ASCII digit, else -1.
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

const MIN_YEAR = 1900;

// The proleptic Gregorian calendar, every year alike (no Date: it reads years 0–99 as 1900–1999).
function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * Parses an ISO 8601 duration of years, months and days (`P1Y6M`, `P90D`) within
 * {@link MAX_DURATION}.
 * @param text - The duration.
 * @returns The duration, or `undefined` when the text is not one or is longer.
 * @example
 * parseDuration("P1Y6M"); //=> { years: 1, months: 6, days: 0 }
 * @category Basics
 */
export function parseDuration(text: string): Duration | undefined {
  const m = DURATION_PATTERN.exec(text);
  if (!m) return undefined;
  return { years: Number(m[1] ?? 0), months: Number(m[2] ?? 0), days: Number(m[3] ?? 0) };
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : DAYS_IN_MONTH[month]!;
}

// Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms): integer arithmetic
// for any year, no loop and no Date.
function dayNumberOf(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

function toDayNumber(date: IsoDate): number {
  return dayNumberOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

const LAST_DAY = dayNumberOf(9999, 12, 31);
const FIRST_DAY = dayNumberOf(0, 1, 1);

// A day number as a date, kept within 0000-01-01 … 9999-12-31 (arithmetic past the edges stops there).
function fromDayNumber(day: number): IsoDate {
  if (day >= LAST_DAY) return MAX_DATE;
  if (day <= FIRST_DAY) return "0000-01-01";
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return format(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

const format = (y: number, m: number, d: number): IsoDate => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;

/**
 * Adds whole days to a date.
 * @param date - A date.
 * @param days - Days to add (negative to go back).
 * @returns The new date.
 * @example
 * addDays("2024-12-31", 1); //=> "2025-01-01"
 * @category Basics
 */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/**
 * Adds a duration (or subtracts it, with `sign` -1): years and months first, clamping to the
 * end of a shorter month (2024-01-31 plus one month is 2024-02-29), then days. A result past
 * 9999-12-31 is 9999-12-31 (before 0000-01-01, 0000-01-01): the arithmetic never fails.
 * @param date - A date.
 * @param duration - The duration.
 * @param sign - 1 to add, -1 to subtract.
 * @returns The new date.
 * @example
 * addDuration("2024-01-31", { years: 0, months: 1, days: 0 }); //=> "2024-02-29"
 * addDuration("2025-12-31", { years: 3, months: 0, days: 0 }, -1); //=> "2022-12-31"
 * @category Basics
 */
export function addDuration(date: IsoDate, duration: Duration, sign: 1 | -1 = 1): IsoDate {
  const y = Number(date.slice(0, 4));
  const mo = Number(date.slice(5, 7));
  const d = Number(date.slice(8, 10));
  const totalMonths = y * 12 + (mo - 1) + sign * (duration.years * 12 + duration.months);
  const ny = Math.floor(totalMonths / 12);
  const nm = totalMonths - ny * 12 + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return fromDayNumber(dayNumberOf(ny, nm, nd) + sign * duration.days);
}

/**
 * Whole days from `a` to `b` (positive when `b` is later).
 * @param a - A date.
 * @param b - Another date.
 * @returns `b - a` in days.
 * @example
 * daysBetween("2025-01-01", "2025-03-01"); //=> 59
 * @category Basics
 */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}
