/**
 * The scorecard workload through json-rules-engine (`../jre.ts`): the fact object is the
 * subject's inputs with `asOf` and `subjectId` (the ruleset derives no facts), and the
 * indicator total comes from the hand-written JavaScript of `handwritten.ts`.
 * @module
 */
import type { CompiledRuleset } from "../../src/index.js";
import { jreFacts, jreGrader } from "../jre.js";
import type { Outcome } from "../workload.js";
import { scorecardTotalUnits } from "./handwritten.js";
import type { ScorecardSubject } from "./population.js";

/**
 * Builds the json-rules-engine grader of the scorecard workload.
 * @param compiled - The compiled scorecard ruleset.
 * @param asOf - The as-of date.
 */
export function scorecardJre(compiled: CompiledRuleset, asOf: string): (s: ScorecardSubject) => Promise<Outcome> {
  return jreGrader(compiled, asOf, (s: ScorecardSubject) => ({ facts: jreFacts(s, asOf), totalUnits: scorecardTotalUnits(s.inputs) }));
}
