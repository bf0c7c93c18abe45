import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRuleset, CreditGradingError, type Grade, GRADES, type InspectionPlan, type Inspector, type PlanInput, planInspections, planSubjectFromEvaluation, type PlanSubject, sampleSize, type SamplingPolicy, verifyPlan } from "../src/index.js";
import { createRandom, shuffle } from "../src/supervision/random.js";
import { weightsRuleset } from "./fixtures.js";

/** `n` subjects of a grade, ids `${grade}001`…, spread over units U1–U3. */
function subjects(grade: Grade, n: number, extra: Partial<PlanSubject> = {}): PlanSubject[] {
  return Array.from({ length: n }, (_, i) => ({ subjectId: `${grade}${String(i + 1).padStart(3, "0")}`, grade, unit: `U${(i % 3) + 1}`, ...extra }));
}

/** `n` inspectors I01…, spread over units U1–U4. */
function roster(n: number): Inspector[] {
  return Array.from({ length: n }, (_, i) => ({ id: `I${String(i + 1).padStart(2, "0")}`, unit: `U${(i % 4) + 1}` }));
}

const population = [...subjects("A", 40), ...subjects("B", 30), ...subjects("C", 30), ...subjects("D", 7), ...subjects("E", 5)];
const base: PlanInput = { seed: "2025-Q3-林甸-001", population, roster: roster(12) };

const drawnOf = (plan: InspectionPlan, grade: Grade) => plan.draws.filter((d) => d.grade === grade);
const gradeOf = (plan: InspectionPlan, grade: Grade) => plan.grades.find((g) => g.grade === grade)!;

describe("sampleSize", () => {
  it("rounds up, treating products a few ulps off an integer as that integer", () => {
    expect(sampleSize(0, 40)).toBe(0);
    expect(sampleSize(0.05, 30)).toBe(2); // 1.5
    expect(sampleSize(0.1, 30)).toBe(3); // 0.1 × 30 = 3.0000000000000004 in floats
    expect(sampleSize(0.2, 7)).toBe(2); // 1.4
    expect(sampleSize(0.6, 5)).toBe(3); // exactly 3
    expect(sampleSize(0.01, 1)).toBe(1);
    expect(sampleSize(0.3, 10)).toBe(3);
    expect(sampleSize(0.7, 10)).toBe(7); // 7.000000000000001 in floats
    expect(sampleSize(1, 9)).toBe(9);
    expect(sampleSize(0.5, 0)).toBe(0);
  });

  it("never draws a share below the ratio, and never a whole subject more than needed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 10_000 }), (permille, n) => {
        const ratio = permille / 1000;
        const k = sampleSize(ratio, n);
        expect(k * 1000).toBeGreaterThanOrEqual(permille * n);
        expect((k - 1) * 1000).toBeLessThan(permille * n);
      }),
      { numRuns: 500 },
    );
  });
});

describe("planInspections: ratios per grade", () => {
  it("draws ⌈min × n⌉ of each grade under the default policy (hand-counted)", () => {
    const plan = planInspections(base);
    expect(plan.ok).toBe(true);
    expect(plan.problems).toMatchObject([]);
    // A 0 % of 40 → 0; B 5 % of 30 → 1.5 → 2; C 10 % of 30 → 3; D 20 % of 7 → 1.4 → 2; E 60 % of 5 → 3.
    expect(plan.grades.map((g) => [g.grade, g.population, g.ratio, g.drawn])).toEqual([
      ["A", 40, 0, 0],
      ["B", 30, 0.05, 2],
      ["C", 30, 0.1, 3],
      ["D", 7, 0.2, 2],
      ["E", 5, 0.6, 3],
    ]);
    for (const g of GRADES) expect(drawnOf(plan, g)).toHaveLength(gradeOf(plan, g).drawn);
    expect(plan.draws.map((d) => d.grade)).toEqual(["B", "B", "C", "C", "C", "D", "D", "E", "E", "E"]);
    expect(drawnOf(plan, "E").map((d) => d.order)).toEqual([1, 2, 3]);
    expect(drawnOf(plan, "E")[0]?.extraItems).toEqual(["信用承诺履行情况", "失信行为整改情况"]);
    expect(drawnOf(plan, "C")[0]?.extraItems).toEqual([]);
    expect(plan.populationSize).toBe(112);
    expect(plan.samplingSource).toBe("default");
    expect(plan.seed).toBe(base.seed);
    expect(gradeOf(plan, "E").range).toEqual({ min: 0.6, max: null });
    expect(gradeOf(plan, "E").perYear).toEqual({ min: 2, max: null });
    expect(verifyPlan(plan, base)).toEqual([]);
  });

  it("takes ratio overrides within [min, max]; E may go above its min up to 100 %", () => {
    const plan = planInspections({ ...base, ratios: { B: 0.1, D: 0.6, E: 0.9 } });
    expect(plan.ok).toBe(true);
    expect(gradeOf(plan, "B")).toMatchObject({ ratio: 0.1, ratioSource: "override", drawn: 3 });
    expect(gradeOf(plan, "D")).toMatchObject({ ratio: 0.6, drawn: 5 }); // 4.2 → 5
    expect(gradeOf(plan, "E")).toMatchObject({ ratio: 0.9, drawn: 5 }); // 4.5 → 5
    expect(gradeOf(plan, "C")).toMatchObject({ ratio: 0.1, ratioSource: "policy-min", drawn: 3 });
    const all = planInspections({ ...base, ratios: { E: 1 } });
    expect(drawnOf(all, "E").map((d) => d.subjectId).sort()).toEqual(["E001", "E002", "E003", "E004", "E005"]);
    expect(verifyPlan(plan, { ...base, ratios: { B: 0.1, D: 0.6, E: 0.9 } })).toEqual([]);
  });

  it("reports an override outside the policy's range, names the grade and draws nothing for it", () => {
    const input = { ...base, ratios: { D: 0.7, E: 1.2, A: 0.01, C: Number.NaN } };
    const plan = planInspections(input);
    expect(plan.ok).toBe(false);
    expect(plan.problems.map((p) => [p.code, p.grade])).toEqual([
      ["RATIO_OUT_OF_RANGE", "C"],
      ["RATIO_OUT_OF_RANGE", "D"],
      ["RATIO_OUT_OF_RANGE", "E"],
    ]);
    expect(plan.problems[0]?.message).toBe("grade C: ratio NaN is outside the policy's range [0.1, 0.2]; nothing was drawn for the grade");
    expect(plan.problems[1]?.message).toContain("ratio 0.7 is outside the policy's range [0.2, 0.6]");
    expect(plan.problems[2]?.message).toContain("[0.6, 1 (no upper limit)]");
    // A's range is [0, 0.05]: 1 % is inside, so A is drawn at 1 % of 40 → 1.
    expect(gradeOf(plan, "A")).toMatchObject({ ratio: 0.01, ratioSource: "override", drawn: 1 });
    expect(gradeOf(plan, "D")).toMatchObject({ ratio: null, drawn: 0 });
    expect(drawnOf(plan, "D")).toEqual([]);
    expect(drawnOf(plan, "B")).toHaveLength(2);
    expect(verifyPlan(plan, input).map((p) => p.code)).toContain("RATIO_NOT_APPLIED");
  });

  it("uses a compiled ruleset's policy and records its id, version and hash", () => {
    const ruleset = compileRuleset(weightsRuleset());
    const plan = planInspections({ ...base, ruleset });
    expect(plan.samplingSource).toBe("ruleset");
    expect(plan.ruleset).toEqual({ id: "fixture-weights", version: "1.0.0", contentHash: ruleset.ref.contentHash });
    expect(plan.grades.map((g) => g.ratio)).toEqual(GRADES.map((g) => ruleset.measuresFor(g).sampling?.ratio.min ?? null));
    const byRef = planInspections({ ...base, ruleset: { id: "hlj-public-composite", version: "1.0.0" } });
    expect(byRef.ruleset).toEqual({ id: "hlj-public-composite", version: "1.0.0", contentHash: null });
    expect(byRef.samplingSource).toBe("default");
  });

  it("takes an explicit policy, and reports a grade with subjects but no policy", () => {
    const sampling: SamplingPolicy[] = [
      { grade: "C", ratio: { min: 0.21, max: 0.6 }, perYear: { min: 1 } },
      { grade: "D", ratio: { min: 0.61, max: 1 }, perYear: { min: 2 } },
    ];
    const plan = planInspections({ ...base, sampling });
    expect(plan.samplingSource).toBe("input");
    expect(gradeOf(plan, "C")).toMatchObject({ ratio: 0.21, drawn: 7 }); // 6.3 → 7
    expect(gradeOf(plan, "D")).toMatchObject({ ratio: 0.61, drawn: 5 }); // 4.27 → 5
    expect(plan.problems.map((p) => [p.code, p.grade])).toEqual([
      ["NO_SAMPLING_POLICY", "A"],
      ["NO_SAMPLING_POLICY", "B"],
      ["NO_SAMPLING_POLICY", "E"],
    ]);
    expect(plan.problems[2]?.message).toContain("5 subjects could not be drawn");
  });

  it("leaves out excluded and ungraded subjects, and counts them", () => {
    const pop = [...subjects("E", 5), ...subjects("E", 3, { excluded: true }).map((s) => ({ ...s, subjectId: `X${s.subjectId}` })), { subjectId: "N1", grade: null }];
    const plan = planInspections({ ...base, population: pop });
    expect(gradeOf(plan, "E")).toMatchObject({ population: 5, excluded: 3, drawn: 3 });
    expect(plan.notGraded).toEqual(["N1"]);
    expect(plan.populationSize).toBe(9);
    expect(plan.draws.every((d) => !d.subjectId.startsWith("X"))).toBe(true);
  });

  it("adapts evaluations into plan subjects", () => {
    const ruleset = compileRuleset(weightsRuleset());
    const e = ruleset.evaluate({ id: "S1", inputs: { years: 6, penalties: 0, honoured: true } }, { asOf: "2025-06-30" });
    expect(planSubjectFromEvaluation(e, { unit: "U1", lastInspectors: ["I01"] })).toEqual({
      subjectId: "S1",
      grade: e.grade,
      unit: "U1",
      lastInspectors: ["I01"],
    });
    expect(planSubjectFromEvaluation({ subjectId: "S2", grade: null })).toEqual({ subjectId: "S2", grade: null });
  });
});

describe("planInspections: reproducibility", () => {
  const big: PlanInput = { seed: "big", population: GRADES.flatMap((g) => subjects(g, 200)), roster: roster(20), ratios: { A: 0.05 } };

  it("gives a deep-equal plan for the same input and seed", () => {
    expect(planInspections(big)).toStrictEqual(planInspections(big));
    expect(planInspections(base)).toStrictEqual(planInspections(structuredClone(base)));
  });

  it("gives a different draw and assignment for a different seed", () => {
    const a = planInspections(big);
    const b = planInspections({ ...big, seed: "big-2" });
    for (const g of GRADES) {
      expect(drawnOf(a, g).map((d) => d.subjectId)).not.toEqual(drawnOf(b, g).map((d) => d.subjectId));
      expect(gradeOf(a, g).drawn).toBe(gradeOf(b, g).drawn);
    }
  });

  it("does not depend on the order of the population or the roster", () => {
    const rng = createRandom("reorder");
    const reordered = { ...big, population: shuffle(rng, big.population), roster: shuffle(rng, big.roster) };
    expect(planInspections(reordered)).toStrictEqual(planInspections(big));
    const reversed = { ...base, population: base.population.slice().reverse(), roster: base.roster.slice().reverse() };
    expect(planInspections(reversed)).toStrictEqual(planInspections(base));
  });

  it("draws each grade from its own stream: adding E subjects leaves the C draw alone", () => {
    const more = planInspections({ ...big, population: [...big.population, ...subjects("E", 50).map((s) => ({ ...s, subjectId: `Z${s.subjectId}` }))] });
    expect(drawnOf(more, "C").map((d) => d.subjectId)).toEqual(drawnOf(planInspections(big), "C").map((d) => d.subjectId));
  });

  it("spreads work evenly when every inspector is eligible", () => {
    const population = subjects("E", 50).map(({ unit: _unit, ...s }) => s);
    const plan = planInspections({ seed: "even", population, roster: roster(7), ratios: { E: 1 } });
    const loads = plan.workload.map((w) => w.assigned);
    expect(loads.reduce((a, b) => a + b, 0)).toBe(100);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
  });
});

describe("planInspections: inspector constraints and fallbacks", () => {
  const four: Inspector[] = [
    { id: "I1", unit: "U1" },
    { id: "I2", unit: "U2" },
    { id: "I3", unit: "U3" },
    { id: "I4", unit: "U4" },
  ];
  const one = (extra: Partial<PlanSubject> = {}): PlanSubject[] => [{ subjectId: "S1", grade: "E", unit: "U1", ...extra }];

  it("avoids last time's inspectors when enough others are eligible", () => {
    const input = { seed: "s", population: one({ lastInspectors: ["I2"] }), roster: four };
    const plan = planInspections(input);
    expect(plan.ok).toBe(true);
    expect(plan.draws[0]?.inspectors.slice().sort()).toEqual(["I3", "I4"]);
    expect(plan.draws[0]?.fallbacks).toEqual([]);
    expect(verifyPlan(plan, input)).toEqual([]);
  });

  it("falls back to a last-time inspector only when no one else is eligible, and records it", () => {
    const input = { seed: "s", population: one({ lastInspectors: ["I2", "I3"] }), roster: four };
    const plan = planInspections(input);
    expect(plan.ok).toBe(true);
    const d = plan.draws[0]!;
    expect(d.inspectors).toContain("I4");
    expect(d.inspectors).not.toContain("I1");
    expect(d.fallbacks).toHaveLength(1);
    expect(d.fallbacks[0]).toMatchObject({ reason: "LAST_INSPECTOR" });
    expect(["I2", "I3"]).toContain(d.fallbacks[0]?.inspectorId);
    expect(d.inspectors).toContain(d.fallbacks[0]?.inspectorId);
    expect(d.fallbacks[0]?.message).toBe('only 1 eligible inspector did not inspect "S1" last time and 2 are needed');
    expect(verifyPlan(plan, input)).toEqual([]);
  });

  it("explains a subject short of eligible inspectors, naming the subject and each constraint", () => {
    const roster: Inspector[] = [
      { id: "I1", unit: "U1" },
      { id: "I2", unit: "U2", conflicts: ["S1"] },
      { id: "I3", unit: "U3", available: false },
      { id: "I4", unit: "U4" },
      { id: "I5", unit: "U1" },
    ];
    const input = { seed: "s", population: one(), roster };
    const plan = planInspections(input);
    expect(plan.ok).toBe(false);
    expect(plan.problems).toMatchObject([
      {
        code: "INSUFFICIENT_INSPECTORS",
        subjectId: "S1",
        grade: "E",
        message:
          'subject "S1" (grade E) needs 2 inspectors but only 1 of the 5 inspectors on the roster is eligible: ' +
          '2 from the subject\'s unit "U1" (I1, I5); 1 with a declared conflict (I2); 1 unavailable (I3) are not',
      },
    ]);
    // The partial plan keeps the one inspector found.
    expect(plan.draws[0]?.inspectors).toEqual(["I4"]);
    expect(verifyPlan(plan, input).map((p) => p.code)).toEqual(["TOO_FEW_INSPECTORS"]);
  });

  it("asks for more inspectors per inspection when told to, and refuses fewer than two", () => {
    const plan = planInspections({ seed: "s", population: one(), roster: four, inspectorsPerInspection: 3 });
    expect(plan.ok).toBe(true);
    expect(plan.draws[0]?.inspectors.slice().sort()).toEqual(["I2", "I3", "I4"]);
    const short = planInspections({ seed: "s", population: one(), roster: four, inspectorsPerInspection: 4 });
    expect(short.problems.map((p) => p.code)).toEqual(["INSUFFICIENT_INSPECTORS"]);
    for (const k of [1, 0, 2.5]) {
      expect(() => planInspections({ seed: "s", population: one(), roster: four, inspectorsPerInspection: k })).toThrow(CreditGradingError);
    }
  });

  it("reports an empty roster once, and only when someone is drawn", () => {
    const plan = planInspections({ seed: "s", population: [...one(), ...subjects("E", 4)], roster: [] });
    expect(plan.ok).toBe(false);
    expect(plan.problems).toMatchObject([{ code: "EMPTY_ROSTER", message: "the roster is empty: none of the 3 drawn subjects can be assigned inspectors" }]);
    expect(plan.draws.every((d) => d.inspectors.length === 0)).toBe(true);
    // Grade A at its 0 % minimum draws no one, so no one needs an inspector.
    expect(planInspections({ seed: "s", population: subjects("A", 10), roster: [] }).ok).toBe(true);
  });

  it("leaves duplicated subjects and inspectors out and says so", () => {
    const input = {
      seed: "s",
      population: [...one(), { subjectId: "S1", grade: "D" as const }, ...subjects("E", 2)],
      roster: [...four, { id: "I4", unit: "U9" }],
    };
    const plan = planInspections(input);
    expect(plan.problems.map((p) => [p.code, p.subjectId ?? p.inspectorId])).toEqual([
      ["DUPLICATE_SUBJECT", "S1"],
      ["DUPLICATE_INSPECTOR", "I4"],
    ]);
    expect(plan.draws.map((d) => d.subjectId)).not.toContain("S1");
    expect(plan.workload.map((w) => w.inspectorId)).toEqual(["I1", "I2", "I3"]);
  });

  it("reports a grade outside A–E", () => {
    const plan = planInspections({ seed: "s", population: [{ subjectId: "T1", grade: "M" as Grade }], roster: four });
    expect(plan.problems).toMatchObject([
      { code: "INVALID_GRADE", subjectId: "T1", message: 'subject "T1" has grade "M", not one of A–E; it was left out of the draw' },
    ]);
  });

  it("throws on malformed input", () => {
    const bad = [
      { ...base, seed: "" },
      { ...base, seed: 42 as unknown as string },
      { ...base, population: [{ grade: "A" }] as unknown as PlanSubject[] },
      { ...base, roster: [{ id: "I1" }] as unknown as Inspector[] },
      { ...base, sampling: [{ grade: "A", ratio: { min: 0 }, perYear: { min: 0 } }, { grade: "A", ratio: { min: 0 }, perYear: { min: 0 } }] as SamplingPolicy[] },
    ];
    for (const input of bad) {
      expect(() => planInspections(input)).toThrow(expect.objectContaining({ code: "INVALID_OPTIONS" }) as Error);
    }
  });
});

describe("verifyPlan", () => {
  const input: PlanInput = {
    seed: "audit",
    population: subjects("E", 10).map((s, i) => ({ ...s, lastInspectors: i % 2 ? ["I01", "I02"] : [] })),
    roster: roster(6),
  };
  const plan = planInspections(input);

  it("accepts the plan it was given", () => {
    expect(plan.ok).toBe(true);
    expect(verifyPlan(plan, input)).toEqual([]);
    expect(verifyPlan(JSON.parse(JSON.stringify(plan)) as InspectionPlan, input)).toEqual([]);
  });

  it("catches an inspector from the subject's unit", () => {
    const d = plan.draws[0]!;
    const sameUnit = input.roster.find((i) => i.unit === d.unit)!;
    const tampered = { ...plan, draws: [{ ...d, inspectors: [sameUnit.id, d.inspectors[1]!] }, ...plan.draws.slice(1)] };
    const codes = verifyPlan(tampered, input).map((p) => p.code);
    expect(codes).toContain("SAME_UNIT");
    expect(codes).toContain("NOT_REPRODUCIBLE");
  });

  it("catches a hand-picked subject even when every constraint holds", () => {
    const drawn = new Set(plan.draws.map((d) => d.subjectId));
    const other = input.population.find((s) => !drawn.has(s.subjectId) && !s.lastInspectors?.length)!;
    const d = plan.draws.find((x) => x.unit === other.unit && x.fallbacks.length === 0)!;
    const tampered = { ...plan, draws: plan.draws.map((x) => (x === d ? { ...x, subjectId: other.subjectId } : x)) };
    expect(verifyPlan(tampered, input).map((p) => p.code)).toEqual(["NOT_REPRODUCIBLE"]);
  });

  it("catches a dropped draw, a repeated subject and an unrecorded last-time inspector", () => {
    const dropped = { ...plan, draws: plan.draws.slice(1) };
    expect(verifyPlan(dropped, input).map((p) => p.code)).toEqual(expect.arrayContaining(["RECORD_MISMATCH", "COUNT_MISMATCH"]));
    const twice = { ...plan, draws: [...plan.draws, plan.draws[0]!] };
    expect(verifyPlan(twice, input).map((p) => p.code)).toContain("DRAWN_TWICE");
    const withLast = plan.draws.find((x) => input.population.find((s) => s.subjectId === x.subjectId)?.lastInspectors?.length)!;
    const eligibleLast = input.population.find((s) => s.subjectId === withLast.subjectId)!.lastInspectors!.find(
      (id) => input.roster.find((i) => i.id === id)!.unit !== withLast.unit,
    )!;
    const sneaky = {
      ...plan,
      draws: plan.draws.map((x) => (x === withLast ? { ...x, inspectors: [eligibleLast, ...x.inspectors.filter((i) => i !== eligibleLast).slice(0, 1)] } : x)),
    };
    expect(verifyPlan(sneaky, input).map((p) => p.code)).toContain("LAST_INSPECTOR_NOT_RECORDED");
    const fake = { ...plan, draws: plan.draws.map((x) => (x === withLast ? { ...x, fallbacks: [{ inspectorId: x.inspectors[0]!, reason: "LAST_INSPECTOR" as const, message: "" }] } : x)) };
    expect(verifyPlan(fake, input).map((p) => p.code)).toContain("FALLBACK_UNNEEDED");
  });

  it("catches a wrong seed and a wrong population size", () => {
    expect(verifyPlan({ ...plan, seed: "other" }, input)[0]).toMatchObject({ code: "RECORD_MISMATCH" });
    expect(verifyPlan({ ...plan, populationSize: 3 }, input)[0]?.message).toBe("the plan records a population of 3, the input has 10");
  });
});

// ---------------------------------------------------------------- properties

const UNITS = ["U1", "U2", "U3", "U4", "U5"];
const subjectIds = fc.uniqueArray(fc.stringMatching(/^[0-9A-Z]{1,6}$/), { maxLength: 60 });
const generated = subjectIds.chain((ids) => {
  const subject = (id: string) =>
    fc.record(
      {
        subjectId: fc.constant(id),
        grade: fc.constantFrom<Grade | null>("A", "B", "C", "D", "E", "E", null),
        unit: fc.constantFrom(...UNITS),
        lastInspectors: fc.uniqueArray(fc.constantFrom<string>("I0", "I1", "I2", "I3", "I4", "I5", "I6", "I7"), { maxLength: 4 }),
        excluded: fc.boolean(),
      },
      { requiredKeys: ["subjectId", "grade"] },
    );
  const inspector = (id: string) =>
    fc.record(
      {
        id: fc.constant(id),
        unit: fc.constantFrom(...UNITS),
        conflicts: ids.length ? fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 5 }) : fc.constant([]),
        available: fc.constantFrom(true, true, true, true, true, false),
      },
      { requiredKeys: ["id", "unit"] },
    );
  return fc.record({
    seed: fc.string({ minLength: 1 }),
    population: fc.tuple(...ids.map(subject)),
    roster: fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => inspector(`I${i}`)))),
    ratios: fc.record(
      { B: fc.constantFrom(0.05, 0.07, 0.1), D: fc.constantFrom(0.2, 0.35, 0.6), E: fc.constantFrom(0.6, 0.75, 1) },
      { requiredKeys: [] },
    ),
    inspectorsPerInspection: fc.constantFrom(2, 2, 3),
  });
});

describe("planInspections: properties", () => {
  const RUNS = { numRuns: 300 };

  it("every constraint holds on every plan, and verifyPlan agrees", () => {
    fc.assert(
      fc.property(generated, (input) => {
        const plan = planInspections(input);
        const bySubject = new Map(input.population.map((s) => [s.subjectId, s]));
        const byInspector = new Map(input.roster.map((i) => [i.id, i]));
        const short = new Set(plan.problems.filter((p) => p.code === "INSUFFICIENT_INSPECTORS").map((p) => p.subjectId));
        const emptyRoster = plan.problems.some((p) => p.code === "EMPTY_ROSTER");
        for (const d of plan.draws) {
          const s = bySubject.get(d.subjectId)!;
          expect(s.grade).toBe(d.grade);
          expect(s.excluded).not.toBe(true);
          expect(new Set(d.inspectors).size).toBe(d.inspectors.length);
          if (!short.has(d.subjectId) && !emptyRoster) expect(d.inspectors.length).toBe(input.inspectorsPerInspection);
          const fallbacks = new Set(d.fallbacks.map((f) => f.inspectorId));
          for (const id of d.inspectors) {
            const i = byInspector.get(id)!;
            expect(i.available).not.toBe(false);
            expect(i.unit).not.toBe(s.unit);
            expect(i.conflicts ?? []).not.toContain(s.subjectId);
            if (s.lastInspectors?.includes(id)) expect(fallbacks.has(id)).toBe(true);
          }
          for (const id of fallbacks) expect(s.lastInspectors).toContain(id);
        }
        expect(verifyPlan(plan, input).filter((p) => p.code !== "TOO_FEW_INSPECTORS")).toEqual([]);
        expect(plan.ok).toBe(plan.problems.length === 0);
      }),
      RUNS,
    );
  });

  it("draws ⌈ratio × n⌉ of each grade, no subject twice", () => {
    fc.assert(
      fc.property(generated, (input) => {
        const plan = planInspections(input);
        expect(new Set(plan.draws.map((d) => d.subjectId)).size).toBe(plan.draws.length);
        for (const g of GRADES) {
          const n = input.population.filter((s) => s.grade === g && !s.excluded).length;
          const ratio = input.ratios[g as "B" | "D" | "E"] ?? { A: 0, B: 0.05, C: 0.1, D: 0.2, E: 0.6 }[g];
          expect(gradeOf(plan, g)).toMatchObject({ population: n, ratio, drawn: Math.ceil(ratio * n - 1e-9) + 0 });
          expect(drawnOf(plan, g)).toHaveLength(gradeOf(plan, g).drawn);
        }
      }),
      RUNS,
    );
  });

  it("every problem names a real subject (or grade, or inspector) and says why", () => {
    fc.assert(
      fc.property(generated, (input) => {
        const plan = planInspections(input);
        const ids = new Set(input.population.map((s) => s.subjectId));
        for (const p of plan.problems) {
          expect(p.message.length).toBeGreaterThan(0);
          if (p.code === "INSUFFICIENT_INSPECTORS") {
            expect(ids.has(p.subjectId!)).toBe(true);
            expect(p.message).toContain(JSON.stringify(p.subjectId));
            expect(plan.draws.some((d) => d.subjectId === p.subjectId)).toBe(true);
          }
          if (p.subjectId !== undefined) expect(ids.has(p.subjectId)).toBe(true);
        }
        // Input without a roster problem and with enough eligible inspectors for everyone is ok.
        const ok = plan.draws.every((d) => d.inspectors.length === input.inspectorsPerInspection);
        expect(plan.ok).toBe(ok);
      }),
      RUNS,
    );
  });

  it("the generated inputs reach every case: ok plans, fallbacks, short subjects, empty rosters", () => {
    const plans = fc.sample(generated, { numRuns: 300, seed: 4 }).map(planInspections);
    const has = (code: string) => plans.filter((p) => p.problems.some((x) => x.code === code)).length;
    expect(plans.filter((p) => p.ok && p.draws.length > 0).length).toBeGreaterThan(20);
    expect(plans.filter((p) => p.draws.some((d) => d.fallbacks.length > 0)).length).toBeGreaterThan(10);
    expect(has("INSUFFICIENT_INSPECTORS")).toBeGreaterThan(10);
    expect(has("EMPTY_ROSTER")).toBeGreaterThan(0);
  });

  it("is reproducible and independent of input order", () => {
    fc.assert(
      fc.property(generated, fc.string(), (input, reorderSeed) => {
        const rng = createRandom(reorderSeed);
        const plan = planInspections(input);
        expect(planInspections(structuredClone(input))).toStrictEqual(plan);
        expect(planInspections({ ...input, population: shuffle(rng, input.population), roster: shuffle(rng, input.roster) })).toStrictEqual(plan);
      }),
      { numRuns: 200 },
    );
  });
});
