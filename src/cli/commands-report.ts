/**
 * `credit-grading report`: the grade distribution of a year's `evaluate --full` lines by
 * administrative division, industry and credit class, with the changes against last year's lines
 * and the subjects nearest a band boundary, as Markdown (or JSON), and its charts as SVG files.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CreditGradingError, formatReport, gradeReport, type GradeReport, REPORT_GROUPINGS, type ReportGrouping } from "../index.js";
import { reportCharts } from "../node/report-charts.js";
import { BIN, type Command, commandHelp, intFlag, localeFlag, parseCommand, pointsFlag, RULESET_DIR } from "./args.js";
import { readYear } from "./commands-yoy.js";
import { CliError, EXIT, jsonText, rulesetsDirOf } from "./io.js";

// --by: groupings separated by commas, each one of REPORT_GROUPINGS.
function byFlag(v: string | undefined): ReportGrouping[] | undefined {
  if (v === undefined) return undefined;
  const by = v.split(",").map((x) => x.trim());
  for (const g of by) if (!(REPORT_GROUPINGS as readonly string[]).includes(g)) throw new CliError(`--by must list groupings among ${REPORT_GROUPINGS.join(", ")}, received ${JSON.stringify(g)}`);
  return by as ReportGrouping[];
}

async function report(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(
    reportCommand,
    argv,
    { ...RULESET_DIR, previous: { type: "string" }, by: { type: "string" }, near: { type: "string" }, locale: { type: "string" }, "max-listed": { type: "string" }, svg: { type: "string" }, json: { type: "boolean" } },
    [1, 1],
  );
  if (help) return commandHelp(reportCommand);
  const locale = localeFlag(values.locale, "en");
  const by = byFlag(values.by);
  const near = pointsFlag("--near", values.near);
  const maxListed = intFlag("--max-listed", values["max-listed"], 20);
  const dir = rulesetsDirOf(values["rulesets-dir"]);
  const current = await readYear(positionals[0]!, dir);
  const previous = values.previous === undefined ? undefined : await readYear(values.previous, dir);
  let r: GradeReport;
  try {
    r = gradeReport(current.results, { compiled: current.ruleset, ...(by !== undefined ? { by } : {}), ...(previous !== undefined ? { previous } : {}), ...(near !== undefined ? { nearBoundary: near } : {}) });
  } catch (e) {
    if (e instanceof CreditGradingError) throw new CliError(`report: ${e.message}`);
    throw e;
  }
  if (values.svg !== undefined) {
    const folder = values.svg;
    try {
      mkdirSync(folder, { recursive: true });
      for (const c of await reportCharts(r, { locale })) writeFileSync(join(folder, c.name), c.svg);
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(`report: cannot write the charts into ${folder}: ${(e as Error).message}`);
    }
  }
  process.stdout.write(values.json ? jsonText(r) : formatReport(r, { locale, maxListed }));
  return EXIT.ok;
}

/** `report`: grade distributions by division, industry and class, changes against last year, subjects near a boundary. */
export const reportCommand: Command = {
  name: "report",
  summary: "grade distribution by division, industry and class from evaluate --full results, with changes and charts",
  usage: `${BIN} report <results.ndjson> [options]
  <results>              lines of evaluate --full (one ruleset version, found in --rulesets-dir)
  --previous <file>      last year's evaluate --full lines: adds the migration and each group's moves
  --by <list>            groupings, comma-separated: ${REPORT_GROUPINGS.join(", ")}
                         (default: province,industry,class; divisions from characters 3–8 of the
                         USCC, named from GB/T 2260; industry: the USCC's characters 1–2, GB 32100 表2)
  --near <points>        also list the subjects within this many points of a band boundary
  --locale zh|en         language (default: en)
  --max-listed <n>       movers and near-boundary subjects listed (default 20)
  --svg <folder>         also write the charts as SVG: <grouping>.svg, and migration.svg with --previous
  --json                 the whole report as JSON instead of Markdown
Every subject is counted in one group of each grouping; an unknown code is a group "unknown (code)".
Exit: 0, 2 usage, configuration or I/O error.`,
  run: report,
};
