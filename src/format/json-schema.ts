/**
 * The JSON Schema (draft 2020-12) of the ruleset format, generated from the zod schema.
 * @module
 */
import { z } from "zod";
import { RulesetSchema } from "./ruleset-schema.js";

/**
 * The `$id` of the published ruleset JSON Schema.
 * @category Ruleset format
 */
export const RULESET_SCHEMA_ID = "https://credit-grading.dev/schema/ruleset-1.schema.json";

/**
 * The ruleset format as a JSON Schema object (draft 2020-12), for editors and for hosts that
 * validate without this library (with ajv's `Ajv2020`).
 * @returns A fresh JSON Schema object.
 * @example
 * rulesetJsonSchema().$schema; //=> "https://json-schema.org/draft/2020-12/schema"
 * @category Ruleset format
 */
export function rulesetJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RulesetSchema, { target: "draft-2020-12", io: "input" }) as Record<
    string,
    unknown
  >;
  return { $schema: schema["$schema"], $id: RULESET_SCHEMA_ID, title: "credit-grading ruleset", ...schema };
}

/**
 * The committed text of `schema/ruleset.schema.json`: the JSON Schema, two-space indented,
 * with a final newline.
 * @returns The file text.
 * @example
 * rulesetJsonSchemaText().endsWith("}\n"); //=> true
 * @category Ruleset format
 */
export function rulesetJsonSchemaText(): string {
  return `${JSON.stringify(rulesetJsonSchema(), null, 2)}\n`;
}
