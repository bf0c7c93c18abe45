/**
 * Re-entrant grading (issue #14, item 11): a getter on a subject's record that calls `grade` or
 * `evaluate` on the same compiled ruleset used to corrupt the outer result through the shared
 * scratch state. A call that finds the state in use gets a fresh one, so the outer result is the
 * one it would have been without the inner call, and the inner one is right too.
 */
import { describe, expect, it } from "vitest";
import { compileRuleset, type CompiledRuleset } from "../../src/index.js";
import { recordsRuleset } from "../fixtures.js";

const OUTER = {
  id: "outer",
  inputs: { years: 2, underInvestigation: false },
  records: [
    { id: "p1", type: "penalty", date: "2025-03-01", severity: "general", amount: 50_000 },
    { id: "p2", type: "penalty", date: "2025-04-01", severity: "general", amount: 60_000 },
  ],
};
const INNER = {
  id: "inner",
  inputs: { years: 10, underInvestigation: false },
  records: [{ id: "c1", type: "commitment", date: "2025-01-10", due: "2025-06-01", honoured: true }],
};

// The outer subject with a record whose `amount` getter grades the inner subject first (twice, through both entry points).
function reentering(c: CompiledRuleset, seen: unknown[]): unknown {
  const record = { id: "p3", type: "penalty", date: "2025-05-01", severity: "minor" } as Record<string, unknown>;
  Object.defineProperty(record, "amount", {
    enumerable: true,
    get() {
      seen.push(c.grade(INNER, { asOf: "2025-12-31" }), c.evaluate(INNER, { asOf: "2025-12-31", trace: true }));
      return 1;
    },
  });
  return { ...OUTER, records: [...OUTER.records, record] };
}

describe("grading re-entered from a subject's getter", () => {
  for (const codegen of [true, false]) {
    const name = codegen ? "generated code" : "closures";
    const c = compileRuleset(recordsRuleset(), undefined, { codegen });
    const plainOuter = { ...OUTER, records: [...OUTER.records, { id: "p3", type: "penalty", date: "2025-05-01", severity: "minor", amount: 1 }] };

    it(`grade: the outer and inner results are each the one without re-entry (${name})`, () => {
      const expectedOuter = c.grade(plainOuter, { asOf: "2025-12-31" });
      const expectedInner = c.grade(INNER, { asOf: "2025-12-31" });
      expect(expectedOuter.grade).not.toBe(expectedInner.grade);
      const seen: unknown[] = [];
      const got = c.grade(reentering(c, seen), { asOf: "2025-12-31" });
      expect(seen.length).toBeGreaterThan(0);
      expect(got).toEqual(expectedOuter);
      expect(seen[0]).toEqual(expectedInner);
    });

    it(`evaluate with a trace: the outer and inner results are each the one without re-entry (${name})`, () => {
      const expectedOuter = c.evaluate(plainOuter, { asOf: "2025-12-31", trace: true });
      const expectedInner = c.evaluate(INNER, { asOf: "2025-12-31", trace: true });
      const seen: unknown[] = [];
      const got = c.evaluate(reentering(c, seen), { asOf: "2025-12-31", trace: true });
      expect(JSON.stringify(got)).toBe(JSON.stringify(expectedOuter));
      expect(JSON.stringify(seen[1])).toBe(JSON.stringify(expectedInner));
      // And the shared state is free again afterwards.
      expect(JSON.stringify(c.evaluate(plainOuter, { asOf: "2025-12-31", trace: true }))).toBe(JSON.stringify(expectedOuter));
    });
  }
});
