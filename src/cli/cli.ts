/**
 * The `credit-grading` command line: validate, test, evaluate, explain, diff, simulate, rulebook,
 * yoy, report, plan, deadline, init, serve. A thin edge over the library: it reads files and streams, calls the pure
 * core and writes results. Exit codes: 0 success, 1 findings (an invalid ruleset, rejected
 * rows, a plan with problems), 2 usage, configuration or I/O errors.
 *
 * This file is the entry: the command table, the global flags (`--help`, `--version`) and the
 * dispatch. Arguments are parsed in cli-args.ts; each command lives in a cli-commands-*.ts
 * module with its help text.
 * @module
 */
import { VERSION } from "../index.js";
import { BIN, type Command, commandHelp } from "./args.js";
import { evaluateCommand } from "./commands-evaluate.js";
import { explainCommand } from "./commands-explain.js";
import { deadlineCommand } from "./commands-deadline.js";
import { planCommand } from "./commands-plan.js";
import { diffCommand, rulebookCommand, simulateCommand } from "./commands-rulesets.js";
import { initCommand } from "./commands-init.js";
import { serveCommand } from "./commands-serve.js";
import { testCommand } from "./commands-test.js";
import { validateCommand } from "./commands-validate.js";
import { yoyCommand } from "./commands-yoy.js";
import { reportCommand } from "./commands-report.js";
import { CliError, EXIT, paintFor } from "./io.js";

// The order of `--help`'s command list.
const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
  test: testCommand,
  evaluate: evaluateCommand,
  explain: explainCommand,
  diff: diffCommand,
  simulate: simulateCommand,
  yoy: yoyCommand,
  report: reportCommand,
  rulebook: rulebookCommand,
  plan: planCommand,
  deadline: deadlineCommand,
  init: initCommand,
  serve: serveCommand,
};

function _help(cmd?: string): number {
  if (cmd !== undefined) return commandHelp(COMMANDS[cmd]!);
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length)) + 2;
  process.stdout.write(
    [
      `${BIN} ${VERSION}: credit tiered-and-classified supervision (信用分级分类监管)`,
      "",
      `Usage: ${BIN} <command> [options]`,
      "",
      "Commands:",
      ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}${c.summary}`),
      "",
      `Run ${BIN} <command> --help for a command's options. --version prints the version.`,
      "Exit codes: 0 success, 1 findings (invalid ruleset, rejected rows), 2 usage, configuration or I/O error.",
      "Colour only on a terminal; NO_COLOR turns it off.",
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}

/**
 * Runs the command line.
 * @param argv - Arguments after the program name.
 * @returns The exit code.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === "--help" || cmd === "-h") return _help();
  if (cmd === "help") {
    if (rest[0] === undefined) return _help();
    // Own commands only: `help toString` is an unknown command, not Object.prototype's.
    if (!Object.hasOwn(COMMANDS, rest[0])) throw new CliError(`unknown command ${JSON.stringify(rest[0])} (commands: ${Object.keys(COMMANDS).join(", ")})`);
    return _help(rest[0]);
  }
  if (cmd === "--version" || cmd === "-v") {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (command === undefined) {
    throw new CliError(cmd.startsWith("-") ? `unknown flag ${cmd} (see ${BIN} --help)` : `unknown command ${JSON.stringify(cmd)} (commands: ${Object.keys(COMMANDS).join(", ")})`);
  }
  return command.run([...rest]);
}

process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  // A closed pipe (`| head`) is the reader's choice, not an error.
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  // Any other (a full disk, `> /dev/full`): one line and exit 2; temporary output files are removed on exit.
  process.stderr.write(`${BIN}: ${paintFor(process.stderr).red("error")}: cannot write stdout: ${e.message}\n`);
  process.exit(EXIT.usage);
});
// Nowhere left to report a failing stderr: the exit code says it.
process.stderr.on("error", () => process.exit(EXIT.usage));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const paint = paintFor(process.stderr);
    if (e instanceof CliError) {
      process.stderr.write(`${BIN}: ${paint.red("error")}: ${e.message}\n`);
      process.exitCode = e.exitCode;
    } else if (_isSystemError(e)) {
      // An I/O error no command turned into a message of its own: still one line, exit 2.
      process.stderr.write(`${BIN}: ${paint.red("error")}: ${e.message}\n`);
      process.exitCode = EXIT.usage;
    } else {
      process.stderr.write(`${BIN}: ${paint.red("internal error")}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = EXIT.usage;
    }
  },
);

function _isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).syscall === "string" && typeof (e as NodeJS.ErrnoException).code === "string";
}
