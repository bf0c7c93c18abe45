/**
 * The ruleset registry (规则版本库): every version of every scheme a host grades with, each
 * immutable and identified by its content hash, resolved by effective date.
 *
 * Bitemporal: an evaluation has two dates. The as-of date of the evaluated period chooses the
 * version (the rules in force for that period); the decision date (`decidedAt`) records when
 * the decision is made. An objection (异议) decided today about last year's grade re-evaluates
 * last year under last year's rules.
 *
 * Pure: no I/O and no clock. Hosts fill a registry from memory or from their own loader with
 * {@link Registry.add}; `loadRegistry` (in `registry-fs.ts`) fills one from a folder.
 *
 * Each version is compiled once, when it is added: a registry never holds a version that cannot
 * evaluate, every problem surfaces where the document comes in (not at the first subject of a
 * later run), and `resolve` is a lookup. Adding costs about a millisecond per version.
 * @module
 */
import { addDays, isIsoDate } from "./date.js";
import type { Diagnostic, DiagnosticCode, PathSegment, Severity } from "./diagnostic.js";
import { formatPath } from "./diagnostic.js";
import { CreditGradingError, type ErrorCode, RulesetError } from "./errors.js";
import { compileRuleset } from "./evaluation.js";
import type { CompiledRuleset, EvaluateOptions, Evaluation, RulesetRef } from "./result.js";
import { rulesetHash } from "./ruleset.js";
import { validateRuleset } from "./ruleset-check.js";

/** What kind of problem a {@link RegistryDiagnostic} reports: a ruleset's own diagnostic codes and the registry's. */
export type RegistryDiagnosticCode =
  | DiagnosticCode
  /** Two versions of a scheme are in force on a common day (an error: `resolve` cannot choose). */
  | "REGISTRY_OVERLAP"
  /** Days between two consecutive versions of a scheme on which none is in force (a warning). */
  | "REGISTRY_GAP"
  /** The same `id@version` with different content (a version is immutable). */
  | "VERSION_CONFLICT"
  /** A file or folder could not be read. */
  | "FILE_UNREADABLE"
  /** A ruleset file's folder is not named after the ruleset's id. */
  | "FOLDER_MISMATCH"
  /** A ruleset file is not named after the ruleset's version. */
  | "FILE_NAME_MISMATCH";

/**
 * One problem found in a registry or in a file loaded into it: a {@link Diagnostic} that also
 * names the scheme, the versions and the files (sources) concerned.
 */
export interface RegistryDiagnostic {
  /** What kind of problem. */
  readonly code: RegistryDiagnosticCode;
  /** Where in the (first) document, e.g. `["effective"]`; empty for a problem with a whole file. */
  readonly path: readonly PathSegment[];
  /** What is wrong, naming the versions and files, in English. */
  readonly message: string;
  /** `error` or `warning` (an `error` makes `loadRegistry` fail). */
  readonly severity: Severity;
  /** The scheme concerned, when known. */
  readonly scheme: string | undefined;
  /** The versions concerned as `id@version`, in the order of {@link RegistryDiagnostic.sources}. */
  readonly versions: readonly string[];
  /** The files or labels concerned (the version's `source`), the one `path` points into first. */
  readonly sources: readonly string[];
}

/** What went wrong in a {@link RegistryError}, more precisely than its {@link CreditGradingError.code}. */
export type RegistryErrorKind =
  /** `add` got the same `id@version` with different content (code `RULESET_INVALID`). */
  | "VERSION_CONFLICT"
  /** `resolve` was asked for a scheme the registry does not hold (code `NOT_IN_EFFECT`). */
  | "UNKNOWN_SCHEME"
  /** No version of the scheme is in force on the date (code `NOT_IN_EFFECT`). */
  | "NO_VERSION_IN_EFFECT"
  /** More than one version is in force on the date (code `NOT_IN_EFFECT`). */
  | "AMBIGUOUS_VERSION"
  /** A date argument is not a calendar date `YYYY-MM-DD` (code `INVALID_OPTIONS`). */
  | "INVALID_DATE"
  /** `decidedAt` is before the as-of date of the evaluated period (code `INVALID_OPTIONS`). */
  | "DECIDED_BEFORE_PERIOD"
  /** `loadRegistry` found errors; {@link RegistryError.diagnostics} lists them all (code `RULESET_INVALID`). */
  | "LOAD_FAILED";

const BASE_CODE: Readonly<Record<RegistryErrorKind, ErrorCode>> = {
  VERSION_CONFLICT: "RULESET_INVALID",
  UNKNOWN_SCHEME: "NOT_IN_EFFECT",
  NO_VERSION_IN_EFFECT: "NOT_IN_EFFECT",
  AMBIGUOUS_VERSION: "NOT_IN_EFFECT",
  INVALID_DATE: "INVALID_OPTIONS",
  DECIDED_BEFORE_PERIOD: "INVALID_OPTIONS",
  LOAD_FAILED: "RULESET_INVALID",
};

/**
 * A registry refused an operation. {@link CreditGradingError.code} is one of the library's
 * codes (`RULESET_INVALID`, `NOT_IN_EFFECT`, `INVALID_OPTIONS`); {@link RegistryError.kind}
 * says precisely what happened.
 */
export class RegistryError extends CreditGradingError {
  override name = "RegistryError";
  /** What went wrong, e.g. `VERSION_CONFLICT`. */
  readonly kind: RegistryErrorKind;
  /** The diagnostics behind the error (every problem found when a folder failed to load). */
  readonly diagnostics: readonly RegistryDiagnostic[];

  /**
   * @param kind - What went wrong.
   * @param message - The message, naming the scheme, versions, dates and files.
   * @param diagnostics - The diagnostics behind it, if any.
   */
  constructor(kind: RegistryErrorKind, message: string, diagnostics: readonly RegistryDiagnostic[] = []) {
    super(BASE_CODE[kind], message);
    this.kind = kind;
    this.diagnostics = diagnostics;
  }
}

/** The dates a version is in force, both inclusive; `to` is `undefined` when open-ended. */
export interface EffectivePeriod {
  /** First day in force. */
  readonly from: string;
  /** Last day in force, or `undefined` when open-ended. */
  readonly to: string | undefined;
}

/** One version held by a registry. */
export interface RegistryEntry {
  /** Which version: id, scheme, version and content hash. */
  readonly ref: RulesetRef;
  /** When it is in force. */
  readonly effective: EffectivePeriod;
  /** The file or label it came from (`id@version` when added without one). */
  readonly source: string;
  /** The version, compiled. */
  readonly compiled: CompiledRuleset;
  /** The warnings and infos its validation reported (a version with an error is never added). */
  readonly warnings: readonly RegistryDiagnostic[];
}

/** The outcome of {@link Registry.add}. */
export interface AddResult {
  /** `added` for a new version; `unchanged` when the registry already held the same content. */
  readonly status: "added" | "unchanged";
  /** The entry now in the registry (for `unchanged`, the one added first, with its source). */
  readonly entry: RegistryEntry;
}

/** {@link Registry.add} without throwing: the result, or the error (a `RulesetError` or a `RegistryError`). */
export type SafeAddResult =
  | { readonly success: true; readonly data: AddResult }
  | { readonly success: false; readonly error: RulesetError | RegistryError };

/** Options of {@link Registry.evaluate}: those of an evaluation, plus the date of the decision. */
export interface DecidedEvaluateOptions extends Omit<EvaluateOptions, "allowOutOfEffect"> {
  /** The as-of date of the evaluated period, `YYYY-MM-DD`: it chooses the version in force. */
  readonly asOf: string;
  /** The date the decision is made, `YYYY-MM-DD`: not before `asOf`, recorded, never used to choose rules. */
  readonly decidedAt: string;
}

/**
 * An evaluation with its two dates: the {@link Evaluation} itself (whose `asOf` is the evaluated
 * period and whose `ruleset` is the version used), the decision date, and the version used.
 */
export interface DecidedEvaluation {
  /** The evaluation, unchanged. */
  readonly evaluation: Evaluation;
  /** The date the decision was made. */
  readonly decidedAt: string;
  /** The version that produced it (the same object as `evaluation.ruleset`). */
  readonly ruleset: RulesetRef;
  /** The file or label that version came from. */
  readonly source: string;
}

/** {@link Registry.evaluate} without throwing: the decided evaluation, or the error. */
export type SafeDecidedEvaluation =
  | { readonly success: true; readonly data: DecidedEvaluation }
  | { readonly success: false; readonly error: CreditGradingError };

/** A set of ruleset versions, resolved by scheme and date. Built by {@link createRegistry}. */
export interface Registry {
  /**
   * Validates, compiles and adds one version. Adding content the registry already holds is a
   * no-op; adding the same `id@version` with different content is a `VERSION_CONFLICT`.
   * @throws RulesetError when the document has an error; RegistryError `VERSION_CONFLICT`.
   */
  add(json: unknown, source?: string): AddResult;
  /** {@link Registry.add} returning the error instead of throwing it. */
  safeAdd(json: unknown, source?: string): SafeAddResult;
  /**
   * The version of a scheme in force on a date.
   * @throws RegistryError `UNKNOWN_SCHEME`, `NO_VERSION_IN_EFFECT`, `AMBIGUOUS_VERSION` or `INVALID_DATE`.
   */
  resolve(scheme: string, asOf: string): CompiledRuleset;
  /** The version with this id and version, or `undefined`. */
  get(id: string, version: string): CompiledRuleset | undefined;
  /** The version with this content hash (`sha256:…`), or `undefined`. */
  byHash(contentHash: string): CompiledRuleset | undefined;
  /** Every version of a scheme, by effective date (first in force first); empty for an unknown scheme. */
  versions(scheme: string): readonly RegistryEntry[];
  /** The schemes held, sorted. */
  schemes(): readonly string[];
  /**
   * Per scheme (or for one): the validation warnings of each version, overlapping effective
   * periods (`REGISTRY_OVERLAP`, error) and gaps between versions (`REGISTRY_GAP`, warning).
   */
  diagnostics(scheme?: string): readonly RegistryDiagnostic[];
  /**
   * Evaluates a subject under the version in force on `options.asOf`, recording `decidedAt`.
   * @throws RegistryError as {@link Registry.resolve} does, or `DECIDED_BEFORE_PERIOD`; SubjectError.
   */
  evaluate(scheme: string, subject: unknown, options: DecidedEvaluateOptions): DecidedEvaluation;
  /** {@link Registry.evaluate} returning the error instead of throwing it. */
  safeEvaluate(scheme: string, subject: unknown, options: DecidedEvaluateOptions): SafeDecidedEvaluation;
}

/**
 * Creates an empty ruleset registry. Fill it with {@link Registry.add} (from memory or a host's
 * own loader) or use `loadRegistry(dir)` to read a folder of `<id>/<version>.json` files.
 * @returns A new, empty registry.
 * @example
 * const registry = createRegistry();
 * registry.add(v100, "hlj-public-composite/1.0.0.json"); // in force 2022-01-01 to 2025-06-30
 * registry.add(v110, "hlj-public-composite/1.1.0.json"); // in force from 2025-07-01
 * registry.resolve("hlj-public-composite", "2025-06-30").ref.version; //=> "1.0.0"
 * registry.resolve("hlj-public-composite", "2025-07-01").ref.version; //=> "1.1.0"
 * // An objection decided in 2026 about the 2025-06-30 period uses the rules of that period:
 * const decided = registry.evaluate("hlj-public-composite", subject, { asOf: "2025-06-30", decidedAt: "2026-03-01" });
 * decided.ruleset.version; //=> "1.0.0"
 * decided.evaluation.asOf; //=> "2025-06-30"
 * decided.decidedAt; //=> "2026-03-01"
 */
export function createRegistry(): Registry {
  const byKey = new Map<string, RegistryEntry>();
  const hashes = new Map<string, RegistryEntry>();
  // Per scheme, kept sorted by effective date so resolve, versions and diagnostics share one order.
  const bySchema = new Map<string, RegistryEntry[]>();

  const add = (json: unknown, source?: string): AddResult => {
    const validation = validateRuleset(json);
    if (!validation.valid || validation.ruleset === undefined) throw new RulesetError(validation.diagnostics, source);
    const doc = validation.ruleset;
    const key = _key(doc.id, doc.version);
    const hash = rulesetHash(doc);
    const label = source ?? key;
    const existing = byKey.get(key);
    if (existing !== undefined) {
      if (existing.ref.contentHash === hash) return { status: "unchanged", entry: existing };
      throw new RegistryError(
        "VERSION_CONFLICT",
        `${label}: ${key} is already in the registry with different content ` +
          `(${existing.ref.contentHash} from ${existing.source}, now ${hash}); a version is immutable: publish a new version instead`,
        [
          {
            code: "VERSION_CONFLICT",
            path: ["version"],
            message: `${key} has content ${hash} here and ${existing.ref.contentHash} in ${existing.source}`,
            severity: "error",
            scheme: doc.scheme,
            versions: [key, key],
            sources: [label, existing.source],
          },
        ],
      );
    }
    const compiled = compileRuleset(json, source);
    const entry: RegistryEntry = Object.freeze({
      ref: compiled.ref,
      effective: Object.freeze({ from: doc.effective.from, to: doc.effective.to }),
      source: label,
      compiled,
      warnings: Object.freeze(
        validation.diagnostics.map((d) =>
          Object.freeze({ ...d, scheme: doc.scheme, versions: [key], sources: [label] }),
        ),
      ),
    });
    byKey.set(key, entry);
    hashes.set(compiled.ref.contentHash, entry);
    const list = bySchema.get(doc.scheme) ?? [];
    list.push(entry);
    list.sort(_byEffective);
    bySchema.set(doc.scheme, list);
    return { status: "added", entry };
  };

  const safeAdd = (json: unknown, source?: string): SafeAddResult => {
    try {
      return { success: true, data: add(json, source) };
    } catch (error) {
      if (error instanceof RulesetError || error instanceof RegistryError) return { success: false, error };
      throw error;
    }
  };

  const entryFor = (scheme: string, asOf: string): RegistryEntry => {
    if (!isIsoDate(asOf)) {
      throw new RegistryError("INVALID_DATE", `resolve ${scheme}: asOf must be a date YYYY-MM-DD, received ${JSON.stringify(asOf)}`);
    }
    const list = bySchema.get(scheme);
    if (list === undefined) {
      const known = [...bySchema.keys()].sort();
      throw new RegistryError(
        "UNKNOWN_SCHEME",
        `no ruleset of scheme ${JSON.stringify(scheme)} is in the registry (schemes: ${known.length === 0 ? "none" : known.join(", ")})`,
      );
    }
    const hits = list.filter((e) => _contains(e.effective, asOf));
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) {
      throw new RegistryError(
        "AMBIGUOUS_VERSION",
        `${hits.length} versions of ${scheme} are in force on ${asOf}: ${hits.map(_describe).join("; ")}; fix the overlapping effective periods`,
      );
    }
    throw new RegistryError(
      "NO_VERSION_IN_EFFECT",
      `no version of ${scheme} is in force on ${asOf}; known periods: ${list.map(_describe).join("; ")}`,
    );
  };

  const evaluate = (scheme: string, subject: unknown, options: DecidedEvaluateOptions): DecidedEvaluation => {
    const { decidedAt, ...rest } = options;
    if (!isIsoDate(options.asOf)) {
      throw new RegistryError("INVALID_DATE", `asOf must be a date YYYY-MM-DD, received ${JSON.stringify(options.asOf)}`);
    }
    if (!isIsoDate(decidedAt)) {
      throw new RegistryError("INVALID_DATE", `decidedAt must be a date YYYY-MM-DD, received ${JSON.stringify(decidedAt)}`);
    }
    if (decidedAt < options.asOf) {
      throw new RegistryError(
        "DECIDED_BEFORE_PERIOD",
        `decidedAt ${decidedAt} is before the as-of date ${options.asOf} of the evaluated period: a decision cannot precede its period`,
      );
    }
    const entry = entryFor(scheme, options.asOf);
    const evaluation = entry.compiled.evaluate(subject, rest);
    return { evaluation, decidedAt, ruleset: evaluation.ruleset, source: entry.source };
  };

  const safeEvaluate = (scheme: string, subject: unknown, options: DecidedEvaluateOptions): SafeDecidedEvaluation => {
    try {
      return { success: true, data: evaluate(scheme, subject, options) };
    } catch (error) {
      if (error instanceof CreditGradingError) return { success: false, error };
      throw error;
    }
  };

  const diagnostics = (scheme?: string): readonly RegistryDiagnostic[] => {
    const schemes = scheme === undefined ? [...bySchema.keys()].sort() : bySchema.has(scheme) ? [scheme] : [];
    const out: RegistryDiagnostic[] = [];
    for (const s of schemes) {
      const list = bySchema.get(s)!;
      for (const e of list) out.push(...e.warnings);
      out.push(..._periodDiagnostics(s, list));
    }
    return out;
  };

  return Object.freeze({
    add,
    safeAdd,
    resolve: (scheme: string, asOf: string) => entryFor(scheme, asOf).compiled,
    get: (id: string, version: string) => byKey.get(_key(id, version))?.compiled,
    byHash: (contentHash: string) => hashes.get(contentHash)?.compiled,
    versions: (scheme: string) => Object.freeze([...(bySchema.get(scheme) ?? [])]),
    schemes: () => Object.freeze([...bySchema.keys()].sort()),
    diagnostics,
    evaluate,
    safeEvaluate,
  });
}

/**
 * Formats a registry diagnostic as one line: the file, severity, code, path and message.
 * @param d - A registry diagnostic.
 * @returns One line of text.
 * @example
 * formatRegistryDiagnostic(registry.diagnostics()[0]);
 * //=> "rulesets/demo/1.1.0.json: warning REGISTRY_GAP at $.effective: …"
 */
export function formatRegistryDiagnostic(d: RegistryDiagnostic): string {
  const where = d.sources[0] === undefined ? "" : `${d.sources[0]}: `;
  return `${where}${d.severity} ${d.code} at ${formatPath(d.path)}: ${d.message}`;
}

function _key(id: string, version: string): string {
  return `${id}@${version}`;
}

function _contains(p: EffectivePeriod, date: string): boolean {
  return p.from <= date && (p.to === undefined || date <= p.to);
}

function _describe(e: RegistryEntry): string {
  return `${e.ref.version} ${e.effective.from} to ${e.effective.to ?? "open"} (${e.source})`;
}

// ISO dates compare as strings; an open end sorts after every date.
function _byEffective(a: RegistryEntry, b: RegistryEntry): number {
  if (a.effective.from !== b.effective.from) return a.effective.from < b.effective.from ? -1 : 1;
  const at = a.effective.to ?? "\uffff";
  const bt = b.effective.to ?? "\uffff";
  if (at !== bt) return at < bt ? -1 : 1;
  return _compareVersions(a.ref.version, b.ref.version) || (a.ref.id < b.ref.id ? -1 : a.ref.id > b.ref.id ? 1 : 0);
}

function _compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? "";
    const y = pb[i] ?? "";
    if (x === y) continue;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : 1;
  }
  return 0;
}

function _periodDiagnostics(scheme: string, list: readonly RegistryEntry[]): RegistryDiagnostic[] {
  const out: RegistryDiagnostic[] = [];
  // Every pair, not only neighbours: an open-ended first version overlaps all later ones.
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const a = list[i]!;
      const b = list[j]!;
      if (b.effective.from <= (a.effective.to ?? "\uffff")) {
        const lastCommon = _minTo(a.effective.to, b.effective.to);
        out.push({
          code: "REGISTRY_OVERLAP",
          path: ["effective"],
          message:
            `${scheme}: ${_describe(b)} overlaps ${_describe(a)} from ${b.effective.from} to ${lastCommon ?? "open"}; ` +
            `resolve cannot choose a version on those days`,
          severity: "error",
          scheme,
          versions: [_key(b.ref.id, b.ref.version), _key(a.ref.id, a.ref.version)],
          sources: [b.source, a.source],
        });
      }
    }
  }
  // A gap is a day after everything in force so far and before the next version starts.
  let reach: RegistryEntry | undefined;
  for (const e of list) {
    if (reach !== undefined && reach.effective.to !== undefined) {
      const firstFree = addDays(reach.effective.to, 1);
      if (firstFree < e.effective.from) {
        out.push({
          code: "REGISTRY_GAP",
          path: ["effective", "from"],
          message:
            `${scheme}: no version is in force from ${firstFree} to ${addDays(e.effective.from, -1)}, ` +
            `between ${_describe(reach)} and ${_describe(e)}`,
          severity: "warning",
          scheme,
          versions: [_key(e.ref.id, e.ref.version), _key(reach.ref.id, reach.ref.version)],
          sources: [e.source, reach.source],
        });
      }
    }
    if (reach === undefined || (reach.effective.to !== undefined && (e.effective.to === undefined || e.effective.to > reach.effective.to))) {
      reach = e;
    }
  }
  return out;
}

function _minTo(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}
