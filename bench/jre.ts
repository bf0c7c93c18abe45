/**
 * The benchmark ruleset's override rules run by json-rules-engine, through
 * `toJsonRulesEngine`. json-rules-engine has no scorecard, so the grade is computed as follows:
 *
 * 1. derived facts from the records and the indicator total: the hand-written JavaScript of
 *    `handwritten.ts` (well under 1 µs, negligible beside the engine);
 * 2. the fact object json-rules-engine sees: inputs, derived facts, `asOf`, `subjectId` (the
 *    shape `jsonRulesEngineFacts` documents);
 * 3. phase 1 (an engine holding only the adjust-points rules): their points are added to the
 *    total, which is kept within the scale and banded;
 * 4. phase 2 (an engine holding every other rule): `score` and `scoreGrade` are added to the
 *    facts, the engine runs, and the effects of the events combine with the library's
 *    `resolveGrade` (not-gradable, then set-grade worst, else floor best, then caps worst).
 *
 * Each subject is awaited before the next (a shared `Engine` must not run concurrently).
 * @module
 */
import type { Engine } from "json-rules-engine";
import type { CompiledRuleset, Grade } from "../src/index.js";
import { lib } from "./lib.js";
import type { Handwritten } from "./handwritten.js";

type Effect = Parameters<typeof lib.resolveGrade>[1][number];
const BANDS: [number, Grade][] = [[9000, "A"], [7500, "B"], [6000, "C"], [4000, "D"], [0, "E"]];

/**
 * Builds the json-rules-engine grader.
 * @param compiled - The compiled benchmark ruleset.
 * @param asOf - The as-of date.
 * @param hand - The hand-written facts and total.
 * @returns An async function from a subject to its grade or `null`.
 */
export function jreGrader(compiled: CompiledRuleset, asOf: string, hand: Handwritten) {
  const early: Engine = lib.toJsonRulesEngine(compiled, { asOf });
  const late: Engine = lib.toJsonRulesEngine(compiled, { asOf });
  for (const r of compiled.ruleset.rules ?? []) (r.effect.type === "adjust-points" ? late : early).removeRule(r.id);
  return async (s: { id: string; inputs: Record<string, unknown>; records: Record<string, unknown>[] }): Promise<string | null> => {
    const f = hand.facts(s.records);
    const facts: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, s.inputs, f, { asOf, subjectId: s.id });
    const base = hand.totalUnits(s.inputs, f);
    const r1 = await early.run(facts);
    let scoreGrade: Grade | null = null;
    let score: number | undefined;
    if (base !== null) {
      let units = base;
      for (const e of r1.events) units += Math.round((e.params as { points: number }).points * 100);
      units = Math.min(10000, Math.max(0, units));
      score = units / 100;
      scoreGrade = BANDS.find(([min]) => units >= min)![1];
    }
    facts["score"] = score;
    facts["scoreGrade"] = scoreGrade ?? undefined;
    const r2 = await late.run(facts);
    const effects = r2.events.map((e) => {
      const { ruleId: _ruleId, ...effect } = e.params as Record<string, unknown>;
      return effect as Effect;
    });
    return lib.resolveGrade(scoreGrade, effects).grade;
  };
}
