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
import { compileRuleset, validateRuleset } from "../src/index.js";
import { loadRegistry } from "../src/node/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const rulesetsDir = join(root, "rulesets");

interface GoldenCase {
  name: string;
  basis: string;
  asOf: string;
  /** Evaluate with `trace: true` (every rule's outcome is then in the result). */
  trace?: boolean;
  subject: unknown;
  expect: {
    grade: string | null;
    label?: string;
    score?: number;
    gradable?: boolean;
    /** How the grade was decided: score, direct-judgment or not-gradable. */
    decidedBy?: string;
    /** The band's grade before rules (null when the score could not be computed). */
    scoreGrade?: string | null;
    /** Points added by adjust-points rules before banding. */
    adjustment?: number;
    /** The ids of every rule that fired, in any order (exactly these, no others). */
    firedRules?: string[];
    /** For a fired rule, the value of every fact it reads. */
    ruleFacts?: Record<string, Record<string, unknown>>;
    /** Derived facts that must have these values (others are not compared). */
    facts?: Record<string, unknown>;
    /** Records left out, as "recordId:REASON", in any order (exactly these). */
    excluded?: string[];
    /** The ids of the measures that go with the grade, in any order (exactly these; [] when not gradable). */
    measures?: string[];
    /** The ids of the measures fired rules added, in order (exactly these). */
    addedMeasures?: string[];
    /** The ids of the outputs fired rules emitted, in order (exactly these). */
    outputs?: string[];
    /** The grade's sampling ratio, exactly (no `max` = no upper limit), or null when the ruleset declares none. */
    sampling?: { min: number; max?: number } | null;
  };
}

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
      it.each(cases.map((c) => [c.name, c] as const))("golden: %s", (_name, c) => {
        expect(c.basis.length).toBeGreaterThan(0);
        const result = compiled.evaluate(c.subject, { asOf: c.asOf, ...(c.trace === true ? { trace: true } : {}) });
        const want = c.expect;
        expect(result.grade).toBe(want.grade);
        if (want.gradable !== undefined) expect(result.gradable).toBe(want.gradable);
        if (want.label !== undefined) expect(result.label).toBe(want.label);
        if (want.score !== undefined) expect(result.score).toBe(want.score);
        if (want.decidedBy !== undefined) expect(result.decidedBy).toBe(want.decidedBy);
        if (want.scoreGrade !== undefined) expect(result.scoreGrade).toBe(want.scoreGrade);
        if (want.adjustment !== undefined) expect(result.adjustment).toBe(want.adjustment);
        const fired = result.rules.filter((o) => o.fired);
        if (want.firedRules !== undefined) expect(fired.map((o) => o.id).sort()).toEqual([...want.firedRules].sort());
        for (const [id, facts] of Object.entries(want.ruleFacts ?? {})) {
          const outcome = fired.find((o) => o.id === id);
          expect(outcome, `rule ${id} fired`).toBeDefined();
          expect(outcome!.facts).toEqual(facts);
        }
        if (want.facts !== undefined) expect({ ...result.facts }).toMatchObject(want.facts);
        if (want.excluded !== undefined) {
          expect(result.excludedRecords.map((r) => `${r.recordId}:${r.reason}`).sort()).toEqual([...want.excluded].sort());
        }
        if (want.measures !== undefined) expect(result.measures.map((m) => m.id).sort()).toEqual([...want.measures].sort());
        if (want.addedMeasures !== undefined) expect(result.addedMeasures.map((m) => m.id)).toEqual(want.addedMeasures);
        if (want.outputs !== undefined) expect(result.outputs.map((o) => o.id)).toEqual(want.outputs);
        if (want.sampling !== undefined) expect(result.sampling === null ? null : { ...result.sampling.ratio }).toEqual(want.sampling);
        if (want.grade === null) {
          expect(result.gradable).toBe(false);
          expect(result.notGradable.length).toBeGreaterThan(0);
        }
      });
    });
  }
});
