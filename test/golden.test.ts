/**
 * Golden cases of the shipped rulesets: every `rulesets/<scheme>/<version>.json` must validate
 * with no errors, and every case in the `<version>.golden.json` beside it must grade as its
 * hand-worked `expect` says.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { compileRuleset, goldenJsonSchema, runGoldenCases, validateRuleset, type GoldenCase } from "../src/index.js";
import { loadRegistry } from "../src/node/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const rulesetsDir = join(root, "rulesets");

const rulesetFiles: string[] = readdirSync(rulesetsDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(rulesetsDir, d.name))
      .filter((f) => f.endsWith(".json") && !f.endsWith(".golden.json"))
      .map((f) => join(rulesetsDir, d.name, f)),
  )
  .sort();

const readJson = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

describe("shipped rulesets", () => {
  it("finds the rulesets", () => {
    expect(rulesetFiles.map((f) => relative(rulesetsDir, f))).toEqual(
      expect.arrayContaining(["hlj-public-composite/1.0.0.json", "hlj-property-services/1.0.0.json", "cn-tax-credit/2.0.0.json"]),
    );
  });

  const schema = readJson(join(root, "schema", "ruleset.schema.json")) as Record<string, unknown>;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const schemaCheck = ajv.compile(schema);
  const goldenSchema = readJson(join(root, "schema", "golden.schema.json")) as Record<string, unknown>;
  const goldenCheck = ajv.compile(goldenSchema);

  it("has schema/golden.schema.json current with the zod schema (npm run schema)", () => {
    expect(goldenSchema).toEqual(goldenJsonSchema());
  });
  const registry = loadRegistry(rulesetsDir);

  for (const file of rulesetFiles) {
    const name = relative(rulesetsDir, file);
    describe(name, () => {
      const json = readJson(file) as Record<string, unknown>;

      it('opens with the "$schema" key pointing at the committed JSON Schema', () => {
        expect(Object.keys(json)[0]).toBe("$schema");
        expect(resolve(dirname(file), json["$schema"] as string)).toBe(join(root, "schema", "ruleset.schema.json"));
      });

      it("validates with no errors", () => {
        const { diagnostics } = validateRuleset(json);
        expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      });

      it("passes the generated JSON Schema", () => {
        expect(schemaCheck(json), JSON.stringify(schemaCheck.errors)).toBe(true);
      });

      it("has a folder named after its id and a file named after its version", () => {
        expect(name).toBe(`${json["id"] as string}/${json["version"] as string}.json`);
      });

      const goldenFile = file.replace(/\.json$/, ".golden.json");
      it("has golden cases beside it (at least 12)", () => {
        expect(existsSync(goldenFile)).toBe(true);
        expect((readJson(goldenFile) as GoldenCase[]).length).toBeGreaterThanOrEqual(12);
      });
      if (!existsSync(goldenFile)) return;

      const compiled = compileRuleset(json, name);
      const cases = readJson(goldenFile) as GoldenCase[];
      it("dates every golden case within the period the version is in force in the shipped registry", () => {
        // The document may declare no end; its successor in the registry ends it.
        const { from, to } = registry.entry(json["id"] as string, json["version"] as string)!.effective;
        for (const c of cases) expect(from <= c.asOf && (to === undefined || c.asOf <= to), `${c.name}: ${c.asOf} in ${from} to ${to ?? "open"}`).toBe(true);
      });
      // Every case runs through the library's runner, the one `credit-grading test` uses.
      const report = runGoldenCases(compiled, cases);
      it("fits the golden-case JSON Schema (schema/golden.schema.json)", () => {
        expect(goldenCheck(cases), JSON.stringify(goldenCheck.errors)).toBe(true);
        expect(report.issues).toEqual([]);
      });
      it.each(report.cases.map((o, i) => [o.name, o, cases[i]!] as const))("golden: %s", (_name, outcome, c) => {
        expect(c.basis.length).toBeGreaterThan(0);
        expect(outcome.mismatches).toEqual([]);
        expect(outcome.passed).toBe(true);
      });
    });
  }
});
