import { describe, expect, it } from "vitest";
import { compileRuleset, CreditGradingError, type Ruleset, SubjectError, type SubjectIssue } from "../src/index.js";
import { subjectIssue } from "../src/base/errors.js";
import { industryRuleset, weightsRuleset } from "./fixtures.js";

const ASOF = { asOf: "2025-06-30" };

/** Evaluates and returns the SubjectError it must throw. */
function rejection(ruleset: Ruleset, subject: unknown): SubjectError {
  const c = compileRuleset(ruleset);
  try {
    c.evaluate(subject, ASOF);
  } catch (e) {
    expect(e).toBeInstanceOf(SubjectError);
    return e as SubjectError;
  }
  throw new Error("expected a SubjectError");
}

// The issue at an input, as code, path, expected and received (its message and severity follow
// from these: "message and severity" below checks them).
const issue = (e: SubjectError, input: string): Pick<SubjectIssue, "code" | "path" | "expected" | "received"> | undefined => {
  const i = e.issues.find((x) => x.path.length === 2 && x.path[0] === "inputs" && x.path[1] === input);
  return i && { code: i.code, path: i.path, expected: i.expected, received: i.received };
};

describe("SubjectError", () => {
  it("gives every issue the library's one issue shape: message from what was expected and received, severity error", () => {
    const e = rejection(weightsRuleset(), { id: "91310110666007217T", inputs: { years: "6" } });
    expect(e.issues[0]).toEqual({ code: "WRONG_TYPE", path: ["inputs", "years"], message: 'expected a finite number, received "6"', severity: "error", expected: "a finite number", received: '"6"' });
  });

  it("is a CreditGradingError with code SUBJECT_INVALID and names the subject", () => {
    const e = rejection(weightsRuleset(), { id: "91310110666007217T", inputs: { years: "6" } });
    expect(e).toBeInstanceOf(CreditGradingError);
    expect(e.name).toBe("SubjectError");
    expect(e.code).toBe("SUBJECT_INVALID");
    expect(e.subjectId).toBe("91310110666007217T");
    expect(e.message).toContain('"91310110666007217T"');
  });

  it("names the path, what was expected and what was received", () => {
    const e = rejection(weightsRuleset(), { id: "S1", inputs: { years: "6" } });
    expect(e.issues).toMatchObject([{ code: "WRONG_TYPE", path: ["inputs", "years"], expected: "a finite number", received: '"6"' }]);
    expect(e.message).toBe('subject "S1": $.inputs.years: expected a finite number, received "6"');
  });

  it("lists every problem at once", () => {
    const e = rejection(weightsRuleset(), { id: "S1", inputs: { years: -1, penalties: 1.5, honoured: "yes" } });
    expect(e.issues).toMatchObject([
      { code: "OUT_OF_RANGE", path: ["inputs", "years"], expected: "a number >= 0", received: "-1" },
      { code: "NOT_INTEGER", path: ["inputs", "penalties"], expected: "a whole number", received: "1.5" },
      { code: "WRONG_TYPE", path: ["inputs", "honoured"], expected: "true or false", received: '"yes"' },
    ]);
    for (const part of ["$.inputs.years", "$.inputs.penalties", "$.inputs.honoured"]) expect(e.message).toContain(part);
  });
});

describe("each kind of problem", () => {
  it("wrong type: a string, a boolean, NaN, Infinity, an object and an array for a number", () => {
    for (const [v, shown] of [
      ["6", '"6"'],
      [true, "true"],
      [Number.NaN, "NaN"],
      [Number.POSITIVE_INFINITY, "Infinity"],
      [{ n: 6 }, "object"],
      [[6], "an array"],
    ] as const) {
      const e = rejection(weightsRuleset(), { id: "S", inputs: { years: v } });
      expect(issue(e, "years")).toEqual({ code: "WRONG_TYPE", path: ["inputs", "years"], expected: "a finite number", received: shown });
    }
  });

  it("wrong type: a number for a boolean", () => {
    const e = rejection(weightsRuleset(), { id: "S", inputs: { honoured: 1 } });
    expect(issue(e, "honoured")).toMatchObject({ code: "WRONG_TYPE", expected: "true or false", received: "1" });
  });

  it("out of range, at both ends of a declared range", () => {
    const r = industryRuleset(); // publicScore: score 0–100
    const low = rejection(r, { id: "S", inputs: { publicScore: -0.5, complaints: 0, level: "gold" } });
    expect(issue(low, "publicScore")).toEqual({ code: "OUT_OF_RANGE", path: ["inputs", "publicScore"], expected: "a number >= 0 and <= 100", received: "-0.5" });
    const high = rejection(r, { id: "S", inputs: { publicScore: 100.5, complaints: 0, level: "gold" } });
    expect(issue(high, "publicScore")?.code).toBe("OUT_OF_RANGE");
    // The bounds themselves are valid.
    const c = compileRuleset(r);
    expect(c.evaluate({ id: "S", inputs: { publicScore: 0, complaints: 0, level: "gold" } }, ASOF).gradable).toBe(true);
    expect(c.evaluate({ id: "S", inputs: { publicScore: 100, complaints: 0, level: "gold" } }, ASOF).gradable).toBe(true);
  });

  it("not an integer for an integer input", () => {
    const e = rejection(weightsRuleset(), { id: "S", inputs: { penalties: 2.5 } });
    expect(issue(e, "penalties")).toEqual({ code: "NOT_INTEGER", path: ["inputs", "penalties"], expected: "a whole number", received: "2.5" });
  });

  it("unknown category value", () => {
    const e = rejection(industryRuleset(), { id: "S", inputs: { publicScore: 80, complaints: 0, level: "platinum" } });
    expect(issue(e, "level")).toEqual({
      code: "UNKNOWN_CATEGORY",
      path: ["inputs", "level"],
      expected: 'one of "gold", "silver", "none"',
      received: '"platinum"',
    });
  });

  it("a required input that is absent or null", () => {
    const r = weightsRuleset();
    r.inputs[0] = { ...r.inputs[0]!, required: true } as Ruleset["inputs"][number];
    for (const inputs of [{}, { years: null }]) {
      const e = rejection(r, { id: "S", inputs });
      expect(issue(e, "years")).toMatchObject({ code: "REQUIRED_MISSING", path: ["inputs", "years"], received: "nothing" });
      expect(issue(e, "years")?.expected).toContain("years");
    }
  });

  it("strictInputs: an undeclared field is an error; without it the field is ignored", () => {
    const r = weightsRuleset();
    const s = { id: "S", inputs: { years: 6, penalties: 0, honoured: true, yeras: 7 } };
    expect(compileRuleset(r).evaluate(s, ASOF).score).toBe(84); // 24 + 50 + 10
    r.strictInputs = true;
    const e = rejection(r, s);
    expect(e.issues).toMatchObject([{ code: "UNKNOWN_FIELD", path: ["inputs", "yeras"], expected: "a declared input", received: '"yeras"' }]);
  });

  it.each(["__proto__", "constructor", "prototype"])("the key %j in inputs is rejected", (key) => {
    const s = JSON.parse(`{"id":"S","inputs":{"years":6,${JSON.stringify(key)}:{"years":1}}}`) as unknown;
    expect(Object.hasOwn((s as { inputs: object }).inputs, key)).toBe(true);
    const e = rejection(weightsRuleset(), s);
    expect(issue(e, key)).toEqual({ code: "FORBIDDEN_KEY", path: ["inputs", key], expected: "an input id", received: JSON.stringify(key) });
  });

  it("a forbidden key is rejected even when not strict and reported beside other problems", () => {
    const s = JSON.parse('{"id":"S","inputs":{"years":"x","__proto__":{"polluted":true}}}') as unknown;
    const e = rejection(weightsRuleset(), s);
    expect(e.issues.map((i) => i.code).sort()).toEqual(["FORBIDDEN_KEY", "WRONG_TYPE"]);
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it.each([
    [null, "null"],
    ["91310110666007217T", '"91310110666007217T"'],
    [42, "42"],
    [[{ id: "S" }], "an array"],
    [undefined, "undefined"],
  ])("not an object: %j", (v, shown) => {
    const e = rejection(weightsRuleset(), v);
    expect(e.subjectId).toBeUndefined();
    expect(e.issues).toMatchObject([{ code: "NOT_AN_OBJECT", path: [], expected: "an object with id and inputs", received: shown }]);
    expect(e.message).toContain("(no id)");
  });

  it.each([
    [{ inputs: {} }, "undefined"],
    [{ id: "", inputs: {} }, '""'],
    [{ id: 7, inputs: {} }, "7"],
    [{ id: null, inputs: {} }, "null"],
  ])("missing id: %j", (s, shown) => {
    const e = rejection(weightsRuleset(), s);
    expect(e.subjectId).toBeUndefined();
    expect(e.issues).toContainEqual(subjectIssue("MISSING_ID", ["id"], "a non-empty string", shown));
  });

  it("a missing id is reported together with bad inputs", () => {
    const e = rejection(weightsRuleset(), { inputs: { years: "x", penalties: -1 } });
    expect(e.issues.map((i) => i.code)).toEqual(["MISSING_ID", "WRONG_TYPE", "OUT_OF_RANGE"]);
  });

  it("inputs that are not an object", () => {
    for (const [v, shown] of [
      [[], "an array"],
      ["x", '"x"'],
      [null, "null"],
    ] as const) {
      const e = rejection(weightsRuleset(), { id: "S", inputs: v });
      expect(e.issues).toMatchObject([{ code: "WRONG_TYPE", path: ["inputs"], expected: "an object of input values", received: shown }]);
    }
  });

  it("a long string is shortened in `received`", () => {
    const e = rejection(weightsRuleset(), { id: "S", inputs: { years: "x".repeat(100) } });
    expect(issue(e, "years")?.received).toBe(JSON.stringify(`${"x".repeat(40)}…`));
  });

  it("absent inputs are not an error when nothing is required", () => {
    // All three missing: age is not gradable (default), the others use worst / impute.
    const e = compileRuleset(weightsRuleset()).evaluate({ id: "S" }, ASOF);
    expect(e.subjectId).toBe("S");
    expect(e.gradable).toBe(false);
  });
});
