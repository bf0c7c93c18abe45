/**
 * The committed JSON Schema (schema/ruleset.schema.json): not stale, and accepting and
 * rejecting exactly what the zod schema (RulesetSchema) does. Semantic checks (sums, bands,
 * the Hegang rule) are not in either schema; agreement is on structure only.
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type PathSegment,
  RULESET_SCHEMA_ID,
  RulesetSchema,
  rulesetJsonSchema,
  rulesetJsonSchemaText,
  validateRuleset,
} from "../src/index.js";
import { industryRuleset, weightsRuleset } from "./fixtures.js";

const root = (p: string): string => fileURLToPath(new URL(`../${p}`, import.meta.url));
const SCHEMA_FILE = root("schema/ruleset.schema.json");
const CORPUS = root("test/corpus/ruleset");

const committedText = readFileSync(SCHEMA_FILE, "utf8");
const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
const ajvValidate = ajv.compile(JSON.parse(committedText));

/** Whether ajv (committed schema) and zod accept a document, with their reasons when they differ. */
function verdicts(doc: unknown): { ajv: boolean; zod: boolean; why: string } {
  const a = ajvValidate(doc);
  const errors: ErrorObject[] = ajvValidate.errors ?? [];
  const z = RulesetSchema.safeParse(doc);
  const why = `ajv: ${JSON.stringify(errors.slice(0, 5).map((e) => `${e.instancePath} ${e.message}`))}\nzod: ${JSON.stringify(
    z.success ? [] : z.error.issues.slice(0, 5).map((i) => `${i.path.join("/")} ${i.message}`),
  )}`;
  return { ajv: a, zod: z.success, why };
}

function readCorpus(kind: "valid" | "invalid"): [string, unknown][] {
  const dir = `${CORPUS}/${kind}`;
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f.replace(/\.json$/, ""), JSON.parse(readFileSync(`${dir}/${f}`, "utf8")) as unknown]);
}

const validCorpus = readCorpus("valid");
const invalidCorpus = readCorpus("invalid");

describe("the committed JSON Schema", () => {
  it("is not stale: schema/ruleset.schema.json equals rulesetJsonSchemaText() byte for byte", () => {
    expect(
      committedText,
      "schema/ruleset.schema.json is stale: run `npx tsx scripts/gen-schema.ts` and commit the result",
    ).toBe(rulesetJsonSchemaText());
  });

  it("is draft 2020-12 with the published $id, and generation is deterministic", () => {
    const s = JSON.parse(committedText) as Record<string, unknown>;
    expect(s["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(s["$id"]).toBe(RULESET_SCHEMA_ID);
    expect(Object.keys(s).slice(0, 3)).toEqual(["$schema", "$id", "title"]);
    expect(rulesetJsonSchemaText()).toBe(rulesetJsonSchemaText());
    expect(rulesetJsonSchema()).not.toBe(rulesetJsonSchema());
    expect(committedText.endsWith("}\n")).toBe(true);
  });

  it("compiles under ajv's strict mode", () => {
    expect(typeof ajvValidate).toBe("function");
    expect(() => new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true }).compile(rulesetJsonSchema())).not.toThrow();
  });
});

describe("the hand-written corpus", () => {
  it("has at least 8 valid and 25 invalid documents", () => {
    expect(validCorpus.length).toBeGreaterThanOrEqual(8);
    expect(invalidCorpus.length).toBeGreaterThanOrEqual(25);
  });

  it("holds the test fixtures as written out", () => {
    const byName = new Map(validCorpus);
    expect(byName.get("fixture-weights")).toEqual(weightsRuleset());
    expect(byName.get("fixture-industry")).toEqual(industryRuleset());
  });

  it("covers every scoring type, input type and onMissing form among the valid documents", () => {
    const text = validCorpus.map(([, d]) => JSON.stringify(d)).join("\n");
    for (const t of ["linear", "bins", "boolean", "lookup", "deduction", "passthrough"]) {
      expect(text, t).toContain(`"type":"${t}"`);
    }
    for (const t of ["number", "boolean", "category", "score"]) expect(text, t).toContain(`"type":"${t}"`);
    for (const m of ['"onMissing":"worst"', '"onMissing":"not-gradable"', '"impute":0', '"impute":true', '"impute":"c"']) {
      expect(text, m).toContain(m);
    }
  });

  it.each(validCorpus)("valid/%s.json: ajv and zod accept it, and it passes every check", (_name, doc) => {
    const v = verdicts(doc);
    expect(v.ajv, v.why).toBe(true);
    expect(v.zod, v.why).toBe(true);
    expect(validateRuleset(doc).diagnostics).toEqual([]);
  });

  /** The zod path each invalid document is rejected at: one structural fault per file. */
  const FAULT: Record<string, PathSegment[]> = {
    "case-equals-number": ["indicators", 1, "scoring", "base", "cases", 0, "equals"],
    "date-month-13": ["effective", "from"],
    "date-slashes": ["effective", "to"],
    "empty-bands": ["bands"],
    "empty-bins": ["indicators", 1, "scoring", "bins"],
    "empty-category-values": ["inputs", 2, "values"],
    "empty-children": ["indicators", 0, "children"],
    "empty-deduction-items": ["indicators", 1, "scoring", "items"],
    "empty-indicators": ["indicators"],
    "empty-lookup-table": ["indicators", 2, "scoring", "table"],
    "empty-string-label": ["labels", 0, "label"],
    "empty-string-name-en": ["name", "en"],
    "enum-direction": ["indicators", 0, "children", 0, "scoring", "direction"],
    "enum-grade-F": ["bands", 4, "grade"],
    "enum-input-type": ["inputs", 0, "type"],
    "enum-kind": ["kind"],
    "enum-rounding-mode": ["rounding", "mode"],
    "enum-score-role": ["inputs", 0, "role"],
    "enum-scoring-type": ["indicators", 2, "scoring", "type"],
    "formatVersion-2": ["formatVersion"],
    "group-with-scoring": ["indicators", 0],
    "id-65-chars": ["scheme"],
    "id-leading-digit": ["id"],
    "id-space-in-input": ["inputs", 1, "id"],
    "impute-null": ["indicators", 2, "onMissing", "impute"],
    "leaf-without-scoring": ["indicators", 2, "scoring"],
    "missing-bands": ["bands"],
    "missing-effective-from": ["effective", "from"],
    "missing-formatVersion": ["formatVersion"],
    "missing-name-zh": ["indicators", 1, "name", "zh"],
    "missing-score-input-max": ["inputs", 0, "max"],
    "missing-scoring-input": ["indicators", 2, "scoring", "input"],
    "negative-bin-score": ["indicators", 1, "scoring", "bins", 2, "score"],
    "negative-deduction-base": ["indicators", 1, "scoring", "base"],
    "negative-points": ["indicators", 1, "points"],
    "number-overflows-to-infinity": ["scale", "max"],
    "on-missing-unknown": ["indicators", 1, "onMissing"],
    "public-composite-no-indicator": ["publicComposite", "indicator"],
    "rounding-scale-7": ["rounding", "scale"],
    "rounding-scale-fraction": ["rounding", "scale"],
    "semver-leading-zero": ["version"],
    "semver-v-prefix": ["version"],
    "unknown-key-band": ["bands", 3, "color"],
    "unknown-key-bin": ["indicators", 1, "scoring", "bins", 0, "weight"],
    "unknown-key-effective": ["effective", "until"],
    "unknown-key-input": ["inputs", 0, "default"],
    "unknown-key-nested-scoring": ["indicators", 0, "children", 0, "scoring", "clamp"],
    "unknown-key-public-composite": ["publicComposite", "weight"],
    "unknown-key-root": ["notes"],
    "wrong-type-legal-basis-number": ["legalBasis", 1],
    "wrong-type-name-string": ["name"],
    "wrong-type-required-string": ["inputs", 0, "required"],
    "wrong-type-root-array": [],
    "wrong-type-schema-number": ["$schema"],
    "wrong-type-scale-max-string": ["scale", "max"],
    "zero-deduction-points": ["indicators", 1, "scoring", "items", 0, "points"],
    "zero-weight": ["indicators", 2, "weight"],
  };

  it("names the fault of every invalid document, and no other", () => {
    expect(invalidCorpus.map(([n]) => n)).toEqual(Object.keys(FAULT).sort());
  });

  it.each(invalidCorpus)("invalid/%s.json: ajv and zod reject it, zod at the one expected path", (name, doc) => {
    const v = verdicts(doc);
    expect(v.ajv, v.why).toBe(false);
    expect(v.zod, v.why).toBe(false);
    const d = validateRuleset(doc).diagnostics;
    expect(d.map((x) => ({ code: x.code, path: x.path }))).toEqual([{ code: "SCHEMA_INVALID", path: FAULT[name] }]);
  });
});

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path in a JSON value (the root included), parents before children. */
function allPaths(v: Json, path: PathSegment[] = []): PathSegment[][] {
  const out: PathSegment[][] = [path];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...allPaths(x, [...path, i])));
  else if (v !== null && typeof v === "object") for (const [k, x] of Object.entries(v)) out.push(...allPaths(x, [...path, k]));
  return out;
}

function at(doc: Json, path: readonly PathSegment[]): Json {
  let v: Json = doc;
  for (const seg of path) v = (v as Record<string | number, Json>)[seg] as Json;
  return v;
}

/** Sets an own property even for a name like `__proto__`. */
function setOwn(obj: Record<string, Json>, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

type Mutation =
  | { kind: "delete"; pick: number }
  | { kind: "add"; pick: number; key: string; value: Json }
  | { kind: "replace"; pick: number; value: Json };

/** Applies a mutation in place; returns the document (a new one when the root is replaced). */
function mutate(doc: Json, m: Mutation): Json {
  const paths = allPaths(doc);
  if (m.kind === "add") {
    const objects = paths.filter((p) => {
      const v = at(doc, p);
      return v !== null && typeof v === "object" && !Array.isArray(v);
    });
    if (objects.length === 0) return doc;
    const target = at(doc, objects[m.pick % objects.length] as PathSegment[]) as Record<string, Json>;
    setOwn(target, m.key, m.value);
    return doc;
  }
  const path = paths[m.pick % paths.length] as PathSegment[];
  if (path.length === 0) return m.kind === "replace" ? m.value : doc;
  const parent = at(doc, path.slice(0, -1)) as Record<string | number, Json> | Json[];
  const last = path[path.length - 1] as PathSegment;
  if (m.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete (parent as Record<string, Json>)[last];
  } else if (Array.isArray(parent)) {
    parent[last as number] = m.value;
  } else {
    setOwn(parent as Record<string, Json>, String(last), m.value);
  }
  return doc;
}

/** Values of every JSON type, including ones the format uses in other places. */
const jsonValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -10, max: 1100 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  fc.constantFrom<Json>(
    "",
    "A",
    "F",
    "x",
    "2025-01-01",
    "2025-02-30",
    "1.0.0",
    "weights",
    "points",
    "linear",
    "passthrough",
    "industry",
    "worst",
    "half-up",
    "higher-better",
    "score",
    0,
    1,
    6,
    7,
    100,
    -1,
    0.5,
    [],
    {},
    [1, 2],
    ["a"],
    { zh: "中", en: "en" },
    { impute: 1 },
    { min: 0, max: 1 },
  ),
);

/** Key names: unknown ones, the format's own (valid in some places), and prototype names. */
const keyName: fc.Arbitrary<string> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 8 }),
  fc.constantFrom(
    "weight",
    "points",
    "children",
    "scoring",
    "min",
    "max",
    "minInclusive",
    "maxInclusive",
    "otherwise",
    "label",
    "to",
    "description",
    "outOf",
    "onMissing",
    "role",
    "integer",
    "required",
    "cap",
    "floor",
    "check",
    "labels",
    "strictInputs",
    "$schema",
    "toString",
    "constructor",
    "__proto__",
  ),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("add" as const), pick: fc.nat(), key: keyName, value: jsonValue }),
  fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), value: jsonValue }),
);

describe("zod and ajv agree on generated mutations of valid documents", () => {
  it("on every one of them (>= 300 runs)", () => {
    const docs = validCorpus.map(([, d]) => d as Json);
    let accepted = 0;
    let rejected = 0;
    const runs = 1000;
    fc.assert(
      fc.property(fc.nat({ max: docs.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), (i, ms) => {
        let doc = structuredClone(docs[i] as Json);
        for (const m of ms) doc = mutate(doc, m);
        const v = verdicts(doc);
        if (v.zod) accepted++;
        else rejected++;
        expect(v.ajv, `${JSON.stringify(ms)}\n${v.why}`).toBe(v.zod);
      }),
      { numRuns: runs },
    );
    // Both outcomes are exercised, not just rejections.
    expect(accepted).toBeGreaterThan(runs / 50); // about 5% on average
    expect(rejected).toBeGreaterThan(runs / 2);
  });
});

const SEMVER_FILE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?\.json$/;

function shippedRulesets(): string[] {
  const dir = root("rulesets");
  let schemes: string[];
  try {
    schemes = readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return [];
  }
  return schemes.flatMap((s) =>
    readdirSync(`${dir}/${s}`)
      .filter((f) => SEMVER_FILE.test(f))
      .map((f) => `rulesets/${s}/${f}`),
  );
}

describe("shipped rulesets", () => {
  const shipped = shippedRulesets();
  it("there are shipped rulesets to check", () => {
    expect(shipped.length).toBeGreaterThanOrEqual(2);
  });
  it.each(shipped)("%s validates under ajv with the committed schema", (file) => {
    const doc = JSON.parse(readFileSync(root(file), "utf8")) as unknown;
    const v = verdicts(doc);
    expect(v.ajv, v.why).toBe(true);
    expect(v.zod, v.why).toBe(true);
  });
});
