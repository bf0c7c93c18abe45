/**
 * Credit repair (信用修复, R14): eligibility once the minimum publicity period (最短公示期) of
 * the record's severity has passed (国办发〔2025〕22号: general 3 months, serious 1 year, minor
 * at once; or the ruleset's own periods), the refusals, and the repair itself — the record left
 * out, the subject re-graded, the measures that end and start. Grades worked out by hand.
 */
import { describe, expect, it } from "vitest";
import {
  checkRepairEligibility,
  compileRuleset,
  CreditGradingError,
  RepairRefusedError,
  repairRecord,
  type Subject,
  toDecisionRecord,
} from "../src/index.js";
import { recordsRuleset } from "./fixtures.js";

const compiled = compileRuleset(recordsRuleset());
const B_MEASURES = ["green-channel", "rongque-acceptance", "gaozhi-chengnuo", "simplified-procedure", "reduced-inspection", "xinyidai-preference", "xinyijia-representative"];

// years 5 → 10 points; two general penalties → 50 − 20 = 30; no commitments → 30. Total 70,
// repeat-offender (≥ 2 general penalties) −10 → 60: C [60, 75).
const subject: Subject = {
  id: "s-1",
  inputs: { years: 5 },
  records: [
    { id: "p1", type: "penalty", date: "2025-01-10", severity: "general", amount: 5000 },
    { id: "p2", type: "penalty", date: "2025-02-20", severity: "general", amount: 3000 },
  ],
};
const withRecord = (r: Record<string, unknown>): Subject => ({ ...subject, records: [...subject.records!, { id: "x", type: "penalty", date: "2025-01-10", amount: 100, ...r }] });

describe("checkRepairEligibility", () => {
  it("a general penalty of 2025-01-10 is repairable from 2025-04-10 (3 months)", () => {
    expect(checkRepairEligibility(subject, "p1", "2025-04-10", compiled)).toEqual({ eligible: true, recordId: "p1", applicationDate: "2025-04-10", severity: "general", repairableFrom: "2025-04-10" });
    expect(checkRepairEligibility(subject, "p1", "2025-09-01", compiled).eligible).toBe(true);
  });

  it("refused the day before, with that earliest date", () => {
    expect(checkRepairEligibility(subject, "p1", "2025-04-09", compiled)).toEqual({
      eligible: false,
      recordId: "p1",
      applicationDate: "2025-04-09",
      refusal: "TOO_EARLY",
      reason: "the minimum publicity period of a general record dated 2025-01-10 runs until 2025-04-10",
      earliestDate: "2025-04-10",
    });
  });

  it("serious: 1 year; minor: at once", () => {
    const serious = withRecord({ severity: "serious" });
    expect(checkRepairEligibility(serious, "x", "2025-12-31", compiled)).toMatchObject({ eligible: false, refusal: "TOO_EARLY", earliestDate: "2026-01-10" });
    expect(checkRepairEligibility(serious, "x", "2026-01-10", compiled).eligible).toBe(true);
    expect(checkRepairEligibility(withRecord({ severity: "minor" }), "x", "2025-01-10", compiled)).toMatchObject({ eligible: true, repairableFrom: "2025-01-10" });
  });

  it("follows the ruleset's own publicity periods", () => {
    const doc = recordsRuleset();
    doc.records!.publicity = [{ severity: "general", min: "P6M", max: "P2Y" }];
    const own = compileRuleset(doc);
    // 2025-01-10 + 6 months = 2025-07-10.
    expect(checkRepairEligibility(subject, "p1", "2025-04-10", own)).toMatchObject({ eligible: false, refusal: "TOO_EARLY", earliestDate: "2025-07-10" });
  });

  it("refuses a missing, repaired, revoked or no longer counted record, with no earliest date", () => {
    const check = (s: Subject, id: string, date = "2025-06-01") => checkRepairEligibility(s, id, date, compiled);
    expect(check(subject, "nope")).toMatchObject({ refusal: "RECORD_NOT_FOUND", earliestDate: null });
    expect(check(withRecord({ severity: "general", repairedAt: "2025-05-01" }), "x")).toMatchObject({ refusal: "ALREADY_REPAIRED", reason: "the record was repaired on 2025-05-01", earliestDate: null });
    expect(check(withRecord({ severity: "general", revokedAt: "2025-05-01" }), "x")).toMatchObject({ refusal: "REVOKED", earliestDate: null });
    // A general penalty of 2024-01-10 counts through 2025-01-09 (1 year).
    expect(check(withRecord({ date: "2024-01-10", severity: "general" }), "x", "2025-03-01")).toMatchObject({
      refusal: "NO_LONGER_COUNTS",
      reason: "its publicity ended: it stopped counting on 2025-01-10",
      earliestDate: null,
    });
    expect(check(withRecord({ type: "complaint" }), "x")).toMatchObject({ refusal: "NO_LONGER_COUNTS" });
    // null means "no value", not repaired.
    expect(check(withRecord({ severity: "general", repairedAt: null, revokedAt: null }), "x").eligible).toBe(true);
  });

  it("rejects an application date that is not a date", () => {
    expect(() => checkRepairEligibility(subject, "p1", "2025-04-31", compiled)).toThrow(CreditGradingError);
  });
});

describe("repairRecord", () => {
  const previous = toDecisionRecord(compiled.evaluate(subject, { asOf: "2025-03-31" }), subject, { decidedAt: "2025-04-01" });

  it("leaves the repaired record out, re-grades and lists the measures that end and start", () => {
    expect(previous).toMatchObject({ grade: "C", score: 60, measures: ["normal-sampling", "warning-reminder"] });
    const r = repairRecord(subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-11", previous });
    // p1 left out: one general penalty → 40; 10 + 40 + 30 = 80, no repeat-offender: B [75, 90).
    expect(r.evaluation).toMatchObject({ asOf: "2025-04-10", grade: "B", score: 80 });
    expect(r.evaluation.excludedRecords).toEqual([{ recordId: "p1", type: "penalty", date: "2025-01-10", reason: "REPAIRED", since: "2025-04-10" }]);
    expect(r.record).toMatchObject({ cause: "repair", supersedes: previous.decisionId, asOf: "2025-04-10", decidedAt: "2025-04-11", grade: "B", note: "record p1 repaired on 2025-04-10" });
    expect(r.measures).toEqual({ terminate: ["normal-sampling", "warning-reminder"], start: B_MEASURES, keep: [] });
    expect(r.eligibility).toMatchObject({ eligible: true, repairableFrom: "2025-04-10" });
    // A copy: the record is marked repaired there, not in the input.
    expect(r.subject.records![0]).toEqual({ ...subject.records![0], repairedAt: "2025-04-10" });
    expect(r.subject.records![1]).toBe(subject.records![1]);
    expect(subject.records![0]!.repairedAt).toBeUndefined();
  });

  it("without a previous decision, compares with the unrepaired subject on the same day", () => {
    const r = repairRecord(subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-10" });
    expect(r.record).not.toHaveProperty("supersedes");
    expect(r.measures).toEqual({ terminate: ["normal-sampling", "warning-reminder"], start: B_MEASURES, keep: [] });
  });

  it("repairing both penalties: 10 + 50 + 30 = 90, A; B's measures continue", () => {
    const first = repairRecord(subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-11", previous });
    // p2 (2025-02-20) is repairable from 2025-05-20.
    const second = repairRecord(first.subject, "p2", "2025-05-20", compiled, { decidedAt: "2025-05-21", previous: first.record });
    expect(second.evaluation).toMatchObject({ grade: "A", score: 90 });
    expect(second.record.supersedes).toBe(first.record.decisionId);
    expect(second.measures).toEqual({ terminate: [], start: [], keep: B_MEASURES }); // A and B carry the same default measures
  });

  it("throws the refusal when the record cannot be repaired yet", () => {
    try {
      repairRecord(subject, "p1", "2025-04-09", compiled, { decidedAt: "2025-04-09" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RepairRefusedError);
      expect(e).toMatchObject({ code: "REPAIR_REFUSED", eligibility: { refusal: "TOO_EARLY", earliestDate: "2025-04-10" } });
      expect((e as Error).message).toBe("repair of record p1 refused (TOO_EARLY): the minimum publicity period of a general record dated 2025-01-10 runs until 2025-04-10");
    }
  });

  it("refuses an as-of date before the repair, a decision before it, and a previous decision of another subject", () => {
    expect(() => repairRecord(subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-11", asOf: "2025-04-09" })).toThrow(/asOf/);
    expect(() => repairRecord(subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-09" })).toThrow(/decidedAt/);
    expect(() => repairRecord(subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-11", previous: { ...previous, subjectId: "s-2" } })).toThrow(/s-2/);
  });

  it("keeps the repaired subject in the record when asked, or when the previous one kept its input", () => {
    const kept = toDecisionRecord(compiled.evaluate(subject, { asOf: "2025-03-31" }), subject, { decidedAt: "2025-04-01", includeInput: true });
    const r = repairRecord(subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-11", previous: kept });
    expect(r.record.input).toEqual(r.subject);
    expect(repairRecord(subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-11", includeInput: true }).record.input).toEqual(r.subject);
  });
});
