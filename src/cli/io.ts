/**
 * The command line's edge: exit codes, colour, reading subjects (NDJSON or CSV, from a file or
 * stdin, line by line) and writing with back-pressure. The grading core never imports this.
 * The exit codes and `CliError` live in `_cli-error.ts` and CSV conversion in
 * `_cli-csv.ts`; this module re-exports what others import.
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Writable } from "node:stream";
import { CliError } from "./error.js";
import { type CompiledRuleset, compileRuleset, CreditGradingError, type EffectivePeriod, type Registry, type RegistryEntry, RulesetError, SubjectError } from "../index.js";
import { loadRegistry } from "../node/index.js";

export { CliError, EXIT } from "./error.js";

// ------------------------------------------------------------------ colour

/** ANSI styles, or identity functions when colour is off. */
export interface Paint {
  readonly bold: (s: string) => string;
  readonly red: (s: string) => string;
  readonly yellow: (s: string) => string;
  readonly green: (s: string) => string;
  readonly dim: (s: string) => string;
}

/**
 * Colour for one stream: off when `NO_COLOR` is set (non-empty), else on when `FORCE_COLOR` is set
 * (not `0`) or the stream is a terminal.
 */
export function paintFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Paint {
  const on = !env["NO_COLOR"] && ((env["FORCE_COLOR"] !== undefined && env["FORCE_COLOR"] !== "0") || stream.isTTY === true);
  const wrap = (open: number, close: number) => (s: string): string => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: wrap(1, 22), red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), dim: wrap(2, 22) };
}

// ------------------------------------------------------------------ writing

/** Writes a chunk and waits for `drain` when the stream's buffer is full, so memory stays bounded. */
export async function write(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!stream.write(chunk)) await new Promise<void>((resolve, reject) => {
    const done = (): void => { stream.off("error", fail); resolve(); };
    const fail = (e: Error): void => { stream.off("drain", done); reject(e); };
    stream.once("drain", done);
    stream.once("error", fail);
  });
}

// ------------------------------------------------------------------ rulesets

/** Where `--ruleset` values are looked up. */
export interface RulesetLookup {
  /** The registry folder (`<dir>/<id>/<version>.json`). */
  readonly dir: string;
  /** The as-of date, to resolve a bare scheme; `undefined` when not known. */
  readonly asOf: string | undefined;
}

/**
 * The installed package's own folder (holding `package.json`, `rulesets/` and `schema/`), found
 * by walking up from this module (`dist/cli.js` when installed, `src/cli/io.ts` in a clone).
 * @returns The absolute path.
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "credit-grading") return dir;
    const up = dirname(dir);
    if (up === dir) throw new CliError("cannot find the credit-grading package folder");
    dir = up;
  }
}

/**
 * The registry folder for `scheme@version` and bare schemes: `--rulesets-dir` when given, else
 * `rulesets` in the working folder when there is one, else the rulesets shipped in the package,
 * so an installed command finds them from any folder.
 * @param flag - The value of `--rulesets-dir`, if given.
 * @returns The folder.
 */
export function rulesetsDirOf(flag: string | undefined): string {
  if (flag !== undefined) return flag;
  return existsSync("rulesets") ? "rulesets" : join(packageRoot(), "rulesets");
}

let registryCache: { dir: string; registry: Registry } | undefined;

function _registry(dir: string): Registry {
  if (registryCache?.dir === dir) return registryCache.registry;
  if (!existsSync(dir)) throw new CliError(`rulesets folder ${JSON.stringify(dir)} not found (set --rulesets-dir, or give a ruleset file)`);
  try {
    registryCache = { dir, registry: loadRegistry(dir) };
  } catch (e) {
    throw new CliError(`cannot load the rulesets folder ${JSON.stringify(dir)}: ${(e as Error).message}`);
  }
  return registryCache.registry;
}

/**
 * Resolves a `--ruleset` value: a file path, `scheme@version` (or `id@version`) from the
 * registry folder, or a bare scheme resolved to the version in force on the as-of date.
 * @throws CliError for a missing file, an invalid ruleset, an unknown scheme or version.
 */
export function resolveRuleset(arg: string, lookup: RulesetLookup): CompiledRuleset {
  const looksLikeFile = arg.endsWith(".json") || arg.includes("/") || arg.includes("\\");
  if (looksLikeFile || (existsSync(arg) && statSync(arg).isFile())) {
    let text: string;
    try {
      text = readFileSync(arg, "utf8");
    } catch (e) {
      throw new CliError(`cannot read ruleset ${arg}: ${(e as Error).message}`);
    }
    try {
      return compileRuleset(JSON.parse(stripBom(text)) as unknown, arg);
    } catch (e) {
      if (e instanceof SyntaxError) throw new CliError(`${arg}: not JSON: ${e.message}`);
      if (e instanceof RulesetError) throw new CliError(`${e.message}\n(run \`credit-grading validate ${arg}\` for every diagnostic)`);
      throw e;
    }
  }
  const registry = _registry(lookup.dir);
  const at = arg.lastIndexOf("@");
  if (at > 0) {
    const scheme = arg.slice(0, at);
    const version = arg.slice(at + 1);
    const found = registry.get(scheme, version) ?? registry.versions(scheme).find((e) => e.ref.version === version)?.compiled;
    if (found) return found;
    const known = registry.versions(scheme).map((e) => e.ref.version);
    throw new CliError(
      known.length > 0
        ? `${scheme} has no version ${version} in ${lookup.dir} (versions: ${known.join(", ")})`
        : `no ruleset ${JSON.stringify(scheme)} in ${lookup.dir} (schemes: ${registry.schemes().join(", ")})`,
    );
  }
  if (lookup.asOf === undefined) throw new CliError(`--ruleset ${arg} names a scheme: give --as-of to choose its version, or name one as ${arg}@<version>`);
  try {
    return registry.resolve(arg, lookup.asOf);
  } catch (e) {
    throw new CliError(`--ruleset ${arg}: ${(e as Error).message}`);
  }
}

/**
 * Where a resolved ruleset sits in the registry folder: its entry (period in force there, ended
 * by its successor, and the successor), or `undefined` for a ruleset read from a file of its
 * own, which knows only the period its document declares.
 * @param compiled - A ruleset returned by {@link resolveRuleset}.
 * @returns The registry entry holding this very version, or `undefined`.
 */
export function registryEntryOf(compiled: CompiledRuleset): RegistryEntry | undefined {
  const entry = registryCache?.registry.entry(compiled.ref.id, compiled.ref.version);
  return entry?.compiled === compiled ? entry : undefined;
}

/**
 * The period a resolved ruleset is in force: in the registry folder when it came from there
 * ({@link registryEntryOf}), else the period its document declares.
 * @param compiled - A ruleset returned by {@link resolveRuleset}.
 * @returns The period.
 */
export function effectiveOf(compiled: CompiledRuleset): EffectivePeriod {
  const { from, to } = compiled.ruleset.effective;
  return registryEntryOf(compiled)?.effective ?? { from, to };
}

/** Whether a file name is a ruleset's (`*.json`, golden cases `*.golden.json` left out). */
export const isRulesetFile = (name: string): boolean => name.endsWith(".json") && !name.endsWith(".golden.json");

/** A folder's entries, sorted by name. */
export const sortedEntries = (path: string) => readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/**
 * The ruleset files a path stands for: a file stands for itself (an unreadable path too, to be
 * reported by its reader); a folder for the ruleset files under it, golden cases left out.
 * @param path - A file or folder given on the command line.
 * @returns The files, sorted within each folder.
 */
export function rulesetFilesUnder(path: string): string[] {
  let isDir = false;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return [path];
  }
  if (!isDir) return [path];
  return sortedEntries(path).flatMap((d) => (d.isDirectory() ? rulesetFilesUnder(join(path, d.name)) : isRulesetFile(d.name) ? [join(path, d.name)] : []));
}

/** Removes a UTF-8 byte order mark. */
export const stripBom = (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

// ------------------------------------------------------------------ reading subjects

export { type InputFormat, type JsonLine, formatOf, ndjsonRow, openInput, readRawRowBatches, readRowBatches, readRows } from "./read.js";

/** A rejected row as written to `--rejects`. */
export interface Rejection {
  readonly line: number;
  readonly id: string | undefined;
  readonly code: string;
  readonly reason: string;
}

/**
 * A rejection for a subject the ruleset refused (bad data, not in effect).
 * @param line - The 1-based line number.
 * @param subject - The raw subject.
 * @param error - The error from `safeEvaluate`.
 */
export function rejectionOf(line: number, subject: unknown, error: CreditGradingError): Rejection {
  const id = subject !== null && typeof subject === "object" && typeof (subject as { id?: unknown }).id === "string" ? (subject as { id: string }).id : undefined;
  const reason = error instanceof SubjectError ? error.message.replace(/^subject [^:]*: /, "") : error.message;
  return { line, id, code: error.code, reason };
}

/** Today's date in the local time zone, `YYYY-MM-DD` (the CLI's default as-of date). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** Display width of a string: CJK characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** Pads a string to a display width. */
export const pad = (s: string, width: number): string => s + " ".repeat(Math.max(0, width - displayWidth(s)));

/**
 * A row's result as one line of JSON, or the row's rejection (`RESULT_NOT_WRITABLE`) when it
 * cannot be written: a value nested too deeply for `JSON.stringify` (an undeclared record field
 * echoed by a fact) overflows the stack, and one row must not cost the batch its other rows.
 * @param line - The row's 1-based line number.
 * @param id - The subject's id, if known.
 * @param v - The result.
 * @returns The line (newline-terminated) or the rejection.
 * @example
 * resultLine(3, "S", { grade: "A" }); //=> '{"grade":"A"}\n'
 */
export function resultLine(line: number, id: string | undefined, v: unknown): string | Rejection {
  try {
    return `${JSON.stringify(v)}\n`;
  } catch (e) {
    const deep = e instanceof RangeError ? " (a value nested too deeply)" : "";
    return { line, id, code: "RESULT_NOT_WRITABLE", reason: `the result cannot be written as JSON: ${(e as Error).message}${deep}` };
  }
}

/** A value as one line of JSON (newline-terminated), as the commands write with `--json`. */
export const jsonText = (v: unknown): string => `${JSON.stringify(v)}\n`;
