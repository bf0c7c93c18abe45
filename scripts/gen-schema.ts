/** Writes schema/ruleset.schema.json and schema/golden.schema.json from the zod schemas (run: npm run schema). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { goldenJsonSchema } from "../src/format/golden.js";
import { rulesetJsonSchemaText } from "../src/format/json-schema.js";

for (const [name, text] of [
  ["ruleset.schema.json", rulesetJsonSchemaText()],
  ["golden.schema.json", `${JSON.stringify(goldenJsonSchema(), null, 2)}\n`],
] as const) {
  const out = fileURLToPath(new URL(`../schema/${name}`, import.meta.url));
  writeFileSync(out, text);
  console.log(`wrote ${out}`);
}
