/**
 * Checks a scheme's publication policy (internal): a scheme that publishes nothing names no
 * publicity period, no public fields and no public labels; no field or label is named twice;
 * a public label is one of the scheme's labels.
 * @module
 */
import type { Collector } from "./collector.js";
import { compileLabelScale } from "../format/labels.js";
import type { Ruleset } from "../format/ruleset-schema.js";

/**
 * Checks `publication`.
 * @param r - The ruleset (schema-valid).
 * @param c - Where diagnostics go.
 * @category Checking rulesets
 */
export function checkPublication(r: Ruleset, c: Collector): void {
  const p = r.publication;
  if (p === undefined) return;
  if (!p.public) {
    if (p.publicityWorkingDays !== undefined) c.add("PUBLICATION_INVALID", ["publication", "publicityWorkingDays"], "a scheme whose results are not public has no publicity period");
    if (p.fields !== undefined) c.add("PUBLICATION_INVALID", ["publication", "fields"], "a scheme whose results are not public lets no field out");
    if (p.labels !== undefined) c.add("PUBLICATION_INVALID", ["publication", "labels"], "a scheme whose results are not public publishes no label");
  }
  _once(p.fields, "fields", "field", c);
  _once(p.labels, "labels", "label", c);
  if (p.labels === undefined) return;
  const known = compileLabelScale(r.labels).entries.map((e) => e.label);
  p.labels.forEach((l, i) => {
    if (!known.includes(l)) c.add("PUBLICATION_INVALID", ["publication", "labels", i], `label "${l}" is not a label of this scheme: expected one of ${known.join(", ")}`);
  });
}

// Each entry of a list named once.
function _once(list: readonly string[] | undefined, key: string, what: string, c: Collector): void {
  const seen = new Set<string>();
  list?.forEach((x, i) => {
    if (seen.has(x)) c.add("PUBLICATION_INVALID", ["publication", key, i], `${what} "${x}" is named twice`);
    seen.add(x);
  });
}
