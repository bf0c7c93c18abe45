/**
 * The ruleset registry (规则版本库): every version of every scheme a host grades with, each
 * immutable and identified by its content hash, resolved by effective date.
 *
 * Bitemporal: an evaluation has two dates. The as-of date of the evaluated period chooses the
 * version (the rules in force for that period); the decision date (`decidedAt`) records when
 * the decision is made. An objection (异议) decided today about last year's grade re-evaluates
 * last year under last year's rules.
 *
 * Succession: a version is in force from its `effective.from` until the day before the next
 * version of its scheme starts, so publishing 1.1.0 never edits 1.0.0 (whose content hash, and
 * every decision recorded under it, stay the same). A version's own `effective.to` ends it
 * earlier (withdrawn without a successor, or before the successor starts: a gap); when both
 * apply the earlier end wins. Two versions starting on the same day are an error.
 *
 * Pure: no I/O and no clock. Hosts fill a registry from memory or from their own loader with
 * {@link Registry.add}; `loadRegistry` (in `registry-fs.ts`) fills one from a folder.
 *
 * Each version is compiled once, when it is added: a registry never holds a version that cannot
 * evaluate, every problem surfaces where the document comes in (not at the first subject of a
 * later run), and `resolve` is a lookup. Adding costs about a millisecond per version.
 * @module
 */
import type { SafeResult } from "../base/errors.js";
import { isIsoDate } from "../base/date.js";
import { CreditGradingError, RulesetError } from "../base/errors.js";
import { compileRuleset } from "../engine/compile.js";
import type { CompiledRuleset, EvaluateOptions, Evaluation, RulesetRef } from "../engine/types.js";
import { rulesetHash } from "../format/ruleset.js";
import { validateRuleset } from "../check/ruleset-check.js";
import { type RegistryDiagnostic, RegistryError } from "./registry-diagnostics.js";
import { byEffective, describeEntry, isInForce, periodDiagnostics, type RegistryEntry, successions, versionKey } from "./registry-periods.js";

export { formatRegistryDiagnostic, RegistryError } from "./registry-diagnostics.js";
export type { RegistryDiagnostic, RegistryDiagnosticCode, RegistryErrorKind } from "./registry-diagnostics.js";
export type { EffectivePeriod, RegistryEntry, Successor } from "./registry-periods.js";

/**
 * The outcome of {@link Registry.add}.
 * @category Versions
 */
export interface AddResult {
  /** `added` for a new version; `unchanged` when the registry already held the same content. */
  readonly status: "added" | "unchanged";
  /** The entry now in the registry (for `unchanged`, the one added first, with its source). */
  readonly entry: RegistryEntry;
}

/**
 * {@link Registry.add} without throwing: the result, or the error (a `RulesetError` or a `RegistryError`).
 * @category Versions
 */
export type SafeAddResult = SafeResult<AddResult, RulesetError | RegistryError>;

/**
 * Options of {@link Registry.evaluate}: those of an evaluation, plus the date of the decision.
 * @category Versions
 */
export interface DecidedEvaluateOptions extends Omit<EvaluateOptions, "allowOutOfEffect"> {
  /** The as-of date of the evaluated period, `YYYY-MM-DD`: it chooses the version in force. */
  readonly asOf: string;
  /** The date the decision is made, `YYYY-MM-DD`: not before `asOf`, recorded, never used to choose rules. */
  readonly decidedAt: string;
}

/**
 * An evaluation with its two dates: the {@link Evaluation} itself (whose `asOf` is the evaluated
 * period and whose `ruleset` is the version used), the decision date, and the version used.
 * @category Versions
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

/**
 * {@link Registry.evaluate} without throwing: the decided evaluation, or the error.
 * @category Versions
 */
export type SafeDecidedEvaluation = SafeResult<DecidedEvaluation>;

/**
 * A set of ruleset versions, resolved by scheme and date. Built by {@link createRegistry}.
 * @category Versions
 */
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
  /**
   * The version with this id and version, or `undefined`. Its own `evaluate` knows only the
   * period its document declares; {@link Registry.evaluate} and {@link Registry.resolve} use
   * the period in force in the registry ({@link RegistryEntry.effective}).
   */
  get(id: string, version: string): CompiledRuleset | undefined;
  /**
   * The registry's entry for this id and version, or `undefined`: the version with its period
   * in force here (ended by its successor), its declared period, successor and source.
   */
  entry(id: string, version: string): RegistryEntry | undefined;
  /** The version with this content hash (`sha256:…`), or `undefined`. */
  byHash(contentHash: string): CompiledRuleset | undefined;
  /** Every version of a scheme, by start date (first in force first), each with its period in force; empty for an unknown scheme. */
  versions(scheme: string): readonly RegistryEntry[];
  /** The schemes held, sorted. */
  schemes(): readonly string[];
  /**
   * Per scheme (or for one): the validation warnings of each version, versions starting on the
   * same day (`REGISTRY_OVERLAP`, error), gaps between versions (`REGISTRY_GAP`, warning) and
   * declared ends a successor cuts short (`REGISTRY_SUPERSEDED`, info).
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
 * registry.add(v100, "hlj-public-composite/1.0.0.json"); // declares: from 2022-01-01
 * registry.add(v110, "hlj-public-composite/1.1.0.json"); // declares: from 2025-07-01
 * registry.entry("hlj-public-composite", "1.0.0")?.effective; //=> { from: "2022-01-01", to: "2025-06-30" }
 * registry.resolve("hlj-public-composite", "2025-06-30").ref.version; //=> "1.0.0"
 * registry.resolve("hlj-public-composite", "2025-07-01").ref.version; //=> "1.1.0"
 * // An objection decided in 2026 about the 2025-06-30 period uses the rules of that period:
 * const decided = registry.evaluate("hlj-public-composite", subject, { asOf: "2025-06-30", decidedAt: "2026-03-01" });
 * decided.ruleset.version; //=> "1.0.0"
 * decided.evaluation.asOf; //=> "2025-06-30"
 * decided.decidedAt; //=> "2026-03-01"
 * @category Versions
 */
export function createRegistry(): Registry {
  const byKey = new Map<string, RegistryEntry>();
  const hashes = new Map<string, RegistryEntry>();
  // Per scheme, kept sorted by start date so resolve, versions and diagnostics share one order.
  const bySchema = new Map<string, RegistryEntry[]>();

  const store = (entry: RegistryEntry): void => {
    byKey.set(versionKey(entry.ref.id, entry.ref.version), entry);
    hashes.set(entry.ref.contentHash, entry);
  };

  // A new version can end the one before it: derive every period of the scheme again and
  // replace the entries whose period or successor changed (the others keep their identity).
  const settle = (scheme: string, list: RegistryEntry[]): void => {
    list.sort(byEffective);
    successions(list).forEach(({ effective, successor }, i) => {
      const e = list[i]!;
      if (e.effective.to === effective.to && e.successor?.ref.contentHash === successor?.ref.contentHash) return;
      const next = successor === undefined ? undefined : Object.freeze({ ref: successor.ref, from: successor.declared.from });
      list[i] = Object.freeze({ ...e, effective: Object.freeze(effective), successor: next });
      store(list[i]!);
    });
    bySchema.set(scheme, list);
  };

  const add = (json: unknown, source?: string): AddResult => {
    const validation = validateRuleset(json);
    if (!validation.valid || validation.ruleset === undefined) throw new RulesetError(validation.diagnostics, source);
    const doc = validation.ruleset;
    const key = versionKey(doc.id, doc.version);
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
    const declared = Object.freeze({ from: doc.effective.from, to: doc.effective.to });
    const entry: RegistryEntry = Object.freeze({
      ref: compiled.ref,
      effective: declared,
      declared,
      successor: undefined,
      source: label,
      compiled,
      warnings: Object.freeze(
        validation.diagnostics.map((d) =>
          Object.freeze({ ...d, scheme: doc.scheme, versions: [key], sources: [label] }),
        ),
      ),
    });
    store(entry);
    settle(doc.scheme, [...(bySchema.get(doc.scheme) ?? []), entry]);
    return { status: "added", entry: byKey.get(key)! };
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
    const hits = list.filter((e) => isInForce(e.effective, asOf));
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) {
      throw new RegistryError(
        "AMBIGUOUS_VERSION",
        `${hits.length} versions of ${scheme} are in force on ${asOf}: ${hits.map(describeEntry).join("; ")}; fix the overlapping effective periods`,
      );
    }
    throw new RegistryError(
      "NO_VERSION_IN_EFFECT",
      `no version of ${scheme} is in force on ${asOf}; known periods: ${list.map(describeEntry).join("; ")}`,
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
      out.push(...periodDiagnostics(s, list));
    }
    return out;
  };

  return Object.freeze({
    add,
    safeAdd,
    resolve: (scheme: string, asOf: string) => entryFor(scheme, asOf).compiled,
    get: (id: string, version: string) => byKey.get(versionKey(id, version))?.compiled,
    entry: (id: string, version: string) => byKey.get(versionKey(id, version)),
    byHash: (contentHash: string) => hashes.get(contentHash)?.compiled,
    versions: (scheme: string) => Object.freeze([...(bySchema.get(scheme) ?? [])]),
    schemes: () => Object.freeze([...bySchema.keys()].sort()),
    diagnostics,
    evaluate,
    safeEvaluate,
  });
}
