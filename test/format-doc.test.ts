/** docs/ruleset-format.md: generated from schema/ruleset.schema.json, current, complete, its links resolving. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FORMAT_DOC_COMMAND, FORMAT_DOC_FILE, renderFormatDoc, SCHEMA_FILE } from "../scripts/gen-format-doc.js";

interface Node {
  readonly properties?: Readonly<Record<string, Node>>;
  readonly required?: readonly string[];
  readonly [key: string]: unknown;
}

const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Node;
const committed = readFileSync(FORMAT_DOC_FILE, "utf8");

/** Every object of the schema (a node with `properties`), anywhere in it. */
function objects(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) for (const n of node) objects(n, out);
  else if (node !== null && typeof node === "object") {
    const n = node as Node;
    if (n.properties !== undefined) out.push(n);
    for (const value of Object.values(n)) objects(value, out);
  }
  return out;
}

/** The tables of the reference: for each, its rows as [field, required]. */
function tables(markdown: string): [string, string][][] {
  const out: [string, string][][] = [];
  let current: [string, string][] | undefined;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("| field | type | required |")) {
      current = [];
      out.push(current);
    } else if (current !== undefined && line.startsWith("| `")) {
      const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
      current.push([cells[1]!.replace(/^`|`$/g, ""), cells[3]!]);
    } else if (!line.startsWith("|")) current = undefined;
  }
  return out;
}

describe("docs/ruleset-format.md", () => {
  it("is current with schema/ruleset.schema.json", () => {
    expect(committed === renderFormatDoc(schema), `docs/ruleset-format.md is stale: run \`${FORMAT_DOC_COMMAND}\` (after \`npm run schema\` if the zod schema changed)`).toBe(true);
  });

  it("has a table for every object of the schema, every field with whether it is required", () => {
    const documented = tables(committed).map((rows) => JSON.stringify(rows));
    const all = objects(schema);
    expect(all.length).toBeGreaterThan(40);
    for (const node of all) {
      const required = new Set(node.required ?? []);
      const rows = Object.keys(node.properties!).map((k) => [k, required.has(k) ? "yes" : "no"]);
      expect(documented, `a table with fields ${Object.keys(node.properties!).join(", ")}`).toContain(JSON.stringify(rows));
    }
  });

  it("documents the top level first, then the definitions, then the nested objects", () => {
    const top = tables(committed)[0]!.map(([field]) => field);
    expect(top).toEqual(Object.keys(schema.properties!));
    const headings = committed.split("\n").filter((l) => /^#{2,3} /.test(l));
    expect(headings.slice(0, 6)).toEqual(["## Contents", "## The document `$`", "## Definitions", "### ComputedExpression", "### IndicatorNode", "### Condition"]);
    const nested = headings.slice(headings.indexOf("## Nested objects") + 1).join("\n");
    for (const expected of ['$.inputs[]{type: "number"}', 'IndicatorNode.scoring{type: "deduction"}', "$.records.types[]", "$.facts[]{ratio}", "$.rules[]", '$.rules[].effect{type: "cap"}', "$.measures.sampling[]"]) {
      expect(nested).toContain(`\`${expected}\``);
    }
  });

  it("has every in-page link resolve to exactly one anchor", () => {
    const anchors = [...committed.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]!);
    expect(new Set(anchors).size).toBe(anchors.length);
    const links = new Set([...committed.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!));
    expect(links.size).toBeGreaterThan(40);
    for (const link of links) expect(anchors, `#${link}`).toContain(link);
  });
});
