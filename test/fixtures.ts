/** Shared test fixtures: small valid rulesets that tests copy and change, and the shipped data. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CreditRecord, Ruleset } from "../src/index.js";

/** The repository's root folder. */
export const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Every shipped ruleset version (rulesets/<id>/<x.y.z>.json), with its path under rulesets/ as name. */
export const shippedRulesets = (): { name: string; doc: Ruleset }[] =>
  readdirSync(join(root, "rulesets"), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(root, "rulesets", d.name))
        .filter((f) => /^\d+\.\d+\.\d+\.json$/.test(f))
        .map((f) => ({ name: `${d.name}/${f}`, doc: JSON.parse(readFileSync(join(root, "rulesets", d.name, f), "utf8")) as Ruleset })),
    );

/** The bundled example subjects (examples/data/subjects.ndjson), parsed. */
export const bundledSubjects = (): unknown[] =>
  readFileSync(join(root, "examples/data/subjects.ndjson"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as unknown);

/** A deep copy, so a test can mutate a fixture freely. */
export const clone = <T>(v: T): T => structuredClone(v);

/**
 * A small valid ruleset in weights mode: two top-level members (a group with one linear
 * indicator, a deduction indicator) and a boolean indicator; five bands on 0–100.
 */
export function weightsRuleset(): Ruleset {
  return clone({
    formatVersion: 1,
    id: "fixture-weights",
    scheme: "fixture-weights",
    kind: "other",
    name: { zh: "测试", en: "fixture" },
    version: "1.0.0",
    effective: { from: "2025-01-01" },
    scale: { min: 0, max: 100 },
    rounding: { scale: 2, mode: "half-up" },
    weighting: "weights",
    inputs: [
      { id: "years", type: "number", min: 0 },
      { id: "penalties", type: "number", min: 0, integer: true },
      { id: "honoured", type: "boolean" },
    ],
    indicators: [
      {
        id: "basic",
        name: { zh: "基本情况", en: "basics" },
        weight: 40,
        children: [
          {
            id: "age",
            name: { zh: "经营年限", en: "years in operation" },
            weight: 100,
            scoring: { type: "linear", input: "years", min: 0, max: 10, direction: "higher-better" },
          },
        ],
      },
      {
        id: "penalty",
        name: { zh: "行政处罚", en: "administrative penalties" },
        weight: 50,
        scoring: { type: "deduction", base: 100, items: [{ input: "penalties", points: 10 }] },
        onMissing: "worst",
      },
      {
        id: "commitment",
        name: { zh: "信用承诺履行", en: "commitments honoured" },
        weight: 10,
        scoring: { type: "boolean", input: "honoured", whenTrue: 100, whenFalse: 0 },
        onMissing: { impute: false },
      },
    ],
    bands: [
      { grade: "A", min: 90, max: 100 },
      { grade: "B", min: 75, max: 90 },
      { grade: "C", min: 60, max: 75 },
      { grade: "D", min: 40, max: 60 },
      { grade: "E", min: 0, max: 40 },
    ],
  } satisfies Ruleset);
}

/**
 * A small valid industry ruleset in points mode: the public composite score (0–100) as a
 * passthrough indicator worth 40 of 100 points beside two industry indicators worth 30 each.
 */
export function industryRuleset(): Ruleset {
  return clone({
    formatVersion: 1,
    id: "fixture-industry",
    scheme: "fixture-industry",
    kind: "industry",
    industry: "property-services",
    name: { zh: "行业测试", en: "industry fixture" },
    version: "1.0.0",
    effective: { from: "2025-01-01", to: "2025-12-31" },
    scale: { min: 0, max: 100 },
    rounding: { scale: 2, mode: "half-up" },
    weighting: "points",
    inputs: [
      { id: "publicScore", type: "score", min: 0, max: 100, role: "public-composite" },
      { id: "complaints", type: "number", min: 0, integer: true },
      { id: "level", type: "category", values: ["gold", "silver", "none"] },
    ],
    indicators: [
      { id: "public", name: { zh: "公共信用综合评价", en: "public composite" }, points: 40, scoring: { type: "passthrough", input: "publicScore" } },
      {
        id: "complaintsInd",
        name: { zh: "投诉举报", en: "complaints" },
        points: 30,
        scoring: { type: "bins", input: "complaints", bins: [{ max: 1, score: 30 }, { min: 1, max: 3, score: 20 }, { min: 3, score: 5 }] },
        onMissing: "worst",
      },
      {
        id: "levelInd",
        name: { zh: "服务等级", en: "service level" },
        points: 30,
        scoring: { type: "lookup", input: "level", table: [{ value: "gold", score: 30 }, { value: "silver", score: 20 }, { value: "none", score: 0 }] },
      },
    ],
    bands: [
      { grade: "A", min: 90, max: 100 },
      { grade: "B", min: 70, max: 90 },
      { grade: "C", min: 50, max: 70 },
      { grade: "D", min: 30, max: 50 },
      { grade: "E", min: 0, max: 30 },
    ],
    publicComposite: { indicator: "public" },
  } satisfies Ruleset);
}

/** What `f` throws; fails the test when it throws nothing. */
export function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

/** A penalty record of {@link recordsRuleset}'s `penalty` type. */
export const penalty = (id: string, date: string, severity: "minor" | "general" | "serious", amount = 1000, extra: Partial<CreditRecord> = {}): CreditRecord => ({
  id,
  type: "penalty",
  date,
  severity,
  amount,
  ...extra,
});

/**
 * A valid ruleset in points mode (0–100) that reads dated credit records through derived
 * facts, with rules of all five effect types and a named condition.
 *
 * Records: `penalty` (amount; publicity by severity, national periods of 国办发〔2025〕22号),
 * `list-entry` (list category; never expires), `commitment` (kind, due date, honoured; counts
 * for 3 years).
 * Facts: penalties in the last 3 years by severity, their total amount, commitments due in
 * the last 3 years and those honoured, the honoured / due ratio (1 when nothing was due),
 * whether the subject is on the serious-dishonesty list, and the latest penalty.
 * Indicators, worked by hand:
 *   age          linear years 0–10, 20 points          → 2 × min(years, 10)
 *   penalties    deduction base 50: minor × 5, general × 10, serious × 25, floor 0
 *   commitments  linear honourRate 0–1, 30 points      → 30 × honourRate
 * Bands: A [90, 100], B [75, 90), C [60, 75), D [40, 60), E [0, 40).
 * Rules, in order:
 *   serious-dishonesty   set-grade E     named condition: on the serious list, or ≥ 2 serious penalties in 3 years
 *   large-fines          cap C           penaltyAmount3y ≥ 100000
 *   repeat-offender      adjust −10      penaltiesGeneral3y ≥ 2
 *   commitment-bonus     adjust +5       commitmentsHonoured ≥ 3
 *   kept-promises        floor C         honourRate = 1, commitmentsDue ≥ 3 and score ≥ 50
 *   under-investigation  not-gradable    underInvestigation = true
 */
export function recordsRuleset(): Ruleset {
  const penaltiesBy = (severity: "minor" | "general" | "serious", id: string) => ({
    id,
    from: "penalty",
    aggregate: "count" as const,
    window: { last: "P3Y" },
    where: { fact: "severity", operator: "equal", value: severity },
  });
  return clone({
    formatVersion: 1,
    id: "fixture-records",
    scheme: "fixture-records",
    kind: "other",
    name: { zh: "信用记录测试", en: "records fixture" },
    version: "1.0.0",
    effective: { from: "2025-01-01" },
    scale: { min: 0, max: 100 },
    rounding: { scale: 2, mode: "half-up" },
    weighting: "points",
    inputs: [
      { id: "years", type: "number", min: 0 },
      { id: "underInvestigation", type: "boolean" },
    ],
    records: {
      types: [
        {
          id: "penalty",
          name: { zh: "行政处罚", en: "administrative penalty" },
          fields: [{ id: "amount", type: "number", required: true }],
        },
        {
          id: "list-entry",
          name: { zh: "名单", en: "list entry" },
          publicity: "none",
          fields: [{ id: "list", type: "category", values: ["serious-dishonesty", "abnormal-operation"], required: true }],
        },
        {
          id: "commitment",
          name: { zh: "信用承诺", en: "credit commitment" },
          publicity: { max: "P3Y" },
          fields: [
            { id: "kind", type: "category", values: ["tax", "quality", "other"] },
            { id: "due", type: "date", required: true },
            { id: "honoured", type: "boolean", required: true },
          ],
        },
      ],
    },
    facts: [
      penaltiesBy("minor", "penaltiesMinor3y"),
      penaltiesBy("general", "penaltiesGeneral3y"),
      penaltiesBy("serious", "penaltiesSerious3y"),
      { id: "penaltyAmount3y", from: "penalty", aggregate: "sum", field: "amount", window: { last: "P3Y" } },
      { id: "commitmentsDue", from: "commitment", aggregate: "count", where: { fact: "due", operator: "withinLast", value: "P3Y" } },
      {
        id: "commitmentsHonoured",
        from: "commitment",
        aggregate: "count",
        where: { all: [{ fact: "due", operator: "withinLast", value: "P3Y" }, { fact: "honoured", operator: "equal", value: true }] },
      },
      { id: "honourRate", ratio: { numerator: "commitmentsHonoured", denominator: "commitmentsDue" }, whenZero: 1 },
      { id: "seriousListed", from: "list-entry", aggregate: "exists", where: { fact: "list", operator: "equal", value: "serious-dishonesty" } },
      { id: "latestPenalty", from: "penalty", aggregate: "latest" },
    ],
    indicators: [
      {
        id: "age",
        name: { zh: "经营年限", en: "years in operation" },
        points: 20,
        scoring: { type: "linear", input: "years", min: 0, max: 10, direction: "higher-better" },
      },
      {
        id: "penalties",
        name: { zh: "行政处罚", en: "administrative penalties" },
        points: 50,
        scoring: {
          type: "deduction",
          base: 50,
          items: [
            { input: "penaltiesMinor3y", points: 5 },
            { input: "penaltiesGeneral3y", points: 10 },
            { input: "penaltiesSerious3y", points: 25 },
          ],
        },
      },
      {
        id: "commitments",
        name: { zh: "信用承诺履行", en: "commitments honoured" },
        points: 30,
        scoring: { type: "linear", input: "honourRate", min: 0, max: 1, direction: "higher-better" },
      },
    ],
    bands: [
      { grade: "A", min: 90, max: 100 },
      { grade: "B", min: 75, max: 90 },
      { grade: "C", min: 60, max: 75 },
      { grade: "D", min: 40, max: 60 },
      { grade: "E", min: 0, max: 40 },
    ],
    conditions: [
      {
        id: "seriouslyDishonest",
        conditions: {
          any: [
            { fact: "seriousListed", operator: "equal", value: true },
            { fact: "penaltiesSerious3y", operator: "greaterThanInclusive", value: 2 },
          ],
        },
      },
    ],
    rules: [
      {
        id: "serious-dishonesty",
        reason: { zh: "严重失信主体", en: "seriously dishonest subject" },
        legalBasis: "fixture: serious dishonesty is E",
        conditions: { condition: "seriouslyDishonest" },
        effect: { type: "set-grade", grade: "E" },
      },
      {
        id: "large-fines",
        reason: { zh: "三年内罚款累计十万元以上", en: "fines of 100000 or more in three years" },
        legalBasis: "fixture: large fines cap at C",
        conditions: { all: [{ fact: "penaltyAmount3y", operator: "greaterThanInclusive", value: 100000 }] },
        effect: { type: "cap", grade: "C" },
      },
      {
        id: "repeat-offender",
        reason: { zh: "三年内两次以上一般失信处罚", en: "two or more general penalties in three years" },
        legalBasis: "fixture: repeat offenders lose 10 points",
        conditions: { all: [{ fact: "penaltiesGeneral3y", operator: "greaterThanInclusive", value: 2 }] },
        effect: { type: "adjust-points", points: -10 },
      },
      {
        id: "commitment-bonus",
        reason: { zh: "履行信用承诺三次以上", en: "three or more commitments honoured" },
        legalBasis: "fixture: honoured commitments earn 5 points",
        conditions: { all: [{ fact: "commitmentsHonoured", operator: "greaterThanInclusive", value: 3 }] },
        effect: { type: "adjust-points", points: 5 },
      },
      {
        id: "kept-promises",
        reason: { zh: "全部履行信用承诺", en: "every commitment honoured" },
        legalBasis: "fixture: kept promises keep C",
        conditions: {
          all: [
            { fact: "honourRate", operator: "equal", value: 1 },
            { fact: "commitmentsDue", operator: "greaterThanInclusive", value: 3 },
            { fact: "score", operator: "greaterThanInclusive", value: 50 },
          ],
        },
        effect: { type: "floor", grade: "C" },
      },
      {
        id: "under-investigation",
        reason: { zh: "立案调查中", en: "under investigation" },
        legalBasis: "fixture: no grade during an investigation",
        conditions: { all: [{ fact: "underInvestigation", operator: "equal", value: true }] },
        effect: { type: "not-gradable" },
      },
    ],
  } satisfies Ruleset);
}

/**
 * A ruleset whose scheme has several labels on one canonical grade (like tax B and M, or
 * road transport A and B): labels AA (A); A, B, M (B); C (C); D (D); E has none. Bands name
 * their labels; rules give a label (M, by direct judgment; B, by a floor), cap and floor
 * without one, send to E, or leave the subject ungraded; M has measures of its own.
 */
export function labelsRuleset(): Ruleset {
  const rule = (id: string, fact: string, effect: NonNullable<Ruleset["rules"]>[number]["effect"]) => ({
    id,
    reason: { zh: id, en: id },
    legalBasis: "test",
    conditions: { all: [{ fact, operator: "equal", value: true }] },
    effect,
  });
  return clone({
    formatVersion: 1,
    id: "fixture-labels",
    scheme: "fixture-labels",
    kind: "other",
    name: { zh: "多标识测试", en: "labels fixture" },
    version: "1.0.0",
    effective: { from: "2025-01-01" },
    scale: { min: 0, max: 100 },
    rounding: { scale: 2, mode: "half-up" },
    weighting: "points",
    inputs: [
      { id: "points", type: "number", min: 0, max: 100 },
      { id: "newSubject", type: "boolean" },
      { id: "listed", type: "boolean" },
      { id: "fewDemerits", type: "boolean" },
      { id: "capped", type: "boolean" },
      { id: "floored", type: "boolean" },
      { id: "gone", type: "boolean" },
    ],
    indicators: [{ id: "s", name: { zh: "得分", en: "score" }, points: 100, scoring: { type: "linear", input: "points", min: 0, max: 100, direction: "higher-better" } }],
    bands: [
      { grade: "A", label: "AA", min: 90, max: 100 },
      { grade: "B", label: "A", min: 80, max: 90 },
      { grade: "B", label: "B", min: 60, max: 80 },
      { grade: "C", min: 40, max: 60 },
      { grade: "D", min: 0, max: 40 },
    ],
    labels: [
      { grade: "A", label: "AA", name: { zh: "优良", en: "excellent" } },
      { grade: "B", label: "A" },
      { grade: "B", label: "B" },
      { grade: "B", label: "M", name: { zh: "新设立", en: "new" } },
      { grade: "C", label: "C" },
      { grade: "D", label: "D" },
    ],
    rules: [
      rule("new-subject", "newSubject", { type: "set-grade", grade: "B", label: "M" }),
      rule("listed", "listed", { type: "set-grade", grade: "E" }),
      {
        id: "few-demerits",
        reason: { zh: "记分少", en: "few demerits" },
        legalBasis: "test",
        conditions: { all: [{ fact: "score", operator: "lessThan", value: 60 }, { fact: "fewDemerits", operator: "equal", value: true }] },
        effect: { type: "floor", grade: "B", label: "B" },
      },
      rule("capped", "capped", { type: "cap", grade: "B" }),
      rule("floored", "floored", { type: "floor", grade: "B" }),
      rule("gone", "gone", { type: "not-gradable" }),
    ],
    measures: {
      define: [
        { id: "m-guidance", kind: "supervision", name: { zh: "辅导", en: "guidance" }, legalBasis: ["test"], fields: ["daily-supervision"] },
        { id: "m-no-authentication", kind: "incentive", name: { zh: "取消认证", en: "no authentication" }, legalBasis: ["test"], fields: ["administrative-approval"] },
      ],
      byGrade: [
        { grade: "A", measures: ["green-channel", "reduced-inspection"] },
        { grade: "B", measures: ["reduced-inspection"] },
        { grade: "B", label: "M", measures: ["m-guidance", "m-no-authentication"] },
        { grade: "C", measures: ["normal-sampling"] },
        { grade: "D", measures: ["key-attention"] },
        { grade: "E", measures: ["key-supervision"] },
      ],
    },
  } satisfies Ruleset);
}
