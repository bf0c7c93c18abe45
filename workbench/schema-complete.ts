/**
 * Property-name completion in the editor from the ruleset JSON Schema (`schema/ruleset.schema.json`,
 * generated from the zod schema and bundled into the page as it is committed):
 * the path at the cursor (jsonc-parser's `getLocation`) walked through the schema.
 */
import type { CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { getLocation } from "jsonc-parser";

type Schema = Record<string, unknown>;

function resolve(root: Schema, s: Schema): Schema[] {
  const ref = s["$ref"];
  if (typeof ref === "string" && ref.startsWith("#/")) {
    let at: unknown = root;
    for (const part of ref.slice(2).split("/")) at = (at as Schema | undefined)?.[part];
    return at === undefined ? [] : resolve(root, at as Schema);
  }
  const alts = [...((s["anyOf"] as Schema[] | undefined) ?? []), ...((s["oneOf"] as Schema[] | undefined) ?? []), ...((s["allOf"] as Schema[] | undefined) ?? [])];
  return [s, ...alts.flatMap((a) => resolve(root, a))];
}

/** The schemas that may hold at a JSON path. */
export function schemasAt(root: Schema, path: readonly (string | number)[]): Schema[] {
  let here = resolve(root, root);
  for (const seg of path) {
    here = here.flatMap((s) => {
      if (typeof seg === "number") {
        const items = s["items"] as Schema | undefined;
        return items === undefined ? [] : resolve(root, items);
      }
      const prop = (s["properties"] as Record<string, Schema> | undefined)?.[seg];
      return prop === undefined ? [] : resolve(root, prop);
    });
  }
  return here;
}

/** A completion source offering the property names the schema allows where the cursor is. */
export function schemaCompletion(schema: Schema) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const text = ctx.state.doc.toString();
    const loc = getLocation(text, ctx.pos);
    if (!loc.isAtPropertyKey) return null;
    const word = ctx.matchBefore(/"?[\w$-]*/);
    const path = loc.path.slice(0, -1) as (string | number)[];
    const options = new Map<string, string>();
    for (const s of schemasAt(schema, path)) {
      for (const [name, p] of Object.entries((s["properties"] as Record<string, Schema> | undefined) ?? {})) {
        if (!options.has(name)) options.set(name, typeof p["description"] === "string" ? p["description"] : "");
      }
    }
    if (options.size === 0) return null;
    const from = word ? word.from + (word.text.startsWith('"') ? 1 : 0) : ctx.pos;
    return { from, options: [...options].map(([label, info]) => ({ label, type: "property", ...(info ? { info } : {}) })), validFor: /^[\w$-]*$/ };
  };
}
