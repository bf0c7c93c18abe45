/**
 * The versions of a registry in time (internal): a {@link RegistryEntry} and its
 * {@link EffectivePeriod}, the `id@version` key, the order of a scheme's versions by start
 * date, the period each version is in force in the registry, and the diagnostics of a scheme's
 * periods: two versions starting on one day (`REGISTRY_OVERLAP`), days no version covers
 * (`REGISTRY_GAP`), a declared end the successor comes before (`REGISTRY_SUPERSEDED`).
 *
 * The rule of succession, written here once: a version is in force from its `effective.from`
 * until the day before the next version of its scheme starts. Publishing a new version never
 * edits the one before it, whose content hash (and so every decision recorded under it) stays
 * the same. A version's own `effective.to` ends it earlier: withdrawn with no successor, or
 * withdrawn before its successor starts (a gap). When both apply, the earlier end wins.
 * Re-exported by `registry.ts`, whose `createRegistry` keeps its versions in this order.
 * @module
 */
import { addDays } from "../base/date.js";
import type { CompiledRuleset, RulesetRef } from "../engine/types.js";
import type { RegistryDiagnostic } from "./registry-diagnostics.js";

/**
 * The dates a version is in force, both inclusive; `to` is `undefined` when open-ended.
 * @category Versions
 */
export interface EffectivePeriod {
  /** First day in force. */
  readonly from: string;
  /** Last day in force, or `undefined` when open-ended. */
  readonly to: string | undefined;
}

/**
 * The version that follows another of its scheme in a registry.
 * @category Versions
 */
export interface Successor {
  /** Which version. */
  readonly ref: RulesetRef;
  /** The day it starts (its `effective.from`). */
  readonly from: string;
}

/**
 * One version held by a registry.
 * @category Versions
 */
export interface RegistryEntry {
  /** Which version: id, scheme, version and content hash. */
  readonly ref: RulesetRef;
  /**
   * When it is in force in this registry: from its `effective.from` to the day before the next
   * version of its scheme starts ({@link RegistryEntry.successor}), or to its own
   * `effective.to` when that is earlier; open-ended when neither applies. This is the period
   * `resolve` uses and rule books and diffs report.
   */
  readonly effective: EffectivePeriod;
  /** The period the document itself declares (its `effective`), which a successor may cut short. */
  readonly declared: EffectivePeriod;
  /** The next version of the scheme by start date, or `undefined` for the latest. */
  readonly successor: Successor | undefined;
  /** The file or label it came from (`id@version` when added without one). */
  readonly source: string;
  /** The version, compiled. */
  readonly compiled: CompiledRuleset;
  /** The warnings and infos its validation reported (a version with an error is never added). */
  readonly warnings: readonly RegistryDiagnostic[];
}

/**
 * The key of a version in a registry, and how diagnostics name it.
 * @param id - The ruleset id.
 * @param version - The ruleset version.
 * @returns `id@version`.
 * @category Versions
 */
export function versionKey(id: string, version: string): string {
  return `${id}@${version}`;
}

/**
 * Whether a version is in force on a date (both ends inclusive).
 * @param p - The effective period.
 * @param date - A date `YYYY-MM-DD`.
 * @returns `true` when `date` lies in `p`.
 * @category Versions
 */
export function isInForce(p: EffectivePeriod, date: string): boolean {
  return p.from <= date && (p.to === undefined || date <= p.to);
}

/**
 * A version as messages name it: its version, effective period and source.
 * @param e - A registry entry.
 * @returns E.g. `1.0.0 2022-01-01 to 2025-06-30 (rulesets/demo/1.0.0.json)`.
 * @category Versions
 */
export function describeEntry(e: RegistryEntry): string {
  return `${e.ref.version} ${e.effective.from} to ${e.effective.to ?? "open"} (${e.source})`;
}

/**
 * The order of a scheme's versions: by first day in force, then declared last day (an open end
 * last), then version and id. ISO dates compare as strings.
 * @param a - One entry.
 * @param b - The other.
 * @returns Negative, zero or positive, as `Array.prototype.sort` wants.
 * @category Versions
 */
export function byEffective(a: RegistryEntry, b: RegistryEntry): number {
  if (a.effective.from !== b.effective.from) return a.effective.from < b.effective.from ? -1 : 1;
  const at = a.declared.to ?? "\uffff";
  const bt = b.declared.to ?? "\uffff";
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

/**
 * What {@link successions} derives for one version: its period in force and its successor.
 * @category Versions
 */
export interface Succession {
  /** The period in force in the registry. */
  readonly effective: EffectivePeriod;
  /** The next version by start date, if any. */
  readonly successor: RegistryEntry | undefined;
}

/**
 * The period each version of a scheme is in force, by the rule of succession: to the day before
 * the next version (the first that starts on a later day) starts, or to the version's declared
 * `effective.to` when that is earlier. Versions that start on the same day share a successor
 * and are both in force until it (an error that {@link periodDiagnostics} reports).
 * @param list - The versions of one scheme, in {@link byEffective} order.
 * @returns One succession per version, in the same order.
 * @category Versions
 */
export function successions(list: readonly RegistryEntry[]): Succession[] {
  return list.map((e, i) => {
    const successor = list.slice(i + 1).find((n) => n.declared.from > e.declared.from);
    const cut = successor === undefined ? undefined : addDays(successor.declared.from, -1);
    return { effective: { from: e.declared.from, to: _minTo(e.declared.to, cut) }, successor };
  });
}

/**
 * The period diagnostics of one scheme: every pair of versions that start on the same day
 * (`REGISTRY_OVERLAP`, error: `resolve` cannot choose between them), every run of days after a
 * version's declared end and before the next version starts (`REGISTRY_GAP`, warning), and
 * every declared end that a successor cuts short (`REGISTRY_SUPERSEDED`, info: the successor
 * ends the version the day before it starts).
 * @param scheme - The scheme, named in the messages.
 * @param list - Its versions, in {@link byEffective} order, with their periods in force.
 * @returns The diagnostics: overlaps first, then gaps and early ends in date order.
 * @category Versions
 */
export function periodDiagnostics(scheme: string, list: readonly RegistryEntry[]): RegistryDiagnostic[] {
  const out: RegistryDiagnostic[] = [];
  const pair = (b: RegistryEntry, a: RegistryEntry) => ({
    scheme,
    versions: [versionKey(b.ref.id, b.ref.version), versionKey(a.ref.id, a.ref.version)],
    sources: [b.source, a.source],
  });
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length && list[j]!.declared.from === list[i]!.declared.from; j++) {
      const a = list[i]!;
      const b = list[j]!;
      out.push({
        code: "REGISTRY_OVERLAP",
        path: ["effective", "from"],
        message:
          `${scheme}: ${describeEntry(b)} and ${describeEntry(a)} both start on ${b.declared.from}; ` +
          `resolve cannot choose a version from that day: give one of them another start date, or drop one`,
        severity: "error",
        ...pair(b, a),
      });
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
            `between ${describeEntry(reach)} and ${describeEntry(e)}`,
          severity: "warning",
          ...pair(e, reach),
        });
      }
    }
    if (reach === undefined || (reach.effective.to !== undefined && (e.effective.to === undefined || e.effective.to > reach.effective.to))) {
      reach = e;
    }
    const next = e.successor === undefined ? undefined : list.find((n) => n.ref.contentHash === e.successor!.ref.contentHash);
    if (next !== undefined && e.declared.to !== undefined && e.declared.to >= next.declared.from) {
      out.push({
        code: "REGISTRY_SUPERSEDED",
        path: ["effective", "to"],
        message:
          `${scheme}: ${e.ref.version} declares effective.to ${e.declared.to}, but ${describeEntry(next)} starts on ${next.declared.from}; ` +
          `${e.ref.version} is in force to ${e.effective.to} (the day before its successor starts)`,
        severity: "info",
        ...pair(e, next),
      });
    }
  }
  return out;
}

function _minTo(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}
