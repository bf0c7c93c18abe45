/**
 * Runs one benchmark path in a loop, for `node --cpu-prof`:
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/profile.ts grade 20000 5
 * then `npx tsx bench/summarise-profile.ts .tmp/prof/<file>.cpuprofile`.
 * Paths: grade, grade-nv (validate: false), grade-bare (and maxReasons: 0), evaluate, trace, hand.
 * @module
 */
import { lib } from "./lib.js";
import { handwritten } from "./handwritten.js";
import { generatePopulation } from "./population.js";
import { BENCH_AS_OF, benchRuleset } from "./ruleset.js";

const [path = "grade", count = "20000", passes = "5"] = process.argv.slice(2);
const compiled = lib.compileRuleset(benchRuleset);
const population = generatePopulation(Number(count));
const hand = handwritten(BENCH_AS_OF);
const opts = { asOf: BENCH_AS_OF };
let sink = 0;
const t = performance.now();
for (let p = 0; p < Number(passes); p++) {
  for (const s of population) {
    switch (path) {
      case "grade":
        sink += compiled.grade(s, opts).score ?? 0;
        break;
      case "grade-nv":
        sink += compiled.grade(s, { asOf: BENCH_AS_OF, validate: false }).score ?? 0;
        break;
      case "grade-bare":
        sink += compiled.grade(s, { asOf: BENCH_AS_OF, validate: false, maxReasons: 0 }).score ?? 0;
        break;
      case "evaluate":
        sink += compiled.evaluate(s, opts).score ?? 0;
        break;
      case "trace":
        sink += compiled.evaluate(s, { asOf: BENCH_AS_OF, trace: true }).score ?? 0;
        break;
      default:
        sink += hand.grade(s)?.length ?? 0;
    }
  }
}
const ns = ((performance.now() - t) * 1e6) / (Number(count) * Number(passes));
console.log(`${path}: ${ns.toFixed(0)} ns/subject (sink ${sink.toFixed(0)})`);
