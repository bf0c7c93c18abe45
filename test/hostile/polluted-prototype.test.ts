/**
 * Records read through the prototype (issue #14, item 10): with `Object.prototype.repairedAt =
 * "2025-08-01"` an E/50 subject became A/100, because a record's lifetime read `repairedAt`,
 * `revokedAt`, `publicUntil` and `severity` as ordinary properties. Subject data is read as own
 * properties only, in generated code and closures alike (the differential test over every field
 * is in codegen.test.ts, "record fields on Object.prototype").
 */
import { describe, expect, it } from "vitest";
import { compileRuleset } from "../../src/index.js";
import { recordsRuleset } from "../fixtures.js";

const subject = {
  id: "x",
  inputs: { years: 5, underInvestigation: false },
  records: [
    { id: "p1", type: "penalty", date: "2025-03-01", severity: "serious", amount: 10 },
    { id: "p2", type: "penalty", date: "2025-04-01", severity: "serious", amount: 10 },
  ],
};

function withProto<T>(key: string, value: unknown, f: () => T): T {
  const proto = Object.prototype as Record<string, unknown>;
  proto[key] = value;
  try {
    return f();
  } finally {
    delete proto[key];
  }
}

describe("record fields on Object.prototype are not the record's", () => {
  for (const codegen of [true, false]) {
    const c = compileRuleset(recordsRuleset(), undefined, { codegen });
    const clean = c.evaluate(subject, { asOf: "2025-12-31" });

    it(`the reproduction (${codegen ? "generated code" : "closures"}): repairedAt on the prototype leaves the seriously dishonest subject at E`, () => {
      expect(clean.grade).toBe("E");
      const polluted = withProto("repairedAt", "2025-08-01", () => c.evaluate(subject, { asOf: "2025-12-31" }));
      expect(polluted.grade).toBe("E");
      expect(polluted.score).toBe(clean.score);
      expect(polluted.excludedRecords).toEqual([]);
    });

    for (const [key, value] of [
      ["revokedAt", "2025-08-01"],
      ["publicUntil", "2025-05-01"],
      ["severity", "minor"],
    ] as const) {
      it(`${key} on the prototype changes nothing (${codegen ? "generated code" : "closures"})`, () => {
        const polluted = withProto(key, value, () => c.evaluate(subject, { asOf: "2025-12-31" }));
        expect(JSON.stringify(polluted)).toBe(JSON.stringify(clean));
      });
    }

    it(`a subject's inputs and records on the prototype are not its own (${codegen ? "generated code" : "closures"})`, () => {
      const bare = { id: "x" };
      const before = c.evaluate(bare, { asOf: "2025-12-31" });
      const polluted = withProto("records", subject.records, () => withProto("inputs", subject.inputs, () => c.evaluate(bare, { asOf: "2025-12-31" })));
      expect(JSON.stringify(polluted)).toBe(JSON.stringify(before));
    });
  }
});
