/**
 * The file-system edge of the registry: {@link loadRegistry} reads a folder of ruleset files
 * into a {@link Registry}. The only module of the registry that touches the disk (Node ≥ 20);
 * `registry.ts` stays pure, and hosts with their own storage call {@link Registry.add} instead.
 * @module
 */
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RulesetError } from "./errors.js";
import { createRegistry, formatRegistryDiagnostic, type Registry, type RegistryDiagnostic, RegistryError } from "./registry.js";

/**
 * Reads every ruleset under `dir` into a new registry. The layout is
 * `<dir>/<id>/<version>.json`, the layout of the shipped `rulesets/` folder: the folder is named
 * after the ruleset's `id` (so a path names exactly one `id@version`, the key of
 * {@link Registry.get}) and the file after its `version`. Golden cases (`*.golden.json`), other
 * files that are not JSON (READMEs), files at the top level and dot-folders are skipped.
 *
 * Every problem in every file is collected before anything is thrown, each naming its file:
 * unreadable files (`FILE_UNREADABLE`), text that is not JSON (`NOT_JSON`), the ruleset's own
 * validation diagnostics, a folder not named after the id (`FOLDER_MISMATCH`), a file not named
 * after the version (`FILE_NAME_MISMATCH`), the same version twice with different content
 * (`VERSION_CONFLICT`) and overlapping effective periods (`REGISTRY_OVERLAP`). Warnings (gaps
 * between versions, validation warnings) do not stop loading; read them from
 * {@link Registry.diagnostics}.
 * @param dir - The folder to read, e.g. `"rulesets"` (relative to the working directory, or absolute).
 * @returns The registry, every version compiled.
 * @throws RegistryError `LOAD_FAILED` with {@link RegistryError.diagnostics} listing every error.
 * @example
 * const registry = loadRegistry("rulesets");
 * registry.schemes(); //=> ["cn-tax-credit", "hlj-property-services", "hlj-public-composite"]
 * registry.resolve("hlj-public-composite", "2025-07-01").ref.version; //=> "1.1.0"
 * registry.versions("hlj-public-composite").map((e) => e.source);
 * //=> ["rulesets/hlj-public-composite/1.0.0.json", "rulesets/hlj-public-composite/1.1.0.json"]
 */
export function loadRegistry(dir: string): Registry {
  const registry = createRegistry();
  const problems: RegistryDiagnostic[] = [];
  const fileProblem = (source: string, code: RegistryDiagnostic["code"], message: string, scheme?: string): void => {
    problems.push({ code, path: [], message, severity: "error", scheme, versions: [], sources: [source] });
  };

  const folders = _list(dir, dir, problems);
  let files = 0;
  for (const folder of folders) {
    if (!folder.isDirectory() || folder.name.startsWith(".")) continue;
    const folderPath = join(dir, folder.name);
    for (const file of _list(folderPath, folderPath, problems)) {
      if (!file.isFile() || !file.name.endsWith(".json") || file.name.endsWith(".golden.json")) continue;
      files++;
      const source = join(folderPath, file.name);
      let json: unknown;
      try {
        const text = readFileSync(source, "utf8");
        json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      } catch (e) {
        const code = e instanceof SyntaxError ? "NOT_JSON" : "FILE_UNREADABLE";
        fileProblem(source, code, `${code === "NOT_JSON" ? "not valid JSON" : "cannot read"}: ${(e as Error).message}`);
        continue;
      }
      const declared = _declared(json);
      if (declared.id !== undefined && declared.id !== folder.name) {
        problems.push({
          code: "FOLDER_MISMATCH",
          path: ["id"],
          message: `ruleset id ${JSON.stringify(declared.id)} is in folder ${JSON.stringify(folder.name)}; rulesets live in <dir>/<id>/<version>.json`,
          severity: "error",
          scheme: declared.scheme,
          versions: declared.version === undefined ? [] : [`${declared.id}@${declared.version}`],
          sources: [source],
        });
      }
      const expectedFile = declared.version === undefined ? undefined : `${declared.version}.json`;
      if (expectedFile !== undefined && expectedFile !== file.name) {
        problems.push({
          code: "FILE_NAME_MISMATCH",
          path: ["version"],
          message: `ruleset version ${JSON.stringify(declared.version)} is in file ${JSON.stringify(file.name)}; expected ${JSON.stringify(expectedFile)}`,
          severity: "error",
          scheme: declared.scheme,
          versions: declared.id === undefined ? [] : [`${declared.id}@${declared.version}`],
          sources: [source],
        });
      }
      const added = registry.safeAdd(json, source);
      if (added.success) continue;
      const { error } = added;
      if (error instanceof RulesetError) {
        const versions = declared.id !== undefined && declared.version !== undefined ? [`${declared.id}@${declared.version}`] : [];
        for (const d of error.diagnostics) problems.push({ ...d, scheme: declared.scheme, versions, sources: [source] });
      } else {
        problems.push(...error.diagnostics);
      }
    }
  }

  const errors = [...problems, ...registry.diagnostics()].filter((d) => d.severity === "error");
  if (errors.length > 0) {
    throw new RegistryError(
      "LOAD_FAILED",
      [
        `loadRegistry(${JSON.stringify(dir)}): ${errors.length} error${errors.length === 1 ? "" : "s"} (${files} ruleset file${files === 1 ? "" : "s"} read)`,
        ...errors.map((d) => `  ${formatRegistryDiagnostic(d)}`),
      ].join("\n"),
      errors,
    );
  }
  return registry;
}

// Sorted so sources, diagnostics and error messages come out in the same order on every machine.
function _list(path: string, source: string, problems: RegistryDiagnostic[]): Dirent[] {
  try {
    return readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    problems.push({
      code: "FILE_UNREADABLE",
      path: [],
      message: `cannot read folder: ${(e as Error).message}`,
      severity: "error",
      scheme: undefined,
      versions: [],
      sources: [source],
    });
    return [];
  }
}

// What an unvalidated document says it is, so a misplaced file is named even when it is also invalid.
function _declared(json: unknown): { id: string | undefined; scheme: string | undefined; version: string | undefined } {
  const o = json !== null && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const str = (k: string): string | undefined => (Object.hasOwn(o, k) && typeof o[k] === "string" ? o[k] : undefined);
  return { id: str("id"), scheme: str("scheme"), version: str("version") };
}
