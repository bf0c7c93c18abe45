/**
 * Hostile operators (issue #14, item 3): `"not:".repeat(2000) + "equal"` was a valid operator,
 * and with enough decorators the comparison's stack overflow (a RangeError) was swallowed by the
 * catch-all in `resolveOperator`: the rule silently did not fire. Now an operator carries at most
 * MAX_OPERATOR_DECORATORS decorators (a schema diagnostic at load), and only the TypeErrors
 * json-rules-engine's comparisons throw on data of the wrong shape become `false`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveOperator } from "../../src/engine/operators.js";
import { compileCondition, CreditGradingError, MAX_OPERATOR_DECORATORS, OPERATOR_DECORATORS, validateRuleset } from "../../src/index.js";
import { recordsRuleset } from "../fixtures.js";

const ruleWith = (operator: string): unknown => {
  const r: any = recordsRuleset();
  r.rules[1].conditions = { all: [{ fact: "penaltyAmount3y", operator, value: 1 }] };
  return r;
};

describe("decorated operators", () => {
  it("the reproduction: 2000 decorators are a diagnostic at load, with the path", () => {
    const v = validateRuleset(ruleWith(`${"not:".repeat(2000)}equal`));
    expect(v.valid).toBe(false);
    expect(v.diagnostics.map((d) => [d.code, d.path])).toEqual([["SCHEMA_INVALID", ["rules", 1, "conditions", "all", 0, "operator"]]]);
  });

  it("a host's condition with too many decorators is refused with the library's error", () => {
    const run = (): unknown => compileCondition({ fact: "a", operator: `${"not:".repeat(2000)}equal`, value: 1 }, new Map());
    expect(run).toThrow(CreditGradingError);
    expect(run).toThrow(/unknown operator/);
  });

  it("the limit is 8, and 8 decorators work", () => {
    expect(MAX_OPERATOR_DECORATORS).toBe(8);
    const c = compileCondition({ fact: "a", operator: `${"not:".repeat(8)}equal`, value: 1 }, new Map());
    expect(c.test({ facts: { a: 1 }, asOf: "2025-01-01" })).toBe(true);
    expect(c.test({ facts: { a: 2 }, asOf: "2025-01-01" })).toBe(false);
  });

  it("an error that is not a comparison's TypeError is thrown on, never read as false", () => {
    const boom = new Proxy([], {
      get() {
        throw new RangeError("Maximum call stack size exceeded");
      },
    });
    const op = resolveOperator("someValue:equal")!;
    expect(() => op(1, boom, "2025-01-01")).toThrow(RangeError);
    const plain = resolveOperator("in")!;
    expect(() => plain(1, boom, "2025-01-01")).toThrow(RangeError);
    // json-rules-engine's own TypeErrors on data of the wrong shape stay false.
    expect(resolveOperator("someValue:equal")!(1, 5, "2025-01-01")).toBe(false);
    expect(resolveOperator("in")!(1, null, "2025-01-01")).toBe(false);
  });

  it("any number of decorators: accepted by the schema and resolved exactly when within the limit", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OPERATOR_DECORATORS), { maxLength: 24 }), fc.constantFrom("equal", "lessThan", "in", "withinLast"), (decorators, base) => {
        const name = [...decorators, base].join(":");
        const within = decorators.length <= MAX_OPERATOR_DECORATORS;
        expect(resolveOperator(name) !== undefined).toBe(within);
        const v = validateRuleset(ruleWith(name));
        expect(v.diagnostics.some((d) => d.code === "SCHEMA_INVALID")).toBe(!within);
      }),
      { numRuns: 200 },
    );
  });
});
