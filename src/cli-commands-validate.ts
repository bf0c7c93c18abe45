/**
 * `credit-grading validate`: every diagnostic of every ruleset file given (folders stand for
 * the ruleset files under them).
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { formatDiagnostic, validateRulesetText } from "./index.js";
import { type Command, commandHelp, parseCommand, BIN } from "./cli-args.js";
import { EXIT, jsonText, paintFor, stripBom } from "./cli-io.js";

async function validate(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(validateCommand, argv, { json: { type: "boolean" } }, [1, Infinity]);
  if (help) return commandHelp(validateCommand);
  const paint = paintFor(process.stdout);
  const files = positionals.flatMap(_expand);
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
  const invalid = reports.filter((r) => !r.valid && r.error === undefined).length;
  if (values.json) {
    process.stdout.write(jsonText({ files: reports, invalid, unreadable: reports.filter((r) => r.error !== undefined).length }));
  } else {
    let errors = 0;
    let warnings = 0;
    for (const r of reports) {
      if (r.error !== undefined) {
        process.stderr.write(`${r.file}: ${paint.red("error")} ${r.error}\n`);
        continue;
      }
      const ds = r.diagnostics as Parameters<typeof formatDiagnostic>[0][];
      for (const d of ds) {
        const line = formatDiagnostic(d);
        const colour = d.severity === "error" ? paint.red : d.severity === "warning" ? paint.yellow : paint.dim;
        process.stdout.write(`${r.file}: ${line.replace(/^\S+/, (s) => colour(s))}\n`);
        if (d.severity === "error") errors++;
        else if (d.severity === "warning") warnings++;
      }
      if (ds.length === 0) process.stdout.write(`${r.file}: ${paint.green("ok")}\n`);
    }
    const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? "" : "s"}`;
    process.stdout.write(`${plural(files.length, "file")}: ${plural(invalid, "invalid ruleset")}, ${plural(errors, "error")}, ${plural(warnings, "warning")}\n`);
  }
  return ioError ? EXIT.usage : invalid > 0 ? EXIT.findings : EXIT.ok;
}

// A folder stands for the ruleset files under it (golden cases left out).
function _expand(path: string): string[] {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return [path]; // reported as unreadable
  }
  if (!isDir) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((d) => (d.isDirectory() ? _expand(join(path, d.name)) : d.name.endsWith(".json") && !d.name.endsWith(".golden.json") ? [join(path, d.name)] : []));
}
/** `validate`: checks ruleset files. */
export const validateCommand: Command = {
  name: "validate",
  summary: "check ruleset files: every diagnostic of every file",
  usage: `${BIN} validate <file|folder...> [--json]
  Folders stand for the ruleset files under them (golden cases left out).
  --json   one JSON document on stdout: { files: [{ file, valid, diagnostics }], invalid }
Exit: 0 all valid (warnings allowed), 1 an invalid ruleset, 2 an unreadable file.`,
  run: validate,
};
