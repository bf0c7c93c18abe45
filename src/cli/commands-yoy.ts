/**
 * `credit-grading yoy`: the year-over-year grade migration of a population, from two files of
 * `evaluate --full` lines (last year's and this year's), each result graded by the ruleset
 * version it names (looked up in the rulesets folder).
 * @module
 */
import { CreditGradingError, type Evaluation, formatMigration, yearOverYear } from "../index.js";
import { BIN, type Command, commandHelp, intFlag, localeFlag, parseCommand, RULESET_DIR } from "./args.js";
import { CliError, EXIT, jsonText, openInput, resolveRuleset } from "./io.js";
import { DEFAULT_READ_OPTIONS, readLines } from "./lines.js";

/**
 * Reads one year's results: every line an evaluation (`evaluate --full`), all of one ruleset
 * version, looked up in the rulesets folder.
 * @param path - The file of `evaluate --full` lines (`-` for standard input).
 * @param dir - The rulesets folder.
 * @returns The evaluations and their compiled ruleset.
 * @throws CliError naming the file and line of a line that is not a whole evaluation, or an empty file.
 */
export async function readYear(path: string, dir: string): Promise<{ ruleset: ReturnType<typeof resolveRuleset>; results: Evaluation[] }> {
  const results: Evaluation[] = [];
  let n = 0;
  for await (const batch of readLines(openInput(path), DEFAULT_READ_OPTIONS)) {
    for (let i = 0; i < batch.texts.length; i++) {
      const text = batch.texts[i]!;
      n = batch.first + i;
      const problem = batch.problems?.[i];
      if (problem !== undefined) throw new CliError(`${path} line ${n}: ${problem.code}: ${problem.reason}`);
      if (text.trim() === "") continue;
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch (e) {
        throw new CliError(`${path} line ${n}: not JSON (${(e as Error).message})`);
      }
      const r = v as Partial<Evaluation> | null;
      if (r === null || typeof r !== "object" || typeof r.subjectId !== "string" || typeof r.ruleset?.id !== "string" || !Array.isArray(r.indicators)) {
        throw new CliError(`${path} line ${n}: expected a whole evaluation (a line of evaluate --full), with subjectId, ruleset and indicators`);
      }
      // evaluate --full leaves out addedMeasures and outputs when no rule added any.
      results.push({ ...(r as Evaluation), addedMeasures: r.addedMeasures ?? [], outputs: r.outputs ?? [] });
    }
  }
  const first = results[0];
  if (first === undefined) throw new CliError(`${path}: no results`);
  return { ruleset: resolveRuleset(`${first.ruleset.id}@${first.ruleset.version}`, { dir, asOf: undefined }), results };
}

async function yoy(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(
    yoyCommand,
    argv,
    { ...RULESET_DIR, locale: { type: "string" }, "max-movers": { type: "string" }, plain: { type: "boolean" }, json: { type: "boolean" } },
    [2, 2],
  );
  if (help) return commandHelp(yoyCommand);
  const locale = localeFlag(values.locale, "en");
  const maxMovers = intFlag("--max-movers", values["max-movers"], 20);
  const dir = values["rulesets-dir"] ?? "rulesets";
  const previous = await readYear(positionals[0]!, dir);
  const current = await readYear(positionals[1]!, dir);
  let m;
  try {
    m = yearOverYear(previous, current);
  } catch (e) {
    if (e instanceof CreditGradingError) throw new CliError(`yoy: ${e.message}`);
    throw e;
  }
  if (values.json) process.stdout.write(jsonText(m));
  else {
    const t = (zh: string, en: string): string => (locale === "zh" ? zh : en);
    process.stdout.write(formatMigration(m, { locale, format: values.plain ? "text" : "markdown", maxMovers }));
    process.stdout.write(`\n${t(`新增主体 ${m.entered.length}，退出主体 ${m.left.length}。`, `${m.entered.length} subjects graded this year only, ${m.left.length} last year only.`)}\n`);
  }
  return EXIT.ok;
}

/** `yoy`: the year-over-year grade migration of a population. */
export const yoyCommand: Command = {
  name: "yoy",
  summary: "year-over-year grade migration from two years' evaluate --full results",
  usage: `${BIN} yoy <previous.ndjson> <current.ndjson> [options]
  <previous>, <current>  lines of evaluate --full (each year graded by one ruleset version, found in --rulesets-dir)
  --locale zh|en         language (default: en)
  --max-movers <n>       movers listed (default 20)
  --plain                aligned plain text instead of Markdown
  --json                 the whole migration as JSON (with entered and left)
Subjects are matched by id; those graded in one year only are counted apart.
Exit: 0, 2 usage, configuration or I/O error.`,
  run: yoy,
};
