/**
 * Tests of using the results (`stance.ts`, R11, R12): the combined supervision stance of a
 * subject with several evaluations under the `strictest-restriction-wins` policy, application
 * queries with their reasons, and the measures that start and end between two evaluations.
 * Every evaluation is a real one from a fixture ruleset; grades are worked out by hand beside
 * each subject.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Capability,
  COMBINATION_POLICY,
  combineStance,
  compileRuleset,
  CreditGradingError,
  type CreditRecord,
  DEFAULT_SAMPLING,
  type Evaluation,
  evaluationRef,
  gradeRank,
  measureChanges,
  type MeasureDef,
  type MeasureField,
  queryCapability,
  type Ruleset,
  type SupervisionStance,
} from "../src/index.js";
import { industryRuleset, penalty, recordsRuleset, weightsRuleset } from "./fixtures.js";

const SID = "91230100MA1B2C3D4E";
const ASOF = { asOf: "2025-12-31" };

/** The weights fixture as a public composite ruleset (公共信用综合评价), default measures. */
function publicRuleset(): Ruleset {
  const r = weightsRuleset();
  r.id = "fixture-public";
  r.scheme = "fixture-public";
  r.kind = "public-composite";
  return r;
}

const custom = (id: string, field: MeasureField): MeasureDef => ({
  id,
  kind: "restriction",
  name: { zh: "自定义限制", en: "custom restriction" },
  legalBasis: ["fixture"],
  fields: [field],
});

/**
 * The weights fixture as a market ruleset (市场信用评价) with its own measures: C adds an
 * approval review (a restriction in administrative approval that bars nothing), D a credit
 * restriction (finance, bars nothing); sampling for B–E only, E capped at 100 %.
 */
function marketRuleset(): Ruleset {
  const r = weightsRuleset();
  r.id = "fixture-market";
  r.scheme = "fixture-market";
  r.kind = "market";
  r.measures = {
    define: [custom("approval-review", "administrative-approval"), custom("restrict-credit", "finance")],
    byGrade: [
      { grade: "A", measures: ["gaozhi-chengnuo", "xinyidai-preference"] },
      { grade: "B", measures: ["gaozhi-chengnuo"] },
      { grade: "C", measures: ["normal-sampling", "approval-review"] },
      { grade: "D", measures: ["key-attention", "restrict-credit"] },
      { grade: "E", measures: ["key-supervision", "restrict-procurement"] },
    ],
    sampling: [
      { grade: "B", ratio: { min: 0.05, max: 0.15 }, perYear: { min: 1, max: 1 } },
      { grade: "C", ratio: { min: 0.15, max: 0.3 }, perYear: { min: 1, max: 2 }, extraItems: ["广告合规"] },
      { grade: "D", ratio: { min: 0.3, max: 0.7 }, perYear: { min: 1, max: 3 }, extraItems: ["广告合规", "价格行为"] },
      { grade: "E", ratio: { min: 0.7, max: 1 }, perYear: { min: 2, max: 4 }, extraItems: ["价格行为"] },
    ],
  };
  return r;
}

const pub = compileRuleset(publicRuleset());
const industry = compileRuleset(industryRuleset());
const records = compileRuleset(recordsRuleset());
const market = compileRuleset(marketRuleset());

// Weights fixture: age 40 % × years/10, penalties 50 % × (100 − 10 × penalties), commitment 10 %.
const W = {
  A: { years: 10, penalties: 0, honoured: true }, // 40 + 50 + 10 = 100
  B: { years: 10, penalties: 3, honoured: true }, // 40 + 35 + 10 = 85
  C: { years: 5, penalties: 2, honoured: false }, // 20 + 40 + 0 = 60
  D: { years: 5, penalties: 5, honoured: false }, // 20 + 25 + 0 = 45
  E: { years: 0, penalties: 10, honoured: false }, // 0
};
// Industry fixture: publicScore × 0.4, complaints 0 → 30, ≥ 3 → 5, level gold 30 / silver 20 / none 0.
const IND = {
  A: { publicScore: 100, complaints: 0, level: "gold" }, // 40 + 30 + 30 = 100
  B: { publicScore: 75, complaints: 0, level: "silver" }, // 30 + 30 + 20 = 80
  D: { publicScore: 50, complaints: 5, level: "silver" }, // 20 + 5 + 20 = 45
  E: { publicScore: 0, complaints: 5, level: "none" }, // 0 + 5 + 0 = 5
};

const evalOf = (c: typeof pub, inputs: object, records: CreditRecord[] = [], id = SID, options = ASOF): Evaluation =>
  c.evaluate({ id, inputs, records }, options);
const ids = (ms: readonly { id: string }[]) => ms.map((m) => m.id);
const refOf = (e: Evaluation) => evaluationRef(e);

const seriousList: CreditRecord = { id: "l1", type: "list-entry", date: "2025-03-01", list: "serious-dishonesty" };
const commitment = (id: string, due: string): CreditRecord => ({ id, type: "commitment", date: "2024-01-01", kind: "tax", due, honoured: true });

/** Records fixture, E by direct judgment: on the serious-dishonesty list (rule serious-dishonesty, set-grade E). */
const recordsE = () => evalOf(records, { years: 10, underInvestigation: false }, [seriousList]);
/** Records fixture, C by cap: 20 + (50 − 10) + 30 = 90 → A, but fines of 200000 ≥ 100000 cap it at C (rule large-fines). */
const recordsCapped = () => evalOf(records, { years: 10, underInvestigation: false }, [penalty("p1", "2025-06-01", "general", 200000)]);
/** Records fixture, not gradable: under investigation (rule under-investigation). */
const recordsNone = () => evalOf(records, { years: 10, underInvestigation: true });

const SERIOUS_RULE = {
  id: "serious-dishonesty",
  effect: "set-grade",
  reason: { zh: "严重失信主体", en: "seriously dishonest subject" },
  legalBasis: "fixture: serious dishonesty is E",
} as const;
const CAP_RULE = {
  id: "large-fines",
  effect: "cap",
  reason: { zh: "三年内罚款累计十万元以上", en: "fines of 100000 or more in three years" },
  legalBasis: "fixture: large fines cap at C",
} as const;

const APPROVAL_INCENTIVES = ["green-channel", "rongque-acceptance", "gaozhi-chengnuo", "simplified-procedure"];
const ALL_INCENTIVES = [...APPROVAL_INCENTIVES, "reduced-inspection", "xinyidai-preference", "xinyijia-representative"];
const E_SUPERVISION = ["key-supervision", "uncapped-sampling", "more-inspection-items", "campaign-priority"];
const E_RESTRICTIONS = ["no-gaozhi-chengnuo", "restrict-procurement", "restrict-bidding", "restrict-fiscal-funds"];

const capability = (s: SupervisionStance, id: string) => s.capabilities.find((c) => c.capability === id)!;
const reasonOf = (e: Evaluation, measure: string | null, role: string) => {
  const r = refOf(e);
  return { ruleset: r.ruleset, version: r.version, grade: r.grade, label: r.label, measure, role, ...(r.rule ? { rule: r.rule } : {}) };
};

describe("the fixtures grade as worked out", () => {
  it("public, industry, market and records subjects", () => {
    for (const g of ["A", "B", "C", "D", "E"] as const) expect(evalOf(pub, W[g]).grade).toBe(g);
    for (const g of ["A", "B", "D", "E"] as const) expect(evalOf(industry, IND[g]).grade).toBe(g);
    expect(evalOf(market, W.D).grade).toBe("D");
    expect([recordsE().grade, recordsE().decidedBy]).toEqual(["E", "direct-judgment"]);
    expect([recordsCapped().grade, recordsCapped().scoreGrade, recordsCapped().decidedBy]).toEqual(["C", "A", "score"]);
    expect(recordsNone().gradable).toBe(false);
  });
});

describe("evaluationRef: which evaluation, and the rule that decided the grade", () => {
  it("a direct judgment names the set-grade rule", () => {
    expect(refOf(recordsE())).toEqual({
      subjectId: SID,
      ruleset: "fixture-records",
      scheme: "fixture-records",
      version: "1.0.0",
      asOf: "2025-12-31",
      grade: "E",
      label: "E",
      decidedBy: "direct-judgment",
      rule: SERIOUS_RULE,
    });
  });

  it("a cap that lowered the grade names the cap rule", () => {
    expect(refOf(recordsCapped()).rule).toEqual(CAP_RULE);
  });

  it("a floor that raised the grade names the floor rule", () => {
    // years 0 → 0; two general penalties → 50 − 20 = 30; three commitments all honoured → 30.
    // 60 − 10 (repeat-offender) + 5 (commitment-bonus) = 55 → D; kept-promises floors it at C.
    const e = evalOf(records, { years: 0, underInvestigation: false }, [
      penalty("p1", "2025-03-01", "general", 1000),
      penalty("p2", "2025-06-01", "general", 1000),
      commitment("c1", "2024-12-31"),
      commitment("c2", "2025-03-31"),
      commitment("c3", "2025-06-30"),
    ]);
    expect([e.score, e.scoreGrade, e.grade]).toEqual([55, "D", "C"]);
    expect(refOf(e).rule).toEqual({
      id: "kept-promises",
      effect: "floor",
      reason: { zh: "全部履行信用承诺", en: "every commitment honoured" },
      legalBasis: "fixture: kept promises keep C",
    });
  });

  it("a grade by score alone, or no grade, names no rule", () => {
    expect("rule" in refOf(evalOf(pub, W.B))).toBe(false);
    expect(refOf(recordsNone())).toEqual({
      subjectId: SID,
      ruleset: "fixture-records",
      scheme: "fixture-records",
      version: "1.0.0",
      asOf: "2025-12-31",
      grade: null,
      label: null,
      decidedBy: "not-gradable",
    });
  });

  it("a cap that fired but did not lower the grade is not named", () => {
    // Fines capped at C, but the subject is E by direct judgment anyway.
    const e = evalOf(records, { years: 10, underInvestigation: false }, [seriousList, penalty("p1", "2025-06-01", "general", 200000)]);
    expect(e.rules.map((r) => r.id)).toEqual(["serious-dishonesty", "large-fines"]);
    expect(refOf(e).rule).toEqual(SERIOUS_RULE);
  });
});

describe("combineStance: public composite A + industry E", () => {
  const a = evalOf(pub, W.A);
  const e = evalOf(industry, IND.E);
  const s = combineStance([a, e]);
  const A = refOf(a);
  const E = refOf(e);

  it("declares its policy, counts both, worst grade E", () => {
    expect(s.policy).toBe(COMBINATION_POLICY);
    expect(s.policy).toBe("strictest-restriction-wins");
    expect(s.subjectId).toBe(SID);
    expect(s.counted).toEqual([A, E]);
    expect(s.ignored).toEqual([]);
    expect(s.worstGrade).toBe("E");
  });

  it("every restriction and supervision measure of E holds, each from the industry evaluation", () => {
    expect(ids(s.restrictions)).toEqual(E_RESTRICTIONS);
    expect(ids(s.supervision)).toEqual(E_SUPERVISION);
    for (const m of [...s.restrictions, ...s.supervision]) expect(m.from, m.id).toEqual([E]);
  });

  it("no A incentive in a field E restricts or supervises: only finance and 信易+ remain", () => {
    expect(ids(s.incentives)).toEqual(["xinyidai-preference", "xinyijia-representative"]);
    for (const m of s.incentives) expect(m.from).toEqual([A]);
    const held = new Set([...s.restrictions, ...s.supervision].flatMap((m) => m.fields));
    for (const m of s.incentives) expect(m.fields.filter((f) => held.has(f)), m.id).toEqual([]);
    expect(ids(s.blockedIncentives.map((b) => b.measure))).toEqual([...APPROVAL_INCENTIVES, "reduced-inspection"]);
  });

  it("each blocked incentive names the evaluation, measure, capabilities and fields that block it", () => {
    const gaozhi = s.blockedIncentives.find((b) => b.measure.id === "gaozhi-chengnuo")!;
    expect(gaozhi.measure.from).toEqual([A]);
    expect(gaozhi.blockedBy).toEqual([
      { evaluation: E, measure: "no-gaozhi-chengnuo", kind: "restriction", capabilities: ["gaozhi-chengnuo"], fields: ["administrative-approval"] },
    ]);
    // Lighter inspections contradict E's supervision measures, which bar nothing but share the field.
    const reduced = s.blockedIncentives.find((b) => b.measure.id === "reduced-inspection")!;
    expect(reduced.blockedBy).toEqual(
      E_SUPERVISION.map((measure) => ({ evaluation: E, measure, kind: "supervision", capabilities: [], fields: ["daily-supervision"] })),
    );
  });

  it("sampling is E's: at least 60 %, no upper limit, at least twice a year, E's extra items", () => {
    expect(s.sampling).toEqual({
      ratio: { min: 0.6, max: null },
      perYear: { min: 2, max: null },
      extraItems: ["信用承诺履行情况", "失信行为整改情况"],
      sources: {
        ratioMin: [E],
        ratioMax: [E],
        perYearMin: [E],
        perYearMax: [E],
        extraItems: [
          { item: "信用承诺履行情况", from: [E] },
          { item: "失信行为整改情况", from: [E] },
        ],
        without: [],
      },
    });
  });

  it("capabilities: 告知承诺 and procurement barred by E; 信易贷 granted by A; green channel barred though A grants it", () => {
    expect(capability(s, "gaozhi-chengnuo")).toEqual({
      capability: "gaozhi-chengnuo",
      name: { zh: "告知承诺", en: "notification-and-commitment approval" },
      allowed: false,
      basis: "barred",
      because: [{ ruleset: "fixture-industry", version: "1.0.0", grade: "E", label: "E", measure: "no-gaozhi-chengnuo", role: "bars" }],
    });
    expect(capability(s, "green-channel")).toMatchObject({ allowed: false, basis: "barred", because: [{ measure: "no-gaozhi-chengnuo" }] });
    expect(capability(s, "government-procurement")).toMatchObject({ allowed: false, basis: "barred", because: [{ grade: "E", measure: "restrict-procurement" }] });
    expect(capability(s, "xinyidai")).toEqual({
      capability: "xinyidai",
      name: { zh: "税信贷、信易贷优惠", en: "tax-credit and credit-easy loan preferences" },
      allowed: true,
      basis: "granted",
      because: [{ ruleset: "fixture-public", version: "1.0.0", grade: "A", label: "A", measure: "xinyidai-preference", role: "grants" }],
    });
    expect(s.capabilities.filter((c) => !c.allowed).map((c) => c.capability)).toEqual([
      "gaozhi-chengnuo",
      "rongque-acceptance",
      "green-channel",
      "simplified-procedure",
      "government-procurement",
      "government-investment-bidding",
      "fiscal-funds",
    ]);
  });

  it("the order of the evaluations changes only the order of the explanation, not the stance", () => {
    const t = combineStance([e, a]);
    expect(ids(t.restrictions)).toEqual(ids(s.restrictions));
    expect(ids(t.incentives)).toEqual(ids(s.incentives));
    expect(t.capabilities.map((c) => [c.capability, c.allowed, c.basis])).toEqual(s.capabilities.map((c) => [c.capability, c.allowed, c.basis]));
    expect({ ...t.sampling!, sources: null }).toEqual({ ...s.sampling!, sources: null });
  });
});

describe("combineStance: trustworthy evaluations", () => {
  it("A + B: every incentive applies, carried by both; no restriction; sampling the stricter of A and B", () => {
    const a = evalOf(pub, W.A);
    const b = evalOf(industry, IND.B);
    const s = combineStance([a, b]);
    expect(ids(s.incentives)).toEqual(ALL_INCENTIVES);
    for (const m of s.incentives) expect(m.from).toEqual([refOf(a), refOf(b)]);
    expect([s.restrictions, s.supervision, s.blockedIncentives]).toEqual([[], [], []]);
    expect(s.worstGrade).toBe("B");
    // A: ratio 0–5 %, 0–1 a year; B: 5–10 %, exactly once a year.
    expect(s.sampling).toEqual({
      ratio: { min: 0.05, max: 0.1 },
      perYear: { min: 1, max: 1 },
      extraItems: [],
      sources: { ratioMin: [refOf(b)], ratioMax: [refOf(b)], perYearMin: [refOf(b)], perYearMax: [refOf(a), refOf(b)], extraItems: [], without: [] },
    });
    expect(capability(s, "green-channel")).toEqual({
      capability: "green-channel",
      name: { zh: "绿色通道", en: "green channel" },
      allowed: true,
      basis: "granted",
      because: [reasonOf(a, "green-channel", "grants"), reasonOf(b, "green-channel", "grants")],
    });
    expect(capability(s, "government-procurement")).toMatchObject({
      allowed: true,
      basis: "default-allowed",
      because: [reasonOf(a, null, "silent"), reasonOf(b, null, "silent")],
    });
  });

  it("A + D: only the lighter inspections are blocked, by D's key attention and raised sampling", () => {
    const a = evalOf(pub, W.A);
    const d = evalOf(industry, IND.D);
    const s = combineStance([a, d]);
    expect(ids(s.incentives)).toEqual(ALL_INCENTIVES.filter((m) => m !== "reduced-inspection"));
    expect(s.blockedIncentives.map((b) => [b.measure.id, b.blockedBy.map((x) => x.measure)])).toEqual([["reduced-inspection", ["key-attention", "raised-sampling"]]]);
    expect(ids(s.supervision)).toEqual(["key-attention", "raised-sampling"]);
    expect(s.restrictions).toEqual([]);
    expect(capability(s, "gaozhi-chengnuo")).toMatchObject({ allowed: true, basis: "granted", because: [reasonOf(a, "gaozhi-chengnuo", "grants")] });
    expect(s.sampling!.ratio).toEqual({ min: 0.2, max: 0.6 });
  });
});

describe("combineStance: a restriction that bars nothing still blocks incentives in its field", () => {
  it("market D's credit restriction blocks 信易贷 (finance); the capability is then not granted", () => {
    const a = evalOf(pub, W.A);
    const d = evalOf(market, W.D);
    const s = combineStance([a, d]);
    expect(ids(s.restrictions)).toEqual(["restrict-credit"]);
    expect(s.blockedIncentives.map((b) => [b.measure.id, b.blockedBy.map((x) => [x.measure, x.kind, x.capabilities, x.fields])])).toEqual([
      ["reduced-inspection", [["key-attention", "supervision", [], ["daily-supervision"]]]],
      ["xinyidai-preference", [["restrict-credit", "restriction", [], ["finance"]]]],
    ]);
    expect(capability(s, "xinyidai")).toMatchObject({
      allowed: false,
      basis: "not-granted",
      because: [reasonOf(a, "xinyidai-preference", "grant-blocked"), reasonOf(d, null, "silent")],
    });
  });

  it("market C's approval review blocks the approval conveniences; 告知承诺 stays allowed by default (only bars take it away)", () => {
    const a = evalOf(pub, W.A);
    const c = evalOf(market, W.C);
    const s = combineStance([a, c]);
    expect(ids(s.blockedIncentives.map((b) => b.measure))).toEqual([...APPROVAL_INCENTIVES, "reduced-inspection"]);
    expect(capability(s, "gaozhi-chengnuo")).toMatchObject({
      allowed: true,
      basis: "default-allowed",
      because: [reasonOf(a, "gaozhi-chengnuo", "grant-blocked"), reasonOf(c, null, "silent")],
    });
    expect(capability(s, "green-channel")).toMatchObject({ allowed: false, basis: "not-granted" });
  });
});

describe("combineStance: sampling is the strictest of the counted evaluations", () => {
  it("no upper limit when any policy has none; highest minimums; union of extra items in order of first appearance", () => {
    const pe = evalOf(pub, W.E); // 60 %–, 2–/year, two items
    const me = evalOf(market, W.E); // 70–100 %, 2–4/year, 价格行为
    const s = combineStance([pe, me]);
    expect(s.sampling).toEqual({
      ratio: { min: 0.7, max: null },
      perYear: { min: 2, max: null },
      extraItems: ["信用承诺履行情况", "失信行为整改情况", "价格行为"],
      sources: {
        ratioMin: [refOf(me)],
        ratioMax: [refOf(pe)],
        perYearMin: [refOf(pe), refOf(me)],
        perYearMax: [refOf(pe)],
        extraItems: [
          { item: "信用承诺履行情况", from: [refOf(pe)] },
          { item: "失信行为整改情况", from: [refOf(pe)] },
          { item: "价格行为", from: [refOf(me)] },
        ],
        without: [],
      },
    });
  });

  it("all capped: the highest upper limits", () => {
    const mc = evalOf(market, W.C); // 15–30 %, 1–2/year, 广告合规
    const id = evalOf(industry, IND.D); // 20–60 %, 1–2/year
    expect(combineStance([mc, id]).sampling).toMatchObject({ ratio: { min: 0.2, max: 0.6 }, perYear: { min: 1, max: 2 }, extraItems: ["广告合规"] });
  });

  it("an evaluation whose grade has no policy sets nothing and is listed as without", () => {
    const ma = evalOf(market, W.A); // market has no sampling for A
    const pb = evalOf(pub, W.B);
    expect(ma.sampling).toBeNull();
    const s = combineStance([ma, pb]);
    expect(s.sampling).toMatchObject({ ratio: { min: 0.05, max: 0.1 }, sources: { ratioMin: [refOf(pb)], without: [refOf(ma)] } });
    expect(combineStance([ma]).sampling).toBeNull();
  });
});

describe("combineStance: only gradable evaluations count", () => {
  it("a not-gradable evaluation is listed under ignored and changes nothing", () => {
    const a = evalOf(pub, W.A);
    const none = recordsNone();
    const alone = combineStance([a]);
    const s = combineStance([a, none]);
    expect(s.ignored).toEqual([{ evaluation: refOf(none), reason: "not-gradable" }]);
    expect(s.counted).toEqual([refOf(a)]);
    expect({ ...s, ignored: [] }).toEqual(alone);
  });

  it("with nothing gradable: no measures, no sampling, capabilities by their defaults with no reasons", () => {
    const s = combineStance([recordsNone()]);
    expect([s.counted, s.worstGrade, s.restrictions, s.supervision, s.incentives, s.blockedIncentives, s.sampling]).toEqual([[], null, [], [], [], [], null]);
    expect(capability(s, "gaozhi-chengnuo")).toMatchObject({ allowed: true, basis: "default-allowed", because: [] });
    expect(capability(s, "green-channel")).toMatchObject({ allowed: false, basis: "not-granted", because: [] });
  });
});

describe("combineStance: errors", () => {
  const catchError = (f: () => unknown): CreditGradingError => {
    try {
      f();
    } catch (e) {
      if (e instanceof CreditGradingError) return e;
      throw e;
    }
    throw new Error("expected an error");
  };

  it("evaluations of different subjects are rejected, naming the subjects", () => {
    const err = catchError(() => combineStance([evalOf(pub, W.A), evalOf(industry, IND.E, [], "OTHER")]));
    expect(err.code).toBe("INVALID_OPTIONS");
    expect(err.message).toBe(`combineStance: the evaluations are of different subjects ("${SID}", "OTHER"); give one subject's evaluations`);
  });

  it("a not-gradable evaluation of another subject is rejected too", () => {
    expect(() => combineStance([evalOf(pub, W.A), evalOf(records, { years: 1, underInvestigation: true }, [], "OTHER")])).toThrow(/different subjects/);
  });

  it("the same ruleset twice is rejected (combine current evaluations; compare two with measureChanges)", () => {
    const err = catchError(() => combineStance([evalOf(pub, W.A), evalOf(pub, W.E, [], SID, { asOf: "2025-06-30" })]));
    expect(err.message).toBe(
      "combineStance: ruleset fixture-public appears twice (1.0.0 as of 2025-12-31, 1.0.0 as of 2025-06-30); combine the current evaluation of each ruleset, and compare two with measureChanges",
    );
  });

  it("no evaluation at all is rejected", () => {
    expect(catchError(() => combineStance([])).message).toBe("combineStance: no evaluation given");
  });
});

describe("queryCapability", () => {
  it("may the subject use 告知承诺? No: the records evaluation is E by direct judgment, and E bars it", () => {
    const a = evalOf(pub, W.A);
    const e = recordsE();
    expect(queryCapability([a, e], "gaozhi-chengnuo")).toEqual({
      capability: "gaozhi-chengnuo",
      name: { zh: "告知承诺", en: "notification-and-commitment approval" },
      allowed: false,
      basis: "barred",
      because: [{ ruleset: "fixture-records", version: "1.0.0", grade: "E", label: "E", measure: "no-gaozhi-chengnuo", role: "bars", rule: SERIOUS_RULE }],
    });
  });

  it("is the subject restricted from government procurement? No; the reasons name the cap that made the records grade C", () => {
    const a = evalOf(pub, W.A);
    const c = recordsCapped();
    const answer = queryCapability([a, c], "government-procurement");
    expect(answer).toEqual({
      capability: "government-procurement",
      name: { zh: "参与政府采购", en: "taking part in government procurement" },
      allowed: true,
      basis: "default-allowed",
      because: [
        { ruleset: "fixture-public", version: "1.0.0", grade: "A", label: "A", measure: null, role: "silent" },
        { ruleset: "fixture-records", version: "1.0.0", grade: "C", label: "C", measure: null, role: "silent", rule: CAP_RULE },
      ],
    });
  });

  it("a stance and the evaluations it came from give the same answer for every capability", () => {
    const evs = [evalOf(pub, W.A), evalOf(market, W.D), recordsCapped()];
    const s = combineStance(evs);
    for (const c of s.capabilities) expect(queryCapability(evs, c.capability)).toEqual(queryCapability(s, c.capability));
  });

  it("an unknown capability is an error listing the known ones", () => {
    expect(() => queryCapability([evalOf(pub, W.A)], "liquor-licence")).toThrow(
      'unknown capability "liquor-licence"; known: gaozhi-chengnuo, rongque-acceptance, green-channel, simplified-procedure, xinyidai, xinyijia, government-procurement, government-investment-bidding, fiscal-funds',
    );
  });

  describe("capabilities a ruleset's own measures grant or bar are known without the host declaring them", () => {
    // D bars liquor-licence; A grants fast-customs (an incentive in public services).
    const r = weightsRuleset();
    r.id = "fixture-liquor";
    r.scheme = "fixture-liquor";
    r.measures = {
      define: [
        { id: "no-liquor", kind: "restriction", name: { zh: "限制酒类许可", en: "no liquor licence" }, legalBasis: ["fixture"], fields: ["administrative-approval"], bars: ["liquor-licence"] },
        { id: "fast-customs", kind: "incentive", name: { zh: "快速通关", en: "fast customs" }, legalBasis: ["fixture"], fields: ["public-services"], grants: ["fast-customs"] },
      ],
      byGrade: [
        { grade: "A", measures: ["fast-customs", "gaozhi-chengnuo"] },
        { grade: "D", measures: ["no-liquor"] },
      ],
    };
    const liquorRuleset = compileRuleset(r);
    const d = evalOf(liquorRuleset, W.D);
    const a = evalOf(liquorRuleset, W.A);
    const LIQUOR = { id: "liquor-licence", name: { zh: "liquor-licence", en: "liquor-licence" }, default: "allowed" };
    const CUSTOMS = { id: "fast-customs", name: { zh: "fast-customs", en: "fast-customs" }, default: "granted-only" };

    it("every evaluation carries its ruleset's own capabilities, whatever its grade: barred only → allowed by default, granted → granted-only", () => {
      // In the order the grades (A first) map the measures.
      expect(d.capabilities).toEqual([CUSTOMS, LIQUOR]);
      expect(a.capabilities).toEqual([CUSTOMS, LIQUOR]);
      expect(evalOf(pub, W.A).capabilities).toEqual([]);
    });

    it("barred at D, with the measure that bars it", () => {
      expect(queryCapability([d], "liquor-licence")).toEqual({
        capability: "liquor-licence",
        name: LIQUOR.name,
        allowed: false,
        basis: "barred",
        because: [{ ruleset: "fixture-liquor", version: "1.0.0", grade: "D", label: "D", measure: "no-liquor", role: "bars" }],
      });
    });

    it("at A, where no measure mentions it, liquor-licence is allowed by default and fast-customs granted", () => {
      expect(queryCapability([a], "liquor-licence")).toMatchObject({ allowed: true, basis: "default-allowed", because: [reasonOf(a, null, "silent")] });
      expect(queryCapability([a], "fast-customs")).toMatchObject({ allowed: true, basis: "granted", because: [reasonOf(a, "fast-customs", "grants")] });
      expect(queryCapability([d], "fast-customs")).toMatchObject({ allowed: false, basis: "not-granted" });
    });

    it("known in a stance combined with other rulesets' evaluations, after the shipped capabilities", () => {
      const s = combineStance([evalOf(pub, W.A), d]);
      expect(s.capabilities.map((c) => c.capability)).toEqual([...[
        "gaozhi-chengnuo", "rongque-acceptance", "green-channel", "simplified-procedure", "xinyidai", "xinyijia",
        "government-procurement", "government-investment-bidding", "fiscal-funds",
      ], "fast-customs", "liquor-licence"]);
      expect(capability(s, "liquor-licence")).toMatchObject({ allowed: false, basis: "barred" });
      // An evaluation read back from JSON carries them too.
      const fromJson = JSON.parse(JSON.stringify(a)) as Evaluation;
      expect(queryCapability([evalOf(pub, W.A), fromJson], "liquor-licence")).toMatchObject({ allowed: true, basis: "default-allowed" });
    });

    it("a host that declares one gives it its name and default", () => {
      const liquor: Capability = { id: "liquor-licence", name: { zh: "酒类许可", en: "liquor licence" }, default: "allowed" };
      expect(queryCapability([d], "liquor-licence", { capabilities: [liquor] })).toMatchObject({ name: liquor.name, allowed: false, basis: "barred" });
      const stance = combineStance([a], { capabilities: [{ ...liquor, default: "granted-only" }] });
      expect(stance.capabilities.map((c) => [c.capability, c.basis])).toEqual([
        ["liquor-licence", "not-granted"],
        ["fast-customs", "granted"],
        ["gaozhi-chengnuo", "granted"],
      ]);
    });
  });

  it("a supervision measure that bars a capability bars it too, and blocks the incentive granting it", () => {
    const r = weightsRuleset();
    r.id = "fixture-onsite";
    r.scheme = "fixture-onsite";
    r.measures = {
      define: [{ id: "onsite-only", kind: "supervision", name: { zh: "现场办理", en: "on-site only" }, legalBasis: ["fixture"], fields: ["public-services"], bars: ["rongque-acceptance"] }],
      byGrade: [{ grade: "C", measures: ["onsite-only"] }],
    };
    const a = evalOf(pub, W.A);
    const c = evalOf(compileRuleset(r), W.C);
    const s = combineStance([a, c]);
    expect(ids(s.supervision)).toEqual(["onsite-only"]);
    expect(capability(s, "rongque-acceptance")).toMatchObject({ allowed: false, basis: "barred", because: [reasonOf(c, "onsite-only", "bars")] });
    // Blocked: rongque-acceptance (bars), simplified-procedure and xinyijia-representative (public-services).
    expect(s.blockedIncentives.map((b) => [b.measure.id, b.blockedBy.map((x) => [x.capabilities, x.fields])])).toEqual([
      ["rongque-acceptance", [[["rongque-acceptance"], []]]],
      ["simplified-procedure", [[[], ["public-services"]]]],
      ["xinyijia-representative", [[[], ["public-services"]]]],
    ]);
  });
});

describe("measureChanges", () => {
  // Records fixture, years 5 → 10 points; a serious penalty (−25) of 2024-06-01 and a general one
  // (−10) of 2025-06-01; no commitments due → 30. On 2025-08-31: 10 + 15 + 30 = 55 → D.
  // The serious penalty is repaired (信用修复) on 2025-09-01; on 2025-12-31: 10 + 40 + 30 = 80 → B.
  const inputs = { years: 5, underInvestigation: false };
  const general = penalty("p2", "2025-06-01", "general", 5000);
  const before = evalOf(records, inputs, [penalty("p1", "2024-06-01", "serious", 5000), general], SID, { asOf: "2025-08-31" });
  const after = evalOf(records, inputs, [penalty("p1", "2024-06-01", "serious", 5000, { repairedAt: "2025-09-01" }), general]);

  it("after a repair moving D → B: the incentives start, key attention and raised sampling end, sampling is looser", () => {
    expect([before.grade, before.score, after.grade, after.score]).toEqual(["D", 55, "B", 80]);
    const c = measureChanges(before, after);
    expect(c.subjectId).toBe(SID);
    expect([c.previous.grade, c.next.grade]).toEqual(["D", "B"]);
    expect(ids(c.started)).toEqual(ALL_INCENTIVES);
    expect(ids(c.ended)).toEqual(["key-attention", "raised-sampling"]);
    expect(c.continued).toEqual([]);
    // D: 20–60 %, 1–2 a year; B: 5–10 %, once a year.
    expect(c.sampling).toEqual({ previous: DEFAULT_SAMPLING[3], next: DEFAULT_SAMPLING[1], direction: "looser", extraItems: { added: [], removed: [] } });
  });

  it("the other way round the same measures end and start, and the sampling is stricter", () => {
    const relapse = evalOf(records, inputs, [penalty("p1", "2024-06-01", "serious", 5000), general]);
    const c = measureChanges(after, relapse); // both as of 2025-12-31, e.g. an objection upheld against the repair
    expect([c.previous.grade, c.next.grade]).toEqual(["B", "D"]);
    expect(ids(c.ended)).toEqual(ALL_INCENTIVES);
    expect(ids(c.started)).toEqual(["key-attention", "raised-sampling"]);
    expect(c.sampling.direction).toBe("stricter");
  });

  it("the same grade: everything continues, sampling unchanged", () => {
    const c = measureChanges(evalOf(pub, W.A, [], SID, { asOf: "2025-06-30" }), evalOf(pub, W.A));
    expect([c.started, c.ended, ids(c.continued)]).toEqual([[], [], ALL_INCENTIVES]);
    expect(c.sampling.direction).toBe("unchanged");
  });

  it("D → E: extra items are added and the ratio loses its upper limit", () => {
    const c = measureChanges(evalOf(pub, W.D, [], SID, { asOf: "2025-06-30" }), evalOf(pub, W.E));
    expect([ids(c.started), ids(c.ended)]).toEqual([[...E_SUPERVISION, ...E_RESTRICTIONS], ["key-attention", "raised-sampling"]]);
    expect(c.sampling).toMatchObject({ direction: "stricter", extraItems: { added: ["信用承诺履行情况", "失信行为整改情况"], removed: [] } });
  });

  it("into and out of not gradable: everything ends or starts, sampling ended or started", () => {
    const e = recordsE();
    const none = recordsNone();
    const out = measureChanges(e, none);
    expect([out.started, ids(out.ended), out.continued]).toEqual([[], [...E_SUPERVISION, ...E_RESTRICTIONS], []]);
    expect(out.sampling.direction).toBe("ended");
    expect(measureChanges(none, e).sampling.direction).toBe("started");
    expect(measureChanges(none, none).sampling.direction).toBe("unchanged");
  });

  it("a mixed sampling change", () => {
    const r = weightsRuleset();
    r.measures = {
      byGrade: [{ grade: "C", measures: [] }, { grade: "D", measures: [] }],
      sampling: [
        { grade: "C", ratio: { min: 0.1, max: 0.5 }, perYear: { min: 1 } },
        { grade: "D", ratio: { min: 0.2, max: 0.4 }, perYear: { min: 1 } },
      ],
    };
    const c = compileRuleset(r);
    expect(measureChanges(evalOf(c, W.C), evalOf(c, W.D)).sampling.direction).toBe("mixed"); // min up, max down
  });

  it("different subjects, different schemes and a later previous are rejected", () => {
    expect(() => measureChanges(evalOf(pub, W.A), evalOf(pub, W.B, [], "OTHER"))).toThrow(/different subjects/);
    expect(() => measureChanges(evalOf(pub, W.A), evalOf(market, W.A))).toThrow(
      "measureChanges: the evaluations are under different schemes (fixture-public, fixture-market); use combineStance for evaluations of different schemes",
    );
    expect(() => measureChanges(after, before)).toThrow(
      "measureChanges: next (as of 2025-08-31) is dated before previous (as of 2025-12-31); swap them",
    );
  });

  it("a new version of the same scheme is accepted", () => {
    const v2 = publicRuleset();
    v2.version = "2.0.0";
    v2.id = "fixture-public-2026";
    v2.effective = { from: "2026-01-01" };
    const c = measureChanges(evalOf(pub, W.C), evalOf(compileRuleset(v2), W.B, [], SID, { asOf: "2026-12-31" }));
    expect([c.previous.version, c.next.version, ids(c.ended)]).toEqual(["1.0.0", "2.0.0", ["normal-sampling", "warning-reminder"]]);
  });
});

describe("property: adding an evaluation never makes the stance less strict", () => {
  const extra = (() => {
    const r = weightsRuleset();
    r.id = "fixture-extra";
    r.scheme = "fixture-extra";
    return compileRuleset(r);
  })();
  const weightsInputs = fc.record({
    years: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined, freq: 8 }),
    penalties: fc.integer({ min: 0, max: 10 }),
    honoured: fc.boolean(),
  });
  const pool: CreditRecord[] = [
    seriousList,
    penalty("p1", "2025-06-01", "general", 200000),
    penalty("p2", "2025-03-01", "general", 1000),
    penalty("p3", "2025-01-10", "serious", 1000),
    penalty("p4", "2024-11-10", "serious", 1000),
  ];
  type Maker = fc.Arbitrary<Evaluation>;
  const makers: Maker[] = [
    weightsInputs.map((i) => evalOf(pub, i)),
    fc
      .record({ publicScore: fc.integer({ min: 0, max: 100 }), complaints: fc.integer({ min: 0, max: 6 }), level: fc.constantFrom("gold", "silver", "none") })
      .map((i) => evalOf(industry, i)),
    fc
      .tuple(fc.integer({ min: 0, max: 12 }), fc.boolean(), fc.subarray(pool))
      .map(([years, underInvestigation, recs]) => evalOf(records, { years, underInvestigation: underInvestigation && years % 3 === 0 }, recs)),
    weightsInputs.map((i) => evalOf(market, i)),
    weightsInputs.map((i) => evalOf(extra, i)),
  ];
  const evaluationLists = fc
    .uniqueArray(fc.integer({ min: 0, max: makers.length - 1 }), { minLength: 2, maxLength: makers.length })
    .chain((idx) => fc.tuple(...idx.map((i) => makers[i]!)));

  const held = (s: SupervisionStance) => [...s.restrictions, ...s.supervision].map((m) => m.id);
  const barred = (s: SupervisionStance) => s.capabilities.filter((c) => c.basis === "barred").map((c) => c.capability);

  it("restrictions and supervision never disappear, sampling minimums never drop, barred stays barred, blocked stays blocked", () => {
    fc.assert(
      fc.property(evaluationLists, (evs) => {
        for (let k = 1; k < evs.length; k++) {
          const before = combineStance(evs.slice(0, k));
          const after = combineStance(evs.slice(0, k + 1));
          expect(held(after)).toEqual(expect.arrayContaining(held(before)));
          expect(barred(after)).toEqual(expect.arrayContaining(barred(before)));
          expect(after.blockedIncentives.map((b) => b.measure.id)).toEqual(expect.arrayContaining(before.blockedIncentives.map((b) => b.measure.id)));
          if (before.worstGrade !== null) expect(gradeRank(after.worstGrade!)).toBeGreaterThanOrEqual(gradeRank(before.worstGrade));
          if (before.sampling !== null) {
            const a = after.sampling!;
            const b = before.sampling;
            expect(a.ratio.min).toBeGreaterThanOrEqual(b.ratio.min);
            expect(a.perYear.min).toBeGreaterThanOrEqual(b.perYear.min);
            expect(a.ratio.max ?? Infinity).toBeGreaterThanOrEqual(b.ratio.max ?? Infinity);
            expect(a.perYear.max ?? Infinity).toBeGreaterThanOrEqual(b.perYear.max ?? Infinity);
            expect(a.extraItems).toEqual(expect.arrayContaining([...b.extraItems]));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("in every stance no applying incentive grants a barred capability or shares a field with a measure in force", () => {
    fc.assert(
      fc.property(evaluationLists, (evs) => {
        const s = combineStance(evs);
        const fields = new Set([...s.restrictions, ...s.supervision].flatMap((m) => m.fields));
        const bars = new Set([...s.restrictions, ...s.supervision].flatMap((m) => m.bars));
        for (const m of s.incentives) {
          expect(m.fields.filter((f) => fields.has(f)), m.id).toEqual([]);
          expect(m.grants.filter((g) => bars.has(g)), m.id).toEqual([]);
        }
        for (const c of s.capabilities) expect(c.allowed, c.capability).toBe(c.basis === "granted" || c.basis === "default-allowed");
      }),
      { numRuns: 200 },
    );
  });
});
