/**
 * The compact result line of `evaluate`, written by code generated per ruleset (src/cli/result-line.ts):
 * byte for byte what `JSON.stringify` gives for the line built from the full evaluation, on every
 * shipped ruleset, both bench populations and a ruleset whose ids and labels are hostile strings.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type CompiledRuleset, compileRuleset, type Ruleset } from "../src/index.js";
import { compileLabelScale, labelPosition } from "../src/format/labels.js";
import { compactLine } from "../src/cli/evaluate.js";
import fc from "fast-check";
import { genericLineWriter, lineWriter, putNum } from "../src/cli/result-line.js";
import { ByteSink } from "../src/cli/byte-sink.js";
import { benchRuleset } from "../bench/ruleset.js";
import { generatePopulation } from "../bench/population.js";
import { scorecardRuleset } from "../bench/scorecard/ruleset.js";
import { generateScorecardPopulation } from "../bench/scorecard/population.js";
import { bundledSubjects, shippedRulesets, weightsRuleset } from "./fixtures.js";

declare global {
  // eslint-disable-next-line no-var
  var __pwnedLine: unknown;
}

/**
 * Grades each subject and compares the writers' lines with `JSON.stringify(compactLine(...))`
 * for every subject the lean path writes (a score, not decided as not gradable or by fallback).
 * @returns How many lines were compared.
 */
function compare(compiled: CompiledRuleset, subjects: readonly unknown[], asOf: string): number {
  const generated = lineWriter(compiled);
  const generic = genericLineWriter(compiled);
  const scale = compileLabelScale(compiled.ruleset.labels);
  // A small sink: lines grow it as they come.
  const sink = new ByteSink(16);
  let n = 0;
  subjects.forEach((subject, i) => {
    const g = compiled.safeGrade(subject, { asOf });
    if (!g.success || g.data.score === null || g.data.grade === null || g.data.decidedBy === "not-gradable" || g.data.decidedBy === "public-composite-fallback") return;
    const expected = `${JSON.stringify(compactLine(i + 1, compiled.evaluate(subject, { asOf })))}\n`;
    const p = labelPosition(scale, g.data.grade, g.data.label ?? undefined);
    generated(i + 1, g.data, p, sink);
    expect(new TextDecoder().decode(sink.take()), `${compiled.ref.id} subject ${i + 1}`).toBe(expected);
    expect(generic(i + 1, g.data, p), `${compiled.ref.id} subject ${i + 1} (generic)`).toBe(expected);
    n++;
  });
  return n;
}

const HOSTILE: readonly string[] = ['"', "\\", "\n", "\u2028\u2029", "</script>", '"); globalThis.__pwnedLine = 1; ("', "`${globalThis.__pwnedLine = 1}`", "*/", "\0", "\ud800", "__proto__", "中文\t"];

describe("evaluate's compact line, generated per ruleset", () => {
  afterEach(() => {
    delete globalThis.__pwnedLine;
  });

  it("is JSON.stringify's bytes on every shipped ruleset (bundled subjects)", () => {
    const subjects = bundledSubjects();
    let n = 0;
    for (const { doc } of shippedRulesets()) n += compare(compileRuleset(doc), subjects, "2025-12-31");
    expect(n).toBeGreaterThan(8000);
  });

  it("is JSON.stringify's bytes on both bench populations", () => {
    expect(compare(compileRuleset(benchRuleset), generatePopulation(3000, "result-line"), "2025-12-31")).toBeGreaterThan(2500);
    expect(compare(compileRuleset(scorecardRuleset), generateScorecardPopulation(3000, "result-line"), "2025-12-31")).toBeGreaterThan(2500);
  });

  it("writes every number as String (and so JSON.stringify) writes it: decimals of up to 6 places from their digits, any other double through String", () => {
    const b = new Uint8Array(64);
    const written = (n: number): string => new TextDecoder().decode(b.subarray(0, putNum(b, 0, n)));
    fc.assert(
      fc.property(fc.integer({ min: -(10 ** 15) + 1, max: 10 ** 15 - 1 }), fc.integer({ min: 0, max: 6 }), (r, k) => {
        const n = r / 10 ** k;
        expect(written(n)).toBe(String(n));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(written(n)).toBe(String(n));
      }),
      { numRuns: 20_000 },
    );
    for (const n of [0, -0, 0.05, -0.05, 1e-6, 1e-7, 84.94, 0.1 + 0.2, 1 / 3, 1e15, 1e21, 5e-324, -Number.MAX_VALUE]) expect(written(n), String(n)).toBe(String(n));
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY]) expect(written(n)).toBe("null");
  });

  it("a value the ruleset did not foresee midway through a line: the generic writer's line from where the line began, after the lines before", () => {
    const compiled = compileRuleset(scorecardRuleset);
    const scale = compileLabelScale(compiled.ruleset.labels);
    const graded = generateScorecardPopulation(200, "fallback").map((s) => compiled.grade(s, { asOf: "2025-12-31" }));
    const g = graded.find((r) => r.grade !== null && r.decidedBy === "score" && r.reasons.length > 1)!;
    const p = labelPosition(scale, g.grade!, g.label ?? undefined);
    const odd = [
      { ...g, reasons: [g.reasons[0]!, { ...g.reasons[1]!, indicator: "not-an-indicator" }] },
      { ...g, rules: ["not-a-rule"] },
      { ...g, scoreGrade: "Z" as never },
    ];
    const write = lineWriter(compiled);
    const generic = genericLineWriter(compiled);
    const sink = new ByteSink(16);
    write(1, g, p, sink);
    odd.forEach((o, i) => write(i + 2, o, p, sink));
    write(9, g, p, sink);
    const expected = [generic(1, g, p), ...odd.map((o, i) => generic(i + 2, o, p)), generic(9, g, p)].join("");
    expect(new TextDecoder().decode(sink.take())).toBe(expected);
    expect(expected).toContain('"indicator":"not-an-indicator"');
    expect(sink.pos).toBe(0);
  });

  it("writes hostile labels and subject ids, and odd indicator and rule ids, as JSON, running none of them", () => {
    delete globalThis.__pwnedLine;
    const doc = weightsRuleset() as Ruleset & { labels?: unknown; rules?: unknown };
    // Ids follow a pattern (letters, digits, `_`, `.`, `-`); labels and subject ids are free text.
    const ind = doc.indicators as { id: string; children?: { id: string }[] }[];
    ind[0]!.id = "a.b-c_D";
    ind[0]!.children![0]!.id = "Z.9";
    doc.labels = [
      { grade: "A", label: HOSTILE[5]! },
      { grade: "B", label: HOSTILE[3]! },
      { grade: "B", label: HOSTILE[0]! },
      { grade: "C", label: HOSTILE[6]! },
      { grade: "D", label: HOSTILE[9]! },
      { grade: "E", label: HOSTILE[2]! },
    ];
    doc.rules = [
      { id: "r-1.x", reason: { zh: "一", en: "one" }, legalBasis: "x", conditions: { all: [{ fact: "penalties", operator: "greaterThan", value: 2 }] }, effect: { type: "cap", grade: "C" } },
      { id: "r_2", reason: { zh: "二", en: "two" }, legalBasis: "x", conditions: { all: [{ fact: "years", operator: "lessThan", value: 3 }] }, effect: { type: "adjust-points", points: -2.5 } },
      { id: "R.3-", reason: { zh: "三", en: "three" }, legalBasis: "x", conditions: { all: [{ fact: "honoured", operator: "equal", value: true }] }, effect: { type: "floor", grade: "B", label: HOSTILE[0]! } },
    ];
    const compiled = compileRuleset(doc);
    const subjects: unknown[] = [];
    for (let i = 0; i < 400; i++) {
      subjects.push({ id: `${HOSTILE[i % HOSTILE.length]}${i}`, inputs: { years: i % 12, penalties: i % 5, honoured: i % 3 === 0 } });
    }
    expect(compare(compiled, subjects, "2025-06-30")).toBe(400);
    expect(globalThis.__pwnedLine).toBeUndefined();
  });
});
