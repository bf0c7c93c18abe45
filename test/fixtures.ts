/** Shared test fixtures: small valid rulesets that tests copy and change. */
import type { Ruleset } from "../src/index.js";

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
