import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRuleset, type CompiledRuleset, type Evaluation, gradeRank, type RoundingMode } from "../src/index.js";
import { industryRuleset, weightsRuleset } from "./fixtures.js";

const ASOF = { asOf: "2025-06-30" };
const RUNS = { numRuns: 300 };
const MODES: readonly RoundingMode[] = ["half-up", "half-even", "down", "up"];

/** The fixtures compiled under every rounding mode at scales 0–3: monotonicity must not depend on rounding. */
function variants(make: typeof weightsRuleset): CompiledRuleset[] {
  const out: CompiledRuleset[] = [];
  for (const mode of MODES) {
    for (let scale = 0; scale <= 3; scale++) {
      const r = make();
      r.rounding = { scale, mode };
      out.push(compileRuleset(r));
    }
  }
  return out;
}
const weightsVariants = variants(weightsRuleset);
const industryVariants = variants(industryRuleset);

// ---------------------------------------------------------------- subjects

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 5 });
const years = fc.double({ min: 0, max: 20, noNaN: true, noDefaultInfinity: true });
const weightsSubject = fc.record({
  id: fc.constant("W"),
  inputs: fc.record({ years, penalties: maybe(fc.integer({ min: 0, max: 15 })), honoured: maybe(fc.boolean()) }),
});
const publicScore = fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true });
const industrySubject = fc.record({
  id: fc.constant("I"),
  inputs: fc.record({
    publicScore,
    complaints: maybe(fc.integer({ min: 0, max: 10 })),
    level: fc.constantFrom("gold", "silver", "none"),
  }),
});

/** Asserts `better` scores at least as high and grades at least as well as `base`. */
function noWorse(better: Evaluation, base: Evaluation): void {
  expect(better.gradable && base.gradable).toBe(true);
  expect(better.score!).toBeGreaterThanOrEqual(base.score!);
  expect(gradeRank(better.grade!)).toBeLessThanOrEqual(gradeRank(base.grade!));
}

describe("a better indicator never gives a worse grade", () => {
  it("weights ruleset: raising years (higher-better linear) never lowers the total or worsens the grade", () => {
    fc.assert(
      fc.property(fc.constantFrom(...weightsVariants), weightsSubject, fc.double({ min: 0, max: 20, noNaN: true }), (c, s, up) => {
        const raised = { ...s, inputs: { ...s.inputs, years: s.inputs.years + up } };
        noWorse(c.evaluate(raised, ASOF), c.evaluate(s, ASOF));
      }),
      RUNS,
    );
  });

  it("weights ruleset: lowering the penalty count (deduction) never lowers the total or worsens the grade", () => {
    fc.assert(
      fc.property(fc.constantFrom(...weightsVariants), weightsSubject, fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }), (c, s, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const fewer = { ...s, inputs: { ...s.inputs, penalties: lo } };
        const more = { ...s, inputs: { ...s.inputs, penalties: hi } };
        noWorse(c.evaluate(fewer, ASOF), c.evaluate(more, ASOF));
      }),
      RUNS,
    );
  });

  it("points ruleset: raising the public composite score (passthrough) never lowers the total or worsens the grade", () => {
    fc.assert(
      fc.property(fc.constantFrom(...industryVariants), industrySubject, publicScore, (c, s, other) => {
        const [lo, hi] = s.inputs.publicScore <= other ? [s.inputs.publicScore, other] : [other, s.inputs.publicScore];
        const low = { ...s, inputs: { ...s.inputs, publicScore: lo } };
        const high = { ...s, inputs: { ...s.inputs, publicScore: hi } };
        noWorse(c.evaluate(high, ASOF), c.evaluate(low, ASOF));
      }),
      RUNS,
    );
  });

  it("points ruleset: fewer complaints (bins, lower is better) never lowers the total or worsens the grade", () => {
    fc.assert(
      fc.property(fc.constantFrom(...industryVariants), industrySubject, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), (c, s, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        noWorse(
          c.evaluate({ ...s, inputs: { ...s.inputs, complaints: lo } }, ASOF),
          c.evaluate({ ...s, inputs: { ...s.inputs, complaints: hi } }, ASOF),
        );
      }),
      RUNS,
    );
  });
});

describe("totals and contributions stay in range", () => {
  const check = (c: CompiledRuleset, e: Evaluation) => {
    const { scale, rounding } = c.ruleset;
    expect(e.gradable).toBe(true);
    expect(e.score!).toBeGreaterThanOrEqual(scale.min);
    expect(e.score!).toBeLessThanOrEqual(scale.max);
    let units = 0;
    for (const i of e.indicators) {
      expect(i.contribution!).toBeGreaterThanOrEqual(0);
      expect(i.contribution!).toBeLessThanOrEqual(i.maxPoints);
      expect(i.score!).toBeGreaterThanOrEqual(0);
      expect(i.score!).toBeLessThanOrEqual(i.outOf);
      expect(i.pointsLost!).toBeGreaterThanOrEqual(0);
      units += Math.round(i.contribution! * 10 ** rounding.scale);
    }
    for (const g of e.groups) {
      expect(g.score!).toBeGreaterThanOrEqual(0);
      expect(g.score!).toBeLessThanOrEqual(g.maxPoints);
    }
    // The total is the exact sum of the rounded contributions (on top of the scale's min).
    expect(Math.round(e.score! * 10 ** rounding.scale)).toBe(units + Math.round(scale.min * 10 ** rounding.scale));
    // And it lies in the band it was given.
    const b = e.band!;
    expect(b.grade).toBe(e.grade);
    expect(b.minInclusive ? e.score! >= b.min : e.score! > b.min).toBe(true);
    expect(b.maxInclusive ? e.score! <= b.max : e.score! < b.max).toBe(true);
  };

  it("weights ruleset", () => {
    fc.assert(
      fc.property(fc.constantFrom(...weightsVariants), weightsSubject, (c, s) => check(c, c.evaluate(s, ASOF))),
      RUNS,
    );
  });

  it("points ruleset", () => {
    fc.assert(
      fc.property(fc.constantFrom(...industryVariants), industrySubject, (c, s) => check(c, c.evaluate(s, ASOF))),
      RUNS,
    );
  });
});

describe("evaluateMany never drops or reorders an input", () => {
  type Tagged = { valid: true; v: { id: string } } | { valid: false; v: unknown };
  const item = (valid: fc.Arbitrary<{ id: string }>): fc.Arbitrary<Tagged> =>
    fc.oneof(
      fc.anything().map((v): Tagged => ({ valid: false, v })),
      valid.map((v): Tagged => ({ valid: true, v })),
    );

  for (const [label, compiled, valid] of [
    ["weights ruleset", weightsVariants[0]!, weightsSubject],
    ["points ruleset", industryVariants[0]!, industrySubject],
  ] as const) {
    it(`${label}: one outcome per input, index matching, valid subjects graded`, () => {
      fc.assert(
        fc.property(fc.array(item(valid), { maxLength: 30 }), (items) => {
          const out = [...compiled.evaluateMany(items.map((t) => t.v), ASOF)];
          expect(out).toHaveLength(items.length);
          out.forEach((o, i) => {
            expect(o.index).toBe(i);
            const t = items[i]!;
            if (t.valid) {
              expect(o.ok).toBe(true);
              if (o.ok) expect(o.evaluation.subjectId).toBe(t.v.id);
            } else if (!o.ok) {
              expect(o.error.code).toBe("SUBJECT_INVALID");
            }
          });
        }),
        RUNS,
      );
    });
  }
});
