/**
 * Objections (异议, R13): the 7-working-day deadline on the Chinese calendar, overdue listing,
 * and the outcomes — upheld (re-evaluated under the version of the ORIGINAL period, a new
 * record superseding the old, measures to terminate) and rejected (the reason on file).
 * Deadlines and grades are worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import {
  compileRuleset,
  type CompiledRuleset,
  createWorkCalendar,
  CreditGradingError,
  decideObjection,
  fileObjection,
  type Objection,
  overdueObjections,
  type Ruleset,
  type Subject,
  toDecisionRecord,
} from "../src/index.js";
import { recordsRuleset } from "./fixtures.js";

const E_MEASURES = [
  "key-supervision",
  "uncapped-sampling",
  "more-inspection-items",
  "campaign-priority",
  "no-gaozhi-chengnuo",
  "restrict-procurement",
  "restrict-bidding",
  "restrict-fiscal-funds",
];
const B_MEASURES = ["green-channel", "rongque-acceptance", "gaozhi-chengnuo", "simplified-procedure", "reduced-inspection", "xinyidai-preference", "xinyijia-representative"];

describe("fileObjection", () => {
  const filing = { subjectId: "s-1", decisionId: "d-1", disputed: { kind: "result" } as const };

  it("the deadline is 7 working days after receipt, across the 2025 National Day holiday", () => {
    // Received Tue 09-30. 10-01..10-08 off; Thu 10-09 (1), Fri 10-10 (2), Sat 10-11 worked (3),
    // Sun 10-12 off, Mon 10-13 (4), 10-14 (5), 10-15 (6), Thu 10-16 (7).
    const o = fileObjection({ ...filing, receivedAt: "2025-09-30" });
    expect(o).toMatchObject({ subjectId: "s-1", decisionId: "d-1", disputed: { kind: "result" }, receivedAt: "2025-09-30", workingDays: 7, deadline: "2025-10-16", status: "pending" });
    expect(o.objectionId).toMatch(/^o-[0-9a-f]{24}$/);
  });

  it("keeps a given id, and derives the same id from the same filing", () => {
    expect(fileObjection({ ...filing, objectionId: "YY-2025-17", receivedAt: "2025-09-30" }).objectionId).toBe("YY-2025-17");
    expect(fileObjection({ ...filing, receivedAt: "2025-09-30" }).objectionId).toBe(fileObjection({ ...filing, receivedAt: "2025-09-30" }).objectionId);
    expect(fileObjection({ ...filing, receivedAt: "2025-09-30" }).objectionId).not.toBe(fileObjection({ ...filing, receivedAt: "2025-10-09" }).objectionId);
  });

  it("takes another window and another calendar", () => {
    // 20 working days from 09-30: 10-09, 10, 11 (Sat, worked), 13–17, 20–24, 27–31 make 18; Mon 11-03 (19), Tue 11-04 (20).
    expect(fileObjection({ ...filing, receivedAt: "2025-09-30" }, { workingDays: 20 }).deadline).toBe("2025-11-04");
    // A calendar without holidays: Wed 10-01, 02, 03, 06, 07, 08, Thu 10-09 (7).
    const plain = createWorkCalendar({ name: "weekdays", source: "test", years: [{ year: 2025, off: [], workdays: [] }] });
    expect(fileObjection({ ...filing, receivedAt: "2025-09-30" }, { calendar: plain }).deadline).toBe("2025-10-09");
  });

  it("rejects bad filings, and a deadline outside the calendar's data", () => {
    expect(() => fileObjection({ ...filing, receivedAt: "2025-02-29" })).toThrow(CreditGradingError);
    expect(() => fileObjection({ ...filing, subjectId: "", receivedAt: "2025-09-30" })).toThrow(/subjectId/);
    expect(() => fileObjection({ ...filing, disputed: { kind: "record", recordId: "" }, receivedAt: "2025-09-30" })).toThrow(/disputed/);
    expect(() => fileObjection({ ...filing, receivedAt: "2025-09-30" }, { workingDays: 0 })).toThrow(/workingDays/);
    // Mon 2026-12-28: 29, 30, 31, then 2027 has no schedule yet.
    expect(() => fileObjection({ ...filing, receivedAt: "2026-12-28" })).toThrow(expect.objectContaining({ code: "OUT_OF_CALENDAR" }));
  });
});

describe("overdueObjections", () => {
  const a = fileObjection({ subjectId: "s-a", decisionId: "d-a", disputed: { kind: "result" }, receivedAt: "2025-09-30" }); // deadline 10-16
  // Thu 10-09: 10-10 (1), Sat 10-11 (2), 10-13..10-17 (3–7) → Fri 10-17.
  const b = fileObjection({ subjectId: "s-b", decisionId: "d-b", disputed: { kind: "record", recordId: "p1" }, receivedAt: "2025-10-09" });
  const decided: Objection = { ...fileObjection({ subjectId: "s-c", decisionId: "d-c", disputed: { kind: "result" }, receivedAt: "2025-09-26" }), status: "rejected", decidedAt: "2025-10-20", late: true, reason: "no error found" };

  it("lists pending objections past their deadline, most overdue first", () => {
    expect(b.deadline).toBe("2025-10-17");
    expect(overdueObjections([b, decided, a], "2025-10-20").map((x) => [x.objection.subjectId, x.daysOverdue])).toEqual([
      ["s-a", 4],
      ["s-b", 3],
    ]);
  });

  it("the deadline day itself is still on time", () => {
    expect(overdueObjections([a, b], "2025-10-16")).toEqual([]);
    expect(overdueObjections([a, b], "2025-10-17").map((x) => x.objection.subjectId)).toEqual(["s-a"]);
  });
});

describe("decideObjection", () => {
  // Version 1.0.0 graded 2025; version 2.0.0 (from 2026) raised band B's lower bound to 85.
  const v1doc: Ruleset = { ...recordsRuleset(), effective: { from: "2025-01-01", to: "2025-12-31" } };
  const v2doc: Ruleset = {
    ...recordsRuleset(),
    version: "2.0.0",
    effective: { from: "2026-01-01" },
    bands: [
      { grade: "A", min: 90, max: 100 },
      { grade: "B", min: 85, max: 90 },
      { grade: "C", min: 60, max: 85 },
      { grade: "D", min: 40, max: 60 },
      { grade: "E", min: 0, max: 40 },
    ],
  };
  const v1 = compileRuleset(v1doc);
  const v2 = compileRuleset(v2doc);
  const asked: [string, string][] = [];
  const resolve = (scheme: string, asOf: string): CompiledRuleset => {
    asked.push([scheme, asOf]);
    return asOf <= "2025-12-31" ? v1 : v2;
  };

  // years 5 → 10 points; one general penalty → 40; no commitments → 30: 80. The serious-dishonesty
  // list entry l1 was recorded against the wrong subject; while it stands, set-grade E applies.
  const wrong: Subject = {
    id: "s-1",
    inputs: { years: 5 },
    records: [
      { id: "p1", type: "penalty", date: "2025-03-01", severity: "general", amount: 5000 },
      { id: "l1", type: "list-entry", date: "2025-06-01", list: "serious-dishonesty" },
    ],
  };
  const corrected: Subject = { ...wrong, records: wrong.records!.filter((r) => r.id !== "l1") };
  const original = toDecisionRecord(resolve("fixture-records", "2025-12-31").evaluate(wrong, { asOf: "2025-12-31" }), wrong, { decidedAt: "2026-01-05" });
  // Received Mon 2026-01-05: 01-06, 07, 08, 09 (4), Mon 01-12 (5), 13 (6), Wed 01-14 (7).
  const objection = fileObjection({ subjectId: "s-1", decisionId: original.decisionId, disputed: { kind: "record", recordId: "l1" }, receivedAt: "2026-01-05" });

  it("the original is E with its restrictions", () => {
    expect(original).toMatchObject({ grade: "E", score: 80, measures: E_MEASURES, ruleset: { version: "1.0.0" } });
    expect(objection.deadline).toBe("2026-01-14");
  });

  it("upheld in 2026: re-evaluated under 1.0.0 for the 2025 period, superseding the original, terminating the E measures", () => {
    asked.length = 0;
    const d = decideObjection(objection, original, { upheld: true, corrected }, { resolve, decidedAt: "2026-01-13" });
    expect(asked).toEqual([["fixture-records", "2025-12-31"]]);
    if (!d.upheld) throw new Error("expected upheld");
    // Under 1.0.0, 80 is B [75, 90); under 2.0.0 it would be C [60, 85).
    expect(d.evaluation).toMatchObject({ grade: "B", score: 80, asOf: "2025-12-31", ruleset: { version: "1.0.0" } });
    expect(v2.evaluate(corrected, { asOf: "2026-01-13" }).grade).toBe("C");
    expect(d.record).toMatchObject({
      cause: "objection",
      supersedes: original.decisionId,
      asOf: "2025-12-31",
      decidedAt: "2026-01-13",
      grade: "B",
      ruleset: { version: "1.0.0", contentHash: original.ruleset.contentHash },
      measures: B_MEASURES,
    });
    expect(d.record.note).toBe(`objection ${objection.objectionId} on record l1 upheld`);
    expect(d.record).not.toHaveProperty("input"); // the original did not keep its input
    expect(d.measures).toEqual({ terminate: E_MEASURES, start: B_MEASURES, keep: [] });
    expect(d.objection).toMatchObject({ status: "upheld", decidedAt: "2026-01-13", late: false, newDecisionId: d.record.decisionId, deadline: "2026-01-14" });
  });

  it("decided after the deadline: allowed, flagged late", () => {
    const d = decideObjection(objection, original, { upheld: true, corrected }, { resolve, decidedAt: "2026-01-15" });
    expect(d.objection.late).toBe(true);
    expect(d.upheld && d.record.note).toBe(`objection ${objection.objectionId} on record l1 upheld after the deadline 2026-01-14`);
  });

  it("rejected: the reason is recorded and nothing is re-evaluated", () => {
    asked.length = 0;
    const d = decideObjection(objection, original, { upheld: false, reason: "the list entry was verified with the issuing court" }, { resolve, decidedAt: "2026-01-09" });
    expect(d).toEqual({
      upheld: false,
      objection: { ...objection, status: "rejected", decidedAt: "2026-01-09", late: false, reason: "the list entry was verified with the issuing court" },
    });
    expect(asked).toEqual([]);
  });

  it("refuses what does not fit", () => {
    const opts = { resolve, decidedAt: "2026-01-13" };
    const upheld = { upheld: true as const, corrected };
    // Already decided.
    const done = decideObjection(objection, original, { upheld: false, reason: "no" }, opts).objection;
    expect(() => decideObjection(done, original, upheld, opts)).toThrow(/already decided/);
    // Another decision, another subject.
    expect(() => decideObjection({ ...objection, decisionId: "d-other" }, original, upheld, opts)).toThrow(/disputes d-other/);
    expect(() => decideObjection(objection, original, { upheld: true, corrected: { ...corrected, id: "s-2" } }, opts)).toThrow(/corrected subject/);
    // Decided before it was received; received before the decision existed.
    expect(() => decideObjection(objection, original, upheld, { resolve, decidedAt: "2026-01-04" })).toThrow(/decidedAt/);
    expect(() => decideObjection({ ...objection, receivedAt: "2026-01-02" }, original, upheld, opts)).toThrow(/before the disputed decision/);
    // A rejection without a reason.
    expect(() => decideObjection(objection, original, { upheld: false, reason: " " }, opts)).toThrow(/reason/);
    // A resolve that returns another version than the one recorded for the period.
    expect(() => decideObjection(objection, original, upheld, { resolve: () => v2, decidedAt: "2026-01-13" })).toThrow(/fixture-records@2\.0\.0/);
  });

  it("keeps the corrected input when the original kept its input", () => {
    const kept = toDecisionRecord(v1.evaluate(wrong, { asOf: "2025-12-31" }), wrong, { decidedAt: "2026-01-05", includeInput: true });
    const o = fileObjection({ subjectId: "s-1", decisionId: kept.decisionId, disputed: { kind: "result" }, receivedAt: "2026-01-06" });
    const d = decideObjection(o, kept, { upheld: true, corrected }, { resolve: () => v1, decidedAt: "2026-01-07" });
    expect(d.upheld && d.record.input).toEqual(corrected);
  });
});
