/**
 * The versions of a registry in time (internal): a {@link RegistryEntry} and its
 * {@link EffectivePeriod}, the `id@version` key, the order of a scheme's versions by effective
 * date, and the overlaps (`REGISTRY_OVERLAP`) and gaps (`REGISTRY_GAP`) between them.
 * Re-exported by `registry.ts`, whose `createRegistry` keeps its versions in this order.
 * @module
 */
import { addDays } from "./date.js";
import type { CompiledRuleset, RulesetRef } from "./result.js";
import type { RegistryDiagnostic } from "./_registry-diagnostics.js";

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

/**
 * The key of a version in a registry, and how diagnostics name it.
 * @param id - The ruleset id.
 * @param version - The ruleset version.
 * @returns `id@version`.
 */
export function versionKey(id: string, version: string): string {
  return `${id}@${version}`;
}

/**
 * Whether a version is in force on a date (both ends inclusive).
 * @param p - The effective period.
 * @param date - A date `YYYY-MM-DD`.
 * @returns `true` when `date` lies in `p`.
 */
export function isInForce(p: EffectivePeriod, date: string): boolean {
  return p.from <= date && (p.to === undefined || date <= p.to);
}

/**
 * A version as messages name it: its version, effective period and source.
 * @param e - A registry entry.
 * @returns E.g. `1.0.0 2022-01-01 to 2025-06-30 (rulesets/demo/1.0.0.json)`.
 */
export function describeEntry(e: RegistryEntry): string {
  return `${e.ref.version} ${e.effective.from} to ${e.effective.to ?? "open"} (${e.source})`;
}

/**
 * The order of a scheme's versions: by first day in force, then last day (an open end last),
 * then version and id. ISO dates compare as strings.
 * @param a - One entry.
 * @param b - The other.
 * @returns Negative, zero or positive, as `Array.prototype.sort` wants.
 */
export function byEffective(a: RegistryEntry, b: RegistryEntry): number {
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

/**
 * The period diagnostics of one scheme: every pair of versions in force on a common day
 * (`REGISTRY_OVERLAP`, error) and every run of days between versions on which none is in force
 * (`REGISTRY_GAP`, warning).
 * @param scheme - The scheme, named in the messages.
 * @param list - Its versions, in {@link byEffective} order.
 * @returns The diagnostics, overlaps first.
 */
export function periodDiagnostics(scheme: string, list: readonly RegistryEntry[]): RegistryDiagnostic[] {
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
            `${scheme}: ${describeEntry(b)} overlaps ${describeEntry(a)} from ${b.effective.from} to ${lastCommon ?? "open"}; ` +
            `resolve cannot choose a version on those days`,
          severity: "error",
          scheme,
          versions: [versionKey(b.ref.id, b.ref.version), versionKey(a.ref.id, a.ref.version)],
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
            `between ${describeEntry(reach)} and ${describeEntry(e)}`,
          severity: "warning",
          scheme,
          versions: [versionKey(e.ref.id, e.ref.version), versionKey(reach.ref.id, reach.ref.version)],
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
