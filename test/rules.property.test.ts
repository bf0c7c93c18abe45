/**
 * Properties of rules and records that must hold for every subject (fast-check):
 * a cap never raises a grade; leaving out a repaired record never lowers the grade; every
 * subject of a batch comes out as exactly one result or rejection.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRuleset, type CompiledRuleset, type CreditRecord, type Evaluation, type Grade, gradeRank, GRADES, type RuleDef } from "../src/index.js";
import { addDays, daysBetween } from "../src/base/date.js";
import { recordsRuleset } from "./fixtures.js";

const AS_OF = "2025-06-30";
const ASOF = { asOf: AS_OF };
const RUNS = { numRuns: 300 };
const base = compileRuleset(recordsRuleset());

// ---------------------------------------------------------------- arbitraries

/** A date from about four years before asOf up to asOf. */
const pastDate = fc.integer({ min: 0, max: 4 * 366 }).map((back) => addDays(AS_OF, -back));
const severity = fc.constantFrom("minor" as const, "general" as const, "serious" as const);
const penalty = fc.record({
  type: fc.constant("penalty"),
  date: pastDate,
  severity,
  amount: fc.oneof(fc.integer({ min: 0, max: 60000 }), fc.constant(100000)),
});
const listEntry = fc.record({ type: fc.constant("list-entry"), date: pastDate, list: fc.constantFrom("serious-dishonesty", "abnormal-operation") });
const commitment = fc.record({
  type: fc.constant("commitment"),
  date: pastDate,
  kind: fc.constantFrom("tax", "quality", "other"),
  // Due dates around asOf: some in the last 3 years, some later, a few older.
  due: fc.integer({ min: -200, max: 4 * 366 }).map((back) => addDays(AS_OF, -back)),
  honoured: fc.boolean(),
});
const records = fc
  .array(fc.oneof(penalty, penalty, listEntry, commitment, commitment), { maxLength: 8 })
  .map((rs) => rs.map((r, i) => ({ id: `r${i}`, ...r }) as CreditRecord));
const years = fc.oneof(fc.integer({ min: 0, max: 12 }), fc.double({ min: 0, max: 12, noNaN: true, noDefaultInfinity: true }));
const scoredSubject = fc.record({ id: fc.constant("S"), inputs: fc.record({ years }), records });
/** Any subject of the fixture's shape, including one without a score and one under investigation. */
const anySubject = fc.record({
  id: fc.constant("S"),
  inputs: fc.record({ years: fc.option(years, { nil: null }), underInvestigation: fc.option(fc.boolean(), { nil: undefined, freq: 2 }) }, { requiredKeys: ["years"] }),
  records,
});

/** Rank with "not gradable" worst of all. */
const rank = (e: Evaluation): number => (e.grade === null ? GRADES.length : gradeRank(e.grade));

// ---------------------------------------------------------------- a cap never raises a grade

/** Conditions for an added cap: always true, or true for some subjects only. */
const CAP_CONDITIONS: RuleDef["conditions"][] = [
  { all: [{ fact: "asOf", operator: "equal", value: AS_OF }] },
  { all: [{ fact: "penaltiesGeneral3y", operator: "greaterThanInclusive", value: 1 }] },
  { any: [{ fact: "honourRate", operator: "lessThan", value: 0.7 }, { fact: "scoreGrade", operator: "equal", value: "A" }] },
  { all: [{ fact: "score", operator: "lessThan", value: 80 }] },
];
const withCap = new Map<string, CompiledRuleset>();
for (const grade of GRADES) {
  CAP_CONDITIONS.forEach((conditions, i) => {
    const r = recordsRuleset();
    r.rules!.push({ id: "extra-cap", reason: { zh: "上限", en: "cap" }, legalBasis: "property test", conditions, effect: { type: "cap", grade } });
    withCap.set(`${grade}${i}`, compileRuleset(r));
  });
}

describe("a cap never raises a grade", () => {
  it("adding a cap rule never gives a better grade; when it fires the grade is no better than the cap", () => {
    fc.assert(
      fc.property(anySubject, fc.constantFrom(...GRADES), fc.integer({ min: 0, max: CAP_CONDITIONS.length - 1 }), (s, cap: Grade, i) => {
        const without = base.evaluate(s, ASOF);
        const capped = withCap.get(`${cap}${i}`)!.evaluate(s, ASOF);
        expect(rank(capped)).toBeGreaterThanOrEqual(rank(without));
        const fired = capped.rules.some((r) => r.id === "extra-cap");
        if (fired && capped.grade !== null) expect(gradeRank(capped.grade)).toBeGreaterThanOrEqual(gradeRank(cap));
        if (!fired) expect(capped.grade).toBe(without.grade);
        // A cap changes neither the score nor whether the subject is gradable.
        expect(capped.score).toBe(without.score);
        expect(capped.gradable).toBe(without.gradable);
      }),
      RUNS,
    );
  });

  it("a cap that always fires: the grade is the worse of the grade without it and the cap", () => {
    fc.assert(
      fc.property(scoredSubject, fc.constantFrom(...GRADES), (s, cap: Grade) => {
        const without = base.evaluate(s, ASOF);
        const capped = withCap.get(`${cap}0`)!.evaluate(s, ASOF);
        expect(capped.rules.some((r) => r.id === "extra-cap")).toBe(true);
        expect(capped.grade).toBe(GRADES[Math.max(gradeRank(without.grade!), gradeRank(cap))]);
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------- repair never lowers a grade

/**
 * In the records fixture a penalty and a list entry only cost points or trigger a restriction
 * (set-grade E, cap, −10), and a commitment that was not honoured only lowers the honoured
 * ratio. Leaving out any of them can only help. (An honoured commitment helps the subject,
 * and repair, 信用修复, is never applied to one, so it is not picked.)
 */
const repairable = (r: CreditRecord): boolean => r.type !== "commitment" || r["honoured"] === false;

describe("leaving out a repaired record never lowers the grade", () => {
  it("mark a random penalty, list entry or unhonoured commitment repaired on or before asOf", () => {
    fc.assert(
      fc.property(scoredSubject, fc.nat(), fc.nat(), (s, pick, when) => {
        const candidates = s.records.map((r, i) => [r, i] as const).filter(([r]) => repairable(r));
        fc.pre(candidates.length > 0);
        const [rec, index] = candidates[pick % candidates.length]!;
        // A repair date between the record's date and asOf, both included.
        const repairedAt = addDays(rec.date, when % (daysBetween(rec.date, AS_OF) + 1));
        const repaired = { ...s, records: s.records.map((r, i) => (i === index ? { ...r, repairedAt } : r)) };

        const before = base.evaluate(s, ASOF);
        const after = base.evaluate(repaired, ASOF);
        expect(after.gradable && before.gradable).toBe(true);
        expect(gradeRank(after.grade!)).toBeLessThanOrEqual(gradeRank(before.grade!));
        expect(after.score!).toBeGreaterThanOrEqual(before.score!);
        // The repaired record is listed as left out (unless it already was, e.g. its publicity had ended).
        const listed = after.excludedRecords.find((x) => x.recordId === rec.id);
        expect(listed).toBeDefined();
        if (!before.excludedRecords.some((x) => x.recordId === rec.id)) expect(listed).toMatchObject({ reason: "REPAIRED", since: repairedAt });
      }),
      RUNS,
    );
  });

  it("repairing every repairable record never lowers the grade either", () => {
    fc.assert(
      fc.property(scoredSubject, (s) => {
        const repaired = { ...s, records: s.records.map((r) => (repairable(r) ? { ...r, repairedAt: AS_OF } : r)) };
        expect(rank(base.evaluate(repaired, ASOF))).toBeLessThanOrEqual(rank(base.evaluate(s, ASOF)));
      }),
      RUNS,
    );
  });
});

// ---------------------------------------------------------------- batches

/** Subjects that are sometimes fine and sometimes broken in the ways hosts break them. */
const batchItem = fc.oneof(
  anySubject.map((s): unknown => s),
  fc.record({ id: fc.string({ maxLength: 3 }), inputs: fc.record({ years: fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constant("7")) }) }),
  fc.record({
    id: fc.constantFrom("X", ""),
    inputs: fc.constant({ years: 1 }),
    records: fc.constantFrom<unknown>(
      [{ id: "a", type: "fine", date: "2025-01-01" }],
      [{ id: "a", type: "penalty", date: "2025-02-30", severity: "general", amount: 1 }],
      [{ id: "a", type: "penalty", date: "2025-01-01", severity: "general", amount: 1 }, { id: "a", type: "penalty", date: "2025-01-02", severity: "minor", amount: 1 }],
      "not an array",
      [],
    ),
  }),
  fc.constantFrom<unknown>(null, 42, "S", [], {}),
);

describe("every subject of a batch comes out as exactly one result or rejection", () => {
  it("in order, with its index, agreeing with safeEvaluate", () => {
    fc.assert(
      fc.property(fc.array(batchItem, { maxLength: 12 }), fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), (items, renumber) => {
        // Give some items distinct ids, so that the subjectId of each rejection is told apart.
        const batch = items.map((x, i) =>
          renumber[i] === true && x !== null && typeof x === "object" && !Array.isArray(x) && "inputs" in x ? { ...x, id: `B${i}` } : x,
        );
        const out = [...base.evaluateMany(batch, ASOF)];
        expect(out.map((o) => o.index)).toEqual(batch.map((_, i) => i));
        out.forEach((o, i) => {
          const single = base.safeEvaluate(batch[i], ASOF);
          expect(o.ok).toBe(single.success);
          if (o.ok) {
            expect(single.success && single.data).toEqual(o.evaluation);
          } else {
            expect(o.error.code).toBe("SUBJECT_INVALID");
            const raw = batch[i] as { id?: unknown } | null;
            const id = raw !== null && typeof raw === "object" && typeof raw.id === "string" && raw.id !== "" ? raw.id : undefined;
            expect(o.subjectId).toBe(id);
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});
