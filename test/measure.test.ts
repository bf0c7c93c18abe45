/**
 * Tests of the measure catalogue (`measure-catalogue.ts`), of `compileMeasures` (`measure.ts`)
 * and of the measures and sampling policy every evaluation carries (R9, R10). Grades of the
 * weights fixture are worked out by hand beside each subject.
 */
import { describe, expect, it } from "vitest";
import { CAPABILITIES, compileRuleset, DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING, type Grade, gradeRank, GRADES, MEASURE_CATALOGUE, MeasureSchema, type MeasuresSection, SamplingPolicySchema } from "../src/index.js";
import { compileMeasures } from "../src/measures/compile.js";
import { weightsRuleset } from "./fixtures.js";

const DEFAULTS = { byGrade: DEFAULT_GRADE_MEASURES, sampling: DEFAULT_SAMPLING };
const byId = new Map(MEASURE_CATALOGUE.map((m) => [m.id, m]));
const ids = (ms: readonly { id: string }[]) => ms.map((m) => m.id);

const INCENTIVES = [
  "green-channel",
  "rongque-acceptance",
  "gaozhi-chengnuo",
  "simplified-procedure",
  "reduced-inspection",
  "xinyidai-preference",
  "xinyijia-representative",
];

describe("catalogue integrity", () => {
  it("measure ids are unique, and capability ids are unique", () => {
    const m = MEASURE_CATALOGUE.map((x) => x.id);
    expect(new Set(m).size).toBe(m.length);
    const c = CAPABILITIES.map((x) => x.id);
    expect(new Set(c).size).toBe(c.length);
  });

  it("every measure is valid under MeasureSchema", () => {
    for (const m of MEASURE_CATALOGUE) expect(MeasureSchema.safeParse(m).success, m.id).toBe(true);
  });

  it("every capability a measure grants or bars is a known capability", () => {
    const known = new Set(CAPABILITIES.map((c) => c.id));
    const unknown = MEASURE_CATALOGUE.flatMap((m) => [...(m.grants ?? []), ...(m.bars ?? [])].filter((c) => !known.has(c)).map((c) => `${m.id}: ${c}`));
    expect(unknown).toEqual([]);
  });

  it("every capability is granted or barred by some measure (else no query could turn on it)", () => {
    const touched = new Set(MEASURE_CATALOGUE.flatMap((m) => [...(m.grants ?? []), ...(m.bars ?? [])]));
    expect(CAPABILITIES.filter((c) => !touched.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  it("only restrictions and supervision measures bar, only incentives grant", () => {
    expect(MEASURE_CATALOGUE.filter((m) => m.kind === "incentive" && (m.bars ?? []).length > 0).map((m) => m.id)).toEqual([]);
    expect(MEASURE_CATALOGUE.filter((m) => m.kind !== "incentive" && (m.grants ?? []).length > 0).map((m) => m.id)).toEqual([]);
  });

  it("E's restrictions bar 告知承诺, government procurement, government-investment bidding and fiscal funds (R10)", () => {
    const barred = DEFAULT_GRADE_MEASURES.E.flatMap((id) => byId.get(id)?.bars ?? []);
    expect(barred).toEqual(expect.arrayContaining(["gaozhi-chengnuo", "government-procurement", "government-investment-bidding", "fiscal-funds"]));
  });

  it("the shipped data is frozen all the way down (evaluations share it)", () => {
    expect(Object.isFrozen(MEASURE_CATALOGUE[0]!.fields)).toBe(true);
    expect(Object.isFrozen(DEFAULT_SAMPLING[4]!.ratio)).toBe(true);
    expect(Object.isFrozen(DEFAULT_GRADE_MEASURES.A)).toBe(true);
    expect(Object.isFrozen(CAPABILITIES[0]!.name)).toBe(true);
  });
});

describe("DEFAULT_GRADE_MEASURES", () => {
  it("maps exactly the five grades, each to known measure ids without repeats", () => {
    expect(Object.keys(DEFAULT_GRADE_MEASURES).sort()).toEqual([...GRADES]);
    for (const g of GRADES) {
      const list = DEFAULT_GRADE_MEASURES[g];
      expect(list.filter((id) => !byId.has(id)), g).toEqual([]);
      expect(new Set(list).size, g).toBe(list.length);
    }
  });

  it("follows the plan: incentives for A and B, normal sampling for C, key attention for D, key supervision for E", () => {
    expect(DEFAULT_GRADE_MEASURES.A).toEqual(INCENTIVES);
    expect(DEFAULT_GRADE_MEASURES.B).toEqual(INCENTIVES);
    expect(DEFAULT_GRADE_MEASURES.C).toEqual(["normal-sampling", "warning-reminder"]);
    expect(DEFAULT_GRADE_MEASURES.D).toEqual(["key-attention", "raised-sampling"]);
    expect(DEFAULT_GRADE_MEASURES.E).toEqual([
      "key-supervision",
      "uncapped-sampling",
      "more-inspection-items",
      "campaign-priority",
      "no-gaozhi-chengnuo",
      "restrict-procurement",
      "restrict-bidding",
      "restrict-fiscal-funds",
    ]);
  });

  it("gives no incentive below B and no restriction above C", () => {
    for (const g of GRADES) {
      const kinds = DEFAULT_GRADE_MEASURES[g].map((id) => byId.get(id)!.kind);
      if (gradeRank(g) <= 1) expect(kinds.includes("restriction"), g).toBe(false);
      else expect(kinds.includes("incentive"), g).toBe(false);
    }
  });
});

describe("DEFAULT_SAMPLING", () => {
  const of = (g: Grade) => DEFAULT_SAMPLING.find((s) => s.grade === g)!;

  it("one valid policy per grade, in grade order", () => {
    expect(DEFAULT_SAMPLING.map((s) => s.grade)).toEqual([...GRADES]);
    for (const s of DEFAULT_SAMPLING) expect(SamplingPolicySchema.safeParse(s).success, s.grade).toBe(true);
  });

  it("E has no upper limit on the ratio or the frequency; every other grade has both", () => {
    expect(of("E").ratio.max).toBeUndefined();
    expect(of("E").perYear.max).toBeUndefined();
    for (const g of ["A", "B", "C", "D"] as const) {
      expect(of(g).ratio.max, g).toBeTypeOf("number");
      expect(of(g).perYear.max, g).toBeTypeOf("number");
    }
  });

  it("A keeps the Daqing (林甸县) 2024 ceiling of 5 %", () => {
    expect(of("A").ratio).toEqual({ min: 0, max: 0.05 });
  });

  it("is monotone: each worse grade is sampled at least as much, at least as often, and ranges are ordered", () => {
    for (let i = 1; i < DEFAULT_SAMPLING.length; i++) {
      const better = DEFAULT_SAMPLING[i - 1]!;
      const worse = DEFAULT_SAMPLING[i]!;
      expect(worse.ratio.min, worse.grade).toBeGreaterThanOrEqual(better.ratio.min);
      expect(worse.perYear.min, worse.grade).toBeGreaterThanOrEqual(better.perYear.min);
      expect(worse.ratio.max ?? Infinity, worse.grade).toBeGreaterThanOrEqual(better.ratio.max ?? Infinity);
    }
    for (const s of DEFAULT_SAMPLING) {
      expect(s.ratio.max ?? Infinity, s.grade).toBeGreaterThanOrEqual(s.ratio.min);
      expect(s.perYear.max ?? Infinity, s.grade).toBeGreaterThanOrEqual(s.perYear.min);
    }
  });

  it("only E adds inspection items (增加检查项目)", () => {
    expect(DEFAULT_SAMPLING.filter((s) => s.extraItems !== undefined).map((s) => s.grade)).toEqual(["E"]);
    expect(of("E").extraItems).toEqual(["信用承诺履行情况", "失信行为整改情况"]);
  });
});

describe("compileMeasures", () => {
  it("without a section: the plan's mapping and sampling for every grade", () => {
    const c = compileMeasures(undefined, MEASURE_CATALOGUE, DEFAULTS);
    expect([...c.keys()]).toEqual([...GRADES]);
    for (const g of GRADES) {
      expect(ids(c.get(g)!.measures), g).toEqual(DEFAULT_GRADE_MEASURES[g]);
      expect(c.get(g)!.grade).toBe(g);
    }
    expect(c.get("E")!.sampling).toEqual({ grade: "E", ratio: { min: 0.6 }, perYear: { min: 2 }, extraItems: ["信用承诺履行情况", "失信行为整改情况"] });
    expect(c.get("A")!.sampling).toEqual({ grade: "A", ratio: { min: 0, max: 0.05 }, perYear: { min: 0, max: 1 } });
  });

  it("an applied measure carries kind, names, fields, and empty grants / bars when the catalogue gives none", () => {
    const c = compileMeasures(undefined, MEASURE_CATALOGUE, DEFAULTS);
    expect(c.get("E")!.measures.find((m) => m.id === "restrict-procurement")).toEqual({
      id: "restrict-procurement",
      kind: "restriction",
      name: { zh: "限制参与政府采购", en: "restricted from government procurement" },
      fields: ["government-procurement"],
      grants: [],
      bars: ["government-procurement"],
    });
    expect(c.get("C")!.measures[0]).toEqual({
      id: "normal-sampling",
      kind: "supervision",
      name: { zh: "按常规比例和频次抽查", en: "sampling at the normal ratio and frequency" },
      fields: ["daily-supervision"],
      grants: [],
      bars: [],
    });
  });

  it("with a section: its mapping replaces the defaults, unmapped grades get no measures, and sampling falls back to the defaults", () => {
    const section: MeasuresSection = {
      byGrade: [
        { grade: "A", measures: ["gaozhi-chengnuo"] },
        { grade: "E", measures: ["restrict-procurement", "key-supervision"] },
      ],
    };
    const c = compileMeasures(section, MEASURE_CATALOGUE, DEFAULTS);
    expect(ids(c.get("A")!.measures)).toEqual(["gaozhi-chengnuo"]);
    expect(ids(c.get("B")!.measures)).toEqual([]);
    expect(ids(c.get("E")!.measures)).toEqual(["restrict-procurement", "key-supervision"]);
    expect(c.get("B")!.sampling).toEqual(DEFAULT_SAMPLING[1]);
  });

  it("a section's own sampling replaces the defaults entirely: a grade it leaves out has none", () => {
    const section: MeasuresSection = {
      byGrade: [{ grade: "E", measures: [] }],
      sampling: [{ grade: "E", ratio: { min: 0.8 }, perYear: { min: 3 } }],
    };
    const c = compileMeasures(section, MEASURE_CATALOGUE, DEFAULTS);
    expect(c.get("E")!.sampling).toEqual({ grade: "E", ratio: { min: 0.8 }, perYear: { min: 3 } });
    expect(c.get("D")!.sampling).toBeNull();
  });

  it("define adds measures and, under a catalogue id, replaces the catalogue entry", () => {
    const section: MeasuresSection = {
      define: [
        {
          id: "green-channel",
          kind: "incentive",
          name: { zh: "绿色通道（含金融）", en: "green channel incl. finance" },
          legalBasis: ["fixture"],
          fields: ["administrative-approval", "finance"],
          grants: ["green-channel", "xinyidai"],
        },
        { id: "site-visit", kind: "supervision", name: { zh: "现场核查", en: "site visit" }, legalBasis: ["fixture"], fields: ["daily-supervision"] },
      ],
      byGrade: [
        { grade: "A", measures: ["green-channel", "gaozhi-chengnuo"] },
        { grade: "D", measures: ["site-visit"] },
      ],
    };
    const c = compileMeasures(section, MEASURE_CATALOGUE, DEFAULTS);
    expect(c.get("A")!.measures[0]).toEqual({
      id: "green-channel",
      kind: "incentive",
      name: { zh: "绿色通道（含金融）", en: "green channel incl. finance" },
      fields: ["administrative-approval", "finance"],
      grants: ["green-channel", "xinyidai"],
      bars: [],
    });
    expect(c.get("A")!.measures[1]!.name.zh).toBe("告知承诺"); // untouched catalogue entry
    expect(ids(c.get("D")!.measures)).toEqual(["site-visit"]);
    // The catalogue itself is unchanged.
    expect(byId.get("green-channel")!.fields).toEqual(["administrative-approval"]);
  });

  it("skips ids it does not know (validation reports them as UNKNOWN_MEASURE before this runs)", () => {
    const c = compileMeasures({ byGrade: [{ grade: "C", measures: ["nope", "warning-reminder"] }] }, MEASURE_CATALOGUE, DEFAULTS);
    expect(ids(c.get("C")!.measures)).toEqual(["warning-reminder"]);
  });
});

describe("evaluation.measures and evaluation.sampling", () => {
  const compiled = compileRuleset(weightsRuleset());
  const ASOF = { asOf: "2025-12-31" };
  // Weights fixture: age 40 % × years/10, penalties 50 % × (100 − 10 × penalties), commitment 10 %.
  const subjects: Record<Grade, object> = {
    A: { years: 10, penalties: 0, honoured: true }, // 40 + 50 + 10 = 100
    B: { years: 10, penalties: 3, honoured: true }, // 40 + 35 + 10 = 85
    C: { years: 5, penalties: 2, honoured: false }, // 20 + 40 + 0 = 60
    D: { years: 5, penalties: 5, honoured: false }, // 20 + 25 + 0 = 45
    E: { years: 0, penalties: 10, honoured: false }, // 0 + 0 + 0 = 0
  };

  for (const g of GRADES) {
    it(`grade ${g}: the plan's measures and sampling of ${g}, the same as measuresFor("${g}")`, () => {
      const e = compiled.evaluate({ id: `S-${g}`, inputs: subjects[g] }, ASOF);
      expect(e.grade).toBe(g);
      expect(ids(e.measures)).toEqual(DEFAULT_GRADE_MEASURES[g]);
      expect(e.sampling).toEqual(DEFAULT_SAMPLING[gradeRank(g)]);
      expect(e.measures).toEqual(compiled.measuresFor(g).measures);
      expect(e.sampling).toEqual(compiled.measuresFor(g).sampling);
    });
  }

  it("not gradable: no measures and no sampling", () => {
    const e = compiled.evaluate({ id: "S-none", inputs: { penalties: 0, honoured: true } }, ASOF); // years missing, no onMissing
    expect(e.gradable).toBe(false);
    expect(e.measures).toEqual([]);
    expect(e.sampling).toBeNull();
  });

  it("a ruleset's measures section is what its evaluations carry", () => {
    const r = weightsRuleset();
    r.measures = {
      define: [{ id: "site-visit", kind: "supervision", name: { zh: "现场核查", en: "site visit" }, legalBasis: ["fixture"], fields: ["daily-supervision"] }],
      byGrade: [
        { grade: "A", measures: ["gaozhi-chengnuo"] },
        { grade: "B", measures: [] },
        { grade: "C", measures: ["site-visit"] },
        { grade: "D", measures: ["site-visit", "key-attention"] },
        { grade: "E", measures: ["restrict-procurement"] },
      ],
      sampling: [
        { grade: "C", ratio: { min: 0.15, max: 0.3 }, perYear: { min: 1 } },
        { grade: "E", ratio: { min: 0.9 }, perYear: { min: 4 }, extraItems: ["台账"] },
      ],
    };
    const c = compileRuleset(r);
    const d = c.evaluate({ id: "S-D", inputs: subjects.D }, ASOF);
    expect(ids(d.measures)).toEqual(["site-visit", "key-attention"]);
    expect(d.sampling).toBeNull(); // the section's sampling names no D policy
    const cc = c.evaluate({ id: "S-C", inputs: subjects.C }, ASOF);
    expect(cc.sampling).toEqual({ grade: "C", ratio: { min: 0.15, max: 0.3 }, perYear: { min: 1 } });
    expect(c.measuresFor("E")).toEqual({
      grade: "E",
      measures: [
        {
          id: "restrict-procurement",
          kind: "restriction",
          name: { zh: "限制参与政府采购", en: "restricted from government procurement" },
          fields: ["government-procurement"],
          grants: [],
          bars: ["government-procurement"],
        },
      ],
      sampling: { grade: "E", ratio: { min: 0.9 }, perYear: { min: 4 }, extraItems: ["台账"] },
    });
    expect(c.measuresFor("B")).toEqual({ grade: "B", measures: [], sampling: null });
  });

  it("an evaluation's measures and sampling cannot be changed through it", () => {
    const e = compiled.evaluate({ id: "S-E", inputs: subjects.E }, ASOF);
    expect(() => {
      (e.sampling as { ratio: { min: number } }).ratio.min = 0;
    }).toThrow(TypeError);
    expect(() => {
      (e.measures[0]!.fields as string[]).push("finance");
    }).toThrow(TypeError);
    expect(DEFAULT_SAMPLING[4]!.ratio.min).toBe(0.6);
  });
});
