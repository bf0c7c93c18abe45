/**
 * The `credit-grading` command line: validate, test, evaluate, explain, diff, simulate, rulebook,
 * plan, deadline, init, serve. A thin edge over the library: it reads files and streams, calls the pure
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
import { CliError, EXIT, paintFor } from "./io.js";

// The order of `--help`'s command list.
const COMMANDS: Record<string, Command> = {
  validate: validateCommand,
  test: testCommand,
  evaluate: evaluateCommand,
  explain: explainCommand,
  diff: diffCommand,
  simulate: simulateCommand,
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
    if (!(rest[0] in COMMANDS)) throw new CliError(`unknown command ${JSON.stringify(rest[0])} (commands: ${Object.keys(COMMANDS).join(", ")})`);
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
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const paint = paintFor(process.stderr);
    if (e instanceof CliError) {
      process.stderr.write(`${BIN}: ${paint.red("error")}: ${e.message}\n`);
      process.exitCode = e.exitCode;
    } else {
      process.stderr.write(`${BIN}: ${paint.red("internal error")}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = EXIT.usage;
    }
  },
);
