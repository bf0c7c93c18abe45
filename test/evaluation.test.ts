import { describe, expect, it } from "vitest";
import {
  compileRuleset,
  CreditGradingError,
  type EvaluateOptions,
  type Evaluation,
  type Ruleset,
  rulesetHash,
  SubjectError,
} from "../src/index.js";
import { catchError, clone, industryRuleset, weightsRuleset } from "./fixtures.js";

const ASOF: EvaluateOptions = { asOf: "2025-06-30" };

/**
 * The weights fixture, worked by hand (scale 0–100, rounding 2 places half-up):
 *   age        linear years 0–10 higher-better, outOf 100, maxPoints 40×100% = 40 → contribution = 4 × years
 *   penalty    deduction 100 − 10 × penalties, outOf 100, maxPoints 50 → contribution = 50 − 5 × penalties
 *   commitment boolean 100 / 0, outOf 100, maxPoints 10 → contribution = 10 or 0
 * Bands: A [90, 100], B [75, 90), C [60, 75), D [40, 60), E [0, 40).
 */
const weights = () => compileRuleset(weightsRuleset());
const subject = (years: number | null, penalties: number | null, honoured: boolean | null, id = "S1") => ({
  id,
  inputs: { years, penalties, honoured },
});

describe("full breakdown (weights fixture)", () => {
  const r = weightsRuleset();
  r.labels = [{ grade: "C", label: "M" }];
  const compiled = compileRuleset(r);
  const e = compiled.evaluate(subject(6, 2, true), ASOF);

  it("says which subject, date and ruleset version produced it", () => {
    expect(e.subjectId).toBe("S1");
    expect(e.asOf).toBe("2025-06-30");
    expect(e.ruleset).toEqual({ id: "fixture-weights", scheme: "fixture-weights", version: "1.0.0", contentHash: rulesetHash(r) });
    expect(e.ruleset.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("gives each indicator's values, score, weight, maxPoints, contribution and pointsLost", () => {
    // age: 6/10 × 100 = 60; 60 × 40/100 = 24; lost 40 − 24 = 16.
    // penalty: 100 − 2×10 = 80; 80 × 50/100 = 40; lost 50 − 40 = 10.
    // commitment: true → 100; 100 × 10/100 = 10; lost 0.
    expect(e.indicators).toEqual([
      {
        id: "age",
        name: { zh: "经营年限", en: "years in operation" },
        groups: ["basic"],
        values: { years: 6 },
        missing: null,
        score: 60,
        outOf: 100,
        weight: 40,
        maxPoints: 40,
        contribution: 24,
        pointsLost: 16,
      },
      {
        id: "penalty",
        name: { zh: "行政处罚", en: "administrative penalties" },
        groups: [],
        values: { penalties: 2 },
        missing: null,
        score: 80,
        outOf: 100,
        weight: 50,
        maxPoints: 50,
        contribution: 40,
        pointsLost: 10,
      },
      {
        id: "commitment",
        name: { zh: "信用承诺履行", en: "commitments honoured" },
        groups: [],
        values: { honoured: true },
        missing: null,
        score: 100,
        outOf: 100,
        weight: 10,
        maxPoints: 10,
        contribution: 10,
        pointsLost: 0,
      },
    ]);
  });

  it("sums groups from their members", () => {
    // basic = age = 24 of 40.
    expect(e.groups).toEqual([{ id: "basic", name: { zh: "基本情况", en: "basics" }, groups: [], maxPoints: 40, score: 24, pointsLost: 16 }]);
  });

  it("totals the contributions and picks the band, class and published label", () => {
    // 24 + 40 + 10 = 74 → C [60, 75); class minor; label "M" from `labels`.
    expect(e.gradable).toBe(true);
    expect(e.score).toBe(74);
    expect(e.grade).toBe("C");
    expect(e.class).toBe("minor");
    expect(e.label).toBe("M");
    expect(e.band).toEqual({ grade: "C", label: "M", index: 2, min: 60, max: 75, minInclusive: true, maxInclusive: false });
    expect(e.notGradable).toEqual([]);
  });

  it("ranks reason codes by points lost and leaves out indicators that lost nothing", () => {
    expect(e.reasons).toEqual([
      { rank: 1, indicator: "age", name: { zh: "经营年限", en: "years in operation" }, pointsLost: 16 },
      { rank: 2, indicator: "penalty", name: { zh: "行政处罚", en: "administrative penalties" }, pointsLost: 10 },
    ]);
  });

  it("falls back to the canonical grade as the label when `labels` has none for it", () => {
    // 40 + 50 + 10 = 100 → A, which has no label.
    const top = compiled.evaluate(subject(10, 0, true), ASOF);
    expect(top.grade).toBe("A");
    expect(top.label).toBe("A");
  });

  it("the content hash changes with the rules and ignores $schema", () => {
    const other = weightsRuleset();
    other.bands[0]!.min = 91;
    other.bands[1]!.max = 91;
    expect(compileRuleset(other).ref.contentHash).not.toBe(weights().ref.contentHash);
    const withSchema = weightsRuleset();
    withSchema.$schema = "https://example.org/schema.json";
    expect(compileRuleset(withSchema).ref.contentHash).toBe(weights().ref.contentHash);
  });
});

describe("full breakdown (points fixture)", () => {
  it("scores passthrough, bins and lookup on their points", () => {
    // public: 85/100 × 40 = 34 (outOf = points = 40); complaints 2 → bin [1, 3) = 20; silver → 20.
    // total 34 + 20 + 20 = 74 → B [70, 90); class trustworthy.
    const e = compileRuleset(industryRuleset()).evaluate({ id: "P", inputs: { publicScore: 85, complaints: 2, level: "silver" } }, ASOF);
    expect(e.indicators.map((i) => [i.id, i.score, i.outOf, i.maxPoints, i.weight, i.contribution, i.pointsLost])).toEqual([
      ["public", 34, 40, 40, 40, 34, 6],
      ["complaintsInd", 20, 30, 30, 30, 20, 10],
      ["levelInd", 20, 30, 30, 30, 20, 10],
    ]);
    expect(e.groups).toEqual([]);
    expect(e.score).toBe(74);
    expect(e.grade).toBe("B");
    expect(e.class).toBe("trustworthy");
    // Equal losses (10, 10) rank by indicator id.
    expect(e.reasons.map((x) => [x.rank, x.indicator, x.pointsLost])).toEqual([
      [1, "complaintsInd", 10],
      [2, "levelInd", 10],
      [3, "public", 6],
    ]);
  });
});

describe("band boundaries", () => {
  const c = weights();
  it.each([
    // years, penalties, honoured, total, grade — total = 4·years + (50 − 5·penalties) + 10·honoured
    [10, 0, true, 100, "A"], // scale max: the top band includes it
    [10, 2, true, 90, "A"], // exactly A's min
    [5, 1, true, 75, "B"], // 20 + 45 + 10: exactly B's min, outside C's exclusive max
    [0, 0, true, 60, "C"], // 0 + 50 + 10: exactly C's min
    [0, 2, false, 40, "D"], // 0 + 40 + 0: exactly D's min
    [0, 10, false, 0, "E"], // 0 + 0 + 0: scale min
  ] as const)("years %d, penalties %d, honoured %s → %d → %s", (y, p, h, total, grade) => {
    const e = c.evaluate(subject(y, p, h), ASOF);
    expect(e.score).toBe(total);
    expect(e.grade).toBe(grade);
  });

  it("the top band's max is inclusive by default", () => {
    const e = c.evaluate(subject(10, 0, true), ASOF);
    expect(e.band).toEqual({ grade: "A", label: "A", index: 0, min: 90, max: 100, minInclusive: true, maxInclusive: true });
  });

  it("one hundredth below a band's min falls in the band below", () => {
    // age: 9.9975/10 × 100 = 99.975 → 99.98 (half-up); × 40/100 = 39.992 → 39.99.
    // total 39.99 + 40 + 10 = 89.99 → B.
    const e = c.evaluate(subject(9.9975, 2, true), ASOF);
    expect(e.indicators[0]!.score).toBe(99.98);
    expect(e.indicators[0]!.contribution).toBe(39.99);
    expect(e.score).toBe(89.99);
    expect(e.grade).toBe("B");
  });

  it("an exclusive min puts a total exactly on it in the band below", () => {
    const r = weightsRuleset();
    r.bands[0] = { grade: "A", min: 90, max: 100, minInclusive: false };
    r.bands[1] = { grade: "B", min: 75, max: 90, maxInclusive: true };
    const e = compileRuleset(r).evaluate(subject(10, 2, true), ASOF); // total 90, as above
    expect(e.score).toBe(90);
    expect(e.grade).toBe("B");
  });
});

describe("missing inputs", () => {
  const c = weights();

  it("worst: the indicator scores its worst and says so", () => {
    // penalty missing → deduction worst = floor 0 → contribution 0; total 24 + 0 + 10 = 34 → E.
    const e = c.evaluate(subject(6, null, true), ASOF);
    const pen = e.indicators.find((i) => i.id === "penalty")!;
    expect(pen.missing).toBe("worst");
    expect(pen.values).toEqual({ penalties: null });
    expect(pen.score).toBe(0);
    expect(pen.contribution).toBe(0);
    expect(pen.pointsLost).toBe(50);
    expect(e.gradable).toBe(true);
    expect(e.score).toBe(34);
    expect(e.grade).toBe("E");
  });

  it("worst applies to an absent key as well as to null", () => {
    const e = c.evaluate({ id: "S", inputs: { years: 6, honoured: true } }, ASOF);
    expect(e.indicators.find((i) => i.id === "penalty")!.missing).toBe("worst");
    expect(e.score).toBe(34);
  });

  it("worst of a bins indicator is its lowest bin", () => {
    // complaints missing → min(30, 20, 5) = 5; total 34 + 5 + 20 = 59 → C.
    const e = compileRuleset(industryRuleset()).evaluate({ id: "P", inputs: { publicScore: 85, level: "silver" } }, ASOF);
    expect(e.indicators[1]!.missing).toBe("worst");
    expect(e.indicators[1]!.score).toBe(5);
    expect(e.score).toBe(59);
    expect(e.grade).toBe("C");
  });

  it("impute: the indicator scores the declared value and says it was imputed", () => {
    // honoured missing → imputed false → 0; total 24 + 40 + 0 = 64 → C.
    const e = c.evaluate(subject(6, 2, null), ASOF);
    const com = e.indicators.find((i) => i.id === "commitment")!;
    expect(com.missing).toBe("imputed");
    expect(com.values).toEqual({ honoured: null });
    expect(com.score).toBe(0);
    expect(com.contribution).toBe(0);
    expect(e.score).toBe(64);
    expect(e.grade).toBe("C");
  });

  it("not-gradable (the default): no grade, and the result says which indicator and input", () => {
    const e = c.evaluate(subject(null, 2, true), ASOF);
    expect(e.gradable).toBe(false);
    expect(e.grade).toBeNull();
    expect(e.class).toBeNull();
    expect(e.label).toBeNull();
    expect(e.score).toBeNull();
    expect(e.band).toBeNull();
    expect(e.reasons).toEqual([]);
    expect(e.notGradable).toHaveLength(1);
    expect(e.notGradable[0]).toMatchObject({ indicator: "age", inputs: ["years"], code: "MISSING_INPUT" });
    expect(e.notGradable[0]!.message).toContain("years");
    const age = e.indicators[0]!;
    expect(age).toMatchObject({ id: "age", missing: "not-gradable", score: null, contribution: null, pointsLost: null, values: { years: null } });
    expect(e.groups[0]).toMatchObject({ id: "basic", score: null, pointsLost: null });
    // The other indicators are still explained.
    expect(e.indicators[1]).toMatchObject({ id: "penalty", score: 80, contribution: 40 });
  });

  it("explicit onMissing not-gradable behaves the same", () => {
    const r = weightsRuleset();
    const pen = r.indicators[1]!;
    if (!("scoring" in pen)) throw new Error("fixture changed");
    pen.onMissing = "not-gradable";
    const e = compileRuleset(r).evaluate(subject(6, null, true), ASOF);
    expect(e.gradable).toBe(false);
    expect(e.notGradable.map((n) => [n.indicator, n.code])).toEqual([["penalty", "MISSING_INPUT"]]);
    expect(e.indicators[1]!.missing).toBe("not-gradable");
  });

  it("NO_MATCH: a value no table row matches makes the subject not gradable", () => {
    const r = industryRuleset();
    const lvl = r.indicators[2]!;
    if (!("scoring" in lvl) || lvl.scoring.type !== "lookup") throw new Error("fixture changed");
    lvl.scoring.table = lvl.scoring.table.filter((row) => row.value !== "none");
    const e = compileRuleset(r).evaluate({ id: "P", inputs: { publicScore: 85, complaints: 0, level: "none" } }, ASOF);
    expect(e.gradable).toBe(false);
    expect(e.grade).toBeNull();
    expect(e.notGradable).toHaveLength(1);
    expect(e.notGradable[0]).toMatchObject({ indicator: "levelInd", inputs: ["level"], code: "NO_MATCH" });
    expect(e.notGradable[0]!.message).toContain('"none"');
    expect(e.indicators[2]).toMatchObject({ missing: null, score: null, contribution: null });
  });

  it("NO_MATCH: a value that falls in no bin makes the subject not gradable", () => {
    const r = industryRuleset();
    const ci = r.indicators[1]!;
    if (!("scoring" in ci) || ci.scoring.type !== "bins") throw new Error("fixture changed");
    ci.scoring.bins = ci.scoring.bins.slice(0, 2); // complaints >= 3 now fall in no bin
    const c2 = compileRuleset(r);
    expect(c2.evaluate({ id: "P", inputs: { publicScore: 85, complaints: 2, level: "gold" } }, ASOF).gradable).toBe(true);
    const e = c2.evaluate({ id: "P", inputs: { publicScore: 85, complaints: 3, level: "gold" } }, ASOF);
    expect(e.gradable).toBe(false);
    expect(e.notGradable.map((n) => [n.indicator, n.code])).toEqual([["complaintsInd", "NO_MATCH"]]);
  });
});

describe("reason codes", () => {
  const c = weights();
  // age 9 → 90 → 36, lost 4; penalty 3 → 70 → 35, lost 15; commitment false → 0, lost 10.
  const s = subject(9, 3, false);

  it("are ranked by points lost, most first", () => {
    const e = c.evaluate(s, ASOF);
    expect(e.reasons.map((r) => [r.rank, r.indicator, r.pointsLost])).toEqual([
      [1, "penalty", 15],
      [2, "commitment", 10],
      [3, "age", 4],
    ]);
  });

  it("maxReasons limits how many are returned", () => {
    expect(c.evaluate(s, { ...ASOF, maxReasons: 2 }).reasons.map((r) => r.indicator)).toEqual(["penalty", "commitment"]);
    expect(c.evaluate(s, { ...ASOF, maxReasons: 1 }).reasons.map((r) => r.indicator)).toEqual(["penalty"]);
    expect(c.evaluate(s, { ...ASOF, maxReasons: 0 }).reasons).toEqual([]);
  });

  it("ties are ordered by indicator id", () => {
    // age 7.5 → 75 → 30, lost 10; penalty 2 → lost 10; commitment false → lost 10.
    expect(c.evaluate(subject(7.5, 2, false), ASOF).reasons.map((r) => r.indicator)).toEqual(["age", "commitment", "penalty"]);
  });

  it("a perfect subject has no reasons", () => {
    expect(c.evaluate(subject(10, 0, true), ASOF).reasons).toEqual([]);
  });
});

describe("asOf", () => {
  const w = weights();
  const ind = compileRuleset(industryRuleset()); // in effect 2025-01-01 to 2025-12-31
  const good = { id: "P", inputs: { publicScore: 85, complaints: 2, level: "silver" } };

  it.each(["2025/06/30", "2025-6-30", "2025-13-01", "2025-00-10", "2025-06-32", "", "yesterday", "2025-06-30T00:00:00Z"])(
    "rejects %j with INVALID_OPTIONS",
    (asOf) => {
      const err = catchError(() => w.evaluate(subject(6, 2, true), { asOf }));
      expect(err).toBeInstanceOf(CreditGradingError);
      expect((err as CreditGradingError).code).toBe("INVALID_OPTIONS");
    },
  );

  it("rejects a non-string asOf with INVALID_OPTIONS", () => {
    const err = catchError(() => w.evaluate(subject(6, 2, true), { asOf: 20250630 } as unknown as EvaluateOptions));
    expect((err as CreditGradingError).code).toBe("INVALID_OPTIONS");
  });

  it("accepts the first and last day in effect", () => {
    expect(ind.evaluate(good, { asOf: "2025-01-01" }).grade).toBe("B");
    expect(ind.evaluate(good, { asOf: "2025-12-31" }).grade).toBe("B");
  });

  it.each(["2024-12-31", "2026-01-01"])("refuses %s, outside the effective period, with NOT_IN_EFFECT", (asOf) => {
    const err = catchError(() => ind.evaluate(good, { asOf }));
    expect(err).toBeInstanceOf(CreditGradingError);
    expect((err as CreditGradingError).code).toBe("NOT_IN_EFFECT");
    expect((err as Error).message).toContain(asOf);
  });

  it("allowOutOfEffect evaluates anyway", () => {
    const e = ind.evaluate(good, { asOf: "2026-01-01", allowOutOfEffect: true });
    expect(e.asOf).toBe("2026-01-01");
    expect(e.grade).toBe("B");
  });

  it("an open-ended ruleset is in effect any day after it starts", () => {
    expect(w.evaluate(subject(6, 2, true), { asOf: "2099-12-31" }).score).toBe(74);
    expect((catchError(() => w.evaluate(subject(6, 2, true), { asOf: "2024-12-31" })) as CreditGradingError).code).toBe("NOT_IN_EFFECT");
  });
});

describe("safeEvaluate", () => {
  const c = weights();

  it("returns the evaluation on success", () => {
    const r = c.safeEvaluate(subject(6, 2, true), ASOF);
    expect(r.success).toBe(true);
    if (r.success) expect(r.data).toEqual(c.evaluate(subject(6, 2, true), ASOF));
  });

  it("returns { success: false, error } for a bad subject", () => {
    const r = c.safeEvaluate({ id: "X", inputs: { years: "six" } }, ASOF);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.error).toBeInstanceOf(SubjectError);
      expect(r.error.code).toBe("SUBJECT_INVALID");
    }
  });

  it("returns { success: false, error } for bad options", () => {
    const r = c.safeEvaluate(subject(6, 2, true), { asOf: "nope" });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.code).toBe("INVALID_OPTIONS");
  });

  it("never throws a CreditGradingError, whatever the subject", () => {
    const bad: unknown[] = [null, undefined, 0, "S", [], [subject(6, 2, true)], {}, { id: 7 }, { id: "" }, { id: "X", inputs: [] }, { id: "X", inputs: "x" }, { id: "X", inputs: { years: Number.NaN } }, { id: "X", inputs: { years: Infinity } }, JSON.parse('{"id":"X","inputs":{"__proto__":{"years":1}}}')];
    for (const s of bad) {
      let r: ReturnType<typeof c.safeEvaluate> | undefined;
      expect(() => {
        r = c.safeEvaluate(s, ASOF);
      }).not.toThrow();
      expect(r?.success).toBe(false);
    }
  });
});

describe("evaluateMany", () => {
  const c = weights();
  const list: unknown[] = [
    subject(6, 2, true, "first"),
    null,
    "91310110666007217T",
    { inputs: { years: 6, penalties: 2, honoured: true } },
    { id: "bad", inputs: { years: -1 } },
    subject(10, 0, true, "last"),
  ];

  it("yields exactly one outcome per input, in order, with index and subjectId", () => {
    const out = [...c.evaluateMany(list, ASOF)];
    expect(out).toHaveLength(list.length);
    expect(out.map((o) => o.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(out.map((o) => o.ok)).toEqual([true, false, false, false, false, true]);
    expect(out.map((o) => (o.ok ? o.evaluation.subjectId : o.subjectId))).toEqual(["first", undefined, undefined, undefined, "bad", "last"]);
    const [first, , , , bad, last] = out;
    if (!first?.ok || !last?.ok || bad?.ok !== false) throw new Error("unexpected outcome shape");
    expect(first.evaluation.score).toBe(74);
    expect(last.evaluation.score).toBe(100);
    expect(bad.error).toBeInstanceOf(SubjectError);
    for (const o of out) if (!o.ok) expect(o.error.code).toBe("SUBJECT_INVALID");
  });

  it("takes any iterable, including a generator, lazily", () => {
    function* gen() {
      yield subject(6, 2, true, "a");
      yield 42;
      yield subject(0, 10, false, "b");
    }
    const it = c.evaluateMany(gen(), ASOF);
    const a = it.next();
    expect(a.done).toBe(false);
    expect(a.value).toMatchObject({ ok: true, index: 0 });
    const rest = [...it];
    expect(rest.map((o) => [o.index, o.ok])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it("an empty input yields nothing", () => {
    expect([...c.evaluateMany([], ASOF)]).toEqual([]);
  });

  it("bad options reject every subject rather than dropping them", () => {
    const out = [...c.evaluateMany([subject(6, 2, true), subject(1, 1, true)], { asOf: "bad" })];
    expect(out.map((o) => [o.index, o.ok, o.ok ? null : o.error.code])).toEqual([
      [0, false, "INVALID_OPTIONS"],
      [1, false, "INVALID_OPTIONS"],
    ]);
  });
});

describe("immutability and repeatability", () => {
  it("the compiled ruleset and its ref are frozen", () => {
    const c = weights();
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.ref)).toBe(true);
    expect(() => {
      (c as { evaluate: unknown }).evaluate = () => null;
    }).toThrow(TypeError);
  });

  it("the ruleset document it holds is frozen, so it cannot drift from what was compiled", () => {
    const input = weightsRuleset();
    const c = compileRuleset(input);
    expect(Object.isFrozen(c.ruleset)).toBe(true);
    expect(Object.isFrozen(c.ruleset.effective)).toBe(true);
    expect(Object.isFrozen(c.ruleset.bands[0])).toBe(true);
    expect(() => {
      c.ruleset.effective.from = "2030-01-01";
    }).toThrow(TypeError);
    expect(c.evaluate(subject(6, 2, true), ASOF).score).toBe(74);
    // The caller's own document is not frozen, at any depth.
    const frozenInside = (v: unknown): boolean =>
      v !== null && typeof v === "object" && (Object.isFrozen(v) || Object.values(v).some(frozenInside));
    expect(frozenInside(input)).toBe(false);
    input.effective.from = "2030-01-01";
    expect(c.evaluate(subject(6, 2, true), ASOF).score).toBe(74);
  });

  it("evaluating the same subject twice, interleaved with others, gives equal results", () => {
    const c = weights();
    const s = subject(6, 2, true);
    const first = c.evaluate(s, ASOF);
    const others: Evaluation[] = [];
    for (let i = 0; i <= 10; i++) others.push(c.evaluate(subject(i, 10 - i, i % 2 === 0, `o${i}`), ASOF));
    c.evaluate(subject(null, 1, true), ASOF);
    c.safeEvaluate({ id: "bad", inputs: { years: "x" } }, ASOF);
    const second = c.evaluate(s, ASOF);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    // The others were graded on their own data: 4i + (50 − 5(10 − i)) + 10·[i even] = 9i + 10·[i even].
    expect(others.map((e) => e.score)).toEqual([10, 9, 28, 27, 46, 45, 64, 63, 82, 81, 100]);
  });

  it("evaluation does not mutate the subject", () => {
    const s = subject(6, null, null);
    const before = clone(s);
    weights().evaluate(s, ASOF);
    expect(s).toEqual(before);
  });
});

describe("float noise", () => {
  /** Scale 0–10, weights 30 / 70 → maxPoints 3 and 7; each indicator boolean on a 0–1 scale. */
  function noiseRuleset(bands: Ruleset["bands"], trueScores: [number, number], weightsPct: [number, number] = [30, 70]): Ruleset {
    return {
      formatVersion: 1,
      id: "noise",
      scheme: "noise",
      kind: "other",
      name: { zh: "浮点", en: "float noise" },
      version: "1.0.0",
      effective: { from: "2025-01-01" },
      scale: { min: 0, max: 10 },
      rounding: { scale: 2, mode: "half-up" },
      weighting: "weights",
      inputs: [
        { id: "p", type: "boolean" },
        { id: "q", type: "boolean" },
      ],
      indicators: [
        { id: "pi", name: { zh: "甲", en: "p" }, weight: weightsPct[0], outOf: 1, scoring: { type: "boolean", input: "p", whenTrue: trueScores[0], whenFalse: 0 } },
        { id: "qi", name: { zh: "乙", en: "q" }, weight: weightsPct[1], outOf: 1, scoring: { type: "boolean", input: "q", whenTrue: trueScores[1], whenFalse: 0 } },
      ],
      bands,
    };
  }

  it("contributions 0.1×3 and 0.2×7 total exactly 1.7, and 'above 1.7' excludes it", () => {
    // pi: 0.1 × 3/1 = 0.3 (float 0.30000000000000004); qi: 0.2 × 7/1 = 1.4 (float 1.4000000000000001).
    // Decimal total 1.7; the float sum 1.7000000000000002 would wrongly land in "above 1.7".
    const c = compileRuleset(
      noiseRuleset(
        [
          { grade: "A", min: 1.7, max: 10, minInclusive: false },
          { grade: "B", min: 0, max: 1.7, maxInclusive: true },
        ],
        [0.1, 0.2],
      ),
    );
    const e = c.evaluate({ id: "N", inputs: { p: true, q: true } }, ASOF);
    expect(e.indicators.map((i) => i.contribution)).toEqual([0.3, 1.4]);
    expect(e.score).toBe(1.7);
    expect(e.grade).toBe("B");
  });

  it("0.7 + 0.1 lands exactly on a band's min", () => {
    // Scale 0–8, weights 87.5 / 12.5 → maxPoints 8 × 0.875 = 7 and 8 × 0.125 = 1; both score 0.1 of 1.
    // Contributions 0.1 × 7 = 0.7 and 0.1 × 1 = 0.1; decimal total 0.8, exactly A's min.
    // The float sum 0.7 + 0.1 = 0.7999999999999999 would wrongly fall in B.
    const r = noiseRuleset(
      [
        { grade: "A", min: 0.8, max: 8 },
        { grade: "B", min: 0, max: 0.8 },
      ],
      [0.1, 0.1],
      [87.5, 12.5],
    );
    r.scale = { min: 0, max: 8 };
    const c = compileRuleset(r);
    expect(0.7 + 0.1).toBeLessThan(0.8);
    const e = c.evaluate({ id: "N", inputs: { p: true, q: true } }, ASOF);
    expect(e.indicators.map((i) => [i.maxPoints, i.contribution])).toEqual([
      [7, 0.7],
      [1, 0.1],
    ]);
    expect(e.score).toBe(0.8);
    expect(e.grade).toBe("A");
  });
});
