/**
 * The shape of a semantic diff between two ruleset versions: its areas and its changes.
 * @module
 */
import type { BilingualName } from "../base/grade.js";
import type { PathSegment } from "../base/diagnostic.js";

/**
 * The areas of a ruleset a change can fall in, in the order {@link diffRulesets} reports them.
 * @category Versions
 */
export const DIFF_AREAS = [
  "metadata",
  "inputs",
  "indicators",
  "bands",
  "labels",
  "records",
  "facts",
  "conditions",
  "rules",
  "measures",
  "texts",
] as const;

/**
 * An area of a ruleset: `metadata` (version, effective period, authority, legal basis, scale,
 * rounding, weighting, subject checks), `inputs`, `indicators` (tree, amounts, scoring, missing
 * data), `bands`, `labels`, `records` (record types, fields, publicity periods), `facts`,
 * `conditions` (named), `rules`, `measures` (per-grade mapping, sampling, defined measures),
 * `texts` (names, descriptions, sources, bin labels).
 * @category Versions
 */
export type DiffArea = (typeof DIFF_AREAS)[number];

/**
 * Whether a change adds, removes or changes something.
 * @category Versions
 */
export type ChangeKind = "added" | "removed" | "changed";

/**
 * One semantic change between two rulesets.
 * @category Versions
 */
export interface RulesetChange {
  /** `added` (only in b), `removed` (only in a) or `changed` (in both, different). */
  readonly kind: ChangeKind;
  /** The area of the ruleset. */
  readonly area: DiffArea;
  /**
   * The id of what changed: an input, indicator, rule, fact, condition or record type id; a
   * grade for bands, labels, sampling and per-grade measures; a severity for publicity periods;
   * `recordType.field` for a record field; the key for metadata; `noun:id` for texts (e.g.
   * `indicator:commitments`, `ruleset`).
   */
  readonly id: string;
  /** Which property changed, e.g. `weight`, `scoring`, `onMissing`, `effect`, `byGrade`; for added and removed objects, the noun. */
  readonly aspect: string;
  /** The JSON path in b (in a for removals). */
  readonly path: readonly PathSegment[];
  /** The value in a (absent for additions). */
  readonly before?: unknown;
  /** The value in b (absent for removals). */
  readonly after?: unknown;
  /** One line saying what changed, in Chinese and English. */
  readonly summary: BilingualName;
}
