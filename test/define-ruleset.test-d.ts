/**
 * Type-level tests of the ruleset types (vitest type-checks `*.test-d.ts`).
 */
import { describe, expectTypeOf, it } from "vitest";
import { defineRuleset, type Evaluation, type Grade, type Ruleset, type ScoringDef } from "../src/index.js";

describe("defineRuleset", () => {
  it("preserves the literal type of its argument", () => {
    const r = defineRuleset({
      formatVersion: 1,
      id: "typed",
      scheme: "typed",
      kind: "other",
      name: { zh: "类型", en: "typed" },
      version: "1.0.0",
      effective: { from: "2025-01-01" },
      scale: { min: 0, max: 100 },
      rounding: { scale: 2, mode: "half-up" },
      weighting: "weights",
      inputs: [{ id: "ok", type: "boolean" }],
      indicators: [
        { id: "only", name: { zh: "唯一", en: "only" }, weight: 100, scoring: { type: "boolean", input: "ok", whenTrue: 100, whenFalse: 0 } },
      ],
      bands: [{ grade: "A", min: 0, max: 100 }],
    });
    expectTypeOf(r.id).toEqualTypeOf<"typed">();
    expectTypeOf(r.kind).toEqualTypeOf<"other">();
    expectTypeOf(r.weighting).toEqualTypeOf<"weights">();
    expectTypeOf(r.scale.max).toEqualTypeOf<100>();
    expectTypeOf(r.bands[0].grade).toEqualTypeOf<"A">();
    expectTypeOf(r.indicators[0].scoring.type).toEqualTypeOf<"boolean">();
    expectTypeOf(r).toExtend<Ruleset>();
    // Not widened to the schema's types.
    expectTypeOf(r.id).not.toEqualTypeOf<string>();
    expectTypeOf(r.kind).not.toEqualTypeOf<Ruleset["kind"]>();
  });

  it("returns the declared type when given a Ruleset", () => {
    const wide = {} as Ruleset;
    expectTypeOf(defineRuleset(wide)).toEqualTypeOf<Ruleset>();
    expectTypeOf(defineRuleset).parameter(0).toExtend<Ruleset>();
  });
});

describe("Ruleset", () => {
  const base = {
    formatVersion: 1,
    id: "x",
    scheme: "x",
    kind: "other",
    name: { zh: "x", en: "x" },
    version: "1.0.0",
    effective: { from: "2025-01-01" },
    scale: { min: 0, max: 100 },
    rounding: { scale: 2, mode: "half-up" },
    inputs: [],
    bands: [{ grade: "A", min: 0, max: 100 }],
  } as const;

  it("rejects an unknown scoring type", () => {
    const ok: Ruleset = {
      ...base,
      inputs: [],
      bands: [{ grade: "A", min: 0, max: 100 }],
      weighting: "weights",
      indicators: [{ id: "i", name: { zh: "i", en: "i" }, weight: 100, scoring: { type: "passthrough", input: "s" } }],
    };
    expectTypeOf(ok).toEqualTypeOf<Ruleset>();
    const bad: Ruleset = {
      ...base,
      inputs: [],
      bands: [{ grade: "A", min: 0, max: 100 }],
      weighting: "weights",
      indicators: [
        // @ts-expect-error -- "table" is not a scoring type
        { id: "i", name: { zh: "i", en: "i" }, weight: 100, scoring: { type: "table", input: "s" } },
      ],
    };
    expectTypeOf(bad).toEqualTypeOf<Ruleset>();
    expectTypeOf<"table">().not.toExtend<ScoringDef["type"]>();
    expectTypeOf<ScoringDef["type"]>().toEqualTypeOf<"linear" | "bins" | "boolean" | "lookup" | "deduction" | "passthrough">();
  });

  it("rejects a missing weighting", () => {
    // @ts-expect-error -- weighting is required
    const bad: Ruleset = {
      ...base,
      inputs: [],
      bands: [{ grade: "A", min: 0, max: 100 }],
      indicators: [{ id: "i", name: { zh: "i", en: "i" }, weight: 100, scoring: { type: "passthrough", input: "s" } }],
    };
    expectTypeOf(bad.weighting).toEqualTypeOf<"points" | "weights">();
  });

  it("rejects an unknown weighting and an unknown grade", () => {
    expectTypeOf<{ weighting: "percent" }>().not.toExtend<Pick<Ruleset, "weighting">>();
    expectTypeOf<Ruleset["bands"][number]["grade"]>().toEqualTypeOf<Grade>();
  });
});

describe("Evaluation", () => {
  it("has grade: Grade | null", () => {
    expectTypeOf<Evaluation["grade"]>().toEqualTypeOf<Grade | null>();
    expectTypeOf<Grade>().toEqualTypeOf<"A" | "B" | "C" | "D" | "E">();
  });
});
