/**
 * The generated rules (生成的规则判断) of the lean path: the rule facts gathered into the slot
 * array, and each rule's condition written out as one JavaScript expression over it (`all` as
 * `&&`, `any` as `||`, `not` as `!`, named conditions inlined). The leaves `compileSlotCondition`
 * (condition.ts) inlines are written inline the same way (`equal`, `notEqual`, `in` / `notIn` on
 * an array of literals, a number compared with a number literal); every other leaf calls its
 * compiled closure. Same literals-only rules as _kernel.ts.
 * @module
 */
import { buildSlotLeaf, type ConditionDef, isFactReference, viaNamed } from "../../format/condition.js";
import { addDuration, type Duration, type IsoDate, isIsoDate, parseDuration } from "../../base/date.js";
import { build, jsLiteral, jsNumber } from "./kernel.js";

/** What the generated rules are built from (the lean path's compiled rule state). */
export interface RulesPlan {
  /** Each rule's condition, in declaration order. */
  readonly conditions: readonly ConditionDef[];
  /** The ruleset's named conditions. */
  readonly named: ReadonlyMap<string, ConditionDef>;
  /** The slot of each fact the rules read. */
  readonly slotOf: (fact: string) => number;
  /** The rules run before banding (adjust-points), by index. */
  readonly before: readonly number[];
  /** The rules run after banding, by index. */
  readonly after: readonly number[];
  /** Each rule's adjustment in units (0 for other effects). */
  readonly adjustUnits: readonly number[];
  /** Per rule fact slot: 0 input, 1 derived fact, 2 asOf, 3 subjectId, 4 an own property of the inputs. */
  readonly factKinds: Uint8Array;
  /** Per rule fact slot: the index in its source. */
  readonly factAt: Int32Array;
  /** The rule facts' names, by slot. */
  readonly factNames: readonly string[];
}

/** The generated rule functions. */
export interface GeneratedRules {
  /** Fills the slot array from the inputs, derived facts, as-of date and subject id. */
  readonly fill: (iv: readonly unknown[], dv: readonly unknown[], asOf: IsoDate, id: string, inputs: Readonly<Record<string, unknown>>, v: unknown[]) => void;
  /** Runs the rules before banding: sets `fired`, returns the adjustment in units. */
  readonly before: (v: readonly unknown[], asOf: IsoDate, fired: Uint8Array) => number;
  /** Runs the rules after banding: sets `fired`. */
  readonly after: (v: readonly unknown[], asOf: IsoDate, fired: Uint8Array) => void;
}

const isPrimitive = (x: unknown): boolean => x === null || typeof x === "string" || typeof x === "boolean" || (typeof x === "number" && !Number.isNaN(x));

/**
 * Generates the lean path's rule functions.
 * @param plan - The compiled rule state.
 * @returns The functions, or `undefined` when code cannot be generated here.
 * @example
 * const rules = generateRules(plan);
 * rules?.after(ruleVals, "2025-12-31", fired);
 */
export function generateRules(plan: RulesPlan): GeneratedRules | undefined {
  const leaves: unknown[] = [];
  const source = rulesSource(plan, leaves);
  const deps: Record<string, unknown> = { hasOwn: Object.hasOwn, isIsoDate };
  leaves.forEach((leaf, i) => (deps[`L${i}`] = leaf));
  return build<GeneratedRules>(source, deps);
}

/**
 * The rule functions' source text; the leaves it calls are appended to `leaves` (`L<i>` in
 * the source is `leaves[i]`).
 * @param plan - The compiled rule state.
 * @param leaves - Receives the compiled leaves the source calls.
 * @returns The source.
 * @example
 * rulesSource(plan, []).includes("function after"); //=> true
 */
export function rulesSource(plan: RulesPlan, leaves: unknown[]): string {
  const cond = plan.conditions.map((c) => conditionExpression(c, plan.named, plan.slotOf, "v", leaves));
  const fill = plan.factNames.map((name, i) => {
    const at = plan.factAt[i];
    switch (plan.factKinds[i]) {
      case 0:
        return `v[${i}] = iv[${at}];`;
      case 1:
        return `v[${i}] = dv[${at}];`;
      case 2:
        return `v[${i}] = asOf;`;
      case 3:
        return `v[${i}] = id;`;
      default:
        return `v[${i}] = hasOwn(o, ${jsLiteral(name)}) ? o[${jsLiteral(name)}] : undefined;`;
    }
  });
  return [
    '"use strict";',
    "function fill(iv, dv, asOf, id, o, v) {",
    ...fill.map((l) => `  ${l}`),
    "}",
    "function before(v, asOf, fired) {",
    "  let t, adj = 0;",
    ...plan.before.map((i) => `  if (${cond[i]}) { fired[${i}] = 1; adj += ${jsNumber(plan.adjustUnits[i])}; } else fired[${i}] = 0;`),
    "  return adj;",
    "}",
    "function after(v, asOf, fired) {",
    "  let t;",
    ...plan.after.map((i) => `  fired[${i}] = ${cond[i]} ? 1 : 0;`),
    "}",
    "return { fill, before, after };",
  ].join("\n");
}

/**
 * One condition as a JavaScript expression over a slot array: `all` as `&&`, `any` as `||`,
 * `not` as `!`, named conditions inlined, the leaves `compileSlotCondition` inlines written the
 * same way and every other leaf a call `L<i>(values, asOf)` of its compiled closure (appended
 * to `leaves`); `withinLast` / `notWithinLast` with a literal period are written inline too,
 * calling `L<i>(asOf)` for the window's start (a function appended to `leaves`). The expression
 * uses a scratch variable `t` and the names `values`, `asOf` and `isIsoDate`.
 * @param def - The condition.
 * @param named - The named conditions.
 * @param slotOf - The slot of each fact.
 * @param values - The name of the slot array in the generated code.
 * @param leaves - Receives the compiled leaves the expression calls.
 * @returns The expression.
 * @example
 * conditionExpression({ fact: "n", operator: "equal", value: 2 }, new Map(), () => 0, "v", []); //=> "(v[0] === 2)"
 */
export function conditionExpression(
  def: ConditionDef,
  named: ReadonlyMap<string, ConditionDef>,
  slotOf: (fact: string) => number,
  values: string,
  leaves: unknown[],
): string {
  const compiling = new Set<string>();
  const leafCall = (d: Extract<ConditionDef, { fact: string }>): string => {
    leaves.push(buildSlotLeaf(d, slotOf));
    return `L${leaves.length - 1}(${values}, asOf)`;
  };
  const expr = (d: ConditionDef): string => {
    if ("all" in d || "any" in d) {
      const isAll = "all" in d;
      const kids = (isAll ? (d as { all: ConditionDef[] }).all : (d as { any: ConditionDef[] }).any).map(expr);
      if (kids.length === 0) return isAll ? "true" : "false";
      return `(${kids.join(isAll ? " && " : " || ")})`;
    }
    if ("not" in d) return `!${expr(d.not)}`;
    if ("condition" in d) return viaNamed(d.condition, named, compiling, expr);
    const raw = d.value;
    if (d.path !== undefined || isFactReference(raw)) return leafCall(d);
    const x = `${values}[${slotOf(d.fact)}]`;
    // The leaves compileSlotCondition inlines, written the same way.
    switch (d.operator) {
      case "equal":
      case "notEqual":
        if (isPrimitive(raw)) return `(${x} ${d.operator === "equal" ? "===" : "!=="} ${literal(raw)})`;
        break;
      case "in":
      case "notIn":
        if (Array.isArray(raw) && raw.length <= 32 && raw.every(isPrimitive)) {
          const isIn = d.operator === "in";
          if (raw.length === 0) return isIn ? "false" : "true";
          return `(t = ${x}, ${raw.map((r) => `t ${isIn ? "===" : "!=="} ${literal(r)}`).join(isIn ? " || " : " && ")})`;
        }
        break;
      case "withinLast":
      case "notWithinLast": {
        // The operator: a date fact (isIsoDate), then asOf − P < date ≤ asOf (or its negation).
        const period = typeof raw === "string" ? parseDuration(raw) : undefined;
        if (period === undefined) break;
        leaves.push(windowStart(period));
        const inside = `t <= asOf && t > L${leaves.length - 1}(asOf)`;
        return `(isIsoDate(t = ${x}) && ${d.operator === "withinLast" ? `(${inside})` : `!(${inside})`})`;
      }
      case "lessThan":
      case "lessThanInclusive":
      case "greaterThan":
      case "greaterThanInclusive":
        if (typeof raw === "number") {
          const op = { lessThan: "<", lessThanInclusive: "<=", greaterThan: ">", greaterThanInclusive: ">=" }[d.operator];
          return `(typeof (t = ${x}) === "number" ? t ${op} ${jsNumber(raw)} : ${leafCall(d)})`;
        }
        break;
    }
    return leafCall(d);
  };
  return expr(def);
}

// The first excluded date of a window ending on asOf (asOf − period), cached for the last asOf:
// what the operator's own cache holds for that period.
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

// A literal for a primitive leaf value (null included).
function literal(x: unknown): string {
  return x === null ? "null" : jsLiteral(x);
}
