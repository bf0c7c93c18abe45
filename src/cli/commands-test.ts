/**
 * `credit-grading test`: runs the golden cases kept beside each ruleset (`<version>.golden.json`
 * beside `<version>.json`) through the library's `runGoldenCases` and reports every failing case
 * with its expected and actual grade, score and the rules that fired.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compileRuleset, formatPath, type GoldenReport, RulesetError, runGoldenCases, validateRulesetText } from "../index.js";
import { BIN, type Command, commandHelp, parseCommand, RULESET_DIR } from "./args.js";
import { CliError, EXIT, jsonText, paintFor, rulesetFilesUnder, rulesetsDirOf, stripBom } from "./io.js";

/** The outcome of one ruleset file. */
interface FileResult {
  readonly ruleset: string;
  readonly golden: string;
  /** The report, when the ruleset is valid and its golden file could be read. */
  readonly report?: GoldenReport;
  /** Why no case ran: no golden file, an invalid ruleset, a golden file that is not JSON. */
  readonly problem?: string;
  /** Whether the problem fails the run (no golden file beside a ruleset does not). */
  readonly fails: boolean;
}

async function test(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(testCommand, argv, { json: { type: "boolean" }, ...RULESET_DIR }, [1, Infinity]);
  if (help) return commandHelp(testCommand);
  const files = positionals.flatMap((p) => (/^[^/\\]+@[^/\\]+$/.test(p) && !p.endsWith(".json") ? [_registryFile(p, rulesetsDirOf(values["rulesets-dir"]))] : rulesetFilesUnder(p)));
  const results = files.map(_runFile);
  const cases = results.reduce((n, r) => n + (r.report?.cases.length ?? 0), 0);
  const failed = results.reduce((n, r) => n + (r.report?.failed ?? 0), 0);
  const broken = results.filter((r) => r.fails && r.report === undefined).length + results.filter((r) => (r.report?.issues.length ?? 0) > 0).length;
  const ok = failed === 0 && broken === 0 && cases > 0;
  if (values.json) {
    process.stdout.write(jsonText({ files: results.map(({ fails: _f, ...r }) => r), cases, failed, broken, passed: ok }));
    return ok ? EXIT.ok : EXIT.findings;
  }
  const paint = paintFor(process.stdout);
  for (const r of results) {
    if (r.report === undefined) {
      process.stdout.write(`${r.ruleset}: ${r.fails ? paint.red("error") : paint.dim("skipped")} ${r.problem ?? ""}\n`);
      continue;
    }
    const rep = r.report;
    for (const i of rep.issues) process.stdout.write(`${r.golden}: ${paint.red("error")} ${i.code} at ${formatPath(i.path)}: ${i.message}\n`);
    for (const c of rep.cases.filter((x) => !x.passed)) {
      process.stdout.write(`${paint.red("FAIL")} ${r.golden} [${c.index}] ${JSON.stringify(c.name)} (as of ${c.asOf})\n`);
      if (c.rejected !== undefined) process.stdout.write(`  rejected: ${c.rejected}\n`);
      for (const m of c.mismatches) process.stdout.write(`  ${m.field}: expected ${_show(m.expected)}, got ${_show(m.actual)}\n`);
      if (c.actual !== undefined) {
        const a = c.actual;
        process.stdout.write(`  actual: grade ${a.grade ?? "not gradable"}, score ${a.score ?? "—"}, decided by ${a.decidedBy}, rules fired: ${a.firedRules.length > 0 ? a.firedRules.join(", ") : "none"}\n`);
      }
    }
    if (rep.issues.length === 0) {
      const n = rep.cases.length;
      process.stdout.write(`${r.golden}: ${rep.failed === 0 ? paint.green(`${n} passed`) : paint.red(`${rep.failed} of ${n} failed`)} (${rep.ruleset})\n`);
    }
  }
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;
  process.stdout.write(`${plural(files.length, "ruleset")}: ${plural(cases, "case")}, ${cases - failed} passed, ${failed} failed${broken > 0 ? `, ${plural(broken, "file")} with errors` : ""}${cases === 0 ? " (no golden cases found)" : ""}\n`);
  return ok ? EXIT.ok : EXIT.findings;
}

// `scheme@version`: the file `<dir>/<scheme>/<version>.json` of the registry folder.
function _registryFile(arg: string, dir: string): string {
  const at = arg.lastIndexOf("@");
  const file = join(dir, arg.slice(0, at), `${arg.slice(at + 1)}.json`);
  if (!existsSync(file)) throw new CliError(`test: no ruleset ${arg} in ${dir} (expected ${file})`);
  return file;
}

function _read(file: string): string {
  try {
    return stripBom(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CliError(`test: cannot read ${file}: ${(e as Error).message}`);
  }
}

function _runFile(ruleset: string): FileResult {
  const golden = ruleset.replace(/\.json$/, ".golden.json");
  const validation = validateRulesetText(_read(ruleset));
  if (!validation.valid) {
    const errors = validation.diagnostics.filter((d) => d.severity === "error").length;
    return { ruleset, golden, problem: `invalid ruleset (${errors} error${errors === 1 ? "" : "s"}; run \`${BIN} validate ${ruleset}\`)`, fails: true };
  }
  if (!existsSync(golden)) return { ruleset, golden, problem: `no golden cases (${golden} not found)`, fails: false };
  let cases: unknown;
  try {
    cases = JSON.parse(_read(golden));
  } catch (e) {
    return { ruleset, golden, problem: `${golden}: not JSON: ${(e as Error).message}`, fails: true };
  }
  try {
    return { ruleset, golden, report: runGoldenCases(compileRuleset(validation.ruleset, ruleset), cases), fails: false };
  } catch (e) {
    if (e instanceof RulesetError) return { ruleset, golden, problem: e.message, fails: true };
    throw e;
  }
}

const _show = (v: unknown): string => (v === undefined ? "nothing (rejected)" : JSON.stringify(v));

/** `test`: runs golden cases. */
export const testCommand: Command = {
  name: "test",
  summary: "run the golden cases kept beside rulesets (<version>.golden.json)",
  usage: `${BIN} test <ruleset.json|folder|scheme@version...> [--json] [--rulesets-dir <dir>]
  For each ruleset file (a folder stands for the ruleset files under it), runs the cases of the
  <version>.golden.json beside it (format: docs/golden-cases.md, schema/golden.schema.json) and
  reports every failing case: each field that differs, expected and actual, and the grade,
  score and rules that fired. A ruleset without a golden file is listed as skipped.
  --json   one JSON document: { files: [{ ruleset, golden, report?, problem? }], cases, failed, broken, passed }
Exit: 0 every case passed, 1 a case failed, a file is invalid or no case was found, 2 an unreadable file or usage error.`,
  run: test,
};
