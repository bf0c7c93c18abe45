/**
 * The generated scoring kernel (生成的计分内核): a ruleset's input reading and indicator scoring
 * written out once, at compile time, as straight-line JavaScript with every input name and
 * constant fixed, so that the engine reads subjects' inputs through inline caches and folds the
 * scoring constants, as it does for a function written by hand.
 *
 * What reaches the generated text from the ruleset, and how:
 * - input ids, lookup keys and base-case values only as `JSON.stringify` string literals (a
 *   JSON string is a valid JavaScript string literal: no quote, backslash or line break
 *   survives it), booleans as `true`/`false`;
 * - numbers only through {@link jsNumber}, which accepts a `number` and writes its shortest
 *   round-tripping form (or `1/0`, `-0`);
 * - nothing else: identifiers, operators and statements come from this file alone. A value of
 *   any other type stops the generation (the caller then keeps the closures it compiled).
 *
 * The kernel does exactly what the closure path does (`_lean-grade.ts` and `_score-leaf.ts`):
 * the same floating-point operations in the same order, the same rounding ({@link unitsAt}),
 * and inputs read as own properties only. `test/codegen.test.ts` checks that results with and
 * without it are identical on every shipped ruleset and on generated rulesets and subjects.
 * Where `new Function` is refused (a Content-Security-Policy without `unsafe-eval`), no kernel is
 * built and the closures are used.
 * @module
 */
import { type RoundingPolicy, toUnits, unitsAt } from "./rounding.js";
import type { InputDef, ScoringDef } from "./ruleset-schema.js";
import { isIsoDate } from "./date.js";
import { RECORD_SEVERITIES, type RecordFieldDef, type RecordTypeDef } from "./record.js";
import { passthroughRange } from "./scoring.js";
import type { BoundLeaf } from "./_score-leaf.js";

/** The generated reading and checking of a ruleset's declared inputs. */
export interface InputKernel {
  /**
   * Reads the declared inputs into `iv` by their fixed names (own properties only). Returns
   * false, having read nothing, when the inputs object's prototype is neither `Object.prototype`
   * nor `null`: the caller then reads them itself.
   */
  readonly readInputs: (inputs: Readonly<Record<string, unknown>>, iv: unknown[]) => boolean;
  /**
   * Reads the declared inputs into `iv` as {@link InputKernel.readInputs} does and checks them:
   * true when every declared input is absent-and-optional or fits its declaration. False says
   * only "look closer": the caller then runs the full check, which finds and words each issue.
   */
  readonly checkInputs: (inputs: Readonly<Record<string, unknown>>, iv: unknown[]) => boolean;
  /** The generated source text, for audits and tests. */
  readonly source: string;
}

/** The generated indicator scoring of one compiled ruleset. */
export interface ScoringKernel {
  /**
   * Scores every indicator leaf: returns the total in units (the scale's minimum plus every
   * contribution) and writes each leaf's points lost (in units) to `lost`; returns `undefined`
   * when the subject cannot be scored (a missing input of a not-gradable leaf, no bin or row).
   */
  readonly score: (iv: readonly unknown[], dv: readonly unknown[], inputs: Readonly<Record<string, unknown>>, lost: Float64Array) => number | undefined;
  /** The generated source text, for audits and tests. */
  readonly source: string;
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

const READ_DEPS = { OP: Object.prototype, getProto: Object.getPrototypeOf, hasOwn: Object.hasOwn, isFin: Number.isFinite, isInt: Number.isInteger };

/**
 * Generates the reading and checking of a ruleset's declared inputs.
 * @param inputs - The declared inputs, in declaration order.
 * @returns The kernel, or `undefined` when code cannot be generated here (`new Function` refused).
 * @example
 * const k = generateInputKernel([{ id: "n", type: "number", min: 0 }]);
 * k?.checkInputs({ n: -1 }, []); //=> false
 */
export function generateInputKernel(inputs: readonly InputDef[]): InputKernel | undefined {
  const source = inputKernelSource(inputs);
  const k = build<Omit<InputKernel, "source">>(source, READ_DEPS);
  return k && { readInputs: k.readInputs, checkInputs: k.checkInputs, source };
}

/**
 * The input kernel's source text (the body of a function of `OP`, `getProto`, `hasOwn`,
 * `isFin` and `isInt`).
 * @param inputs - The declared inputs.
 * @returns The source.
 * @example
 * inputKernelSource([{ id: "n", type: "boolean" }]).includes('o["n"]'); //=> true
 */
export function inputKernelSource(inputs: readonly InputDef[]): string {
  // Own properties only. The object's prototype is Object.prototype or null (checked first), so
  // a name Object.prototype does not have can only be an own property; for a name it has (a
  // member such as "toString", or a polluted prototype) the own-property test decides, and a
  // getter on the prototype is never invoked.
  const reads = inputs.map((def, i) => {
    const name = jsLiteral(def.id);
    return `v = (${name} in OP) ? (hasOwn(o, ${name}) ? o[${name}] : undefined) : o[${name}]; iv[${i}] = v;`;
  });
  const checks = inputs.map((def, i) => {
    const absent = def.required === true ? "return false;" : "";
    return [reads[i]!, `if (v === undefined || v === null) { ${absent} } else {`, ...inputTest(def).map((t) => `  ${t}`), "}"];
  });
  const prologue = ["  const p = getProto(o);", "  if (p !== OP && p !== null) return false;", "  let v;"];
  return [
    '"use strict";',
    "function readInputs(o, iv) {",
    ...prologue,
    ...reads.map((r) => `  ${r}`),
    "  return true;",
    "}",
    "function checkInputs(o, iv) {",
    ...prologue,
    ...checks.flat().map((r) => `  ${r}`),
    "  return true;",
    "}",
    "return { readInputs, checkInputs };",
  ].join("\n");
}

// The statements returning false when a present value does not fit its declaration: the
// conditions of compileInputCheck (subject.ts), in the same order.
function inputTest(def: InputDef): string[] {
  switch (def.type) {
    case "number":
    case "score": {
      const tests = ['typeof v !== "number"', "!isFin(v)"];
      if (def.type === "number" && def.integer === true) tests.push("!isInt(v)");
      if (def.min !== undefined) tests.push(`v < ${jsNumber(def.min)}`);
      if (def.max !== undefined) tests.push(`v > ${jsNumber(def.max)}`);
      return [`if (${tests.join(" || ")}) return false;`];
    }
    case "boolean":
      return ['if (typeof v !== "boolean") return false;'];
    case "category":
      return [
        'if (typeof v !== "string") return false;',
        def.values.length === 0 ? "return false;" : `switch (v) { ${def.values.map((x) => `case ${jsLiteral(x)}:`).join(" ")} break; default: return false; }`,
      ];
  }
}

/**
 * Generates the check of one credit record against the declared record types, for rulesets that
 * are not strict (a strict ruleset also lists unknown fields: the full check runs). The check
 * returns true when the full check (subject.ts) would find no issue in the record but, possibly,
 * a duplicate id (which depends on the other records and is left to the caller); false says
 * only "look closer".
 * @param types - The declared record types.
 * @returns The check, or `undefined` when code cannot be generated here.
 * @example
 * const ok = generateRecordCheck([{ id: "penalty", name: { zh: "行政处罚", en: "penalty" } }]);
 * ok?.({ id: "p1", type: "penalty", date: "2025-01-02" }); //=> true
 */
export function generateRecordCheck(types: readonly RecordTypeDef[]): ((record: unknown) => boolean) | undefined {
  return build<(record: unknown) => boolean>(recordCheckSource(types), { ...READ_DEPS, isArray: Array.isArray, isIsoDate });
}

/**
 * The record check's source text (see {@link generateRecordCheck}).
 * @param types - The declared record types.
 * @returns The source.
 * @example
 * recordCheckSource([]).includes("isIsoDate(r.date)"); //=> true
 */
export function recordCheckSource(types: readonly RecordTypeDef[]): string {
  // A type declared twice: the full check's Map keeps the last declaration.
  const cases = [...new Map(types.map((t) => [t.id, t])).values()].map((t) => {
    const lines = [`case ${jsLiteral(t.id)}:`];
    if (t.severity === "required") lines.push("  if (sev === undefined || sev === null) return false;");
    for (const f of t.fields ?? []) {
      const name = jsLiteral(f.id);
      lines.push(
        `  v = hasOwn(r, ${name}) ? r[${name}] : undefined;`,
        `  if (v === undefined || v === null) { ${f.required === true ? "return false;" : ""} } else {`,
        ...fieldTest(f).map((x) => `    ${x}`),
        "  }",
      );
    }
    lines.push("  break;");
    return lines;
  });
  const severities = RECORD_SEVERITIES.map((x) => `sev !== ${jsLiteral(x)}`).join(" && ");
  return [
    '"use strict";',
    "return function checkRecord(r) {",
    "  if (r === null || typeof r !== \"object\" || isArray(r)) return false;",
    "  const id = r.id; if (typeof id !== \"string\" || id === \"\") return false;",
    "  const t = r.type; if (typeof t !== \"string\" || t === \"\") return false;",
    "  if (!isIsoDate(r.date)) return false;",
    "  let v;",
    ...["repairedAt", "revokedAt", "publicUntil"].map((k) => `  v = r.${k}; if (v !== undefined && v !== null && !isIsoDate(v)) return false;`),
    "  const sev = r.severity;",
    `  if (sev !== undefined && sev !== null && ${severities}) return false;`,
    '  if (hasOwn(r, "__proto__") || hasOwn(r, "constructor") || hasOwn(r, "prototype")) return false;',
    "  switch (t) {",
    ...cases.flat().map((x) => `  ${x}`),
    "  }",
    "  return true;",
    "};",
  ].join("\n");
}

// The statements returning false when a present field value does not fit its declaration
// (compileFieldCheck in subject.ts).
function fieldTest(f: RecordFieldDef): string[] {
  switch (f.type) {
    case "number":
    case "boolean":
      return inputTest({ id: f.id, type: f.type });
    case "category":
      return inputTest({ id: f.id, type: "category", values: f.values ?? [] });
    case "date":
      return ["if (!isIsoDate(v)) return false;"];
    case "string":
      return ['if (typeof v !== "string") return false;'];
  }
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
  const source = kernelSource(plan);
  const k = build<Omit<ScoringKernel, "source">>(source, { hasOwn: Object.hasOwn, UA: unitsAt });
  return k && { score: k.score, source };
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
