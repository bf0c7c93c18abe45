/**
 * The ruleset registry: resolution by effective date on the shipped rulesets, immutable
 * versions, period diagnostics, the two dates of a decision, and the file-system loader.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { createRegistry, CreditGradingError, formatRegistryDiagnostic, type Registry, RegistryError, replay, RulesetError, type Ruleset, rulesetHash, toDecisionRecord } from "../src/index.js";
import { addDuration } from "../src/base/date.js";
import { loadRegistry } from "../src/node/index.js";
import golden100 from "../rulesets/hlj-public-composite/1.0.0.golden.json" with { type: "json" };
import golden110 from "../rulesets/hlj-public-composite/1.1.0.golden.json" with { type: "json" };
import { catchError, clone, weightsRuleset } from "./fixtures.js";

const HLJ = "hlj-public-composite";

/** The fixture as version `version`, in force over `[from, to]`. */
function version(v: string, from: string, to?: string): Ruleset {
  const r = weightsRuleset();
  return { ...r, version: v, effective: to === undefined ? { from } : { from, to } };
}

const subject = { id: "S1", inputs: { years: 6, penalties: 1, honoured: true } };

describe("shipped rulesets through loadRegistry", () => {
  // Relative to the working directory, as a host would call it; vitest runs from the package root.
  const registry = loadRegistry("rulesets");

  it("holds every scheme and orders versions by effective date", () => {
    expect(registry.schemes()).toContain(HLJ);
    expect(registry.schemes()).toEqual([...registry.schemes()].sort());
    const versions = registry.versions(HLJ);
    expect(versions.map((e) => e.ref.version)).toEqual(["1.0.0", "1.1.0"]);
    expect(versions.map((e) => e.source)).toEqual([join("rulesets", HLJ, "1.0.0.json"), join("rulesets", HLJ, "1.1.0.json")]);
    expect(versions[0]!.effective).toEqual({ from: "2022-01-01", to: "2025-06-30" });
    expect(versions[1]!.effective).toEqual({ from: "2025-07-01", to: undefined });
  });

  it("reports no error diagnostics for the shipped rulesets", () => {
    expect(registry.diagnostics().filter((d) => d.severity === "error")).toEqual([]);
  });

  it.each([
    ["2022-01-01", "1.0.0"],
    ["2024-12-31", "1.0.0"],
    ["2025-06-30", "1.0.0"],
    ["2025-07-01", "1.1.0"],
    ["2030-01-01", "1.1.0"],
  ])("resolves %s to %s", (asOf, expected) => {
    const compiled = registry.resolve(HLJ, asOf);
    expect(compiled.ref.version).toBe(expected);
    expect(compiled.ref.scheme).toBe(HLJ);
  });

  it("refuses a date before the first version, naming the scheme, the date and the known periods", () => {
    const e = catchError(() => registry.resolve(HLJ, "2021-12-31"));
    expect(e).toBeInstanceOf(RegistryError);
    expect(e).toBeInstanceOf(CreditGradingError);
    expect(e).toMatchObject({ kind: "NO_VERSION_IN_EFFECT", code: "NOT_IN_EFFECT" });
    const message = (e as Error).message;
    expect(message).toContain(HLJ);
    expect(message).toContain("2021-12-31");
    expect(message).toContain("1.0.0 2022-01-01 to 2025-06-30");
    expect(message).toContain("1.1.0 2025-07-01 to open");
  });

  it("refuses an unknown scheme, listing the schemes it holds", () => {
    const e = catchError(() => registry.resolve("no-such-scheme", "2025-01-01"));
    expect(e).toMatchObject({ kind: "UNKNOWN_SCHEME", code: "NOT_IN_EFFECT" });
    expect((e as Error).message).toContain(HLJ);
  });

  it("refuses an as-of date that is not a calendar date", () => {
    expect(catchError(() => registry.resolve(HLJ, "2025-02-29"))).toMatchObject({ kind: "INVALID_DATE", code: "INVALID_OPTIONS" });
  });

  it("finds a version by id@version and by content hash", () => {
    const v100 = registry.get(HLJ, "1.0.0")!;
    expect(v100.ref.version).toBe("1.0.0");
    expect(registry.byHash(v100.ref.contentHash)).toBe(v100);
    expect(registry.resolve(HLJ, "2025-06-30")).toBe(v100);
    expect(registry.get(HLJ, "9.9.9")).toBeUndefined();
    expect(registry.byHash("sha256:0")).toBeUndefined();
  });

  describe("evaluate with two dates", () => {
    const golden = golden100[0]!;

    it("an objection decided 2026-03-01 about the period 2025-06-30 uses 1.0.0", () => {
      const decided = registry.evaluate(HLJ, golden.subject, { asOf: "2025-06-30", decidedAt: "2026-03-01" });
      expect(decided.ruleset.version).toBe("1.0.0");
      expect(decided.ruleset).toBe(decided.evaluation.ruleset);
      expect(decided.evaluation.asOf).toBe("2025-06-30");
      expect(decided.decidedAt).toBe("2026-03-01");
      expect(decided.source).toBe(join("rulesets", HLJ, "1.0.0.json"));
      expect(decided.evaluation.grade).toBe(golden.expect.grade);
      expect(decided.evaluation.score).toBe(golden.expect.score);
      // The same as evaluating the resolved version directly.
      expect(decided.evaluation).toEqual(registry.get(HLJ, "1.0.0")!.evaluate(golden.subject, { asOf: "2025-06-30" }));
    });

    it("a decision on the last day of the period is allowed", () => {
      expect(registry.evaluate(HLJ, golden.subject, { asOf: "2025-06-30", decidedAt: "2025-06-30" }).decidedAt).toBe("2025-06-30");
    });

    it("refuses decidedAt before the period's as-of date", () => {
      const e = catchError(() => registry.evaluate(HLJ, golden.subject, { asOf: "2025-06-30", decidedAt: "2025-06-29" }));
      expect(e).toMatchObject({ kind: "DECIDED_BEFORE_PERIOD", code: "INVALID_OPTIONS" });
      expect((e as Error).message).toContain("2025-06-29");
      expect((e as Error).message).toContain("2025-06-30");
    });

    it("refuses a decidedAt that is not a real date", () => {
      for (const decidedAt of ["2026-02-30", "2026-3-1", ""]) {
        expect(catchError(() => registry.evaluate(HLJ, golden.subject, { asOf: "2025-06-30", decidedAt }))).toMatchObject({ kind: "INVALID_DATE" });
      }
    });

    it("safeEvaluate returns errors instead of throwing", () => {
      const ok = registry.safeEvaluate(HLJ, golden.subject, { asOf: "2025-06-30", decidedAt: "2026-03-01" });
      expect(ok.success && ok.data.ruleset.version).toBe("1.0.0");
      const bad = registry.safeEvaluate(HLJ, golden.subject, { asOf: "2021-06-30", decidedAt: "2026-03-01" });
      expect(bad.success).toBe(false);
      expect(!bad.success && bad.error).toBeInstanceOf(RegistryError);
      const badSubject = registry.safeEvaluate(HLJ, { inputs: {} }, { asOf: "2025-06-30", decidedAt: "2026-03-01" });
      expect(!badSubject.success && badSubject.error.code).toBe("SUBJECT_INVALID");
    });
  });
});

describe("publishing 1.1.0 beside an unchanged 1.0.0 (issue #12)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const shippedText = (v: string): string => readFileSync(join("rulesets", HLJ, `${v}.json`), "utf8");

  it("keeps 1.0.0's content hash and every decision recorded under it, and dates pick the right version", () => {
    const dir = mkdtempSync(join(tmpdir(), "registry-publish-"));
    dirs.push(dir);
    mkdirSync(join(dir, HLJ));
    const file100 = join(dir, HLJ, "1.0.0.json");
    writeFileSync(file100, shippedText("1.0.0"));
    const bytes100 = readFileSync(file100, "utf8");

    // Before 1.1.0 exists: 1.0.0 is open-ended, and decisions are recorded under it.
    const before = loadRegistry(dir);
    const entryBefore = before.entry(HLJ, "1.0.0")!;
    expect(entryBefore.effective).toEqual({ from: "2022-01-01", to: undefined });
    const records = golden100.map((c) =>
      toDecisionRecord(before.evaluate(HLJ, c.subject, { asOf: c.asOf, decidedAt: "2025-07-15" }).evaluation, c.subject, { decidedAt: "2025-07-15", includeInput: true }),
    );
    // Published a day before the new rules apply, before anyone knew of 1.1.0: graded under 1.0.0.
    const late = toDecisionRecord(before.evaluate(HLJ, golden100[0]!.subject, { asOf: "2025-07-01", decidedAt: "2025-07-01" }).evaluation, golden100[0]!.subject, {
      decidedAt: "2025-07-01",
      includeInput: true,
    });
    expect(late.ruleset.version).toBe("1.0.0");

    // Publish 1.1.0: one new file, 1.0.0.json untouched.
    writeFileSync(join(dir, HLJ, "1.1.0.json"), shippedText("1.1.0"));
    const after = loadRegistry(dir);
    expect(readFileSync(file100, "utf8")).toBe(bytes100);
    expect(after.diagnostics()).toEqual([]);
    const entryAfter = after.entry(HLJ, "1.0.0")!;
    expect(entryAfter.ref).toEqual(entryBefore.ref);
    expect(entryAfter.ref.contentHash).toBe(rulesetHash(JSON.parse(bytes100) as Ruleset));
    expect(entryAfter.declared).toEqual({ from: "2022-01-01", to: undefined });
    expect(entryAfter.effective).toEqual({ from: "2022-01-01", to: "2025-06-30" });
    expect(entryAfter.successor).toEqual({ ref: after.entry(HLJ, "1.1.0")!.ref, from: "2025-07-01" });

    // Every recorded decision replays under the version its hash names, unchanged.
    for (const rec of [...records, late]) {
      const compiled = after.byHash(rec.ruleset.contentHash);
      expect(compiled?.ref.version).toBe("1.0.0");
      expect(replay(rec, compiled!)).toMatchObject({ ok: true });
    }

    // The day before 1.1.0 starts → 1.0.0; its first day → 1.1.0.
    const subject100 = golden100[0]!.subject;
    expect(after.evaluate(HLJ, subject100, { asOf: "2025-06-30", decidedAt: "2026-03-01" }).ruleset.version).toBe("1.0.0");
    const subject110 = golden110.find((c) => c.asOf >= "2025-07-01")!.subject;
    expect(after.evaluate(HLJ, subject110, { asOf: "2025-07-01", decidedAt: "2026-03-01" }).ruleset.version).toBe("1.1.0");
    expect(after.resolve(HLJ, "2025-06-30").ref.contentHash).toBe(entryBefore.ref.contentHash);
  });

  it("in memory: adding 1.1.0 ends 1.0.0 without changing it; the entry returned earlier keeps what it said", () => {
    const registry = createRegistry();
    const first = registry.add(JSON.parse(shippedText("1.0.0")), "1.0.0.json").entry;
    registry.add(JSON.parse(shippedText("1.1.0")), "1.1.0.json");
    const now = registry.entry(HLJ, "1.0.0")!;
    expect(now.compiled).toBe(first.compiled);
    expect(now.ref).toBe(first.ref);
    expect(first.effective.to).toBeUndefined();
    expect(now.effective.to).toBe("2025-06-30");
    expect(registry.resolve(HLJ, "2025-06-30")).toBe(first.compiled);
    expect(registry.resolve(HLJ, "2025-07-01").ref.version).toBe("1.1.0");
  });
});

describe("immutable versions", () => {
  it("adding the same content twice is a no-op, even with a different $schema or key order", () => {
    const registry = createRegistry();
    const first = registry.add(version("1.0.0", "2025-01-01"), "a.json");
    expect(first.status).toBe("added");
    const reordered = Object.fromEntries(Object.entries(version("1.0.0", "2025-01-01")).reverse());
    const again = registry.add({ ...reordered, $schema: "../schema.json" }, "b.json");
    expect(again.status).toBe("unchanged");
    expect(again.entry).toBe(first.entry);
    expect(again.entry.source).toBe("a.json");
    expect(registry.versions("fixture-weights")).toHaveLength(1);
  });

  it("adding the same id@version with different content is VERSION_CONFLICT naming both hashes", () => {
    const registry = createRegistry();
    const { entry } = registry.add(version("1.0.0", "2025-01-01"), "a.json");
    const changed = version("1.0.0", "2025-01-01");
    changed.bands[1]!.min = 76;
    changed.bands[2]!.max = 76;
    const e = catchError(() => registry.add(changed, "b.json"));
    expect(e).toBeInstanceOf(RegistryError);
    expect(e).toMatchObject({ kind: "VERSION_CONFLICT", code: "RULESET_INVALID" });
    const other = createRegistry().add(changed).entry.ref.contentHash;
    expect(other).not.toBe(entry.ref.contentHash);
    const message = (e as Error).message;
    expect(message).toContain(entry.ref.contentHash);
    expect(message).toContain(other);
    expect(message).toContain("a.json");
    expect(message).toContain("b.json");
    expect((e as RegistryError).diagnostics[0]).toMatchObject({ code: "VERSION_CONFLICT", sources: ["b.json", "a.json"] });
    // The first version is untouched.
    expect(registry.get("fixture-weights", "1.0.0")!.ref.contentHash).toBe(entry.ref.contentHash);
  });

  it("an invalid document is a RulesetError naming the source; safeAdd returns it", () => {
    const registry = createRegistry();
    const bad = { ...weightsRuleset(), bands: [] };
    expect(() => registry.add(bad, "bad.json")).toThrow(RulesetError);
    expect(() => registry.add(bad, "bad.json")).toThrow(/^bad\.json: invalid ruleset/);
    const r = registry.safeAdd(bad, "bad.json");
    expect(r.success).toBe(false);
    expect(registry.schemes()).toEqual([]);
  });

  it("compiled versions cannot be changed through the registry or the caller's object", () => {
    const registry = createRegistry();
    const doc = version("1.0.0", "2025-01-01");
    registry.add(doc);
    doc.bands[0]!.min = 0;
    const compiled = registry.get("fixture-weights", "1.0.0")!;
    expect(compiled.ruleset.bands[0]!.min).toBe(90);
    expect(Object.isFrozen(compiled.ruleset)).toBe(true);
    expect(Object.isFrozen(registry)).toBe(true);
  });

  it("names an in-memory version by id@version when it has no source", () => {
    const registry = createRegistry();
    expect(registry.add(version("1.0.0", "2025-01-01")).entry.source).toBe("fixture-weights@1.0.0");
  });
});

describe("period diagnostics", () => {
  function registryOf(...versions: Ruleset[]): Registry {
    const registry = createRegistry();
    for (const v of versions) registry.add(v, `${v.id}/${v.version}.json`);
    return registry;
  }

  it("two versions starting on the same day are a REGISTRY_OVERLAP error naming both files", () => {
    const registry = registryOf(version("1.0.0", "2024-01-01", "2024-12-31"), version("1.1.0", "2024-07-01"), version("1.2.0", "2024-07-01"));
    const diags = registry.diagnostics();
    expect(diags.map((d) => d.code)).toEqual(["REGISTRY_OVERLAP", "REGISTRY_SUPERSEDED"]);
    expect(diags[0]).toMatchObject({
      code: "REGISTRY_OVERLAP",
      severity: "error",
      scheme: "fixture-weights",
      path: ["effective", "from"],
      versions: ["fixture-weights@1.2.0", "fixture-weights@1.1.0"],
      sources: ["fixture-weights/1.2.0.json", "fixture-weights/1.1.0.json"],
    });
    expect(diags[0]!.message).toContain("both start on 2024-07-01");
    expect(formatRegistryDiagnostic(diags[0]!)).toMatch(/^fixture-weights\/1\.2\.0\.json: error REGISTRY_OVERLAP at \$\.effective\.from: /);
    // From their common start day resolve refuses to choose; before it, 1.0.0 is in force.
    expect(catchError(() => registry.resolve("fixture-weights", "2024-07-01"))).toMatchObject({ kind: "AMBIGUOUS_VERSION" });
    expect(registry.resolve("fixture-weights", "2024-06-30").ref.version).toBe("1.0.0");
  });

  it("a declared end after the successor starts: the successor ends it (the earlier end wins), an info says so", () => {
    const registry = registryOf(version("1.0.0", "2024-01-01", "2024-12-31"), version("1.1.0", "2024-07-01"));
    const diags = registry.diagnostics();
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({
      code: "REGISTRY_SUPERSEDED",
      severity: "info",
      path: ["effective", "to"],
      versions: ["fixture-weights@1.0.0", "fixture-weights@1.1.0"],
      sources: ["fixture-weights/1.0.0.json", "fixture-weights/1.1.0.json"],
    });
    expect(diags[0]!.message).toContain("declares effective.to 2024-12-31");
    expect(diags[0]!.message).toContain("in force to 2024-06-30");
    const [v100, v110] = registry.versions("fixture-weights");
    expect(v100!.declared).toEqual({ from: "2024-01-01", to: "2024-12-31" });
    expect(v100!.effective).toEqual({ from: "2024-01-01", to: "2024-06-30" });
    expect(v100!.successor).toEqual({ ref: v110!.ref, from: "2024-07-01" });
    expect(registry.resolve("fixture-weights", "2024-06-30").ref.version).toBe("1.0.0");
    expect(registry.resolve("fixture-weights", "2024-07-01").ref.version).toBe("1.1.0");
    expect(registry.resolve("fixture-weights", "2024-12-31").ref.version).toBe("1.1.0");
  });

  it("a version declaring no end is ended by every later one in turn, whatever the order they were added in", () => {
    const registry = registryOf(version("3.0.0", "2023-01-01"), version("1.0.0", "2020-01-01"), version("2.0.0", "2022-01-01", "2022-12-31"));
    expect(registry.diagnostics()).toEqual([]);
    expect(registry.versions("fixture-weights").map((e) => [e.ref.version, e.effective.from, e.effective.to, e.successor?.ref.version])).toEqual([
      ["1.0.0", "2020-01-01", "2021-12-31", "2.0.0"],
      ["2.0.0", "2022-01-01", "2022-12-31", "3.0.0"],
      ["3.0.0", "2023-01-01", undefined, undefined],
    ]);
    expect(registry.entry("fixture-weights", "1.0.0")).toBe(registry.versions("fixture-weights")[0]);
    expect(registry.entry("fixture-weights", "9.9.9")).toBeUndefined();
  });

  it("a withdrawn version (effective.to, no successor) is in force to its declared end only", () => {
    const registry = registryOf(version("1.0.0", "2024-01-01", "2024-12-31"));
    expect(registry.versions("fixture-weights")[0]!.effective).toEqual({ from: "2024-01-01", to: "2024-12-31" });
    expect(catchError(() => registry.resolve("fixture-weights", "2025-01-01"))).toMatchObject({ kind: "NO_VERSION_IN_EFFECT" });
  });

  it("reports a gap between consecutive versions as a REGISTRY_GAP warning with its days", () => {
    const registry = registryOf(version("1.1.0", "2025-03-01"), version("1.0.0", "2024-01-01", "2024-12-31"));
    const diags = registry.diagnostics("fixture-weights");
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({
      code: "REGISTRY_GAP",
      severity: "warning",
      path: ["effective", "from"],
      versions: ["fixture-weights@1.1.0", "fixture-weights@1.0.0"],
      sources: ["fixture-weights/1.1.0.json", "fixture-weights/1.0.0.json"],
    });
    expect(diags[0]!.message).toContain("from 2025-01-01 to 2025-02-28");
    const e = catchError(() => registry.resolve("fixture-weights", "2025-02-01"));
    expect(e).toMatchObject({ kind: "NO_VERSION_IN_EFFECT" });
    expect((e as Error).message).toContain("1.0.0 2024-01-01 to 2024-12-31");
    expect((e as Error).message).toContain("1.1.0 2025-03-01 to open");
  });

  it("adjacent periods have neither gap nor overlap, whatever order they were added in", () => {
    const registry = registryOf(version("1.2.0", "2025-01-01"), version("1.0.0", "2023-01-01", "2023-12-31"), version("1.1.0", "2024-01-01", "2024-12-31"));
    expect(registry.diagnostics()).toEqual([]);
    expect(registry.versions("fixture-weights").map((e) => e.ref.version)).toEqual(["1.0.0", "1.1.0", "1.2.0"]);
  });

  it("keeps schemes apart and filters by scheme", () => {
    const other = { ...version("1.0.0", "2026-01-01"), id: "other", scheme: "other" };
    const registry = registryOf(version("1.0.0", "2024-01-01", "2024-06-30"), version("1.1.0", "2024-09-01"), other);
    expect(registry.schemes()).toEqual(["fixture-weights", "other"]);
    expect(registry.diagnostics("other")).toEqual([]);
    expect(registry.diagnostics("fixture-weights")).toHaveLength(1);
    expect(registry.diagnostics("unknown")).toEqual([]);
    expect(registry.versions("unknown")).toEqual([]);
  });

  it("evaluates each date under its own version", () => {
    const v2 = version("2.0.0", "2025-01-01");
    // 2.0.0 grades the same subject one band lower.
    v2.bands = v2.bands.map((b) => (b.grade === "B" ? { ...b, min: 85 } : b.grade === "C" ? { ...b, max: 85 } : b));
    const registry = registryOf(version("1.0.0", "2024-01-01", "2024-12-31"), v2);
    const old = registry.evaluate("fixture-weights", subject, { asOf: "2024-12-31", decidedAt: "2025-05-01" });
    const now = registry.evaluate("fixture-weights", subject, { asOf: "2025-05-01", decidedAt: "2025-05-01" });
    expect(old.ruleset.version).toBe("1.0.0");
    expect(now.ruleset.version).toBe("2.0.0");
    expect(old.evaluation.score).toBe(now.evaluation.score);
    expect([old.evaluation.grade, now.evaluation.grade]).toEqual(["B", "C"]);
  });
});

describe("property: resolve picks the latest version started by the date, unless its declared end has passed", () => {
  const BASE = "2020-01-01";
  const day = (n: number): string => addDuration(BASE, { years: 0, months: 0, days: n });

  // Distinct start days in increasing order; each version may declare an end, before, at or past
  // the next start (a gap, adjacent, cut short by its successor); added in a random order.
  const periods = fc
    .record({
      steps: fc.array(fc.record({ gap: fc.integer({ min: 1, max: 6 }), length: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }) }), { minLength: 1, maxLength: 5 }),
      order: fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
    })
    .map(({ steps, order }) => {
      let from = -1;
      const list = steps.map((s, i) => {
        from += s.gap;
        return { version: `1.${i}.0`, from, to: s.length === undefined ? undefined : from + s.length - 1 };
      });
      const shuffled = list
        .map((p, i) => ({ p, k: order[i]! }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.p);
      return { list, shuffled };
    });
  const registryOf = (shuffled: { version: string; from: number; to: number | undefined }[]): Registry => {
    const registry = createRegistry();
    for (const p of shuffled) registry.add(version(p.version, day(p.from), p.to === undefined ? undefined : day(p.to)));
    return registry;
  };

  it("resolve(scheme, d) is the version with the latest start on or before d, or none when its declared end is before d", () => {
    fc.assert(
      fc.property(periods, fc.integer({ min: -2, max: 50 }), ({ list, shuffled }, d) => {
        const registry = registryOf(shuffled);
        expect(registry.diagnostics().filter((x) => x.severity === "error")).toEqual([]);
        const latest = list.filter((p) => p.from <= d).at(-1);
        const expected = latest !== undefined && (latest.to === undefined || d <= latest.to) ? latest.version : null;
        const r = (() => {
          try {
            return registry.resolve("fixture-weights", day(d)).ref.version;
          } catch (e) {
            if (e instanceof RegistryError && e.kind === "NO_VERSION_IN_EFFECT") return null;
            throw e;
          }
        })();
        expect(r).toBe(expected);
      }),
      { numRuns: 150 },
    );
  });

  it("gap warnings appear exactly after a declared end that falls before the next start's eve; infos exactly where the successor cuts a declared end short", () => {
    fc.assert(
      fc.property(periods, ({ list, shuffled }) => {
        const diags = registryOf(shuffled).diagnostics();
        const of = (code: string) => diags.filter((x) => x.code === code).map((x) => x.versions[0]);
        const next = (i: number) => list[i + 1]!.from;
        const early = list.slice(0, -1).filter((p, i) => p.to !== undefined && p.to + 1 < next(i));
        const cut = list.slice(0, -1).filter((p, i) => p.to !== undefined && p.to >= next(i));
        expect(of("REGISTRY_GAP")).toEqual(early.map((p) => `fixture-weights@${list[list.indexOf(p) + 1]!.version}`));
        expect(of("REGISTRY_SUPERSEDED")).toEqual(cut.map((p) => `fixture-weights@${p.version}`));
      }),
      { numRuns: 100 },
    );
  });
});

describe("loadRegistry on a folder", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  function folder(files: Record<string, string | object>): string {
    const dir = mkdtempSync(join(tmpdir(), "registry-"));
    dirs.push(dir);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(dir, path, ".."), { recursive: true });
      writeFileSync(join(dir, path), typeof content === "string" ? content : JSON.stringify(content));
    }
    return dir;
  }
  function loadError(dir: string): RegistryError {
    const e = catchError(() => loadRegistry(dir));
    expect(e).toBeInstanceOf(RegistryError);
    expect(e).toMatchObject({ kind: "LOAD_FAILED", code: "RULESET_INVALID" });
    return e as RegistryError;
  }

  it("skips golden cases, READMEs and top-level files", () => {
    const dir = folder({
      "README.md": "# rulesets",
      "index.json": "not read",
      "fixture-weights/README.md": "# fixture",
      "fixture-weights/1.0.0.json": version("1.0.0", "2025-01-01"),
      "fixture-weights/1.0.0.golden.json": [],
    });
    const registry = loadRegistry(dir);
    expect(registry.versions("fixture-weights").map((e) => e.source)).toEqual([join(dir, "fixture-weights", "1.0.0.json")]);
  });

  it("collects every error of every file, each naming its file", () => {
    // elsewhere/1.0.0.json is the same document as fixture-weights/1.0.0.json: only its folder is wrong.
    const misplaced = version("1.0.0", "2025-01-01", "2025-12-31");
    const dir = folder({
      "fixture-weights/1.0.0.json": misplaced,
      "fixture-weights/1.1.0.json": version("1.2.0", "2026-01-01"),
      "elsewhere/1.0.0.json": misplaced,
      "fixture-weights/2.0.0.json": "{ not json",
      "fixture-weights/3.0.0.json": { ...version("3.0.0", "2030-01-01"), bands: [] },
    });
    const e = loadError(dir);
    const bySource = (file: string) => e.diagnostics.filter((d) => d.sources[0] === join(dir, file)).map((d) => d.code);
    expect(bySource("fixture-weights/1.1.0.json")).toEqual(["FILE_NAME_MISMATCH"]);
    expect(bySource("elsewhere/1.0.0.json")).toEqual(["FOLDER_MISMATCH"]);
    expect(bySource("fixture-weights/2.0.0.json")).toEqual(["NOT_JSON"]);
    expect(bySource("fixture-weights/3.0.0.json").length).toBeGreaterThan(0);
    for (const d of e.diagnostics) expect(e.message).toContain(formatRegistryDiagnostic(d));
    expect(e.message).toContain(join(dir, "fixture-weights", "1.1.0.json"));
  });

  it("places what one file shows in its text: NOT_JSON at the syntax error, a ruleset's own error, a misnamed file", () => {
    const bands = { ...version("2.0.0", "2027-01-01"), bands: [] };
    const dir = folder({
      // Line 3, column 3: the unquoted name, at offset 17 (lines 1 and 2 hold 2 + 13 characters).
      "fixture-weights/1.0.0.json": '{\n  "id": "x",\n  oops: 1\n}\n',
      "fixture-weights/1.1.0.json": JSON.stringify(version("1.2.0", "2026-01-01"), null, 2),
      "fixture-weights/2.0.0.json": JSON.stringify(bands, null, 2),
    });
    const e = loadError(dir);
    const of = (file: string) => e.diagnostics.filter((d) => d.sources[0] === join(dir, file));
    const [notJson] = of("fixture-weights/1.0.0.json");
    expect(notJson).toMatchObject({ code: "NOT_JSON", path: [], position: { line: 3, column: 3, offset: 17 } });
    expect(notJson!.message).toMatch(/^not valid JSON at line 3, column 3 \(InvalidSymbol\): /);
    expect(e.message).toContain(`  ${join(dir, "fixture-weights", "1.0.0.json")}:3:3: error NOT_JSON at $: not valid JSON at line 3, column 3`);
    // The value of "version", after the 2 spaces and 11 characters of `"version": `: column 14.
    const line = JSON.stringify(version("1.2.0", "2026-01-01"), null, 2).split("\n").indexOf('  "version": "1.2.0",') + 1;
    expect(line).toBeGreaterThan(1);
    expect(of("fixture-weights/1.1.0.json")).toMatchObject([{ code: "FILE_NAME_MISMATCH", path: ["version"], position: { line, column: 14 } }]);
    expect(e.message).toContain(`${join(dir, "fixture-weights", "1.1.0.json")}:${line}:14: error FILE_NAME_MISMATCH`);
    // The empty bands array, after the 2 spaces and 9 characters of `"bands": `: column 12.
    const bandsLine = JSON.stringify(bands, null, 2).split("\n").findIndex((l) => l.startsWith('  "bands": []'));
    expect(bandsLine).toBeGreaterThan(0);
    for (const d of of("fixture-weights/2.0.0.json").filter((x) => x.path[0] === "bands")) expect(d.position).toMatchObject({ line: bandsLine + 1, column: 12 });
    expect(of("fixture-weights/2.0.0.json").some((x) => x.path[0] === "bands")).toBe(true);
  });

  it("fails on a version conflict between two files, naming both", () => {
    const changed = version("1.0.0", "2025-01-01");
    changed.name = { zh: "改", en: "changed" };
    const dir = folder({ "a/x.json": changed, "fixture-weights/1.0.0.json": version("1.0.0", "2025-01-01") });
    const e = loadError(dir);
    const conflict = e.diagnostics.find((d) => d.code === "VERSION_CONFLICT")!;
    expect(conflict.sources).toEqual([join(dir, "fixture-weights", "1.0.0.json"), join(dir, "a", "x.json")]);
  });

  it("fails on two versions starting on one day but loads with a gap (a warning)", () => {
    const overlapping = folder({
      "fixture-weights/1.0.0.json": version("1.0.0", "2024-01-01", "2024-12-31"),
      "fixture-weights/1.1.0.json": version("1.1.0", "2024-01-01"),
    });
    expect(loadError(overlapping).diagnostics.map((d) => d.code)).toEqual(["REGISTRY_OVERLAP"]);
    const gapped = folder({
      "fixture-weights/1.0.0.json": version("1.0.0", "2024-01-01", "2024-12-31"),
      "fixture-weights/1.1.0.json": version("1.1.0", "2025-02-01"),
    });
    expect(loadRegistry(gapped).diagnostics().map((d) => [d.code, d.sources[0]])).toEqual([
      ["REGISTRY_GAP", join(gapped, "fixture-weights", "1.1.0.json")],
    ]);
  });

  it("fails on a folder that does not exist, naming it", () => {
    const e = loadError(join(tmpdir(), "no-such-registry-folder-9f2c"));
    expect(e.diagnostics.map((d) => d.code)).toEqual(["FILE_UNREADABLE"]);
    expect(e.message).toContain("no-such-registry-folder-9f2c");
  });

  it("a file the loader accepts is the same version as the same document added from memory", () => {
    const doc = version("1.0.0", "2025-01-01");
    const fromDisk = loadRegistry(folder({ "fixture-weights/1.0.0.json": doc })).get("fixture-weights", "1.0.0")!;
    const fromMemory = createRegistry().add(clone(doc)).entry.compiled;
    expect(fromDisk.ref).toEqual(fromMemory.ref);
  });
});
