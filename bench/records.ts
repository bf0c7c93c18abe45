/**
 * The "records" workload: `ruleset.ts` (20 indicators in points mode, 4 record types, 13
 * derived facts, 13 rules) over `population.ts` (subjects with 0–9 dated records each), with
 * the hand-written function of `handwritten.ts` and the ZEN graph of `zen.ts`.
 * @module
 */
import { handwritten } from "./handwritten.js";
import { jreFacts, jreGrader } from "./jre.js";
import { type BenchSubject, generatePopulation } from "./population.js";
import { BENCH_AS_OF, benchRuleset } from "./ruleset.js";
import { defineWorkload } from "./workload.js";
import { zenDecision } from "./zen.js";

const hand = handwritten(BENCH_AS_OF);

/** The records workload. */
export const recordsWorkload = defineWorkload<BenchSubject>({
  key: "records",
  title: "records (bench/ruleset.ts): 20 indicators, points mode, 4 record types, 13 derived facts, 13 rules",
  ruleset: benchRuleset,
  asOf: BENCH_AS_OF,
  generate: (count) => generatePopulation(count),
  describe: (population) => `${population.reduce((n, s) => n + s.records.length, 0).toLocaleString("en")} records`,
  hand: hand.grade,
  // Derived facts and the indicator total from the hand-written JavaScript (see jre.ts).
  jre: (compiled) =>
    jreGrader(compiled, BENCH_AS_OF, (s: BenchSubject) => {
      const f = hand.facts(s.records);
      return { facts: jreFacts(s, BENCH_AS_OF, f), totalUnits: hand.totalUnits(s.inputs, f) };
    }),
  zen: { graph: () => zenDecision(BENCH_AS_OF), outcome: (o) => ({ grade: (o["grade"] as string | undefined) ?? null }) },
});
