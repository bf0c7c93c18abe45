/**
 * simulate: a hand-computed migration (a band move, a weight change and a rule), reasons
 * text, totals, rejected rows, the shipped hlj-public-composite 1.0.0 → 1.1.0 pair over real
 * example subjects, and the property that a ruleset against itself moves nobody.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRuleset, CreditGradingError, formatMigration, MIGRATION_OUTCOMES, type Migration, type Ruleset, simulate } from "../src/index.js";
import { industryRuleset, labelsRuleset, weightsRuleset } from "./fixtures.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const shipped = (version: string): unknown => JSON.parse(readFileSync(join(root, "rulesets", "hlj-public-composite", `${version}.json`), "utf8"));

/**
 * Version 1.1.0 of the weights fixture: the group `basic` 40 → 30 and `penalty` 50 → 60
 * (weights), band B [75, 90) → [80, 90) and C [60, 75) → [60, 80), `years` at most 50, and a
 * rule capping subjects with 3 or more penalties at D.
 */
function proposed(): Ruleset {
  const r = weightsRuleset();
  r.version = "1.1.0";
  r.indicators[0]!.weight = 30;
  r.indicators[1]!.weight = 60;
  r.bands[1]!.min = 80;
  r.bands[2]!.max = 80;
  const years = r.inputs[0]!;
  if (years.type === "number") years.max = 50;
  r.rules = [
    {
      id: "many-penalties",
      reason: { zh: "三次以上行政处罚", en: "three or more penalties" },
      legalBasis: "fixture",
      conditions: { all: [{ fact: "penalties", operator: "greaterThanInclusive", value: 3 }] },
      effect: { type: "cap", grade: "D" },
    },
  ];
  return r;
}

const subject = (id: string, inputs: Record<string, unknown>) => ({ id, inputs });

// Worked by hand. Under a: age = 4 × min(years, 10), penalty = (100 − 10p) / 2, commitment 10 if honoured.
// Under b: age = 3 × min(years, 10), penalty = 0.6 × (100 − 10p), commitment the same.
const population = [
  subject("S1", { years: 10, penalties: 0, honoured: true }), //  a 100 A   b 100 A
  subject("S2", { years: 5, penalties: 1, honoured: true }), //   a 75 B    b 79 C (band moved: 79 is B under a)
  subject("S3", { years: 10, penalties: 3, honoured: true }), //  a 85 B    b 82 B, cap D → D
  subject("S4", { years: 10, penalties: 0, honoured: false }), // a 90 A    b 90 A
  subject("S5", { years: 2, penalties: 6, honoured: false }), //  a 28 E    b 30 E (cap D fires, E stays)
  subject("S6", { years: "x", penalties: 0 }), //                 rejected in both
  subject("S7", { penalties: 0, honoured: true }), //             years missing: not gradable in both
  subject("S8", { years: 7, penalties: 2, honoured: true }), //   a 78 B    b 79 C (band moved)
  subject("S9", { years: 0, penalties: 0, honoured: false }), //  a 50 D    b 60 C (score moved)
  subject("S10", { years: 60, penalties: 0, honoured: true }), // a 100 A   b rejected (years > 50)
];

describe("simulate: hand-computed migration", () => {
  const m = simulate(weightsRuleset(), proposed(), population, { asOf: "2025-12-31" });

  it("reports the score shifts, worked by hand", () => {
    // Scored under both: S1 0, S2 +4, S3 −3, S4 0, S5 +2, S8 +1, S9 +10 (S6, S10 rejected, S7 not scored).
    expect(m.scoreShift).toEqual({ scored: 7, raised: 4, lowered: 1, unchanged: 2, mean: 2, largestRise: 10, largestDrop: -3 });
    expect(m.boundaryDistance).toBeNull();
    expect(m.nearBoundary).toEqual([]);
    expect(formatMigration(m)).toContain("Score shifts (7 subjects scored under both): 4 up, 1 down, 2 unchanged; mean +2, largest rise +10, largest drop -3.");
  });

  it("lists the subjects within the stated distance of a band boundary under b, nearest first", () => {
    // b's boundaries: 90 (A|B), 80 (B|C), 60 (C|D), 40 (D|E). Within 1 point: S4 90 (A, at the
    // bound, inclusive), S9 60 (C), S2 79 and S8 79 (C, one below B's 80).
    const near = simulate(weightsRuleset(), proposed(), population, { asOf: "2025-12-31", boundaryDistance: 1 });
    expect(near.nearBoundary.map((n) => [n.subjectId, n.score, n.label, n.boundary, n.distance, n.otherSide])).toEqual([
      ["S4", 90, "A", 90, 0, "B"],
      ["S9", 60, "C", 60, 0, "D"],
      ["S2", 79, "C", 80, 1, "B"],
      ["S8", 79, "C", 80, 1, "B"],
    ]);
    expect(formatMigration(near, { locale: "zh" })).toContain("- S2：79 分（C），距 80 分边界 1 分，另一侧为 B");
    expect(() => simulate(weightsRuleset(), proposed(), population, { asOf: "2025-12-31", boundaryDistance: -1 })).toThrow(CreditGradingError);
  });

  it("fills the matrix as worked by hand", () => {
    const expected: Record<string, number> = { "A>A": 2, "A>rejected": 1, "B>C": 2, "B>D": 1, "D>C": 1, "E>E": 1, "not-gradable>not-gradable": 1, "rejected>rejected": 1 };
    for (const from of MIGRATION_OUTCOMES) {
      for (const to of MIGRATION_OUTCOMES) expect(m.matrix[from][to], `${from}>${to}`).toBe(expected[`${from}>${to}`] ?? 0);
    }
    expect(m).toMatchObject({ total: 10, unchanged: 5, upgraded: 1, downgraded: 3, otherMoves: 1 });
    expect(m.rowTotals).toEqual({ A: 3, B: 3, C: 0, D: 1, E: 1, "not-gradable": 1, rejected: 1 });
    expect(m.columnTotals).toEqual({ A: 2, B: 0, C: 3, D: 1, E: 1, "not-gradable": 1, rejected: 2 });
    expect(m.from.version).toBe("1.0.0");
    expect(m.to.version).toBe("1.1.0");
  });

  it("matrix totals equal the population, rejected rows included", () => {
    const cells = MIGRATION_OUTCOMES.flatMap((f) => MIGRATION_OUTCOMES.map((t) => m.matrix[f][t]));
    expect(cells.reduce((s, n) => s + n, 0)).toBe(population.length);
    expect(Object.values(m.rowTotals).reduce((s, n) => s + n, 0)).toBe(population.length);
    expect(Object.values(m.columnTotals).reduce((s, n) => s + n, 0)).toBe(population.length);
    expect(m.unchanged + m.upgraded + m.downgraded + m.otherMoves).toBe(population.length);
  });

  it("lists the movers in population order with the reason", () => {
    expect(m.movers.map((x) => [x.subjectId, x.from, x.to, x.direction, x.causes])).toEqual([
      ["S2", "B", "C", "down", ["bands"]],
      ["S3", "B", "D", "down", ["rules"]],
      ["S8", "B", "C", "down", ["bands"]],
      ["S9", "D", "C", "up", ["score"]],
      ["S10", "A", "rejected", "other", ["rejected"]],
    ]);
    const s2 = m.movers[0]!;
    expect(s2).toMatchObject({ index: 1, scoreBefore: 75, scoreAfter: 79, scoreDelta: 4, scoreGradeBefore: "B", scoreGradeAfter: "C", scoreAfterUnderOldBands: "B", adjustmentDelta: 0 });
    expect(s2.indicators).toEqual([
      { id: "penalty", name: { zh: "行政处罚", en: "administrative penalties" }, before: 45, after: 54, delta: 9 },
      { id: "age", name: { zh: "经营年限", en: "years in operation" }, before: 20, after: 15, delta: -5 },
    ]);
    expect(s2.summary.en).toBe("B→C: score 75 → 79 (+4: penalty +9, age −5); bands moved (79 is B under 1.0.0's bands, C under 1.1.0's)");
    expect(s2.summary.zh).toBe("B→C：得分 75 → 79（+4：penalty +9，age −5）；分数段调整（79 在 1.0.0 为B级，在 1.1.0 为C级）");

    const s3 = m.movers[1]!;
    expect(s3.rulesFired).toEqual([{ id: "many-penalties", effect: { type: "cap", grade: "D" }, reason: { zh: "三次以上行政处罚", en: "three or more penalties" } }]);
    expect(s3.rulesCleared).toEqual([]);
    expect(s3.summary.en).toBe("B→D: score 85 → 82 (−3: age −10, penalty +7); rule many-penalties fired (cap at D)");

    expect(m.movers[3]!.summary.en).toBe("D→C: score 50 → 60 (+10: penalty +10)");
    const s10 = m.movers[4]!;
    expect(s10.summary.en).toMatch(/^A→rejected: score 100 → —; 1\.1\.0: .*years/);
    expect(s10.detailAfter).toContain("years");
  });

  it("rules no longer fired are named", () => {
    const back = simulate(proposed(), weightsRuleset(), [population[2]!], { asOf: "2025-12-31" });
    expect(back.movers[0]!.rulesCleared.map((r) => r.id)).toEqual(["many-penalties"]);
    expect(back.movers[0]!.summary.en).toBe("D→B: score 82 → 85 (+3: age +10, penalty −7); rule many-penalties no longer fires (cap at D)");
  });

  it("renders the matrix as a Markdown table and as text", () => {
    const md = formatMigration(m);
    const lines = md.split("\n");
    expect(lines[0]).toBe("Grade migration fixture-weights 1.0.0 → 1.1.0 (as of 2025-12-31), 10 subjects: 1 up, 3 down, 1 other, 5 unchanged.");
    expect(lines[2]).toBe("| 1.0.0 \\ 1.1.0 | A | B | C | D | E | not gradable | rejected | total |");
    expect(lines[3]).toBe("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
    expect(lines[4]).toBe("| **A** | 2 | 0 | 0 | 0 | 0 | 0 | 1 | 3 |");
    expect(lines[5]).toBe("| **B** | 0 | 0 | 2 | 1 | 0 | 0 | 0 | 3 |");
    expect(lines[11]).toBe("| **total** | 2 | 0 | 3 | 1 | 1 | 1 | 2 | 10 |");
    expect(md).toContain("Movers (5):");
    expect(md).toContain("- S3: B→D: score 85 → 82 (−3: age −10, penalty +7); rule many-penalties fired (cap at D)");

    const text = formatMigration(m, { format: "text", locale: "zh", maxMovers: 1 });
    expect(text).toContain("1.0.0 \\ 1.1.0  A  B  C  D  E  不予评价  数据被拒  合计");
    expect(text).toContain("合计           2  0  3  1  1         1         2    10");
    expect(text).toContain("……另有 4 个");
  });

  it("accepts compiled rulesets and a second as-of date", () => {
    const a = compileRuleset(weightsRuleset());
    const r = simulate(a, a, population, { asOf: "2025-06-30", asOfB: "2025-12-31" });
    expect(r.asOf).toBe("2025-06-30");
    expect(r.asOfB).toBe("2025-12-31");
    expect(r.movers).toEqual([]);
  });

  it("rejects a bad date, and an out-of-effect date when asked to", () => {
    expect(() => simulate(weightsRuleset(), proposed(), population, { asOf: "2025-13-01" })).toThrow(CreditGradingError);
    const industry = industryRuleset(); // in effect 2025-01-01 to 2025-12-31
    expect(() => simulate(industry, industry, [], { asOf: "2026-03-01", allowOutOfEffect: false })).toThrow(/not on 2026-03-01/);
    expect(simulate(industry, industry, [], { asOf: "2026-03-01" }).total).toBe(0);
  });
});

describe("simulate: hlj-public-composite 1.0.0 → 1.1.0 over example subjects", () => {
  const lines = readFileSync(join(root, "examples", "data", "subjects.ndjson"), "utf8").split("\n").filter((l) => l.trim() !== "").slice(0, 40);
  const subjects = lines.map((l) => JSON.parse(l) as { id: string });
  // 1.0.0 ends 2025-06-30 and 1.1.0 starts 2025-07-01: both are evaluated on one date, out of effect for 1.0.0.
  const m: Migration = simulate(shipped("1.0.0") as Ruleset, shipped("1.1.0") as Ruleset, subjects, { asOf: "2025-12-31" });

  it("grades every subject under both versions", () => {
    expect(m.total).toBe(40);
    expect(Object.values(m.rowTotals).reduce((s, n) => s + n, 0)).toBe(40);
    expect(m.movers.length).toBe(40 - m.unchanged);
  });

  it("moves a subject on the serious-dishonesty list to E and names the new rule", () => {
    const listed = m.movers.find((x) => x.subjectId === "91230407MAKYGA0H8U")!;
    expect(listed.to).toBe("E");
    expect(listed.rulesFired.map((r) => r.id)).toContain("serious-dishonesty-list");
    // Its records now count in full: the score alone already lands in E, so the rule agrees rather than decides.
    expect(listed.causes).toEqual(["score"]);
    expect(listed.summary.en).toContain("rule serious-dishonesty-list fired (set grade E)");
  });

  it("formats", () => {
    expect(formatMigration(m)).toContain("| 1.0.0 \\ 1.1.0 | A | B | C | D | E | not gradable | rejected | total |");
  });
});

describe("simulate: properties", () => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 6 });
  const weightsSubject = fc.record(
    {
      id: fc.string({ minLength: 0, maxLength: 4 }),
      inputs: fc.record(
        {
          years: maybe(fc.oneof(fc.double({ min: 0, max: 30, noNaN: true }), fc.constant(-1), fc.constant("x") as fc.Arbitrary<unknown>)),
          penalties: maybe(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(1.5) as fc.Arbitrary<unknown>)),
          honoured: maybe(fc.boolean()),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ["inputs"] },
  );
  const population = fc.array(fc.oneof({ weight: 9, arbitrary: weightsSubject as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.anything() }), { maxLength: 30 });
  const a = compileRuleset(weightsRuleset());
  const b = compileRuleset(proposed());

  it("a ruleset against itself: only diagonal entries and no movers", () => {
    fc.assert(
      fc.property(population, (subjects) => {
        const m = simulate(a, a, subjects, { asOf: "2025-12-31" });
        for (const from of MIGRATION_OUTCOMES) {
          for (const to of MIGRATION_OUTCOMES) if (from !== to) expect(m.matrix[from][to]).toBe(0);
        }
        expect(m.movers).toEqual([]);
        expect(m.unchanged).toBe(subjects.length);
      }),
      { numRuns: 200 },
    );
  });

  it("every subject lands in exactly one cell, and every off-diagonal one is a mover", () => {
    fc.assert(
      fc.property(population, (subjects) => {
        const m = simulate(a, b, subjects, { asOf: "2025-12-31" });
        let cells = 0;
        let off = 0;
        for (const from of MIGRATION_OUTCOMES) {
          for (const to of MIGRATION_OUTCOMES) {
            cells += m.matrix[from][to];
            if (from !== to) off += m.matrix[from][to];
          }
        }
        expect(cells).toBe(subjects.length);
        expect(m.movers.length).toBe(off);
        for (const mv of m.movers) expect(m.matrix[mv.from][mv.to]).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe("simulate with several labels on one grade", () => {
  // b: band A (label A) [80, 90) → [75, 90), band B [60, 80) → [60, 75); the new-subject rule (M) dropped.
  const b = (): Ruleset => {
    const r = labelsRuleset();
    r.version = "1.1.0";
    r.bands[1]!.min = 75;
    r.bands[2]!.max = 75;
    r.rules = r.rules!.filter((x) => x.id !== "new-subject");
    return r;
  };
  const population = [
    { id: "s78", inputs: { points: 78 } }, // B → A: one canonical grade (B), another label
    { id: "s95new", inputs: { points: 95, newSubject: true } }, // M (canonical B) → AA (canonical A)
    { id: "s85", inputs: { points: 85 } }, // A → A
  ];
  const m = simulate(labelsRuleset(), b(), population, { asOf: "2025-12-31" });

  it("counts a label move within one grade as a move, and keeps the canonical matrix by grade", () => {
    expect([m.unchanged, m.upgraded, m.downgraded, m.otherMoves]).toEqual([1, 2, 0, 0]);
    expect(m.matrix.B.B).toBe(2);
    expect(m.matrix.B.A).toBe(1);
    expect(m.labelRows).toEqual(["A", "B", "M", "not-gradable", "rejected"]);
    expect(m.labelColumns).toEqual(["AA", "A", "not-gradable", "rejected"]);
    expect(m.labelMatrix["B"]!["A"]).toBe(1);
    expect(m.labelMatrix["M"]!["AA"]).toBe(1);
    expect(m.labelMatrix["A"]!["A"]).toBe(1);
  });

  it("names movers by label, with the canonical grade where it differs", () => {
    const [s78, s95] = m.movers;
    expect([s78!.fromLabel, s78!.toLabel, s78!.direction, s78!.causes]).toEqual(["B", "A", "up", ["bands"]]);
    expect(s78!.summary.en).toBe("B→A (B): score 78 → 78 (+0); bands moved (78 is B under 1.0.0's bands, A under 1.1.0's)");
    expect([s95!.fromLabel, s95!.toLabel, s95!.causes]).toEqual(["M", "AA", ["rules"]]);
    expect(s95!.summary.en).toBe("M (B)→AA (A): score 95 → 95 (+0); rule new-subject no longer fires (set grade M (canonical B))");
  });

  it("renders the table in the schemes' labels", () => {
    const lines = formatMigration(m).split("\n");
    expect(lines[2]).toBe("| 1.0.0 \\ 1.1.0 | AA | A | not gradable | rejected | total |");
    expect(lines[4]).toBe("| **A** | 0 | 1 | 0 | 0 | 1 |");
    expect(lines[5]).toBe("| **B** | 0 | 1 | 0 | 0 | 1 |");
    expect(lines[6]).toBe("| **M** | 1 | 0 | 0 | 0 | 1 |");
  });
});
