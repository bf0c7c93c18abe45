/** Writes schema/ruleset.schema.json from the zod schema (run: npm run schema). */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rulesetJsonSchemaText } from "../src/format/json-schema.js";

const out = fileURLToPath(new URL("../schema/ruleset.schema.json", import.meta.url));
writeFileSync(out, rulesetJsonSchemaText());
console.log(`wrote ${out}`);
