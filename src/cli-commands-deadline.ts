/**
 * `credit-grading deadline`: the last day of a period of working days on the mainland China
 * calendar (an objection's handling period: 7 working days).
 * @module
 */
import { addWorkingDays } from "./index.js";
import { BIN, type Command, commandHelp, dateFlag, intFlag, parseCommand } from "./cli-args.js";
import { CliError, EXIT, jsonText } from "./cli-io.js";

async function deadline(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(deadlineCommand, argv, { "working-days": { type: "string" }, json: { type: "boolean" } }, [1, 1]);
  if (help) return commandHelp(deadlineCommand);
  const start = dateFlag("date", positionals[0])!;
  const n = intFlag("--working-days", values["working-days"], 7);
  let end: string;
  try {
    end = addWorkingDays(start, n);
  } catch (e) {
    throw new CliError(`deadline: ${(e as Error).message}`);
  }
  if (values.json) process.stdout.write(jsonText({ start, workingDays: n, deadline: end }));
  else process.stdout.write(`${end}\n${start} + ${n} working days (the start day not counted; mainland China public holidays and make-up working days)\n`);
  return EXIT.ok;
}

/** `deadline`: the last day of a period of working days. */
export const deadlineCommand: Command = {
  name: "deadline",
  summary: "last day of a period of working days (objections: 7, R13)",
  usage: `${BIN} deadline <date> [--working-days n] [--json]
  --working-days <n>   default 7 (an objection's handling period)
Exit: 0, 2 a bad date or one outside the shipped calendar.`,
  run: deadline,
};
