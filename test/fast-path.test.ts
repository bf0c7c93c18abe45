/**
 * The lean path `compiled.grade` against the full `compiled.evaluate`: the same grade, label,
 * class, score, score grade, adjustment, decidedBy, fired rules, reason codes and measures, and
 * the same rejections, on every bundled subject for every shipped ruleset and on generated subjects.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CompiledRuleset, compileRuleset, type GradeResult, type Ruleset } from "../src/index.js";
import { isIsoDate } from "../src/base/date.js";
import { benchRuleset } from "../bench/ruleset.js";
import { generatePopulation } from "../bench/population.js";
import { bundledSubjects, industryRuleset, labelsRuleset, recordsRuleset, shippedRulesets, weightsRuleset } from "./fixtures.js";

const shipped = shippedRulesets();
const subjects = bundledSubjects();

type Outcome = { ok: true; value: GradeResult } | { ok: false; error: string };

const describeError = (e: unknown): string =>
  e instanceof Error ? `${e.constructor.name} ${(e as { code?: string }).code ?? ""} ${e.message}` : String(e);

/** The full evaluation cut down to the lean result's fields, or the error it threw. */
function viaEvaluate(c: CompiledRuleset, subject: unknown, asOf: string, allowOutOfEffect: boolean, maxReasons?: number): Outcome {
  try {
    const e = c.evaluate(subject, { asOf, allowOutOfEffect, ...(maxReasons !== undefined ? { maxReasons } : {}) });
    return {
      ok: true,
      value: {
        subjectId: e.subjectId,
        ruleset: e.ruleset,
        asOf: e.asOf,
        gradable: e.gradable,
        grade: e.grade,
        label: e.label,
        class: e.class,
        score: e.score,
        scoreGrade: e.scoreGrade,
        adjustment: e.adjustment,
        decidedBy: e.decidedBy,
        rules: e.rules.map((r) => r.id),
        reasons: e.reasons,
        measures: e.measures,
        addedMeasures: e.addedMeasures,
        outputs: e.outputs,
      },
    };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

function viaGrade(c: CompiledRuleset, subject: unknown, asOf: string, allowOutOfEffect: boolean, maxReasons?: number): Outcome {
  try {
    return { ok: true, value: c.grade(subject, { asOf, allowOutOfEffect, ...(maxReasons !== undefined ? { maxReasons } : {}) }) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

/** Compares both paths on many subjects; returns the first few disagreements. */
function disagreements(c: CompiledRuleset, list: readonly unknown[], asOf: string, allowOutOfEffect = true, maxReasons?: number): unknown[] {
  const out: unknown[] = [];
  for (const s of list) {
    const full = viaEvaluate(c, s, asOf, allowOutOfEffect, maxReasons);
    const lean = viaGrade(c, s, asOf, allowOutOfEffect, maxReasons);
    try {
      expect(lean).toEqual(full);
    } catch {
      out.push({ subject: s, full, lean });
      if (out.length >= 3) break;
    }
  }
  return out;
}

describe("compiled.grade agrees with compiled.evaluate", () => {
  it("finds the shipped rulesets and the bundled subjects", () => {
    expect(shipped.length).toBeGreaterThanOrEqual(8);
    expect(subjects.length).toBe(3000);
  });

  for (const { name, doc } of shipped) {
    it(`on every bundled subject with ${name}`, () => {
      const c = compileRuleset(doc);
      for (const asOf of ["2025-12-31", doc.effective.from, "2024-06-30"]) {
        expect(disagreements(c, subjects, asOf)).toEqual([]);
      }
      // Outside the effective period both reject the same subjects the same way.
      expect(disagreements(c, subjects.slice(0, 50), "1999-01-01", false)).toEqual([]);
    });
  }

  it("ranks the same reason codes for any maxReasons (ties broken by indicator id)", () => {
    const some = subjects.slice(0, 400);
    let withReasons = 0;
    for (const { doc } of shipped) {
      const c = compileRuleset(doc);
      for (const maxReasons of [0, 1, 2, 3, 7, 100, 2.5, -1, Number.NaN, Infinity]) {
        expect(disagreements(c, some, "2025-12-31", true, maxReasons), `${doc.id} maxReasons ${maxReasons}`).toEqual([]);
      }
      for (const s of some) {
        const r = c.safeGrade(s, { asOf: "2025-12-31", allowOutOfEffect: true, maxReasons: 100 });
        if (r.success && r.data.reasons.length > 1) withReasons++;
      }
    }
    expect(withReasons).toBeGreaterThan(0);
    const bench = compileRuleset(benchRuleset);
    for (const maxReasons of [1, 5, 100]) expect(disagreements(bench, generatePopulation(500, "reasons"), "2025-12-31", true, maxReasons)).toEqual([]);
  });

  it("shares the measure lists and the empty lists between results", () => {
    const c = compileRuleset(benchRuleset);
    const [a, b] = generatePopulation(2000, "shared").map((s) => c.grade(s, { asOf: "2025-12-31" })).filter((r) => r.grade === "B");
    expect(a!.measures).toBe(b!.measures);
    expect(a!.measures).toBe(c.measuresFor("B").measures);
  });

  it("counts rejections and grades alike (some subjects are rejected by some rulesets)", () => {
    let rejected = 0;
    let graded = 0;
    for (const { doc } of shipped) {
      const c = compileRuleset(doc);
      for (const s of subjects.slice(0, 300)) {
        const r = c.safeGrade(s, { asOf: "2025-12-31", allowOutOfEffect: true });
        if (r.success) graded += r.data.gradable ? 1 : 0;
        else rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(0);
    expect(graded).toBeGreaterThan(0);
  });

  it("rejects a bad as-of date as evaluate does", () => {
    const c = compileRuleset(shipped[0]!.doc);
    expect(viaGrade(c, subjects[0], "2025-13-01", true)).toEqual(viaEvaluate(c, subjects[0], "2025-13-01", true));
    expect(viaGrade(c, subjects[0], "2025-12-31", true)).toEqual(viaEvaluate(c, subjects[0], "2025-12-31", true));
    // After a good date, a bad one is still rejected (the check is cached per date).
    expect(viaGrade(c, subjects[0], "31/12/2025", true).ok).toBe(false);
  });

  it("on the benchmark population", () => {
    const c = compileRuleset(benchRuleset);
    expect(disagreements(c, generatePopulation(3000, "fast-path-test"), "2025-12-31")).toEqual([]);
  });

  for (const { name, doc } of [...shipped, { name: "fixture weights", doc: weightsRuleset() }, { name: "fixture industry", doc: industryRuleset() }, { name: "fixture records", doc: recordsRuleset() }, { name: "fixture labels", doc: labelsRuleset() }, { name: "bench", doc: benchRuleset as unknown as Ruleset }]) {
    it(`on generated subjects with ${name}`, () => {
      const c = compileRuleset(doc);
      fc.assert(
        fc.property(subjectFor(doc), fc.constantFrom("2025-12-31", "2024-02-29", "2023-01-01", doc.effective.from), (s, asOf) => {
          expect(disagreements(c, [s], asOf)).toEqual([]);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe("validate: false (subjects the host has already validated)", () => {
  /** The subjects a ruleset accepts (checks on), on one as-of date. */
  const valid = (c: CompiledRuleset, list: readonly unknown[], asOf: string): unknown[] =>
    list.filter((s) => c.safeEvaluate(s, { asOf, allowOutOfEffect: true }).success);
  const same = (c: CompiledRuleset, list: readonly unknown[], asOf: string): number => {
    let n = 0;
    for (const s of list) {
      const on = { asOf, allowOutOfEffect: true } as const;
      const off = { asOf, allowOutOfEffect: true, validate: false } as const;
      expect(c.grade(s, off)).toEqual(c.grade(s, on));
      expect(c.evaluate(s, off)).toEqual(c.evaluate(s, on));
      expect(c.evaluate(s, { ...off, trace: true })).toEqual(c.evaluate(s, { ...on, trace: true }));
      n++;
    }
    return n;
  };

  for (const { name, doc } of shipped) {
    it(`gives identical results on every valid bundled or generated subject with ${name}`, () => {
      const c = compileRuleset(doc);
      // Some shipped rulesets declare other inputs and accept none of the bundled subjects: the
      // generated ones (seeded) give each ruleset subjects of its own to compare on.
      const list = [...subjects, ...fc.sample(subjectFor(doc), { numRuns: 300, seed: 11 })];
      let compared = 0;
      for (const asOf of ["2025-12-31", doc.effective.from]) compared += same(c, valid(c, list, asOf), asOf);
      expect(compared).toBeGreaterThan(0);
    });
  }

  it("gives identical results on the benchmark population", () => {
    const c = compileRuleset(benchRuleset);
    const list = generatePopulation(2000, "validate-false-test");
    expect(same(c, valid(c, list, "2025-12-31"), "2025-12-31")).toBe(list.length);
  });

  it("still checks the options (as-of date, effective period)", () => {
    const c = compileRuleset(shipped[0]!.doc);
    expect(() => c.grade(subjects[0], { asOf: "2025-13-01", validate: false })).toThrow(/asOf/);
    expect(() => c.evaluate(subjects[0], { asOf: "1999-01-01", validate: false })).toThrow(/in effect/);
  });
});

describe("isIsoDate (rewritten without RegExp and Date for the hot path)", () => {
  // The previous implementation, as the oracle, with the calendar's range (1900-01-01 to
  // 9999-12-31, issue #14: Date.UTC reads years 0–99 as 1900–1999, so they are not dates here).
  const reference = (v: unknown): boolean => {
    if (typeof v !== "string") return false;
    const m = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.exec(v);
    return m !== null && Number(m[1]) >= 1900 && Number(m[3]) <= new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  };
  it("agrees with the regular expression and Date.UTC on every day of many years", () => {
    const bad: string[] = [];
    for (const y of [0, 1, 4, 99, 100, 400, 1582, 1899, 1900, 1904, 2000, 2023, 2024, 2025, 2100, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (let d = 0; d <= 32; d++) {
          const s = `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
          if (isIsoDate(s) !== reference(s)) bad.push(s);
        }
      }
    }
    expect(bad).toEqual([]);
  });
  it("agrees on other strings and values", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^[0-9]{4}[-/][0-9]{2}-[0-9]{2}.?$/), fc.anything()), (v) => {
        expect(isIsoDate(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
    for (const v of ["2025-1-01", "2025-01-1", "２０２５-01-01", "2025-01-01 ", "+025-01-01", "2025-00-10", "2025-02-29", "2024-02-29", "0000-02-29"]) {
      expect(isIsoDate(v), v).toBe(reference(v));
    }
  });
});

// ---------------------------------------------------------------- generated subjects

const ids = subjects.slice(0, 40).map((s) => (s as { id: string }).id);
const date = fc
  .integer({ min: Date.UTC(2018, 0, 1) / 86_400_000, max: Date.UTC(2026, 11, 31) / 86_400_000 })
  .map((d) => new Date(d * 86_400_000).toISOString().slice(0, 10));
const junk = fc.oneof(fc.constant("x"), fc.constant(-1), fc.constant(1.5), fc.constant(true), fc.constant([]), fc.constant(null));

/** Subjects for a ruleset: mostly valid inputs and records of its declared types, some missing or bad values. */
function subjectFor(doc: Ruleset): fc.Arbitrary<unknown> {
  const inputArbs: Record<string, fc.Arbitrary<unknown>> = {};
  for (const d of doc.inputs) {
    let valid: fc.Arbitrary<unknown>;
    switch (d.type) {
      case "number": {
        const lo = d.min ?? -5;
        const hi = d.max ?? Math.max(lo + 10, 120);
        valid = d.integer ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.oneof(fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }), fc.double({ min: lo, max: hi, noNaN: true }));
        break;
      }
      case "score":
        valid = fc.oneof(fc.integer({ min: Math.ceil(d.min), max: Math.floor(d.max) }), fc.double({ min: d.min, max: d.max, noNaN: true }));
        break;
      case "boolean":
        valid = fc.boolean();
        break;
      case "category":
        valid = fc.constantFrom(...d.values);
        break;
    }
    inputArbs[d.id] = fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: junk, weight: 1 });
  }
  const types = doc.records?.types ?? [];
  const record = (i: number) =>
    fc
      .record(
        {
          type: types.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...types.map((t) => t.id)), weight: 10 }, { arbitrary: fc.constant("undeclared"), weight: 1 }) : fc.constant("undeclared"),
          date,
          severity: fc.constantFrom("minor", "general", "serious", "bogus"),
          repairedAt: date,
          revokedAt: date,
          publicUntil: date,
          fields: fc.dictionary(fc.constantFrom("amount", "list", "honoured", "due", "dueDate", "closedAt", "kind", "sector"), fc.oneof(date, fc.integer({ min: 0, max: 2_000_000 }), fc.boolean(), fc.string({ maxLength: 3 }))),
          pick: fc.nat(),
        },
        { requiredKeys: ["type", "date", "fields", "pick"] },
      )
      .map(({ fields, pick, ...r }) => {
        // Fill declared fields with values of their type most of the time.
        const t = types.find((x) => x.id === r.type);
        const filled: Record<string, unknown> = { ...fields };
        for (const f of t?.fields ?? []) {
          if ((pick + f.id.length) % 5 === 0) continue;
          filled[f.id] =
            f.type === "category" ? f.values![pick % f.values!.length] : f.type === "date" ? r.date : f.type === "boolean" ? pick % 2 === 0 : f.type === "number" ? (pick % 7) * 150_000 : "s";
        }
        return { ...filled, ...r, id: `R${i}` };
      });
  const records = fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => record(i))));
  return fc
    .record(
      { id: fc.oneof(fc.constantFrom(...ids), fc.constant("not-a-code")), inputs: fc.record(inputArbs, { requiredKeys: [] }), records, dup: fc.boolean() },
      { requiredKeys: ["id", "inputs", "dup"] },
    )
    .map(({ dup, ...s }) => (dup && s.records && s.records.length > 1 ? { ...s, records: [...s.records, s.records[0]] } : s));
}
