/**
 * Generated code (生成的代码): the parts of `grade` and `evaluate` that `compileRuleset` writes
 * out once per ruleset as straight-line JavaScript with every name and constant fixed, so that
 * the engine reads subjects through inline caches and folds the constants, as it does for a
 * function written by hand. This module holds the shared writer and the indicator scoring;
 * _kernel-checks.ts the input and record checks, _kernel-facts.ts the derived facts and
 * _kernel-rules.ts the rule conditions.
 *
 * What reaches the generated text from the ruleset, and how:
 * - ids, category values, lookup keys and condition values only as `JSON.stringify` string
 *   literals (a JSON string is a valid JavaScript string literal: no quote, backslash or line
 *   break survives it), booleans as `true`/`false`, `null`;
 * - numbers only through {@link jsNumber}, which accepts a `number` and writes its shortest
 *   round-tripping form (or `1/0`, `-0`);
 * - nothing else: identifiers, operators and statements come from the library. Values of other
 *   types (objects, arrays of objects) stay compiled closures that the generated code calls.
 *
 * The generated code does exactly what the closures do (`_lean-grade.ts`, `_score-leaf.ts`,
 * fact.ts, condition.ts): the same floating-point operations in the same order, the same
 * rounding ({@link unitsAt}), inputs read as own properties only, and no prototype getter
 * invoked. `test/codegen.test.ts` checks that results with and without it are identical on every
 * shipped ruleset and on generated rulesets and subjects, hostile strings included. Where
 * `new Function` is refused (a Content-Security-Policy without `unsafe-eval`, `node
 * --disallow-code-generation-from-strings`) or `compileRuleset(…, { codegen: false })` asks,
 * nothing is generated and the closures run.
 * @module
 */
import { type RoundingPolicy, toUnits, unitsAt } from "../../base/rounding.js";
import type { InputDef, ScoringDef } from "../../format/ruleset-schema.js";
import { passthroughRange } from "../../format/scoring.js";
import type { BoundLeaf } from "./score-leaf.js";

/** The generated indicator scoring of one compiled ruleset. */
export interface ScoringKernel {
  /**
   * Scores every indicator leaf: returns the total in units (the scale's minimum plus every
   * contribution) and writes each leaf's points lost (in units) to `lost`; returns `undefined`
   * when the subject cannot be scored (a missing input of a not-gradable leaf, no bin or row).
   */
  readonly score: (iv: readonly unknown[], dv: readonly unknown[], inputs: Readonly<Record<string, unknown>>, lost: Float64Array) => number | undefined;
}

/** What the scoring kernel is generated from. */
export interface KernelPlan {
  /** The declared inputs, in declaration order (`iv`'s order). */
  readonly inputs: readonly InputDef[];
  /** The indicator leaves in tree order, bound to their input sources. */
  readonly leaves: readonly BoundLeaf[];
  /** The rounding policy. */
  readonly policy: RoundingPolicy;
  /** The scale's minimum in units. */
  readonly scaleMinUnits: number;
}

/**
 * Writes a number as a JavaScript literal that evaluates to the same number.
 * @param x - A number (not NaN).
 * @returns The literal, parenthesised when negative.
 * @throws TypeError for anything but a number, and for NaN.
 * @example
 * jsNumber(-0.1); //=> "(-0.1)"
 * jsNumber(Number.POSITIVE_INFINITY); //=> "(1/0)"
 */
export function jsNumber(x: unknown): string {
  if (typeof x !== "number" || Number.isNaN(x)) throw new TypeError(`not a number literal: ${String(x)}`);
  if (x === Number.POSITIVE_INFINITY) return "(1/0)";
  if (x === Number.NEGATIVE_INFINITY) return "(-1/0)";
  if (Object.is(x, -0)) return "(-0)";
  const text = String(x);
  return x < 0 ? `(${text})` : text;
}

/**
 * Writes a string, number or boolean as a JavaScript literal.
 * @param v - The value.
 * @returns The literal.
 * @throws TypeError for any other type.
 * @example
 * jsLiteral('a"b'); //=> '"a\\"b"'
 */
export function jsLiteral(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  return jsNumber(v);
}

// Where the platform refuses `new Function` (a Content-Security-Policy without 'unsafe-eval',
// `node --disallow-code-generation-from-strings`), `build` returns undefined and the closures run.
/**
 * Runs generated source (the body of a function of the named dependencies) and returns what it
 * returns: `undefined` where the platform refuses `new Function`.
 * @param source - Source built by this module or _kernel-facts.ts from their own statements and
 * {@link jsLiteral} / {@link jsNumber} literals.
 * @param deps - The names the source may use and their values.
 * @returns The source's return value.
 * @example
 * build<number>("return x + 1;", { x: 1 }); //=> 2
 */
export function build<T>(source: string, deps: Readonly<Record<string, unknown>>): T | undefined {
  let make: (...args: unknown[]) => T;
  try {
    // The only dynamic code of the library: every source passed here is built in this module
    // from its own statements and literals written by jsLiteral / jsNumber (see @module).
    make = new Function(...Object.keys(deps), source) as typeof make;
  } catch (error) {
    // Refused by the platform (EvalError); anything else is a bug of the generator.
    if (error instanceof EvalError) return undefined;
    throw error;
  }
  return make(...Object.values(deps));
}

/**
 * Generates, per indicator leaf, the builder of its result's `values` object (input id → value
 * as read, `null` when missing) as one object literal, instead of an object grown key by key.
 * @param inputIds - Each leaf's input ids, in its scorer's argument order.
 * @returns One builder per leaf, or `undefined` when code cannot be generated here.
 * @example
 * generateShownBuilders([["years"]])?.[0]!([undefined]); //=> { years: null }
 */
export function generateShownBuilders(inputIds: readonly (readonly string[])[]): ((values: readonly unknown[]) => Record<string, unknown>)[] | undefined {
  // A quoted "__proto__" key in a literal sets the prototype: never generated (ids cannot be it).
  if (inputIds.some((ids) => ids.includes("__proto__"))) return undefined;
  const builders = inputIds.map((ids) => `function (b) { return { ${ids.map((id, i) => `${jsLiteral(id)}: b[${i}] ?? null`).join(", ")} }; }`);
  return build(['"use strict";', "return [", ...builders.map((b) => `  ${b},`), "];"].join("\n"), {});
}

/**
 * The prototype of an evaluation's `facts` object: empty, with no prototype of its own and
 * frozen, so that a fact name such as "toString" or "constructor" finds nothing inherited (as
 * with a null prototype) while the objects keep the engine's fast property layout.
 */
export const FACTS_PROTO: object = Object.freeze(Object.create(null) as object);

/**
 * Generates the builder of an evaluation's `facts` object (fact id → value) as a constructor
 * assigning each id in order, its prototype {@link FACTS_PROTO}.
 * @param ids - The fact ids, in slot order (a later repeat of an id overwrites, keeping its first place).
 * @returns The builder, or `undefined` when code cannot be generated here.
 * @example
 * generateFactsBuilder(["a", "b"])?.([1, 2]); //=> { a: 1, b: 2 }
 */
export function generateFactsBuilder(ids: readonly string[]): ((values: readonly unknown[]) => Record<string, unknown>) | undefined {
  if (ids.includes("__proto__")) return undefined;
  const body = ids.map((id, i) => `this[${jsLiteral(id)}] = dv[${i}];`).join(" ");
  return build(['"use strict";', `function Facts(dv) { ${body} }`, "Facts.prototype = P;", "return (dv) => new Facts(dv);"].join("\n"), { P: FACTS_PROTO });
}

/**
 * Generates the scoring kernel of a compiled ruleset.
 * @param plan - The declared inputs, the bound leaves and the rounding policy.
 * @returns The kernel, or `undefined` when code cannot be generated here (`new Function` refused).
 * @example
 * const kernel = generateScoringKernel({ inputs, leaves: boundLeaves, policy, scaleMinUnits: 0 });
 * kernel?.score(inputValues, derivedValues, subject.inputs, lost); //=> 8125
 */
export function generateScoringKernel(plan: KernelPlan): ScoringKernel | undefined {
  return build<ScoringKernel>(kernelSource(plan), { hasOwn: Object.hasOwn, UA: unitsAt });
}

/**
 * The scoring kernel's source text (the body of a function of `hasOwn` and `UA`).
 * @param plan - What to generate from.
 * @returns The source.
 * @example
 * kernelSource(plan).startsWith('"use strict"'); //=> true
 */
export function kernelSource(plan: KernelPlan): string {
  const { policy } = plan;
  const factor = jsNumber(10 ** policy.scale);
  const mode = jsLiteral(policy.mode);
  const units = (expr: string): string => `UA(${expr}, ${factor}, ${mode})`;
  const u = (x: number): string => jsNumber(toUnits(x, policy));

  const inputsById = new Map(plan.inputs.map((d) => [d.id, d]));
  const width = Math.max(0, ...plan.leaves.map((b) => b.leaf.inputIds.length));
  const score: string[] = [];
  plan.leaves.forEach((b, l) => {
    const { leaf, kind, at, onMissing } = b;
    score.push(`// leaf ${l}`, "m = 0;");
    leaf.inputIds.forEach((id, i) => {
      const k = kind[i];
      const src = k === 0 ? `iv[${at[i]}]` : k === 1 ? `dv[${at[i]}]` : `(hasOwn(o, ${jsLiteral(id)}) ? o[${jsLiteral(id)}] : undefined)`;
      const missing = typeof onMissing === "object" ? `a${i} = ${jsLiteral(onMissing.impute)};` : onMissing === "worst" ? "m = 2;" : "return undefined;";
      score.push(`a${i} = ${src}; if (a${i} === undefined || a${i} === null) { ${missing} }`);
    });
    score.push(`if (m === 2) su = ${u(leaf.worst)}; else {`, ...scorerLines(leaf.scoring, leaf.outOf, inputsById, units, u), "}");
    score.push(leaf.pointsMode ? "cu = su;" : `cu = ${units(`((su / ${factor}) * ${jsNumber(leaf.maxPoints)}) / ${jsNumber(leaf.outOf)}`)};`);
    score.push("t += cu;", `lost[${l}] = ${jsNumber(leaf.maxUnits)} - cu;`);
  });
  const locals = ["m", "su", "cu", "q", "w", ...Array.from({ length: width }, (_, i) => `a${i}`)];
  return [
    '"use strict";',
    "function score(iv, dv, o, lost) {",
    `  let t = ${jsNumber(plan.scaleMinUnits)}, ${locals.join(", ")};`,
    ...score.map((s) => `  ${s}`),
    "  return t;",
    "}",
    "return { score };",
  ].join("\n");
}

// The statements that set `su` (the score in units) from `a0`, `a1`, … or return undefined
// (no bin or row matches): the closures of scoring.ts, step for step.
function scorerLines(
  s: ScoringDef,
  outOf: number,
  inputsById: ReadonlyMap<string, InputDef>,
  units: (expr: string) => string,
  u: (x: number) => string,
): string[] {
  const n = jsNumber;
  const clamped = (q: string): string => [`q = ${q};`, `su = ${units(`(q < 0 ? 0 : q > 1 ? 1 : q) * ${n(outOf)}`)};`].join(" ");
  switch (s.type) {
    case "linear": {
      const span = s.max - s.min;
      return [clamped(s.direction === "higher-better" ? `(a0 - ${n(s.min)}) / ${n(span)}` : `(${n(s.max)} - a0) / ${n(span)}`)];
    }
    case "passthrough": {
      const [lo, span] = passthroughRange(s.input, outOf, inputsById);
      return [clamped(`(a0 - ${n(lo)}) / ${n(span)}`)];
    }
    case "boolean":
      return [`su = a0 === true ? ${u(s.whenTrue)} : ${u(s.whenFalse)};`];
    case "lookup": {
      // A Map keeps the last row of a repeated value, as the closure's Map does.
      const table = new Map(s.table.map((r) => [r.value, r.score]));
      const rows = [...table].map(([value, score]) => `case ${jsLiteral(value)}: su = ${u(score)}; break;`);
      return ["switch (a0) {", ...rows, `default: ${s.otherwise === undefined ? "return undefined;" : `su = ${u(s.otherwise)};`}`, "}"];
    }
    case "bins": {
      const tests = s.bins.map((b) => {
        const lo = n(b.min ?? Number.NEGATIVE_INFINITY);
        const hi = n(b.max ?? Number.POSITIVE_INFINITY);
        const loOk = (b.minInclusive ?? true) ? `(a0 > ${lo} || a0 === ${lo})` : `a0 > ${lo}`;
        const hiOk = (b.maxInclusive ?? false) ? `(a0 < ${hi} || a0 === ${hi})` : `a0 < ${hi}`;
        return `if (${loOk} && ${hiOk}) su = ${u(b.score)};`;
      });
      return [tests.join(" else "), `else ${s.otherwise === undefined ? "return undefined;" : `su = ${u(s.otherwise)};`}`];
    }
    case "deduction": {
      const base = s.base;
      const offset = typeof base === "number" ? 0 : 1;
      const pick =
        typeof base === "number"
          ? n(base)
          : `${base.cases.map((c) => `a0 === ${jsLiteral(c.equals)} ? ${n(c.base)} : `).join("")}${n(base.otherwise)}`;
      const items = s.items.map((item, i) => {
        const cap = n(item.cap ?? Number.POSITIVE_INFINITY);
        return `q = a${i + offset} * ${n(item.points)}; w -= q < ${cap} ? q : ${cap};`;
      });
      const floor = n(s.floor ?? 0);
      return [`w = ${pick};`, ...items, `su = ${units(`w < ${floor} ? ${floor} : w`)};`];
    }
  }
}
