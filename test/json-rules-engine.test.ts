/**
 * The differential oracle: our compiled conditions against json-rules-engine 7 itself, on
 * generated conditions and generated subjects, plus the interop of `toJsonRulesEngine` and
 * `jsonRulesEngineFacts` with the evaluator.
 */
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import type { Engine } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { compileCondition, type CompiledCondition } from "../src/engine/conditions.js";
import {
  type ConditionDef,
  conditionFacts,
  type ConditionTrace,
  DATE_OPERATORS,
  JRE_OPERATORS,
  OPERATOR_DECORATORS,
  type TopConditionDef,
} from "../src/format/condition.js";
import { compileRuleset, CreditGradingError, jsonRulesEngineFacts, type Ruleset, type RuleDef, toJsonRulesEngine } from "../src/index.js";
import { recordsRuleset, weightsRuleset } from "./fixtures.js";

const AS_OF = "2025-12-31";

// ------------------------------------------------------------------ helpers

interface JreOperator {
  evaluate(factValue: unknown, value: unknown): boolean;
}

/** json-rules-engine's own operator object for a (decorated) operator name. */
function jreOperator(engine: Engine, name: string): JreOperator {
  const op = (engine as unknown as { operators: { get(n: string): JreOperator | null } }).operators.get(name);
  if (!op) throw new Error(`json-rules-engine has no operator ${name}`);
  return op;
}

/** Which rules json-rules-engine fired; every rule must be in exactly one list. */
async function jreFired(engine: Engine, facts: Record<string, unknown>, ruleCount: number): Promise<{ fired: Set<string>; results: Map<string, unknown> }> {
  const out = await engine.run(facts);
  const fired = new Set(out.results.map((r) => r.name));
  const failed = new Set(out.failureResults.map((r) => r.name));
  expect(fired.size + failed.size).toBe(ruleCount);
  for (const f of fired) expect(failed.has(f)).toBe(false);
  const results = new Map<string, unknown>([...out.results, ...out.failureResults].map((r) => [r.name, r.conditions]));
  return { fired, results };
}

type Leaf = Extract<ConditionTrace, { kind: "leaf" }>;

function leavesOf(t: ConditionTrace): Leaf[] {
  switch (t.kind) {
    case "leaf":
      return [t];
    case "all":
    case "any":
      return t.children.flatMap(leavesOf);
    case "not":
    case "condition":
      return leavesOf(t.child);
  }
}

/**
 * Walks json-rules-engine's result tree beside our trace and checks, for every leaf it
 * evaluated, the fact value after the path, the right-hand value and the result. Returns the
 * number of leaves compared.
 */
function compareTrees(jre: unknown, ours: ConditionTrace): number {
  let t = ours;
  while (t.kind === "condition") t = t.child;
  const node = jre as Record<string, unknown>;
  // A reference json-rules-engine never evaluated (priorities short-circuit) stays unresolved.
  if (Object.hasOwn(node, "condition")) return 0;
  if (t.kind === "leaf") {
    // A named leaf is registered as { all: [leaf] }.
    if (Array.isArray(node["all"]) && (node["all"] as unknown[]).length === 1 && !Object.hasOwn(node, "fact")) return compareTrees((node["all"] as unknown[])[0], t);
    if (node["result"] === undefined) return 0;
    expect(node["fact"]).toBe(t.fact);
    if (!isDeepStrictEqual(node["factResult"], t.factValue) || !isDeepStrictEqual(node["valueResult"], t.value) || node["result"] !== t.result) {
      expect({ factResult: node["factResult"], valueResult: node["valueResult"], result: node["result"] }).toEqual({ factResult: t.factValue, valueResult: t.value, result: t.result });
    }
    return 1;
  }
  if (t.kind === "not") return compareTrees(node["not"], t.child);
  const kids = node[t.kind] as unknown[];
  expect(kids).toHaveLength(t.children.length);
  let n = 0;
  t.children.forEach((c, i) => (n += compareTrees(kids[i], c)));
  return n;
}

// ------------------------------------------------------------------ generators

const FACTS = ["n", "ns", "s", "b", "arr", "obj", "d", "u"] as const;
const NAMED = ["N0", "N1", "N2"] as const;
const PATHS = [
  "$",
  "$.a",
  "$.a.b",
  "$.a.c[0]",
  "$.list[0]",
  "$.list[2]",
  "$['a b']",
  "$.s.length",
  "$.s[0]",
  "$.list.length",
  "$.constructor",
  "$.__proto__",
  "$.missing.x",
  "$[0]",
  "$[1].a",
] as const;

const NUMBERS = [0, 1, 2, 5, 10, -1, 3.5, 100];
const NUMERIC_STRINGS = ["0", "1", "5", "10", "3.5", "-1", "12abc", "1e2"];
const STRINGS = ["abc", "b", "", "a b", "undefined", "P3Y", "P1M", "P90D", "x"];
const DATES = ["2025-06-30", "2022-12-31", "2023-01-01", "2025-12-31", "2026-01-01", "2024-02-29", "2025-02-29", "2025-12-01"];
const SCALARS: readonly unknown[] = [...NUMBERS, ...NUMERIC_STRINGS, ...STRINGS, ...DATES, true, false, null];

const scalar = fc.constantFrom(...SCALARS);
const array = fc.array(fc.constantFrom<unknown>(0, 1, 2, 5, "1", "b", "abc", "2025-06-30", true, null), { maxLength: 4 });
const plainObject = fc.oneof(
  { weight: 6, arbitrary: fc.record(
    {
      a: fc.oneof(fc.record({ b: scalar, c: array }, { requiredKeys: [] }), scalar),
      list: array,
      "a b": scalar,
      s: fc.constantFrom("abc", "", "x"),
    },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: array.map((xs) => xs.map((x, i) => ({ a: x, i }))) },
);
// Own keys named like Object.prototype members; only as facts (see `literal`).
const object = fc.oneof(
  { weight: 7, arbitrary: plainObject },
  { weight: 1, arbitrary: fc.constant(null).map(() => JSON.parse('{"constructor": 1, "__proto__": {"a": 2}, "s": "q"}') as unknown) },
);
// An object no operator can turn into a primitive: json-rules-engine throws on it.
const weird = fc.constant(null).map(() => ({ toString: 1, valueOf: 2 }) as unknown);
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: scalar },
  { weight: 4, arbitrary: array },
  { weight: 3, arbitrary: object },
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: weird },
);

/** A fact value: mostly of the fact's own type, sometimes anything. */
const typed = (own: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => fc.oneof({ weight: 4, arbitrary: own }, { weight: 1, arbitrary: anyValue });

const subjectFacts: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    n: typed(fc.constantFrom(...NUMBERS)),
    ns: typed(fc.constantFrom(...NUMERIC_STRINGS)),
    s: typed(fc.constantFrom(...STRINGS)),
    b: typed(fc.boolean()),
    arr: typed(array),
    obj: typed(object),
    d: typed(fc.constantFrom(...DATES)),
    u: anyValue,
  },
  { requiredKeys: ["n", "obj"] },
);

const operator = fc
  .tuple(
    fc.oneof(
      { weight: 4, arbitrary: fc.constant([]) },
      { weight: 3, arbitrary: fc.array(fc.constantFrom(...OPERATOR_DECORATORS), { minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.array(fc.constantFrom(...OPERATOR_DECORATORS), { minLength: 2, maxLength: 3 }) },
    ),
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...JRE_OPERATORS) }, { weight: 1, arbitrary: fc.constantFrom(...DATE_OPERATORS) }),
  )
  .map(([decs, op]) => [...decs, op].join(":"));

// Literal values leave out objects with keys such as toString, constructor or __proto__:
// json-rules-engine deep-copies a rule's conditions into each RuleResult with the `clone`
// package, which drops own keys that shadow an Object.prototype member, so it would compare
// with a different value than the one written ({ toString: 1 } becomes {}). Facts are not
// copied, so such objects still reach every operator as fact values and through fact references.
// Literals go through JSON, as a ruleset's values do (fast-check's records may have a null
// prototype, which json-rules-engine's copy would also change).
const literal: fc.Arbitrary<unknown> = fc
  .oneof(
    { weight: 6, arbitrary: scalar },
    { weight: 4, arbitrary: array },
    { weight: 1, arbitrary: plainObject.filter((o) => o === null || typeof o !== "object" || Array.isArray(o) || !Object.hasOwn(o, "fact")) },
  )
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const factRef = fc
  .tuple(fc.constantFrom(...FACTS, "missing"), fc.option(fc.constantFrom(...PATHS), { freq: 2 }))
  .map(([fact, path]) => (path === null ? { fact } : { fact, path }));

const withPriority = <T extends object>(arb: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.tuple(arb, fc.option(fc.integer({ min: 1, max: 3 }), { freq: 8 })).map(([c, p]) => (p === null ? c : { ...c, priority: p }));

const anyRight = fc.oneof({ weight: 4, arbitrary: literal }, { weight: 1, arbitrary: factRef });
// Operators that go over the value want an array; mostly give them one, so that fewer
// rules contain a leaf on which json-rules-engine throws (and are left out of the comparison).
const arrayRight = fc.oneof({ weight: 8, arbitrary: array }, { weight: 1, arbitrary: literal }, { weight: 1, arbitrary: factRef });
const overValue = (op: string): boolean => /(^|:)(someValue|everyValue|in|notIn)(:|$)/.test(op);

const leaf: fc.Arbitrary<ConditionDef> = withPriority(
  fc
    .tuple(fc.constantFrom(...FACTS, "missing"), operator, fc.option(fc.constantFrom(...PATHS), { freq: 3 }))
    .chain(([fact, op, path]) =>
      (overValue(op) ? arrayRight : anyRight).map((value): ConditionDef => (path === null ? { fact, operator: op, value } : { fact, operator: op, value, path })),
    ),
);

/** Conditions over the fixed facts, up to depth 4, that may refer to the given named conditions. */
function conditionArb(names: readonly string[]): { node: fc.Arbitrary<ConditionDef>; top: fc.Arbitrary<TopConditionDef> } {
  const ref: fc.Arbitrary<ConditionDef> = names.length > 0 ? fc.constantFrom(...names).map((condition) => ({ condition })) : leaf;
  const { node } = fc.letrec<{ node: ConditionDef }>((tie) => ({
    node: fc.oneof(
      { maxDepth: 4, depthIdentifier: "condition", depthSize: "small" },
      { weight: 5, arbitrary: leaf },
      { weight: 2, arbitrary: withPriority(fc.array(tie("node"), { minLength: 1, maxLength: 4 }).map((all) => ({ all }))) },
      { weight: 2, arbitrary: withPriority(fc.array(tie("node"), { minLength: 1, maxLength: 4 }).map((any) => ({ any }))) },
      { weight: 1, arbitrary: tie("node").map((not) => ({ not })) },
      { weight: 1, arbitrary: ref },
    ),
  }));
  const top: fc.Arbitrary<TopConditionDef> = fc.oneof(
    fc.array(node, { minLength: 1, maxLength: 4 }).map((all) => ({ all })),
    fc.array(node, { minLength: 1, maxLength: 4 }).map((any) => ({ any })),
    node.map((not) => ({ not })),
    ...(names.length > 0 ? [fc.constantFrom(...names).map((condition) => ({ condition }))] : []),
  );
  return { node, top };
}

// N1 may use N0, N2 may use N0 and N1: no cycles. A named condition may be a single leaf.
const namedArb = fc.tuple(conditionArb([]).node, conditionArb(["N0"]).node, conditionArb(["N0", "N1"]).node);
const rulesArb = fc.array(conditionArb(NAMED).top, { minLength: 4, maxLength: 6 });

const RULES_PER_RUN = "4-6";
const SUBJECTS_PER_RUN = 40;
const NUM_RUNS = 300;

function asRuleset(named: readonly ConditionDef[], conditions: readonly TopConditionDef[]): Ruleset {
  const rules: RuleDef[] = conditions.map((c, i) => ({
    id: `r${i}`,
    reason: { zh: "测试", en: "test" },
    legalBasis: "test",
    conditions: c,
    effect: { type: "cap", grade: "C" },
  }));
  return { ...weightsRuleset(), conditions: named.map((c, i) => ({ id: NAMED[i]!, conditions: c })), rules };
}

// ------------------------------------------------------------------ the oracle

describe("differential oracle: compiled conditions against json-rules-engine", () => {
  it(`agrees on every (rule, subject) pair where json-rules-engine does not throw (${NUM_RUNS} runs × ${RULES_PER_RUN} rules × ${SUBJECTS_PER_RUN} subjects)`, async () => {
    const stats = { subjects: 0, pairs: 0, fired: 0, jreThrew: 0, runsRejected: 0, leaves: 0, leafThrows: 0, treeLeaves: 0 };
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(namedArb, rulesArb, fc.array(subjectFacts, { minLength: SUBJECTS_PER_RUN, maxLength: SUBJECTS_PER_RUN }), async (named, ruleConds, subjects) => {
        const namedMap = new Map<string, ConditionDef>(named.map((c, i) => [NAMED[i]!, c]));
        const ruleset = asRuleset(named, ruleConds);
        const ours: CompiledCondition[] = ruleConds.map((c) => compileCondition(c, namedMap));
        const engine = toJsonRulesEngine(ruleset, { asOf: AS_OF });
        // One engine per rule, built when a run of all rules is rejected, to tell which rule threw.
        let single: Engine[] | undefined;
        for (const facts of subjects) {
          stats.subjects++;
          const ctx = { facts, asOf: AS_OF };
          const traces = ours.map((c) => c.trace(ctx));
          ours.forEach((c, i) => expect(c.test(ctx)).toBe(traces[i]!.result));

          // Leaf by leaf: json-rules-engine's own operator object on the values our trace resolved.
          for (const t of traces) {
            for (const l of leavesOf(t)) {
              stats.leaves++;
              let expected: boolean;
              try {
                expected = jreOperator(engine, l.operator).evaluate(l.factValue, l.value);
              } catch {
                stats.leafThrows++;
                expected = false; // where json-rules-engine throws, our leaf is false
              }
              if (l.result !== expected) expect({ leaf: l, expected }).toBe("a leaf that agrees");
            }
          }

          let outcome: Awaited<ReturnType<typeof jreFired>> | undefined;
          try {
            outcome = await jreFired(engine, facts, ruleConds.length);
          } catch (e) {
            if (!(e instanceof TypeError)) throw e;
            stats.runsRejected++;
          }
          for (let i = 0; i < ruleConds.length; i++) {
            const id = `r${i}`;
            let fired: boolean;
            let tree: unknown;
            if (outcome) {
              fired = outcome.fired.has(id);
              tree = outcome.results.get(id);
            } else {
              single ??= ruleConds.map((_, j) => toJsonRulesEngine({ ...ruleset, rules: [ruleset.rules![j]!] }, { asOf: AS_OF }));
              try {
                const one = await jreFired(single[i]!, facts, 1);
                fired = one.fired.has(id);
                tree = one.results.get(id);
              } catch (e) {
                if (!(e instanceof TypeError)) throw e;
                // Excluded: json-rules-engine rejects the run; the leaf-level check above has
                // made sure that every leaf on which it throws is false on our side.
                stats.jreThrew++;
                continue;
              }
            }
            stats.pairs++;
            if (fired) stats.fired++;
            if (fired !== traces[i]!.result) {
              expect({ rule: ruleConds[i], named, facts, ours: traces[i]!.result }).toEqual({ rule: ruleConds[i], named, facts, ours: fired });
            }
            stats.treeLeaves += compareTrees(tree, traces[i]!);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`json-rules-engine oracle: ${JSON.stringify(stats)} in ${seconds.toFixed(1)} s`);
    expect(stats.subjects).toBeGreaterThanOrEqual(10_000);
    // The generators must reach both outcomes and json-rules-engine's throwing cases.
    expect(stats.fired).toBeGreaterThan(stats.pairs / 20);
    expect(stats.pairs - stats.fired).toBeGreaterThan(stats.pairs / 20);
    expect(stats.jreThrew).toBeGreaterThan(0);
    expect(stats.leafThrows).toBeGreaterThan(0);
  });

  it("the generated conditions and their closures (codegen: false) agree everywhere, traces included", () => {
    let pairs = 0;
    fc.assert(
      fc.property(namedArb, rulesArb, fc.array(subjectFacts, { minLength: 10, maxLength: 10 }), (named, conds, facts) => {
        const namedMap = new Map<string, ConditionDef>(named.map((c, i) => [NAMED[i]!, c]));
        for (const c of conds) {
          const generated = compileCondition(c, namedMap);
          const closures = compileCondition(c, namedMap, { codegen: false });
          for (const f of facts) {
            const ctx = { facts: f, asOf: AS_OF };
            expect(closures.test(ctx)).toBe(generated.test(ctx));
            expect(isDeepStrictEqual(closures.trace(ctx), generated.trace(ctx))).toBe(true);
            expect(generated.trace(ctx).result).toBe(generated.test(ctx));
            pairs++;
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(pairs).toBeGreaterThan(10_000);
  });

  it("agrees on fixed cases of json-rules-engine's quirks", async () => {
    const cases: { cond: TopConditionDef; facts: Record<string, unknown>; fired: boolean }[] = [
      { cond: { all: [{ fact: "a", operator: "greaterThan", value: 9 }] }, facts: { a: "10" }, fired: true },
      { cond: { all: [{ fact: "a", operator: "contains", value: "b" }] }, facts: { a: "abc" }, fired: false },
      { cond: { all: [{ fact: "a", operator: "in", value: "abc" }] }, facts: { a: "b" }, fired: true },
      { cond: { all: [{ fact: "a", operator: "equal", value: 5, path: "$.x.y" }] }, facts: { a: 5 }, fired: true },
      { cond: { all: [{ fact: "a", operator: "equal", value: 3, path: "$.s.length" }] }, facts: { a: { s: "abc" } }, fired: true },
      { cond: { all: [{ fact: "a", operator: "equal", value: undefined, path: "$.constructor" }] }, facts: { a: {} }, fired: true },
      { cond: { all: [{ fact: "a", operator: "equal", value: 1, path: "$.constructor" }] }, facts: { a: JSON.parse('{"constructor": 1}') }, fired: true },
      { cond: { not: { fact: "a", operator: "everyFact:equal", value: 1 } }, facts: { a: [] }, fired: false },
      { cond: { any: [{ fact: "missing", operator: "notEqual", value: 1 }] }, facts: {}, fired: true },
    ];
    for (const { cond, facts, fired } of cases) {
      const engine = toJsonRulesEngine(asRuleset([], [cond]), { asOf: AS_OF });
      expect((await jreFired(engine, facts, 1)).fired.has("r0")).toBe(fired);
      expect(compileCondition(cond, new Map()).test({ facts, asOf: AS_OF })).toBe(fired);
    }
  });

  it("makes the leaf false where json-rules-engine rejects the run", async () => {
    const throwing: TopConditionDef[] = [
      { all: [{ fact: "a", operator: "in", value: 5 }] },
      { all: [{ fact: "a", operator: "notIn", value: null }] },
      { all: [{ fact: "a", operator: "in", value: { fact: "b" } }] },
      { all: [{ fact: "a", operator: "someValue:equal", value: "abc" }] },
      { all: [{ fact: "a", operator: "everyValue:equal", value: 1 }] },
      { all: [{ fact: "w", operator: "greaterThan", value: 1 }] },
    ];
    for (const cond of throwing) {
      const facts = { a: 1, b: 2, w: { toString: 1, valueOf: 2 } };
      await expect(toJsonRulesEngine(asRuleset([], [cond]), { asOf: AS_OF }).run(facts)).rejects.toThrow(TypeError);
      expect(compileCondition(cond, new Map()).test({ facts, asOf: AS_OF })).toBe(false);
      expect(compileCondition({ not: cond }, new Map()).test({ facts, asOf: AS_OF })).toBe(true);
    }
  });
});

// ------------------------------------------------------------------ toJsonRulesEngine

describe("toJsonRulesEngine", () => {
  it("binds the date operators to asOf, with the semantics of the compiled conditions", async () => {
    const dates = ["2020-01-01", "2022-12-31", "2023-01-01", "2023-02-28", "2023-03-01", "2024-02-29", "2024-03-01", "2025-02-28", "2025-03-01", "2025-12-31", "2026-01-01", "2025-02-29", "bad"];
    const ops: [string, unknown][] = [
      ["withinLast", "P3Y"],
      ["withinLast", "P1Y"],
      ["withinLast", "P1M"],
      ["withinLast", "P90D"],
      ["notWithinLast", "P3Y"],
      ["notWithinLast", "nonsense"],
      ["before", "2023-01-01"],
      ["onOrBefore", "2023-01-01"],
      ["after", "2024-02-29"],
      ["onOrAfter", "2024-02-29"],
      ["after", { fact: "asOf" }],
      ["not:withinLast", "P1Y"],
      ["swap:before", "2023-01-01"],
    ];
    const conds: TopConditionDef[] = ops.map(([operator, value]) => ({ all: [{ fact: "d", operator, value }] }));
    conds.push({ all: [{ fact: "ds", operator: "someFact:withinLast", value: "P1Y" }] }, { all: [{ fact: "ds", operator: "everyFact:notWithinLast", value: "P1Y" }] });
    let compared = 0;
    let fired = 0;
    for (const asOf of ["2025-12-31", "2024-02-29", "2025-03-31", "2026-02-28"]) {
      const engine = toJsonRulesEngine(asRuleset([], conds), { asOf });
      const ours = conds.map((c) => compileCondition(c, new Map()));
      for (const d of dates) {
        const facts = { d, ds: [d, "2020-01-01"], asOf };
        const { fired: jre } = await jreFired(engine, facts, conds.length);
        ours.forEach((c, i) => {
          expect(jre.has(`r${i}`), `${JSON.stringify(conds[i])} on ${d} as of ${asOf}`).toBe(c.test({ facts, asOf }));
          compared++;
        });
        fired += jre.size;
      }
    }
    expect(compared).toBe(4 * dates.length * conds.length);
    expect(fired).toBeGreaterThan(compared / 5);
    // The window boundary itself: asOf minus P3Y is out, asOf is in, the day after asOf is out.
    const engine = toJsonRulesEngine(asRuleset([], [{ all: [{ fact: "d", operator: "withinLast", value: "P3Y" }] }]), { asOf: AS_OF });
    expect((await jreFired(engine, { d: "2022-12-31" }, 1)).fired.size).toBe(0);
    expect((await jreFired(engine, { d: "2023-01-01" }, 1)).fired.size).toBe(1);
    expect((await jreFired(engine, { d: "2025-12-31" }, 1)).fired.size).toBe(1);
    expect((await jreFired(engine, { d: "2026-01-01" }, 1)).fired.size).toBe(0);
  });

  it("names each rule by id and gives it the event { type, params: { ruleId, ...effect } }", async () => {
    const compiled = compileRuleset(recordsRuleset());
    const engine = toJsonRulesEngine(compiled, { asOf: AS_OF });
    const subject = { id: "s1", inputs: { years: 5, underInvestigation: true } };
    const { results, failureResults, events } = await engine.run(jsonRulesEngineFacts(compiled, subject, AS_OF));
    expect([...results, ...failureResults].map((r) => r.name).sort()).toEqual(compiled.ruleset.rules!.map((r) => r.id).sort());
    expect(events).toEqual([{ type: "not-gradable", params: { ruleId: "under-investigation", type: "not-gradable" } }]);
    const all = [...results, ...failureResults].map((r) => r.event);
    expect(all).toContainEqual({ type: "set-grade", params: { ruleId: "serious-dishonesty", type: "set-grade", grade: "E" } });
    expect(all).toContainEqual({ type: "adjust-points", params: { ruleId: "repeat-offender", type: "adjust-points", points: -10 } });
  });

  it("rejects an asOf that is not a date", () => {
    expect(() => toJsonRulesEngine(weightsRuleset(), { asOf: "31/12/2025" })).toThrow(CreditGradingError);
  });
});

// ------------------------------------------------------------------ whole rulesets

/** The records fixture, plus a nested named condition, a named leaf, leaf priorities and date operators. */
function interopRuleset(): Ruleset {
  const r = recordsRuleset();
  r.conditions = [
    ...(r.conditions ?? []),
    { id: "recentPenalty", conditions: { fact: "latestPenalty", path: "$.date", operator: "withinLast", value: "P1Y" } },
    {
      id: "troubled",
      conditions: { any: [{ condition: "seriouslyDishonest" }, { all: [{ condition: "recentPenalty" }, { fact: "penaltyAmount3y", operator: "greaterThan", value: 5000, priority: 2 }] }] },
    },
  ];
  r.rules = [
    ...(r.rules ?? []),
    {
      id: "troubled-cap",
      reason: { zh: "近期受罚", en: "recently penalised" },
      legalBasis: "test",
      conditions: { all: [{ condition: "troubled" }, { not: { fact: "years", operator: "greaterThan", value: 20 } }] },
      effect: { type: "cap", grade: "D" },
    },
    {
      id: "old-penalty-floor",
      reason: { zh: "处罚已久", en: "penalty long ago" },
      legalBasis: "test",
      conditions: {
        any: [
          { fact: "latestPenalty", path: "$.date", operator: "notWithinLast", value: "P2Y", priority: 3 },
          { fact: "latestPenalty", path: "$.date", operator: "before", value: "2023-06-30" },
        ],
      },
      effect: { type: "floor", grade: "B" },
    },
    {
      id: "high-score-bonus-cap",
      reason: { zh: "高分", en: "high score" },
      legalBasis: "test",
      conditions: { any: [{ fact: "scoreGrade", operator: "in", value: ["A", "B"] }, { fact: "score", operator: "greaterThan", value: 85 }] },
      effect: { type: "cap", grade: "B" },
    },
  ];
  return r;
}

// Mostly within the last three years, where the fixture's windows look.
const DAY_OFFSETS = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -3 * 365, max: 0 }) }, { weight: 1, arbitrary: fc.integer({ min: -6 * 365, max: 30 }) });
const dateFrom = (offset: number): string => new Date(Date.UTC(2025, 11, 31) + offset * 86_400_000).toISOString().slice(0, 10);

const recordArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant("penalty"),
      date: DAY_OFFSETS.map(dateFrom),
      severity: fc.constantFrom("minor", "general", "general", "general", "serious"),
      amount: fc.constantFrom(0, 500, 5000, 20000, 80000, 150000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant("list-entry"), date: DAY_OFFSETS.map(dateFrom), list: fc.constantFrom("serious-dishonesty", "abnormal-operation") }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant("commitment"),
      date: DAY_OFFSETS.map(dateFrom),
      due: DAY_OFFSETS.map(dateFrom),
      honoured: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      kind: fc.constantFrom("tax", "quality", "other"),
    }),
  },
);
const subjectArb = fc
  .tuple(
    fc.option(fc.integer({ min: 0, max: 30 }), { freq: 6 }),
    fc.option(fc.boolean(), { freq: 2 }),
    fc.array(recordArb, { maxLength: 14 }),
  )
  .map(([years, inv, records]) => ({
    id: "subject",
    inputs: { ...(years === null ? {} : { years }), ...(inv === null ? {} : { underInvestigation: inv }) },
    records: records.map((rec, i) => ({ id: `rec${i}`, ...rec })),
  }));

describe("a ruleset through json-rules-engine and through the evaluator", () => {
  const ruleset = interopRuleset();
  const compiled = compileRuleset(ruleset);
  const named = new Map<string, ConditionDef>(ruleset.conditions!.map((n) => [n.id, n.conditions]));
  const readsScore = new Set(ruleset.rules!.filter((r) => conditionFacts(r.conditions, named).some((f) => f === "score" || f === "scoreGrade")).map((r) => r.id));

  it("has rules of all five effect types, named conditions and rules that read the score", () => {
    expect(new Set(ruleset.rules!.map((r) => r.effect.type))).toEqual(new Set(["set-grade", "cap", "floor", "adjust-points", "not-gradable"]));
    expect(readsScore).toContain("high-score-bonus-cap");
    expect(readsScore.size).toBeLessThan(ruleset.rules!.length);
  });

  it("fires the same rules as evaluate(…, { trace: true })", async () => {
    const engine = toJsonRulesEngine(compiled, { asOf: AS_OF });
    let compared = 0;
    const firedCount = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(subjectArb, async (subject) => {
        const ev = compiled.evaluate(subject, { asOf: AS_OF, trace: true });
        const ours = new Set(ev.rules.filter((r) => r.fired).map((r) => r.id));
        const facts = jsonRulesEngineFacts(compiled, subject, AS_OF);

        // What a host can do without our score: drop score and scoreGrade, replay the rules that read neither.
        const hostFacts: Record<string, unknown> = { ...facts };
        delete hostFacts["score"];
        delete hostFacts["scoreGrade"];
        const withoutScore = await jreFired(engine, hostFacts, ruleset.rules!.length);
        for (const r of ruleset.rules!) {
          if (readsScore.has(r.id)) continue;
          expect(withoutScore.fired.has(r.id), r.id).toBe(ours.has(r.id));
          compared++;
        }
        // With the evaluator's own fact object, every rule replays, including those that read the score.
        const full = await jreFired(engine, facts, ruleset.rules!.length);
        expect([...full.fired].sort()).toEqual([...ours].sort());
        for (const id of ours) firedCount.set(id, (firedCount.get(id) ?? 0) + 1);
      }),
      { numRuns: 300 },
    );
    expect(compared).toBe(300 * (ruleset.rules!.length - readsScore.size));
    // Every rule fired for some subject.
    expect([...firedCount.keys()].sort()).toEqual(ruleset.rules!.map((r) => r.id).sort());
  });

  it("gives the facts the evaluator's rules read", () => {
    const subject = {
      id: "s2",
      inputs: { years: 4 },
      records: [{ id: "p1", type: "penalty", date: "2025-03-01", severity: "general", amount: 6000 }],
    };
    const facts = jsonRulesEngineFacts(compiled, subject, AS_OF);
    expect(facts).toMatchObject({ years: 4, penaltiesGeneral3y: 1, penaltyAmount3y: 6000, asOf: AS_OF, subjectId: "s2" });
    expect(facts["latestPenalty"]).toEqual(subject.records[0]);
    const ev = compiled.evaluate(subject, { asOf: AS_OF, trace: true });
    expect(facts["score"]).toBe(ev.score);
    expect(facts["scoreGrade"]).toBe(ev.scoreGrade);
    for (const r of ev.rules) {
      for (const [name, value] of Object.entries(r.facts)) expect(facts[name], `${r.id} reads ${name}`).toEqual(value);
    }
    // Not scored: the score facts are there, undefined.
    const notScored = compileRuleset(weightsRuleset());
    const f2 = jsonRulesEngineFacts(notScored, { id: "s3", inputs: { penalties: 1, honoured: true } }, AS_OF);
    expect(Object.keys(f2).sort()).toEqual(["asOf", "honoured", "penalties", "score", "scoreGrade", "subjectId"]);
    expect(f2["score"]).toBeUndefined();
  });
});
