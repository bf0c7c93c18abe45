/**
 * The audit trail holds for every history (fast-check): for any sequence of credit repairs
 * (信用修复) and upheld objections (异议) on a subject of the records fixture, the last
 * re-evaluation equals a fresh evaluation of the records as corrected (tracked here
 * independently of the library), each decision supersedes the one before, and the decision
 * log with every record appended in order verifies.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkRepairEligibility,
  compileRuleset,
  createWorkCalendar,
  type CreditRecord,
  DecisionLog,
  type DecisionRecord,
  decideObjection,
  type DisputedItem,
  type Evaluation,
  fileObjection,
  hashJson,
  MemoryLogStorage,
  repairRecord,
  type Subject,
  toDecisionRecord,
} from "../src/index.js";
import { addDays } from "../src/base/date.js";
import { compileLifetime } from "../src/engine/lifetime.js";
import { recordsRuleset } from "./fixtures.js";

const compiled = compileRuleset(recordsRuleset());
const lifetime = compileLifetime(compiled.ruleset.records!.types, compiled.ruleset.records!.publicity);
// Weekdays only: the deadlines do not matter here, and histories run past the shipped years.
const calendar = createWorkCalendar({ name: "weekdays", source: "test", years: [2025, 2026, 2027, 2028].map((year) => ({ year, off: [], workdays: [] })) });
const FIRST_AS_OF = "2025-07-01";
const later = (date: string, other: string): string => (date > other ? date : other);

// ---------------------------------------------------------------- arbitraries

/** A date from 2024-01-01 to 2025-06-30: some records' publicity has ended, most count. */
const recordDate = fc.integer({ min: 0, max: 546 }).map((d) => addDays("2024-01-01", d));
const severity = fc.constantFrom("minor" as const, "general" as const, "serious" as const);
const penalty = fc.record({ type: fc.constant("penalty"), date: recordDate, severity, amount: fc.oneof(fc.integer({ min: 0, max: 60000 }), fc.constant(100000)) });
const listEntry = fc.record({ type: fc.constant("list-entry"), date: recordDate, list: fc.constantFrom("serious-dishonesty", "abnormal-operation") });
const commitment = fc.record({ type: fc.constant("commitment"), date: recordDate, due: recordDate, honoured: fc.boolean() });
const records = fc
  .array(fc.oneof(penalty, penalty, listEntry, commitment), { maxLength: 6 })
  .map((rs) => rs.map((r, i) => ({ id: `r${i}`, ...r }) as CreditRecord));

type Fix = { kind: "drop" } | { kind: "severity"; severity: "minor" | "general" | "serious" } | { kind: "amount"; amount: number } | { kind: "honoured"; honoured: boolean } | { kind: "years"; years: number };
const fix: fc.Arbitrary<Fix> = fc.oneof(
  fc.constant({ kind: "drop" as const }),
  severity.map((s) => ({ kind: "severity" as const, severity: s })),
  fc.integer({ min: 0, max: 150000 }).map((a) => ({ kind: "amount" as const, amount: a })),
  fc.boolean().map((h) => ({ kind: "honoured" as const, honoured: h })),
  fc.integer({ min: 0, max: 12 }).map((y) => ({ kind: "years" as const, years: y })),
);
type Step = { kind: "repair"; pick: number; wait: number } | { kind: "objection"; pick: number; fix: Fix; wait: number; decideAfter: number };
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("repair" as const), pick: fc.nat(), wait: fc.integer({ min: 0, max: 40 }) }),
  fc.record({ kind: fc.constant("objection" as const), pick: fc.nat(), fix, wait: fc.integer({ min: 0, max: 10 }), decideAfter: fc.integer({ min: 0, max: 12 }) }),
);
const history = fc.record({
  years: fc.integer({ min: 0, max: 12 }),
  // Now and then under investigation: not gradable, no measures.
  underInvestigation: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
  records,
  steps: fc.array(step, { minLength: 1, maxLength: 6 }),
});

// ---------------------------------------------------------------- the model

/** Applies a correction to a subject without touching it: the host's edit of its data. */
function corrected(s: Subject, f: Fix, recordId: string | undefined): Subject {
  if (f.kind === "years" || recordId === undefined) return { ...s, inputs: { ...s.inputs, years: f.kind === "years" ? f.years : 3 } };
  const recs = s.records ?? [];
  if (f.kind === "drop") return { ...s, records: recs.filter((r) => r.id !== recordId) };
  return {
    ...s,
    records: recs.map((r) => {
      if (r.id !== recordId) return r;
      if (f.kind === "severity" && r.type === "penalty") return { ...r, severity: f.severity };
      if (f.kind === "amount" && r.type === "penalty") return { ...r, amount: f.amount };
      if (f.kind === "honoured" && r.type === "commitment") return { ...r, honoured: f.honoured };
      return { ...r, date: addDays(r.date, -1) }; // a fix that does not fit the type: the date was off by a day
    }),
  };
}

describe("repairs and objections", () => {
  it("the last re-evaluation equals a fresh evaluation of the corrected records, and the log verifies", async () => {
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        // The model: records and inputs as the host knows them, kept apart from what the library returns.
        let model: { years: number; records: CreditRecord[] } = { years: h.years, records: h.records.map((r) => ({ ...r })) };
        const modelSubject = (): Subject => ({ id: "s", inputs: { years: model.years, underInvestigation: h.underInvestigation }, records: model.records });

        let subject: Subject = structuredClone(modelSubject());
        let evaluation: Evaluation = compiled.evaluate(subject, { asOf: FIRST_AS_OF });
        let current: DecisionRecord = toDecisionRecord(evaluation, subject, { decidedAt: FIRST_AS_OF });
        const chain: DecisionRecord[] = [current];
        let clock = FIRST_AS_OF;

        for (const s of h.steps) {
          if (s.kind === "repair") {
            const open = model.records.filter((r) => (r.type === "penalty" || r.type === "list-entry") && r.repairedAt === undefined);
            const target = open[s.pick % Math.max(open.length, 1)];
            if (!target) continue;
            // After the minimum publicity period, and never back in time.
            const date = addDays(later(clock, lifetime.repairableFrom(target)), s.wait);
            const eligibility = checkRepairEligibility(subject, target.id, date, compiled);
            if (!eligibility.eligible) {
              // Past the minimum period and not repaired: only an ended publicity can refuse it.
              expect(eligibility.refusal).toBe("NO_LONGER_COUNTS");
              continue;
            }
            const r = repairRecord(subject, target.id, date, compiled, { decidedAt: addDays(date, 1), previous: current });
            model = { ...model, records: model.records.map((x) => (x.id === target.id ? { ...x, repairedAt: date } : x)) };
            ({ subject, evaluation } = r);
            expect(r.record).toMatchObject({ cause: "repair", supersedes: current.decisionId, asOf: date });
            current = r.record;
            clock = addDays(date, 1);
          } else {
            const target = model.records[s.pick % Math.max(model.records.length, 1)];
            const disputed: DisputedItem = target && s.fix.kind !== "years" ? { kind: "record", recordId: target.id } : { kind: "result" };
            const recordId = disputed.kind === "record" ? disputed.recordId : undefined;
            const receivedAt = addDays(clock, s.wait);
            const objection = fileObjection({ subjectId: "s", decisionId: current.decisionId, disputed, receivedAt }, { calendar });
            const decidedAt = addDays(receivedAt, s.decideAfter);
            const fixed = corrected(subject, s.fix, recordId);
            const d = decideObjection(objection, current, { upheld: true, corrected: fixed }, { resolve: () => compiled, decidedAt });
            const next = corrected({ id: "s", records: model.records, inputs: { years: model.years } }, s.fix, recordId);
            model = { years: next.inputs!["years"] as number, records: [...(next.records ?? [])] };
            if (!d.upheld) throw new Error("upheld expected");
            expect(d.objection.late).toBe(decidedAt > objection.deadline);
            expect(d.record).toMatchObject({ cause: "objection", supersedes: current.decisionId, asOf: current.asOf, decidedAt });
            // The re-evaluation is of the original period.
            expect(d.evaluation.asOf).toBe(current.asOf);
            subject = fixed;
            evaluation = d.evaluation;
            current = d.record;
            clock = decidedAt;
          }
          chain.push(current);
        }

        // The library's subject is the model's, and its last evaluation a fresh one of it.
        expect(hashJson(subject)).toBe(hashJson(modelSubject()));
        const fresh = compiled.evaluate(modelSubject(), { asOf: evaluation.asOf });
        expect(evaluation).toEqual(fresh);
        expect(current).toMatchObject({ grade: fresh.grade, score: fresh.score, measures: fresh.measures.map((m) => m.id), inputHash: hashJson(modelSubject()) });

        const log = new DecisionLog(new MemoryLogStorage());
        for (const r of chain) await log.append(r);
        const v = await log.verify();
        expect(v).toMatchObject({ ok: true, entries: chain.length, problems: [] });
        // Each decision supersedes the one before it.
        chain.slice(1).forEach((r, i) => expect(r.supersedes).toBe(chain[i]!.decisionId));
      }),
      { numRuns: 150 },
    );
  });
});
