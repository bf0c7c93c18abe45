/**
 * Decision records (决定记录): the fields frozen from an evaluation, the derived id, the kept
 * input, and `replay` reproducing a record or naming what changed. Expected values are worked
 * out by hand on the records fixture (see test/fixtures.ts).
 */
import { describe, expect, it } from "vitest";
import { compileRuleset, CreditGradingError, hashJson, replay, type Subject, toDecisionRecord, VERSION } from "../src/index.js";
import { recordsRuleset, weightsRuleset } from "./fixtures.js";

const compiled = compileRuleset(recordsRuleset());
// years 6 → age 12 of 20; one general penalty → 50 − 10 = 40; nothing due → honourRate 1 → 30.
// Total 82 → B [75, 90); no rule fires (one general penalty, 5000 in fines, no commitments).
const subject: Subject = {
  id: "s-1",
  inputs: { years: 6 },
  records: [{ id: "p1", type: "penalty", date: "2025-03-01", severity: "general", amount: 5000 }],
};
const B_MEASURES = ["green-channel", "rongque-acceptance", "gaozhi-chengnuo", "simplified-procedure", "reduced-inspection", "xinyidai-preference", "xinyijia-representative"];
const evaluation = compiled.evaluate(subject, { asOf: "2025-12-31" });

describe("toDecisionRecord", () => {
  it("freezes the evaluation's outcome with its ruleset, period and decision date", () => {
    const rec = toDecisionRecord(evaluation, subject, { decidedAt: "2026-01-15" });
    expect(rec).toMatchObject({
      recordVersion: 1,
      subjectId: "s-1",
      ruleset: { id: "fixture-records", scheme: "fixture-records", version: "1.0.0", contentHash: compiled.ref.contentHash },
      libraryVersion: VERSION,
      asOf: "2025-12-31",
      decidedAt: "2026-01-15",
      inputHash: hashJson(subject),
      score: 82,
      grade: "B",
      label: "B", // no published labels: the label is the grade
      class: "trustworthy",
      decidedBy: "score",
      measures: B_MEASURES,
      // penalties lose 10 (one general penalty), age loses 8 (6 of 10 years × 2); commitments lose none.
      reasons: [
        { indicator: "penalties", pointsLost: 10 },
        { indicator: "age", pointsLost: 8 },
      ],
      rulesFired: [],
      excludedRecords: [],
      cause: "evaluation",
    });
    expect(rec.decisionId).toMatch(/^d-[0-9a-f]{24}$/);
    expect(rec).not.toHaveProperty("input");
    expect(rec).not.toHaveProperty("supersedes");
  });

  it("keeps cause, supersession, note and a given id", () => {
    const rec = toDecisionRecord(evaluation, subject, { decidedAt: "2026-01-15", cause: "correction", supersedes: "d-old", note: "typo", decisionId: "D-2026-001" });
    expect(rec).toMatchObject({ decisionId: "D-2026-001", cause: "correction", supersedes: "d-old", note: "typo" });
  });

  it("rejects a decision date before the evaluated period, and a non-date", () => {
    expect(() => toDecisionRecord(evaluation, subject, { decidedAt: "2025-12-30" })).toThrow(CreditGradingError);
    expect(() => toDecisionRecord(evaluation, subject, { decidedAt: "2026-02-30" })).toThrow(/decidedAt/);
    // The as-of day itself is allowed.
    expect(toDecisionRecord(evaluation, subject, { decidedAt: "2025-12-31" }).decidedAt).toBe("2025-12-31");
  });

  it("derives the same id from the same content, and another from another date", () => {
    const a = toDecisionRecord(evaluation, subject, { decidedAt: "2026-01-15" });
    const b = toDecisionRecord(compiled.evaluate(structuredClone(subject), { asOf: "2025-12-31" }), structuredClone(subject), { decidedAt: "2026-01-15" });
    const c = toDecisionRecord(evaluation, subject, { decidedAt: "2026-01-16" });
    expect(b.decisionId).toBe(a.decisionId);
    expect(c.decisionId).not.toBe(a.decisionId);
  });

  it("keeps a copy of the input only when asked", () => {
    const rec = toDecisionRecord(evaluation, subject, { decidedAt: "2026-01-15", includeInput: true });
    expect(rec.input).toEqual(subject);
    expect(rec.input).not.toBe(subject);
    expect(hashJson(rec.input)).toBe(rec.inputHash);
  });
});

describe("hashJson", () => {
  it("ignores key order and is sha256-shaped", () => {
    expect(hashJson({ b: 1, a: 2 })).toBe(hashJson({ a: 2, b: 1 }));
    expect(hashJson({ a: 1 })).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hashJson({ a: 1 })).not.toBe(hashJson({ a: 2 }));
  });
});

describe("replay", () => {
  const rec = toDecisionRecord(evaluation, subject, { decidedAt: "2026-01-15", includeInput: true });

  it("reproduces a record from the kept input, or from the input given", () => {
    const r = replay(rec, compiled);
    expect(r.ok).toBe(true);
    expect(r.ok && r.evaluation.grade).toBe("B");
    expect(replay(toDecisionRecord(evaluation, subject, { decidedAt: "2026-01-15" }), compiled, subject).ok).toBe(true);
  });

  it("reports RULESET_CHANGED for another ruleset", () => {
    const other = compileRuleset(weightsRuleset());
    const r = replay(rec, other);
    expect(r).toMatchObject({ ok: false, reason: "RULESET_CHANGED", differences: [{ field: "ruleset.contentHash", recorded: compiled.ref.contentHash, now: other.ref.contentHash }] });
  });

  it("reports RULESET_CHANGED for the same ruleset with one band moved", () => {
    const doc = recordsRuleset();
    doc.bands[1]!.min = 80;
    doc.bands[2]!.max = 80;
    expect(replay(rec, compileRuleset(doc))).toMatchObject({ ok: false, reason: "RULESET_CHANGED" });
  });

  it("reports INPUT_CHANGED for a changed subject, and for a record without its input", () => {
    const changed = { ...subject, inputs: { years: 7 } };
    expect(replay(rec, compiled, changed)).toMatchObject({ ok: false, reason: "INPUT_CHANGED", differences: [{ field: "inputHash", recorded: rec.inputHash, now: hashJson(changed) }] });
    const bare = toDecisionRecord(evaluation, subject, { decidedAt: "2026-01-15" });
    expect(replay(bare, compiled)).toMatchObject({ ok: false, reason: "INPUT_CHANGED" });
  });

  it("reports RESULT_CHANGED, field by field, when a recorded outcome was edited", () => {
    const edited = { ...rec, grade: "A" as const, score: 91 };
    const r = replay(edited, compiled);
    expect(r).toMatchObject({
      ok: false,
      reason: "RESULT_CHANGED",
      differences: [
        { field: "score", recorded: 91, now: 82 },
        { field: "grade", recorded: "A", now: "B" },
      ],
    });
    expect(!r.ok && r.evaluation?.grade).toBe("B");
  });
});
