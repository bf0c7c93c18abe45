/**
 * Rule books (src/rulebook.ts): the committed docs/rulesets/*.md equal a fresh render of every
 * shipped ruleset, and key lines of a fixture rule book read the way a regulator writes them.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectedRulebooks, ROOT } from "../scripts/gen-rulebooks.js";
import { describeBand, describeCondition, renderRulebook, type Ruleset, validateRuleset } from "../src/index.js";
import { industryRuleset, recordsRuleset } from "./fixtures.js";

const REGENERATE = "run `npx tsx scripts/gen-rulebooks.ts` to regenerate the rule books";

describe("committed rule books", () => {
  const books = expectedRulebooks();

  it("covers every shipped ruleset in both locales", () => {
    expect(books.length).toBeGreaterThan(0);
    expect(books.filter((b) => b.path.endsWith(".zh.md")).length).toBe(books.filter((b) => b.path.endsWith(".en.md")).length);
    expect(books.some((b) => b.path.endsWith("README.md"))).toBe(true);
    const committed = existsSync(join(ROOT, "docs/rulesets")) ? readdirSync(join(ROOT, "docs/rulesets")).filter((f) => f.endsWith(".md")) : [];
    const expected = books.map((b) => b.path.split(/[\\/]/).pop()!);
    expect(committed.filter((f) => !expected.includes(f)), `stale rule books with no ruleset; ${REGENERATE}`).toEqual([]);
  });

  for (const book of books) {
    it(`${book.path} is up to date`, () => {
      const file = join(ROOT, book.path);
      expect(existsSync(file), `${book.path} is missing; ${REGENERATE}`).toBe(true);
      const committed = readFileSync(file, "utf8");
      expect(committed === book.text, `${book.path} is stale; ${REGENERATE}`).toBe(true);
    });
  }
});

/**
 * The fixture: the records ruleset (deduction, rules of every effect, a named condition) with
 * an exclusive band bound, a rule nesting any / not, and a measures section.
 */
function fixture(): Ruleset {
  const r = recordsRuleset();
  r.bands = [
    { grade: "A", min: 90, max: 100 },
    { grade: "B", min: 75, max: 90, minInclusive: false },
    { grade: "C", min: 60, max: 75, maxInclusive: true },
    { grade: "D", min: 40, max: 60, minInclusive: true, maxInclusive: false },
    { grade: "E", min: 0, max: 40 },
  ];
  r.rules!.push({
    id: "nested",
    name: { zh: "嵌套条件", en: "nested condition" },
    reason: { zh: "测试嵌套", en: "nesting test" },
    legalBasis: "fixture: nested any / not",
    conditions: {
      all: [
        {
          any: [
            { fact: "penaltiesMinor3y", operator: "greaterThanInclusive", value: 3 },
            { not: { fact: "seriousListed", operator: "equal", value: true } },
          ],
        },
        { fact: "years", operator: "lessThan", value: 2 },
      ],
    },
    effect: { type: "cap", grade: "B" },
  });
  r.inputs[0] = { id: "years", type: "number", min: 0, unit: "年", name: { zh: "经营年限", en: "years in operation" } };
  r.measures = {
    byGrade: [
      { grade: "A", measures: ["green-channel", "gaozhi-chengnuo"] },
      { grade: "B", measures: ["rongque-acceptance"] },
      { grade: "C", measures: ["normal-sampling"] },
      { grade: "D", measures: ["key-attention"] },
      { grade: "E", measures: ["key-supervision", "restrict-procurement"] },
    ],
    sampling: [
      { grade: "A", ratio: { min: 0, max: 0.05 }, perYear: { min: 0, max: 1 } },
      { grade: "B", ratio: { min: 0.05, max: 0.1 }, perYear: { min: 1, max: 1 } },
      { grade: "C", ratio: { min: 0.1, max: 0.2 }, perYear: { min: 1, max: 1 } },
      { grade: "D", ratio: { min: 0.2, max: 0.6 }, perYear: { min: 1, max: 2 } },
      { grade: "E", ratio: { min: 0.6 }, perYear: { min: 2 }, extraItems: ["失信行为整改情况"] },
    ],
  };
  return r;
}

describe("renderRulebook on a fixture", () => {
  const r = fixture();
  const zh = renderRulebook(r, { locale: "zh" });
  const en = renderRulebook(r, { locale: "en" });
  const lines = zh.split("\n");

  it("is a valid fixture, and renders deterministically", () => {
    expect(validateRuleset(r).valid).toBe(true);
    expect(renderRulebook(fixture(), { locale: "zh" })).toBe(zh);
    expect(zh.endsWith("\n")).toBe(true);
  });

  it("has the header and the six sections in order", () => {
    expect(lines[0]).toBe("# 信用记录测试");
    const heads = lines.filter((l) => l.startsWith("## "));
    expect(heads).toEqual([
      "## 一、信用信息采集范围",
      "## 二、评价指标体系",
      "## 三、等级划分标准",
      "## 四、直接判级与调整规则",
      "## 五、分级监管措施",
      "## 六、规则校验",
    ]);
    expect(zh).toMatch(/\| 内容哈希 \| `sha256:[0-9a-f]{64}` \|/);
    expect(zh).toContain("| 适用期间 | 2025-01-01起（长期有效） |");
  });

  it("writes band bounds the regulator's way, inclusive and exclusive", () => {
    expect(zh).toContain("| A | A | A级（诚信守法） | 诚信守法 | 90分以上 | [90, 100] |");
    expect(zh).toContain("| B | B | B级（诚信守法） | 诚信守法 | 超过75分不满90分 | (75, 90) |");
    expect(zh).toContain("| C | C | C级（轻微失信） | 轻微失信 | 60分以上75分以下 | [60, 75] |");
    expect(zh).toContain("| D | D | D级（一般失信） | 一般失信 | 40分以上不满60分 | [40, 60) |");
    expect(zh).toContain("| E | E | E级（严重失信） | 严重失信 | 不满40分 | [0, 40) |");
    expect(describeBand({ grade: "B", min: 70, max: 90 }, 1, { min: 0, max: 100 }, "en")).toBe("70 to under 90 points");
    expect(describeBand({ grade: "A", min: 90, max: 100 }, 0, { min: 0, max: 100 }, "en")).toBe("90 points or more");
    expect(describeBand({ grade: "A", min: 90, max: 100 }, 0, { min: 0, max: 100 }, "zh")).toBe("90分以上");
    expect(describeBand({ grade: "B", min: 70, max: 90, maxInclusive: true }, 1, { min: 0, max: 100 }, "zh")).toBe("70分以上90分以下");
    expect(describeBand({ grade: "B", min: 70, max: 90, minInclusive: false }, 1, { min: 0, max: 100 }, "zh")).toBe("超过70分不满90分");
  });

  it("lists a deduction item with its points, cap and floor", () => {
    expect(zh).toContain("评分方法：基础分50分，按下列事项逐项扣分，最低0分：");
    expect(zh).toContain("| — | penaltiesSerious3y | “penaltiesSerious3y” | 每次扣25分 | 不设上限 |");
  });

  it("writes a linear indicator with its unit, and the missing-data rule", () => {
    expect(zh).toContain("评分方法：按“经营年限”线性计分：0年及以下得0分，10年及以上得满分20分，其间按比例计分。");
    expect(zh).toContain("缺失处理：数据缺失时不予评价（不确定信用等级）（默认）。");
  });

  it("renders a rule's condition with nested any / not", () => {
    const at = lines.indexOf("#### 规则7：嵌套条件（`nested`）");
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 2, at + 9)).toEqual([
      "- 适用条件：同时满足下列条件：",
      "  - 满足下列条件之一：",
      "    - “penaltiesMinor3y”大于或等于3",
      "    - 并非（“seriousListed”为是）",
      "  - “经营年限”小于2",
      "- 处理结果：信用等级最高为B级（等级上限）",
      "- 理由：测试嵌套",
    ]);
    expect(describeCondition(r.rules!.at(-1)!.conditions, r, "zh")).toBe("（“penaltiesMinor3y”大于或等于3或并非（“seriousListed”为是））且“经营年限”小于2");
    expect(describeCondition(r.rules!.at(-1)!.conditions, r, "en")).toBe(
      '("penaltiesMinor3y" is at least 3 or not ("seriousListed" is true)) and "years in operation" is less than 2',
    );
  });

  it("renders named conditions, effects and the precedence", () => {
    expect(zh).toContain("- 适用条件：符合共用条件“seriouslyDishonest”");
    expect(zh).toContain("  - 满足下列条件之一：");
    expect(zh).toContain("- 处理结果：总分扣减10分（在确定分数段之前）（调整分值）");
    expect(zh).toContain("- 处理结果：判定为E级，不论得分（直接判级）");
    expect(zh).toContain("- 处理结果：分数等级不低于C级（等级下限）");
    expect(zh).toContain("- 处理结果：不确定信用等级（不予评价）");
    expect(zh).toContain("5. 最后适用“等级上限”规则，取其中最低的上限：上限不会提高等级，且始终有效。");
  });

  it("lists the measures of each grade and the sampling policy", () => {
    const e = zh.slice(zh.indexOf("### （五）E级（严重失信）"));
    expect(e).toContain("| 1 | 列为重点监管对象 | 监管 | 日常监管 | 鹤信用发〔2022〕2号 三(三)2 |");
    expect(e).toContain("| 2 | 限制参与政府采购（限制：参与政府采购） | 约束 | 政府采购 | 鹤信用发〔2022〕2号 三(三)2 |");
    expect(zh).toContain("| 2 | 告知承诺（给予：告知承诺） | 激励 | 行政审批 |");
    expect(zh).toContain("| A级 | 不超过5% | 不超过1次 | — |");
    expect(zh).toContain("| D级 | 20%至60% | 1至2次 | — |");
    expect(zh).toContain("| E级 | 不低于60%，不设上限 | 至少2次，按监管需要增加 | 失信行为整改情况 |");
  });

  it("lists records, publicity periods and derived facts", () => {
    expect(zh).toContain("| 严重 | 1年 | 3年 |");
    expect(zh).toContain("公示期：自记录日期起3年");
    expect(zh).toContain(
      "| penaltiesSerious3y | `penaltiesSerious3y` | “行政处罚”记录中日期在评价基准日前3年内、满足“失信程度”等于“严重”的记录条数；仅计仍纳入评价的记录（未修复、未撤销、在公示期内） | — |",
    );
    expect(zh).toContain("| honourRate | `honourRate` | “commitmentsHonoured” ÷ “commitmentsDue”（“commitmentsDue”为0时取1） | — |");
  });

  it("lists the checks it passes, with the numbers", () => {
    expect(zh).toContain("本规则集经 `validateRuleset` 校验：**通过**（错误0项，警告0项，提示0项）。");
    expect(zh).toContain("4. **指标分值合计**：✓ 通过。一级指标3项分值合计100分，总分100分。");
    expect(zh).toContain("A [90, 100]、B (75, 90)、C [60, 75]、D [40, 60)、E [0, 40)");
    expect(zh).toContain("E级抽查比例不设上限");
  });

  it("states the Hegang rule check with the actual numbers", () => {
    const ind = industryRuleset();
    const book = renderRulebook(ind, { locale: "zh" });
    expect(book).toContain(
      "**公共信用综合评价指标权重和分值不低于平均值（鹤信用发〔2022〕2号 三(一)3）**：✓ 通过。公共信用综合评价指标“公共信用综合评价”（`public`）分值40分（总分100分），不低于3项一级指标的平均分值（100 ÷ 3 ≈ 33.33分）。行业信用评价必须满足此项，不能关闭。",
    );
    const low = industryRuleset();
    low.indicators[0]!.points = 20;
    low.indicators[1]!.points = 50;
    const failing = renderRulebook(low, { locale: "en" });
    expect(failing).toContain("Checked by `validateRuleset`: **failed**");
    expect(failing).toContain(
      '**Public composite weight and points not below the average (Hegang plan 三(一)3)**: ✗ failed. The public composite indicator "public composite" (`public`) is worth 20 of 100 points, below the average of the 3 top-level indicators (100 ÷ 3 ≈ 33.33 points). An industry evaluation must meet it and cannot switch it off.',
    );
    expect(failing).toContain("   - `error PUBLIC_COMPOSITE_BELOW_MEAN at $.indicators[0]:");
  });

  it("states a nested public composite indicator's share of the whole system, in the declared weights", () => {
    const r: Ruleset = industryRuleset();
    r.weighting = "weights";
    const [pc, complaints, level] = r.indicators as [Ruleset["indicators"][number], Ruleset["indicators"][number], Ruleset["indicators"][number]];
    r.indicators = [
      { id: "grp", name: { zh: "基础", en: "basics" }, weight: 50, children: [{ ...pc, points: undefined, weight: 30 }, { ...level, points: undefined, weight: 70 }] },
      { ...complaints, points: undefined, weight: 50, outOf: 30 },
    ];
    expect(validateRuleset(r).diagnostics.map((d) => d.code)).toEqual(["PUBLIC_COMPOSITE_BELOW_MEAN"]);
    const line = (l: "zh" | "en"): string | undefined => renderRulebook(r, { locale: l }).split("\n").find((x) => x.includes("三(一)3）**") || x.includes("三(一)3)**"));
    expect(line("zh")).toBe(
      "7. **公共信用综合评价指标权重和分值不低于平均值（鹤信用发〔2022〕2号 三(一)3）**：✗ 未通过。公共信用综合评价指标“公共信用综合评价”（`public`）权重30% × “基础”权重50%，占总分15%（15分，总分100分），低于2项一级指标的平均值（100% ÷ 2 = 50%；100 ÷ 2 = 50分），低于“基础”下2项指标的平均权重（其权重30%，平均100% ÷ 2 = 50%）。行业信用评价必须满足此项，不能关闭。",
    );
    expect(line("en")).toContain(
      'The public composite indicator "public composite" (`public`) has weight 30% × "basics" weight 50% = 15% of the total (15 of 100 points), below the average of the 2 top-level indicators (100% ÷ 2 = 50%; 100 ÷ 2 = 50 points), and below the average weight of the 2 indicators in "basics" (its 30% against 100% ÷ 2 = 50%). An industry evaluation must meet it and cannot switch it off.',
    );
  });

  it("says when a ruleset of another kind switches the Hegang rule off, or takes the public composite without declaring it", () => {
    const off = industryRuleset();
    off.kind = "market";
    off.publicComposite = { indicator: "public", check: false };
    const en = renderRulebook(off, { locale: "en" });
    expect(en).toContain("(`public`) is worth 40 of 100 points, at least the average of the 3 top-level indicators (100 ÷ 3 ≈ 33.33 points). The ruleset switches this check off.");
    expect(en).toMatch(/\*\*Public composite weight and points not below the average \(Hegang plan 三\(一\)3\)\*\*: not applicable\./);
    const undeclared = industryRuleset();
    undeclared.kind = "market";
    delete undeclared.publicComposite;
    expect(renderRulebook(undeclared, { locale: "zh" })).toContain(
      "指标“公共信用综合评价”（`public`）读取公共信用综合评价“publicScore”，分值40分（总分100分），不低于3项一级指标的平均分值（100 ÷ 3 ≈ 33.33分）。本规则集以公共信用综合评价结果作为指标，同样校验。",
    );
  });

  it("renders the English locale completely", () => {
    const heads = en.split("\n").filter((l) => l.startsWith("## "));
    expect(heads).toEqual([
      "## 1. Credit information collected",
      "## 2. Indicator system",
      "## 3. Grade classification standard",
      "## 4. Direct judgment and adjustment rules",
      "## 5. Measures per grade",
      "## 6. Regulatory checks",
    ]);
    expect(en).toContain("| B | B | B (trustworthy) | trustworthy | over 75 and under 90 points | (75, 90) |");
    expect(en).toContain("| C | C | C (minor dishonesty) | minor dishonesty | 60 to 75 points inclusive | [60, 75] |");
    expect(en).toContain("| E | E | E (serious dishonesty) | serious dishonesty | under 40 points | [0, 40) |");
    expect(en).toContain("| — | penaltiesSerious3y | \"penaltiesSerious3y\" | 25 points per occurrence | none |");
    expect(en).toContain("- Condition: all of the following hold:");
    expect(en).toContain("- Effect: the grade is at best grade B (cap)");
    expect(en).toContain("| grade E | at least 60%, no upper limit | at least 2, more as supervision requires | 失信行为整改情况 |");
    expect(en).not.toMatch(/[一二三四五六]、/);
    expect(en).not.toMatch(/分值|评分|条件|规则/);
  });
});
