/**
 * `credit-grading explain`: picks one subject from the input (by id, by line, or the only one),
 * evaluates it with the full explanation and prints it (see cli-explain.ts) with what would
 * reach the next grade.
 * @module
 */
import type { CompiledRuleset } from "../index.js";
import { type Command, commandHelp, intFlag, localeFlag, parseCommand, READ_FLAGS, READ_USAGE, readFlags, RULESET_DIR, rulesetFor, BIN } from "./args.js";
import { explainText, nextGrade } from "./explain.js";
import { CliError, EXIT, formatOf, jsonText, openInput, readRows, type Rejection, rejectionOf, resultLine } from "./io.js";
import { type Row } from "./row.js";

async function explain(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(
    explainCommand,
    argv,
    {
      ruleset: { type: "string", short: "r" },
      ...RULESET_DIR,
      "as-of": { type: "string" },
      format: { type: "string" },
      ...READ_FLAGS,
      id: { type: "string" },
      line: { type: "string" },
      locale: { type: "string" },
      json: { type: "boolean" },
    },
    [0, 1],
  );
  if (help) return commandHelp(explainCommand);
  const locale = localeFlag(values.locale, "zh");
  const reading = readFlags(values);
  const wantLine = values.line === undefined ? undefined : intFlag("--line", values.line, 0, 1);
  const { compiled, asOf } = rulesetFor(values, "explain");
  const inputPath = positionals[0];
  const input = openInput(inputPath);
  let chosen: Row | undefined;
  let seen = 0;
  for await (const row of readRows(input, formatOf(values.format, inputPath), compiled.ruleset.inputs, reading)) {
    seen++;
    const id = row.ok ? _idOf(row.subject) : row.subjectId;
    const match = values.id !== undefined ? id === values.id : wantLine !== undefined ? row.line === wantLine : true;
    if (!match) continue;
    if (values.id === undefined && wantLine === undefined && chosen !== undefined) {
      throw new CliError(`explain: the input holds more than one subject; choose one with --id or --line`);
    }
    chosen = row;
    if (values.id !== undefined || wantLine !== undefined) break;
  }
  (input as { destroy?: () => void }).destroy?.();
  if (chosen === undefined) {
    const what = values.id !== undefined ? `no subject with id ${values.id}` : wantLine !== undefined ? `no subject on line ${wantLine}` : "no subject";
    throw new CliError(`explain: ${what} in ${inputPath ?? "stdin"} (${seen} rows read)`);
  }
  return _explainRow(chosen, compiled, asOf, locale, values.json === true);
}

function _explainRow(row: Row, compiled: CompiledRuleset, asOf: string, locale: "zh" | "en", json: boolean): number {
  const rejection = !row.ok
    ? { line: row.line, id: row.subjectId, code: row.code, reason: row.reason }
    : (() => {
        const r = compiled.safeEvaluate(row.subject, { asOf, trace: false });
        return r.success ? r.data : rejectionOf(row.line, row.subject, r.error);
      })();
  if ("code" in rejection) return _rejected(rejection, json);
  const e = rejection;
  const where = locale === "zh" ? `第 ${row.line} 行` : `line ${row.line}`;
  // A result that cannot be written (a value nested too deeply) is the row's rejection, not a crash.
  const text = json ? resultLine(row.line, e.subjectId, { line: row.line, evaluation: e, nextGrade: nextGrade(e, compiled, locale) }) : _text(row.line, e.subjectId, () => explainText(e, compiled, locale, where, row.ok ? row.subject : undefined));
  if (typeof text !== "string") return _rejected(text, json);
  process.stdout.write(text);
  return EXIT.ok;
}

function _rejected(r: Rejection, json: boolean): number {
  if (json) process.stdout.write(jsonText({ rejected: r }));
  else process.stdout.write(`line ${r.line}${r.id !== undefined ? ` ${r.id}` : ""}: rejected: ${r.code}: ${r.reason}\n`);
  return EXIT.findings;
}

function _text(line: number, id: string, render: () => string): string | Rejection {
  try {
    return render();
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { line, id, code: "RESULT_NOT_WRITABLE", reason: `the explanation cannot be written: ${e.message} (a value nested too deeply)` };
  }
}

const _idOf = (s: unknown): string | undefined =>
  s !== null && typeof s === "object" && typeof (s as { id?: unknown }).id === "string" ? (s as { id: string }).id : undefined;

/** `explain`: one subject's grade, explained. */
export const explainCommand: Command = {
  name: "explain",
  summary: "explain one subject's grade, and what would reach the next grade",
  usage: `${BIN} explain --ruleset <r> [--id <id> | --line <n>] [options] [input]
  -r, --ruleset, --rulesets-dir, --as-of, --format   as for evaluate
${READ_USAGE}
  --id <id>         the subject to explain (first with that id)
  --line <n>        the subject on line n
                    (without either, the input must hold exactly one subject)
  --locale zh|en    language (default: zh)
  --json            { line, evaluation, nextGrade } as JSON
Shows the grade and how it was decided, the score breakdown, rules fired, records left out,
measures, and what would move the subject to the next better grade.
Exit: 0 explained, 1 the subject's row was rejected, 2 usage, configuration or I/O error.`,
  run: explain,
};
