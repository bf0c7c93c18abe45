/**
 * `credit-grading deadline`: the last day of a period of working days on the mainland China
 * calendar (an objection's handling period: 7 working days), optionally with years of
 * State Council schedules the shipped data does not have yet (`--calendar <file>`).
 * @module
 */
import { readFileSync } from "node:fs";
import { addWorkingDays, calendarYearsFrom, CN_WORKDAY_DATA, cnWorkCalendar, createWorkCalendar, extendCalendarData, type WorkCalendar } from "../index.js";
import { BIN, type Command, commandHelp, dateFlag, intFlag, parseCommand } from "./args.js";
import { CliError, EXIT, jsonText, stripBom } from "./io.js";

async function deadline(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(
    deadlineCommand,
    argv,
    { "working-days": { type: "string" }, calendar: { type: "string", multiple: true }, json: { type: "boolean" } },
    [1, 1],
  );
  if (help) return commandHelp(deadlineCommand);
  const start = dateFlag("date", positionals[0])!;
  const n = intFlag("--working-days", values["working-days"], 7);
  const calendar = calendarFlag(values.calendar);
  let end: string;
  try {
    end = addWorkingDays(start, n, calendar);
  } catch (e) {
    throw new CliError(`deadline: ${(e as Error).message}${values.calendar === undefined ? " (or give it with --calendar <file>)" : ""}`);
  }
  if (values.json) process.stdout.write(jsonText({ start, workingDays: n, deadline: end }));
  else process.stdout.write(`${end}\n${start} + ${n} working days (the start day not counted; mainland China public holidays and make-up working days)\n`);
  return EXIT.ok;
}

/**
 * The working-day calendar of `--calendar <file>` (repeatable): the shipped data with the years
 * of each file laid over it, later files winning; the shipped calendar when none is given.
 * A file holds one holiday-cn year `{ year, papers, days: [{ name, date, isOffDay }] }`, an
 * array of them, or calendar data `{ years: [{ year, off, workdays }] }`.
 * @param files - The `--calendar` values.
 * @returns The calendar.
 * @throws CliError naming the file, the JSON path and what was expected.
 * @example
 * calendarFlag(["2027.json"]).years; //=> { first: 2020, last: 2027 }
 */
export function calendarFlag(files: readonly string[] | undefined): WorkCalendar {
  if (files === undefined || files.length === 0) return cnWorkCalendar();
  let data = CN_WORKDAY_DATA;
  for (const file of files) {
    let doc: unknown;
    try {
      doc = JSON.parse(stripBom(readFileSync(file, "utf8")));
    } catch (e) {
      throw new CliError(`--calendar ${file}: ${e instanceof SyntaxError ? "not JSON: " : "cannot read: "}${(e as Error).message}`);
    }
    try {
      data = extendCalendarData(data, calendarYearsFrom(doc), file);
    } catch (e) {
      throw new CliError(`--calendar ${file}: ${(e as Error).message}`);
    }
  }
  try {
    return createWorkCalendar(data);
  } catch (e) {
    throw new CliError(`--calendar ${files.join(", ")}: ${(e as Error).message}`);
  }
}

/** `deadline`: the last day of a period of working days. */
export const deadlineCommand: Command = {
  name: "deadline",
  summary: "last day of a period of working days (objections: 7, R13)",
  usage: `${BIN} deadline <date> [--working-days n] [--calendar file...] [--json]
  --working-days <n>   default 7 (an objection's handling period)
  --calendar <file>    years of State Council holiday schedules to add to (or replace in) the
                       shipped data: a holiday-cn year { year, papers, days: [{ name, date,
                       isOffDay }] }, an array of them, or { years: [{ year, off, workdays }] };
                       repeatable, later files win
Exit: 0, 2 a bad date, a bad --calendar file, or a period running outside the calendar's years.`,
  run: deadline,
};
