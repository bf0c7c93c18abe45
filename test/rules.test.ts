/**
 * Tests of override rules (`rule.ts`) and of evaluation with records, derived facts and rules
 * (`evaluation.ts`, `subject.ts`): the precedence of effects in `resolveGrade`, and the records
 * fixture evaluated end to end. Every expected value is worked out by hand in a comment.
 *
 * The records fixture (see `fixtures.ts`), as of 2025-06-30, rounding 2 places:
 *   total = age 2 × min(years, 10)
 *         + penalties max(0, 50 − 5 × minor − 10 × general − 25 × serious)   (last 3 years, still counting)
 *         + commitments 30 × honoured / due                                    (due in the last 3 years; 1 when none)
 *   then adjust-points: −10 when ≥ 2 general penalties, +5 when ≥ 3 commitments honoured; kept within 0–100.
 *   Bands: A [90, 100], B [75, 90), C [60, 75), D [40, 60), E [0, 40).
 */
import { describe, expect, it } from "vitest";
import {
  compileRuleset,
  type CreditRecord,
  type EffectDef,
  type EvaluateOptions,
  type Evaluation,
  type Grade,
  resolveGrade,
  type Ruleset,
  SubjectError,
} from "../src/index.js";
import { catchError, penalty, recordsRuleset } from "./fixtures.js";

const ASOF: EvaluateOptions = { asOf: "2025-06-30" };
const compiled = compileRuleset(recordsRuleset());

const listEntry = (id: string, date: string, list: string, extra: Partial<CreditRecord> = {}): CreditRecord => ({ id, type: "list-entry", date, list, ...extra });
const commitment = (id: string, due: string, honoured: boolean): CreditRecord => ({ id, type: "commitment", date: "2024-01-01", kind: "tax", due, honoured });
const subject = (inputs: Record<string, unknown>, records: CreditRecord[] = [], id = "S1") => ({ id, inputs, records });
const threeHonoured = [commitment("c1", "2024-12-31", true), commitment("c2", "2025-03-31", true), commitment("c3", "2025-06-30", true)];

/** The fields of an evaluation that the rules decide. */
const outcome = (e: Evaluation) => ({
  grade: e.grade,
  decidedBy: e.decidedBy,
  scoreGrade: e.scoreGrade,
  score: e.score,
  adjustment: e.adjustment,
  fired: e.rules.map((r) => r.id),
});

// ---------------------------------------------------------------- resolveGrade

describe("resolveGrade: precedence of effects", () => {
  const set = (grade: Grade): EffectDef => ({ type: "set-grade", grade });
  const cap = (grade: Grade): EffectDef => ({ type: "cap", grade });
  const floor = (grade: Grade): EffectDef => ({ type: "floor", grade });
  const ng: EffectDef = { type: "not-gradable" };

  it.each<[string, Grade | null, EffectDef[], Grade | null, string]>([
    ["no rules: the score grade", "B", [], "B", "score"],
    ["no score and no rules: not gradable", null, [], null, "not-gradable"],
    ["not-gradable beats set-grade, cap and floor", "A", [set("E"), cap("B"), floor("A"), ng], null, "not-gradable"],
    ["not-gradable first in the list beats them too", "A", [ng, set("E"), cap("B")], null, "not-gradable"],
    ["set-grade replaces a worse score grade", "E", [set("B")], "B", "direct-judgment"],
    ["set-grade replaces a better score grade", "A", [set("D")], "D", "direct-judgment"],
    ["several set-grades: the worst wins", "A", [set("C"), set("E"), set("D")], "E", "direct-judgment"],
    ["set-grade grades a subject without a score", null, [set("C")], "C", "direct-judgment"],
    ["floors do not lift a direct judgment", "A", [set("D"), floor("B")], "D", "direct-judgment"],
    ["a floor lifts the score grade", "E", [floor("C")], "C", "score"],
    ["a floor never lowers the score grade", "A", [floor("C")], "A", "score"],
    ["several floors: the best wins", "E", [floor("D"), floor("B"), floor("C")], "B", "score"],
    ["a floor cannot grade a subject without a score", null, [floor("C")], null, "not-gradable"],
    ["a cap lowers the score grade", "A", [cap("C")], "C", "score"],
    ["a cap never raises the score grade", "D", [cap("B")], "D", "score"],
    ["several caps: the worst wins", "A", [cap("B"), cap("D"), cap("C")], "D", "score"],
    ["a cap cannot grade a subject without a score", null, [cap("C")], null, "not-gradable"],
    ["caps apply after floors: floor B then cap C is C", "E", [floor("B"), cap("C")], "C", "score"],
    ["caps apply after floors, in any order: cap B with floor A is B", "A", [cap("B"), floor("A")], "B", "score"],
    ["set-grade then a worse cap: the cap holds", "A", [set("B"), cap("D")], "D", "direct-judgment"],
    ["set-grade worse than the cap: the set grade stands", "A", [set("D"), cap("B")], "D", "direct-judgment"],
    ["adjust-points effects are ignored here", "C", [{ type: "adjust-points", points: 50 }], "C", "score"],
  ])("%s", (_name, scoreGrade, effects, grade, decidedBy) => {
    expect(resolveGrade(scoreGrade, effects)).toEqual({ grade, decidedBy });
  });
});

// ---------------------------------------------------------------- evaluation with records

describe("the records fixture, end to end", () => {
  it("a clean subject: 20 + 50 + 30 (nothing due, whenZero 1) = 100, A, no rule fires", () => {
    const e = compiled.evaluate(subject({ years: 10 }), ASOF);
    expect(outcome(e)).toEqual({ grade: "A", decidedBy: "score", scoreGrade: "A", score: 100, adjustment: 0, fired: [] });
    expect(e.indicators.map((i) => [i.id, i.values, i.contribution])).toEqual([
      ["age", { years: 10 }, 20],
      ["penalties", { penaltiesMinor3y: 0, penaltiesGeneral3y: 0, penaltiesSerious3y: 0 }, 50],
      ["commitments", { honourRate: 1 }, 30],
    ]);
    expect(e.excludedRecords).toEqual([]);
  });

  it("indicators read derived facts: 1 serious + 1 minor penalty, 1 of 2 commitments honoured", () => {
    const e = compiled.evaluate(
      subject({ years: 5 }, [
        penalty("p1", "2024-09-15", "serious", 20000),
        penalty("p2", "2025-05-01", "minor", 200),
        commitment("c1", "2024-12-31", true),
        commitment("c2", "2025-03-31", false),
      ]),
      ASOF,
    );
    // age 2 × 5 = 10; penalties 50 − 25 − 5 = 20; commitments 30 × 1/2 = 15; total 45 → D.
    expect(e.indicators.map((i) => i.contribution)).toEqual([10, 20, 15]);
    expect(outcome(e)).toEqual({ grade: "D", decidedBy: "score", scoreGrade: "D", score: 45, adjustment: 0, fired: [] });
    expect(e.facts).toMatchObject({
      penaltiesMinor3y: 1,
      penaltiesGeneral3y: 0,
      penaltiesSerious3y: 1,
      penaltyAmount3y: 20200,
      commitmentsDue: 2,
      commitmentsHonoured: 1,
      honourRate: 0.5,
      seriousListed: false,
    });
    expect((e.facts["latestPenalty"] as CreditRecord).id).toBe("p2");
    // Reasons rank points lost: penalties 50 − 20 = 30, commitments 30 − 15 = 15, age 20 − 10 = 10.
    expect(e.reasons.map((r) => [r.indicator, r.pointsLost])).toEqual([
      ["penalties", 30],
      ["commitments", 15],
      ["age", 10],
    ]);
  });

  it("adjust-points changes the band: two general penalties cost 10 more points, B becomes C", () => {
    const records = [penalty("p1", "2025-01-10", "general"), penalty("p2", "2025-03-01", "general")];
    const e = compiled.evaluate(subject({ years: 10 }, records), ASOF);
    // 20 + (50 − 2 × 10) + 30 = 80 (B); − 10 = 70 → C.
    expect(outcome(e)).toEqual({ grade: "C", decidedBy: "score", scoreGrade: "C", score: 70, adjustment: -10, fired: ["repeat-offender"] });
    expect(e.band).toMatchObject({ grade: "C", min: 60, max: 75 });
    // Without the rule the same subject is B at 80.
    const r = recordsRuleset();
    r.rules = r.rules!.filter((x) => x.id !== "repeat-offender");
    expect(outcome(compileRuleset(r).evaluate(subject({ years: 10 }, records), ASOF))).toMatchObject({ grade: "B", score: 80, adjustment: 0 });
  });

  it("adjust-points is clamped to the top of the scale: 100 + 5 stays 100", () => {
    const e = compiled.evaluate(subject({ years: 10 }, threeHonoured), ASOF);
    // 20 + 50 + 30 × 3/3 = 100; + 5 = 105 → 100. kept-promises fires too (3/3, score 100 ≥ 50), floor C changes nothing.
    expect(outcome(e)).toEqual({ grade: "A", decidedBy: "score", scoreGrade: "A", score: 100, adjustment: 5, fired: ["commitment-bonus", "kept-promises"] });
  });

  it("adjust-points is clamped to the bottom of the scale: 5 − 10 becomes 0", () => {
    const records = [penalty("p1", "2025-01-10", "general"), penalty("p2", "2025-03-01", "general"), penalty("p3", "2024-09-15", "serious"), commitment("c1", "2025-03-31", false)];
    const e = compiled.evaluate(subject({ years: 0 }, records), ASOF);
    // 0 + (50 − 20 − 25) + 30 × 0/1 = 5; − 10 = −5 → 0.
    expect(outcome(e)).toEqual({ grade: "E", decidedBy: "score", scoreGrade: "E", score: 0, adjustment: -10, fired: ["repeat-offender"] });
  });

  it("a rule reading score sees the adjusted score", () => {
    const records = [penalty("p1", "2024-09-15", "serious"), penalty("p2", "2025-05-01", "minor"), penalty("p3", "2025-06-01", "minor"), ...threeHonoured];
    const e = compiled.evaluate(subject({ years: 0 }, records), ASOF);
    // 0 + (50 − 25 − 2 × 5) + 30 = 45; + 5 = 50 → D. kept-promises needs score ≥ 50: it sees 50 (not 45), so the floor lifts D to C.
    expect(outcome(e)).toEqual({ grade: "C", decidedBy: "score", scoreGrade: "D", score: 50, adjustment: 5, fired: ["commitment-bonus", "kept-promises"] });
    expect(e.rules[1]?.facts).toEqual({ honourRate: 1, commitmentsDue: 3, score: 50 });
  });

  it("a cap: fines of 100000 cap an A at C", () => {
    const e = compiled.evaluate(subject({ years: 10 }, [penalty("p1", "2025-03-01", "general", 100000)]), ASOF);
    // 20 + 40 + 30 = 90 → A; penaltyAmount3y 100000 ≥ 100000 → cap C.
    expect(outcome(e)).toEqual({ grade: "C", decidedBy: "score", scoreGrade: "A", score: 90, adjustment: 0, fired: ["large-fines"] });
    // 99999.99 does not reach it.
    expect(compiled.evaluate(subject({ years: 10 }, [penalty("p1", "2025-03-01", "general", 99999.99)]), ASOF).grade).toBe("A");
  });

  it("set-grade through the named condition: two serious penalties in 3 years are E whatever the score", () => {
    const e = compiled.evaluate(subject({ years: 10 }, [penalty("p1", "2024-09-15", "serious"), penalty("p2", "2023-08-01", "serious")]), ASOF);
    // 20 + (50 − 50) + 30 = 50 → D; set-grade E.
    expect(outcome(e)).toEqual({ grade: "E", decidedBy: "direct-judgment", scoreGrade: "D", score: 50, adjustment: 0, fired: ["serious-dishonesty"] });
    expect(e.class).toBe("serious");
  });

  it("a direct judgment is not lifted by a floor", () => {
    const records = [listEntry("l1", "2020-01-01", "serious-dishonesty"), ...threeHonoured];
    const e = compiled.evaluate(subject({ years: 10 }, records), ASOF);
    // 100 + 5 → 100 (A); serious list → E; kept-promises fires (floor C) but a floor never lifts a direct judgment.
    expect(outcome(e)).toEqual({
      grade: "E",
      decidedBy: "direct-judgment",
      scoreGrade: "A",
      score: 100,
      adjustment: 5,
      fired: ["serious-dishonesty", "commitment-bonus", "kept-promises"],
    });
  });

  it("a not-gradable rule: no grade, with the rule as the reason, the score still shown", () => {
    const e = compiled.evaluate(subject({ years: 10, underInvestigation: true }, [listEntry("l1", "2020-01-01", "serious-dishonesty")]), ASOF);
    expect(outcome(e)).toEqual({ grade: null, decidedBy: "not-gradable", scoreGrade: "A", score: 100, adjustment: 0, fired: ["serious-dishonesty", "under-investigation"] });
    expect(e.gradable).toBe(false);
    expect(e.class).toBeNull();
    expect(e.notGradable).toEqual([{ indicator: "under-investigation", inputs: [], code: "RULE", message: "under investigation" }]);
  });

  it("fired rules carry the values of the facts they read, including through a named condition", () => {
    const e = compiled.evaluate(subject({ years: 10 }, [listEntry("l1", "2020-01-01", "serious-dishonesty"), penalty("p1", "2024-09-15", "serious", 5000)]), ASOF);
    expect(e.rules).toEqual([
      {
        id: "serious-dishonesty",
        fired: true,
        effect: { type: "set-grade", grade: "E" },
        reason: { zh: "严重失信主体", en: "seriously dishonest subject" },
        legalBasis: "fixture: serious dishonesty is E",
        facts: { seriousListed: true, penaltiesSerious3y: 1 },
      },
    ]);
  });

  it("records left out are listed with reason and date, and do not count", () => {
    const records = [
      penalty("p1", "2024-01-10", "general", 1000), // 2024-01-10 + P1Y → ends, since 2025-01-10
      penalty("p2", "2025-02-01", "serious", 1000, { repairedAt: "2025-06-01" }),
      penalty("p3", "2025-03-01", "general", 1000, { revokedAt: "2025-06-30" }),
      penalty("p4", "2025-07-01", "minor", 1000), // after asOf
      penalty("p5", "2025-06-01", "general", 1000, { repairedAt: "2025-07-15" }), // repaired after asOf: still counts
      listEntry("l1", "2025-01-01", "serious-dishonesty", { revokedAt: "2025-04-01" }),
    ];
    const e = compiled.evaluate(subject({ years: 10 }, records), ASOF);
    expect(e.excludedRecords).toEqual([
      { recordId: "p1", type: "penalty", date: "2024-01-10", reason: "PUBLICITY_ENDED", since: "2025-01-10" },
      { recordId: "p2", type: "penalty", date: "2025-02-01", reason: "REPAIRED", since: "2025-06-01" },
      { recordId: "p3", type: "penalty", date: "2025-03-01", reason: "REVOKED", since: "2025-06-30" },
      { recordId: "p4", type: "penalty", date: "2025-07-01", reason: "AFTER_AS_OF", since: "2025-07-01" },
      { recordId: "l1", type: "list-entry", date: "2025-01-01", reason: "REVOKED", since: "2025-04-01" },
    ]);
    // Only p5 counts: 20 + (50 − 10) + 30 = 90 → A; the revoked list entry no longer makes it E.
    expect(outcome(e)).toEqual({ grade: "A", decidedBy: "score", scoreGrade: "A", score: 90, adjustment: 0, fired: [] });
  });

  it("a subject cannot supply a derived fact as an input: the derived value wins", () => {
    const s = subject({ years: 10, seriousListed: false, penaltiesSerious3y: 0 }, [listEntry("l1", "2024-01-01", "serious-dishonesty"), penalty("p1", "2024-09-15", "serious")]);
    const e = compiled.evaluate(s, ASOF);
    // 20 + 25 + 30 = 75 → B, but the list entry makes it E.
    expect(outcome(e)).toEqual({ grade: "E", decidedBy: "direct-judgment", scoreGrade: "B", score: 75, adjustment: 0, fired: ["serious-dishonesty"] });
    expect(e.rules[0]?.facts).toEqual({ seriousListed: true, penaltiesSerious3y: 1 });
  });

  it("null repairedAt, revokedAt and publicUntil are accepted and mean none", () => {
    const records = [{ ...penalty("p1", "2024-03-01", "general"), repairedAt: null, revokedAt: null, publicUntil: null }] as unknown as CreditRecord[];
    // 2024-03-01 + P1Y = 2025-03-01: the penalty stopped counting then, so 20 + 50 + 30 = 100.
    const e = compiled.evaluate(subject({ years: 10 }, records), ASOF);
    expect(e.excludedRecords).toEqual([{ recordId: "p1", type: "penalty", date: "2024-03-01", reason: "PUBLICITY_ENDED", since: "2025-03-01" }]);
    expect(e.score).toBe(100);
  });

  it("a subject with no records gets an empty list of excluded records and facts over nothing", () => {
    const e = compiled.evaluate({ id: "S1", inputs: { years: 3 } }, ASOF);
    expect(e.excludedRecords).toEqual([]);
    expect(e.facts).toMatchObject({ penaltiesSerious3y: 0, honourRate: 1, seriousListed: false, latestPenalty: null });
    expect(e.score).toBe(86); // 6 + 50 + 30
  });
});

describe("trace", () => {
  const records = [penalty("p1", "2024-09-15", "serious"), penalty("p2", "2025-05-01", "minor"), penalty("p3", "2025-06-01", "minor"), ...threeHonoured];
  const e = compiled.evaluate(subject({ years: 0 }, records), { ...ASOF, trace: true });

  it("returns every rule, fired or not, in the order the ruleset declares them (whichever phase ran them)", () => {
    expect(e.rules.map((r) => [r.id, r.fired])).toEqual([
      ["serious-dishonesty", false],
      ["large-fines", false],
      ["repeat-offender", false],
      ["commitment-bonus", true],
      ["kept-promises", true],
      ["under-investigation", false],
    ]);
    // The grade is the same as without tracing (see "a rule reading score sees the adjusted score").
    expect(outcome({ ...e, rules: e.rules.filter((r) => r.fired) })).toEqual({
      grade: "C",
      decidedBy: "score",
      scoreGrade: "D",
      score: 50,
      adjustment: 5,
      fired: ["commitment-bonus", "kept-promises"],
    });
  });

  it("a rule that did not fire still shows its facts and every leaf, even after the first false one", () => {
    const r = e.rules.find((x) => x.id === "serious-dishonesty")!;
    expect(r.facts).toEqual({ seriousListed: false, penaltiesSerious3y: 1 });
    expect(r.trace).toEqual({
      kind: "condition",
      condition: "seriouslyDishonest",
      result: false,
      child: {
        kind: "any",
        result: false,
        children: [
          { kind: "leaf", fact: "seriousListed", path: undefined, operator: "equal", factValue: false, value: true, result: false },
          { kind: "leaf", fact: "penaltiesSerious3y", path: undefined, operator: "greaterThanInclusive", factValue: 1, value: 2, result: false },
        ],
      },
    });
  });

  it("a fired rule's trace shows the adjusted score it read", () => {
    const r = e.rules.find((x) => x.id === "kept-promises")!;
    expect(r.trace).toEqual({
      kind: "all",
      result: true,
      children: [
        { kind: "leaf", fact: "honourRate", path: undefined, operator: "equal", factValue: 1, value: 1, result: true },
        { kind: "leaf", fact: "commitmentsDue", path: undefined, operator: "greaterThanInclusive", factValue: 3, value: 3, result: true },
        { kind: "leaf", fact: "score", path: undefined, operator: "greaterThanInclusive", factValue: 50, value: 50, result: true },
      ],
    });
  });

  it("the not-gradable rule reads a missing input as undefined", () => {
    const r = e.rules.find((x) => x.id === "under-investigation")!;
    expect(r.facts).toEqual({ underInvestigation: undefined });
    expect(r.trace).toMatchObject({ kind: "all", result: false, children: [{ fact: "underInvestigation", factValue: undefined, result: false }] });
  });

  it("without trace, no rule carries a trace", () => {
    const plain = compiled.evaluate(subject({ years: 0 }, records), ASOF);
    expect(plain.rules.map((r) => r.id)).toEqual(["commitment-bonus", "kept-promises"]);
    for (const r of plain.rules) expect("trace" in r).toBe(false);
  });
});

describe("a subject whose score cannot be computed", () => {
  it("is graded by a set-grade rule that fires: direct judgment", () => {
    // years is missing and the age indicator declares the subject not gradable then.
    const e = compiled.evaluate(subject({}, [listEntry("l1", "2024-01-01", "serious-dishonesty")]), ASOF);
    expect(outcome(e)).toEqual({ grade: "E", decidedBy: "direct-judgment", scoreGrade: null, score: null, adjustment: 0, fired: ["serious-dishonesty"] });
    expect(e.gradable).toBe(true);
    expect(e.class).toBe("serious");
    expect(e.band).toBeNull();
    expect(e.reasons).toEqual([]);
    expect(e.notGradable).toEqual([
      { indicator: "age", inputs: ["years"], code: "MISSING_INPUT", message: 'input years is missing and indicator "age" declares the subject not gradable then' },
    ]);
    expect(e.indicators[0]).toMatchObject({ id: "age", missing: "not-gradable", score: null, contribution: null });
  });

  it("is not gradable when only a cap or floor fires", () => {
    const e = compiled.evaluate(subject({ years: null }, [penalty("p1", "2025-03-01", "general", 200000)]), ASOF);
    expect(outcome(e)).toEqual({ grade: null, decidedBy: "not-gradable", scoreGrade: null, score: null, adjustment: 0, fired: ["large-fines"] });
    expect(e.gradable).toBe(false);
  });

  it("a rule reading score sees no score: the floor does not fire", () => {
    const e = compiled.evaluate(subject({}, threeHonoured), { ...ASOF, trace: true });
    const kept = e.rules.find((r) => r.id === "kept-promises")!;
    expect(kept.fired).toBe(false);
    expect(kept.facts["score"]).toBeUndefined();
    // The bonus still fired and is reported, though there was no score to add it to.
    expect(e.adjustment).toBe(5);
    expect(e.grade).toBeNull();
  });
});

describe("subject records are validated", () => {
  const issuesOf = (c: typeof compiled, s: unknown) => {
    const e = catchError(() => c.evaluate(s, ASOF));
    expect(e).toBeInstanceOf(SubjectError);
    // Each issue's message and severity follow from these (test/subject.test.ts checks them).
    return (e as SubjectError).issues.map(({ code, path, expected, received }) => ({ code, path, expected, received }));
  };

  it("a record of a type the ruleset does not declare is left out and listed, not rejected (outside strictInputs)", () => {
    const e = compiled.evaluate({ id: "S0", inputs: { years: 3 }, records: [{ id: "r1", type: "licence", date: "2025-01-01" }] }, ASOF);
    expect(e.excludedRecords).toEqual([{ recordId: "r1", type: "licence", date: "2025-01-01", reason: "UNDECLARED_TYPE", since: "2025-01-01" }]);
    const strict = recordsRuleset();
    strict.strictInputs = true;
    expect(issuesOf(compileRuleset(strict), { id: "S0", inputs: { years: 3 }, records: [{ id: "r1", type: "licence", date: "2025-01-01" }] })).toEqual([
      { code: "UNKNOWN_RECORD_TYPE", path: ["records", 0, "type"], expected: 'one of "penalty", "list-entry", "commitment"', received: '"licence"' },
    ]);
  });

  it("a record type with severity: required rejects a record without a severity", () => {
    const r = recordsRuleset();
    r.records!.types[0]!.severity = "required";
    const s = { id: "S0", inputs: { years: 3 }, records: [{ id: "p1", type: "penalty", date: "2025-01-01", amount: 100 }] };
    expect(issuesOf(compileRuleset(r), s)).toEqual([
      { code: "REQUIRED_MISSING", path: ["records", 0, "severity"], expected: "one of minor, general, serious (this record type requires a severity)", received: "nothing" },
    ]);
    // Without the declaration the same record is accepted (and, having no severity, never expires).
    expect(compiled.evaluate(s, ASOF).gradable).toBe(true);
  });

  it("missing type, bad date, duplicate id, wrong field type: every problem at once, with paths into the subject", () => {
    const s = {
      id: "S1",
      inputs: { years: 3 },
      records: [
        { id: "r1", type: "", date: "2025-01-01" },
        { id: "r2", type: "penalty", date: "2025-02-30", severity: "general", amount: 100 },
        { id: "r2", type: "penalty", date: "2025-02-01", severity: "general", amount: "5000" },
      ],
    };
    expect(issuesOf(compiled, s)).toEqual([
      { code: "WRONG_TYPE", path: ["records", 0, "type"], expected: "a record type", received: '""' },
      { code: "WRONG_TYPE", path: ["records", 1, "date"], expected: "a date YYYY-MM-DD from 1900-01-01 to 9999-12-31", received: '"2025-02-30"' },
      { code: "DUPLICATE_RECORD", path: ["records", 2, "id"], expected: "a record id unique for the subject", received: '"r2"' },
      { code: "WRONG_TYPE", path: ["records", 2, "amount"], expected: "a finite number", received: '"5000"' },
    ]);
    const e = catchError(() => compiled.evaluate(s, ASOF)) as SubjectError;
    expect(e.subjectId).toBe("S1");
    expect(e.message).toContain('$.records[2].amount: expected a finite number, received "5000"');
  });

  it("required fields, categories, severity and the standard date fields", () => {
    const s = {
      id: "S1",
      inputs: { years: 3 },
      records: [
        { id: "c1", type: "commitment", date: "2025-01-01", honoured: true },
        { id: "l1", type: "list-entry", date: "2025-01-01", list: "blacklist" },
        { id: "p1", type: "penalty", date: "2025-01-01", severity: "major", amount: 1, repairedAt: "soon" },
      ],
    };
    expect(issuesOf(compiled, s)).toEqual([
      { code: "REQUIRED_MISSING", path: ["records", 0, "due"], expected: 'a value (field "due" is required)', received: "nothing" },
      { code: "UNKNOWN_CATEGORY", path: ["records", 1, "list"], expected: 'one of "serious-dishonesty", "abnormal-operation"', received: '"blacklist"' },
      { code: "WRONG_TYPE", path: ["records", 2, "repairedAt"], expected: "a date YYYY-MM-DD from 1900-01-01 to 9999-12-31", received: '"soon"' },
      { code: "UNKNOWN_CATEGORY", path: ["records", 2, "severity"], expected: "one of minor, general, serious", received: '"major"' },
    ]);
  });

  it("an undeclared record field is an error in strictInputs mode only", () => {
    const s = subject({ years: 3 }, [{ ...penalty("p1", "2025-01-01", "general"), note: "late filing" }]);
    expect(compiled.evaluate(s, ASOF).grade).toBe("B"); // 6 + 40 + 30 = 76
    const strict = recordsRuleset();
    strict.strictInputs = true;
    expect(issuesOf(compileRuleset(strict), s)).toEqual([
      { code: "UNKNOWN_FIELD", path: ["records", 0, "note"], expected: "a declared record field", received: '"note"' },
    ]);
  });

  it("records must be an array of objects; a missing record list is none", () => {
    expect(issuesOf(compiled, { id: "S1", inputs: { years: 3 }, records: {} })).toEqual([
      { code: "WRONG_TYPE", path: ["records"], expected: "an array of credit records", received: "object" },
    ]);
    expect(issuesOf(compiled, { id: "S1", inputs: { years: 3 }, records: [null, "p1"] })).toEqual([
      { code: "WRONG_TYPE", path: ["records", 0], expected: "a credit record object", received: "null" },
      { code: "WRONG_TYPE", path: ["records", 1], expected: "a credit record object", received: '"p1"' },
    ]);
    expect(compiled.evaluate({ id: "S1", inputs: { years: 3 } }, ASOF).excludedRecords).toEqual([]);
  });
});

describe("subjectId { format: uscc }", () => {
  const withIds = (subjectId: Ruleset["subjectId"]) => {
    const r = recordsRuleset();
    r.subjectId = subjectId;
    return compileRuleset(r);
  };
  const uscc = withIds({ format: "uscc" });
  const idIssues = (c: typeof compiled, id: string) => {
    const r = c.safeEvaluate({ id, inputs: { years: 3 } }, ASOF);
    expect(r.success).toBe(false);
    return r.success ? [] : (r.error as SubjectError).issues.map(({ code, path, expected, received }) => ({ code, path, expected, received }));
  };

  it("accepts a valid code (Huawei, REFERENCE §6)", () => {
    expect(uscc.evaluate({ id: "914403001922038216", inputs: { years: 3 } }, ASOF).subjectId).toBe("914403001922038216");
  });

  it.each([
    // Σ value × weight = 831, 831 mod 31 = 25, 31 − 25 = 6: the check character is 6, not 7.
    ["914403001922038217", "7", "6"],
    // Hutool isCreditCode2 false: Σ = 1237, mod 31 = 28, 31 − 28 = 3.
    ["91350211M00013FA1N", "N", "3"],
    // Mock "Baidu": Σ = 1284, mod 31 = 13, 31 − 13 = 18 → J.
    ["91110108717809965C", "C", "J"],
    // Mock "Alibaba Cloud": Σ = 592, mod 31 = 3, 31 − 3 = 28 → W.
    ["91110000800088421P", "P", "W"],
    // Σ = 1789, mod 31 = 22, 31 − 22 = 9.
    ["9133010057462616XH", "H", "9"],
  ])("rejects %s with INVALID_ID at $.id (check character %s, expected %s)", (id, found, wanted) => {
    expect(idIssues(uscc, id)).toEqual([
      { code: "INVALID_ID", path: ["id"], expected: "a unified social credit code (CHECK_CHARACTER)", received: `${id}: check character is "${found}", expected "${wanted}"` },
    ]);
  });

  it("rejects a code of the wrong length or with a forbidden letter", () => {
    expect(idIssues(uscc, "9144030019220382")).toEqual([
      { code: "INVALID_ID", path: ["id"], expected: "a unified social credit code (LENGTH)", received: "9144030019220382: has 16 characters, expected 18" },
    ]);
    expect(idIssues(uscc, "91440300192203821O")[0]).toMatchObject({ code: "INVALID_ID", expected: "a unified social credit code (FORBIDDEN_CHARACTER)" });
  });

  it("an allow-listed legacy pilot code and lenient mode accept a bad check character", () => {
    expect(withIds({ format: "uscc", allow: ["91350211M00013FA1N"] }).evaluate({ id: "91350211M00013FA1N", inputs: { years: 3 } }, ASOF).grade).toBe("B");
    expect(withIds({ format: "uscc", mode: "lenient" }).evaluate({ id: "914403001922038217", inputs: { years: 3 } }, ASOF).grade).toBe("B");
  });

  it("without subjectId any non-empty id is accepted", () => {
    expect(compiled.evaluate({ id: "914403001922038217", inputs: { years: 3 } }, ASOF).grade).toBe("B");
  });

  it("the id problem is reported together with record problems", () => {
    const r = uscc.safeEvaluate({ id: "914403001922038217", inputs: { years: 3 }, records: [{ id: "x", type: "penalty", date: "2025-13-01", severity: "general", amount: 100 }] }, ASOF);
    expect(r.success).toBe(false);
    if (!r.success) expect((r.error as SubjectError).issues.map((i) => i.code)).toEqual(["INVALID_ID", "WRONG_TYPE"]);
  });
});

describe("batches with records", () => {
  it("each subject is a result or a rejection, in order", () => {
    const out = [
      ...compiled.evaluateMany(
        [
          subject({ years: 10 }, [], "A1"),
          { id: "B2", inputs: { years: 1 }, records: [{ id: "x", type: "penalty", date: "not a date" }] },
          subject({ years: 10 }, [listEntry("l1", "2024-01-01", "serious-dishonesty")], "C3"),
        ],
        ASOF,
      ),
    ];
    expect(out.map((o) => (o.ok ? [o.index, o.evaluation.subjectId, o.evaluation.grade] : [o.index, o.subjectId, o.error.code]))).toEqual([
      [0, "A1", "A"],
      [1, "B2", "SUBJECT_INVALID"],
      [2, "C3", "E"],
    ]);
  });
});
