/**
 * The generated scoring kernel (src/_kernel.ts) against the closures it replaces: a ruleset
 * compiled with code generation (the default) and with `{ codegen: false }` gives identical
 * outcomes (results or errors) from `grade` and `evaluate`, validated or not, on the shipped
 * rulesets, the fixtures, the benchmark ruleset and generated rulesets and subjects; ruleset
 * content cannot inject code; inherited properties are never read as inputs; and where
 * `new Function` is refused the closures are used with the same results.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type CompiledRuleset,
  compileRuleset,
  type InputDef,
  type Ruleset,
  type ScoringDef,
  validateRuleset,
} from "../src/index.js";
import { lit } from "../src/engine/codegen/code.js";

const jsNumber = (x: unknown): string => lit(x as number).text;
const jsLiteral = (x: unknown): string => lit(x as string).text;
import { type RoundingMode, toUnits, unitsAt } from "../src/base/rounding.js";
import { benchRuleset } from "../bench/ruleset.js";
import { generatePopulation } from "../bench/population.js";
import { bundledSubjects, clone, industryRuleset, labelsRuleset, recordsRuleset, shippedRulesets, weightsRuleset } from "./fixtures.js";

const shipped = shippedRulesets();
const subjects = bundledSubjects();
const bench = benchRuleset as unknown as Ruleset;
const allDocs: { name: string; doc: Ruleset }[] = [
  ...shipped,
  { name: "fixture weights", doc: weightsRuleset() },
  { name: "fixture industry", doc: industryRuleset() },
  { name: "fixture records", doc: recordsRuleset() },
  { name: "fixture labels", doc: labelsRuleset() },
  { name: "bench", doc: bench },
];

// ---------------------------------------------------------------- outcomes and comparison

type Outcome = { ok: true; value: unknown } | { ok: false; error: { name: string; code: unknown; message: string } };

/** A call's result, or the error it threw (class name, code and message). */
function outcome(f: () => unknown): Outcome {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (e instanceof Error) return { ok: false, error: { name: e.constructor.name, code: (e as { code?: unknown }).code, message: e.message } };
    return { ok: false, error: { name: typeof e, code: undefined, message: String(e) } };
  }
}

/**
 * Structural equality with `Object.is` on primitives (so -0 ≠ 0 and NaN = NaN), the same
 * prototypes and the same own enumerable keys (an `undefined` property is not an absent one).
 */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.hasOwn(b, k) || !same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

interface Mode {
  readonly method: "grade" | "evaluate";
  readonly validate: boolean;
  readonly maxReasons?: number;
}
const MODES: readonly Mode[] = [
  { method: "grade", validate: true },
  { method: "grade", validate: false },
  { method: "evaluate", validate: true },
  { method: "evaluate", validate: false },
];
/** The modes, and every indicator's points lost as reason codes (the kernel writes them). */
const MODES_ALL_REASONS: readonly Mode[] = [...MODES, { method: "grade", validate: false, maxReasons: 100 }, { method: "evaluate", validate: true, maxReasons: 100 }];

function run(c: CompiledRuleset, mode: Mode, subject: unknown, asOf: string): Outcome {
  const options = { asOf, allowOutOfEffect: true, ...(mode.validate ? {} : { validate: false }), ...(mode.maxReasons !== undefined ? { maxReasons: mode.maxReasons } : {}) };
  return outcome(() => (mode.method === "grade" ? c.grade(subject, options) : c.evaluate(subject, options)));
}

interface Disagreement {
  readonly mode: string;
  readonly asOf: string;
  readonly subject: unknown;
  readonly codegen: Outcome;
  readonly closures: Outcome;
}

/** Runs both compilations on every subject, date and mode; returns the first few disagreements. */
function disagreements(withKernel: CompiledRuleset, withClosures: CompiledRuleset, list: readonly unknown[], dates: readonly string[], modes = MODES): Disagreement[] {
  const out: Disagreement[] = [];
  for (const asOf of dates) {
    for (const subject of list) {
      for (const mode of modes) {
        const a = run(withKernel, mode, subject, asOf);
        const b = run(withClosures, mode, subject, asOf);
        if (!same(a, b)) {
          out.push({ mode: `${mode.method}${mode.validate ? "" : " validate:false"}${mode.maxReasons !== undefined ? ` maxReasons:${mode.maxReasons}` : ""}`, asOf, subject, codegen: a, closures: b });
          if (out.length >= 3) return out;
        }
      }
    }
  }
  return out;
}

/** Both compilations of a document. */
function both(doc: unknown): [withKernel: CompiledRuleset, withClosures: CompiledRuleset] {
  return [compileRuleset(doc), compileRuleset(doc, undefined, { codegen: false })];
}

/** How many outcomes of a list are results (not errors) and how many of those are graded. */
function tally(c: CompiledRuleset, list: readonly unknown[], asOf: string, validate = true): { ok: number; graded: number } {
  let ok = 0;
  let graded = 0;
  for (const s of list) {
    const o = run(c, { method: "grade", validate }, s, asOf);
    if (o.ok) {
      ok++;
      if ((o.value as { gradable: boolean }).gradable) graded++;
    }
  }
  return { ok, graded };
}

describe("outcome comparison", () => {
  it("tells -0 from 0, NaN from null, an absent key from an undefined one and errors apart", () => {
    expect(same({ a: [1, { b: Number.NaN }] }, { a: [1, { b: Number.NaN }] })).toBe(true);
    expect(same({ a: 0 }, { a: -0 })).toBe(false);
    expect(same({ a: Number.NaN }, { a: null })).toBe(false);
    expect(same({ a: undefined }, {})).toBe(false);
    expect(same([1, 2], [1, 2, 3])).toBe(false);
    expect(same(Object.create(null), {})).toBe(false);
    expect(same(outcome(() => { throw new TypeError("x"); }), outcome(() => { throw new RangeError("x"); }))).toBe(false);
  });
});

// ---------------------------------------------------------------- 1. shipped rulesets, fixtures, benchmark

describe("the kernel agrees with the closures on the shipped rulesets, the fixtures and the benchmark", () => {
  it("finds the shipped rulesets and the bundled subjects", () => {
    expect(shipped.length).toBeGreaterThanOrEqual(8);
    expect(subjects.length).toBeGreaterThanOrEqual(1000);
  });

  for (const { name, doc } of allDocs) {
    it(`${name}: codegen by default, closures on request, identical outcomes on every bundled subject`, () => {
      const [k, c] = both(doc);
      expect(k.codegen).toBe(true);
      expect(c.codegen).toBe(false);
      expect(k.ref).toEqual(c.ref);
      expect(disagreements(k, c, subjects, ["2025-12-31", doc.effective.from])).toEqual([]);
    });
  }

  it("some bundled subjects are graded and some rejected (the comparison is not vacuous)", () => {
    let graded = 0;
    let rejected = 0;
    for (const { doc } of allDocs) {
      const t = tally(compileRuleset(doc), subjects.slice(0, 300), "2025-12-31");
      graded += t.graded;
      rejected += 300 - t.ok;
    }
    expect(graded).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(0);
  });

  it("bench: identical outcomes on 2,000 benchmark subjects", () => {
    const [k, c] = both(bench);
    const population = generatePopulation(2000, "codegen-test");
    expect(disagreements(k, c, population, ["2025-12-31"], MODES_ALL_REASONS)).toEqual([]);
    const t = tally(k, population, "2025-12-31");
    expect(t.graded).toBeGreaterThan(1500);
  });
});

describe("computed inputs: the kernel agrees with the closures", () => {
  it("in every mode, on odd, missing, supplied and wrongly typed values (validate: false reads them unchecked)", () => {
    const doc = weightsRuleset();
    doc.inputs.push(
      { id: "complaints", type: "number" },
      { id: "orders", type: "number" },
      { id: "rate", type: "number", computed: "if(honoured, complaints * 1000 / orders, -max(orders, abs(complaints - 3)))", onZero: 4 },
      { id: "flag", type: "boolean", computed: { or: [{ gt: [{ ref: "rate" }, 10] }, { not: { ref: "honoured" } }] } },
    );
    (doc.indicators[0] as { children: unknown[] }).children.push({ id: "rateI", name: { zh: "比率", en: "rate" }, weight: 50, scoring: { type: "linear", input: "rate", min: 0, max: 10, direction: "lower-better" }, onMissing: "worst" });
    (doc.indicators[0] as { children: { weight: number }[] }).children[0]!.weight = 50;
    doc.rules = [{ id: "cap", conditions: { all: [{ fact: "flag", operator: "equal", value: true }] }, effect: { type: "cap", grade: "C" }, reason: { zh: "风险", en: "risky" }, legalBasis: "test" }];
    const values: unknown[] = [0, -0, 1, 3, 1e308, -1e308, 1e-320, Number.NaN, null, undefined, "7", true, false, [], {}];
    const list: unknown[] = [];
    for (const complaints of values) for (const orders of [0, 2, -1e308, null, "x"]) for (const honoured of [true, false, undefined, 1]) list.push({ id: "S", inputs: { years: 3, penalties: 0, complaints, orders, honoured } });
    list.push({ id: "S", inputs: { years: 3, penalties: 0, rate: 1 } }, { id: "S", inputs: { years: 3, penalties: 0, rate: undefined } });
    const [a, b] = both(doc);
    expect(disagreements(a, b, list, ["2025-12-31"])).toEqual([]);
    // Not vacuous: both graded and rejected subjects, and the cap fired on some.
    const t = tally(a, list, "2025-12-31");
    expect(t.ok).toBeGreaterThan(0);
    expect(t.ok).toBeLessThan(list.length);
    expect(list.some((x) => run(a, MODES[0]!, x, "2025-12-31").ok && (a.grade(x, { asOf: "2025-12-31" }).grade === "C"))).toBe(true);
  });
});

// ---------------------------------------------------------------- 2. generated rulesets

const MODES_ROUNDING: readonly RoundingMode[] = ["half-up", "half-even", "down", "up"];

/** Strings that would break out of a string literal, a comment or a template if pasted into code. */
const HOSTILE: readonly string[] = [
  '"',
  "\\",
  "\\\\",
  "'",
  "\n",
  "\r\n",
  "\r",
  "\u2028",
  "\u2029",
  "*/",
  "/*",
  "//",
  "${1}",
  "`",
  "`${globalThis.__pwned = 1}`",
  "</script>",
  "<!--",
  "-->",
  '"); globalThis.__pwned = 1; ("',
  "'); globalThis.__pwned = 1; ('",
  '\\"); globalThis.__pwned = 1; //',
  "*/ globalThis.__pwned = 1; /*",
  "\n globalThis.__pwned = 1; //",
  "\u2028globalThis.__pwned = 1;//",
  '": globalThis.__pwned = 1; case "',
  "\0",
  "\ud800",
  "\udfff\ud800",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "NaN",
  "1/0",
  "-0",
];

/** Input ids that are also names of `Object.prototype` properties, and other legal odd ids. */
const ODD_IDS: readonly string[] = ["toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "constructor", "prototype", "a.b", "x-y_z", "Z9", "propertyIsEnumerable", "toLocaleString"];

const frac = fc.oneof(
  { arbitrary: fc.constantFrom(0, 1, 0.5, 0.25, 0.1, 0.3, 1 / 3), weight: 2 },
  { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 },
);
const edge = fc.oneof(
  { arbitrary: fc.integer({ min: -5, max: 15 }), weight: 4 },
  { arbitrary: fc.constantFrom(0.1, 0.2, 0.3, 2.5, 1e-7, 99.995, -0), weight: 1 },
  { arbitrary: fc.double({ min: -1000, max: 1000, noNaN: true }), weight: 1 },
);
const category = fc.oneof(
  { arbitrary: fc.constantFrom("gold", "silver", "A", "B", "绿", "无"), weight: 3 },
  { arbitrary: fc.constantFrom(...HOSTILE), weight: 2 },
  { arbitrary: fc.string({ minLength: 1, maxLength: 5, unit: "binary" }), weight: 1 },
);
const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ minLength: 1, maxLength: 8, unit: "binary" }));

/** A number input's declaration (without id). */
const numberInput = fc.record(
  { min: fc.option(fc.constantFrom(0, -10, 1), { nil: undefined }), max: fc.option(fc.constantFrom(10, 100, 1000), { nil: undefined }), integer: fc.option(fc.boolean(), { nil: undefined }) },
  { requiredKeys: [] },
);
const scoreInput = fc.constantFrom({ min: 0, max: 100 }, { min: -10, max: 10 }, { min: 0, max: 5 }, { min: 300, max: 1000 }, { min: 0.5, max: 0.75 });

type InputSpec =
  | { type: "number"; min?: number | undefined; max?: number | undefined; integer?: boolean | undefined }
  | { type: "score"; min: number; max: number }
  | { type: "boolean" }
  | { type: "category"; values: string[] }
  | { type: "fact"; fact: string };

type Frac = number;
type ScoringSpec =
  | { type: "linear"; input: InputSpec; a: number; b: number; direction: "higher-better" | "lower-better" }
  | { type: "passthrough"; input: InputSpec & { type: "score" } }
  | { type: "boolean"; input: InputSpec; whenTrue: Frac; whenFalse: Frac }
  | { type: "lookup"; input: InputSpec & { type: "category" }; rows: { pick: number; score: Frac }[]; otherwise?: Frac | undefined }
  | {
      type: "bins";
      input: InputSpec;
      bins: { lo?: number | undefined; hi?: number | undefined; loIn?: boolean | undefined; hiIn?: boolean | undefined; score: Frac; label?: string | undefined }[];
      otherwise?: Frac | undefined;
    }
  | {
      type: "deduction";
      base: Frac | { input: InputSpec & { type: "boolean" | "category" }; cases: { pick: number; base: Frac }[]; otherwise: Frac };
      items: { input: InputSpec; points: number; cap?: number | undefined; label?: string | undefined }[];
      floor?: Frac | undefined;
    };

const FACTS = ["penaltiesMinor3y", "penaltiesGeneral3y", "penaltiesSerious3y", "penaltyAmount3y", "commitmentsDue", "commitmentsHonoured", "honourRate"];
const numeric: fc.Arbitrary<InputSpec> = fc.oneof(
  { arbitrary: numberInput.map((n) => ({ type: "number" as const, ...n })), weight: 4 },
  { arbitrary: fc.constantFrom(...FACTS).map((fact) => ({ type: "fact" as const, fact })), weight: 1 },
);
const linearInput: fc.Arbitrary<InputSpec> = fc.oneof(numeric, scoreInput.map((s) => ({ type: "score" as const, ...s })));
const categoryInput = fc.uniqueArray(category, { minLength: 1, maxLength: 5 }).map((values) => ({ type: "category" as const, values }));
const booleanInput = fc.constant({ type: "boolean" as const });

const scoringSpec: fc.Arbitrary<ScoringSpec> = fc.oneof(
  fc.record({ type: fc.constant("linear" as const), input: linearInput, a: edge, b: edge, direction: fc.constantFrom("higher-better" as const, "lower-better" as const) }),
  fc.record({ type: fc.constant("passthrough" as const), input: scoreInput.map((s) => ({ type: "score" as const, ...s })) }),
  fc.record({ type: fc.constant("boolean" as const), input: booleanInput, whenTrue: frac, whenFalse: frac }),
  fc.record(
    {
      type: fc.constant("lookup" as const),
      input: categoryInput,
      rows: fc.array(fc.record({ pick: fc.nat(), score: frac }), { minLength: 1, maxLength: 5 }),
      otherwise: frac,
    },
    { requiredKeys: ["type", "input", "rows"] },
  ),
  fc.record(
    {
      type: fc.constant("bins" as const),
      input: numeric,
      bins: fc.array(
        fc.record(
          { lo: edge, hi: edge, loIn: fc.boolean(), hiIn: fc.boolean(), score: frac, label: text },
          { requiredKeys: ["score"] },
        ),
        { minLength: 1, maxLength: 4 },
      ),
      otherwise: frac,
    },
    { requiredKeys: ["type", "input", "bins"] },
  ),
  fc.record(
    {
      type: fc.constant("deduction" as const),
      base: fc.oneof(
        frac,
        fc.record({
          input: fc.oneof(booleanInput, categoryInput),
          cases: fc.array(fc.record({ pick: fc.nat(), base: frac }), { minLength: 1, maxLength: 3 }),
          otherwise: frac,
        }),
      ),
      items: fc.array(
        fc.record(
          {
            input: numeric,
            points: fc.oneof(fc.constantFrom(1, 2, 5, 10, 0.5, 0.1), fc.double({ min: 1e-3, max: 50, noNaN: true })),
            cap: fc.oneof(fc.constantFrom(1, 5, 20, 0.3), fc.double({ min: 1e-3, max: 200, noNaN: true })),
            label: text,
          },
          { requiredKeys: ["input", "points"] },
        ),
        { minLength: 1, maxLength: 3 },
      ),
      floor: frac,
    },
    { requiredKeys: ["type", "base", "items"] },
  ),
);

interface LeafSpec {
  scoring: ScoringSpec;
  outOf?: number | undefined;
  onMissing: "default" | "worst" | "not-gradable" | "impute";
  impute: number;
  name: string;
}
const leafSpec: fc.Arbitrary<LeafSpec> = fc.record(
  {
    scoring: scoringSpec,
    outOf: fc.constantFrom(1, 5, 10, 100, 7.5, 0.3, 1000, 33.3),
    onMissing: fc.constantFrom("default" as const, "worst" as const, "not-gradable" as const, "impute" as const),
    impute: fc.nat(),
    name: text,
  },
  { requiredKeys: ["scoring", "onMissing", "impute", "name"] },
);

// Rules: conditions over inputs, derived facts and built-in facts, with every operator (some
// decorated), literal values of every JSON type (hostile strings, -0, 1e21, arrays, objects),
// fact references, paths and named conditions; every effect type.
const OPS = ["equal", "notEqual", "in", "notIn", "contains", "doesNotContain", "lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive", "withinLast", "notWithinLast", "before", "onOrBefore", "after", "onOrAfter"] as const;
const DURATION_OPS = new Set(["withinLast", "notWithinLast"]);
const DATE_OPS = new Set(["before", "onOrBefore", "after", "onOrAfter"]);
const literal: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(0, -0, 1, 2, 2.5, 3, 10, 50, 60, 75, 90, 100, 1e21, -1e-7, 0.1 + 0.2, 100000, -1, Number.MAX_VALUE, 5e-324), weight: 4 },
  { arbitrary: fc.constantFrom(...HOSTILE), weight: 2 },
  { arbitrary: fc.constantFrom("A", "B", "C", "E", "gold", "x", "2025-06-30", "2024-02-29", "P3Y", "", "5", "91310110666007217T"), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 1 },
);
type ValueSpec = { k: "lit"; v: unknown } | { k: "docString"; pick: number } | { k: "ref"; pick: number; path?: string | undefined } | { k: "arr"; items: ValueSpec[] };
const scalarValue: fc.Arbitrary<ValueSpec> = fc.oneof(
  { arbitrary: literal.map((v): ValueSpec => ({ k: "lit", v })), weight: 3 },
  { arbitrary: fc.nat().map((pick): ValueSpec => ({ k: "docString", pick })), weight: 2 },
);
const PATHS = ["$.length", "$[0]", "$.a", "$['b c']", "$.amount", "$.severity"] as const;
const valueSpec: fc.Arbitrary<ValueSpec> = fc.oneof(
  { arbitrary: scalarValue, weight: 6 },
  { arbitrary: fc.record({ pick: fc.nat(), path: fc.constantFrom(...PATHS) }, { requiredKeys: ["pick"] }).map((r): ValueSpec => ({ k: "ref", ...r })), weight: 1 },
  { arbitrary: fc.array(scalarValue, { maxLength: 4 }).map((items): ValueSpec => ({ k: "arr", items })), weight: 2 },
  { arbitrary: fc.constantFrom<ValueSpec>({ k: "lit", v: { a: 1 } }, { k: "lit", v: [[1], { a: 1 }] }, { k: "lit", v: [null, -0, true] }), weight: 1 },
);
type CondSpec =
  | { k: "leaf"; fact: number; op: string; value: ValueSpec; path?: string | undefined }
  | { k: "all" | "any"; of: CondSpec[] }
  | { k: "not"; of: CondSpec }
  | { k: "named"; pick: number };
const opSpec = fc.oneof(
  { arbitrary: fc.constantFrom<string>(...OPS), weight: 8 },
  { arbitrary: fc.tuple(fc.constantFrom("not", "swap", "someValue", "everyFact", "someFact", "everyValue"), fc.constantFrom(...OPS)).map(([d, o]) => `${d}:${o}`), weight: 1 },
);
const condLeaf: fc.Arbitrary<CondSpec> = fc
  .record({ fact: fc.nat(), op: opSpec, value: valueSpec, path: fc.constantFrom(...PATHS) }, { requiredKeys: ["fact", "op", "value"] })
  .map((r): CondSpec => ({ k: "leaf", ...r }));
const condSpec: fc.Arbitrary<CondSpec> = fc.letrec<{ cond: CondSpec }>((tie) => ({
  cond: fc.oneof(
    { maxDepth: 3, depthSize: "small" },
    { arbitrary: condLeaf, weight: 5 },
    { arbitrary: fc.record({ k: fc.constantFrom("all" as const, "any" as const), of: fc.array(tie("cond"), { minLength: 1, maxLength: 3 }) }), weight: 2 },
    { arbitrary: fc.record({ k: fc.constant("not" as const), of: tie("cond") }), weight: 1 },
    { arbitrary: fc.record({ k: fc.constant("named" as const), pick: fc.nat() }), weight: 1 },
  ),
})).cond;
const effectSpec = fc.oneof(
  fc.record({ type: fc.constantFrom("set-grade" as const, "cap" as const, "floor" as const), grade: fc.constantFrom("A" as const, "B" as const, "C" as const, "D" as const, "E" as const) }),
  fc.record({ type: fc.constant("adjust-points" as const), points: fc.constantFrom(-10, -0.5, 5, 0.125, 33.3, -1e-3) }),
  fc.constant({ type: "not-gradable" as const }),
);
const rulesSpec = fc.record({
  named: fc.array(fc.record({ id: fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ minLength: 1, maxLength: 4 })), cond: condSpec }), { maxLength: 2 }),
  rules: fc.array(fc.record({ cond: condSpec, effect: effectSpec, reason: text }), { maxLength: 4 }),
});

/** Builds the named conditions and rules of a document from their specs (see rulesSpec). */
function buildRules(spec: typeof rulesSpec extends fc.Arbitrary<infer T> ? T : never, facts: readonly string[], strings: readonly string[]): { conditions: unknown[]; rules: unknown[] } {
  const names: { id: string; readsScore: boolean }[] = [];
  const SCORE = new Set(["score", "scoreGrade"]);
  const build = (c: CondSpec, noScore: boolean, namedBefore: number, reads: Set<string>): Record<string, unknown> => {
    const pool = noScore ? facts.filter((f) => !SCORE.has(f)) : facts;
    const value = (v: ValueSpec): unknown => {
      switch (v.k) {
        case "lit":
          return v.v;
        case "docString":
          return strings[v.pick % strings.length];
        case "ref": {
          const fact = pool[v.pick % pool.length]!;
          reads.add(fact);
          return v.path === undefined ? { fact } : { fact, path: v.path };
        }
        case "arr":
          return v.items.map(value);
      }
    };
    switch (c.k) {
      case "leaf": {
        const fact = pool[c.fact % pool.length]!;
        reads.add(fact);
        let v = value(c.value);
        const decorated = c.op.includes(":");
        const isRef = v !== null && typeof v === "object" && !Array.isArray(v) && Object.hasOwn(v, "fact");
        if (!decorated && !isRef) {
          // The few values the checks refuse outright are replaced by ones of the right form.
          if (DURATION_OPS.has(c.op)) v = ["P3Y", "P1M", "P0D", "P10D"][c.fact % 4];
          if (DATE_OPS.has(c.op)) v = ["2025-06-30", "2024-02-29", "2021-01-01"][c.fact % 3];
          if ((c.op === "in" || c.op === "notIn") && !Array.isArray(v)) v = [v];
        }
        return { fact, operator: c.op, value: v, ...(c.path !== undefined ? { path: c.path } : {}) };
      }
      case "all":
      case "any":
        return { [c.k]: c.of.map((x) => build(x, noScore, namedBefore, reads)) };
      case "not":
        return { not: build(c.of, noScore, namedBefore, reads) };
      case "named": {
        const usable = names.slice(0, namedBefore).filter((n) => !(noScore && n.readsScore));
        if (usable.length === 0) return { fact: pool[c.pick % pool.length]!, operator: "equal", value: null };
        return { condition: usable[c.pick % usable.length]!.id };
      }
    }
  };
  const top = (x: Record<string, unknown>): Record<string, unknown> => ("fact" in x ? { all: [x] } : x);
  const conditions: unknown[] = [];
  spec.named.forEach((n) => {
    if (names.some((m) => m.id === n.id)) return;
    const reads = new Set<string>();
    const body = build(n.cond, false, names.length, reads);
    const readsScore = [...reads].some((f) => SCORE.has(f)) || JSON.stringify(body).includes('"condition"');
    names.push({ id: n.id, readsScore });
    conditions.push({ id: n.id, conditions: body });
  });
  const rules = spec.rules.map((r, i) => ({
    id: `rule${i}`,
    reason: { zh: r.reason, en: r.reason },
    legalBasis: r.reason,
    conditions: top(build(r.cond, r.effect.type === "adjust-points", names.length, new Set())),
    effect: r.effect,
  }));
  return { conditions, rules };
}

const docSpec = fc.record({
  base: fc.constantFrom("weights" as const, "records" as const, "industry" as const),
  weighting: fc.constantFrom("points" as const, "weights" as const),
  scaleMin: fc.constantFrom(0, 0, -20, 300),
  width: fc.constantFrom(100, 100, 60, 1000, 7),
  rounding: fc.record({ scale: fc.integer({ min: 0, max: 4 }), mode: fc.constantFrom(...MODES_ROUNDING) }),
  shape: fc.array(
    fc.record({ w: fc.integer({ min: 1, max: 20 }), children: fc.option(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 3 }), { nil: undefined }) }),
    { minLength: 1, maxLength: 4 },
  ),
  leaves: fc.array(leafSpec, { minLength: 12, maxLength: 12 }),
  cuts: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 0, maxLength: 4 }),
  odd: fc.shuffledSubarray([...ODD_IDS]),
  labels: fc.array(text, { minLength: 5, maxLength: 5 }),
  // Extra labels per grade (several labels on one canonical grade), and which label each band
  // and each rule effect names (0: none, the grade's default).
  labelPlan: fc.array(fc.nat({ max: 2 }), { minLength: 5, maxLength: 5 }),
  labelPicks: fc.array(fc.nat({ max: 3 }), { minLength: 9, maxLength: 9 }),
  rules: rulesSpec,
  strictInputs: fc.option(fc.boolean(), { nil: undefined }),
  required: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
  uscc: fc.option(fc.constantFrom("strict" as const, "standard" as const, "lenient" as const), { nil: undefined }),
});

/** Builds a valid ruleset document from a spec (the few invalid combinations are filtered out later). */
type DocSpec = typeof docSpec extends fc.Arbitrary<infer T> ? T : never;

function buildDoc(spec: DocSpec): Ruleset {
  const base = spec.base === "records" ? recordsRuleset() : spec.base === "industry" ? industryRuleset() : weightsRuleset();
  const doc = clone(base) as Ruleset & Record<string, unknown>;
  const inputs: InputDef[] = spec.base === "records" ? [...doc.inputs] : spec.base === "industry" ? [doc.inputs[0]!] : [];
  const odd = [...spec.odd];
  let nextId = 0;
  const used = new Set(inputs.map((i) => i.id));
  const newId = (): string => {
    while (odd.length > 0) {
      const id = odd.shift()!;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
    let id: string;
    do id = `in${nextId++}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
  /** Declares an input for a spec (or names the derived fact) and returns its id and definition. */
  const declare = (s: InputSpec): { id: string; def: InputDef | undefined } => {
    if (s.type === "fact") return spec.base === "records" ? { id: s.fact, def: undefined } : declare({ type: "number", min: 0 });
    const id = newId();
    let def: InputDef;
    if (s.type === "number") {
      def = { id, type: "number" };
      if (s.min !== undefined) def.min = s.min;
      if (s.max !== undefined) def.max = s.max;
      if (s.integer !== undefined) def.integer = s.integer;
    } else if (s.type === "score") def = { id, type: "score", min: s.min, max: s.max };
    else if (s.type === "boolean") def = { id, type: "boolean" };
    else def = { id, type: "category", values: [...s.values] };
    inputs.push(def);
    return { id, def };
  };
  const total = spec.width;
  const target = spec.weighting === "points" ? total : 100;
  const split = (ws: readonly number[], t: number): number[] => {
    const sum = ws.reduce((a, b) => a + b, 0);
    return ws.map((w) => (t * w) / sum);
  };
  const key = spec.weighting === "points" ? "points" : "weight";
  let leafIndex = 0;
  const leaf = (amount: number, maxPoints: number): Record<string, unknown> => {
    const l = spec.leaves[leafIndex++]!;
    const outOf = l.outOf ?? (spec.weighting === "points" ? maxPoints : 100);
    const sc = (f: number): number => f * outOf;
    const s = l.scoring;
    let scoring: ScoringDef;
    let impute: unknown;
    const valueOf = (d: InputDef | undefined, n: number): unknown => {
      if (d === undefined) return n % 3;
      switch (d.type) {
        case "number":
          return Math.min(Math.max(n % 7, d.min ?? -Infinity), d.max ?? Infinity);
        case "score":
          return d.min + ((d.max - d.min) * (n % 5)) / 4;
        case "boolean":
          return n % 2 === 0;
        case "category":
          return d.values[n % d.values.length]!;
      }
    };
    switch (s.type) {
      case "linear": {
        const { id, def } = declare(s.input);
        const min = Math.min(s.a, s.b);
        const max = s.a === s.b ? s.a + 1 : Math.max(s.a, s.b);
        scoring = { type: "linear", input: id, min, max, direction: s.direction };
        impute = valueOf(def, l.impute);
        break;
      }
      case "passthrough": {
        const { id, def } = declare(s.input);
        scoring = { type: "passthrough", input: id };
        impute = valueOf(def, l.impute);
        break;
      }
      case "boolean": {
        const { id, def } = declare(s.input);
        scoring = { type: "boolean", input: id, whenTrue: sc(s.whenTrue), whenFalse: sc(s.whenFalse) };
        impute = valueOf(def, l.impute);
        break;
      }
      case "lookup": {
        const { id, def } = declare(s.input);
        const values = s.input.values;
        const seen = new Set<string>();
        const table = s.rows.flatMap((r) => {
          const value = values[r.pick % values.length]!;
          if (seen.has(value)) return [];
          seen.add(value);
          return [{ value, score: sc(r.score) }];
        });
        scoring = { type: "lookup", input: id, table, ...(s.otherwise !== undefined ? { otherwise: sc(s.otherwise) } : {}) };
        impute = valueOf(def, l.impute);
        break;
      }
      case "bins": {
        const { id, def } = declare(s.input);
        scoring = {
          type: "bins",
          input: id,
          bins: s.bins.map((b) => {
            const bin: { min?: number; max?: number; minInclusive?: boolean; maxInclusive?: boolean; score: number; label?: string } = { score: sc(b.score) };
            let lo = b.lo;
            let hi = b.hi;
            if (lo !== undefined && hi !== undefined && lo > hi) [lo, hi] = [hi, lo];
            if (lo !== undefined) bin.min = lo;
            if (hi !== undefined) bin.max = hi;
            if (b.loIn !== undefined) bin.minInclusive = b.loIn;
            if (b.hiIn !== undefined) bin.maxInclusive = b.hiIn;
            // A one-point bin must include its point.
            if (lo !== undefined && lo === hi) {
              bin.minInclusive = true;
              bin.maxInclusive = true;
            }
            if (b.label !== undefined) bin.label = b.label;
            return bin;
          }),
          ...(s.otherwise !== undefined ? { otherwise: sc(s.otherwise) } : {}),
        };
        impute = valueOf(def, l.impute);
        break;
      }
      case "deduction": {
        let baseDef: Extract<ScoringDef, { type: "deduction" }>["base"];
        const b = s.base;
        let caseInput: InputDef | undefined;
        if (typeof b === "number") baseDef = sc(b);
        else {
          const { id, def } = declare(b.input);
          caseInput = def;
          baseDef = {
            input: id,
            cases: b.cases.map((c) => ({ equals: b.input.type === "boolean" ? c.pick % 2 === 0 : b.input.values[c.pick % b.input.values.length]!, base: sc(c.base) })),
            otherwise: sc(b.otherwise),
          };
        }
        const items = s.items.map((item) => {
          const { id } = declare(item.input);
          return {
            input: id,
            points: item.points,
            ...(item.cap !== undefined ? { cap: item.cap } : {}),
            ...(item.label !== undefined ? { label: { zh: item.label, en: item.label }, code: item.label } : {}),
          };
        });
        scoring = { type: "deduction", base: baseDef, items, ...(s.floor !== undefined ? { floor: sc(s.floor) } : {}) };
        // An imputed value must fit every input the leaf reads: a small count fits every number input.
        impute = caseInput === undefined ? 1 + (l.impute % 3) : undefined;
        break;
      }
    }
    const node: Record<string, unknown> = { id: `ind${leafIndex}`, name: { zh: l.name, en: `indicator ${leafIndex}` }, [key]: amount, scoring };
    if (l.outOf !== undefined) node["outOf"] = l.outOf;
    if (l.onMissing === "worst" || l.onMissing === "not-gradable") node["onMissing"] = l.onMissing;
    if (l.onMissing === "impute" && impute !== undefined) node["onMissing"] = { impute };
    return node;
  };

  const indicators: Record<string, unknown>[] = [];
  let extra: Record<string, unknown> | undefined;
  let shape = spec.shape;
  let topTarget = target;
  let topTotal = total;
  if (spec.base === "industry") {
    // The public composite passthrough stays, with the largest share (the Hegang rule).
    const share = 0.5;
    const pcAmount = target * share;
    extra = { id: "public", name: { zh: "公共信用综合评价", en: "public composite" }, [key]: pcAmount, scoring: { type: "passthrough", input: "publicScore" } };
    topTarget = target - pcAmount;
    topTotal = total * (1 - share);
    shape = [{ w: 1, children: spec.shape.flatMap((n) => n.children ?? [n.w]).slice(0, 3) }];
  }
  const amounts = split(shape.map((n) => n.w), topTarget);
  shape.forEach((n, i) => {
    const amount = amounts[i]!;
    const maxPoints = spec.weighting === "points" ? amount : (topTotal * amount) / topTarget;
    if (n.children === undefined) indicators.push(leaf(amount, maxPoints));
    else {
      const childTarget = spec.weighting === "points" ? amount : 100;
      const childAmounts = split(n.children, childTarget);
      const children = childAmounts.map((a) => leaf(a, spec.weighting === "points" ? a : (maxPoints * a) / 100));
      indicators.push({ id: `grp${i}`, name: { zh: spec.labels[i % 5]!, en: `group ${i}` }, [key]: amount, children });
    }
  });
  if (extra !== undefined) indicators.unshift(extra);

  const scale = { min: spec.scaleMin, max: spec.scaleMin + spec.width };
  const cuts = [...new Set(spec.cuts.map((f) => Math.round(1 + f * (spec.width - 2))))].sort((a, b) => b - a);
  const grades = ["A", "B", "C", "D", "E"] as const;
  const edges = [spec.width, ...cuts, 0].map((x) => scale.min + x);
  const bands = edges.slice(0, -1).map((max, i) => ({ grade: grades[i]!, min: edges[i + 1]!, max }));
  inputs.forEach((d, i) => {
    if (spec.required[i % spec.required.length] === true && i % 3 === 0) d.required = true;
  });
  doc.inputs = inputs;
  if (spec.strictInputs !== undefined) doc.strictInputs = spec.strictInputs;
  if (spec.uscc !== undefined) doc.subjectId = { format: "uscc", mode: spec.uscc, allow: ["x"] };
  doc.indicators = indicators as unknown as Ruleset["indicators"];
  doc.weighting = spec.weighting;
  doc.scale = scale;
  doc.rounding = spec.rounding;
  const labels = grades.flatMap((grade, i) =>
    Array.from({ length: 1 + spec.labelPlan[i]! }, (_, k) => ({ grade, label: `${spec.labels[i]!}${grade}#${k}`, name: { zh: spec.labels[i]!, en: "x" } })),
  );
  const pickLabel = (grade: string, pick: number): { label?: string } => {
    const own = labels.filter((l) => l.grade === grade);
    return pick % (own.length + 1) === 0 ? {} : { label: own[(pick % (own.length + 1)) - 1]!.label };
  };
  doc.bands = bands.map((b, i) => ({ ...b, ...pickLabel(b.grade, spec.labelPicks[i]!) }));
  doc.labels = labels;
  doc.name = { zh: spec.labels[0]!, en: spec.labels[1]! };
  doc.effective = { from: "2025-01-01" };
  const facts = [...inputs.map((d) => d.id), ...(doc.facts ?? []).map((f) => f.id), "score", "scoreGrade", "asOf", "subjectId"];
  const strings = [...new Set(inputs.flatMap((d) => (d.type === "category" ? d.values : [d.id])))];
  const generated = buildRules(spec.rules, facts, strings.length > 0 ? strings : ["x"]);
  if (generated.conditions.length > 0) doc.conditions = [...(doc.conditions ?? []), ...(generated.conditions as NonNullable<Ruleset["conditions"]>)];
  (generated.rules as NonNullable<Ruleset["rules"]>).forEach((r, i) => {
    const e = r.effect;
    if (e.type === "set-grade" || e.type === "cap" || e.type === "floor") r.effect = { ...e, ...pickLabel(e.grade, spec.labelPicks[5 + (i % 4)]!) };
  });
  if (generated.rules.length > 0) doc.rules = [...(doc.rules ?? []), ...(generated.rules as NonNullable<Ruleset["rules"]>)];
  return doc;
}

const DATE = fc.integer({ min: Date.UTC(2021, 0, 1) / 86_400_000, max: Date.UTC(2026, 2, 31) / 86_400_000 }).map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));

/** Values no declared input accepts (strings in numeric inputs, NaN, ±Infinity, objects, arrays, …). */
const JUNK: readonly unknown[] = [
  "5",
  "abc",
  "",
  "0x10",
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  {},
  [],
  [3],
  ["gold"],
  true,
  false,
  1e308,
  -1e308,
  Number.MIN_VALUE,
  -0,
  Symbol("junk"),
  Object.create(null) as unknown,
  new Date(0),
  { valueOf: () => 7 },
];

/** Subjects for a generated ruleset: valid values and edges, null, absent keys, junk; records for the records base. */
function subjectFor(doc: Ruleset): fc.Arbitrary<unknown> {
  const edges = new Set<number>([0, -0, 1, -1, 0.5]);
  const walk = (nodes: readonly unknown[]): void => {
    for (const n of nodes as Record<string, unknown>[]) {
      if (Array.isArray(n["children"])) walk(n["children"] as unknown[]);
      const s = n["scoring"] as ScoringDef | undefined;
      if (s?.type === "linear") [s.min, s.max, (s.min + s.max) / 2].forEach((x) => edges.add(x));
      if (s?.type === "bins") for (const b of s.bins) [b.min, b.max].forEach((x) => x !== undefined && edges.add(x));
    }
  };
  walk(doc.indicators);
  const arbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const d of doc.inputs) {
    let valid: fc.Arbitrary<unknown>;
    switch (d.type) {
      case "number":
      case "score": {
        const lo = d.min ?? -50;
        const hi = d.max ?? 1000;
        valid = fc.oneof(
          fc.constantFrom(...[...edges, lo, hi].filter((x) => x >= lo && x <= hi)),
          Math.ceil(lo) <= Math.floor(hi) ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.constant(lo),
          fc.double({ min: lo, max: hi, noNaN: true }),
        );
        break;
      }
      case "boolean":
        valid = fc.boolean();
        break;
      case "category":
        valid = fc.oneof({ arbitrary: fc.constantFrom(...d.values), weight: 6 }, { arbitrary: category, weight: 1 });
        break;
    }
    arbs[d.id] = fc.oneof(
      { arbitrary: valid, weight: 40 },
      { arbitrary: fc.constant(null), weight: 1 },
      { arbitrary: fc.constant(undefined), weight: 1 },
      { arbitrary: fc.constantFrom(...JUNK), weight: 2 },
    );
  }
  // Records: mostly valid ones of the declared types, some faulty (bad dates, unknown types and
  // severities, wrong field types, missing or repeated ids, forbidden and undeclared keys).
  const junkRecord = fc.constantFrom<unknown>(
    { type: "penalty", date: "2025-13-01", severity: "minor", amount: 1 },
    { type: "penalty", date: "2025-02-01", severity: "bogus", amount: 1 },
    { type: "penalty", date: "2025-02-01", amount: "100" },
    { type: "undeclared", date: "2025-02-01" },
    { type: "", date: "2025-02-01" },
    { type: "commitment", date: "2025-02-01", due: "soon", honoured: "yes" },
    { type: "list-entry", date: "2025-02-01", list: '"); globalThis.__pwned = 1; ("' },
    { type: "penalty", date: "2025-02-01", severity: "general", amount: 10, repairedAt: "2025-02-30" },
    { type: "penalty", date: "2025-02-01", severity: "general", amount: 10, extra: 1 },
    JSON.parse('{"type":"penalty","date":"2025-02-01","severity":"minor","amount":1,"__proto__":{"amount":5}}'),
    JSON.parse('{"type":"penalty","date":"2025-02-01","severity":"minor","amount":1,"constructor":1}'),
    { noId: true, type: "penalty", date: "2025-02-01", severity: "minor", amount: 1 },
    { dupId: true, type: "penalty", date: "2025-02-01", severity: "minor", amount: 1 },
    5,
    null,
    "record",
    [],
  );
  const record = doc.records
    ? fc.oneof(
        { arbitrary: fc.record({ type: fc.constant("penalty"), date: DATE, severity: fc.constantFrom("minor", "general", "serious"), amount: fc.constantFrom(0, 5000, 100_000, 250_000) }), weight: 4 },
        { arbitrary: fc.record({ type: fc.constant("commitment"), date: DATE, due: DATE, honoured: fc.boolean() }), weight: 3 },
        { arbitrary: fc.record({ type: fc.constant("list-entry"), date: DATE, list: fc.constantFrom("serious-dishonesty", "abnormal-operation") }), weight: 2 },
        { arbitrary: fc.record({ type: fc.constant("penalty"), date: DATE, repairedAt: DATE, revokedAt: DATE, publicUntil: DATE, amount: fc.constant(1) }, { requiredKeys: ["type", "date", "amount"] }), weight: 1 },
        { arbitrary: junkRecord, weight: 1 },
      )
    : fc.constant(undefined);
  const withId = (r: unknown, i: number): unknown => {
    if (r === null || typeof r !== "object" || Array.isArray(r)) return r;
    const o = r as Record<string, unknown>;
    if (o["noId"] === true) return { ...o, noId: undefined };
    // Keep own keys such as "__proto__" from JSON.parse: copy the properties, then add the id.
    const out = Object.create(Object.getPrototypeOf(o) as object | null) as Record<string, unknown>;
    for (const k of Object.keys(o)) Object.defineProperty(out, k, { value: o[k], enumerable: true, writable: true, configurable: true });
    out["id"] = o["dupId"] === true ? "R0" : `R${i}`;
    return out;
  };
  const records = doc.records
    ? fc.oneof(
        { arbitrary: fc.array(record, { maxLength: 6 }).map((rs) => rs.map(withId)), weight: 12 },
        { arbitrary: fc.constantFrom<unknown>({}, "records", null), weight: 1 },
      )
    : fc.constant(undefined);
  const extraKeys = fc.oneof(
    { arbitrary: fc.constant("{}"), weight: 10 },
    { arbitrary: fc.constantFrom('{"__proto__": 1}', '{"constructor": 2}', '{"undeclared": 3}', '{"prototype": 0}', '{"toString": 1}'), weight: 2 },
  );
  return fc
    .record(
      {
        inputs: fc.record(arbs, { requiredKeys: [] }),
        records,
        nullProto: fc.boolean(),
        extra: extraKeys,
        id: fc.oneof(
          { arbitrary: fc.constant<unknown>("91310110666007217T"), weight: 10 },
          { arbitrary: fc.constantFrom<unknown>("91310110666007217X", '"); globalThis.__pwned = 1; ("', "x", "", 5), weight: 2 },
        ),
      },
      { requiredKeys: ["inputs", "nullProto", "id", "extra"] },
    )
    .map(({ inputs, records, nullProto, id, extra }) => {
      // `undefined` stands for an absent key; some subjects carry their inputs in a null-prototype object.
      const clean: Record<string, unknown> = nullProto ? (Object.create(null) as Record<string, unknown>) : {};
      for (const [k, v] of Object.entries(inputs)) if (v !== undefined) clean[k] = v;
      const more = JSON.parse(extra) as Record<string, unknown>;
      for (const k of Object.keys(more)) Object.defineProperty(clean, k, { value: more[k], enumerable: true, writable: true, configurable: true });
      return { id, inputs: clean, ...(records !== undefined ? { records } : {}) };
    });
}

describe("the kernel agrees with the closures on generated rulesets and subjects", () => {
  it("on every scoring type, missing-input treatment, weighting and rounding policy", () => {
    let compiled = 0;
    let graded = 0;
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        docSpec.map(buildDoc).chain((doc) => fc.tuple(fc.constant(doc), fc.array(subjectFor(doc), { minLength: 25, maxLength: 25 }), DATE)),
        ([doc, list, asOf]) => {
          const v = validateRuleset(doc);
          fc.pre(v.valid);
          const [k, c] = both(doc);
          expect(k.codegen).toBe(true);
          expect(c.codegen).toBe(false);
          compiled++;
          const ds = disagreements(k, c, list, [asOf], MODES_ALL_REASONS);
          if (ds.length > 0) throw new Error(`disagreement on ${JSON.stringify(doc)}:\n${String(ds.map((d) => JSON.stringify(d, (_k, x: unknown) => (typeof x === "bigint" || typeof x === "symbol" || (typeof x === "number" && !Number.isFinite(x)) || Object.is(x, -0) ? String(x) : x))))}`);
          graded += tally(k, list, asOf).graded;
          const walk = (nodes: readonly unknown[]): void => {
            for (const n of nodes as Record<string, unknown>[]) {
              if (Array.isArray(n["children"])) walk(n["children"] as unknown[]);
              const s = n["scoring"] as ScoringDef | undefined;
              if (s === undefined) continue;
              seen.add(s.type);
              const om = n["onMissing"];
              seen.add(`onMissing:${typeof om === "object" ? `impute ${typeof (om as { impute: unknown }).impute}` : String(om)}`);
              if (s.type === "linear") seen.add(`linear ${s.direction}`);
              if (s.type === "lookup") seen.add(`lookup otherwise ${s.otherwise !== undefined}`);
              if (s.type === "bins") {
                seen.add(`bins otherwise ${s.otherwise !== undefined}`);
                for (const b of s.bins) {
                  seen.add(`bin min ${b.min === undefined ? "absent" : b.minInclusive}`);
                  seen.add(`bin max ${b.max === undefined ? "absent" : b.maxInclusive}`);
                }
              }
              if (s.type === "deduction") {
                seen.add(`deduction base ${typeof s.base}`);
                seen.add(`deduction floor ${s.floor !== undefined}`);
                for (const i of s.items) seen.add(`deduction cap ${i.cap !== undefined}`);
              }
              if (n["outOf"] !== undefined) seen.add("outOf");
              const read = s.type === "deduction" ? s.items.map((i) => i.input) : [s.input];
              if (read.some((id) => (doc.facts ?? []).some((f) => f.id === id))) seen.add("derived fact as indicator input");
            }
          };
          walk(doc.indicators);
          seen.add(`${doc.weighting} ${doc.rounding.mode} ${doc.rounding.scale}`);
          for (const r of doc.rules ?? []) if (/^rule\d/.test(r.id)) seen.add(`effect ${r.effect.type}${"label" in r.effect && r.effect.label !== undefined ? " labelled" : ""}`);
          if (doc.bands.some((b) => b.label !== undefined)) seen.add("labelled band");
          if (doc.bands.some((b) => doc.labels!.filter((l) => l.grade === b.grade).length > 1)) seen.add("several labels on a banded grade");
          if ((doc.conditions ?? []).length > 1) seen.add("named conditions");
          if (doc.strictInputs === true) seen.add("strictInputs");
          if (doc.subjectId !== undefined) seen.add("subjectId");
          if (doc.inputs.some((d) => d.required === true)) seen.add("required input");
        },
      ),
      { numRuns: 220 },
    );
    expect(compiled).toBeGreaterThan(150);
    expect(graded).toBeGreaterThan(300);
    const wanted = [
      "linear",
      "linear higher-better",
      "linear lower-better",
      "passthrough",
      "boolean",
      "lookup otherwise true",
      "lookup otherwise false",
      "bins otherwise true",
      "bins otherwise false",
      "bin min absent",
      "bin min true",
      "bin min false",
      "bin min undefined",
      "bin max absent",
      "bin max true",
      "bin max false",
      "bin max undefined",
      "deduction base number",
      "deduction base object",
      "deduction floor true",
      "deduction floor false",
      "deduction cap true",
      "deduction cap false",
      "onMissing:worst",
      "onMissing:not-gradable",
      "onMissing:undefined",
      "onMissing:impute number",
      "onMissing:impute boolean",
      "onMissing:impute string",
      "outOf",
      "effect set-grade",
      "effect cap",
      "effect floor",
      "effect set-grade labelled",
      "effect cap labelled",
      "effect floor labelled",
      "labelled band",
      "several labels on a banded grade",
      "effect adjust-points",
      "effect not-gradable",
      "named conditions",
      "derived fact as indicator input",
      "strictInputs",
      "subjectId",
      "required input",
    ];
    for (const w of [...wanted, ...["points", "weights"].flatMap((wt) => MODES_ROUNDING.map((m) => `${wt} ${m}`))]) {
      expect([...seen].some((s) => s === w || s.startsWith(`${w} `)), w).toBe(true);
    }
    for (let scale = 0; scale <= 4; scale++) expect([...seen].some((s) => s.endsWith(` ${scale}`) && /^(points|weights) /.test(s)), `scale ${scale}`).toBe(true);
  });

  it("values JSON cannot carry (BigInt, Symbol, functions) in unvalidated inputs give the same outcome both ways", () => {
    // One ruleset with every scoring type, lookups with and without otherwise.
    const doc = industryRuleset();
    doc.inputs.push({ id: "flag", type: "boolean" }, { id: "count", type: "number", min: 0 }, { id: "tier", type: "category", values: ["x", "y"] });
    doc.indicators = [
      { id: "public", name: { zh: "公共", en: "public" }, points: 25, scoring: { type: "passthrough", input: "publicScore" } },
      { id: "lin", name: { zh: "线性", en: "linear" }, points: 10, scoring: { type: "linear", input: "complaints", min: 0, max: 5, direction: "lower-better" } },
      { id: "bins", name: { zh: "分档", en: "bins" }, points: 10, scoring: { type: "bins", input: "count", bins: [{ max: 1, score: 10 }, { min: 1, max: 3, score: 5 }] } },
      { id: "bool", name: { zh: "是否", en: "boolean" }, points: 10, scoring: { type: "boolean", input: "flag", whenTrue: 10, whenFalse: 2 } },
      { id: "lookupOtherwise", name: { zh: "查表", en: "lookup" }, points: 15, scoring: { type: "lookup", input: "tier", table: [{ value: "x", score: 15 }], otherwise: 1 } },
      { id: "lookup", name: { zh: "查表2", en: "lookup 2" }, points: 15, scoring: { type: "lookup", input: "level", table: [{ value: "gold", score: 15 }, { value: "silver", score: 5 }] } },
      {
        id: "ded",
        name: { zh: "扣分", en: "deduction" },
        points: 15,
        scoring: { type: "deduction", base: { input: "tier", cases: [{ equals: "x", base: 15 }], otherwise: 10 }, items: [{ input: "count", points: 2, cap: 6 }] },
      },
    ];
    const [k, c] = both(doc);
    expect(k.codegen).toBe(true);
    const valid = { publicScore: 80, complaints: 1, count: 0, flag: true, tier: "x", level: "gold" };
    const wrong: unknown[] = [];
    for (const id of Object.keys(valid)) {
      for (const junk of [10n, -0n, Symbol("s"), () => 1]) {
        const subject = { id: "x", inputs: { ...valid, [id]: junk } };
        for (const m of MODES.filter((x) => !x.validate)) {
          const a = run(k, m, subject, "2025-12-31");
          const b = run(c, m, subject, "2025-12-31");
          if (!same(a, b)) wrong.push({ input: id, value: String(junk), mode: m.method, codegen: a, closures: b });
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("a lookup table with a repeated value and a passthrough of a number input are refused alike with and without codegen", () => {
    const repeated = industryRuleset();
    const lookup = repeated.indicators[2] as { scoring: { table: { value: string; score: number }[] } };
    lookup.scoring.table.push({ value: "gold", score: 10 });
    const numberPassthrough = weightsRuleset();
    (numberPassthrough.indicators[0] as { children: { scoring: unknown }[] }).children[0]!.scoring = { type: "passthrough", input: "years" };
    for (const doc of [repeated, numberPassthrough]) {
      const a = outcome(() => compileRuleset(doc));
      const b = outcome(() => compileRuleset(doc, undefined, { codegen: false }));
      expect(a.ok).toBe(false);
      expect(a).toEqual(b);
    }
    expect(JSON.stringify(outcome(() => compileRuleset(repeated)))).toMatch(/DUPLICATE_ID|appears twice/);
    expect(JSON.stringify(outcome(() => compileRuleset(numberPassthrough)))).toMatch(/INPUT_TYPE_MISMATCH|needs a score input/);
  });
});

// ---------------------------------------------------------------- 3. hostile literals

declare global {
  // eslint-disable-next-line no-var
  var __pwned: unknown;
}

/** A ruleset whose category values, lookup rows, deduction cases, labels and names are all hostile strings. */
function hostileRuleset(): Ruleset {
  const values = [...HOSTILE];
  return {
    formatVersion: 1,
    id: "hostile",
    scheme: "hostile",
    kind: "other",
    name: { zh: HOSTILE.join(""), en: '"); globalThis.__pwned = 1; ("' },
    version: "1.0.0",
    effective: { from: "2025-01-01" },
    authority: HOSTILE.join("|"),
    scale: { min: 0, max: 100 },
    rounding: { scale: 2, mode: "half-even" },
    weighting: "points",
    inputs: [
      { id: "kind", type: "category", values, description: "*/ globalThis.__pwned = 1; /*", source: "`${1}`" },
      { id: "flag", type: "boolean", name: { zh: "\u2028", en: "</script>" } },
      { id: "count", type: "number", min: 0, unit: '"); globalThis.__pwned = 1; ("', source: "\u2029" },
      { id: "other", type: "category", values: values.slice().reverse() },
    ],
    indicators: [
      {
        id: "lookupInd",
        name: { zh: '"); globalThis.__pwned = 1; ("', en: "\n//" },
        description: "${globalThis.__pwned = 1}",
        points: 30,
        // Every other hostile value has a row (with its own score); the rest fall to otherwise.
        scoring: { type: "lookup", input: "kind", table: values.flatMap((value, i) => (i % 2 === 0 ? [{ value, score: (i * 7) % 31 }] : [])), otherwise: 3 },
        onMissing: { impute: '"); globalThis.__pwned = 1; ("' },
      },
      {
        id: "lookupNoOtherwise",
        name: { zh: "`", en: "\\" },
        points: 20,
        scoring: { type: "lookup", input: "other", table: values.slice(0, -3).map((value, i) => ({ value, score: (i * 3) % 21 })) },
      },
      {
        id: "deductionInd",
        name: { zh: "*/", en: "/*" },
        points: 30,
        scoring: {
          type: "deduction",
          base: { input: "kind", cases: values.map((equals, i) => ({ equals, base: 30 - (i % 30) })), otherwise: 1 },
          items: [{ input: "count", points: 2.5, cap: 12, label: { zh: '"); globalThis.__pwned = 1; ("', en: "\u2028\u2029" }, code: "</script>" }],
          floor: 0.5,
        },
        onMissing: "worst",
      },
      {
        id: "factInd",
        name: { zh: "\u2029", en: "`" },
        points: 10,
        scoring: { type: "deduction", base: 10, items: [{ input: "hostileCount", points: 1 }, { input: "hostileIn", points: 0.5, cap: 3, code: '"); globalThis.__pwned = 1; ("' }] },
      },
      {
        id: "binsInd",
        name: { zh: "${1}", en: "\0" },
        points: 10,
        scoring: {
          type: "bins",
          input: "count",
          bins: [
            { max: 1, score: 10, label: '"); globalThis.__pwned = 1; ("' },
            { min: 1, max: 3, maxInclusive: true, score: 5, label: "*/\n\u2028`${1}`" },
            { min: 3, minInclusive: false, score: 1, label: "</script>" },
          ],
        },
        onMissing: "worst",
      },
    ],
    bands: [
      { grade: "A", min: 90, max: 100 },
      { grade: "B", min: 70, max: 90 },
      { grade: "C", min: 50, max: 70 },
      { grade: "D", min: 30, max: 50 },
      { grade: "E", min: 0, max: 30 },
    ],
    labels: [
      { grade: "A", label: '"); globalThis.__pwned = 1; ("' },
      { grade: "B", label: "\u2028\u2029" },
      { grade: "C", label: "`${globalThis.__pwned = 1}`" },
      { grade: "D", label: "*/" },
      { grade: "E", label: "</script>", name: { zh: "\\", en: '"' } },
    ],
    records: {
      types: [
        {
          id: "act",
          name: { zh: '"); globalThis.__pwned = 1; ("', en: "*/" },
          description: "`${globalThis.__pwned = 1}`",
          publicity: "none",
          fields: [
            { id: "kind", type: "category", values, description: '"); globalThis.__pwned = 1; ("' },
            { id: "note", type: "string" },
            { id: "amount", type: "number" },
          ],
        },
      ],
    },
    facts: [
      { id: "hostileCount", from: "act", aggregate: "count", where: { fact: "kind", operator: "equal", value: '"); globalThis.__pwned = 1; ("' }, description: "*/" },
      { id: "hostileIn", from: "act", aggregate: "count", where: { any: [{ fact: "kind", operator: "in", value: values.slice(0, 12) }, { fact: "note", operator: "equal", value: "\u2028" }] } },
      { id: "noteSum", from: "act", aggregate: "sum", field: "amount", where: { fact: "note", operator: "notEqual", value: "*/" } },
      { id: "latestKind", from: "act", aggregate: "latest", field: "kind" },
    ],
    conditions: [
      { id: '"); globalThis.__pwned = 1; ("', conditions: { fact: "latestKind", operator: "in", value: values.slice(10) } },
      { id: "*/\n\u2028`${1}`", conditions: { any: [{ condition: '"); globalThis.__pwned = 1; ("' }, { fact: "kind", operator: "notIn", value: values.slice(0, 5) }] } },
    ],
    rules: [
      {
        id: "named-hostile",
        reason: { zh: "\u2028", en: "\u2029" },
        legalBasis: "`",
        conditions: { all: [{ condition: "*/\n\u2028`${1}`" }, { fact: "noteSum", operator: "greaterThan", value: 2 }] },
        effect: { type: "floor", grade: "D" },
      },
      {
        id: "reference",
        reason: { zh: "引用", en: "reference" },
        legalBasis: "x",
        conditions: { any: [{ fact: "kind", operator: "equal", value: { fact: "latestKind" } }, { fact: "other", operator: "equal", value: "\\" }] },
        effect: { type: "adjust-points", points: -2.5 },
      },
      {
        id: "hostile-rule",
        reason: { zh: '"); globalThis.__pwned = 1; ("', en: "`${1}`" },
        legalBasis: "*/ globalThis.__pwned = 1; /*",
        conditions: { all: [{ fact: "kind", operator: "equal", value: '"); globalThis.__pwned = 1; ("' }] },
        effect: { type: "cap", grade: "C" },
      },
    ],
  } as Ruleset;
}

describe("ruleset content cannot inject code into the kernel", () => {
  afterEach(() => {
    delete globalThis.__pwned;
  });

  it("hostile lookup values, category values, case values, labels and names compile, run nothing and agree", () => {
    delete globalThis.__pwned;
    const doc = hostileRuleset();
    expect(validateRuleset(doc).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const [k, c] = both(doc);
    expect(k.codegen).toBe(true);
    expect(globalThis.__pwned).toBeUndefined();
    const list: unknown[] = [];
    let n = 0;
    for (const kind of [...HOSTILE, null, undefined, "not a value"]) {
      for (const other of [HOSTILE[0], HOSTILE[HOSTILE.length - 1], "nope", null]) {
        for (const count of [0, 1, 2.5, 3, 4, null, "3"]) {
          const inputs: Record<string, unknown> = { flag: true, count, other };
          if (kind !== undefined) inputs["kind"] = kind;
          n++;
          // Records whose category field carries hostile values (and, some, the one the facts count).
          const records = Array.from({ length: n % 4 }, (_, i) => ({
            id: `R${i}`,
            type: "act",
            date: i === 2 ? "2026-01-05" : "2025-03-01",
            kind: i === 1 ? '"); globalThis.__pwned = 1; ("' : HOSTILE[(n + i) % HOSTILE.length],
            note: HOSTILE[(n * 7 + i) % HOSTILE.length],
            amount: i + 1,
          }));
          list.push({ id: "91310110666007217T", inputs, records });
        }
      }
    }
    expect(disagreements(k, c, list, ["2025-12-31"])).toEqual([]);
    expect(globalThis.__pwned).toBeUndefined();
    // Every rule fires for some subjects, and the facts count the records carrying the hostile value.
    const fired = new Map<string, number>();
    for (const s of list) {
      const r = k.safeGrade(s, { asOf: "2025-12-31" });
      if (r.success) for (const id of r.data.rules) fired.set(id, (fired.get(id) ?? 0) + 1);
    }
    expect([...fired.keys()].sort()).toEqual(["hostile-rule", "named-hostile", "reference"]);
    const withRecords = {
      id: "x",
      inputs: { kind: HOSTILE[1], other: HOSTILE[0], count: 0 },
      records: [
        { id: "R0", type: "act", date: "2025-03-01", kind: '"); globalThis.__pwned = 1; ("', note: "*/", amount: 5 },
        { id: "R1", type: "act", date: "2025-04-01", kind: HOSTILE[3], note: "\u2028", amount: 2 },
        { id: "R2", type: "act", date: "2025-05-01", kind: HOSTILE[20], note: "\u2028", amount: 1 },
      ],
    };
    expect(k.evaluate(withRecords, { asOf: "2025-12-31" }).facts).toEqual({ hostileCount: 1, hostileIn: 2, noteSum: 3, latestKind: HOSTILE[20] });
    expect(same(run(k, MODES[0]!, withRecords, "2025-12-31"), run(c, MODES[0]!, withRecords, "2025-12-31"))).toBe(true);

    // The rows are hit: every hostile value with a row scores that row's points, not `otherwise`.
    HOSTILE.forEach((kind, i) => {
      const r = k.evaluate({ id: "x", inputs: { kind, other: HOSTILE[0], count: 0, flag: true } }, { asOf: "2025-12-31" });
      expect(r.indicators[0]!.score, JSON.stringify(kind)).toBe(i % 2 === 0 ? (i * 7) % 31 : 3);
      expect(r.indicators[2]!.score, JSON.stringify(kind)).toBe(30 - (i % 30));
      const g = k.grade({ id: "x", inputs: { kind, other: HOSTILE[0], count: 0, flag: true } }, { asOf: "2025-12-31" });
      expect(g.score).toBe(r.score);
      expect(g.score).toBe(c.grade({ id: "x", inputs: { kind, other: HOSTILE[0], count: 0, flag: true } }, { asOf: "2025-12-31" }).score);
    });
    // The hostile string that is also the imputed value and a rule's value: imputed when missing, and the rule fires.
    const imputed = k.evaluate({ id: "x", inputs: { other: HOSTILE[0], count: 0 } }, { asOf: "2025-12-31" });
    const direct = k.evaluate({ id: "x", inputs: { kind: '"); globalThis.__pwned = 1; ("', other: HOSTILE[0], count: 0 } }, { asOf: "2025-12-31" });
    expect(imputed.indicators[0]!.missing).toBe("imputed");
    expect(imputed.indicators[0]!.score).toBe(direct.indicators[0]!.score);
    expect(direct.indicators[0]!.score).toBe((HOSTILE.indexOf('"); globalThis.__pwned = 1; ("') * 7) % 31);
    expect(direct.rules.map((r) => r.id)).toEqual(["hostile-rule"]);
    for (const c2 of [k, c]) {
      const a = c2.grade({ id: "x", inputs: { other: HOSTILE[0], count: 0 } }, { asOf: "2025-12-31" });
      const b = c2.grade({ id: "x", inputs: { kind: '"); globalThis.__pwned = 1; ("', other: HOSTILE[0], count: 0 } }, { asOf: "2025-12-31" });
      expect(a.score).toBe(imputed.score);
      expect(b.score).toBe(direct.score);
    }
    // A value without a row in the table without otherwise: not gradable, both ways.
    const miss = { id: "x", inputs: { kind: HOSTILE[0], other: HOSTILE[HOSTILE.length - 1], count: 0 } };
    expect(k.grade(miss, { asOf: "2025-12-31" }).gradable).toBe(false);
    expect(c.grade(miss, { asOf: "2025-12-31" }).gradable).toBe(false);
    expect(globalThis.__pwned).toBeUndefined();
  });

  it("hostile strings as a ruleset's name, a deduction item's label and code, an indicator's name and a grade label change nothing", () => {
    delete globalThis.__pwned;
    for (const h of HOSTILE) {
      const doc = weightsRuleset();
      doc.name = { zh: h, en: h };
      (doc.indicators[1] as { scoring: { items: { label?: unknown; code?: unknown }[] } }).scoring.items[0]!.label = { zh: h, en: h };
      (doc.indicators[1] as { scoring: { items: { label?: unknown; code?: unknown }[] } }).scoring.items[0]!.code = h;
      (doc.indicators[2] as { name: unknown }).name = { zh: h, en: h };
      doc.labels = [{ grade: "A", label: h }];
      const [k, c] = both(doc);
      expect(k.codegen).toBe(true);
      const list = subjects.slice(0, 20).concat([{ id: "x", inputs: { years: 3, penalties: 1, honoured: true } }]);
      expect(disagreements(k, c, list, ["2025-12-31"])).toEqual([]);
      expect(k.grade({ id: "x", inputs: { years: 10, penalties: 0, honoured: true } }, { asOf: "2025-12-31" }).label).toBe(h);
    }
    expect(globalThis.__pwned).toBeUndefined();
  });
});

// ---------------------------------------------------------------- 4. prototype pollution and odd objects

/** A valid value for a declared input. */
function validValue(d: InputDef): unknown {
  switch (d.type) {
    case "number":
      return Math.max(d.min ?? 0, Math.min(d.max ?? 3, 3));
    case "score":
      return (d.min + d.max) / 2;
    case "boolean":
      return true;
    case "category":
      return d.values[0]!;
  }
}

/** Runs `f` with `Object.prototype[id]` set (as an assignment would set it), then restores it. */
function polluted<T>(id: string, value: unknown, f: () => T, asGetter = false): T {
  const proto = Object.prototype as Record<string, unknown>;
  const before = Object.getOwnPropertyDescriptor(proto, id);
  try {
    if (asGetter) {
      let n = 0;
      Object.defineProperty(proto, id, { get: () => (n++ % 2 === 0 ? value : undefined), configurable: true, enumerable: true });
    } else proto[id] = value;
    return f();
  } finally {
    if (before) Object.defineProperty(proto, id, before);
    else delete proto[id];
  }
}

/** Subjects without the input `id` (so a polluted prototype is the only place it could come from). */
const without = (list: readonly unknown[], id: string): unknown[] =>
  list.map((s) => {
    const subject = s as { inputs?: Record<string, unknown> };
    if (subject.inputs === undefined || !Object.hasOwn(subject.inputs, id)) return s;
    const { [id]: _drop, ...rest } = subject.inputs;
    return { ...subject, inputs: rest };
  });

const pollutionDocs = [
  { name: "fixture weights", doc: weightsRuleset() },
  { name: "fixture industry", doc: industryRuleset() },
  { name: "fixture records", doc: recordsRuleset() },
  { name: "fixture labels", doc: labelsRuleset() },
  { name: "bench", doc: bench },
  ...shipped.slice(0, 3),
];

describe("inputs are read as own properties only", () => {
  for (const { name, doc } of pollutionDocs) {
    it(`${name}: a valid value on Object.prototype under a declared input id counts as absent`, () => {
      const [k, c] = both(doc);
      const base = (doc === bench ? generatePopulation(25, "pollution") : subjects.slice(0, 25)) as unknown[];
      let differs = 0;
      for (const d of doc.inputs) {
        if (d.id in Object.prototype) continue;
        const full = Object.fromEntries(doc.inputs.map((x) => [x.id, validValue(x)]));
        const { [d.id]: _own, ...fullMinus } = full;
        const list = [...without(base, d.id), { id: "91310110666007217T", inputs: fullMinus }, { id: "91310110666007217T", inputs: {} }, { id: "91310110666007217T" }];
        const clean = list.map((s) => MODES.map((m) => run(c, m, s, "2025-12-31")));
        const got = polluted(d.id, validValue(d), () => list.map((s) => MODES.map((m) => [run(k, m, s, "2025-12-31"), run(c, m, s, "2025-12-31")] as const)));
        list.forEach((s, i) => {
          MODES.forEach((m, j) => {
            const [withKernel, withClosures] = got[i]![j]!;
            const expected = clean[i]![j]!;
            const where = `${d.id} ${m.method} validate:${m.validate} ${JSON.stringify(s).slice(0, 200)}`;
            expect(same(withKernel, expected), where).toBe(true);
            expect(same(withClosures, expected), where).toBe(true);
          });
        });
        // The value would have changed the result had it been the subject's own.
        if (!same(run(k, MODES[1]!, { id: "91310110666007217T", inputs: full }, "2025-12-31"), clean[base.length]![1]!)) differs++;
      }
      expect(differs).toBeGreaterThan(0);
    });
  }

  it("a NaN or a getter on Object.prototype under a declared input id is not read either", () => {
    const doc = weightsRuleset();
    const [k, c] = both(doc);
    const list = [{ id: "x", inputs: { penalties: 1, honoured: true } }, { id: "x", inputs: Object.freeze({ penalties: 0 }) }, { id: "x" }];
    const clean = list.map((s) => MODES.map((m) => run(c, m, s, "2025-12-31")));
    const wrong: unknown[] = [];
    // A data property NaN (NaN !== NaN), and a getter that returns a value, then undefined, alternately.
    for (const [value, asGetter] of [[Number.NaN, false], [7, true], [Number.NaN, true]] as const) {
      const got = polluted("years", value, () => list.map((s) => MODES.map((m) => [run(k, m, s, "2025-12-31"), run(c, m, s, "2025-12-31")] as const)), asGetter);
      list.forEach((s, i) =>
        MODES.forEach((m, j) => {
          const where = `Object.prototype.years = ${String(value)}${asGetter ? " (getter)" : ""}, ${m.method} validate:${m.validate}, ${JSON.stringify(s)}`;
          const [withKernel, withClosures] = got[i]![j]!;
          if (!same(withKernel, withClosures)) wrong.push({ where, codegen: withKernel, closures: withClosures });
          // (evaluate writes each indicator's values into a plain object, which a getter-only
          // property on Object.prototype makes throw on both paths: compared across paths only.)
          if (asGetter && m.method === "evaluate") return;
          if (!same(withClosures, clean[i]![j]!)) wrong.push({ where, path: "closures", got: withClosures, expected: clean[i]![j] });
          if (!same(withKernel, clean[i]![j]!)) wrong.push({ where, path: "codegen", got: withKernel, expected: clean[i]![j] });
        }),
      );
    }
    expect(wrong).toEqual([]);
  });

  it("record fields on Object.prototype: codegen and closures agree", () => {
    const fields: [string, unknown][] = [
      ["repairedAt", "2020-01-01"],
      ["revokedAt", "2020-01-01"],
      ["publicUntil", "2020-01-01"],
      ["severity", "serious"],
      ["amount", 1e6],
      ["honoured", true],
      ["due", "2025-06-01"],
      ["dueDate", "2025-06-01"],
      ["list", "serious-dishonesty"],
      ["closedAt", "2024-01-01"],
      ["kind", "tax"],
      // A subject's own members too (issue #14, item 10).
      ["inputs", { years: 50, penalties: 0 }],
      ["records", [{ id: "r1", type: "penalty", date: "2025-01-01", severity: "serious", amount: 1 }]],
    ];
    for (const doc of [recordsRuleset(), bench]) {
      const [k, c] = both(doc);
      const list = [...generatePopulation(40, "record-pollution"), ...(subjects.slice(0, 40) as unknown[])];
      const clean = list.map((s) => MODES.map((m) => run(c, m, s, "2025-12-31")));
      for (const [field, value] of fields) {
        const ds = polluted(field, value, () => disagreements(k, c, list, ["2025-12-31"]));
        expect(ds, `Object.prototype.${field} = ${JSON.stringify(value)} with ${doc.id}`).toEqual([]);
        // And neither path reads the polluted field: the results are those without it.
        const got = polluted(field, value, () => list.map((s) => MODES.map((m) => run(c, m, s, "2025-12-31"))));
        const changed = list.filter((_, i) => MODES.some((_m, j) => !same(got[i]![j]!, clean[i]![j]!)));
        expect(changed.slice(0, 1), `Object.prototype.${field} = ${JSON.stringify(value)} with ${doc.id} changes results`).toEqual([]);
      }
    }
  });

  it("ids that name Object.prototype members (toString, valueOf, constructor, …) are absent unless own", () => {
    const doc = weightsRuleset();
    const names = ["toString", "valueOf", "constructor", "hasOwnProperty", "isPrototypeOf", "prototype"];
    doc.inputs = names.map((id) => ({ id, type: "number", min: 0 }));
    doc.indicators = names.map((id) => ({ id: `i${id}`, name: { zh: id, en: id }, weight: 100 / names.length, scoring: { type: "linear", input: id, min: 0, max: 10, direction: "higher-better" }, onMissing: "worst" }));
    const [k, c] = both(doc);
    expect(k.codegen).toBe(true);
    const list: unknown[] = [
      { id: "x", inputs: {} },
      { id: "x", inputs: { toString: 5, valueOf: 10 } },
      { id: "x", inputs: Object.assign(Object.create(null) as object, { toString: 5, hasOwnProperty: 2 }) },
      { id: "x", inputs: { toString: 5, valueOf: 10, constructor: 3, hasOwnProperty: 1, isPrototypeOf: 7, prototype: 9 } },
      { id: "x", inputs: { constructor: Object, toString: Object.prototype.toString } },
    ];
    expect(disagreements(k, c, list, ["2025-12-31"])).toEqual([]);
    // Without own values every indicator is scored worst: 0.
    expect(k.grade(list[0], { asOf: "2025-12-31", validate: false }).score).toBe(0);
    expect(k.grade(list[1], { asOf: "2025-12-31", validate: false }).score).toBe(25);
    expect(k.grade(list[2], { asOf: "2025-12-31", validate: false }).score).toBe(11.66);
  });

  it("null-prototype, custom-prototype and frozen inputs objects agree", () => {
    for (const { doc } of [{ doc: weightsRuleset() }, { doc: industryRuleset() }, { doc: bench }]) {
      const [k, c] = both(doc);
      const base = (doc === bench ? generatePopulation(40, "odd-objects") : subjects.slice(0, 40)) as { id: string; inputs?: Record<string, unknown>; records?: unknown }[];
      for (const s of base) {
        const inputs = s.inputs ?? {};
        const plain = { ...s, inputs: { ...inputs } };
        const nullProto = { ...s, inputs: Object.assign(Object.create(null) as Record<string, unknown>, inputs) };
        const frozen = { ...s, inputs: Object.freeze({ ...inputs }) };
        const frozenSubject = Object.freeze({ ...s, inputs: Object.freeze({ ...inputs }) });
        // Declared inputs on a custom prototype: inherited, so not read.
        const first = doc.inputs[0]!;
        const inherited = Object.fromEntries(doc.inputs.map((d) => [d.id, validValue(d)]));
        const customEmpty = { ...s, inputs: Object.create(inherited) as Record<string, unknown> };
        const customOwn = { ...s, inputs: Object.assign(Object.create({ [first.id]: validValue(first) }) as Record<string, unknown>, inputs) };
        const ownOnly = { ...s, inputs: { ...inputs } };
        for (const m of MODES) {
          const expected = run(c, m, plain, "2025-12-31");
          for (const [label, subject, reference] of [
            ["null prototype", nullProto, plain],
            ["frozen inputs", frozen, plain],
            ["frozen subject", frozenSubject, plain],
            ["custom prototype without own inputs", customEmpty, { ...s, inputs: {} }],
            ["custom prototype with own inputs", customOwn, ownOnly],
          ] as const) {
            const ref = reference === plain ? expected : run(c, m, reference, "2025-12-31");
            const where = `${doc.id} ${label} ${m.method} validate:${m.validate} ${s.id}`;
            expect(same(run(k, m, subject, "2025-12-31"), ref), `codegen: ${where}`).toBe(true);
            expect(same(run(c, m, subject, "2025-12-31"), ref), `closures: ${where}`).toBe(true);
          }
        }
      }
    }
  });
});

// ---------------------------------------------------------------- 5. literals of the code builder

const evalLiteral = (src: string): unknown => new Function(`"use strict"; return ${src};`)() as unknown;

describe("literals of the code builder", () => {
  it("jsNumber writes every double (not NaN) as a literal that evaluates to the same number", () => {
    const specials = [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 0.1 + 0.2, -(0.1 + 0.2), 1e21, -1e-7, 5e-324, 2 ** 53 + 2, -1];
    for (const x of specials) expect(Object.is(evalLiteral(jsNumber(x)), x), String(x)).toBe(true);
    // In any position of an expression: after a minus, as a divisor, as a member's base.
    for (const x of specials) {
      expect(Object.is(evalLiteral(`1 - ${jsNumber(x)}`), 1 - x), `1 - ${x}`).toBe(true);
      expect(Object.is(evalLiteral(`1 / ${jsNumber(x)}`), 1 / x), `1 / ${x}`).toBe(true);
      expect(Object.is(evalLiteral(`-${jsNumber(x)}`), -x), `-${x}`).toBe(true);
    }
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const src = jsNumber(x);
        expect(Object.is(evalLiteral(src), x)).toBe(true);
        expect(Object.is(evalLiteral(`2 - ${src}`), 2 - x)).toBe(true);
        expect(Object.is(evalLiteral(`-${src}`), -x)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("the builder refuses to write anything but a primitive or an array of them as a literal, and a hostile string stays a string", () => {
    for (const v of [{}, { valueOf: () => 1 }, 1n, Symbol("s"), new Number(1), () => 1, new String("x")]) {
      expect(() => jsNumber(v), String(typeof v)).toThrow(TypeError);
    }
    const hostile = "1); globalThis.__pwned = 1; (";
    expect(evalLiteral(jsLiteral(hostile))).toBe(hostile);
    expect(Number.isNaN(evalLiteral(jsNumber(Number.NaN)))).toBe(true);
    expect(globalThis.__pwned).toBeUndefined();
  });

  it("jsLiteral round-trips every string (lone surrogates, U+2028, quotes) and booleans", () => {
    for (const s of [...HOSTILE, "", "\u2028\u2029", "\ud800\udc00", "\udc00"]) expect(evalLiteral(jsLiteral(s))).toBe(s);
    for (const b of [true, false]) expect(evalLiteral(jsLiteral(b))).toBe(b);
    for (const x of [-0, 1.5, Number.NEGATIVE_INFINITY]) expect(Object.is(evalLiteral(jsLiteral(x)), x)).toBe(true);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), fc.string({ unit: fc.constantFrom('"', "\\", "\n", "\u2028", "\u2029", "`", "$", "{", "}", "*", "/", "'", "\r", "\0", "\ud800", "a") })), (s) => {
        const src = jsLiteral(s);
        expect(evalLiteral(src)).toBe(s);
        // One literal and nothing else: it can be concatenated into an expression.
        expect(evalLiteral(`[${src}, 1]`)).toEqual([s, 1]);
      }),
      { numRuns: 2000 },
    );
  });

  it("jsLiteral refuses objects, functions, symbols and BigInts", () => {
    for (const v of [{}, 1n, Symbol("s"), () => 1, new String("x")]) expect(() => jsLiteral(v)).toThrow(TypeError);
  });
});

// ---------------------------------------------------------------- 6. unitsAt

describe("unitsAt", () => {
  it("is toUnits bit for bit (NaN and ±Infinity included) at every scale and mode", () => {
    const specials = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 0.5, -0.5, 1.005, 2.675, -2.665, 0.1 + 0.2, Number.MAX_VALUE, Number.MIN_VALUE];
    for (let scale = 0; scale <= 6; scale++) {
      for (const mode of MODES_ROUNDING) {
        for (const x of specials) expect(Object.is(unitsAt(x, 10 ** scale, mode), toUnits(x, { scale, mode })), `${x} ${scale} ${mode}`).toBe(true);
      }
    }
    fc.assert(
      fc.property(
        fc.oneof(fc.double(), fc.double({ min: -1e4, max: 1e4 }), fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n / 1000 + 0.0005)),
        fc.integer({ min: 0, max: 6 }),
        fc.constantFrom(...MODES_ROUNDING),
        (x, scale, mode) => {
          expect(Object.is(unitsAt(x, 10 ** scale, mode), toUnits(x, { scale, mode }))).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

// ---------------------------------------------------------------- 7. where new Function is refused

describe("where new Function is refused (a CSP without unsafe-eval)", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("compiles without a kernel, reports codegen false and gives the same results", () => {
    const docs = [weightsRuleset(), industryRuleset(), recordsRuleset(), bench, shipped[0]!.doc];
    // Reference results, and a first parse of each document (the schema library compiles its own parsers once).
    const references = docs.map((doc) => compileRuleset(doc));
    const RealFunction = globalThis.Function;
    let refused = 0;
    const Refusing = function (this: unknown, ...args: string[]): never {
      refused++;
      throw new EvalError(`Code generation from strings disallowed for this context (${args.length} arguments)`);
    } as unknown as FunctionConstructor;
    Object.setPrototypeOf(Refusing, RealFunction);
    vi.stubGlobal("Function", Refusing);
    expect(globalThis.Function).toBe(Refusing);
    const refusedCompiles = docs.map((doc) => compileRuleset(doc));
    const closures = docs.map((doc) => compileRuleset(doc, undefined, { codegen: false }));
    vi.unstubAllGlobals();
    expect(globalThis.Function).toBe(RealFunction);
    // The stub was what src/_kernel.ts called: at least once per document.
    expect(refused).toBeGreaterThanOrEqual(docs.length);
    refusedCompiles.forEach((c, i) => {
      expect(references[i]!.codegen).toBe(true);
      expect(c.codegen).toBe(false);
      expect(closures[i]!.codegen).toBe(false);
      const list = docs[i] === bench ? generatePopulation(300, "csp") : subjects.slice(0, 300);
      expect(disagreements(references[i]!, c, list, ["2025-12-31"])).toEqual([]);
      expect(disagreements(closures[i]!, c, list, ["2025-12-31"], MODES.slice(0, 2))).toEqual([]);
    });
    // And afterwards, with `new Function` back, kernels are generated again.
    expect(compileRuleset(docs[0]).codegen).toBe(true);
  });
});

describe("withinLast / notWithinLast written inline", () => {
  it("count a date exactly when asOf − P < date ≤ asOf (and a non-date never), as the operator does", () => {
    const doc = recordsRuleset() as unknown as { facts: unknown[]; rules: unknown[] };
    doc.facts.push({ id: "oldDue", from: "commitment", aggregate: "count", where: { fact: "due", operator: "notWithinLast", value: "P3Y" } });
    doc.rules.push({
      id: "old-due",
      reason: { zh: "旧承诺", en: "old commitments" },
      legalBasis: "test",
      conditions: { all: [{ fact: "oldDue", operator: "greaterThanInclusive", value: 2 }] },
      effect: { type: "adjust-points", points: 1 },
    });
    const rs = doc as unknown as Ruleset;
    const commitment = (id: string, due: unknown, honoured: boolean) => ({ id, type: "commitment", date: "2025-01-01", due, honoured });
    // As of 2025-06-30, P3Y: the window is (2022-06-30, 2025-06-30].
    const subject = {
      id: "x",
      inputs: { years: 10 },
      records: [
        commitment("c1", "2022-06-30", true), // on the window's start: outside (notWithinLast)
        commitment("c2", "2022-07-01", true), // first day inside
        commitment("c3", "2025-06-30", false), // asOf: inside
        commitment("c4", "2025-07-01", true), // after asOf: outside (notWithinLast)
        commitment("c5", "2024-02-30", true), // not a date: neither
      ],
    };
    const options = { asOf: "2025-06-30", validate: false } as const;
    const withKernels = compileRuleset(rs);
    const closures = compileRuleset(rs, undefined, { codegen: false });
    expect(withKernels.codegen).toBe(true);
    // Due 2 (c2, c3), honoured 1 → 30 × 0.5 = 15; age 20; penalties 50; oldDue 2 (c1, c4) → +1.
    expect(closures.evaluate(subject, options).facts).toMatchObject({ commitmentsDue: 2, commitmentsHonoured: 1, oldDue: 2 });
    expect(withKernels.grade(subject, options).score).toBe(86);
    expect(withKernels.grade(subject, options)).toEqual(closures.grade(subject, options));
  });
});

describe("the one-pass subject check (generated checks, not strict)", () => {
  it("passes and rejects exactly as the full check, duplicate record ids included, for few and many records", () => {
    const withKernels = compileRuleset(recordsRuleset());
    const closures = compileRuleset(recordsRuleset(), undefined, { codegen: false });
    const penalty = (id: string) => ({ id, type: "penalty", date: "2025-01-02", severity: "minor", amount: 10 });
    const subjectWith = (ids: string[]) => ({ id: "x", inputs: { years: 3 }, records: ids.map(penalty) });
    const cases = [
      subjectWith([]),
      subjectWith(["a", "b"]),
      subjectWith(["a", "a"]),
      subjectWith(Array.from({ length: 20 }, (_, i) => `p${i}`)),
      subjectWith([...Array.from({ length: 20 }, (_, i) => `p${i}`), "p18"]),
      subjectWith(Array.from({ length: 40 }, (_, i) => `p${i}`)),
      subjectWith([...Array.from({ length: 40 }, (_, i) => `p${i}`), "p3"]),
      { id: "x", inputs: { years: 3 }, records: [penalty("a"), { ...penalty("b"), severity: "bogus" }, penalty("a")] },
      { id: "", inputs: { years: 3 } },
      { id: "x", inputs: [] },
      { id: "x", records: {} },
    ];
    const outcomeOf = (c: CompiledRuleset, s: unknown) => {
      const r = c.safeGrade(s, { asOf: "2025-06-30" });
      return r.success ? { ok: true, score: r.data.score } : { ok: false, message: r.error.message, issues: (r.error as { issues?: unknown }).issues };
    };
    const got = cases.map((s) => outcomeOf(withKernels, s));
    expect(got).toEqual(cases.map((s) => outcomeOf(closures, s)));
    // The duplicates are found wherever they are; the rest grade.
    expect(got.map((g) => g.ok)).toEqual([true, true, false, true, false, true, false, false, false, false, false]);
    expect(JSON.stringify(got[6])).toContain("DUPLICATE_RECORD");
  });
});
