/**
 * `credit-grading init <folder>`: writes a starter industry ruleset with its `$schema`, golden
 * cases and a README, laid out as a registry folder that `validate` and `test` take as it is.
 * @module
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { BIN, type Command, commandHelp, parseCommand } from "./args.js";
import { CliError, EXIT, packageRoot } from "./io.js";
import { STARTER_ID, STARTER_VERSION, starterGolden, starterReadme, starterRuleset } from "./init-template.js";

async function init(argv: string[]): Promise<number> {
  const { values, positionals, help } = parseCommand(initCommand, argv, { force: { type: "boolean" }, schema: { type: "string" } }, [1, 1]);
  if (help) return commandHelp(initCommand);
  const folder = positionals[0]!;
  const rulesetFile = join(folder, STARTER_ID, `${STARTER_VERSION}.json`);
  const goldenFile = join(folder, STARTER_ID, `${STARTER_VERSION}.golden.json`);
  const readme = join(folder, "README.md");
  const files = [rulesetFile, goldenFile, readme];
  const existing = files.filter((f) => existsSync(f));
  if (existing.length > 0 && values.force !== true) throw new CliError(`init: ${existing.join(", ")} already exist${existing.length === 1 ? "s" : ""} (--force overwrites)`);
  // An editor resolves a relative $schema from the file: point at the JSON Schema of the package
  // that runs this command (node_modules/credit-grading/schema/… when installed in a project).
  const schemaRef = values.schema ?? relative(dirname(rulesetFile), join(packageRoot(), "schema", "ruleset.schema.json")).split(sep).join("/");
  try {
    mkdirSync(dirname(rulesetFile), { recursive: true });
    writeFileSync(rulesetFile, `${JSON.stringify(starterRuleset(schemaRef), null, 2)}\n`);
    writeFileSync(goldenFile, `${JSON.stringify(starterGolden(), null, 2)}\n`);
    writeFileSync(readme, starterReadme(folder, schemaRef));
  } catch (e) {
    throw new CliError(`init: cannot write in ${folder}: ${(e as Error).message}`);
  }
  for (const f of files) process.stdout.write(`wrote ${f}\n`);
  process.stdout.write(`next: ${BIN} validate ${folder} && ${BIN} test ${folder}\n`);
  return EXIT.ok;
}

/** `init`: writes a starter ruleset. */
export const initCommand: Command = {
  name: "init",
  summary: "write a starter industry ruleset with $schema, golden cases and a README",
  usage: `${BIN} init <folder> [--schema <ref>] [--force]
  Writes <folder>/${STARTER_ID}/${STARTER_VERSION}.json (a valid industry ruleset: the public composite
  indicator, two industry indicators, five bands, one direct-judgment rule), the golden cases
  beside it (${STARTER_VERSION}.golden.json) and <folder>/README.md.
  --schema <ref>  where "$schema" points (default: the relative path to this package's
                  schema/ruleset.schema.json, e.g. ../../node_modules/credit-grading/schema/ruleset.schema.json;
                  or the published URL https://unpkg.com/credit-grading@<version>/schema/ruleset.schema.json)
  --force         overwrite files that exist
Exit: 0 written, 2 a file exists (without --force), cannot be written, or a usage error.`,
  run: init,
};
