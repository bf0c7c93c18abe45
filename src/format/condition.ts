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
import type { IsoDate } from "../base/date.js";
import { DATE_OPERATORS, JRE_OPERATORS, OPERATOR_DECORATORS, resolveOperator } from "./operator.js";

export { DATE_OPERATORS, JRE_OPERATORS, OPERATOR_DECORATORS, resolveOperator } from "./operator.js";

const OPERATOR_PATTERN = new RegExp(
  `^(?:(?:${OPERATOR_DECORATORS.join("|")}):)*(?:${[...JRE_OPERATORS, ...DATE_OPERATORS].join("|")})$`,
);

const FactName = z.string().regex(/^[A-Za-z$][A-Za-z0-9_.$-]{0,127}$/).describe("A fact: an input, a derived fact or a built-in fact.");
const JsonPathSubset = z
  .string()
  .regex(/^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d{1,6}\]|\['[A-Za-z0-9_ -]{1,64}'\])*$/)
  .describe("A path into an object fact: $.a.b, $.a[0] or $['a'] (no filters or scripts).");

const FactReference = z.strictObject({ fact: FactName, path: JsonPathSubset.optional() });

const Leaf = z.strictObject({
  fact: FactName,
  operator: z.string().regex(OPERATOR_PATTERN).describe("A json-rules-engine operator, optionally decorated, or a date operator."),
  value: z.union([FactReference, z.unknown()]).describe("The value to compare with, or { fact, path } referring to another fact."),
  path: JsonPathSubset.optional(),
  name: z.string().optional(),
  priority: z.number().int().min(1).optional(),
});

/** A condition node as written: a leaf, all, any, not, or a reference to a named condition. */
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

/** Schema of any condition node. */
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

/** A rule's top-level condition: all, any, not or a named-condition reference, as json-rules-engine requires. */
export type TopConditionDef = Exclude<ConditionDef, { fact: string }>;

/** Schema of a rule's top-level condition. */
export const TopConditionSchema: z.ZodType<TopConditionDef> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ConditionSchema).min(1).describe("Holds when every member holds."), ...Meta }),
    z.strictObject({ any: z.array(ConditionSchema).min(1).describe("Holds when at least one member holds."), ...Meta }),
    z.strictObject({ not: ConditionSchema, ...Meta }),
    z.strictObject({ condition: z.string().min(1).describe("The id of a named condition in the ruleset's conditions."), ...Meta }),
  ]),
);

/** What a compiled condition reads: fact values and the as-of date. */
export interface FactContext {
  /** Fact values by name; read as own properties only. */
  readonly facts: Readonly<Record<string, unknown>>;
  /** The as-of date of the evaluation. */
  readonly asOf: IsoDate;
}

/** The evaluation of one condition node, with every leaf's values (nothing left blank). */
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

/** A compiled condition. */
export interface CompiledCondition {
  /** Evaluates with short-circuiting; the fast path. */
  readonly test: (ctx: FactContext) => boolean;
  /** Evaluates every leaf and returns the whole trace. */
  readonly trace: (ctx: FactContext) => ConditionTrace;
}

/** Parses a path of the safe subset into property steps. */
export function parsePath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : m[3]!));
  return steps;
}

function compilePath(path: string | undefined): ((v: unknown) => unknown) | undefined {
  if (path === undefined) return undefined;
  const keys = parsePath(path).map(String);
  return (value) => {
    // json-rules-engine applies a path only to an object fact; other values pass through unchanged.
    if (value === null || typeof value !== "object") return value;
    let cur: unknown = value;
    for (const key of keys) {
      // jsonpath-plus's step: an own property of a truthy value. Own-only means `__proto__` or
      // `constructor` never reach a prototype; truthy-only means "" has no `length`.
      if (!cur || !Object.hasOwn(cur as object, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
    return cur;
  };
}

const readFact = (facts: Readonly<Record<string, unknown>>, name: string): unknown => (Object.hasOwn(facts, name) ? facts[name] : undefined);

/**
 * Whether a leaf's value is a reference to another fact (`{ "fact": "x" }`) rather than a literal.
 * @param v - The leaf's `value`.
 * @returns True for a fact reference (`isFactReference({ fact: "limit" })` is true).
 */
export function isFactReference(v: unknown): v is { fact: string; path?: string } {
  return v !== null && typeof v === "object" && !Array.isArray(v) && Object.hasOwn(v, "fact");
}

/**
 * Compiles with `build` the named condition a `{ "condition": name }` points to (every condition compiler's way).
 * @param name - The referenced name.
 * @param named - The ruleset's named conditions.
 * @param compiling - The names whose compilation is under way around this one.
 * @param build - Compiles the named condition's body.
 * @returns What `build` returns for it; throws for an unknown name or a cycle (validation reports both first).
 */
export function viaNamed<T>(name: string, named: ReadonlyMap<string, ConditionDef>, compiling: Set<string>, build: (def: ConditionDef) => T): T {
  const target = named.get(name);
  if (target === undefined) throw new Error(`no named condition "${name}"`);
  if (compiling.has(name)) throw new Error(`named condition "${name}" refers to itself`);
  compiling.add(name);
  const out = build(target);
  compiling.delete(name);
  return out;
}

/**
 * Compiles a condition once into a predicate and a tracer.
 * @param def - The condition as written (validated by {@link ConditionSchema}).
 * @param named - Named shared conditions, for `{ condition: name }` references.
 * @returns The compiled condition.
 * @throws Error for an unknown operator, an unknown named condition or a reference cycle
 * (ruleset validation reports these before compiling).
 * @example
 * const c = compileCondition({ all: [{ fact: "penalties", operator: "greaterThan", value: 2 }] }, new Map());
 * c.test({ facts: { penalties: 3 }, asOf: "2025-12-31" }); //=> true
 */
export function compileCondition(def: ConditionDef, named: ReadonlyMap<string, ConditionDef>): CompiledCondition {
  const compiling = new Set<string>();
  const build = (d: ConditionDef): CompiledCondition => {
    if ("all" in d || "any" in d) {
      const isAll = "all" in d;
      const kids = (isAll ? (d as { all: ConditionDef[] }).all : (d as { any: ConditionDef[] }).any).map(build);
      const kind = isAll ? "all" : "any";
      return {
        test: isAll
          ? (ctx) => {
              for (const k of kids) if (!k.test(ctx)) return false;
              return true;
            }
          : (ctx) => {
              for (const k of kids) if (k.test(ctx)) return true;
              return false;
            },
        trace: (ctx) => {
          const children = kids.map((k) => k.trace(ctx));
          return { kind, result: isAll ? children.every((c) => c.result) : children.some((c) => c.result), children };
        },
      };
    }
    if ("not" in d) {
      const kid = build(d.not);
      return {
        test: (ctx) => !kid.test(ctx),
        trace: (ctx) => {
          const child = kid.trace(ctx);
          return { kind: "not", result: !child.result, child };
        },
      };
    }
    if ("condition" in d) {
      const name = d.condition;
      const kid = viaNamed(name, named, compiling, build);
      return {
        test: kid.test,
        trace: (ctx) => {
          const child = kid.trace(ctx);
          return { kind: "condition", condition: name, result: child.result, child };
        },
      };
    }
    return buildLeaf(d);
  };
  return build(def);
}

function buildLeaf(d: Extract<ConditionDef, { fact: string }>): CompiledCondition {
  const op = resolveOperator(d.operator);
  if (!op) throw new Error(`unknown operator "${d.operator}"`);
  const { fact } = d;
  const getPath = compilePath(d.path);
  const left = getPath ? (ctx: FactContext) => getPath(readFact(ctx.facts, fact)) : (ctx: FactContext) => readFact(ctx.facts, fact);
  const raw = d.value;
  let right: (ctx: FactContext) => unknown;
  if (isFactReference(raw)) {
    const refFact = raw.fact;
    const refPath = compilePath(raw.path);
    right = refPath ? (ctx) => refPath(readFact(ctx.facts, refFact)) : (ctx) => readFact(ctx.facts, refFact);
  } else {
    right = () => raw;
  }
  const test = (ctx: FactContext): boolean => op(left(ctx), right(ctx), ctx.asOf) === true;
  return {
    test,
    trace: (ctx) => {
      const factValue = left(ctx);
      const value = right(ctx);
      return { kind: "leaf", fact, path: d.path, operator: d.operator, factValue, value, result: op(factValue, value, ctx.asOf) === true };
    },
  };
}

/**
 * A condition compiled to read its facts from an array by slot instead of from an object by
 * name: the evaluator's hot path. `vals[slotOf(name)]` must hold what `facts[name]` would
 * (own property, else `undefined`); the result equals {@link compileCondition}'s `test`.
 * Internal.
 */
export type SlotCondition = (vals: readonly unknown[], asOf: IsoDate) => boolean;

/**
 * Compiles a condition to a {@link SlotCondition}. Internal.
 * @param def - The condition (validated).
 * @param named - Named shared conditions.
 * @param slotOf - The slot of each fact the condition reads.
 * @returns The predicate.
 */
export function compileSlotCondition(def: ConditionDef, named: ReadonlyMap<string, ConditionDef>, slotOf: (fact: string) => number): SlotCondition {
  const compiling = new Set<string>();
  const build = (d: ConditionDef): SlotCondition => {
    if ("all" in d || "any" in d) {
      const isAll = "all" in d;
      const kids = (isAll ? (d as { all: ConditionDef[] }).all : (d as { any: ConditionDef[] }).any).map(build);
      if (kids.length === 1) return kids[0]!;
      if (kids.length === 2) {
        const [a, b] = kids as [SlotCondition, SlotCondition];
        return isAll ? (v, asOf) => a(v, asOf) && b(v, asOf) : (v, asOf) => a(v, asOf) || b(v, asOf);
      }
      if (kids.length === 3) {
        const [a, b, c] = kids as [SlotCondition, SlotCondition, SlotCondition];
        return isAll ? (v, asOf) => a(v, asOf) && b(v, asOf) && c(v, asOf) : (v, asOf) => a(v, asOf) || b(v, asOf) || c(v, asOf);
      }
      return isAll
        ? (v, asOf) => {
            for (let i = 0; i < kids.length; i++) if (!kids[i]!(v, asOf)) return false;
            return true;
          }
        : (v, asOf) => {
            for (let i = 0; i < kids.length; i++) if (kids[i]!(v, asOf)) return true;
            return false;
          };
    }
    if ("not" in d) {
      const kid = build(d.not);
      return (v, asOf) => !kid(v, asOf);
    }
    if ("condition" in d) return viaNamed(d.condition, named, compiling, build);
    return buildSlotLeaf(d, slotOf);
  };
  return build(def);
}

/**
 * Compiles one leaf of a condition to a {@link SlotCondition} (the generated rules kernel calls
 * these for the leaves it does not write inline). Internal.
 * @param d - The leaf.
 * @param slotOf - The slot of each fact.
 * @returns The compiled leaf.
 */
export function buildSlotLeaf(d: Extract<ConditionDef, { fact: string }>, slotOf: (fact: string) => number): SlotCondition {
  const op = resolveOperator(d.operator);
  if (!op) throw new Error(`unknown operator "${d.operator}"`);
  const s = slotOf(d.fact);
  const getPath = compilePath(d.path);
  const raw = d.value;
  if (isFactReference(raw)) {
    const r = slotOf(raw.fact);
    const refPath = compilePath(raw.path);
    const left = getPath ?? ((x: unknown) => x);
    const right = refPath ?? ((x: unknown) => x);
    return (v, asOf) => op(left(v[s]), right(v[r]), asOf);
  }
  if (getPath) return (v, asOf) => op(getPath(v[s]), raw, asOf);
  // The common leaves, inlined. Each gives exactly the operator's answer: `equal` and
  // `notEqual` compare with ===/!== and cannot throw; `in` / `notIn` on an array literal only
  // call its own indexOf; a numeric comparison of a number fact with a number literal is the
  // comparison itself (a NaN fact fails the validator and every comparison alike). Anything
  // else goes through the operator (validator, coercion, try/catch).
  switch (d.operator) {
    case "equal":
      return (v) => v[s] === raw;
    case "notEqual":
      return (v) => v[s] !== raw;
    case "in":
      if (Array.isArray(raw)) return (v) => raw.indexOf(v[s]) > -1;
      break;
    case "notIn":
      if (Array.isArray(raw)) return (v) => raw.indexOf(v[s]) === -1;
      break;
    case "lessThan":
      if (typeof raw === "number") return (v, asOf) => { const a = v[s]; return typeof a === "number" ? a < raw : op(a, raw, asOf); };
      break;
    case "lessThanInclusive":
      if (typeof raw === "number") return (v, asOf) => { const a = v[s]; return typeof a === "number" ? a <= raw : op(a, raw, asOf); };
      break;
    case "greaterThan":
      if (typeof raw === "number") return (v, asOf) => { const a = v[s]; return typeof a === "number" ? a > raw : op(a, raw, asOf); };
      break;
    case "greaterThanInclusive":
      if (typeof raw === "number") return (v, asOf) => { const a = v[s]; return typeof a === "number" ? a >= raw : op(a, raw, asOf); };
      break;
  }
  return (v, asOf) => op(v[s], raw, asOf);
}

/**
 * Lists the facts a condition reads, following named-condition references.
 * @param def - A condition.
 * @param named - Named shared conditions.
 * @returns Fact names, each once.
 * @example
 * conditionFacts({ all: [{ fact: "a", operator: "equal", value: { fact: "b" } }] }, new Map()); //=> ["a", "b"]
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
