/**
 * Tests of the checks of record types, derived facts, named conditions and rules
 * (`rule-check.ts`, run by `validateRuleset`): every diagnostic from a small mutation of the
 * records fixture, with its exact code, path into the document, severity and message.
 */
import { describe, expect, it } from "vitest";
import { loadRuleset, RulesetError, validateRuleset } from "../src/index.js";
import { recordsRuleset } from "./fixtures.js";
import { expectDiagnostics } from "./_expect-diagnostics.js";

// Fixtures are mutated freely, including into shapes the type forbids.
type Doc = any;
const R = (): Doc => recordsRuleset();


const ANY_FACT = "an input, a derived fact or a built-in fact";

describe("the records fixture", () => {
  it("is valid with no diagnostics at all", () => {
    expectDiagnostics(R(), []);
  });

  it("loads, and its rule reading score is a floor, not an adjust-points rule", () => {
    const r = loadRuleset(R());
    expect(r.rules?.map((x) => x.effect.type)).toEqual(["set-grade", "cap", "adjust-points", "adjust-points", "floor", "not-gradable"]);
  });
});

describe("UNKNOWN_RECORD_TYPE", () => {
  it("a fact aggregating a record type that is not declared", () => {
    const r = R();
    r.facts[3].from = "fine"; // penaltyAmount3y
    expectDiagnostics(r, [{ code: "UNKNOWN_RECORD_TYPE", path: ["facts", 3, "from"], message: 'record type "fine" is not declared in records.types' }]);
  });

  it("a fact over records when the ruleset declares no records at all", () => {
    const r = R();
    delete r.records;
    r.facts = [r.facts[7]]; // seriousListed
    r.rules = [r.rules[0]]; // the rule that reads it through the named condition
    r.conditions[0].conditions.any.pop(); // drop the leaf on penaltiesSerious3y
    r.indicators[1].scoring = { type: "deduction", base: 50, items: [{ input: "years", points: 1 }] };
    r.indicators[2].scoring = { type: "linear", input: "years", min: 0, max: 10, direction: "higher-better" };
    expectDiagnostics(r, [
      { code: "UNKNOWN_RECORD_TYPE", path: ["facts", 0, "from"], message: 'record type "list-entry" is not declared in records.types' },
      { code: "UNUSED_INPUT", path: ["inputs", 1, "id"], severity: "warning", message: 'input "underInvestigation" is declared but no indicator or rule reads it' },
    ]);
  });
});

describe("UNKNOWN_FIELD", () => {
  it("sum over a field the record type does not have", () => {
    const r = R();
    r.facts[3].field = "fine";
    expectDiagnostics(r, [{ code: "UNKNOWN_FIELD", path: ["facts", 3, "field"], message: 'record type "penalty" has no field "fine"' }]);
  });

  it("latest returning a field of another record type", () => {
    const r = R();
    r.facts[8].field = "due"; // latestPenalty: due is a commitment field
    expectDiagnostics(r, [{ code: "UNKNOWN_FIELD", path: ["facts", 8, "field"], message: 'record type "penalty" has no field "due"' }]);
  });

  it("standard record fields are known to every type", () => {
    const r = R();
    r.facts[8].field = "repairedAt";
    expectDiagnostics(r, []);
  });
});

describe("UNKNOWN_FACT", () => {
  it("a rule reading a fact that is neither input, derived fact nor built-in", () => {
    const r = R();
    r.rules[1].conditions.all[0].fact = "penaltyAmount";
    expectDiagnostics(r, [{ code: "UNKNOWN_FACT", path: ["rules", 1, "conditions", "all", 0, "fact"], message: `"penaltyAmount" is not ${ANY_FACT} (did you mean "penaltyAmount3y"?)` }]);
  });

  it("a fact reference on the right-hand side is checked too", () => {
    const r = R();
    r.rules[1].conditions.all[0].value = { fact: "fineLimit" };
    expectDiagnostics(r, [{ code: "UNKNOWN_FACT", path: ["rules", 1, "conditions", "all", 0, "value", "fact"], message: `"fineLimit" is not ${ANY_FACT}` }]);
  });

  it("built-in facts are known: asOf, subjectId, score, scoreGrade", () => {
    const r = R();
    r.rules[1].conditions.all.push(
      { fact: "asOf", operator: "onOrAfter", value: "2025-01-01" },
      { fact: "subjectId", operator: "notEqual", value: "x" },
      { fact: "scoreGrade", operator: "in", value: ["A", "B"] },
    );
    expectDiagnostics(r, []);
  });

  it("a where condition reading a field the record type does not have", () => {
    const r = R();
    r.facts[7].where.fact = "category"; // seriousListed: the field is "list"
    expectDiagnostics(r, [{ code: "UNKNOWN_FACT", path: ["facts", 7, "where", "fact"], message: '"category" is not a field of record type "list-entry"' }]);
  });

  it("a where condition cannot read inputs: its facts are the record's fields", () => {
    const r = R();
    r.facts[4].where = { all: [r.facts[4].where, { fact: "years", operator: "greaterThan", value: 1 }] };
    expectDiagnostics(r, [{ code: "UNKNOWN_FACT", path: ["facts", 4, "where", "all", 1, "fact"], message: '"years" is not a field of record type "commitment"' }]);
  });

  it("inside a named condition: reported once, where it is declared, not at the rule that uses it", () => {
    const r = R();
    r.conditions[0].conditions.any[1].fact = "seriousPenalties";
    expectDiagnostics(r, [{ code: "UNKNOWN_FACT", path: ["conditions", 0, "conditions", "any", 1, "fact"], message: `"seriousPenalties" is not ${ANY_FACT}` }]);
  });

  it("a ratio over a fact that is not declared", () => {
    const r = R();
    r.facts[6].ratio.numerator = "honoured"; // honourRate
    expectDiagnostics(r, [{ code: "UNKNOWN_FACT", path: ["facts", 6, "ratio", "numerator"], message: '"honoured" is not a fact declared before this one' }]);
  });

  it("a ratio over a fact declared after it", () => {
    const r = R();
    // Move honourRate (index 6) to the front: both its operands now come later.
    const [rate] = r.facts.splice(6, 1);
    r.facts.unshift(rate);
    expectDiagnostics(r, [
      { code: "UNKNOWN_FACT", path: ["facts", 0, "ratio", "numerator"], message: '"commitmentsHonoured" is not a fact declared before this one' },
      { code: "UNKNOWN_FACT", path: ["facts", 0, "ratio", "denominator"], message: '"commitmentsDue" is not a fact declared before this one' },
    ]);
  });
});

describe("FACT_TYPE_MISMATCH", () => {
  it("a ratio over a boolean fact and over a record fact", () => {
    const r = R();
    r.facts.push({ id: "oddRatio", ratio: { numerator: "latestPenalty", denominator: "seriousListed" } });
    expectDiagnostics(r, [
      { code: "FACT_TYPE_MISMATCH", path: ["facts", 9, "ratio", "numerator"], message: '"latestPenalty" is not a number fact' },
      { code: "FACT_TYPE_MISMATCH", path: ["facts", 9, "ratio", "denominator"], message: '"seriousListed" is not a number fact' },
    ]);
  });

  it("a ratio of ratios is fine", () => {
    const r = R();
    r.facts.push({ id: "rateOfRate", ratio: { numerator: "honourRate", denominator: "honourRate" } });
    expectDiagnostics(r, []);
  });

  it("sum over a string field, max over a date field", () => {
    const r = R();
    r.facts[3].field = "severity";
    r.facts.push({ id: "lastDue", from: "commitment", aggregate: "max", field: "due" });
    expectDiagnostics(r, [
      { code: "FACT_TYPE_MISMATCH", path: ["facts", 3, "field"], message: 'sum needs a number field; "severity" is string' },
      { code: "FACT_TYPE_MISMATCH", path: ["facts", 9, "field"], message: 'max needs a number field; "due" is date' },
    ]);
  });

  it("sum, max or min without a field", () => {
    const r = R();
    delete r.facts[3].field;
    r.facts.push({ id: "smallest", from: "penalty", aggregate: "min" });
    expectDiagnostics(r, [
      { code: "FACT_TYPE_MISMATCH", path: ["facts", 3], message: "sum needs a field to aggregate" },
      { code: "FACT_TYPE_MISMATCH", path: ["facts", 9], message: "min needs a field to aggregate" },
    ]);
  });

  it("an indicator cannot score a boolean fact linearly, nor read a record fact", () => {
    const r = R();
    r.indicators[2].scoring.input = "seriousListed";
    r.indicators[0].scoring.input = "latestPenalty";
    expectDiagnostics(r, [
      { code: "UNKNOWN_INPUT", path: ["indicators", 0, "scoring", "input"], message: 'input "latestPenalty" is not declared in "inputs"' },
      {
        code: "INPUT_TYPE_MISMATCH",
        path: ["indicators", 2, "scoring", "input"],
        message: 'a linear scoring needs a number or score input; "seriousListed" is boolean',
      },
      // years is no longer read by any indicator or rule.
      { code: "UNUSED_INPUT", path: ["inputs", 0, "id"], severity: "warning", message: 'input "years" is declared but no indicator or rule reads it' },
    ]);
  });
});

describe("UNKNOWN_CONDITION and CONDITION_CYCLE", () => {
  it("a rule referring to a named condition that does not exist", () => {
    const r = R();
    r.rules[0].conditions = { condition: "dishonest" };
    expectDiagnostics(r, [{ code: "UNKNOWN_CONDITION", path: ["rules", 0, "conditions", "condition"], message: 'no named condition "dishonest" in conditions' }]);
  });

  it("a named condition referring to an unknown one is reported at its declaration only", () => {
    const r = R();
    r.conditions[0].conditions.any.push({ condition: "onBlacklist" });
    expectDiagnostics(r, [{ code: "UNKNOWN_CONDITION", path: ["conditions", 0, "conditions", "any", 2, "condition"], message: 'no named condition "onBlacklist" in conditions' }]);
  });

  it("a named condition referring to itself", () => {
    const r = R();
    r.conditions.push({ id: "loop", conditions: { not: { condition: "loop" } } });
    expectDiagnostics(r, [{ code: "CONDITION_CYCLE", path: ["conditions", 1, "conditions", "not", "condition"], message: "named conditions refer to each other in a cycle: loop → loop" }]);
  });

  it("two named conditions referring to each other: reported at each declaration, with a path that exists, not at the rule using them", () => {
    const r = R();
    r.conditions.push({ id: "a", conditions: { condition: "b" } }, { id: "b", conditions: { all: [{ condition: "a" }] } });
    r.rules[1].conditions = { any: [r.rules[1].conditions, { condition: "a" }] };
    expectDiagnostics(r, [
      { code: "CONDITION_CYCLE", path: ["conditions", 1, "conditions", "condition"], message: "named conditions refer to each other in a cycle: a → b → a" },
      { code: "CONDITION_CYCLE", path: ["conditions", 2, "conditions", "all", 0, "condition"], message: "named conditions refer to each other in a cycle: b → a → b" },
    ]);
  });

  it("a condition used twice is not a cycle", () => {
    const r = R();
    r.conditions.push({ id: "twice", conditions: { all: [{ condition: "seriouslyDishonest" }, { not: { condition: "seriouslyDishonest" } }] } });
    r.rules[1].conditions.all.push({ condition: "twice" });
    expectDiagnostics(r, []);
  });
});

describe("INVALID_OPERATOR_VALUE", () => {
  it("withinLast needs a duration (in a where condition)", () => {
    const r = R();
    r.facts[4].where.value = "3Y"; // commitmentsDue
    expectDiagnostics(r, [{ code: "INVALID_OPERATOR_VALUE", path: ["facts", 4, "where", "value"], message: 'withinLast needs an ISO 8601 duration such as "P3Y", not "3Y"' }]);
  });

  it("notWithinLast with a number", () => {
    const r = R();
    r.rules[1].conditions.all.push({ fact: "asOf", operator: "notWithinLast", value: 3 });
    expectDiagnostics(r, [{ code: "INVALID_OPERATOR_VALUE", path: ["rules", 1, "conditions", "all", 1, "value"], message: 'notWithinLast needs an ISO 8601 duration such as "P3Y", not 3' }]);
  });

  it("date operators need a real calendar date", () => {
    const r = R();
    r.rules[1].conditions.all.push(
      { fact: "latestPenalty", path: "$.date", operator: "before", value: "2025-02-30" },
      { fact: "asOf", operator: "onOrAfter", value: "P1Y" },
    );
    expectDiagnostics(r, [
      { code: "INVALID_OPERATOR_VALUE", path: ["rules", 1, "conditions", "all", 1, "value"], message: 'before needs a date YYYY-MM-DD, not "2025-02-30"' },
      { code: "INVALID_OPERATOR_VALUE", path: ["rules", 1, "conditions", "all", 2, "value"], message: 'onOrAfter needs a date YYYY-MM-DD, not "P1Y"' },
    ]);
  });

  it("in and notIn need an array", () => {
    const r = R();
    r.facts[7].where = { fact: "list", operator: "in", value: "serious-dishonesty" };
    r.rules[1].conditions.all.push({ fact: "scoreGrade", operator: "notIn", value: "A" });
    expectDiagnostics(r, [
      { code: "INVALID_OPERATOR_VALUE", path: ["facts", 7, "where", "value"], message: 'in needs an array of values, not "serious-dishonesty"' },
      { code: "INVALID_OPERATOR_VALUE", path: ["rules", 1, "conditions", "all", 1, "value"], message: 'notIn needs an array of values, not "A"' },
    ]);
  });

  it("a numeric operator with a string value is a warning (json-rules-engine allows it)", () => {
    const r = R();
    r.rules[2].conditions.all[0].value = "2";
    expectDiagnostics(r, [
      { code: "INVALID_OPERATOR_VALUE", path: ["rules", 2, "conditions", "all", 0, "value"], severity: "warning", message: 'greaterThanInclusive compares with a number, not "2"' },
    ]);
  });

  it("inside a named condition: reported at the declaration only", () => {
    const r = R();
    r.conditions[0].conditions.any[1].value = "two";
    expectDiagnostics(r, [
      { code: "INVALID_OPERATOR_VALUE", path: ["conditions", 0, "conditions", "any", 1, "value"], severity: "warning", message: 'greaterThanInclusive compares with a number, not "two"' },
    ]);
  });

  it("decorated operators and fact references are not checked", () => {
    const r = R();
    r.rules[1].conditions.all.push(
      { fact: "asOf", operator: "not:withinLast", value: 3 },
      { fact: "asOf", operator: "before", value: { fact: "subjectId" } },
    );
    expectDiagnostics(r, []);
  });
});

describe("RULE_READS_SCORE", () => {
  it("an adjust-points rule reading score", () => {
    const r = R();
    r.rules[2].conditions.all.push({ fact: "score", operator: "lessThan", value: 50 });
    expectDiagnostics(r, [
      { code: "RULE_READS_SCORE", path: ["rules", 2, "conditions"], message: "an adjust-points rule runs before banding, so it cannot read score" },
    ]);
  });

  it("an adjust-points rule reading scoreGrade through a named condition, and score as a fact reference", () => {
    const r = R();
    r.conditions.push({ id: "good", conditions: { fact: "scoreGrade", operator: "in", value: ["A", "B"] } });
    r.rules[3].conditions = { all: [{ condition: "good" }, { fact: "years", operator: "lessThan", value: { fact: "score" } }] };
    expectDiagnostics(r, [
      // Facts in the order read: the named condition first, then the leaf and its reference.
      { code: "RULE_READS_SCORE", path: ["rules", 3, "conditions"], message: "an adjust-points rule runs before banding, so it cannot read scoreGrade, score" },
    ]);
  });

  it("other effects may read the score (the fixture's floor does)", () => {
    const r = R();
    r.rules[1].conditions.all.push({ fact: "scoreGrade", operator: "equal", value: "A" });
    expectDiagnostics(r, []);
  });
});

describe("DUPLICATE_ID", () => {
  it("a fact with the id of an input, of another fact or of a built-in fact", () => {
    const r = R();
    r.facts.push(
      { id: "years", from: "penalty", aggregate: "count" },
      { id: "seriousListed", from: "penalty", aggregate: "exists" },
      { id: "score", from: "penalty", aggregate: "count" },
    );
    const msg = (id: string) => `fact id "${id}" is already an input, a fact or a built-in fact`;
    expectDiagnostics(r, [
      { code: "DUPLICATE_ID", path: ["facts", 9, "id"], message: msg("years") },
      { code: "DUPLICATE_ID", path: ["facts", 10, "id"], message: msg("seriousListed") },
      { code: "DUPLICATE_ID", path: ["facts", 11, "id"], message: msg("score") },
    ]);
  });

  it("a rule id used twice", () => {
    const r = R();
    r.rules[1].id = "serious-dishonesty";
    expectDiagnostics(r, [{ code: "DUPLICATE_ID", path: ["rules", 1, "id"], message: 'rule id "serious-dishonesty" is used twice' }]);
  });

  it("a named condition declared twice", () => {
    const r = R();
    r.conditions.push({ id: "seriouslyDishonest", conditions: { fact: "seriousListed", operator: "equal", value: true } });
    expectDiagnostics(r, [{ code: "DUPLICATE_ID", path: ["conditions", 1, "id"], message: 'named condition "seriouslyDishonest" is declared twice' }]);
  });

  it("a record type declared twice", () => {
    const r = R();
    r.records.types.push({ id: "penalty", name: { zh: "处罚", en: "penalty" } });
    expectDiagnostics(r, [{ code: "DUPLICATE_ID", path: ["records", "types", 3, "id"], message: 'record type "penalty" is declared twice' }]);
  });

  it("a field declared twice, and a field named like a standard record field", () => {
    const r = R();
    r.records.types[0].fields.push({ id: "amount", type: "number" }, { id: "severity", type: "string" });
    const msg = (id: string) => `field "${id}" is declared twice or is a standard record field`;
    expectDiagnostics(r, [
      { code: "DUPLICATE_ID", path: ["records", "types", 0, "fields", 1, "id"], message: msg("amount") },
      { code: "DUPLICATE_ID", path: ["records", "types", 0, "fields", 2, "id"], message: msg("severity") },
    ]);
  });

  it("an input named like a built-in fact", () => {
    const r = R();
    r.inputs.push({ id: "asOf", type: "boolean" });
    expectDiagnostics(r, [
      { code: "DUPLICATE_ID", path: ["inputs", 2, "id"], message: '"asOf" is a built-in fact (score, scoreGrade, asOf, subjectId, grade, label); choose another input id' },
      { code: "UNUSED_INPUT", path: ["inputs", 2, "id"], severity: "warning", message: 'input "asOf" is declared but no indicator or rule reads it' },
    ]);
  });
});

describe("INVALID_RANGE", () => {
  it("a publicity period whose minimum is longer than its maximum", () => {
    const r = R();
    r.records.publicity = [
      { severity: "minor", min: "P0D", max: "P3M" },
      { severity: "general", min: "P1Y", max: "P3M" },
      { severity: "serious", min: "P3M", max: "P3M" }, // equal is fine
    ];
    expectDiagnostics(r, [{ code: "INVALID_RANGE", path: ["records", "publicity", 1], message: "the minimum period P1Y is longer than the maximum P3M" }]);
  });

  it("P12M and P1Y are the same length; P13M is longer than P1Y", () => {
    const r = R();
    r.records.publicity = [{ severity: "general", min: "P12M", max: "P1Y" }];
    expectDiagnostics(r, []);
    r.records.publicity = [{ severity: "general", min: "P13M", max: "P1Y" }];
    expectDiagnostics(r, [{ code: "INVALID_RANGE", path: ["records", "publicity", 0], message: "the minimum period P13M is longer than the maximum P1Y" }]);
  });

  it("an adjustment of 0 points", () => {
    const r = R();
    r.rules[3].effect.points = 0;
    expectDiagnostics(r, [{ code: "INVALID_RANGE", path: ["rules", 3, "effect", "points"], message: "an adjustment of 0 points does nothing" }]);
  });
});

describe("record field declarations", () => {
  it("a category field needs values; only a category field has values", () => {
    const r = R();
    delete r.records.types[1].fields[0].values;
    r.records.types[0].fields[0].values = ["1"];
    expectDiagnostics(r, [
      { code: "INPUT_TYPE_MISMATCH", path: ["records", "types", 0, "fields", 0], message: "only a category field has values" },
      { code: "INPUT_TYPE_MISMATCH", path: ["records", "types", 1, "fields", 0], message: "a category field needs values" },
    ]);
  });
});

describe("schema", () => {
  it("a bad duration is a schema error at its path", () => {
    const r = R();
    r.facts[0].window.last = "3 years";
    const { diagnostics } = validateRuleset(r);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([["SCHEMA_INVALID", ["facts", 0, "window", "last"]]]);
  });

  it("an unknown effect type is a schema error", () => {
    const r = R();
    r.rules[0].effect = { type: "ban", grade: "E" };
    const { diagnostics, valid } = validateRuleset(r);
    expect(valid).toBe(false);
    expect(diagnostics.every((d) => d.code === "SCHEMA_INVALID")).toBe(true);
    expect(diagnostics[0]?.path.slice(0, 3)).toEqual(["rules", 0, "effect"]);
  });

  it("loadRuleset throws with every error when a rule check fails", () => {
    const r = R();
    r.rules[1].id = "serious-dishonesty";
    r.rules[3].effect.points = 0;
    expect(() => loadRuleset(r)).toThrow(RulesetError);
    try {
      loadRuleset(r);
    } catch (e) {
      // Rules are checked in order: rule 1's id, then rule 3's points.
      expect((e as RulesetError).diagnostics.map((d) => d.code)).toEqual(["DUPLICATE_ID", "INVALID_RANGE"]);
    }
  });
});
