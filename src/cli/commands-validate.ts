/**
 * `credit-grading validate`: every diagnostic of every ruleset file given (folders stand for
 * the ruleset files under them), and for each folder the checks of the registry that
 * `evaluate`, `diff` and the others load from it (`inspectRegistry`): misplaced files, version
 * conflicts, two versions of a scheme starting on one day, gaps between versions.
 * @module
 */
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { formatDiagnostic, formatRegistryDiagnostic, type RegistryDiagnostic, validateRulesetText } from "../index.js";
import { inspectRegistry } from "../node/index.js";
import { type Command, commandHelp, parseCommand, BIN } from "./args.js";
import { EXIT, isRulesetFile as _isRulesetFile, jsonText, paintFor, rulesetFilesUnder, sortedEntries as _entries, stripBom } from "./io.js";

async function validate(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(validateCommand, argv, { json: { type: "boolean" } }, [1, Infinity]);
  if (help) return commandHelp(validateCommand);
  const paint = paintFor(process.stdout);
  const files = positionals.flatMap(rulesetFilesUnder);
  const reports: { file: string; valid: boolean; diagnostics: unknown[]; error?: string }[] = [];
  let ioError = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      ioError = true;
      reports.push({ file, valid: false, diagnostics: [], error: `cannot read: ${(e as Error).message}` });
      continue;
    }
    const { valid, diagnostics } = validateRulesetText(stripBom(text));
    reports.push({ file, valid, diagnostics: [...diagnostics] });
  }
  const registry = positionals.flatMap(_registryChecks);
  const registryErrors = registry.filter((d) => d.severity === "error").length;
  const invalid = reports.filter((r) => !r.valid && r.error === undefined).length;
  if (values.json) {
    process.stdout.write(jsonText({ files: reports, invalid, unreadable: reports.filter((r) => r.error !== undefined).length, registry, registryErrors }));
  } else {
    let errors = 0;
    let warnings = 0;
    const print = (severity: string, line: string): void => {
      const colour = severity === "error" ? paint.red : severity === "warning" ? paint.yellow : paint.dim;
      process.stdout.write(`${line.replace(/^(.*?: )?(\S+)/, (_, where: string | undefined, s: string) => `${where ?? ""}${colour(s)}`)}\n`);
      if (severity === "error") errors++;
      else if (severity === "warning") warnings++;
    };
    for (const r of reports) {
      if (r.error !== undefined) {
        process.stderr.write(`${r.file}: ${paint.red("error")} ${r.error}\n`);
        continue;
      }
      const ds = r.diagnostics as Parameters<typeof formatDiagnostic>[0][];
      // file:line:column: as compilers print it, so terminals and editors open the place.
      for (const d of ds) {
        const { position, ...rest } = d;
        print(d.severity, `${r.file}${position === undefined ? "" : `:${position.line}:${position.column}`}: ${formatDiagnostic(rest)}`);
      }
      if (ds.length === 0) process.stdout.write(`${r.file}: ${paint.green("ok")}\n`);
    }
    for (const d of registry) print(d.severity, formatRegistryDiagnostic(d));
    const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;
    process.stdout.write(`${plural(files.length, "file")}: ${plural(invalid, "invalid ruleset")}, ${plural(errors, "error")}, ${plural(warnings, "warning")}\n`);
  }
  return ioError ? EXIT.usage : invalid > 0 || registryErrors > 0 ? EXIT.findings : EXIT.ok;
}

/**
 * The registry checks of a folder given to `validate`, the same `loadRegistry` makes: a folder
 * of `<id>/<version>.json` folders is a registry; a folder holding ruleset files itself is one
 * `<id>` folder of the registry it sits in. What a file shows on its own is reported per file.
 */
function _registryChecks(path: string): RegistryDiagnostic[] {
  let entries;
  try {
    if (!statSync(path).isDirectory()) return [];
    entries = _entries(path);
  } catch {
    return []; // reported as unreadable
  }
  const out: RegistryDiagnostic[] = [];
  if (entries.some((d) => d.isDirectory() && !d.name.startsWith("."))) out.push(...inspectRegistry(path).registryDiagnostics);
  if (entries.some((d) => d.isFile() && _isRulesetFile(d.name))) {
    const trimmed = path.replace(/(.)[\\/]+$/, "$1");
    const folder = [".", ".."].includes(basename(trimmed)) ? resolve(trimmed) : trimmed;
    out.push(...inspectRegistry(dirname(folder), { folders: [basename(folder)] }).registryDiagnostics);
  }
  return out;
}


/** `validate`: checks ruleset files. */
export const validateCommand: Command = {
  name: "validate",
  summary: "check ruleset files and registry folders: every diagnostic of every file",
  usage: `${BIN} validate <file|folder...> [--json]
  Folders stand for the ruleset files under them (golden cases left out), and are checked as
  the registry that --rulesets-dir loads: <id>/<version>.json names, version conflicts, two
  versions of a scheme starting on one day (error), gaps between versions (warning). A folder
  of ruleset files is checked as one <id> folder of its parent.
  --json   one JSON document on stdout: { files: [{ file, valid, diagnostics }], invalid,
           registry: [{ code, severity, scheme, versions, sources, path, message }], registryErrors }
Exit: 0 all valid (warnings allowed), 1 an invalid ruleset or a registry error, 2 an unreadable file.`,
  run: validate,
};
