/**
 * Checks a scheme's publication policy (internal): a scheme that publishes nothing names no
 * publicity period and no public fields, and no field is named twice.
 * @module
 */
import type { Collector } from "./collector.js";
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
  }
  const seen = new Set<string>();
  p.fields?.forEach((f, i) => {
    if (seen.has(f)) c.add("PUBLICATION_INVALID", ["publication", "fields", i], `field "${f}" is named twice`);
    seen.add(f);
  });
}
