/**
 * Small holes (issue #14, item 14), each with its reproduction: `help toString` printed
 * "undefined" with exit 0; compileRuleset threw a raw TypeError for NaN or BigInt condition values
 * that validation accepted; fileObjection(null) and repairRecord with a null subject or records
 * that are not an array threw TypeErrors; importDecisions accepted a decision that supersedes
 * itself (and a grade A of class "serious"); a scale up to 1e17 was accepted though exact integer
 * arithmetic then fails; a throwing Proxy escaped safeGrade.
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkRepairEligibility,
  compileRuleset,
  CreditGradingError,
  exportDecisions,
  fileObjection,
  MAX_SCALE,
  repairRecord,
  safeImportDecisions,
  type Subject,
  SubjectError,
  toDecisionRecord,
  validateRuleset,
} from "../../src/index.js";
import { recordsRuleset, weightsRuleset } from "../fixtures.js";

const cli = resolve(import.meta.dirname, "../../dist/cli.js");

describe("help of a name on Object.prototype", () => {
  it.skipIf(!existsSync(cli))("`help toString` and `help constructor` are unknown commands, exit 2 (built CLI)", () => {
    for (const name of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      const r = spawnSync(process.execPath, [cli, "help", name], { encoding: "utf8" });
      expect(r.status, name).toBe(2);
      expect(r.stdout).not.toContain("undefined");
      expect(r.stderr).toContain(`unknown command ${JSON.stringify(name)}`);
    }
    expect(spawnSync(process.execPath, [cli, "help", "validate"], { encoding: "utf8" }).status).toBe(0);
  });
});

describe("values JSON cannot hold", () => {
  for (const [name, value] of [["NaN", Number.NaN], ["Infinity", Number.POSITIVE_INFINITY], ["a BigInt", 10n], ["a function", () => 1]] as const) {
    it(`${name} as a condition value is a diagnostic with its path, and compileRuleset throws the library's RulesetError`, () => {
      const r: any = recordsRuleset();
      r.rules[1].conditions = { all: [{ fact: "penaltyAmount3y", operator: "greaterThan", value }] };
      const v = validateRuleset(r);
      expect(v.valid).toBe(false);
      expect(v.diagnostics.map((d) => [d.code, d.path])).toEqual([["SCHEMA_INVALID", ["rules", 1, "conditions", "all", 0, "value"]]]);
      expect(() => compileRuleset(r)).toThrow(CreditGradingError);
    });
  }
});

describe("objections and repair with malformed arguments", () => {
  it("fileObjection(null) is an INVALID_OPTIONS error", () => {
    for (const filing of [null, undefined, 7, "x"]) {
      expect(() => fileObjection(filing as never)).toThrow(CreditGradingError);
      expect(() => fileObjection(filing as never)).toThrow(/the filing must be an object/);
    }
  });

  const compiled = compileRuleset(recordsRuleset());
  it("a null subject or records that are not an array are SubjectErrors with the path", () => {
    const at = (s: unknown): unknown => {
      try {
        repairRecord(s as Subject, "p1", "2025-04-10", compiled, { decidedAt: "2025-04-11" });
      } catch (e) {
        return e instanceof SubjectError ? e.issues.map((i) => [i.code, i.path]) : e;
      }
      return "no error";
    };
    expect(at(null)).toEqual([["NOT_AN_OBJECT", []]]);
    expect(at({ id: "x", records: "p1" })).toEqual([["WRONG_TYPE", ["records"]]]);
    expect(at({ id: "x", records: { 0: { id: "p1" } } })).toEqual([["WRONG_TYPE", ["records"]]]);
    expect(() => checkRepairEligibility({ id: "x", records: [null, 3] } as never, "p1", "2025-04-10", compiled)).not.toThrow();
    expect(checkRepairEligibility({ id: "x", records: [null, 3] } as never, "p1", "2025-04-10", compiled).eligible).toBe(false);
  });
});

describe("imported decisions", () => {
  const compiled = compileRuleset(weightsRuleset());
  const subject = { id: "S", inputs: { years: 10, penalties: 0, honoured: true } };
  const ev = compiled.evaluate(subject, { asOf: "2025-06-30" });
  const doc = (edit: (r: any[]) => void): unknown => {
    const out: any = JSON.parse(JSON.stringify(exportDecisions([toDecisionRecord(ev, subject, { decidedAt: "2025-07-01", decisionId: "d1" }), toDecisionRecord(ev, subject, { decidedAt: "2025-07-02", decisionId: "d2" })], { evaluator: { name: "x" } })));
    edit(out.records);
    return out;
  };
  const codes = (json: unknown): unknown => {
    const r = safeImportDecisions(json);
    return r.success ? "accepted" : r.error.issues.map((i) => [i.code, i.path]);
  };

  it("a decision that supersedes itself, directly or round a chain, is refused", () => {
    expect(codes(doc(() => {}))).toBe("accepted");
    expect(codes(doc((r) => (r[0].supersedes = "d1")))).toEqual([["SUPERSEDES_ITSELF", ["records", 0, "supersedes"]]]);
    expect(
      codes(
        doc((r) => {
          r[0].supersedes = "d2";
          r[1].supersedes = "d1";
        }),
      ),
    ).toEqual([
      ["SUPERSEDES_ITSELF", ["records", 0, "supersedes"]],
      ["SUPERSEDES_ITSELF", ["records", 1, "supersedes"]],
    ]);
    // Superseding a decision outside the export is normal.
    expect(codes(doc((r) => (r[1].supersedes = "d0")))).toBe("accepted");
  });

  it("grade A with class serious is refused", () => {
    expect(codes(doc((r) => ((r[0].grade = "A"), (r[0].label = "A"), (r[0].class = "serious"))))).toEqual([["OUTCOME_MISMATCH", ["records", 0, "class"]]]);
  });
});

describe("scales", () => {
  it(`a scale past ±${MAX_SCALE} is refused by the schema; one at the limit grades exactly`, () => {
    const r: any = weightsRuleset();
    r.scale = { min: 0, max: 1e17 };
    expect(validateRuleset(r).diagnostics.map((d) => [d.code, d.path])).toContainEqual(["SCHEMA_INVALID", ["scale", "max"]]);
    const ok: any = weightsRuleset();
    const k = MAX_SCALE / 100;
    ok.scale = { min: 0, max: MAX_SCALE };
    ok.rounding = { scale: 6, mode: "half-up" };
    ok.bands = ok.bands.map((b: any) => ({ ...b, min: b.min * k, max: b.max * k }));
    const v = validateRuleset(ok);
    expect(v.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const g = compileRuleset(ok).grade({ id: "S", inputs: { years: 5, penalties: 1, honoured: false } }, { asOf: "2025-06-30" });
    // 65 on 0–100 (see cli.test.ts): 650000 on 0–1000000.
    expect(g.score).toBe(650_000);
  });
});

describe("a subject whose reading throws", () => {
  const c = compileRuleset(weightsRuleset());
  const proxy = new Proxy(
    { id: "P" },
    {
      get() {
        throw new Error("trap");
      },
      getOwnPropertyDescriptor() {
        throw new Error("trap");
      },
      ownKeys() {
        throw new Error("trap");
      },
      has() {
        throw new Error("trap");
      },
    },
  );
  for (const codegen of [true, false]) {
    it(`safeGrade and safeEvaluate report it as a SubjectError (UNREADABLE), with the cause (${codegen ? "generated code" : "closures"})`, () => {
      const k = codegen ? c : compileRuleset(weightsRuleset(), undefined, { codegen: false });
      for (const r of [k.safeGrade(proxy, { asOf: "2025-06-30" }), k.safeEvaluate(proxy, { asOf: "2025-06-30" })]) {
        expect(r.success).toBe(false);
        if (r.success) continue;
        expect(r.error).toBeInstanceOf(SubjectError);
        expect((r.error as SubjectError).issues.map((i) => i.code)).toEqual(["UNREADABLE"]);
        expect((r.error.cause as Error).message).toBe("trap");
      }
      // The next subject is graded normally.
      expect(k.grade({ id: "S", inputs: { years: 5, penalties: 1, honoured: false } }, { asOf: "2025-06-30" }).grade).toBe("C");
      const batch = [...k.evaluateMany([proxy, { id: "S", inputs: { years: 5 } }], { asOf: "2025-06-30" })];
      expect(batch.map((b) => b.ok)).toEqual([false, true]);
    });
  }
});
