/**
 * Loading and authoring rulesets: `loadRuleset` for JSON documents, `defineRuleset` for
 * TypeScript authors, and the content hash that identifies a version.
 * @module
 */
import { createHash } from "node:crypto";
import { CreditGradingError, RulesetError } from "../base/errors.js";
import type { Ruleset } from "./ruleset-schema.js";
import { validateRuleset } from "../check/ruleset-check.js";

/**
 * Validates a ruleset document and returns it typed, or throws a {@link RulesetError}
 * carrying every diagnostic when any is an error.
 * @param json - A parsed JSON value (untrusted).
 * @param source - The file name or label to name in the error message.
 * @returns The ruleset.
 * @throws RulesetError when the document has an error.
 * @example
 * const ruleset = loadRuleset(JSON.parse(readFileSync("rulesets/hlj-public/1.0.0.json", "utf8")));
 * ruleset.version; //=> "1.0.0"
 */
export function loadRuleset(json: unknown, source?: string): Ruleset {
  const result = validateRuleset(json);
  if (!result.valid || result.ruleset === undefined) throw new RulesetError(result.diagnostics, source);
  return result.ruleset;
}

/**
 * The typed builder for TypeScript authors: checks the document like {@link loadRuleset} and
 * returns the same JSON, so a ruleset written in code and one written in a file are one thing.
 * @param ruleset - The ruleset, typed by the format's schema.
 * @returns The same ruleset, validated.
 * @throws RulesetError when the document has an error.
 * @example
 * const r = defineRuleset({ formatVersion: 1, id: "demo", scheme: "demo", kind: "other", ... });
 * JSON.stringify(r) === JSON.stringify(loadRuleset(JSON.parse(JSON.stringify(r)))); //=> true
 */
export function defineRuleset<const R extends Ruleset>(ruleset: R): R {
  loadRuleset(ruleset, `defineRuleset(${JSON.stringify(ruleset.id)})`);
  return ruleset;
}

/**
 * Canonical JSON: object keys sorted, no whitespace. Two documents that differ only in key
 * order or layout have the same canonical text.
 * @param value - A JSON value.
 * @returns Its canonical text.
 * @example
 * canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] }); //=> '{"a":[2,{"c":4,"d":3}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

/**
 * The content hash that identifies a ruleset version: SHA-256 of its canonical JSON,
 * leaving out `$schema` (where an editor finds the schema is not part of the rules).
 * @param ruleset - A ruleset.
 * @returns `"sha256:"` and 64 hex digits.
 * @example
 * rulesetHash(ruleset); //=> "sha256:3f1c…"
 */
export function rulesetHash(ruleset: Ruleset): string {
  const { $schema: _ignored, ...rest } = ruleset;
  return `sha256:${createHash("sha256").update(canonicalJson(rest)).digest("hex")}`;
}

/**
 * Throws NOT_IN_EFFECT when `asOf` falls outside the ruleset's effective period.
 * @param ruleset - The ruleset.
 * @param asOf - A valid as-of date.
 * @throws CreditGradingError NOT_IN_EFFECT.
 * @example
 * assertInEffect(ruleset, "2019-01-01"); // throws: ruleset x@1.0.0 is in effect 2025-01-01 to open, not on 2019-01-01
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
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
