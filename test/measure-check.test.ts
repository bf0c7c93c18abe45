/**
 * Tests of the checks of a ruleset's measures section (`measure-check.ts`, run by
 * `validateRuleset`): each diagnostic from a small mutation of the weights fixture carrying the
 * plan's own mapping and sampling, with its exact code, path, severity and message.
 */
import { describe, expect, it } from "vitest";
import {
  DEFAULT_GRADE_MEASURES,
  DEFAULT_SAMPLING,
  GRADES,
  validateRuleset,
} from "../src/index.js";
import { weightsRuleset } from "./fixtures.js";
import { expectDiagnostics } from "./_expect-diagnostics.js";

// Fixtures are mutated freely, including into shapes the type forbids.
type Doc = any;

/** The weights fixture with an explicit measures section equal to the plan's defaults. */
function M(): Doc {
  const r: Doc = weightsRuleset();
  r.measures = {
    byGrade: GRADES.map((grade) => ({ grade, measures: [...DEFAULT_GRADE_MEASURES[grade]] })),
    sampling: structuredClone(DEFAULT_SAMPLING),
  };
  return r;
}


const custom = (id: string, kind: string, extra: object = {}) => ({
  id,
  kind,
  name: { zh: "自定义", en: "custom" },
  legalBasis: ["fixture"],
  fields: ["daily-supervision"],
  ...extra,
});

describe("a measures section equal to the plan's defaults", () => {
  it("is valid with no diagnostics at all", () => {
    expectDiagnostics(M(), []);
  });

  it("a section with byGrade only (sampling from the defaults) is valid too", () => {
    const r = M();
    delete r.measures.sampling;
    expectDiagnostics(r, []);
  });
});

describe("UNKNOWN_MEASURE", () => {
  it("a grade mapped to a measure neither shipped nor defined", () => {
    const r = M();
    r.measures.byGrade[2].measures.push("free-lunch"); // C: normal-sampling, warning-reminder, free-lunch
    expectDiagnostics(r, [
      {
        code: "UNKNOWN_MEASURE",
        path: ["measures", "byGrade", 2, "measures", 2],
        message: '"free-lunch" is neither in the shipped catalogue nor in measures.define',
      },
    ]);
  });

  it("the same id is known once measures.define declares it", () => {
    const r = M();
    r.measures.byGrade[2].measures.push("free-lunch");
    r.measures.define = [custom("free-lunch", "supervision")];
    expectDiagnostics(r, []);
  });
});

describe("MEASURE_KIND_MISMATCH", () => {
  it("an incentive mapped to D is a warning at the measure's position", () => {
    const r = M();
    r.measures.byGrade[3].measures.push("green-channel"); // D: key-attention, raised-sampling, green-channel
    expectDiagnostics(r, [
      {
        code: "MEASURE_KIND_MISMATCH",
        path: ["measures", "byGrade", 3, "measures", 2],
        severity: "warning",
        message: 'incentive "green-channel" is mapped to grade D; the plan gives incentives to trustworthy subjects and restrictions to dishonest ones',
      },
    ]);
  });

  it("a restriction mapped to A is a warning; a supervision measure on A is not", () => {
    const r = M();
    r.measures.byGrade[0].measures.push("restrict-procurement", "normal-sampling"); // A has 7 measures before
    expectDiagnostics(r, [
      {
        code: "MEASURE_KIND_MISMATCH",
        path: ["measures", "byGrade", 0, "measures", 7],
        severity: "warning",
        message: 'restriction "restrict-procurement" is mapped to grade A; the plan gives incentives to trustworthy subjects and restrictions to dishonest ones',
      },
    ]);
  });

  it("an incentive on C is not a mismatch (C may keep a mild incentive, as the tax scheme's M does)", () => {
    const r = M();
    r.measures.byGrade[2].measures.push("xinyidai-preference");
    expectDiagnostics(r, []);
  });

  it("the kind checked is the one measures.define gives, which replaces the catalogue's", () => {
    const r = M();
    r.measures.define = [custom("normal-sampling", "restriction")];
    r.measures.byGrade[1].measures.push("normal-sampling"); // B
    expectDiagnostics(r, [
      {
        code: "MEASURE_KIND_MISMATCH",
        path: ["measures", "byGrade", 1, "measures", 7],
        severity: "warning",
        message: 'restriction "normal-sampling" is mapped to grade B; the plan gives incentives to trustworthy subjects and restrictions to dishonest ones',
      },
    ]);
  });
});

describe("MEASURES_MISSING_GRADE", () => {
  it("a grade with a band but no entry in byGrade", () => {
    const r = M();
    r.measures.byGrade.splice(4, 1); // no E
    expectDiagnostics(r, [{ code: "MEASURES_MISSING_GRADE", path: ["measures", "byGrade"], severity: "warning", message: "grade E has a band but no measures" }]);
  });

  it("a grade the ruleset has no band for needs no measures", () => {
    const r = M();
    r.bands.splice(3, 1); // no D band …
    r.bands[2].min = 40; // … C now covers 40–75
    r.measures.byGrade.splice(3, 1);
    r.measures.sampling.splice(3, 1);
    expectDiagnostics(r, []);
  });

  it("an entry with an empty list counts as mapped", () => {
    const r = M();
    r.measures.byGrade[2].measures = [];
    expectDiagnostics(r, []);
  });
});

describe("SAMPLING_E_CAPPED", () => {
  it("an upper limit on E's ratio is a warning at ratio.max", () => {
    const r = M();
    r.measures.sampling[4].ratio.max = 1;
    expectDiagnostics(r, [
      {
        code: "SAMPLING_E_CAPPED",
        path: ["measures", "sampling", 4, "ratio", "max"],
        severity: "warning",
        message: "the plan sets no upper limit on the sampling ratio of E subjects (不设上限)",
      },
    ]);
  });

  it("an upper limit on E's frequency is not (the plan speaks of the ratio)", () => {
    const r = M();
    r.measures.sampling[4].perYear.max = 4;
    expectDiagnostics(r, []);
  });
});

describe("SAMPLING_NOT_MONOTONE", () => {
  it("a worse grade sampled at a lower minimum than the next better one", () => {
    const r = M();
    r.measures.sampling[3].ratio.min = 0.05; // D at least 0.05, C at least 0.1
    expectDiagnostics(r, [
      {
        code: "SAMPLING_NOT_MONOTONE",
        path: ["measures", "sampling", 3, "ratio", "min"],
        severity: "warning",
        message: "grade D is sampled at least 0.05, less than the better grade C (0.1)",
      },
    ]);
  });

  it("grades are compared in grade order whatever the order written; the path is the worse grade's own index", () => {
    const r = M();
    r.measures.sampling.reverse(); // E, D, C, B, A
    r.measures.sampling[1].ratio.min = 0.05; // D
    expectDiagnostics(r, [
      {
        code: "SAMPLING_NOT_MONOTONE",
        path: ["measures", "sampling", 1, "ratio", "min"],
        severity: "warning",
        message: "grade D is sampled at least 0.05, less than the better grade C (0.1)",
      },
    ]);
  });

  it("equal minimums are monotone", () => {
    const r = M();
    r.measures.sampling[1].ratio.min = 0; // B as A
    expectDiagnostics(r, []);
  });
});

describe("DUPLICATE_ID and INVALID_RANGE in the measures section", () => {
  it("a measure defined twice", () => {
    const r = M();
    r.measures.define = [custom("extra-check", "supervision"), custom("extra-check", "supervision")];
    expectDiagnostics(r, [{ code: "DUPLICATE_ID", path: ["measures", "define", 1, "id"], message: 'measure "extra-check" is defined twice' }]);
  });

  it("a grade mapped twice", () => {
    const r = M();
    r.measures.byGrade.push({ grade: "A", measures: [] });
    expectDiagnostics(r, [{ code: "DUPLICATE_ID", path: ["measures", "byGrade", 5, "grade"], message: "grade A is mapped twice" }]);
  });

  it("a grade with two sampling policies", () => {
    const r = M();
    r.measures.sampling.push(structuredClone(DEFAULT_SAMPLING[2])); // C again
    expectDiagnostics(r, [{ code: "DUPLICATE_ID", path: ["measures", "sampling", 5, "grade"], message: "grade C has two sampling policies" }]);
  });

  it("a ratio or frequency range with max below min, each reported", () => {
    const r = M();
    r.measures.sampling[1].ratio.max = 0.01; // B: 0.05–0.01
    r.measures.sampling[3].perYear = { min: 2, max: 1 }; // D
    expectDiagnostics(r, [
      { code: "INVALID_RANGE", path: ["measures", "sampling", 1, "ratio"], message: "ratio max 0.01 is below min 0.05" },
      { code: "INVALID_RANGE", path: ["measures", "sampling", 3, "perYear"], message: "perYear max 1 is below min 2" },
    ]);
  });

  it("every problem of the section comes out in one run, in document order", () => {
    const r = M();
    r.measures.byGrade[0].measures.push("nope");
    r.measures.byGrade.splice(4, 1);
    r.measures.sampling[4].ratio.max = 0.9;
    r.measures.sampling[3].ratio.min = 0;
    expect(validateRuleset(r).diagnostics.map((d) => [d.code, d.path.join(".")])).toEqual([
      ["UNKNOWN_MEASURE", "measures.byGrade.0.measures.7"],
      ["MEASURES_MISSING_GRADE", "measures.byGrade"],
      ["SAMPLING_E_CAPPED", "measures.sampling.4.ratio.max"],
      ["SAMPLING_NOT_MONOTONE", "measures.sampling.3.ratio.min"],
    ]);
  });
});

describe("the schema of the section", () => {
  it("a ratio above 1 and an unknown kind are schema errors with paths", () => {
    const r = M();
    r.measures.sampling[0].ratio.min = 1.5;
    r.measures.define = [custom("x", "reward")];
    const d = validateRuleset(r).diagnostics;
    expect(d.map((x) => [x.code, x.path])).toEqual([
      ["SCHEMA_INVALID", ["measures", "define", 0, "kind"]],
      ["SCHEMA_INVALID", ["measures", "sampling", 0, "ratio", "min"]],
    ]);
  });

  it("byGrade must not be empty", () => {
    const r = M();
    r.measures.byGrade = [];
    expect(validateRuleset(r).diagnostics.map((x) => [x.code, x.path])).toEqual([["SCHEMA_INVALID", ["measures", "byGrade"]]]);
  });
});
