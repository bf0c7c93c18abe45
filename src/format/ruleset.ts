/**
 * A ruleset version's identity and period: the content hash that identifies it, whether it is
 * in force on a date, and the frozen copy the engine keeps.
 * @module
 */
import { hashJson } from "../base/hash.js";
import { CreditGradingError } from "../base/errors.js";
import type { Ruleset } from "./ruleset-schema.js";

/**
 * The content hash that identifies a ruleset version: SHA-256 of its canonical JSON,
 * leaving out `$schema` (where an editor finds the schema is not part of the rules).
 * @param ruleset - A ruleset.
 * @returns `"sha256:"` and 64 hex digits.
 * @example
 * rulesetHash(ruleset); //=> "sha256:3f1c…"
 * @category Ruleset format
 */
export function rulesetHash(ruleset: Ruleset): string {
  const { $schema: _ignored, ...rest } = ruleset;
  return hashJson(rest);
}

/**
 * Throws NOT_IN_EFFECT when `asOf` falls outside the ruleset's effective period.
 * @param ruleset - The ruleset.
 * @param asOf - A valid as-of date.
 * @throws CreditGradingError NOT_IN_EFFECT.
 * @example
 * assertInEffect(ruleset, "2019-01-01"); // throws: ruleset x@1.0.0 is in effect 2025-01-01 to open, not on 2019-01-01
 * @category Ruleset format
 */
export function assertInEffect(ruleset: Ruleset, asOf: string): void {
  const { effective } = ruleset;
  if (asOf < effective.from || (effective.to !== undefined && asOf > effective.to)) {
    throw new CreditGradingError(
      "NOT_IN_EFFECT",
      `ruleset ${ruleset.id}@${ruleset.version} is in effect ${effective.from} to ${effective.to ?? "open"}, not on ${asOf}`,
    );
  }
}

/**
 * Freezes a value and everything reachable from it (a compiled ruleset's document).
 * @param value - A plain JSON-like value.
 * @returns The same value, frozen.
 * @example
 * Object.isFrozen(deepFreeze({ a: { b: 1 } }).a); //=> true
 * @category Ruleset format
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
