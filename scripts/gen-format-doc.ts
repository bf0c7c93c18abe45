/**
 * Writes docs/ruleset-format.md, the field reference of the ruleset format, from the committed
 * JSON Schema schema/ruleset.schema.json (itself generated from the zod schema by
 * `npm run schema`). Run: `npx tsx scripts/gen-format-doc.ts`. test/format-doc.test.ts fails
 * when the committed reference is stale.
 *
 * Every object of the schema gets a section with a table of its fields (type, required or
 * not, allowed values and constraints, description): the document itself first, then the
 * definitions (`$defs`: IndicatorNode, Condition), then the nested objects in the order a
 * reader meets them in a ruleset (inputs by type, the indicator tree's scoring functions by
 * type, bands, records, facts, rules and their effects, measures). An object that occurs in
 * several places (the bilingual name, for one) is described once and linked from each.
 * @module
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

/** A JSON Schema node, as the generated schema uses them. */
interface Node {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Node>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Node;
  readonly items?: Node;
  readonly anyOf?: readonly Node[];
  readonly oneOf?: readonly Node[];
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, Node>>;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly [key: string]: unknown;
}

/** The command that regenerates the reference (named by the staleness test). */
export const FORMAT_DOC_COMMAND = "npx tsx scripts/gen-format-doc.ts";

/** An object of the schema that gets its own section. */
interface Section {
  /** Where it is: a path such as `$.inputs[]{type: "number"}`. */
  readonly label: string;
  readonly anchor: string;
  readonly node: Node;
  /** Every place it occurs (more than one for a shared object). */
  readonly places: string[];
  readonly group: "root" | "def" | "nested";
}

const canonical = (value: unknown): string => {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(",")}}`;
};

const isObject = (n: Node): boolean => n.properties !== undefined;
const variantsOf = (n: Node): readonly Node[] | undefined => n.oneOf ?? n.anyOf;
const defName = (ref: string): string => ref.replace(/^#\/\$defs\//, "");

/** How a union's variant is told apart from its siblings: `{type: "number"}` or `{children}`. */
function variantTag(variant: Node, siblings: readonly Node[]): string {
  // The only object of a union (an object or a number, say) needs no tag.
  if (siblings.length === 1) return "";
  const props = variant.properties ?? {};
  for (const key of variant.required ?? []) {
    const c = props[key]?.const;
    if (c !== undefined) return `{${key}: ${JSON.stringify(c)}}`;
  }
  const own = (variant.required ?? []).filter((k) => !siblings.some((s) => s !== variant && (s.required ?? []).includes(k)));
  if (own.length > 0) return `{${own.join(", ")}}`;
  return `{${Object.keys(props).join(", ")}}`;
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/"/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "root";

/** Collects every object section, depth first, following `$ref`s to definitions where first met. */
class Collector {
  readonly sections: Section[] = [];
  private readonly byKey = new Map<string, Section>();
  private readonly anchors = new Set<string>();
  private readonly defsSeen = new Set<string>();

  constructor(private readonly defs: Readonly<Record<string, Node>>) {}

  section(node: Node, label: string, group: Section["group"]): Section {
    const key = canonical(node);
    const existing = this.byKey.get(key);
    if (existing !== undefined) {
      existing.places.push(label);
      return existing;
    }
    let anchor = slug(label.replace(/^\$\.?/, "") || "ruleset");
    for (let i = 2; this.anchors.has(anchor); i++) anchor = `${slug(label)}-${i}`;
    this.anchors.add(anchor);
    const s: Section = { label, anchor, node, places: [label], group };
    this.byKey.set(key, s);
    this.sections.push(s);
    this.fields(node, label);
    return s;
  }

  /** Sections for the objects nested in an object's fields. */
  private fields(node: Node, label: string): void {
    for (const [name, prop] of Object.entries(node.properties ?? {})) {
      // `IndicatorNode{scoring}.scoring` says no more than `IndicatorNode.scoring`.
      const parent = label.endsWith(`{${name}}`) ? label.slice(0, -name.length - 2) : label;
      this.walk(prop, `${parent}.${name}`);
    }
  }

  /** Sections for the objects a (non-object) node contains. */
  walk(node: Node, label: string): void {
    if (node.$ref !== undefined) {
      this.def(defName(node.$ref));
      return;
    }
    if (isObject(node)) {
      this.section(node, label, "nested");
      return;
    }
    if (node.items !== undefined) this.walk(node.items, `${label}[]`);
    const variants = variantsOf(node);
    if (variants !== undefined) {
      const objects = variants.filter(isObject);
      for (const v of variants) this.walk(v, isObject(v) ? `${label}${variantTag(v, objects)}` : label);
    }
  }

  /** A definition: its variants are its sections (group `def`); what they contain is nested. */
  def(name: string): void {
    if (this.defsSeen.has(name)) return;
    this.defsSeen.add(name);
    const node = this.defs[name];
    if (node === undefined) throw new Error(`$ref to an unknown definition ${name}`);
    const variants = variantsOf(node);
    if (variants === undefined) {
      this.section(node, name, "def");
      return;
    }
    const objects = variants.filter(isObject);
    // The variants first (so they sit together under the definition), then what they contain.
    const own = variants.filter(isObject).map((v) => {
      const label = `${name}${variantTag(v, objects)}`;
      const key = canonical(v);
      const s: Section = { label, anchor: slug(label), node: v, places: [label], group: "def" };
      this.byKey.set(key, s);
      this.anchors.add(s.anchor);
      this.sections.push(s);
      return s;
    });
    for (const s of own) this.fields(s.node, s.label);
  }

  find(node: Node): Section | undefined {
    return this.byKey.get(canonical(node));
  }
}

const escapeCell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const code = (text: string): string => {
  const t = escapeCell(text);
  return t.includes("`") ? `\`\` ${t} \`\`` : `\`${t}\``;
};
const link = (s: Section): string => `[${code(s.label)}](#${s.anchor})`;

/** Renders a field table and the text around it. */
class Renderer {
  constructor(
    private readonly c: Collector,
    private readonly defs: Readonly<Record<string, Node>>,
  ) {}

  type(node: Node): string {
    if (node.$ref !== undefined) {
      const name = defName(node.$ref);
      return `[${name}](#${slug(name)})`;
    }
    if (isObject(node)) {
      const s = this.c.find(node);
      return s === undefined ? "object" : `object ${link(s)}`;
    }
    if (node.items !== undefined) return `array of ${this.type(node.items)}`;
    const variants = variantsOf(node);
    if (variants !== undefined) {
      const parts = variants.map((v) =>
        Object.keys(v).length === 0 ? "any JSON value" : v.const !== undefined ? code(JSON.stringify(v.const)) : this.type(v),
      );
      return parts.length === 1 ? parts[0]! : `one of: ${parts.join("; ")}`;
    }
    if (node.type === undefined) return Object.keys(node).length === 0 ? "any JSON value" : "—";
    if (typeof node.type === "string") return node.type;
    const types = [...node.type];
    return types.length === 1 ? types[0]! : `${types.slice(0, -1).join(", ")} or ${types.at(-1)!}`;
  }

  constraints(node: Node): string[] {
    const out: string[] = [];
    if (node.const !== undefined) out.push(`exactly ${code(JSON.stringify(node.const))}`);
    if (node.enum !== undefined) out.push(node.enum.map((v) => code(JSON.stringify(v))).join(", "));
    if (node.pattern !== undefined) out.push(`pattern ${code(node.pattern)}`);
    if (node.format !== undefined) out.push(`format ${code(node.format)}`);
    if (node.minLength !== undefined && node.minLength > 0) out.push(`at least ${node.minLength} character${node.minLength === 1 ? "" : "s"}`);
    if (node.maxLength !== undefined) out.push(`at most ${node.maxLength} characters`);
    if (node.minimum !== undefined && node.minimum !== Number.MIN_SAFE_INTEGER) out.push(`≥ ${node.minimum}`);
    if (node.exclusiveMinimum !== undefined) out.push(`> ${node.exclusiveMinimum}`);
    if (node.maximum !== undefined && node.maximum !== Number.MAX_SAFE_INTEGER) out.push(`≤ ${node.maximum}`);
    if (node.exclusiveMaximum !== undefined) out.push(`< ${node.exclusiveMaximum}`);
    if (node.minItems !== undefined && node.minItems > 0) out.push(`at least ${node.minItems} item${node.minItems === 1 ? "" : "s"}`);
    if (node.maxItems !== undefined) out.push(`at most ${node.maxItems} items`);
    if (node.items !== undefined && node.items.$ref === undefined && !isObject(node.items)) {
      const inner = this.constraints(node.items);
      if (inner.length > 0) out.push(`each: ${inner.join("; ")}`);
    }
    const variants = variantsOf(node);
    if (variants !== undefined) {
      // Constants are listed as the type; other variants' constraints are prefixed with their type.
      for (const v of variants) {
        if (isObject(v) || v.$ref !== undefined || v.const !== undefined) continue;
        const inner = this.constraints(v);
        if (inner.length > 0) out.push(`${variants.length > 1 ? `${this.type(v)} ` : ""}${inner.join("; ")}`);
      }
    }
    return out;
  }

  description(node: Node): string {
    if (node.description !== undefined) return node.description;
    if (node.$ref !== undefined) return this.defs[defName(node.$ref)]?.description ?? "";
    if (node.items !== undefined) return this.description(node.items);
    return "";
  }

  table(node: Node): string[] {
    const required = new Set(node.required ?? []);
    const rows = Object.entries(node.properties ?? {}).map(([name, prop]) => {
      const allowed = this.constraints(prop);
      const description = this.description(prop);
      return `| ${code(name)} | ${this.type(prop)} | ${required.has(name) ? "yes" : "no"} | ${allowed.length > 0 ? allowed.join("; ") : ""} | ${escapeCell(description)} |`;
    });
    const lines = ["| field | type | required | allowed values | description |", "|---|---|---|---|---|", ...rows];
    if (node.additionalProperties === false) lines.push("", "No other fields are allowed.");
    return lines;
  }

  section(s: Section, depth: number): string[] {
    const out = [`<a id="${s.anchor}"></a>`, "", `${"#".repeat(depth)} ${code(s.label)}`, ""];
    if (s.node.description !== undefined) out.push(escapeCell(s.node.description), "");
    if (s.places.length > 1) out.push(`Used in ${s.places.length} places: ${s.places.map(code).join(", ")}.`, "");
    out.push(...this.table(s.node), "");
    return out;
  }
}

/**
 * The reference, as Markdown, from a ruleset JSON Schema.
 * @param schema - The parsed schema/ruleset.schema.json.
 * @returns The text of docs/ruleset-format.md.
 */
export function renderFormatDoc(schema: Node): string {
  const defs = schema.$defs ?? {};
  const c = new Collector(defs);
  const root = c.section(schema, "$", "root");
  const r = new Renderer(c, defs);
  const sections = c.sections;
  const defNames = Object.keys(defs);
  // Definitions nobody references are still documented.
  for (const name of defNames) c.def(name);

  const out: string[] = [
    "# Ruleset format reference",
    "",
    `<!-- Generated from schema/ruleset.schema.json by \`${FORMAT_DOC_COMMAND}\`; do not edit by hand. test/format-doc.test.ts fails when it is stale. -->`,
    "",
    `Every field of a ruleset document (${schema.title ?? "ruleset"}, JSON Schema \`${String(schema.$id)}\`), generated from`,
    "[the JSON Schema](../schema/ruleset.schema.json), which is generated from the zod schemas in `src/format/` (the document in `src/format/ruleset-schema.ts`).",
    "The schema is structural; `validateRuleset` also checks what a schema cannot (weights that add up, bands that cover the",
    "scale, ids that resolve, the Hegang rule): see [the guide](guide.md#3-checks-every-ruleset-passes-when-it-loads-r3-r16).",
    "",
    "Each object has a table: its fields, their types, whether they are required, the values allowed (constants, enumerations,",
    "patterns, bounds) and what they mean. Sections are named by where the object sits in a document: `$` is the document,",
    '`[]` an element of an array, `{type: "number"}` the variant of a union with that value, `{children}` the variant with that',
    "field; `IndicatorNode` and `Condition` are the schema's recursive definitions.",
    "",
    "## Contents",
    "",
    `- [The document \`$\`](#${root.anchor})`,
    "- Definitions",
    ...defNames.flatMap((name) => [
      `  - [${name}](#${slug(name)})`,
      ...sections.filter((s) => s.group === "def" && s.label.startsWith(name)).map((s) => `    - ${link(s)}`),
    ]),
    "- Nested objects",
    ...sections.filter((s) => s.group === "nested").map((s) => `  - ${link(s)}`),
    "",
  ];

  out.push(`<a id="${root.anchor}"></a>`, "", "## The document `$`", "");
  if (schema.description !== undefined) out.push(escapeCell(schema.description), "");
  out.push(...r.table(schema), "");

  out.push("## Definitions", "");
  for (const name of defNames) {
    const def = defs[name]!;
    out.push(`<a id="${slug(name)}"></a>`, "", `### ${name}`, "");
    if (def.description !== undefined) out.push(escapeCell(def.description), "");
    const own = sections.filter((s) => s.group === "def" && s.label.startsWith(name));
    if (variantsOf(def) !== undefined) out.push(`One of: ${own.map(link).join(", ")}.`, "");
    for (const s of own) out.push(...r.section(s, 4));
  }

  out.push("## Nested objects", "");
  for (const s of sections.filter((x) => x.group === "nested")) out.push(...r.section(s, 3));

  return `${out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}

/** The committed schema and reference files. */
export const SCHEMA_FILE = fileURLToPath(new URL("../schema/ruleset.schema.json", import.meta.url));
/** Where the reference is written. */
export const FORMAT_DOC_FILE = fileURLToPath(new URL("../docs/ruleset-format.md", import.meta.url));

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, "utf8")) as Node;
  writeFileSync(FORMAT_DOC_FILE, renderFormatDoc(schema));
  console.log(`wrote ${FORMAT_DOC_FILE}`);
}
