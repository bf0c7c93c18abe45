/**
 * Hostile rulesets (issue #14, item 1): named conditions that expand exponentially, chains of
 * references deeper than the nesting limit, and random graphs of named conditions. Each named
 * condition is checked once, its written-out size and depth counted against
 * MAX_CONDITION_NODES and MAX_CONDITION_DEPTH, and a ruleset past a limit gets a diagnostic,
 * never a hang, a stack overflow or an exponential trace.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compileCondition,
  compileRuleset,
  type ConditionDef,
  type ConditionTrace,
  CreditGradingError,
  MAX_CONDITION_DEPTH,
  MAX_CONDITION_NODES,
  type Ruleset,
  RulesetError,
  toJsonRulesEngine,
  validateRuleset,
} from "../../src/index.js";
import { recordsRuleset } from "../fixtures.js";

type Doc = any;

const LEAF = { fact: "years", operator: "greaterThan", value: 1 };

/** c0 = { all: [leaf] }, c_i = { all: [ {condition: c_{i-1}}, {condition: c_{i-1}} ] }: c_i written out has 5·2^i − 3 nodes. */
function doubling(levels: number): Doc {
  const r: Doc = recordsRuleset();
  r.conditions = [{ id: "c0", conditions: { all: [LEAF] } }];
  for (let i = 1; i <= levels; i++) r.conditions.push({ id: `c${i}`, conditions: { all: [{ condition: `c${i - 1}` }, { condition: `c${i - 1}` }] } });
  r.rules[0].conditions = { condition: `c${levels}` };
  return r;
}

/** n0 = { all: [leaf] }, n_i = { all: [ {condition: n_{i-1}} ] }: a chain of references. */
function chain(length: number): Doc {
  const r: Doc = recordsRuleset();
  r.conditions = [{ id: "n0", conditions: { all: [LEAF] } }];
  for (let i = 1; i < length; i++) r.conditions.push({ id: `n${i}`, conditions: { all: [{ condition: `n${i - 1}` }] } });
  r.rules[0].conditions = { condition: `n${length - 1}` };
  return r;
}

const expandedNodes = (i: number): number => 5 * 2 ** i - 3;
const firstTooLarge = (() => {
  let i = 0;
  while (expandedNodes(i) <= MAX_CONDITION_NODES) i++;
  return i;
})();

describe("named conditions that expand exponentially", () => {
  it("the limits are the stated ones", () => {
    expect(MAX_CONDITION_NODES).toBe(20_000);
    expect(MAX_CONDITION_DEPTH).toBe(32);
  });

  it("40 levels (a few KB) validate at once: one CONDITION_TOO_LARGE, at the first named condition past the limit", () => {
    const r = doubling(40);
    expect(JSON.stringify(r).length).toBeLessThan(10_000);
    const v = validateRuleset(r);
    expect(v.valid).toBe(false);
    expect(v.diagnostics.filter((d) => d.severity === "error")).toEqual([
      {
        code: "CONDITION_TOO_LARGE",
        path: ["conditions", firstTooLarge, "conditions"],
        severity: "error",
        message: `named condition "c${firstTooLarge}" has more than ${MAX_CONDITION_NODES} nodes with the named conditions it refers to written out at each use (the limit is ${MAX_CONDITION_NODES})`,
      },
    ]);
  });

  it("just under the limit the ruleset loads, grades and traces, and the trace has the written-out size", () => {
    const levels = firstTooLarge - 1;
    const compiled = compileRuleset(doubling(levels));
    const subject = { id: "x", inputs: { years: 5, underInvestigation: false } };
    for (const codegen of [true, false]) {
      const c = codegen ? compiled : compileRuleset(doubling(levels), undefined, { codegen: false });
      expect(c.grade(subject, { asOf: "2025-12-31" }).grade).toBe("E");
      const ev = c.evaluate(subject, { asOf: "2025-12-31", trace: true });
      const trace = ev.rules.find((x) => x.id === "serious-dishonesty")!.trace!;
      let nodes = 0;
      const walk = (t: any): void => {
        nodes++;
        if (t.children) t.children.forEach(walk);
        if (t.child) walk(t.child);
      };
      walk(trace);
      expect(nodes).toBe(1 + expandedNodes(levels));
      expect(trace.result).toBe(true);
    }
  });

  it("the rules together are bounded too: many rules each under the limit, past it in all", () => {
    const r = doubling(firstTooLarge - 1);
    const base = r.rules[0];
    const firstCopy = r.rules.length; // rule 0 and its first copy are past the limit together
    for (let i = 0; i < 3; i++) r.rules.push({ ...base, id: `again-${i}` });
    const v = validateRuleset(r);
    const errors = v.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.path])).toEqual([["CONDITION_TOO_LARGE", ["rules", firstCopy, "conditions"]]]);
    expect(errors[0]!.message).toMatch(/^the conditions of the rules and derived facts have more than 20000 nodes in all with named conditions written out at each use \(the limit is 20000\)/);
  });

  it("a where clause is counted with the rules", () => {
    const r = doubling(firstTooLarge - 1);
    r.facts[0].where = { condition: `c${firstTooLarge - 1}` };
    r.rules[0].conditions = { all: [LEAF] };
    expect(validateRuleset(r).valid).toBe(true);
    r.facts[1].where = { condition: `c${firstTooLarge - 1}` };
    const errors = validateRuleset(r).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.path])).toEqual([["CONDITION_TOO_LARGE", ["facts", 1, "where"]]]);
  });
});

describe("chains of references", () => {
  it("a chain of 10,000 named conditions is a CONDITION_TOO_DEEP diagnostic, not a stack overflow", () => {
    const v = validateRuleset(chain(10_000));
    expect(v.valid).toBe(false);
    const errors = v.diagnostics.filter((d) => d.severity === "error");
    // n0 has depth 2; n_i has depth 2(i+1): the first past 32 is n16, and the rest are not reported again.
    expect(errors).toEqual([
      {
        code: "CONDITION_TOO_DEEP",
        path: ["conditions", 16, "conditions"],
        severity: "error",
        message: `named condition "n16" is nested more than ${MAX_CONDITION_DEPTH} levels deep with the named conditions it refers to written out (the limit is ${MAX_CONDITION_DEPTH})`,
      },
    ]);
  });

  it("references do not get around the nesting limit: a rule nesting a named condition past it", () => {
    const r = chain(15); // n14 has depth 30, the rule's reference to it 31
    expect(validateRuleset(r).valid).toBe(true);
    r.rules[0].conditions = { not: { not: { condition: "n14" } } };
    const errors = validateRuleset(r).diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.path])).toEqual([["CONDITION_TOO_DEEP", ["rules", 0, "conditions"]]]);
  });

  it("a long cycle is reported at each member with a short message", () => {
    const r: Doc = recordsRuleset();
    r.conditions = Array.from({ length: 5000 }, (_, i) => ({ id: `k${i}`, conditions: { not: { condition: `k${(i + 1) % 5000}` } } }));
    r.rules[0].conditions = { condition: "k0" };
    const errors = validateRuleset(r).diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(5000);
    expect(new Set(errors.map((d) => d.code))).toEqual(new Set(["CONDITION_CYCLE"]));
    expect(errors[0]!.message).toBe("named conditions refer to each other in a cycle: k0 → k1 → k2 → k3 → … → k4998 → k4999 → k0 (5000 references)");
    expect(Math.max(...errors.map((d) => d.message.length))).toBeLessThan(200);
  });
});

describe("every path is bounded", () => {
  it("compileCondition refuses a condition past the limits with a CreditGradingError", () => {
    const named = new Map<string, ConditionDef>([["c0", { all: [LEAF] }]]);
    for (let i = 1; i <= 40; i++) named.set(`c${i}`, { all: [{ condition: `c${i - 1}` }, { condition: `c${i - 1}` }] });
    const run = (): unknown => compileCondition({ condition: "c40" }, named);
    expect(run).toThrow(CreditGradingError);
    expect(run).toThrow(/more than 20000 nodes/);
    const deep = new Map<string, ConditionDef>([["n0", LEAF]]);
    for (let i = 1; i < 10_000; i++) deep.set(`n${i}`, { not: { condition: `n${i - 1}` } });
    expect(() => compileCondition({ condition: "n9999" }, deep)).toThrow(/nested more than 32 levels/);
    // A deep condition written out by hand, no reference at all.
    let literal: ConditionDef = LEAF;
    for (let i = 0; i < 100_000; i++) literal = { not: literal };
    expect(() => compileCondition(literal, new Map())).toThrow(/nested more than 32 levels/);
  });

  it("toJsonRulesEngine refuses a ruleset past the limits that was never loaded", () => {
    const r = doubling(40) as Ruleset;
    expect(() => toJsonRulesEngine(r, { asOf: "2025-12-31" })).toThrow(RulesetError);
  });
});

// ---------------------------------------------------------------- random graphs

/** Written out with a cap: the number of nodes and the depth, or Infinity past the cap or on a cycle. */
function writtenOut(def: ConditionDef, named: ReadonlyMap<string, ConditionDef>, cap: number): { nodes: number; depth: number } {
  let nodes = 0;
  let depth = 0;
  const stack: [ConditionDef, number, readonly string[]][] = [[def, 1, []]];
  while (stack.length > 0) {
    const [d, level, path] = stack.pop()!;
    nodes++;
    depth = Math.max(depth, level);
    if (nodes > cap || level > MAX_CONDITION_DEPTH + 1) return { nodes: Infinity, depth: Infinity };
    if ("all" in d) for (const k of d.all) stack.push([k, level + 1, path]);
    else if ("any" in d) for (const k of d.any) stack.push([k, level + 1, path]);
    else if ("not" in d) stack.push([d.not, level + 1, path]);
    else if ("condition" in d) {
      if (path.includes(d.condition)) return { nodes: Infinity, depth: Infinity };
      const t = named.get(d.condition);
      if (t) stack.push([t, level + 1, [...path, d.condition]]);
    }
  }
  return { nodes, depth };
}

const node = (size: number): fc.Arbitrary<ConditionDef> =>
  fc.letrec<{ c: ConditionDef }>((tie) => ({
    c: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      { arbitrary: fc.constant(LEAF as ConditionDef), weight: 2 },
      { arbitrary: fc.nat(size - 1).map((i): ConditionDef => ({ condition: `g${i}` })), weight: 3 },
      fc.array(tie("c"), { minLength: 1, maxLength: 4 }).map((all): ConditionDef => ({ all })),
      fc.array(tie("c"), { minLength: 1, maxLength: 4 }).map((any): ConditionDef => ({ any })),
      tie("c").map((not): ConditionDef => ({ not })),
    ),
  })).c;

/** The nodes and levels of a trace (a named condition's node and its body count apart, as written out). */
function traceSize(t: ConditionTrace): { nodes: number; depth: number } {
  const children = t.kind === "leaf" ? [] : "children" in t ? t.children : [t.child];
  const sizes = children.map(traceSize);
  return { nodes: 1 + sizes.reduce((n, x) => n + x.nodes, 0), depth: 1 + Math.max(0, ...sizes.map((x) => x.depth)) };
}

describe("random graphs of named conditions", () => {
  it("validation always returns, and accepts exactly the rulesets within the limits, which then trace within them", () => {
    let validTraced = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }).chain((n) => fc.tuple(fc.constant(n), fc.array(node(n), { minLength: n, maxLength: n }), fc.nat(n - 1))), ([, defs, top]) => {
        const r: Doc = recordsRuleset();
        r.conditions = defs.map((d, i) => ({ id: `g${i}`, conditions: d }));
        r.rules[0].conditions = { any: [{ condition: `g${top}` }] };
        const named = new Map<string, ConditionDef>(defs.map((d, i) => [`g${i}`, d]));
        const v = validateRuleset(r);
        const codes = new Set(v.diagnostics.filter((d) => d.severity === "error").map((d) => d.code));
        const each = defs.map((d) => writtenOut(d, named, MAX_CONDITION_NODES));
        const uses = [...r.rules.map((x: Doc) => x.conditions), ...r.facts.filter((f: Doc) => f.where).map((f: Doc) => f.where)].map((d) => writtenOut(d, named, MAX_CONDITION_NODES));
        const within =
          [...each, ...uses].every((w) => w.nodes <= MAX_CONDITION_NODES && w.depth <= MAX_CONDITION_DEPTH) && uses.reduce((n, w) => n + w.nodes, 0) <= MAX_CONDITION_NODES;
        expect(v.valid, JSON.stringify([...codes])).toBe(within);
        for (const code of codes) expect(["CONDITION_CYCLE", "CONDITION_TOO_LARGE", "CONDITION_TOO_DEEP"]).toContain(code);
        if (v.valid) {
          // The trace is the condition written out: as many nodes, as deep, within the limits.
          const ev = compileRuleset(r).evaluate({ id: "x", inputs: { years: 3 } }, { asOf: "2025-12-31", trace: true });
          expect(traceSize(ev.rules[0]!.trace!)).toEqual(uses[0]);
          validTraced++;
        }
      }),
      { numRuns: 150 },
    );
    expect(validTraced).toBeGreaterThan(10);
  });
});
