/**
 * The command line's arguments: the shape of a command, parsing a command's flags and
 * positionals with `node:util`'s `parseArgs`, the checks of common flag values, and the usage
 * errors (exit 2) they raise. No command's own work is here.
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { type CompiledRuleset, isIsoDate } from "../index.js";
import { CliError, effectiveOf, EXIT, resolveRuleset, rulesetsDirOf, today } from "./io.js";
import { DEFAULT_MAX_LINE_BYTES, INPUT_ENCODINGS, type ReadOptions } from "./lines.js";

/** The program's name, as usage lines and messages spell it. */
export const BIN = "credit-grading";

/** A subcommand: its one-line summary, its usage text (`--help`) and what runs it. */
export interface Command {
  /** The name typed after the program's name. */
  readonly name: string;
  /** One line for the command list of `--help`. */
  readonly summary: string;
  /** The usage text: the synopsis on its first line, then the options and exit codes. */
  readonly usage: string;
  /** Runs the command on the arguments after its name, resolving to the exit code. */
  readonly run: (argv: string[]) => Promise<number>;
}

/** The option declarations `parseArgs` accepts. */
export type Options = NonNullable<ParseArgsConfig["options"]>;

const HELP = { help: { type: "boolean", short: "h" } } as const;

/** `--rulesets-dir`, the registry folder, shared by the commands that resolve rulesets. */
export const RULESET_DIR = { "rulesets-dir": { type: "string" } } as const;

/** `--encoding` and `--max-line-bytes`, shared by the commands that read subjects. */
export const READ_FLAGS = { encoding: { type: "string" }, "max-line-bytes": { type: "string" } } as const;

/** The usage lines of {@link READ_FLAGS}. */
export const READ_USAGE = `  --encoding <e>         the input's encoding: auto (default: a byte order mark, else UTF-8 unless
                         the first line that is not ASCII is not UTF-8, then GB18030), utf-8,
                         gb18030 (also gbk, gb2312), utf-16le, utf-16be
  --max-line-bytes <n>   the longest line (or CSV record) read, in bytes (default ${DEFAULT_MAX_LINE_BYTES}, 16 MiB);
                         a longer one is rejected (LINE_TOO_LONG) and reading goes on`;

/**
 * Checks `--encoding` and `--max-line-bytes`.
 * @param values - The parsed flags.
 * @returns How to read the input.
 * @throws CliError for an unknown encoding or a size that is not a whole number ≥ 1.
 * @example
 * readFlags({ encoding: "gbk" }).encoding; //=> "gb18030"
 */
export function readFlags(values: { encoding?: string | undefined; "max-line-bytes"?: string | undefined }): ReadOptions {
  const name = values.encoding?.toLowerCase();
  const encoding = name === undefined ? "auto" : Object.hasOwn(INPUT_ENCODINGS, name) ? INPUT_ENCODINGS[name]! : undefined;
  if (encoding === undefined) throw new CliError(`--encoding must be one of ${Object.keys(INPUT_ENCODINGS).join(", ")}, received ${JSON.stringify(values.encoding)}`);
  return { encoding, maxLineBytes: intFlag("--max-line-bytes", values["max-line-bytes"], DEFAULT_MAX_LINE_BYTES, 1) };
}

/** What {@link parseCommand} returns: the flag values typed by the command's options, the positionals, and `--help`. */
export interface ParsedCommand<O extends Options> {
  /** The flag values. */
  readonly values: _Parsed<O>["values"];
  /** The positional arguments. */
  readonly positionals: _Parsed<O>["positionals"];
  /** Whether `-h` or `--help` was given. */
  readonly help: boolean;
}

type _Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: typeof HELP & O; allowPositionals: true; strict: true }>>;

/**
 * Parses a command's arguments strictly (with `-h, --help` added), turning `parseArgs` errors
 * and a wrong number of positionals into usage errors that point at the command's help.
 * @param command - The command whose arguments these are.
 * @param argv - The arguments after the command's name.
 * @param options - The command's flags.
 * @param positionals - The least and most positional arguments allowed (not checked with `--help`).
 * @returns The flag values, the positionals, and whether `--help` was given.
 * @throws CliError for an unknown flag, a bad flag value or a wrong number of positionals.
 * @example
 * parseCommand(deadlineCommand, ["2025-10-08", "--json"], { json: { type: "boolean" } }, [1, 1]).positionals; //=> ["2025-10-08"]
 */
export function parseCommand<O extends Options>(command: Command, argv: string[], options: O, positionals: [min: number, max: number]): ParsedCommand<O> {
  const cmd = command.name;
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...HELP, ...options }, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as Error & { code?: string };
    const flag = /'([^']+)'/.exec(err.message)?.[1];
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") throw new CliError(`${cmd}: unknown flag ${flag ?? err.message} (see ${BIN} ${cmd} --help)`);
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") throw new CliError(`${cmd}: ${err.message.replace(/\.$/, "")} (see ${BIN} ${cmd} --help)`);
    throw new CliError(`${cmd}: ${err.message}`);
  }
  const help = (parsed.values as { help?: boolean }).help === true;
  if (!help) {
    const n = parsed.positionals.length;
    if (n < positionals[0]) throw new CliError(`${cmd}: missing argument (usage: ${command.usage.split("\n")[0]})`);
    if (n > positionals[1]) throw new CliError(`${cmd}: unexpected argument ${JSON.stringify(parsed.positionals[positionals[1]])} (usage: ${command.usage.split("\n")[0]})`);
  }
  return { values: parsed.values, positionals: parsed.positionals, help };
}

/**
 * Prints a command's summary and usage text on stdout.
 * @param command - The command.
 * @returns The exit code (0).
 * @example
 * commandHelp(deadlineCommand); //=> 0
 */
export function commandHelp(command: Command): number {
  process.stdout.write(`${command.summary}\n\n${command.usage}\n`);
  return EXIT.ok;
}

/**
 * Checks a date flag or argument.
 * @param flag - The flag's name, for the message.
 * @param v - The value given, if any.
 * @returns The date, or `undefined` when none was given.
 * @throws CliError when the value is not a date `YYYY-MM-DD`.
 * @example
 * dateFlag("--as-of", "2025-12-31"); //=> "2025-12-31"
 */
export function dateFlag(flag: string, v: string | undefined): string | undefined {
  if (v !== undefined && !isIsoDate(v)) throw new CliError(`${flag} must be a date YYYY-MM-DD, received ${JSON.stringify(v)}`);
  return v;
}

/**
 * Checks `--locale`.
 * @param v - The value given, if any.
 * @param fallback - The command's default language.
 * @returns `zh` or `en`.
 * @throws CliError for any other value.
 * @example
 * localeFlag(undefined, "zh"); //=> "zh"
 */
export function localeFlag(v: string | undefined, fallback: "zh" | "en"): "zh" | "en" {
  if (v === undefined) return fallback;
  if (v !== "zh" && v !== "en") throw new CliError(`--locale must be zh or en, received ${JSON.stringify(v)}`);
  return v;
}

/**
 * Checks a whole-number flag.
 * @param flag - The flag's name, for the message.
 * @param v - The value given, if any.
 * @param fallback - The default when none was given.
 * @param min - The least value allowed (default 0).
 * @returns The number.
 * @throws CliError when the value is not a whole number of at least `min`.
 * @example
 * intFlag("--max-movers", "5", 20); //=> 5
 */
export function intFlag(flag: string, v: string | undefined, fallback: number, min = 0): number {
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new CliError(`${flag} must be a whole number ≥ ${min}, received ${JSON.stringify(v)}`);
  return Number(v);
}

/**
 * Checks a flag that gives a number of points (`--near`).
 * @param flag - The flag's name, for the message.
 * @param v - The value given, if any.
 * @returns The number, or `undefined` when none was given.
 * @throws CliError when the value is not a number ≥ 0.
 * @example
 * pointsFlag("--near", "2.5"); //=> 2.5
 */
export function pointsFlag(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(v)) throw new CliError(`${flag} must be a number of points ≥ 0, received ${JSON.stringify(v)}`);
  return Number(v);
}

/**
 * Resolves `--ruleset` on `--as-of` (default today) for the commands that grade subjects, and
 * requires the ruleset to be in effect on that date: in the registry folder, a version ends the
 * day before its successor starts; a ruleset file of its own has the period it declares.
 * @param values - The parsed `--ruleset`, `--rulesets-dir` and `--as-of`.
 * @param cmd - The command's name, for the message.
 * @returns The compiled ruleset and the as-of date.
 * @throws CliError when `--ruleset` is missing, cannot be resolved, or is not in effect on the date.
 * @example
 * rulesetFor({ ruleset: "env-credit", "as-of": "2025-12-31" }, "evaluate").asOf; //=> "2025-12-31"
 */
export function rulesetFor(values: { ruleset?: string | undefined; "rulesets-dir"?: string | undefined; "as-of"?: string | undefined }, cmd: string) {
  if (values.ruleset === undefined) throw new CliError(`${cmd}: --ruleset is required (a file, scheme@version or scheme)`);
  const given = dateFlag("--as-of", values["as-of"]);
  const asOf = given ?? today();
  const compiled = resolveRuleset(values.ruleset, { dir: rulesetsDirOf(values["rulesets-dir"]), asOf });
  _inEffect(compiled, asOf, given !== undefined);
  return { compiled, asOf };
}

function _inEffect(compiled: CompiledRuleset, asOf: string, given: boolean): void {
  const { from, to } = effectiveOf(compiled);
  if (asOf < from || (to !== undefined && asOf > to)) {
    const period = `${from} to ${to ?? "open-ended"}`;
    throw new CliError(
      `${compiled.ref.id}@${compiled.ref.version} is in effect ${period}, not on ${asOf}${given ? "" : " (today; --as-of was not given)"}: pass --as-of within that period`,
    );
  }
}
