/**
 * Conditions in json-rules-engine's condition JSON (all / any / not / condition references,
 * leaves of fact, path, operator, value), compiled to synchronous predicates. Nothing in a
 * condition is ever executed as code: operators come from a fixed table, and paths are a
 * safe subset of JSONPath (`$.a.b`, `$.a[0]`, `$['a']`) walked over own properties only.
 *
 * The semantics follow json-rules-engine 7 exactly (it is the test oracle, compared on
 * generated conditions and facts in `test/json-rules-engine.test.ts`), including its
 * fact-value validators: a numeric operator is false when the fact value does not parse as a
 * number, `contains` is false unless the fact is an array, and a path on a value that is not
 * an object yields the value itself. Path steps follow jsonpath-plus: a step reads an own
 * property of a truthy value (so `$.s.length` and `$.s[0]` work on a non-empty string) and is
 * `undefined` otherwise; a step never reaches a prototype, so `$.constructor` is `undefined`
 * unless the object has an own `constructor` key.
 *
 * One deliberate difference: where json-rules-engine's comparison throws on the data (a
 * TypeError for `in` / `notIn` when the value has no `indexOf`, such as a number or `null`;
 * for `someValue` / `everyValue` when the value is not an array; for an object that cannot be
 * converted to a primitive), json-rules-engine rejects the whole `run()`. Here the leaf is
 * `false` instead, decorators included (`not:in` with a number value is `false` too), so that
 * evaluation never crashes on data. The ruleset checks already reject a literal value that is
 * not an array for an undecorated `in` / `notIn`; a fact reference, a decorator or a fact of
 * the wrong shape can still bring such a value at run time.
 *
 * Date-aware operators are added for dates relative to the as-of date, which
 * json-rules-engine can only compare as numbers; `toJsonRulesEngine` registers the same
 * functions with json-rules-engine, bound to an as-of date.
 * @module
 */
import { z } from "zod";
import { DATE_OPERATORS, JRE_OPERATORS, MAX_OPERATOR_DECORATORS, OPERATOR_DECORATORS } from "./operator.js";

export { DATE_OPERATORS, JRE_OPERATORS, MAX_OPERATOR_DECORATORS, OPERATOR_DECORATORS } from "./operator.js";

const OPERATOR_PATTERN = new RegExp(
  `^(?:(?:${OPERATOR_DECORATORS.join("|")}):){0,${MAX_OPERATOR_DECORATORS}}(?:${[...JRE_OPERATORS, ...DATE_OPERATORS].join("|")})$`,
);

const FactName = z.string().regex(/^[A-Za-z$][A-Za-z0-9_.$-]{0,127}$/).describe("A fact: an input, a derived fact or a built-in fact.");
const JsonPathSubset = z
  .string()
  .regex(/^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d{1,6}\]|\['[A-Za-z0-9_ -]{1,64}'\])*$/)
  .describe("A path into an object fact: $.a.b, $.a[0] or $['a'] (no filters or scripts).");

const FactReference = z.strictObject({ fact: FactName, path: JsonPathSubset.optional() });

const Leaf = z.strictObject({
  fact: FactName,
  operator: z.string().regex(OPERATOR_PATTERN).describe("A json-rules-engine operator, with at most 8 decorators, or a date operator."),
  value: z.union([FactReference, z.unknown()]).describe("The value to compare with, or { fact, path } referring to another fact."),
  path: JsonPathSubset.optional(),
  name: z.string().optional(),
  priority: z.number().int().min(1).optional(),
});

/**
 * A condition node as written: a leaf, all, any, not, or a reference to a named condition.
 * @category Ruleset format
 */
export type ConditionDef =
  | { fact: string; operator: string; value?: unknown; path?: string | undefined; name?: string | undefined; priority?: number | undefined }
  | { all: ConditionDef[]; name?: string | undefined; priority?: number | undefined }
  | { any: ConditionDef[]; name?: string | undefined; priority?: number | undefined }
  | { not: ConditionDef; name?: string | undefined; priority?: number | undefined }
  | { condition: string; name?: string | undefined; priority?: number | undefined };

const Meta = {
  name: z.string().optional().describe("A label for the condition, shown in traces."),
  priority: z.number().int().min(1).optional().describe("json-rules-engine's evaluation order hint; no effect on the result."),
};

/**
 * Schema of any condition node.
 * @category Ruleset format
 */
export const ConditionSchema: z.ZodType<ConditionDef> = z
  .lazy(() =>
    z.union([
      Leaf,
      z.strictObject({ all: z.array(ConditionSchema).min(1).describe("Holds when every member holds."), ...Meta }),
      z.strictObject({ any: z.array(ConditionSchema).min(1).describe("Holds when at least one member holds."), ...Meta }),
      z.strictObject({ not: ConditionSchema, ...Meta }),
      z.strictObject({ condition: z.string().min(1).describe("The id of a named condition in the ruleset's conditions."), ...Meta }),
    ]),
  )
  .meta({ id: "Condition" });

/**
 * A rule's top-level condition: all, any, not or a named-condition reference, as json-rules-engine requires.
 * @category Ruleset format
 */
export type TopConditionDef = Exclude<ConditionDef, { fact: string }>;

/**
 * Schema of a rule's top-level condition.
 * @category Ruleset format
 */
export const TopConditionSchema: z.ZodType<TopConditionDef> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema).min(1).describe("Holds when every member holds."), ...Meta }),
    z.strictObject({ any: z.array(ConditionSchema).min(1).describe("Holds when at least one member holds."), ...Meta }),
    z.strictObject({ not: ConditionSchema, ...Meta }),
    z.strictObject({ condition: z.string().min(1).describe("The id of a named condition in the ruleset's conditions."), ...Meta }),
  ]),
);

/**
 * The evaluation of one condition node, with every leaf's values (nothing left blank).
 * @category Ruleset format
 */
export type ConditionTrace =
  | { readonly kind: "all" | "any"; readonly result: boolean; readonly children: readonly ConditionTrace[] }
  | { readonly kind: "not"; readonly result: boolean; readonly child: ConditionTrace }
  | { readonly kind: "condition"; readonly condition: string; readonly result: boolean; readonly child: ConditionTrace }
  | {
      readonly kind: "leaf";
      readonly fact: string;
      readonly path: string | undefined;
      readonly operator: string;
      /** The fact's value (after the path), as the operator saw it. */
      readonly factValue: unknown;
      /** The right-hand value, after resolving a fact reference. */
      readonly value: unknown;
      readonly result: boolean;
    };

/**
 * Parses a path of the safe subset into property steps.
 * @category Ruleset format
 */
export function parsePath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!));
  return steps;
}

/**
 * Whether a leaf's value is a reference to another fact (`{ "fact": "x" }`) rather than a literal.
 * @param v - The leaf's `value`.
 * @returns True for a fact reference (`isFactReference({ fact: "limit" })` is true).
 * @category Ruleset format
 */
export function isFactReference(v: unknown): v is { fact: string; path?: string } {
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.hasOwn(v, "fact");
}

/**
 * Lists the facts a condition reads, following named-condition references.
 * @param def - A condition.
 * @param named - Named shared conditions.
 * @returns Fact names, each once.
 * @example
 * conditionFacts({ all: [{ fact: "a", operator: "equal", value: { fact: "b" } }] }, new Map()); //=> ["a", "b"]
 * @category Ruleset format
 */
export function conditionFacts(def: ConditionDef, named: ReadonlyMap<string, ConditionDef>): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const walk = (d: ConditionDef): void => {
    if ("all" in d) d.all.forEach(walk);
    else if ("any" in d) d.any.forEach(walk);
    else if ("not" in d) walk(d.not);
    else if ("condition" in d) {
      if (seen.has(d.condition)) return;
      seen.add(d.condition);
      const t = named.get(d.condition);
      if (t) walk(t);
    } else {
      out.add(d.fact);
      if (isFactReference(d.value)) out.add(d.value.fact);
    }
  };
  walk(def);
  return [...out];
}
