/** The seeded example-data generator and the bundled `examples/data/subjects.ndjson`. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isIsoDate, validateUscc } from "../src/index.js";
import {
  DATA_AS_OF,
  DEFAULT_COUNT,
  DEFAULT_SEED,
  generateSubjectRows,
  generateSubjects,
  mulberry32,
  PROPERTY_SERVICES,
  SUBJECTS_FILE,
  subjectsNdjson,
} from "../scripts/generate-subjects.js";

describe("generateSubjects", () => {
  it("mulberry32 is a fixed stream for a seed", () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it("gives identical output for the same seed", () => {
    expect(JSON.stringify(generateSubjects(500, 42))).toBe(JSON.stringify(generateSubjects(500, 42)));
  });

  it("gives different output for a different seed", () => {
    expect(JSON.stringify(generateSubjects(500, 42))).not.toBe(JSON.stringify(generateSubjects(500, 43)));
  });

  it("returns exactly count subjects", () => {
    expect(generateSubjects(0, 1)).toEqual([]);
    expect(generateSubjects(37, 1)).toHaveLength(37);
  });

  const rows = generateSubjectRows(DEFAULT_COUNT, DEFAULT_SEED);
  const good = rows.filter((r) => r.defect === null);

  it("gives every good row a valid, unique unified social credit code (strict GB 32100 + GB 11714)", () => {
    const ids = good.map((r) => r.subject.id);
    for (const id of ids) {
      const v = validateUscc(id, { mode: "strict" });
      expect(v.valid, `${id}: ${v.valid ? "" : v.message}`).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("mostly issues market-supervision codes (department 9, categories 1–3) across several regions", () => {
    const ids = good.map((r) => r.subject.id!);
    const dept9 = ids.filter((id) => /^9[123]/.test(id)).length;
    expect(dept9 / ids.length).toBeGreaterThan(0.9);
    for (const c of ["91", "92", "93"]) expect(ids.some((id) => id.startsWith(c))).toBe(true);
    expect(new Set(ids.map((id) => id.slice(2, 8))).size).toBeGreaterThan(10);
  });

  it("has about 1% deliberately bad rows and some missing values", () => {
    const bad = rows.length - good.length;
    expect(bad).toBeGreaterThan(rows.length * 0.003);
    expect(bad).toBeLessThan(rows.length * 0.03);
    const missingYears = good.filter((r) => r.subject.inputs["yearsInOperation"] === undefined).length;
    const missingTax = good.filter((r) => r.subject.inputs["taxCreditLevel"] === undefined).length;
    expect(missingYears).toBeGreaterThan(0);
    expect(missingTax).toBeGreaterThan(0);
  });

  it("tags about 15% as property-service enterprises carrying the industry inputs", () => {
    const property = good.filter((r) => r.subject.industry === PROPERTY_SERVICES);
    expect(property.length / good.length).toBeGreaterThan(0.1);
    expect(property.length / good.length).toBeLessThan(0.2);
    for (const r of property) expect(r.subject.inputs).toHaveProperty("certifiedManagerRatio");
    for (const r of good.filter((x) => x.subject.industry === undefined)) {
      expect(r.subject.inputs).not.toHaveProperty("certifiedManagerRatio");
      for (const rec of r.subject.records) expect(["property-complaint", "rectification-order"]).not.toContain(rec.type);
      expect(r.subject.records.some((rec) => rec.type === "list-entry" && rec["list"] === "诚信黑名单")).toBe(false);
    }
  });

  // Every record type the 1.1.0 rulesets declare, with its declared fields.
  interface FieldDef { id: string; type: string; values?: string[]; required?: boolean }
  const declared = new Map<string, FieldDef[]>();
  for (const file of ["rulesets/hlj-public-composite/1.1.0.json", "rulesets/hlj-property-services/1.1.0.json"]) {
    const doc = JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), "utf8")) as { records: { types: { id: string; fields?: FieldDef[] }[] } };
    for (const t of doc.records.types) declared.set(t.id, t.fields ?? []);
  }
  const goodRecords = good.flatMap((r) => r.subject.records.map((rec) => ({ rec, subject: r.subject })));

  it("gives good rows records of declared types, with valid dates and declared fields", () => {
    expect(goodRecords.length).toBeGreaterThan(good.length);
    for (const { rec, subject } of goodRecords) {
      const where = `${subject.id} ${rec.id}`;
      const fields = declared.get(rec.type);
      expect(fields, `${where}: type ${rec.type}`).toBeDefined();
      expect(isIsoDate(rec.date), `${where}: date ${rec.date}`).toBe(true);
      for (const k of ["repairedAt", "revokedAt", "publicUntil"]) {
        if (rec[k] !== undefined) {
          expect(isIsoDate(rec[k]), `${where}: ${k}`).toBe(true);
          expect((rec[k] as string) > rec.date, `${where}: ${k} after the record's date`).toBe(true);
        }
      }
      if (rec.type === "penalty") expect(["minor", "general", "serious"]).toContain(rec["severity"]);
      for (const f of fields!) {
        const v = rec[f.id];
        if (v === undefined) {
          expect(f.required === true, `${where}: required field ${f.id}`).toBe(false);
          continue;
        }
        if (f.type === "date") expect(isIsoDate(v), `${where}: ${f.id}`).toBe(true);
        else if (f.type === "category") expect(f.values).toContain(v);
        else expect(typeof v, `${where}: ${f.id}`).toBe(f.type);
      }
    }
    for (const r of good) expect(new Set(r.subject.records.map((x) => x.id)).size).toBe(r.subject.records.length);
  });

  it("has records that no longer count (repaired, past publicity, after the as-of date) beside ones that do", () => {
    const recs = goodRecords.map((x) => x.rec);
    expect(recs.some((r) => r["repairedAt"] !== undefined && (r["repairedAt"] as string) <= DATA_AS_OF)).toBe(true);
    expect(recs.some((r) => r.type === "penalty" && r["severity"] === "general" && r.date < "2024-12-31")).toBe(true);
    expect(recs.some((r) => r.date > DATA_AS_OF)).toBe(true);
    for (const type of declared.keys()) expect(recs.some((r) => r.type === type), type).toBe(true);
    const lists = new Set(recs.filter((r) => r.type === "list-entry").map((r) => r["list"]));
    expect(lists).toEqual(new Set(["严重失信主体名单", "经营异常名录", "诚信黑名单"]));
    const commitments = recs.filter((r) => r.type === "commitment");
    expect(commitments.some((r) => r["honoured"] === true) && commitments.some((r) => r["honoured"] === false)).toBe(true);
  });

  it("bundles examples/data/subjects.ndjson exactly as generated (3000 subjects, seed 20221)", () => {
    const bundled = readFileSync(SUBJECTS_FILE, "utf8");
    const fresh = subjectsNdjson(DEFAULT_COUNT, DEFAULT_SEED);
    expect(
      bundled === fresh,
      "examples/data/subjects.ndjson is stale: run `npx tsx scripts/generate-subjects.ts` and commit the file",
    ).toBe(true);
    expect(bundled.trimEnd().split("\n")).toHaveLength(3000);
  });
});
