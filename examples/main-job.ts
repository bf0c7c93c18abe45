/**
 * The example main job: grades the bundled example subjects with the two shipped rulesets (1.1.0, with dated
 * records and rules)
 * and prints a report for a person.
 *
 *     npx tsx examples/main-job.ts      (or: npm run example)
 *
 * File reading lives here; the grading path is the pure {@link runMainJob}.
 * @module
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runMainJob } from "./main-job-lib.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const readJson = (rel: string): unknown => JSON.parse(readFileSync(join(root, rel), "utf8"));

const { text } = runMainJob({
  publicRuleset: readJson("rulesets/hlj-public-composite/1.1.0.json"),
  industryRuleset: readJson("rulesets/hlj-property-services/1.1.0.json"),
  ndjson: readFileSync(join(root, "examples/data/subjects.ndjson"), "utf8"),
  asOf: "2025-12-31",
  source: "examples/data/subjects.ndjson",
});
process.stdout.write(text);
