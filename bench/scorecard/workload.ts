/**
 * The "scorecard" workload: `ruleset.ts` (20 indicators in weights mode, no records, no derived
 * facts, 13 rules) over `population.ts`, with the hand-written function of `handwritten.ts`,
 * the json-rules-engine path of `jre.ts` and the ZEN graph of `zen.ts`.
 * @module
 */
import { defineWorkload } from "../workload.js";
import { scorecardHandwritten } from "./handwritten.js";
import { scorecardJre } from "./jre.js";
import { generateScorecardPopulation, type ScorecardSubject } from "./population.js";
import { SCORECARD_AS_OF, scorecardRuleset } from "./ruleset.js";
import { scorecardZenDecision } from "./zen.js";

/** The scorecard workload. */
export const scorecardWorkload = defineWorkload<ScorecardSubject>({
  key: "scorecard",
  title: "scorecard (bench/scorecard/ruleset.ts): 20 indicators, weights mode, no records, no derived facts, 13 rules",
  ruleset: scorecardRuleset,
  asOf: SCORECARD_AS_OF,
  generate: (count) => generateScorecardPopulation(count),
  describe: () => "",
  hand: scorecardHandwritten,
  jre: (compiled) => scorecardJre(compiled, SCORECARD_AS_OF),
  zen: {
    graph: scorecardZenDecision,
    outcome: (o) => ({ grade: (o["grade"] as string | undefined) ?? null, score: (o["finalScore"] as number | undefined) ?? null }),
  },
});
