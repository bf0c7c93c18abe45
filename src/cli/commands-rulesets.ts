/**
 * The commands that read rulesets side by side or render one: `diff` (what changed between
 * two versions), `simulate` (the grade migration of a population) and `rulebook` (规则书, the
 * Markdown rule book).
 * @module
 */
import { CreditGradingError, diffRulesets, formatDiff, formatMigration, renderRulebook, simulate as simulateMigration } from "../index.js";
import { BIN, type Command, commandHelp, dateFlag, intFlag, localeFlag, parseCommand, pointsFlag, READ_FLAGS, READ_USAGE, readFlags, RULESET_DIR } from "./args.js";
import { CliError, effectiveOf, EXIT, formatOf, jsonText, openInput, readRows, registryEntryOf, resolveRuleset, rulesetsDirOf, today } from "./io.js";

async function diff(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(diffCommand, argv, { ...RULESET_DIR, "as-of": { type: "string" }, locale: { type: "string" }, json: { type: "boolean" } }, [2, 2]);
  if (help) return commandHelp(diffCommand);
  const locale = localeFlag(values.locale, "en");
  const lookup = { dir: rulesetsDirOf(values["rulesets-dir"]), asOf: dateFlag("--as-of", values["as-of"]) };
  const a = resolveRuleset(positionals[0]!, lookup);
  const b = resolveRuleset(positionals[1]!, lookup);
  // Periods as in force in the registry folder: a version ends the day before its successor starts.
  const changes = diffRulesets(a, b, { effective: { a: effectiveOf(a), b: effectiveOf(b) } });
  if (values.json) process.stdout.write(jsonText({ from: a.ref, to: b.ref, changes }));
  else {
    process.stdout.write(`# ${a.ref.id}@${a.ref.version} → ${b.ref.id}@${b.ref.version}\n\n`);
    process.stdout.write(formatDiff(changes, { locale }));
  }
  return EXIT.ok;
}

async function simulate(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(
    simulateCommand,
    argv,
    {
      ...RULESET_DIR,
      "as-of": { type: "string" },
      "as-of-b": { type: "string" },
      format: { type: "string" },
      ...READ_FLAGS,
      locale: { type: "string" },
      "max-movers": { type: "string" },
      near: { type: "string" },
      plain: { type: "boolean" },
      json: { type: "boolean" },
    },
    [3, 3],
  );
  if (help) return commandHelp(simulateCommand);
  const locale = localeFlag(values.locale, "en");
  const given = dateFlag("--as-of", values["as-of"]);
  const asOf = given ?? today();
  const asOfB = dateFlag("--as-of-b", values["as-of-b"]);
  const lookup = { dir: rulesetsDirOf(values["rulesets-dir"]), asOf };
  const a = resolveRuleset(positionals[0]!, lookup);
  const b = resolveRuleset(positionals[1]!, asOfB !== undefined ? { ...lookup, asOf: asOfB } : lookup);
  const maxMovers = intFlag("--max-movers", values["max-movers"], 20);
  const reading = readFlags(values);
  const near = pointsFlag("--near", values.near);
  // The migration lists every mover, so the population is held in memory (unlike evaluate).
  const population: unknown[] = [];
  let unreadable = 0;
  const path = positionals[2]!;
  for await (const row of readRows(openInput(path), formatOf(values.format, path), a.ruleset.inputs, reading)) {
    if (row.ok) population.push(row.subject);
    else {
      unreadable++;
      population.push(row.reason); // counted as rejected in the matrix, so no row is dropped
      process.stderr.write(`line ${row.line}: ${row.code}: ${row.reason}\n`);
    }
  }
  let m;
  try {
    m = simulateMigration(a, b, population, { asOf, ...(asOfB !== undefined ? { asOfB } : {}), ...(near !== undefined ? { boundaryDistance: near } : {}) });
  } catch (e) {
    if (e instanceof CreditGradingError) throw new CliError(`simulate: ${e.message}`);
    throw e;
  }
  if (values.json) process.stdout.write(jsonText(m));
  else process.stdout.write(formatMigration(m, { locale, format: values.plain ? "text" : "markdown", maxMovers }));
  return unreadable > 0 ? EXIT.findings : EXIT.ok;
}

async function rulebook(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(rulebookCommand, argv, { ...RULESET_DIR, "as-of": { type: "string" }, locale: { type: "string" } }, [1, 1]);
  if (help) return commandHelp(rulebookCommand);
  const locale = localeFlag(values.locale, "zh");
  const compiled = resolveRuleset(positionals[0]!, { dir: rulesetsDirOf(values["rulesets-dir"]), asOf: dateFlag("--as-of", values["as-of"]) });
  process.stdout.write(renderRulebook(compiled.ruleset, { locale, registry: registryEntryOf(compiled) }));
  return EXIT.ok;
}

/** `diff`: the semantic diff of two ruleset versions. */
export const diffCommand: Command = {
  name: "diff",
  summary: "semantic diff of two ruleset versions",
  usage: `${BIN} diff <a> <b> [--locale zh|en] [--json] [--rulesets-dir dir] [--as-of date]
  <a>, <b>   ruleset files, scheme@version, or schemes (resolved on --as-of)
Exit: 0 (with or without changes), 2 usage, configuration or I/O error.`,
  run: diff,
};

/** `simulate`: the grade migration of a population between two ruleset versions. */
export const simulateCommand: Command = {
  name: "simulate",
  summary: "grade migration matrix of a population under two ruleset versions",
  usage: `${BIN} simulate <a> <b> <population> [options]
  --as-of <date>        as-of date of both evaluations (default: today); --as-of-b for b
  --format ndjson|csv   the population's format (CSV converted by a's input types)
${READ_USAGE}
  --locale zh|en        language (default: en)
  --max-movers <n>      movers listed (default 20; also near-boundary subjects listed)
  --near <points>       also list the subjects whose score under b is within this many points
                        of a band boundary (always: the score shifts from a to b)
  --plain               aligned plain text instead of Markdown
  --json                the whole migration as JSON
Rows a ruleset rejects are a column of the matrix, not dropped. The population is held in memory.
Exit: 0, 1 unreadable population lines (each counted as rejected), 2 usage, configuration or I/O error.`,
  run: simulate,
};

/** `rulebook`: the Markdown rule book (规则书) of a ruleset. */
export const rulebookCommand: Command = {
  name: "rulebook",
  summary: "the Markdown rule book (规则书) of a ruleset",
  usage: `${BIN} rulebook <ruleset> [--locale zh|en] [--rulesets-dir dir] [--as-of date]
  --locale zh|en   language (default: zh)
Exit: 0, 2 usage, configuration or I/O error.`,
  run: rulebook,
};
