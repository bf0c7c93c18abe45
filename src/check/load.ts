/**
 * Loading and authoring rulesets: `loadRuleset` checks a JSON document and returns it typed,
 * `defineRuleset` does the same for TypeScript authors.
 * @module
 */
import { RulesetError } from "../base/errors.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import { validateRuleset } from "./ruleset-check.js";

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
 * @category Checking rulesets
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
 * @category Checking rulesets
 */
export function defineRuleset<const R extends Ruleset>(ruleset: R): R {
  loadRuleset(ruleset, `defineRuleset(${JSON.stringify(ruleset.id)})`);
  return ruleset;
}

