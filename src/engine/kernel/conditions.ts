/**
 * The condition compiler (条件编译): json-rules-engine condition JSON written in the kernel
 * language, once, for every place conditions run: rule conditions over the rule facts, `where`
 * conditions over a record's fields, and {@link compileCondition} for hosts. `all` is `&&`,
 * `any` is `||`, `not` is `!`; each named condition becomes one function of the module, called
 * wherever it is referred to. A leaf calls its operator from the fixed table (operators.ts),
 * except the common ones written inline with the same answer: `equal` / `notEqual` with a
 * primitive, `in` / `notIn` with a short list of primitives, a number compared with a number
 * literal, and `withinLast` / `notWithinLast` with a literal period.
 *
 * Traced, every leaf is evaluated and its fact value, compared value and result kept, and every
 * node's result, in depth-first order: `traceLayout` gives the positions, and
 * `readTrace` rebuilds the tree from them.
 * @module
 */
import { CreditGradingError } from "../../base/errors.js";
import { type ConditionDef, type ConditionTrace, isFactReference, parsePath } from "../../format/condition.js";
import { addDuration, type Duration, type IsoDate, parseDuration } from "../../base/date.js";
import { resolveOperator } from "../operators.js";
import { type Expr, type Literal, s, type Stmt, type Var, variable, x } from "../codegen/ir.js";
import { HELPERS } from "./context.js";
import type { Fn } from "../codegen/ir.js";

/**
 * What the condition compiler needs of its surroundings: the named conditions, and where their functions go.
 * @category Grading
 */
export interface ConditionContext {
  /** The named conditions by id. */
  readonly named: ReadonlyMap<string, ConditionDef>;
  /** Receives the named-condition functions, by name. */
  readonly extraFns: Map<string, Fn>;
}

/**
 * Where a condition's facts come from.
 * @category Grading
 */
export interface ConditionEnv {
  /** A short name, part of the named-condition functions' names (letters only). */
  readonly id: string;
  /** Fresh parameters for a named-condition function of this environment (the as-of date last). */
  readonly params: () => Var[];
  /** Reads a fact, given the current values of the parameters. */
  readonly read: (args: readonly Expr[], name: string) => Expr;
}

/**
 * Rule conditions: facts by slot from the rule-fact array.
 * @category Grading
 */
export const rulesEnv = (slotOf: (name: string) => number): ConditionEnv => ({
  id: "R",
  params: () => [variable("v"), variable("asOf")],
  read: (args, name) => x.at(args[0]!, slotOf(name)),
});

/**
 * Conditions over an object's own properties (a record's fields, a host's fact object).
 * @category Grading
 */
export const objectEnv: ConditionEnv = {
  id: "O",
  params: () => [variable("o"), variable("pO"), variable("asOf")],
  read: (args, name) => x.own(args[0]!, name, args[1]!),
};

const isPrimitive = (v: unknown): v is Literal => v === null || typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && !Number.isNaN(v));

/**
 * A condition as an expression of the kernel language.
 * @param k - The kernel context (receives the named-condition functions).
 * @param def - The condition.
 * @param env - Where its facts come from.
 * @param args - The current values of the environment's parameters (the as-of date last).
 * @returns The expression (a boolean).
 * @category Grading
 */
export function conditionExpr(k: ConditionContext, def: ConditionDef, env: ConditionEnv, args: readonly Expr[]): Expr {
  const asOf = args[args.length - 1]!;
  if ("all" in def) return x.and(...def.all.map((d) => conditionExpr(k, d, env, args)));
  if ("any" in def) return x.or(...def.any.map((d) => conditionExpr(k, d, env, args)));
  if ("not" in def) return x.not(conditionExpr(k, def.not, env, args));
  if ("condition" in def) return x.call(x.fn(namedFn(k, def.condition, env)), ...args);
  const op = operatorOf(def.operator);
  const left = factValue(env, args, def.fact, def.path);
  const raw: unknown = def.value;
  if (isFactReference(raw)) return x.call(x.ext("op", op), left, factValue(env, args, raw.fact, raw.path), asOf);
  const general = x.call(x.ext("op", op), left, isPrimitive(raw) || raw === undefined ? x.lit(raw as Literal) : x.ext("value", raw), asOf);
  if (def.path !== undefined) return general;
  switch (def.operator) {
    case "equal":
    case "notEqual":
      if (isPrimitive(raw)) return x.bin(def.operator === "equal" ? "===" : "!==", left, x.lit(raw));
      break;
    case "in":
    case "notIn":
      if (Array.isArray(raw) && raw.length <= 32 && raw.every(isPrimitive)) {
        return def.operator === "in" ? x.or(...raw.map((v) => x.bin("===", left, x.lit(v)))) : x.and(...raw.map((v) => x.bin("!==", left, x.lit(v))));
      }
      break;
    case "lessThan":
    case "lessThanInclusive":
    case "greaterThan":
    case "greaterThanInclusive":
      if (typeof raw === "number" && !Number.isNaN(raw)) {
        const cmp = ({ lessThan: "<", lessThanInclusive: "<=", greaterThan: ">", greaterThanInclusive: ">=" } as const)[def.operator];
        return x.cond(x.typeIs(left, "number"), x.bin(cmp, left, x.lit(raw)), general);
      }
      break;
    case "withinLast":
    case "notWithinLast": {
      const period = typeof raw === "string" ? parseDuration(raw) : undefined;
      if (period === undefined) break;
      // The operator: a date fact, then asOf − P < date ≤ asOf (or not).
      const inside = x.and(x.bin("<=", left, asOf), x.bin(">", left, x.call(x.ext("windowStart", windowStart(period)), asOf)));
      return x.and(x.call(HELPERS.isIsoDate, left), def.operator === "withinLast" ? inside : x.not(inside));
    }
  }
  return general;
}

function operatorOf(name: string): NonNullable<ReturnType<typeof resolveOperator>> {
  const op = resolveOperator(name);
  if (!op) throw new CreditGradingError("RULESET_INVALID", `unknown operator "${name}"`);
  return op;
}

function factValue(env: ConditionEnv, args: readonly Expr[], fact: string, path: string | undefined): Expr {
  const v = env.read(args, fact);
  return path === undefined ? v : x.call(x.ext("path", pathReader(path)), v);
}

// The function of a named condition in an environment, written once (on first reference).
function namedFn(k: ConditionContext, name: string, env: ConditionEnv): string {
  const index = [...k.named.keys()].indexOf(name);
  if (index < 0) throw new CreditGradingError("RULESET_INVALID", `no named condition "${name}"`);
  const fnName = `cond${env.id}${index}`;
  const known = k.extraFns.get(fnName);
  // Reserved with an empty body while its own body is being written: a reference back to it is a
  // cycle (validation reports it as a diagnostic first).
  if (known !== undefined) {
    if (known.body.length === 0) throw new CreditGradingError("RULESET_INVALID", `named condition "${name}" refers to itself`);
    return fnName;
  }
  const params = env.params();
  // Reserved before the body is written: a reference cycle (validation rejects it) ends here.
  k.extraFns.set(fnName, { name: fnName, params, body: [] });
  const body = [s.return(conditionExpr(k, k.named.get(name)!, env, params.map(x.ref)))];
  k.extraFns.set(fnName, { name: fnName, params, body });
  return fnName;
}

/**
 * A path of the safe JSONPath subset as a reader: json-rules-engine applies a path only to an
 * object fact (other values pass through); each step reads an own property of a truthy value.
 * @param path - The path (`$.a.b`, `$.a[0]`, `$['a']`).
 * @returns The reader.
 * @example
 * pathReader("$.a[0]")({ a: [7] }); //=> 7
 * @category Grading
 */
export function pathReader(path: string): (value: unknown) => unknown {
  const keys = parsePath(path).map(String);
  return (value) => {
    if (value === null || typeof value !== "object") return value;
    let cur: unknown = value;
    for (const key of keys) {
      if (!cur || !Object.hasOwn(cur as object, key)) return undefined;
      cur = (cur as Record<string, unknown>)[key];
    }
    return cur;
  };
}

// The first excluded date of a window ending on asOf (asOf − period), cached for the last asOf.
function windowStart(period: Duration): (asOf: IsoDate) => IsoDate {
  let last = "";
  let start = "";
  return (asOf) => {
    if (asOf !== last) {
      start = addDuration(asOf, period, -1);
      last = asOf;
    }
    return start;
  };
}

// ------------------------------------------------------------------ traces

/**
 * How many trace slots a condition takes: three per leaf (fact value, value, result), one per
 * other node (its result), named conditions expanded.
 * @param def - The condition.
 * @param named - The named conditions.
 * @returns The number of slots.
 * @category Grading
 */
export function traceWidth(def: ConditionDef, named: ReadonlyMap<string, ConditionDef>): number {
  if ("all" in def) return 1 + def.all.reduce((n, d) => n + traceWidth(d, named), 0);
  if ("any" in def) return 1 + def.any.reduce((n, d) => n + traceWidth(d, named), 0);
  if ("not" in def) return 1 + traceWidth(def.not, named);
  if ("condition" in def) return 1 + traceWidth(named.get(def.condition)!, named);
  return 3;
}

/**
 * The statements evaluating a condition with every leaf (no short circuit), writing each
 * node's slots into `tr` from `offset` in depth-first order.
 * @param k - The kernel context.
 * @param def - The condition.
 * @param env - Where its facts come from.
 * @param args - The environment's parameter values (the as-of date last).
 * @param tr - The trace array.
 * @param offset - The first slot.
 * @returns The statements.
 * @category Grading
 */
export function traceStmts(k: ConditionContext, def: ConditionDef, env: ConditionEnv, args: readonly Expr[], tr: Expr, offset: number): Stmt[] {
  const out: Stmt[] = [];
  const asOf = args[args.length - 1]!;
  // Returns the slot holding the node's result.
  const walk = (d: ConditionDef, at: number): number => {
    if ("all" in d || "any" in d || "not" in d || "condition" in d) {
      const kids = "all" in d ? d.all : "any" in d ? d.any : "not" in d ? [d.not] : [k.named.get(d.condition)!];
      let next = at + 1;
      const results: Expr[] = [];
      for (const kid of kids) {
        results.push(x.at(tr, walk(kid, next)));
        next += traceWidth(kid, k.named);
      }
      const result = "all" in d ? x.and(...results) : "any" in d ? x.or(...results) : "not" in d ? x.not(results[0]!) : results[0]!;
      out.push(s.put(tr, at, result));
      return at;
    }
    const raw: unknown = d.value;
    out.push(
      s.put(tr, at, factValue(env, args, d.fact, d.path)),
      s.put(tr, at + 1, isFactReference(raw) ? factValue(env, args, raw.fact, raw.path) : isPrimitive(raw) || raw === undefined ? x.lit(raw as Literal) : x.ext("value", raw)),
      s.put(tr, at + 2, x.call(x.ext("op", operatorOf(d.operator)), x.at(tr, at), x.at(tr, at + 1), asOf)),
    );
    return at + 2;
  };
  walk(def, offset);
  return out;
}

/**
 * Rebuilds a condition's trace from its slots.
 * @param def - The condition.
 * @param named - The named conditions.
 * @param tr - The trace array the kernel filled.
 * @param offset - The condition's first slot.
 * @returns The trace.
 * @category Grading
 */
export function readTrace(def: ConditionDef, named: ReadonlyMap<string, ConditionDef>, tr: readonly unknown[], offset: number): ConditionTrace {
  if ("all" in def || "any" in def) {
    const kids = "all" in def ? def.all : (def as { any: ConditionDef[] }).any;
    let next = offset + 1;
    const children = kids.map((kid) => {
      const t = readTrace(kid, named, tr, next);
      next += traceWidth(kid, named);
      return t;
    });
    return { kind: "all" in def ? "all" : "any", result: tr[offset] === true || (tr[offset] !== false && Boolean(tr[offset])), children };
  }
  if ("not" in def) return { kind: "not", result: tr[offset] === true, child: readTrace(def.not, named, tr, offset + 1) };
  if ("condition" in def) {
    const child = readTrace(named.get(def.condition)!, named, tr, offset + 1);
    return { kind: "condition", condition: def.condition, result: Boolean(tr[offset]), child };
  }
  return { kind: "leaf", fact: def.fact, path: def.path, operator: def.operator, factValue: tr[offset], value: tr[offset + 1], result: tr[offset + 2] === true };
}
