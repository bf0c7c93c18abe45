/**
 * The file-system edge of the registry: {@link loadRegistry} reads a folder of ruleset files
 * into a {@link Registry}. The only module of the registry that touches the disk (Node ≥ 20);
 * `registry.ts` stays pure, and hosts with their own storage call {@link Registry.add} instead.
 * @module
 */
import { type Dirent, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { RulesetError } from "../base/errors.js";
import { textPositions } from "../check/positions.js";
import { validateRulesetText } from "../check/ruleset-check.js";
import { createRegistry, formatRegistryDiagnostic, type Registry, type RegistryDiagnostic, RegistryError } from "../versions/registry.js";

/**
 * What {@link inspectRegistry} found in a folder of rulesets.
 * @category Files
 */
export interface RegistryInspection {
  /** The registry of every version that could be added (those with errors left out). */
  readonly registry: Registry;
  /** How many ruleset files were read. */
  readonly files: number;
  /**
   * What each file shows on its own: an unreadable file (`FILE_UNREADABLE`), text that is not
   * JSON (`NOT_JSON`, at the first syntax error), the ruleset's own validation diagnostics
   * (errors, warnings and infos). Each but `FILE_UNREADABLE` carries its `position` in the file.
   */
  readonly fileDiagnostics: readonly RegistryDiagnostic[];
  /**
   * What the files show together, as a registry: a folder not named after the id
   * (`FOLDER_MISMATCH`), a file not named after the version (`FILE_NAME_MISMATCH`) (these two
   * carry the `position` of the `id` or `version` in the file), one version
   * twice with different content (`VERSION_CONFLICT`), two versions of a scheme starting on one
   * day (`REGISTRY_OVERLAP`), days no version covers (`REGISTRY_GAP`), declared ends a successor
   * cuts short (`REGISTRY_SUPERSEDED`). Each names the files concerned.
   */
  readonly registryDiagnostics: readonly RegistryDiagnostic[];
}

/**
 * Options of {@link inspectRegistry}.
 * @category Files
 */
export interface InspectRegistryOptions {
  /** Read only these `<id>` folders of `dir` (default: every folder). */
  readonly folders?: readonly string[];
}

/**
 * Reads every ruleset under `dir` into a new registry, the way {@link loadRegistry} does, but
 * returns every problem instead of throwing: the checks `credit-grading validate <folder>`
 * reports and `loadRegistry` fails on are the same checks, made here once.
 * @param dir - The folder to read (layout `<dir>/<id>/<version>.json`).
 * @param options - Which `<id>` folders to read.
 * @returns The registry and what was found, file by file and across the files.
 * @example
 * const { registryDiagnostics } = inspectRegistry("rulesets");
 * registryDiagnostics.filter((d) => d.severity === "error"); //=> []
 * @category Files
 */
export function inspectRegistry(dir: string, options: InspectRegistryOptions = {}): RegistryInspection {
  const registry = createRegistry();
  const fileDiagnostics: RegistryDiagnostic[] = [];
  const layout: RegistryDiagnostic[] = [];
  const fileProblem = (source: string, code: RegistryDiagnostic["code"], message: string): void => {
    fileDiagnostics.push({ code, path: [], message, severity: "error", scheme: undefined, versions: [], sources: [source] });
  };

  const only = options.folders === undefined ? undefined : new Set(options.folders);
  const folders = _list(dir, dir, fileDiagnostics).filter((f) => only === undefined || only.has(f.name));
  let files = 0;
  for (const folder of folders) {
    if (!folder.isDirectory() || folder.name.startsWith(".")) continue;
    const folderPath = join(dir, folder.name);
    for (const file of _list(folderPath, folderPath, fileDiagnostics)) {
      if (!file.isFile() || !file.name.endsWith(".json") || file.name.endsWith(".golden.json")) continue;
      files++;
      const source = join(folderPath, file.name);
      let body: string;
      try {
        const text = readFileSync(source, "utf8");
        body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
      } catch (e) {
        fileProblem(source, "FILE_UNREADABLE", `cannot read: ${(e as Error).message}`);
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        // The NOT_JSON of validateRulesetText, at the first syntax error's line and column.
        for (const d of validateRulesetText(body).diagnostics) fileDiagnostics.push({ ...d, scheme: undefined, versions: [], sources: [source] });
        continue;
      }
      // What one file shows is placed in its text, as `validate` places it.
      const positions = textPositions(body);
      const declared = _declared(json);
      const versions = declared.id !== undefined && declared.version !== undefined ? [`${declared.id}@${declared.version}`] : [];
      if (declared.id !== undefined && declared.id !== folder.name) {
        layout.push({
          code: "FOLDER_MISMATCH",
          path: ["id"],
          position: positions.at(["id"]),
          message: `ruleset id ${JSON.stringify(declared.id)} is in folder ${JSON.stringify(folder.name)}; rulesets live in <dir>/<id>/<version>.json`,
          severity: "error",
          scheme: declared.scheme,
          versions,
          sources: [source],
        });
      }
      const expectedFile = declared.version === undefined ? undefined : `${declared.version}.json`;
      if (expectedFile !== undefined && expectedFile !== file.name) {
        layout.push({
          code: "FILE_NAME_MISMATCH",
          path: ["version"],
          position: positions.at(["version"]),
          message: `ruleset version ${JSON.stringify(declared.version)} is in file ${JSON.stringify(file.name)}; expected ${JSON.stringify(expectedFile)}`,
          severity: "error",
          scheme: declared.scheme,
          versions,
          sources: [source],
        });
      }
      const added = registry.safeAdd(json, source);
      if (added.success) continue;
      const { error } = added;
      if (error instanceof RulesetError) {
        for (const d of error.diagnostics) fileDiagnostics.push({ ...d, position: positions.at(d.path), scheme: declared.scheme, versions, sources: [source] });
      } else {
        layout.push(...error.diagnostics);
      }
    }
  }
  for (const scheme of registry.schemes()) {
    for (const e of registry.versions(scheme)) fileDiagnostics.push(...e.warnings);
  }
  const periods = registry.schemes().flatMap((s) => registry.diagnostics(s).filter((d) => _PERIOD_CODES.has(d.code)));
  return { registry, files, fileDiagnostics, registryDiagnostics: [...layout, ...periods] };
}

const _PERIOD_CODES: ReadonlySet<RegistryDiagnostic["code"]> = new Set(["REGISTRY_OVERLAP", "REGISTRY_GAP", "REGISTRY_SUPERSEDED"]);

/**
 * Reads every ruleset under `dir` into a new registry. The layout is
 * `<dir>/<id>/<version>.json`, the layout of the shipped `rulesets/` folder: the folder is named
 * after the ruleset's `id` (so a path names exactly one `id@version`, the key of
 * {@link Registry.get}) and the file after its `version`. Golden cases (`*.golden.json`), other
 * files that are not JSON (READMEs), files at the top level and dot-folders are skipped.
 *
 * Every problem in every file is collected before anything is thrown, each naming its file
 * ({@link inspectRegistry} lists the checks; `credit-grading validate <folder>` reports the
 * same ones). Errors stop loading: unreadable files, text that is not JSON, a ruleset's own
 * errors, a misplaced or misnamed file, a version conflict, two versions of a scheme starting
 * on one day. Warnings and infos (gaps between versions, validation warnings) do not; read
 * them from {@link Registry.diagnostics}.
 *
 * Each version is in force until the day before the next version of its scheme starts (or to
 * its own `effective.to` when earlier): adding `1.1.0.json` beside `1.0.0.json` never needs
 * an edit of 1.0.0.
 * @param dir - The folder to read, e.g. `"rulesets"` (relative to the working directory, or absolute).
 * @returns The registry, every version compiled.
 * @throws RegistryError `LOAD_FAILED` with {@link RegistryError.diagnostics} listing every error.
 * @example
 * const registry = loadRegistry("rulesets");
 * registry.schemes(); //=> ["cn-tax-credit", "env-credit", …, "samr-credit-risk"]
 * registry.resolve("hlj-public-composite", "2025-07-01").ref.version; //=> "1.1.0"
 * registry.versions("hlj-public-composite").map((e) => `${e.ref.version} ${e.effective.from} to ${e.effective.to ?? "open"}`);
 * //=> ["1.0.0 2022-01-01 to 2025-06-30", "1.1.0 2025-07-01 to open"]
 * @category Files
 */
export function loadRegistry(dir: string): Registry {
  const { registry, files, fileDiagnostics, registryDiagnostics } = inspectRegistry(dir);
  const errors = [...fileDiagnostics, ...registryDiagnostics].filter((d) => d.severity === "error");
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
