/**
 * Tests of the ruleset checks (`validateRuleset`): every diagnostic code from a small mutation
 * of a valid fixture, with its exact path into the document, its severity and its message.
 * Expected diagnostics are worked out by hand from the fixtures in `fixtures.ts`.
 */
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  CreditGradingError,
  defineRuleset,
  type Diagnostic,
  type DiagnosticCode,
  loadRuleset,
  MAX_INDICATOR_DEPTH,
  MAX_JSON_DEPTH,
  type PathSegment,
  type Ruleset,
  RulesetError,
  rulesetHash,
  type Severity,
  validateRuleset,
  validateRulesetText,
} from "../src/index.js";
import { clone, industryRuleset, weightsRuleset } from "./fixtures.js";

// Fixtures are mutated freely, including into shapes the type forbids.
type Doc = any;
const W = (): Doc => weightsRuleset();
const I = (): Doc => industryRuleset();

interface Expected {
  code: DiagnosticCode;
  path: PathSegment[];
  severity?: Severity;
  message?: RegExp | string;
}

/** Diagnostics in the shape of the expectations, for exact comparison of the whole list. */
function expectDiagnostics(doc: unknown, expected: Expected[]): Diagnostic[] {
  const { diagnostics, valid } = validateRuleset(doc);
  expect(
    diagnostics.map((d) => ({ code: d.code, path: d.path, severity: d.severity })),
    JSON.stringify(diagnostics, null, 1),
  ).toEqual(expected.map((e) => ({ code: e.code, path: e.path, severity: e.severity ?? "error" })));
  expected.forEach((e, i) => {
    const msg = diagnostics[i]?.message ?? "";
    if (e.message instanceof RegExp) expect(msg).toMatch(e.message);
    else if (typeof e.message === "string") expect(msg).toBe(e.message);
  });
  expect(valid).toBe(!expected.some((e) => (e.severity ?? "error") === "error"));
  return [...diagnostics];
}

/** Every code the checks know; `true` once a test below produces it (the type keeps it complete). */
const COVERED: Record<DiagnosticCode, "tested" | "dead"> = {
  SCHEMA_INVALID: "tested",
  // Computed inputs: each produced in test/computed.test.ts.
  COMPUTED_SYNTAX: "tested",
  COMPUTED_UNKNOWN_NAME: "tested",
  COMPUTED_TYPE: "tested",
  COMPUTED_CYCLE: "tested",
  COMPUTED_TOO_DEEP: "tested",
  COMPUTED_TOO_LARGE: "tested",
  COMPUTED_REQUIRED: "tested",
  NOT_JSON: "tested",
  FORBIDDEN_KEY: "tested",
  NESTING_TOO_DEEP: "tested",
  DUPLICATE_ID: "tested",
  UNKNOWN_INPUT: "tested",
  INPUT_TYPE_MISMATCH: "tested",
  UNUSED_INPUT: "tested",
  INVALID_RANGE: "tested",
  MIXED_WEIGHTING: "tested",
  WEIGHTS_SUM_MISMATCH: "tested",
  POINTS_SUM_MISMATCH: "tested",
  SCORE_OUT_OF_SCALE: "tested",
  BIN_UNREACHABLE: "tested",
  LOOKUP_UNKNOWN_VALUE: "tested",
  BANDS_ORDER: "tested",
  BANDS_GAP: "tested",
  BANDS_OVERLAP: "tested",
  BANDS_COVERAGE: "tested",
  PRECISION_EXCEEDS_ROUNDING: "tested",
  LABEL_DUPLICATE: "tested",
  LABELS_ORDER: "tested",
  UNKNOWN_LABEL: "tested",
  EFFECTIVE_PERIOD_INVALID: "tested",
  PUBLIC_COMPOSITE_MISSING: "tested",
  PUBLIC_COMPOSITE_NOT_PASSTHROUGH: "tested",
  PUBLIC_COMPOSITE_BELOW_MEAN: "tested",
  PUBLIC_COMPOSITE_CHECK_DISABLED: "tested",
  // Records, derived facts, named conditions and rules: tested in rule-check.test.ts.
  UNKNOWN_RECORD_TYPE: "tested",
  UNKNOWN_FIELD: "tested",
  UNKNOWN_FACT: "tested",
  FACT_TYPE_MISMATCH: "tested",
  UNKNOWN_CONDITION: "tested",
  CONDITION_CYCLE: "tested",
  // Conditions past the size and depth limits: tested in hostile/named-conditions.test.ts.
  CONDITION_TOO_LARGE: "tested",
  CONDITION_TOO_DEEP: "tested",
  INVALID_OPERATOR_VALUE: "tested",
  RULE_READS_SCORE: "tested",
  // Measures and sampling: tested in measure-check.test.ts.
  UNKNOWN_MEASURE: "tested",
  MEASURE_KIND_MISMATCH: "tested",
  MEASURES_MISSING_GRADE: "tested",
  SAMPLING_E_CAPPED: "tested",
  SAMPLING_NOT_MONOTONE: "tested",
  // A regulator's year: tested in rule-actions.test.ts and publication.test.ts.
  RULE_DOES_NOTHING: "tested",
  PUBLICATION_INVALID: "tested",
};

describe("fixtures", () => {
  it("both fixtures are valid with no diagnostics at all", () => {
    expectDiagnostics(W(), []);
    expectDiagnostics(I(), []);
  });

  it("every diagnostic code is tested here (none is dead)", () => {
    expect(Object.entries(COVERED).filter(([, v]) => v === "dead").map(([k]) => k)).toEqual([]);
  });
});

describe("bands", () => {
  it("BANDS_GAP: a band's max below the next better band's min", () => {
    const r = W();
    r.bands[2].max = 74; // C 60–74, B from 75
    expectDiagnostics(r, [
      { code: "BANDS_GAP", path: ["bands", 2, "max"], message: "scores between band C (up to 74) and band B (from 75) get no grade" },
    ]);
  });

  it("BANDS_GAP: adjacent bands both exclusive at the shared bound", () => {
    const r = W();
    r.bands[1].minInclusive = false; // B (75, 90)
    r.bands[2].maxInclusive = false; // C [60, 75)
    expectDiagnostics(r, [
      { code: "BANDS_GAP", path: ["bands", 2, "max"], message: /band C \(up to 75\) and band B \(from 75\) get no grade/ },
    ]);
  });

  it("BANDS_OVERLAP: a band's max above the next better band's min", () => {
    const r = W();
    r.bands[2].max = 80;
    expectDiagnostics(r, [
      { code: "BANDS_OVERLAP", path: ["bands", 2, "max"], message: "band C (up to 80) overlaps band B (from 75)" },
    ]);
  });

  it("BANDS_OVERLAP: adjacent bands both inclusive at the shared bound", () => {
    const r = W();
    r.bands[2].maxInclusive = true; // C [60, 75] while B is [75, 90)
    expectDiagnostics(r, [{ code: "BANDS_OVERLAP", path: ["bands", 2, "max"], message: /band C \(up to 75\) overlaps band B \(from 75\)/ }]);
    r.bands[1].minInclusive = true; // explicit default: same
    expectDiagnostics(r, [{ code: "BANDS_OVERLAP", path: ["bands", 2, "max"] }]);
  });

  it("a shared bound with exactly one side inclusive is neither gap nor overlap", () => {
    const r = W();
    r.bands[1].minInclusive = false;
    r.bands[2].maxInclusive = true; // C [60, 75], B (75, 90)
    expectDiagnostics(r, []);
  });

  it("BANDS_ORDER: grades must go best first", () => {
    const r = W();
    r.bands[1].grade = "C";
    r.bands[2].grade = "B";
    expectDiagnostics(r, [{ code: "BANDS_ORDER", path: ["bands", 2, "grade"], message: "bands go best grade first: B cannot follow C" }]);
  });

  it("BANDS_ORDER: a repeated grade", () => {
    const r = W();
    r.bands[1].grade = "A";
    // C after the second A is in order again, so only the repeat is reported.
    expectDiagnostics(r, [{ code: "BANDS_ORDER", path: ["bands", 1, "grade"], message: /A cannot follow A/ }]);
  });

  it("BANDS_COVERAGE: the top band stops short of the scale's maximum", () => {
    const r = W();
    r.bands[0].max = 99;
    expectDiagnostics(r, [
      { code: "BANDS_COVERAGE", path: ["bands", 0, "max"], message: "the best band must reach the scale's maximum 100 inclusive" },
    ]);
  });

  it("BANDS_COVERAGE: the top band excludes the scale's maximum", () => {
    const r = W();
    r.bands[0].maxInclusive = false;
    expectDiagnostics(r, [{ code: "BANDS_COVERAGE", path: ["bands", 0, "max"], message: /maximum 100 inclusive/ }]);
    r.bands[0].maxInclusive = true;
    expectDiagnostics(r, []);
  });

  it("BANDS_COVERAGE: the bottom band starts above the scale's minimum", () => {
    const r = W();
    r.bands[4].min = 1;
    expectDiagnostics(r, [
      { code: "BANDS_COVERAGE", path: ["bands", 4, "min"], message: "the worst band must start at the scale's minimum 0 inclusive" },
    ]);
  });

  it("BANDS_COVERAGE: the bottom band excludes the scale's minimum", () => {
    const r = W();
    r.bands[4].minInclusive = false;
    expectDiagnostics(r, [{ code: "BANDS_COVERAGE", path: ["bands", 4, "min"], message: /minimum 0 inclusive/ }]);
  });

  it("INVALID_RANGE: a band whose max is not above its min", () => {
    const r = W();
    r.bands[4] = { grade: "E", min: 0, max: 0 };
    r.bands[3].min = 0; // D 0–60, so E [0, 0) is the only problem besides touching bounds
    expectDiagnostics(r, [
      { code: "INVALID_RANGE", path: ["bands", 4], message: "band E: max (0) must be greater than min (0)" },
    ]);
  });

  it("PRECISION_EXCEEDS_ROUNDING: band bounds with more decimals than the rounding scale", () => {
    const r = W(); // rounding scale 2
    r.bands[0].min = 89.995;
    r.bands[1].max = 89.995;
    expectDiagnostics(r, [
      { code: "PRECISION_EXCEEDS_ROUNDING", path: ["bands", 0, "min"], message: "89.995 has more decimals than the rounding scale (2)" },
      { code: "PRECISION_EXCEEDS_ROUNDING", path: ["bands", 1, "max"], message: "89.995 has more decimals than the rounding scale (2)" },
    ]);
    r.bands[0].min = 89.99;
    r.bands[1].max = 89.99;
    expectDiagnostics(r, []);
  });

  it("PRECISION_EXCEEDS_ROUNDING at rounding scale 0", () => {
    const r = W();
    r.rounding.scale = 0;
    r.bands[3].min = 40.5;
    r.bands[4].max = 40.5;
    expectDiagnostics(r, [
      { code: "PRECISION_EXCEEDS_ROUNDING", path: ["bands", 3, "min"], message: /40\.5 .*rounding scale \(0\)/ },
      { code: "PRECISION_EXCEEDS_ROUNDING", path: ["bands", 4, "max"] },
    ]);
  });
});

describe("the indicator tree", () => {
  it("WEIGHTS_SUM_MISMATCH at a nested level", () => {
    const r = W();
    r.indicators[0].children[0].weight = 90;
    expectDiagnostics(r, [
      { code: "WEIGHTS_SUM_MISMATCH", path: ["indicators", 0, "children"], message: "weights add up to 90, expected 100" },
    ]);
  });

  it("WEIGHTS_SUM_MISMATCH at the top level", () => {
    const r = W();
    r.indicators[2].weight = 20;
    expectDiagnostics(r, [{ code: "WEIGHTS_SUM_MISMATCH", path: ["indicators"], message: "weights add up to 110, expected 100" }]);
  });

  it("weights that add up to 100 only within float noise pass", () => {
    const r = W();
    r.indicators[0].weight = 30.1;
    r.indicators[1].weight = 59.7;
    r.indicators[2].weight = 10.2; // 30.1 + 59.7 + 10.2 = 100.00000000000001 in doubles
    expectDiagnostics(r, []);
  });

  it("POINTS_SUM_MISMATCH at the top level against the scale", () => {
    const r = I();
    r.indicators[0].points = 45;
    expectDiagnostics(r, [{ code: "POINTS_SUM_MISMATCH", path: ["indicators"], message: "points add up to 105, expected 100" }]);
  });

  it("POINTS_SUM_MISMATCH in a group against the group's points", () => {
    const r = I();
    r.indicators[1] = {
      id: "grp",
      name: { zh: "组", en: "group" },
      points: 30,
      children: [{ ...r.indicators[1], points: 25, scoring: { ...r.indicators[1].scoring, bins: [{ max: 1, score: 25 }, { min: 1, score: 0 }] } }],
    };
    expectDiagnostics(r, [
      { code: "POINTS_SUM_MISMATCH", path: ["indicators", 1, "children"], message: "points add up to 25, expected 30" },
    ]);
  });

  it("MIXED_WEIGHTING: points on a node of a weights ruleset", () => {
    const r = W();
    r.indicators[2].points = 10;
    expectDiagnostics(r, [
      { code: "MIXED_WEIGHTING", path: ["indicators", 2, "points"], message: 'weighting is "weights": use "weight", not "points"' },
    ]);
  });

  it("MIXED_WEIGHTING: a node of a weights ruleset with points instead of weight", () => {
    const r = W();
    delete r.indicators[2].weight;
    r.indicators[2].points = 10;
    expectDiagnostics(r, [
      { code: "MIXED_WEIGHTING", path: ["indicators", 2], message: 'weighting is "weights", so every node needs "weight"' },
      { code: "MIXED_WEIGHTING", path: ["indicators", 2, "points"] },
      { code: "WEIGHTS_SUM_MISMATCH", path: ["indicators"], message: "weights add up to 90, expected 100" },
    ]);
  });

  it("MIXED_WEIGHTING: a weight in a points ruleset", () => {
    const r = I();
    r.indicators[1].weight = 30;
    expectDiagnostics(r, [{ code: "MIXED_WEIGHTING", path: ["indicators", 1, "weight"], message: /use "points", not "weight"/ }]);
  });

  it("DUPLICATE_ID: two indicators with one id", () => {
    const r = W();
    r.indicators[2].id = "penalty";
    expectDiagnostics(r, [{ code: "DUPLICATE_ID", path: ["indicators", 2, "id"], message: 'indicator id "penalty" is used twice' }]);
  });

  it("DUPLICATE_ID: a nested indicator reusing its group's id", () => {
    const r = W();
    r.indicators[0].children[0].id = "basic";
    expectDiagnostics(r, [{ code: "DUPLICATE_ID", path: ["indicators", 0, "children", 0, "id"], message: /"basic" is used twice/ }]);
  });

  it("DUPLICATE_ID: two inputs with one id", () => {
    const r = W();
    r.inputs.push({ id: "years", type: "number" });
    expectDiagnostics(r, [{ code: "DUPLICATE_ID", path: ["inputs", 3, "id"], message: 'input id "years" is declared twice' }]);
  });

  it("DUPLICATE_ID: a repeated category value and a repeated lookup row", () => {
    const r = I();
    r.inputs[2].values.push("gold");
    r.indicators[2].scoring.table.push({ value: "gold", score: 10 });
    expectDiagnostics(r, [
      { code: "DUPLICATE_ID", path: ["inputs", 2, "values"], message: "category values must be unique" },
      { code: "DUPLICATE_ID", path: ["indicators", 2, "scoring", "table", 3, "value"], message: '"gold" appears twice' },
    ]);
  });

  it("NESTING_TOO_DEEP: an indicator tree deeper than MAX_INDICATOR_DEPTH", () => {
    expect(MAX_INDICATOR_DEPTH).toBe(6);
    const chain = (levels: number): Doc => {
      const r = W();
      let node = r.indicators[0].children[0]; // the linear leaf "age"
      for (let i = levels - 1; i >= 1; i--) {
        node = { id: `g${i}`, name: { zh: "组", en: "group" }, weight: i === 1 ? 40 : 100, children: [node] };
      }
      r.indicators[0] = node;
      return r;
    };
    // Six levels (five groups and the leaf) is the limit.
    expectDiagnostics(chain(6), []);
    const path: PathSegment[] = ["indicators", 0];
    for (let i = 0; i < 6; i++) path.push("children", 0);
    expectDiagnostics(chain(7), [
      { code: "NESTING_TOO_DEEP", path, message: "the indicator tree is deeper than 6 levels" },
    ]);
    // Deeper still: the first node past the limit is reported and not descended into, so the
    // leaf (and its input) is never reached.
    expectDiagnostics(chain(9), [
      { code: "NESTING_TOO_DEEP", path, message: "the indicator tree is deeper than 6 levels" },
      { code: "UNUSED_INPUT", path: ["inputs", 0, "id"], severity: "warning" },
    ]);
    expect(() => loadRuleset(chain(7))).toThrow(/NESTING_TOO_DEEP/);
  });
});

describe("inputs and scoring", () => {
  it("UNKNOWN_INPUT inside a deduction item", () => {
    const r = W();
    r.indicators[1].scoring.items.push({ input: "fines", points: 5 });
    expectDiagnostics(r, [
      { code: "UNKNOWN_INPUT", path: ["indicators", 1, "scoring", "items", 1, "input"], message: 'input "fines" is not declared in "inputs"' },
    ]);
  });

  it("UNKNOWN_INPUT in a deduction's base selector", () => {
    const r = W();
    r.indicators[1].scoring.base = { input: "tier", cases: [{ equals: true, base: 100 }], otherwise: 80 };
    expectDiagnostics(r, [{ code: "UNKNOWN_INPUT", path: ["indicators", 1, "scoring", "base", "input"], message: /"tier" is not declared/ }]);
  });

  it("INPUT_TYPE_MISMATCH: a lookup over a number input", () => {
    const r = I();
    r.indicators[2].scoring.input = "complaints";
    expectDiagnostics(r, [
      {
        code: "INPUT_TYPE_MISMATCH",
        path: ["indicators", 2, "scoring", "input"],
        message: 'a lookup scoring needs a category input; "complaints" is number',
      },
      // "level" is now read by nothing.
      { code: "UNUSED_INPUT", path: ["inputs", 2, "id"], severity: "warning", message: 'input "level" is declared but no indicator or rule reads it' },
    ]);
  });

  it("INPUT_TYPE_MISMATCH: a deduction item over a boolean input", () => {
    const r = W();
    r.indicators[1].scoring.items.push({ input: "honoured", points: 5 });
    expectDiagnostics(r, [
      { code: "INPUT_TYPE_MISMATCH", path: ["indicators", 1, "scoring", "items", 1, "input"], message: /needs a number input; "honoured" is boolean/ },
    ]);
  });

  it("INPUT_TYPE_MISMATCH: an imputed value of the wrong type", () => {
    const r = W();
    r.indicators[2].onMissing = { impute: "yes" };
    expectDiagnostics(r, [
      { code: "INPUT_TYPE_MISMATCH", path: ["indicators", 2, "onMissing", "impute"], message: 'imputed value "yes" is not a valid "honoured" (boolean)' },
    ]);
  });

  it("INPUT_TYPE_MISMATCH: an imputed number outside the input's range, and a category not among its values", () => {
    const r = I();
    r.indicators[1].onMissing = { impute: -1 }; // complaints: min 0
    r.indicators[2].onMissing = { impute: "bronze" };
    expectDiagnostics(r, [
      { code: "INPUT_TYPE_MISMATCH", path: ["indicators", 1, "onMissing", "impute"], message: /imputed value -1 is not a valid "complaints" \(number\)/ },
      { code: "INPUT_TYPE_MISMATCH", path: ["indicators", 2, "onMissing", "impute"], message: /"bronze" is not a valid "level" \(category\)/ },
    ]);
    r.indicators[1].onMissing = { impute: 2 };
    r.indicators[2].onMissing = { impute: "silver" };
    expectDiagnostics(r, []);
  });

  it("INPUT_TYPE_MISMATCH: a deduction base case that is not a value of its input", () => {
    const r = I();
    r.indicators[1].scoring = { type: "deduction", base: { input: "level", cases: [{ equals: "gold", base: 30 }, { equals: true, base: 20 }], otherwise: 10 }, items: [{ input: "complaints", points: 5 }] };
    expectDiagnostics(r, [
      { code: "INPUT_TYPE_MISMATCH", path: ["indicators", 1, "scoring", "base", "cases", 1, "equals"], message: 'true is not a value of input "level"' },
    ]);
  });

  it("UNUSED_INPUT is a warning and the ruleset stays valid", () => {
    const r = W();
    r.inputs.push({ id: "spare", type: "boolean" });
    const d = expectDiagnostics(r, [
      { code: "UNUSED_INPUT", path: ["inputs", 3, "id"], severity: "warning", message: 'input "spare" is declared but no indicator or rule reads it' },
    ]);
    expect(validateRuleset(r).valid).toBe(true);
    expect(d).toHaveLength(1);
    expect(loadRuleset(r)).toEqual(r);
  });

  it("SCORE_OUT_OF_SCALE: a boolean score above 100 in weights mode", () => {
    const r = W();
    r.indicators[2].scoring.whenTrue = 120;
    expectDiagnostics(r, [
      { code: "SCORE_OUT_OF_SCALE", path: ["indicators", 2, "scoring"], message: "scores range 0–120, outside the indicator's scale 0–100" },
    ]);
  });

  it("SCORE_OUT_OF_SCALE: a bin scoring above the indicator's points in points mode", () => {
    const r = I();
    r.indicators[1].scoring.bins[0].score = 35; // complaintsInd is worth 30 points
    expectDiagnostics(r, [
      { code: "SCORE_OUT_OF_SCALE", path: ["indicators", 1, "scoring"], message: "scores range 5–35, outside the indicator's scale 0–30" },
    ]);
  });

  it("SCORE_OUT_OF_SCALE: outOf widens the scale", () => {
    const r = I();
    r.indicators[1].scoring.bins[0].score = 35;
    r.indicators[1].outOf = 40;
    expectDiagnostics(r, []);
    r.indicators[1].outOf = 34;
    expectDiagnostics(r, [{ code: "SCORE_OUT_OF_SCALE", path: ["indicators", 1, "scoring"], message: /0–34/ }]);
  });

  it("LOOKUP_UNKNOWN_VALUE: a table row that is not a value of the input", () => {
    const r = I();
    r.indicators[2].scoring.table[0].value = "platinum";
    expectDiagnostics(r, [
      { code: "LOOKUP_UNKNOWN_VALUE", path: ["indicators", 2, "scoring", "table", 0, "value"], message: '"platinum" is not a value of input "level"' },
    ]);
  });

  it("INVALID_RANGE: a scale whose max is not above its min stops further checks", () => {
    const r = W();
    r.scale = { min: 100, max: 100 };
    r.bands[0].max = 7; // would be a coverage and precision problem if bands were checked
    expectDiagnostics(r, [{ code: "INVALID_RANGE", path: ["scale"], message: "scale.max (100) must be greater than scale.min (100)" }]);
  });

  it("INVALID_RANGE: an input range, a linear range and an empty bin", () => {
    const r = I();
    r.inputs[0].min = 100;
    r.inputs[0].max = 100; // a score scale needs max > min
    r.indicators[1].scoring.bins[1] = { min: 3, max: 3, score: 20 }; // [3, 3) is empty
    const w = W();
    w.indicators[0].children[0].scoring.max = 0; // linear 0 → 0
    expectDiagnostics(r, [
      { code: "INVALID_RANGE", path: ["inputs", 0], message: "min (100) must be below max (100)" },
      { code: "INVALID_RANGE", path: ["indicators", 1, "scoring", "bins", 1], message: "bin [3, 3] contains no value" },
    ]);
    expectDiagnostics(w, [
      { code: "INVALID_RANGE", path: ["indicators", 0, "children", 0, "scoring"], message: "linear max (0) must be greater than min (0)" },
    ]);
  });

  it("a number input may have min equal to max, and a bin [3, 3] with maxInclusive holds one value", () => {
    const r = I();
    r.inputs[1].max = 0;
    r.indicators[1].scoring.bins[1] = { min: 3, max: 3, maxInclusive: true, score: 20 };
    expectDiagnostics(r, []);
  });

  it("BIN_UNREACHABLE: a bin after a catch-all bin is reported as a warning", () => {
    const r = I();
    r.indicators[1].scoring.bins = [{ score: 30 }, { min: 1, score: 5 }];
    expectDiagnostics(r, [
      { code: "BIN_UNREACHABLE", severity: "warning", path: ["indicators", 1, "scoring", "bins", 1], message: "bin 1 lies inside bin 0, which is tried first, so it never matches" },
    ]);
  });

  it("BIN_UNREACHABLE: a bin sharing an earlier bin's bound is reachable when the earlier bin excludes it", () => {
    const r = I();
    // Bin 0 is [0, 1); bin 1 is [1, 1] — the value 1 is not in bin 0.
    r.indicators[1].scoring.bins = [{ min: 0, max: 1, score: 30 }, { min: 1, max: 1, maxInclusive: true, score: 20 }, { min: 1, score: 5 }];
    expect(validateRuleset(r).diagnostics.filter((d) => d.code === "BIN_UNREACHABLE")).toEqual([]);
  });

  it("EFFECTIVE_PERIOD_INVALID: a date the calendar does not have", () => {
    const r = I();
    r.effective.from = "2025-02-30";
    r.effective.to = "2025-12-31";
    expectDiagnostics(r, [{ code: "EFFECTIVE_PERIOD_INVALID", path: ["effective", "from"], message: "2025-02-30 is not a calendar date" }]);
  });
});

describe("labels, period, public composite", () => {
  it("two labels on one grade are valid (tax B and M on canonical B)", () => {
    const r = W();
    r.labels = [
      { grade: "A", label: "A" },
      { grade: "B", label: "B" },
      { grade: "B", label: "M" },
    ];
    expectDiagnostics(r, []);
  });

  it("LABEL_DUPLICATE: one label text declared twice", () => {
    const r = W();
    r.labels = [
      { grade: "A", label: "绿牌" },
      { grade: "B", label: "绿牌" },
    ];
    expectDiagnostics(r, [{ code: "LABEL_DUPLICATE", path: ["labels", 1, "label"], message: 'label "绿牌" is declared twice (grades A and B); a published label names one level' }]);
  });

  it("LABELS_ORDER: a label of a better grade after one of a worse grade", () => {
    const r = W();
    r.labels = [
      { grade: "A", label: "绿牌" },
      { grade: "C", label: "黄牌" },
      { grade: "B", label: "蓝牌" },
    ];
    expectDiagnostics(r, [
      { code: "LABELS_ORDER", path: ["labels", 2, "grade"], message: 'labels go in the scheme\'s order, best first: "蓝牌" (grade B) cannot follow "黄牌" (grade C)' },
    ]);
  });

  it("UNKNOWN_LABEL: a band, a rule and a measure mapping naming a label their grade does not have", () => {
    const r = W();
    r.labels = [
      { grade: "B", label: "B" },
      { grade: "B", label: "M" },
      { grade: "C", label: "C" },
    ];
    r.bands[1].label = "M";
    r.bands[2].label = "M";
    r.bands[3].label = "X";
    r.rules = [{ id: "r", reason: { zh: "理由", en: "why" }, legalBasis: "test", conditions: { all: [{ fact: "score", operator: "lessThan", value: 10 }] }, effect: { type: "set-grade", grade: "E", label: "C" } }];
    r.measures = { byGrade: [...(["A", "B", "C", "D", "E"] as const).map((grade) => ({ grade, measures: [] })), { grade: "B", label: "M", measures: [] }, { grade: "A", label: "M", measures: [] }] };
    expectDiagnostics(r, [
      { code: "UNKNOWN_LABEL", path: ["bands", 2, "label"], message: 'band 2 (grade C) names label "M", which is a label of grade B, not C; grade C has labels "C"' },
      { code: "UNKNOWN_LABEL", path: ["bands", 3, "label"], message: 'band 3 (grade D) names label "X", which is not declared in labels; grade D has no declared label' },
      { code: "UNKNOWN_LABEL", path: ["rules", 0, "effect", "label"], message: 'rule "r" (set-grade E) names label "C", which is a label of grade C, not E; grade E has no declared label' },
      { code: "UNKNOWN_LABEL", path: ["measures", "byGrade", 6, "label"], message: 'the measures of grade A names label "M", which is a label of grade B, not A; grade A has no declared label' },
    ]);
  });

  it("BANDS_ORDER: two bands of one grade go in the order of their labels", () => {
    const r = W();
    r.labels = [
      { grade: "A", label: "AA" },
      { grade: "A", label: "A" },
    ];
    r.bands[0].label = "A";
    r.bands[1] = { ...r.bands[1], grade: "A", label: "AA" };
    expectDiagnostics(r, [{ code: "BANDS_ORDER", path: ["bands", 1, "grade"], message: "bands go best grade first: A (AA) cannot follow A (A)" }]);
    r.bands[0].label = "AA";
    r.bands[1].label = "A";
    expectDiagnostics(r, []);
  });

  it("EFFECTIVE_PERIOD_INVALID: a period that ends before it starts", () => {
    const r = I();
    r.effective.to = "2024-12-31";
    expectDiagnostics(r, [
      { code: "EFFECTIVE_PERIOD_INVALID", path: ["effective", "to"], message: "ends (2024-12-31) before it starts (2025-01-01)" },
    ]);
    r.effective.to = "2025-01-01"; // a single day is a valid period
    expectDiagnostics(r, []);
  });

  it("PUBLIC_COMPOSITE_MISSING: an industry ruleset without publicComposite", () => {
    const r = I();
    delete r.publicComposite;
    expectDiagnostics(r, [{ code: "PUBLIC_COMPOSITE_MISSING", path: ["publicComposite"], message: /industry ruleset must take the public composite evaluation as an indicator/ }]);
  });

  it("PUBLIC_COMPOSITE_MISSING: publicComposite names no indicator of the tree", () => {
    const r = I();
    r.publicComposite.indicator = "nope";
    expectDiagnostics(r, [{ code: "PUBLIC_COMPOSITE_MISSING", path: ["publicComposite", "indicator"], message: 'no indicator has id "nope"' }]);
  });

  it("PUBLIC_COMPOSITE_NOT_PASSTHROUGH: the indicator scores no score input", () => {
    const r = I();
    r.indicators[0].scoring = { type: "bins", input: "complaints", bins: [{ score: 40 }] };
    expectDiagnostics(r, [
      { code: "PUBLIC_COMPOSITE_NOT_PASSTHROUGH", path: ["indicators", 0], message: 'indicator "public" must score a score input carrying the public composite result' },
      { code: "UNUSED_INPUT", path: ["inputs", 0, "id"], severity: "warning" },
    ]);
  });

  it("PUBLIC_COMPOSITE_NOT_PASSTHROUGH: publicComposite names a group", () => {
    const r = I();
    r.indicators[0] = { id: "pcGroup", name: { zh: "组", en: "group" }, points: 40, children: [{ ...r.indicators[0], points: 40 }] };
    r.publicComposite.indicator = "pcGroup";
    expectDiagnostics(r, [{ code: "PUBLIC_COMPOSITE_NOT_PASSTHROUGH", path: ["indicators", 0], message: /"pcGroup" must score a score input/ }]);
  });

  it("PUBLIC_COMPOSITE_BELOW_MEAN: the public composite worth less than the average top-level indicator", () => {
    const r = I();
    r.indicators[0].points = 30;
    r.indicators[1].points = 40; // its bins score up to 30 of 40: in scale
    expectDiagnostics(r, [
      {
        code: "PUBLIC_COMPOSITE_BELOW_MEAN",
        path: ["indicators", 0],
        message:
          'the public composite indicator "public" is worth 30 of 100 points, below the average of the 3 top-level indicators (100 ÷ 3 ≈ 33.33 points); Hegang plan 三(一)3 requires its weight and score (分值) to be at least the average',
      },
    ]);
  });

  /** The industry fixture with the public composite at 30 of 100 points among three, the check switched off, as `kind`. */
  const switchedOff = (kind: Ruleset["kind"]): Doc => {
    const r = I();
    r.kind = kind;
    r.indicators[0].points = 30;
    r.indicators[1].points = 40;
    r.publicComposite.check = false;
    return r;
  };

  it("PUBLIC_COMPOSITE_CHECK_DISABLED: an error in an industry ruleset, which is checked all the same", () => {
    const r = switchedOff("industry");
    expectDiagnostics(r, [
      {
        code: "PUBLIC_COMPOSITE_CHECK_DISABLED",
        path: ["publicComposite", "check"],
        message: 'an industry ruleset cannot switch the Hegang weight-and-score rule off (Hegang plan 三(一)3 binds every industry evaluation); remove "check": false',
      },
      { code: "PUBLIC_COMPOSITE_BELOW_MEAN", path: ["indicators", 0], message: /is worth 30 of 100 points, below the average/ },
    ]);
    expect(() => loadRuleset(r)).toThrow(RulesetError);
  });

  it("PUBLIC_COMPOSITE_CHECK_DISABLED: info only in a ruleset of another kind, which stays valid", () => {
    const r = switchedOff("market");
    expectDiagnostics(r, [
      {
        code: "PUBLIC_COMPOSITE_CHECK_DISABLED",
        path: ["publicComposite", "check"],
        severity: "info",
        message: "the Hegang weight-and-score rule is switched off for this market ruleset (Hegang plan 三(一)3 binds industry evaluations)",
      },
    ]);
    expect(loadRuleset(r)).toEqual(r);
  });
});

describe("untrusted documents", () => {
  it("FORBIDDEN_KEY: an own __proto__ key from JSON.parse, without polluting Object.prototype", () => {
    const text = `{"__proto__":{"polluted":true,"formatVersion":1},${JSON.stringify(W()).slice(1)}`;
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).toContain("__proto__");
    expectDiagnostics(doc, [{ code: "FORBIDDEN_KEY", path: ["__proto__"], message: 'the key "__proto__" is not allowed in a ruleset' }]);
    expect(() => loadRuleset(doc)).toThrow(RulesetError);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
  });

  it("FORBIDDEN_KEY: constructor nested deep and prototype, all reported", () => {
    const r = W();
    const text = JSON.stringify(r)
      .replace('"type":"linear"', '"constructor":{"prototype":{"polluted":1}},"type":"linear"')
      .replace('"bands":[{', '"bands":[{"prototype":0,');
    const doc = JSON.parse(text);
    expectDiagnostics(doc, [
      { code: "FORBIDDEN_KEY", path: ["indicators", 0, "children", 0, "scoring", "constructor"], message: 'the key "constructor" is not allowed in a ruleset' },
      { code: "FORBIDDEN_KEY", path: ["bands", 0, "prototype"], message: /"prototype" is not allowed/ },
    ]);
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(({}).constructor).toBe(Object);
  });

  it("NESTING_TOO_DEEP: 10,000 levels of JSON are refused without a stack overflow", () => {
    const depth = 10_000;
    const r = W();
    r.legalBasis = JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);
    // The root is depth 0, legalBasis depth 1, so the first array deeper than 64 sits 64 zeros below it.
    const path: PathSegment[] = ["legalBasis", ...Array.from({ length: MAX_JSON_DEPTH }, () => 0)];
    let d: Diagnostic[] = [];
    expect(() => {
      d = expectDiagnostics(r, [{ code: "NESTING_TOO_DEEP", path, message: "JSON nesting deeper than 64 levels" }]);
    }).not.toThrow();
    expect(d[0]?.path).toHaveLength(65);
    expect(() => loadRuleset(r)).toThrow(RulesetError);
    const objects = JSON.parse(`${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
    expect(validateRuleset(objects).diagnostics.map((x) => x.code)).toEqual(["NESTING_TOO_DEEP"]);
  });

  it("64 levels of JSON nesting are still read (and fail only the schema)", () => {
    const r = W();
    // root 0, legalBasis 1, then arrays at depths 2..64: the deepest allowed.
    r.legalBasis = JSON.parse(`${"[".repeat(63)}${"]".repeat(63)}`);
    const d = validateRuleset(r).diagnostics;
    expect(d.map((x) => x.code)).toEqual(["SCHEMA_INVALID"]);
    expect(d[0]?.path).toEqual(["legalBasis", 0]);
  });

  it("NOT_JSON: a text that is not JSON (validateRulesetText)", () => {
    const d = validateRulesetText("{ not json").diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ code: "NOT_JSON", path: [], severity: "error", position: { line: 1, column: 3, offset: 2 } });
    expect(d[0]?.message).toMatch(/^not valid JSON at line 1, column 3 \(InvalidSymbol\): /);
    // A byte-order mark is not a fault, and a parsed text gets the ordinary checks.
    expect(validateRulesetText(`\ufeff${JSON.stringify(W())}`).diagnostics).toEqual([]);
    const bad = W();
    bad.bands[2].max = 74;
    // The same diagnostics as from the parsed value, each with its position in the text.
    const fromText = validateRulesetText(JSON.stringify(bad));
    expect(fromText.diagnostics.map(({ position: _p, ...d }) => d)).toEqual(validateRuleset(bad).diagnostics);
    expect(fromText.diagnostics.every((x) => x.position !== undefined)).toBe(true);
  });

  it("values JSON cannot hold are rejected by the schema", () => {
    for (const bad of [Number.POSITIVE_INFINITY, Number.NaN]) {
      const r = W();
      r.scale.max = bad;
      expectDiagnostics(r, [{ code: "SCHEMA_INVALID", path: ["scale", "max"] }]);
    }
    expectDiagnostics(undefined, [{ code: "SCHEMA_INVALID", path: [], message: /expected object, received undefined/ }]);
  });
});

describe("SCHEMA_INVALID carries zod's path", () => {
  it("a bad semver", () => {
    const r = W();
    r.version = "1.0";
    expectDiagnostics(r, [{ code: "SCHEMA_INVALID", path: ["version"], message: /must match pattern/ }]);
  });

  it("unknown keys at the root and in a nested object", () => {
    const r = W();
    r.extra = 1;
    r.indicators[0].children[0].scoring.weight = 5;
    expectDiagnostics(r, [
      { code: "SCHEMA_INVALID", path: ["indicators", 0, "children", 0, "scoring", "weight"], message: 'Unrecognized key: "weight"' },
      { code: "SCHEMA_INVALID", path: ["extra"], message: 'Unrecognized key: "extra"' },
    ]);
  });

  it("a wrong scoring type inside the group/indicator union is reported at scoring.type, not at the node", () => {
    const r = W();
    r.indicators[1].scoring.type = "table";
    expectDiagnostics(r, [{ code: "SCHEMA_INVALID", path: ["indicators", 1, "scoring", "type"], message: /Invalid discriminator value/ }]);
  });

  it("a fault deep inside a nested indicator is reported at its field", () => {
    const r = W();
    r.indicators[0].children[0].scoring.direction = "up";
    expectDiagnostics(r, [{ code: "SCHEMA_INVALID", path: ["indicators", 0, "children", 0, "scoring", "direction"], message: /higher-better/ }]);
  });

  it("a wrong input type is reported at the discriminator", () => {
    const r = W();
    r.inputs[0].type = "text";
    expectDiagnostics(r, [{ code: "SCHEMA_INVALID", path: ["inputs", 0, "type"], message: /Invalid discriminator value/ }]);
  });

  it("rounding scale 7, a negative weight and a bad date, all in one run", () => {
    const r = W();
    r.rounding.scale = 7;
    r.indicators[2].weight = -10;
    r.effective.from = "2025-13-01";
    expectDiagnostics(r, [
      { code: "SCHEMA_INVALID", path: ["effective", "from"], message: /must match pattern/ },
      { code: "SCHEMA_INVALID", path: ["rounding", "scale"], message: "Too big: expected number to be <=6" },
      { code: "SCHEMA_INVALID", path: ["indicators", 2, "weight"], message: "Too small: expected number to be >0" },
    ]);
    expect(validateRuleset(r).ruleset).toBeUndefined();
  });
});

/** A weights ruleset with nine problems of different kinds, one of them a warning. */
function manyProblems(): Doc {
  const r = W();
  r.effective.to = "2024-06-30"; // EFFECTIVE_PERIOD_INVALID
  r.inputs.push({ id: "years", type: "number" }); // DUPLICATE_ID inputs[3]
  r.inputs.push({ id: "spare", type: "boolean" }); // UNUSED_INPUT inputs[4] (warning)
  r.indicators[2].weight = 20; // WEIGHTS_SUM_MISMATCH 110
  r.indicators[1].scoring.items.push({ input: "fines", points: 5 }); // UNKNOWN_INPUT
  r.indicators[2].scoring.whenTrue = 150; // SCORE_OUT_OF_SCALE
  r.bands[2].max = 74; // BANDS_GAP
  r.bands[0].max = 99; // BANDS_COVERAGE
  r.labels = [
    { grade: "D", label: "x" },
    { grade: "E", label: "x" },
  ]; // LABEL_DUPLICATE
  return r;
}

describe("all problems at once", () => {
  it("reports every problem in one run, errors before warnings", () => {
    expectDiagnostics(manyProblems(), [
      { code: "EFFECTIVE_PERIOD_INVALID", path: ["effective", "to"] },
      { code: "DUPLICATE_ID", path: ["inputs", 3, "id"] },
      { code: "WEIGHTS_SUM_MISMATCH", path: ["indicators"], message: "weights add up to 110, expected 100" },
      { code: "UNKNOWN_INPUT", path: ["indicators", 1, "scoring", "items", 1, "input"] },
      { code: "SCORE_OUT_OF_SCALE", path: ["indicators", 2, "scoring"] },
      // The warning was found before the band checks but sorts after every error.
      { code: "BANDS_GAP", path: ["bands", 2, "max"] },
      { code: "BANDS_COVERAGE", path: ["bands", 0, "max"] },
      { code: "LABEL_DUPLICATE", path: ["labels", 1, "label"] },
      { code: "UNUSED_INPUT", path: ["inputs", 4, "id"], severity: "warning" },
    ]);
    expect(validateRuleset(manyProblems()).diagnostics).toHaveLength(9);
  });

  it("sorts errors, then warnings, then info", () => {
    const r = I();
    r.kind = "market";
    r.publicComposite.check = false; // info for a market ruleset, found last
    r.inputs.push({ id: "spare", type: "number" }); // warning, found before the bands
    r.bands[4].min = 5; // error, found after the warning
    const sev = validateRuleset(r).diagnostics.map((d) => d.severity);
    expect(sev).toEqual(["error", "warning", "info"]);
  });

  it("a schema-valid ruleset with errors still returns the parsed ruleset", () => {
    const v = validateRuleset(manyProblems());
    expect(v.valid).toBe(false);
    expect(v.ruleset).toEqual(manyProblems());
  });
});

describe("loadRuleset and defineRuleset", () => {
  it("loadRuleset throws a RulesetError with the same diagnostics, naming the source and each path", () => {
    const doc = manyProblems();
    let err: unknown;
    try {
      loadRuleset(doc, "rulesets/demo/1.0.0.json");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RulesetError);
    expect(err).toBeInstanceOf(CreditGradingError);
    const e = err as RulesetError;
    expect(e.code).toBe("RULESET_INVALID");
    expect(e.name).toBe("RulesetError");
    expect(e.diagnostics).toEqual(validateRuleset(doc).diagnostics);
    const lines = e.message.split("\n");
    expect(lines[0]).toBe("rulesets/demo/1.0.0.json: invalid ruleset (8 errors)");
    for (const p of [
      "$.effective.to",
      "$.inputs[3].id",
      "$.indicators",
      "$.indicators[1].scoring.items[1].input",
      "$.indicators[2].scoring",
      "$.bands[2].max",
      "$.bands[0].max",
      "$.labels[1].label",
    ]) {
      expect(lines.some((l) => l.includes(` at ${p}: `)), p).toBe(true);
    }
    expect(lines).toContain(
      "  error BANDS_GAP at $.bands[2].max: scores between band C (up to 74) and band B (from 75) get no grade",
    );
    // The message lists errors only; the warning stays in .diagnostics.
    expect(e.message).not.toContain("UNUSED_INPUT");
    expect(lines).toHaveLength(9);
  });

  it("loadRuleset names one error in the singular and works without a source", () => {
    const r = W();
    r.bands[2].max = 74;
    expect(() => loadRuleset(r)).toThrow(/^invalid ruleset \(1 error\)\n {2}error BANDS_GAP at \$\.bands\[2\]\.max: /);
  });

  it("loadRuleset returns the parsed ruleset of a valid document", () => {
    const r = I();
    const loaded = loadRuleset(JSON.parse(JSON.stringify(r)), "x.json");
    expect(loaded).toEqual(r);
  });

  it("defineRuleset returns the very object it was given", () => {
    const r = weightsRuleset();
    expect(defineRuleset(r)).toBe(r);
  });

  it("defineRuleset throws on an invalid ruleset, naming it", () => {
    const r = W();
    r.indicators[0].children[0].weight = 90;
    expect(() => defineRuleset(r as Ruleset)).toThrow(RulesetError);
    expect(() => defineRuleset(r as Ruleset)).toThrow(
      'defineRuleset("fixture-weights"): invalid ruleset (1 error)\n  error WEIGHTS_SUM_MISMATCH at $.indicators[0].children: weights add up to 90, expected 100',
    );
  });
});

/** Rebuilds a JSON value with every object's keys in reverse order. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.keys(v)
      .reverse()
      .map((k) => [k, reverseKeys((v as Record<string, unknown>)[k])]),
  );
}

/** Every path to a leaf (string, number, boolean) of a JSON value. */
function leafPaths(v: unknown, path: PathSegment[] = []): PathSegment[][] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, [...path, i]));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => leafPaths(x, [...path, k]));
  return [path];
}

describe("canonicalJson and rulesetHash", () => {
  it("canonicalJson sorts keys at every depth and drops whitespace", () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], e: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(canonicalJson("x")).toBe('"x"');
    expect(canonicalJson(null)).toBe("null");
  });

  it("key order does not change the canonical text or the hash", () => {
    for (const r of [weightsRuleset(), industryRuleset()]) {
      const reordered = reverseKeys(r) as Ruleset;
      expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(r));
      expect(canonicalJson(reordered)).toBe(canonicalJson(r));
      expect(rulesetHash(reordered)).toBe(rulesetHash(r));
      expect(rulesetHash(r)).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  it("$schema does not change the hash", () => {
    const r = weightsRuleset();
    expect(rulesetHash({ ...r, $schema: "../schema/ruleset.schema.json" })).toBe(rulesetHash(r));
    expect(rulesetHash({ ...r, $schema: "https://example.org/other.json" })).toBe(rulesetHash(r));
  });

  it("changing any value changes the hash", () => {
    for (const base of [weightsRuleset(), industryRuleset()]) {
      const h = rulesetHash(base);
      const seen = new Set([h]);
      const paths = leafPaths(base);
      expect(paths.length).toBeGreaterThan(40);
      for (const p of paths) {
        const r: Doc = clone(base);
        let parent = r;
        for (const seg of p.slice(0, -1)) parent = parent[seg];
        const k = p[p.length - 1] as PathSegment;
        const v = parent[k];
        parent[k] = typeof v === "number" ? v + 1 : typeof v === "boolean" ? !v : `${String(v)}x`;
        const h2 = rulesetHash(r);
        expect(h2, JSON.stringify(p)).not.toBe(h);
        seen.add(h2);
      }
      expect(seen.size).toBe(paths.length + 1);
      // Array order is part of the content too.
      const swapped: Doc = clone(base);
      swapped.bands.reverse();
      expect(rulesetHash(swapped)).not.toBe(h);
      // So is a number's type-preserving change of representation that changes its value.
      const frac: Doc = clone(base);
      frac.rounding.scale = 2.5;
      expect(rulesetHash(frac)).not.toBe(h);
    }
  });
});
