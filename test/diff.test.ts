/**
 * diffRulesets: each area, one mutation of a fixture gives exactly the expected change;
 * identical and reordered rulesets give none; the shipped hlj-public-composite 1.0.0 → 1.1.0
 * pair gives the changes its README changelog describes.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { diffRulesets, formatDiff, loadRuleset, compileRuleset, type Ruleset, type RulesetChange, type IndicatorGroupDef, type IndicatorLeafDef } from "../src/index.js";
import { loadRegistry } from "../src/node/index.js";
import { labelsRuleset, recordsRuleset, weightsRuleset, industryRuleset } from "./fixtures.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const shipped = (version: string): Ruleset =>
  loadRuleset(JSON.parse(readFileSync(join(root, "rulesets", "hlj-public-composite", `${version}.json`), "utf8")));

/** The changes without their summaries, for exact comparison. */
const bare = (changes: readonly RulesetChange[]) => changes.map(({ summary: _s, ...rest }) => rest);

/** Diffs a fixture against a mutated copy (both validated, so each mutation is a real ruleset). */
function diffAfter(make: () => Ruleset, mutate: (r: Ruleset) => void): RulesetChange[] {
  const a = make();
  const b = make();
  mutate(b);
  return diffRulesets(loadRuleset(a), loadRuleset(b));
}

const leaf = (r: Ruleset, id: string): IndicatorLeafDef => {
  const walk = (nodes: readonly (IndicatorGroupDef | IndicatorLeafDef)[]): IndicatorLeafDef | undefined => {
    for (const n of nodes) {
      if (n.id === id && !("children" in n)) return n;
      if ("children" in n) {
        const f = walk(n.children as (IndicatorGroupDef | IndicatorLeafDef)[]);
        if (f) return f;
      }
    }
    return undefined;
  };
  return walk(r.indicators as (IndicatorGroupDef | IndicatorLeafDef)[])!;
};

describe("diffRulesets: no change", () => {
  it("gives nothing for identical rulesets", () => {
    for (const make of [weightsRuleset, industryRuleset, recordsRuleset]) expect(diffRulesets(make(), make())).toEqual([]);
    expect(diffRulesets(shipped("1.1.0"), shipped("1.1.0"))).toEqual([]);
    expect(formatDiff([])).toBe("No changes.\n");
    expect(formatDiff([], { locale: "zh" })).toBe("无变化。\n");
  });

  it("gives nothing when arrays are reordered (objects are matched by id, not position)", () => {
    const a = recordsRuleset();
    const b = recordsRuleset();
    b.inputs.reverse();
    b.indicators.reverse();
    b.bands.reverse().reverse(); // bands stay best first: the schema checks require it
    b.facts!.reverse();
    b.rules!.reverse();
    b.conditions!.reverse();
    b.records!.types.reverse();
    b.records!.types[0]!.fields?.reverse();
    b.legalBasis = ["x", "y"];
    a.legalBasis = ["y", "x"];
    expect(diffRulesets(a, b)).toEqual([]);
  });

  it("gives nothing when a default is written out (national publicity periods, measures, labels)", () => {
    const b = recordsRuleset();
    b.records!.publicity = [
      { severity: "serious", min: "P1Y", max: "P3Y" },
      { severity: "minor", min: "P0D", max: "P3M" },
    ];
    b.labels = [{ grade: "A", label: "A" }];
    expect(diffRulesets(recordsRuleset(), b)).toEqual([]);
  });

  it("accepts compiled rulesets", () => {
    expect(diffRulesets(compileRuleset(weightsRuleset()), compileRuleset(weightsRuleset()))).toEqual([]);
  });
});

describe("diffRulesets: one mutation, one change", () => {
  it("metadata: version, effective period, authority, legal basis", () => {
    const changes = diffAfter(weightsRuleset, (r) => {
      r.version = "1.1.0";
      r.effective = { from: "2025-01-01", to: "2026-12-31" };
      r.authority = "鹤岗市市场监督管理局";
      r.legalBasis = ["鹤信用发〔2022〕2号"];
    });
    expect(bare(changes)).toEqual([
      { kind: "added", area: "metadata", id: "authority", aspect: "authority", path: ["authority"], after: "鹤岗市市场监督管理局" },
      { kind: "added", area: "metadata", id: "effective.to", aspect: "effective.to", path: ["effective", "to"], after: "2026-12-31" },
      { kind: "added", area: "metadata", id: "legalBasis", aspect: "legalBasis", path: ["legalBasis"], after: "鹤信用发〔2022〕2号" },
      { kind: "changed", area: "metadata", id: "version", aspect: "version", path: ["version"], before: "1.0.0", after: "1.1.0" },
    ]);
    expect(changes.find((c) => c.id === "version")!.summary).toEqual({ en: "version: 1.0.0 → 1.1.0", zh: "版本：1.0.0 → 1.1.0" });
  });

  it("inputs: added, removed, changed properties and category values", () => {
    const added = diffAfter(industryRuleset, (r) => r.inputs.push({ id: "extra", type: "boolean" }));
    expect(bare(added)).toEqual([{ kind: "added", area: "inputs", id: "extra", aspect: "input", path: ["inputs", 3], after: { id: "extra", type: "boolean" } }]);

    const a = weightsRuleset();
    const b = weightsRuleset();
    b.inputs.push({ id: "unused", type: "number" });
    const removed = diffRulesets(b, a);
    expect(bare(removed)).toEqual([{ kind: "removed", area: "inputs", id: "unused", aspect: "input", path: ["inputs", 3], before: { id: "unused", type: "number" } }]);

    const changed = diffAfter(industryRuleset, (r) => {
      const c = r.inputs[1]!;
      if (c.type === "number") c.max = 99;
      const lv = r.inputs[2]!;
      if (lv.type === "category") lv.values = ["gold", "none", "bronze"];
      (r.indicators[2] as IndicatorLeafDef).scoring = { type: "lookup", input: "level", table: [{ value: "gold", score: 30 }, { value: "bronze", score: 20 }, { value: "none", score: 0 }] };
    });
    const inputs = bare(changed.filter((c) => c.area === "inputs"));
    expect(inputs).toEqual([
      { kind: "changed", area: "inputs", id: "complaints", aspect: "max", path: ["inputs", 1, "max"], after: 99 },
      { kind: "added", area: "inputs", id: "level", aspect: "values", path: ["inputs", 2, "values"], after: "bronze" },
      { kind: "removed", area: "inputs", id: "level", aspect: "values", path: ["inputs", 2, "values"], before: "silver" },
    ]);
    expect(changed.find((c) => c.aspect === "max")!.summary.en).toBe("input complaints: max — → 99");
  });

  it("indicators (weights mode): a weight reports declared and derived points; siblings' derived points follow", () => {
    const changes = diffAfter(weightsRuleset, (r) => {
      r.indicators[0]!.weight = 30;
      r.indicators[1]!.weight = 60;
    });
    expect(bare(changes)).toEqual([
      // "age" keeps weight 100 of its group, but the group is worth 30 points now, not 40.
      { kind: "changed", area: "indicators", id: "age", aspect: "maxPoints", path: ["indicators", 0, "children", 0], before: 40, after: 30 },
      { kind: "changed", area: "indicators", id: "basic", aspect: "weight", path: ["indicators", 0, "weight"], before: { declared: 40, maxPoints: 40 }, after: { declared: 30, maxPoints: 30 } },
      { kind: "changed", area: "indicators", id: "penalty", aspect: "weight", path: ["indicators", 1, "weight"], before: { declared: 50, maxPoints: 50 }, after: { declared: 60, maxPoints: 60 } },
    ]);
    expect(changes[1]!.summary.en).toBe("indicator basic: weight 40% → 30% (max points 40 → 30)");
    expect(changes[0]!.summary.en).toContain("max points 40 → 30");
  });

  it("indicators (points mode): points changed once, not twice", () => {
    const changes = diffAfter(recordsRuleset, (r) => {
      r.indicators[0]!.points = 30;
      r.indicators[2]!.points = 20;
    });
    expect(bare(changes)).toEqual([
      { kind: "changed", area: "indicators", id: "age", aspect: "points", path: ["indicators", 0, "points"], before: { declared: 20, maxPoints: 20 }, after: { declared: 30, maxPoints: 30 } },
      { kind: "changed", area: "indicators", id: "commitments", aspect: "points", path: ["indicators", 2, "points"], before: { declared: 30, maxPoints: 30 }, after: { declared: 20, maxPoints: 20 } },
    ]);
    expect(changes[0]!.summary).toEqual({ en: "indicator age: points 20 → 30", zh: "指标 age：分值 20 → 30" });
  });

  it("indicators: added, removed and moved", () => {
    const moved = diffAfter(weightsRuleset, (r) => {
      // Move "commitment" (weight 10) into the "basic" group; "basic" absorbs its weight.
      const commitment = r.indicators.pop()!;
      const basic = r.indicators[0] as IndicatorGroupDef;
      basic.weight = 50;
      basic.children[0]!.weight = 80;
      commitment.weight = 20;
      basic.children.push(commitment);
    });
    expect(moved.filter((c) => c.id === "commitment").map((c) => c.aspect)).toEqual(["parent", "weight"]);
    const parent = moved.find((c) => c.aspect === "parent")!;
    expect(parent).toMatchObject({ before: null, after: "basic", path: ["indicators", 0, "children", 1] });
    expect(parent.summary.en).toBe("indicator commitment moved from the top level to basic");

    const added = diffAfter(industryRuleset, (r) => {
      r.inputs.push({ id: "training", type: "boolean" });
      r.indicators[0]!.points = 30;
      r.indicators.push({ id: "trainingInd", name: { zh: "培训", en: "training" }, points: 10, scoring: { type: "boolean", input: "training", whenTrue: 10, whenFalse: 0 } });
    });
    const ind = added.find((c) => c.area === "indicators" && c.kind === "added")!;
    expect(ind).toMatchObject({ id: "trainingInd", path: ["indicators", 3], after: { kind: "indicator", parent: null, points: 10, maxPoints: 10 } });
    expect(ind.summary.en).toBe("indicator trainingInd (training) at the top level: 10 points added");
    const a = industryRuleset();
    const b = industryRuleset();
    b.inputs.push({ id: "training", type: "boolean" });
    b.indicators[0]!.points = 30;
    b.indicators.push({ id: "trainingInd", name: { zh: "培训", en: "training" }, points: 10, scoring: { type: "boolean", input: "training", whenTrue: 10, whenFalse: 0 } });
    expect(diffRulesets(b, a).find((c) => c.area === "indicators" && c.kind === "removed")).toMatchObject({ id: "trainingInd", path: ["indicators", 3] });
  });

  it("indicators: scoring and onMissing changed, with readable summaries", () => {
    const changes = diffAfter(weightsRuleset, (r) => {
      leaf(r, "commitment").scoring = { type: "boolean", input: "honoured", whenTrue: 100, whenFalse: 20 };
      leaf(r, "penalty").onMissing = { impute: 0 };
    });
    expect(bare(changes)).toEqual([
      {
        kind: "changed", area: "indicators", id: "commitment", aspect: "scoring", path: ["indicators", 2, "scoring"],
        before: { type: "boolean", input: "honoured", whenTrue: 100, whenFalse: 0 },
        after: { type: "boolean", input: "honoured", whenTrue: 100, whenFalse: 20 },
      },
      { kind: "changed", area: "indicators", id: "penalty", aspect: "onMissing", path: ["indicators", 1, "onMissing"], before: "worst", after: { impute: 0 } },
    ]);
    expect(changes[0]!.summary.en).toBe("indicator commitment: scoring boolean on honoured: true → 100, false → 0 → boolean on honoured: true → 100, false → 20");
    expect(changes[1]!.summary).toEqual({ en: "indicator penalty: when missing worst score → impute 0", zh: "指标 penalty：缺失处理 按最低分 → 按 0 计" });
  });

  it("indicators: a bin label alone is a text change, not a scoring change", () => {
    const changes = diffAfter(industryRuleset, (r) => {
      const s = leaf(r, "complaintsInd").scoring;
      if (s.type === "bins") s.bins[0]!.label = "无投诉";
    });
    expect(changes.map((c) => [c.area, c.id, c.aspect])).toEqual([["texts", "indicator:complaintsInd", "scoring labels"]]);
  });

  it("bands: bounds and inclusivity", () => {
    const changes = diffAfter(weightsRuleset, (r) => {
      r.bands[1]!.min = 80;
      r.bands[2]!.max = 80;
    });
    expect(bare(changes)).toEqual([
      { kind: "changed", area: "bands", id: "B", aspect: "bounds", path: ["bands", 1], before: { min: 75, max: 90, minInclusive: true, maxInclusive: false }, after: { min: 80, max: 90, minInclusive: true, maxInclusive: false } },
      { kind: "changed", area: "bands", id: "C", aspect: "bounds", path: ["bands", 2], before: { min: 60, max: 75, minInclusive: true, maxInclusive: false }, after: { min: 60, max: 80, minInclusive: true, maxInclusive: false } },
    ]);
    expect(changes[0]!.summary).toEqual({ en: "band B: [75, 90) → [80, 90)", zh: "B级分数段：[75, 90) → [80, 90)" });

    const inclusivity = diffAfter(weightsRuleset, (r) => {
      r.bands[1]!.minInclusive = false;
      r.bands[2]!.maxInclusive = true;
    });
    expect(inclusivity.map((c) => c.summary.en)).toEqual(["band B: [75, 90) → (75, 90)", "band C: [60, 75) → [60, 75]"]);
    // The top band's default includes its maximum: writing it out is no change.
    expect(diffAfter(weightsRuleset, (r) => (r.bands[0]!.maxInclusive = true))).toEqual([]);
  });

  it("labels: the published label, against the grade letter when undeclared", () => {
    const changes = diffAfter(weightsRuleset, (r) => (r.labels = [{ grade: "C", label: "M", name: { zh: "新设立", en: "new" } }]));
    expect(bare(changes)).toEqual([
      { kind: "changed", area: "labels", id: "C", aspect: "label", path: ["labels", 0, "label"], before: "C", after: "M" },
      { kind: "changed", area: "texts", id: "label:C", aspect: "name", path: ["labels", 0, "name"], after: { zh: "新设立", en: "new" } },
    ]);
  });

  it("labels: several on one grade compare label by label; a label moved to another grade is a change of its own", () => {
    const changes = diffAfter(labelsRuleset, (r) => {
      // M moves from canonical B to C (as tax M did, the other way), with its rule and measures.
      const m = r.labels!.find((l) => l.label === "M")!;
      r.labels = [...r.labels!.filter((l) => l !== m), { ...m, grade: "C" as const }].sort((x, y) => x.grade.localeCompare(y.grade));
      r.rules!.find((x) => x.id === "new-subject")!.effect = { type: "set-grade", grade: "C", label: "M" };
      r.measures!.byGrade.find((x) => x.label === "M")!.grade = "C";
      r.bands[1]!.min = 85;
      r.bands[2]!.max = 85;
    });
    expect(bare(changes).filter((c) => c.area !== "texts")).toEqual([
      { kind: "changed", area: "bands", id: "A", aspect: "bounds", path: ["bands", 1], before: { min: 80, max: 90, minInclusive: true, maxInclusive: false }, after: { min: 85, max: 90, minInclusive: true, maxInclusive: false } },
      { kind: "changed", area: "bands", id: "B", aspect: "bounds", path: ["bands", 2], before: { min: 60, max: 80, minInclusive: true, maxInclusive: false }, after: { min: 60, max: 85, minInclusive: true, maxInclusive: false } },
      { kind: "changed", area: "labels", id: "M", aspect: "grade", path: ["labels", 4, "grade"], before: "B", after: "C" },
      { kind: "changed", area: "rules", id: "new-subject", aspect: "effect", path: ["rules", 0, "effect"], before: { type: "set-grade", grade: "B", label: "M" }, after: { type: "set-grade", grade: "C", label: "M" } },
      { kind: "removed", area: "measures", id: "B/M", aspect: "byGrade", path: ["measures", "byGrade", 2, "measures"], before: "m-guidance" },
      { kind: "removed", area: "measures", id: "B/M", aspect: "byGrade", path: ["measures", "byGrade", 2, "measures"], before: "m-no-authentication" },
      { kind: "added", area: "measures", id: "C/M", aspect: "byGrade", path: ["measures", "byGrade", 2, "measures"], after: "m-guidance" },
      { kind: "added", area: "measures", id: "C/M", aspect: "byGrade", path: ["measures", "byGrade", 2, "measures"], after: "m-no-authentication" },
    ]);
    const summaries = changes.map((c) => c.summary.en);
    expect(summaries).toContain("label M: canonical grade B → C");
    expect(summaries).toContain("rule new-subject: effect set grade M (canonical B) → set grade M (canonical C)");
  });

  it("records: record types, fields and publicity periods", () => {
    const changes = diffAfter(recordsRuleset, (r) => {
      const t = r.records!.types;
      t[1]!.publicity = { max: "P5Y" };
      t[0]!.fields!.push({ id: "authority", type: "string" });
      r.records!.publicity = [{ severity: "general", min: "P6M", max: "P1Y" }];
    });
    expect(bare(changes)).toEqual([
      { kind: "changed", area: "records", id: "general", aspect: "publicity", path: ["records", "publicity", 0], before: { min: "P3M", max: "P1Y" }, after: { min: "P6M", max: "P1Y" } },
      { kind: "changed", area: "records", id: "list-entry", aspect: "publicity", path: ["records", "types", 1, "publicity"], before: "none", after: { max: "P5Y" } },
      { kind: "added", area: "records", id: "penalty.authority", aspect: "field", path: ["records", "types", 0, "fields", 1], after: { id: "authority", type: "string" } },
    ]);
    expect(changes[0]!.summary.en).toBe("publicity period of general records: P3M–P1Y → P6M–P1Y");
  });

  it("facts: definition changed; a fact's name is a text", () => {
    const changes = diffAfter(recordsRuleset, (r) => {
      const f = r.facts!.find((x) => x.id === "penaltiesMinor3y")!;
      if ("from" in f) f.window = { last: "P2Y" };
      r.facts!.find((x) => x.id === "honourRate")!.name = { zh: "履约率", en: "honour rate" };
    });
    expect(changes.map((c) => [c.kind, c.area, c.id, c.aspect])).toEqual([
      ["changed", "facts", "penaltiesMinor3y", "definition"],
      ["changed", "texts", "fact:honourRate", "name"],
    ]);
    expect(changes[0]!.summary.en).toContain("in the last P3Y");
    expect(changes[0]!.summary.en).toContain("→ count of penalty in the last P2Y");
  });

  it("named conditions: conditions changed", () => {
    const changes = diffAfter(recordsRuleset, (r) => {
      r.conditions![0]!.conditions = { fact: "seriousListed", operator: "equal", value: true };
    });
    expect(changes.map((c) => [c.kind, c.area, c.id, c.aspect])).toEqual([["changed", "conditions", "seriouslyDishonest", "conditions"]]);
  });

  it("rules: added, removed, condition, effect, reason and legal basis changed", () => {
    const base = recordsRuleset();
    const noBonus = recordsRuleset();
    noBonus.rules = noBonus.rules!.filter((x) => x.id !== "commitment-bonus");
    expect(diffRulesets(base, noBonus).map((c) => [c.kind, c.id, c.summary.en])).toEqual([["removed", "commitment-bonus", "rule commitment-bonus removed: +5 points"]]);
    expect(diffRulesets(noBonus, base).map((c) => [c.kind, c.id, c.path])).toEqual([["added", "commitment-bonus", ["rules", 3]]]);

    const changes = diffAfter(recordsRuleset, (r) => {
      const rule = r.rules!.find((x) => x.id === "large-fines")!;
      rule.effect = { type: "cap", grade: "D" };
      rule.conditions = { all: [{ fact: "penaltyAmount3y", operator: "greaterThanInclusive", value: 200000 }] };
      rule.reason = { zh: "三年内罚款累计二十万元以上", en: "fines of 200000 or more in three years" };
      rule.legalBasis = "fixture: larger fines cap at D";
    });
    expect(changes.map((c) => c.aspect)).toEqual(["conditions", "effect", "reason", "legalBasis"]);
    expect(changes.every((c) => c.area === "rules" && c.id === "large-fines" && c.kind === "changed")).toBe(true);
    expect(changes[1]!.summary).toEqual({ en: "rule large-fines: effect cap at C → cap at D", zh: "规则 large-fines：效果 最高C级 → 最高D级" });
    expect(changes[1]!.path).toEqual(["rules", 1, "effect"]);
  });

  it("measures: per-grade measures added and removed, sampling changed (against the plan's defaults)", () => {
    const changes = diffAfter(weightsRuleset, (r) => {
      r.measures = {
        byGrade: [
          { grade: "A", measures: ["green-channel", "rongque-acceptance", "gaozhi-chengnuo", "simplified-procedure", "reduced-inspection", "xinyidai-preference", "xinyijia-representative"] },
          { grade: "B", measures: ["green-channel", "rongque-acceptance", "gaozhi-chengnuo", "simplified-procedure", "reduced-inspection", "xinyidai-preference", "xinyijia-representative"] },
          { grade: "C", measures: ["normal-sampling"] },
          { grade: "D", measures: ["key-attention", "raised-sampling", "warning-reminder"] },
          { grade: "E", measures: ["key-supervision", "uncapped-sampling", "more-inspection-items", "campaign-priority", "no-gaozhi-chengnuo", "restrict-procurement", "restrict-bidding", "restrict-fiscal-funds"] },
        ],
        sampling: [
          { grade: "A", ratio: { min: 0, max: 0.05 }, perYear: { min: 0, max: 1 } },
          { grade: "B", ratio: { min: 0.05, max: 0.1 }, perYear: { min: 1, max: 1 } },
          { grade: "C", ratio: { min: 0.1, max: 0.3 }, perYear: { min: 1, max: 1 } },
          { grade: "D", ratio: { min: 0.3, max: 0.6 }, perYear: { min: 1, max: 2 } },
          { grade: "E", ratio: { min: 0.6 }, perYear: { min: 2 }, extraItems: ["信用承诺履行情况", "失信行为整改情况"] },
        ],
      };
    });
    expect(bare(changes)).toEqual([
      { kind: "removed", area: "measures", id: "C", aspect: "byGrade", path: ["measures", "byGrade", 2, "measures"], before: "warning-reminder" },
      { kind: "changed", area: "measures", id: "C", aspect: "sampling", path: ["measures", "sampling", 2], before: { grade: "C", ratio: { min: 0.1, max: 0.2 }, perYear: { min: 1, max: 1 } }, after: { grade: "C", ratio: { min: 0.1, max: 0.3 }, perYear: { min: 1, max: 1 } } },
      { kind: "added", area: "measures", id: "D", aspect: "byGrade", path: ["measures", "byGrade", 3, "measures"], after: "warning-reminder" },
      { kind: "changed", area: "measures", id: "D", aspect: "sampling", path: ["measures", "sampling", 3], before: { grade: "D", ratio: { min: 0.2, max: 0.6 }, perYear: { min: 1, max: 2 } }, after: { grade: "D", ratio: { min: 0.3, max: 0.6 }, perYear: { min: 1, max: 2 } } },
    ]);
    expect(changes[1]!.summary.en).toBe("sampling of C: ratio 10%–20%, 1–1 inspections a year → ratio 10%–30%, 1–1 inspections a year");
  });

  it("texts: ruleset, input and indicator names and descriptions", () => {
    const changes = diffAfter(weightsRuleset, (r) => {
      r.name = { zh: "测试二", en: "fixture two" };
      r.inputs[0]!.description = "years since registration";
      r.indicators[1]!.name = { zh: "行政处罚记录", en: "penalty record" };
    });
    expect(changes.map((c) => [c.area, c.id, c.aspect])).toEqual([
      ["texts", "indicator:penalty", "name"],
      ["texts", "input:years", "description"],
      ["texts", "ruleset", "name"],
    ]);
    expect(changes[0]!.summary).toEqual({ en: "indicator penalty: name administrative penalties → penalty record", zh: "指标 penalty：名称 行政处罚 → 行政处罚记录" });
  });

  it("reports in a stable order: by area, then id, whatever the order of mutations", () => {
    const changes = diffAfter(recordsRuleset, (r) => {
      r.version = "2.0.0";
      r.rules!.find((x) => x.id === "repeat-offender")!.effect = { type: "adjust-points", points: -15 };
      r.bands[3]!.min = 45;
      r.bands[4]!.max = 45;
      r.indicators[0]!.name = { zh: "年限", en: "age" };
    });
    expect(changes.map((c) => c.area)).toEqual(["metadata", "bands", "bands", "rules", "texts"]);
    expect(changes.map((c) => c.id)).toEqual(["version", "D", "E", "repeat-offender", "indicator:age"]);
  });
});

describe("diffRulesets: hlj-public-composite 1.0.0 → 1.1.0 (README changelog)", () => {
  // The periods in force in the shipped registry: 1.0.0 declares no end, 1.1.0 ends it.
  const registry = loadRegistry(join(root, "rulesets"));
  const inForce = (v: string) => registry.entry("hlj-public-composite", v)?.effective;
  const changes = diffRulesets(shipped("1.0.0"), shipped("1.1.0"), { effective: { a: inForce("1.0.0"), b: inForce("1.1.0") } });
  const find = (area: string, id: string, aspect?: string) => changes.filter((c) => c.area === area && c.id === id && (aspect === undefined || c.aspect === aspect));

  it("version and effective period: 1.0.0 ends 2025-06-30 (in the registry), 1.1.0 from 2025-07-01, open-ended", () => {
    expect(find("metadata", "version")[0]).toMatchObject({ kind: "changed", before: "1.0.0", after: "1.1.0" });
    expect(find("metadata", "effective.from")[0]).toMatchObject({ kind: "changed", before: "2022-01-01", after: "2025-07-01" });
    expect(find("metadata", "effective.to")[0]).toMatchObject({ kind: "removed", before: "2025-06-30" });
  });

  it("without the registry's periods, compares what the documents declare (neither declares an end)", () => {
    const declared = diffRulesets(shipped("1.0.0"), shipped("1.1.0"));
    expect(declared.filter((c) => c.id === "effective.to")).toEqual([]);
    expect(declared.filter((c) => c.id !== "effective.to")).toEqual(changes.filter((c) => c.id !== "effective.to"));
  });

  it("subjectId: { format: uscc } added", () => {
    expect(find("metadata", "subjectId")[0]).toMatchObject({ kind: "added", after: { format: "uscc" } });
  });

  it("record types penalty, list-entry, commitment, enforcement-case added; publicity periods are the national ones (no change)", () => {
    const types = changes.filter((c) => c.area === "records" && c.aspect === "record type");
    expect(types.map((c) => [c.kind, c.id])).toEqual([
      ["added", "commitment"],
      ["added", "enforcement-case"],
      ["added", "list-entry"],
      ["added", "penalty"],
    ]);
    expect(changes.filter((c) => c.area === "records" && c.aspect === "publicity")).toEqual([]);
  });

  it("count inputs become derived facts of the same names; commitmentsHonoured becomes commitmentRate", () => {
    const replaced = ["penaltiesMinor", "penaltiesGeneral", "penaltiesSerious", "inAbnormalOperationList", "seriousDishonestyList", "enforcementCases"];
    for (const id of replaced) {
      expect(find("inputs", id)[0]).toMatchObject({ kind: "removed" });
      expect(find("inputs", id)[0]!.summary.en).toContain("now a derived fact");
      expect(find("facts", id)[0]).toMatchObject({ kind: "added" });
    }
    expect(find("inputs", "commitmentsHonoured")[0]).toMatchObject({ kind: "removed" });
    expect(find("facts", "commitmentRate")[0]).toMatchObject({ kind: "added" });
    expect(find("facts", "commitmentRate")[0]!.summary.en).toBe("fact commitmentRate added: commitmentsHonoured3y ÷ commitmentsDue3y, 1 when commitmentsDue3y is 0");
    expect(changes.filter((c) => c.area === "inputs" && c.kind !== "removed")).toEqual([]);
  });

  it("indicator commitments: boolean → bins on commitmentRate (100% → 6, [80%, 100%) → 3, < 80% → 0), same 6 points", () => {
    const scoring = find("indicators", "commitments", "scoring")[0]!;
    expect(scoring.summary.en).toBe(
      "indicator commitments: scoring boolean on commitmentsHonoured: true → 6, false → 0 → bins on commitmentRate: [1, ∞) → 6; [0.8, 1) → 3; (−∞, 0.8) → 0",
    );
    expect(find("indicators", "commitments", "onMissing")[0]).toMatchObject({ before: { impute: true }, after: { impute: 1 } });
  });

  it("weights, bands, labels and every other indicator unchanged", () => {
    expect(changes.filter((c) => c.area === "indicators").map((c) => `${c.id}.${c.aspect}`)).toEqual(["commitments.scoring", "commitments.onMissing"]);
    expect(changes.filter((c) => c.area === "bands" || c.area === "labels")).toEqual([]);
  });

  it("the five rules added, with their effects", () => {
    expect(changes.filter((c) => c.area === "rules").map((c) => c.summary.en)).toEqual([
      "rule abnormal-operation-list added: cap at C",
      "rule commitment-breached-last-year added: −5 points",
      "rule penalty-without-severity added: not gradable",
      "rule serious-dishonesty-list added: set grade E",
      "rule serious-penalty-last-year added: cap at C",
    ]);
    expect(changes.filter((c) => c.area === "rules").every((c) => c.kind === "added")).toBe(true);
  });

  it("22号 added to the legal basis", () => {
    const basis = find("metadata", "legalBasis").filter((c) => c.kind === "added");
    expect(basis.some((c) => String(c.after).includes("国办发〔2025〕22号"))).toBe(true);
  });

  it("formats in both languages, one section per area", () => {
    const en = formatDiff(changes);
    expect(en).toContain("## Rules (5)");
    expect(en).toContain("- + rule serious-dishonesty-list added: set grade E ($.rules[0])");
    expect(en).toContain("- − input penaltiesMinor removed (number; now a derived fact) ($.inputs[9])");
    const zh = formatDiff(changes, { locale: "zh", paths: false });
    expect(zh).toContain("## 规则 (5)");
    expect(zh).toContain("- + 新增规则 serious-dishonesty-list：直接判定为E级\n");
  });
});
