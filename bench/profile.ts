/**
 * Runs one benchmark path in a loop, for `node --cpu-prof`:
 *   node --cpu-prof --cpu-prof-dir=.tmp/prof --import tsx bench/profile.ts grade 20000 5 [records|scorecard]
 * then `npx tsx bench/summarise-profile.ts .tmp/prof/<file>.cpuprofile`.
 * Paths: grade, grade-nv (validate: false), grade-bare (and maxReasons: 0), evaluate, trace, hand.
 * The workload defaults to records.
 * @module
 */
import { lib } from "./lib.js";
import { recordsWorkload } from "./records.js";
import { scorecardWorkload } from "./scorecard/workload.js";

const [path = "grade", count = "20000", passes = "5", workload = "records"] = process.argv.slice(2);
const w = workload === "scorecard" ? scorecardWorkload : recordsWorkload;
const compiled = lib.compileRuleset(w.ruleset);
const population = w.generate(Number(count));
const asOf = w.asOf;
const opts = { asOf };
let sink = 0;
const t = performance.now();
for (let p = 0; p < Number(passes); p++) {
  for (const s of population) {
    switch (path) {
      case "grade":
        sink += compiled.grade(s, opts).score ?? 0;
        break;
      case "grade-nv":
        sink += compiled.grade(s, { asOf, validate: false }).score ?? 0;
        break;
      case "grade-bare":
        sink += compiled.grade(s, { asOf, validate: false, maxReasons: 0 }).score ?? 0;
        break;
      case "evaluate":
        sink += compiled.evaluate(s, opts).score ?? 0;
        break;
      case "trace":
        sink += compiled.evaluate(s, { asOf, trace: true }).score ?? 0;
        break;
      default: {
        const r = w.hand(s);
        sink += (typeof r === "object" && r !== null ? r.grade : r)?.length ?? 0;
      }
    }
  }
}
const ns = ((performance.now() - t) * 1e6) / (Number(count) * Number(passes));
console.log(`${w.key} ${path}: ${ns.toFixed(0)} ns/subject (sink ${sink.toFixed(0)})`);
