/**
 * Rules that add measures and emit outputs (json-rules-engine's events): the kernel decides the
 * firing (generated code and closures alike), and the measures and outputs reach the result,
 * stances and capability queries, rule books, diffs, simulations, decision records, exports,
 * the json-rules-engine interop and the CLI's lines.
 */
import { describe, expect, it } from "vitest";
import {
  combineStance,
  compileRuleset,
  diffRulesets,
  exportDecisions,
  formatMigration,
  measuresInForce,
  queryCapability,
  renderRulebook,
  type Ruleset,
  simulate,
  toDecisionRecord,
  toJsonRulesEngine,
  jsonRulesEngineFacts,
} from "../src/index.js";
import { compactLine, fullLine } from "../src/cli/evaluate.js";
import { expectDiagnostics } from "./_expect-diagnostics.js";
import { clone, weightsRuleset } from "./fixtures.js";

const ASOF = { asOf: "2025-12-31" };

// The weights fixture (age 40%, penalty 50%, commitment 10%; bands A 90, B 75, C 60, D 40, E 0)
// with two rules that leave the grade alone and one that caps it and adds a restriction.
function actingRuleset(): Ruleset {
  const r = weightsRuleset();
  r.rules = [
    {
      id: "serious-penalty-inspection",
      reason: { zh: "近期严重违法，安排后厨检查", en: "a serious penalty: a kitchen inspection" },
      legalBasis: "《食品安全信用监管办法》第十条",
      conditions: { all: [{ fact: "penalties", operator: "greaterThanInclusive", value: 3 }] },
      effect: { type: "none" },
      measures: ["key-attention"],
      outputs: [{ id: "kitchen-inspection", name: { zh: "后厨检查", en: "kitchen inspection" }, params: { withinDays: 30, scope: "kitchen" } }],
    },
    {
      id: "kept-promises-loan",
      reason: { zh: "守信承诺", en: "commitments honoured" },
      legalBasis: "信易贷工作方案",
      conditions: { all: [{ fact: "honoured", operator: "equal", value: true }] },
      effect: { type: "none" },
      measures: ["xinyidai-preference"],
    },
    {
      id: "many-penalties",
      reason: { zh: "处罚过多", en: "too many penalties" },
      legalBasis: "第十二条",
      conditions: { all: [{ fact: "penalties", operator: "greaterThanInclusive", value: 5 }] },
      effect: { type: "cap", grade: "D" },
      measures: ["restrict-procurement", "key-attention"],
    },
  ];
  return r;
}

const both = (doc: Ruleset) => [compileRuleset(doc), compileRuleset(doc, undefined, { codegen: false })] as const;

describe("rule-added measures and outputs", () => {
  // By hand: years 5 → 20; 3 penalties → 70 × 50% = 35; not honoured → 0. Total 55 → D.
  const serious = { id: "S-3", inputs: { years: 5, penalties: 3, honoured: false } };
  // years 10 → 40; no penalty → 50; honoured → 10. Total 100 → A.
  const model = { id: "S-A", inputs: { years: 10, penalties: 0, honoured: true } };

  for (const [name, c] of both(actingRuleset()).map((c, i) => [i === 0 ? "generated" : "closures", c] as const)) {
    it(`${name}: a rule with effect none fires, leaves the grade and adds its measures and outputs`, () => {
      const e = c.evaluate(serious, ASOF);
      expect([e.grade, e.score, e.decidedBy]).toEqual(["D", 55, "score"]);
      expect(e.rules.filter((r) => r.fired).map((r) => r.id)).toEqual(["serious-penalty-inspection"]);
      expect(e.addedMeasures.map((m) => [m.id, m.kind, m.addedBy])).toEqual([["key-attention", "supervision", "serious-penalty-inspection"]]);
      expect(e.outputs).toEqual([{ id: "kitchen-inspection", rule: "serious-penalty-inspection", params: { withinDays: 30, scope: "kitchen" } }]);
      const g = c.grade(serious, ASOF);
      expect(g.addedMeasures).toEqual(e.addedMeasures);
      expect(g.outputs).toEqual(e.outputs);
    });

    it(`${name}: nothing added when no acting rule fires (shared empty lists)`, () => {
      const e = c.evaluate({ id: "S-1", inputs: { years: 5, penalties: 1, honoured: false } }, ASOF);
      expect(e.addedMeasures).toEqual([]);
      expect(e.outputs).toEqual([]);
    });
  }

  it("measuresInForce: the grade's measures, then the added ones the grade does not carry, each once", () => {
    const [c] = both(actingRuleset());
    // 6 penalties: 40% × 50 = 20, 50% × 40 = 20, total 40 → D; the cap at D changes nothing.
    const e = c.evaluate({ id: "S-6", inputs: { years: 5, penalties: 6, honoured: false } }, ASOF);
    expect(e.addedMeasures.map((m) => `${m.id}←${m.addedBy}`)).toEqual([
      "key-attention←serious-penalty-inspection",
      "restrict-procurement←many-penalties",
      "key-attention←many-penalties",
    ]);
    const ids = measuresInForce(e).map((m) => m.id);
    expect(ids.slice(0, e.measures.length)).toEqual(e.measures.map((m) => m.id));
    expect(ids.filter((x) => x === "key-attention")).toHaveLength(1);
    expect(ids).toContain("restrict-procurement");
  });

  it("stances and capability queries count the added measures", () => {
    const [c] = both(actingRuleset());
    const a = c.evaluate(model, ASOF);
    expect(a.addedMeasures.map((m) => m.id)).toEqual(["xinyidai-preference"]);
    expect(combineStance([a]).incentives.map((m) => m.id)).toContain("xinyidai-preference");
    expect(queryCapability([a], "xinyidai").allowed).toBe(true);
    const d = c.evaluate({ id: "S-A", inputs: { years: 10, penalties: 6, honoured: true } }, ASOF);
    // restrict-procurement, added by many-penalties, bars government procurement.
    const answer = queryCapability([d], "government-procurement");
    expect(answer.allowed).toBe(false);
    expect(answer.because.map((b) => b.measure)).toContain("restrict-procurement");
  });

  it("rule books state the measures and outputs and the precedence of acting rules", () => {
    const zh = renderRulebook(actingRuleset(), { locale: "zh" });
    expect(zh).toContain("- 增加措施（不论信用等级）：列为重点关注对象（`key-attention`）");
    expect(zh).toContain('- 输出：后厨检查（`kitchen-inspection`） withinDays=30, scope="kitchen"');
    expect(zh).toContain("不改变信用等级（不影响等级）");
    const en = renderRulebook(actingRuleset(), { locale: "en" });
    expect(en).toContain("Measures and outputs a fired rule adds apply whatever the grade");
    // A ruleset whose rules add nothing keeps its precedence as it was.
    expect(renderRulebook(weightsRuleset(), { locale: "en" })).not.toContain("Measures and outputs a fired rule adds");
  });

  it("diffs name added and removed measures and changed outputs of a rule", () => {
    const a = actingRuleset();
    const b = clone(a);
    b.version = "1.1.0";
    b.rules![0]!.measures = ["key-attention", "raised-sampling"];
    b.rules![0]!.outputs = [{ id: "kitchen-inspection", params: { withinDays: 15 } }];
    const changes = diffRulesets(a, b).filter((x) => x.area === "rules");
    expect(changes.map((x) => [x.kind, x.aspect, x.after])).toEqual([
      ["added", "measures", "raised-sampling"],
      ["changed", "outputs", [{ id: "kitchen-inspection", params: { withinDays: 15 } }]],
    ]);
  });

  it("simulations count the subjects carrying each added measure under both versions", () => {
    const a = weightsRuleset();
    const b = actingRuleset();
    b.version = "1.1.0";
    const m = simulate(a, b, [serious, model, { id: "S-1", inputs: { years: 5, penalties: 1, honoured: false } }], ASOF);
    expect(m.addedMeasures).toEqual({ "key-attention": { before: 0, after: 1 }, "xinyidai-preference": { before: 0, after: 1 } });
    expect(formatMigration(m)).toContain("- key-attention: 0 → 1");
    expect(simulate(a, a, [serious], ASOF).addedMeasures).toEqual({});
  });

  it("decision records and exports carry them only when a rule added any, and replay compares them", () => {
    const [c] = both(actingRuleset());
    const rec = toDecisionRecord(c.evaluate(serious, ASOF), serious, { decidedAt: "2026-01-10" });
    expect(rec.addedMeasures).toEqual([{ id: "key-attention", addedBy: "serious-penalty-inspection" }]);
    expect(rec.outputs).toEqual([{ id: "kitchen-inspection", rule: "serious-penalty-inspection", params: { withinDays: 30, scope: "kitchen" } }]);
    const plain = toDecisionRecord(c.evaluate({ id: "S-1", inputs: { years: 5, penalties: 1, honoured: false } }, ASOF), {}, { decidedAt: "2026-01-10" });
    expect("addedMeasures" in plain || "outputs" in plain).toBe(false);
    const shared = exportDecisions([rec, plain], { evaluator: { name: "黑龙江省市场监管局" } });
    expect(shared.records[0]!.addedMeasures).toEqual([{ id: "key-attention", addedBy: "serious-penalty-inspection" }]);
    expect("addedMeasures" in shared.records[1]!).toBe(false);
  });

  it("json-rules-engine events carry the measures and outputs as params", async () => {
    const doc = actingRuleset();
    const engine = toJsonRulesEngine(doc, ASOF);
    const { results } = await engine.run(jsonRulesEngineFacts(compileRuleset(doc), serious, ASOF.asOf) as Record<string, unknown>);
    expect(results.map((r) => r.event)).toEqual([
      {
        type: "none",
        params: {
          ruleId: "serious-penalty-inspection",
          type: "none",
          measures: ["key-attention"],
          outputs: [{ id: "kitchen-inspection", name: { zh: "后厨检查", en: "kitchen inspection" }, params: { withinDays: 30, scope: "kitchen" } }],
        },
      },
    ]);
  });

  it("the CLI's compact and full lines carry them only when some rule added any", () => {
    const [c] = both(actingRuleset());
    const e = c.evaluate(serious, ASOF);
    expect(compactLine(1, e)).toMatchObject({ addedMeasures: [{ id: "key-attention", addedBy: "serious-penalty-inspection" }], outputs: e.outputs });
    expect(fullLine(1, e)).toMatchObject({ addedMeasures: e.addedMeasures, outputs: e.outputs });
    const plain = c.evaluate({ id: "S-1", inputs: { years: 5, penalties: 1, honoured: false } }, ASOF);
    expect(Object.keys(compactLine(1, plain))).not.toContain("addedMeasures");
    expect(Object.keys(fullLine(1, plain))).not.toContain("outputs");
  });
});

describe("checks of rule actions", () => {
  it("a rule with effect none must add a measure or emit an output; measures must exist and appear once; outputs once per rule", () => {
    const r = actingRuleset();
    r.rules![0]!.measures = ["no-such-measure", "key-attention", "key-attention"];
    r.rules![0]!.outputs = [{ id: "kitchen-inspection" }, { id: "kitchen-inspection" }];
    r.rules![1]!.measures = [];
    expectDiagnostics(r, [
      { code: "UNKNOWN_MEASURE", path: ["rules", 0, "measures", 0], message: '"no-such-measure" is neither in the shipped catalogue nor in measures.define' },
      { code: "DUPLICATE_ID", path: ["rules", 0, "measures", 2], message: 'rule "serious-penalty-inspection" adds measure "key-attention" twice' },
      { code: "DUPLICATE_ID", path: ["rules", 0, "outputs", 1, "id"], message: 'rule "serious-penalty-inspection" emits output "kitchen-inspection" twice' },
      {
        code: "RULE_DOES_NOTHING",
        path: ["rules", 1, "effect"],
        message: 'rule "kept-promises-loan" has effect none and adds no measure and emits no output: give it an effect, measures or outputs',
      },
    ]);
  });
});
