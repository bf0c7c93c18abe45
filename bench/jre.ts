/**
 * A benchmark ruleset's override rules run by json-rules-engine, through `toJsonRulesEngine`.
 * json-rules-engine has no scorecard, so each workload says how to get, for a subject:
 *
 * 1. the fact object json-rules-engine sees: inputs, derived facts (if any), `asOf`,
 *    `subjectId` (the shape `jsonRulesEngineFacts` documents);
 * 2. the indicator total in rounding units, or `null` when not scorable: the workload's
 *    hand-written JavaScript (well under 1 µs, negligible beside the engine).
 *
 * Then, for every workload alike:
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
import { fromUnits, toUnits } from "../src/base/rounding.js";
import type { Outcome } from "./workload.js";

type Effect = Parameters<typeof lib.resolveGrade>[1][number];

/** What a workload computes for json-rules-engine: the fact object and the indicator total. */
export interface JreInput {
  /** The facts the rules read (inputs, derived facts, `asOf`, `subjectId`). */
  readonly facts: Record<string, unknown>;
  /** The indicator total in rounding units before adjust-points rules, or `null` when not scorable. */
  readonly totalUnits: number | null;
}

/**
 * Builds the json-rules-engine grader of a workload.
 * @param compiled - The compiled ruleset (its rules, bands, scale and rounding).
 * @param asOf - The as-of date.
 * @param prepare - The workload's facts and total for a subject.
 * @returns An async function from a subject to its grade and score.
 */
export function jreGrader<S>(compiled: CompiledRuleset, asOf: string, prepare: (s: S) => JreInput): (s: S) => Promise<Outcome> {
  const { rules = [], bands, scale, rounding } = compiled.ruleset;
  const early: Engine = lib.toJsonRulesEngine(compiled, { asOf });
  const late: Engine = lib.toJsonRulesEngine(compiled, { asOf });
  for (const r of rules) (r.effect.type === "adjust-points" ? late : early).removeRule(r.id);
  // Bands best first, each from its minimum (inclusive), as the benchmark rulesets declare them.
  const bandMins = bands.map((b) => [toUnits(b.min, rounding), b.grade] as const);
  const [lo, hi] = [toUnits(scale.min, rounding), toUnits(scale.max, rounding)];
  return async (s) => {
    const { facts, totalUnits } = prepare(s);
    const r1 = await early.run(facts);
    let scoreGrade: Grade | null = null;
    let score: number | null = null;
    if (totalUnits !== null) {
      let units = totalUnits;
      for (const e of r1.events) units += toUnits((e.params as { points: number }).points, rounding);
      units = Math.min(hi, Math.max(lo, units));
      score = fromUnits(units, rounding.scale);
      scoreGrade = bandMins.find(([min]) => units >= min)![1];
    }
    facts["score"] = score ?? undefined;
    facts["scoreGrade"] = scoreGrade ?? undefined;
    const r2 = await late.run(facts);
    const effects = r2.events.map((e) => {
      const { ruleId: _ruleId, ...effect } = e.params as Record<string, unknown>;
      return effect as Effect;
    });
    return { grade: lib.resolveGrade(scoreGrade, effects).grade, score };
  };
}

/**
 * The fact object json-rules-engine sees: the inputs, then `extra` (derived facts), `asOf` and
 * `subjectId`, on an object without a prototype.
 * @param s - The subject.
 * @param asOf - The as-of date.
 * @param extra - Derived facts, if any.
 */
export function jreFacts(s: { readonly id: string; readonly inputs: Record<string, unknown> }, asOf: string, extra?: object): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string, unknown>, s.inputs, extra, { asOf, subjectId: s.id });
}
