/**
 * Rule books (规则书): a ruleset rendered as a Markdown document a regulator can publish
 * (R16: each department states the scope of credit information it collects, its grade
 * classification rules and standards, and the measures for each grade). The document covers
 * the information used, the indicator tree with points and weights and every scoring rule in
 * words, the grade bands the way a regulator writes them ("70分以上不满90分"), the override
 * rules with reasons and legal basis, the measures and sampling policy per grade, and the
 * regulatory checks the ruleset passes, with the actual numbers.
 *
 * Rendering is pure and deterministic: no clock, no I/O, the same text for the same ruleset.
 *
 * This module assembles the document section by section and writes the header and sections
 * 二 to 四 itself; section 一 comes from `_rulebook-information.ts`, section 五 from
 * `_rulebook-measures.ts` and section 六 from `_rulebook-checks.ts`. The words for each part
 * come from `rulebook-describe.ts`, the shared context and locale text tables from
 * `_rulebook-text.ts`.
 * @module
 */
import type { RulebookLocale } from "./locale.js";
import { renderChecks } from "./checks.js";
import { renderInformation } from "./information.js";
import { renderMeasures } from "./measures.js";
import {
  bandInterval,
  bi,
  type Ctx,
  fmt,
  inputLabel,
  labelText,
  makeContext,
  pct,
  publishedPositions,
  quote,
  scaleText,
  sub,
  table,
} from "./text.js";
import { EFFECT_KIND_NAMES, KIND_NAMES, LEVEL_NAMES_ZH, ROUNDING_NAMES } from "./names.js";
import { CLASS_NAMES, GRADE_CLASSES, gradeClass } from "../base/grade.js";
import { labelPosition } from "../format/labels.js";
import { indicatorOutOf, nodeAmount, type PlacedNode } from "../format/indicator-tree.js";
import { nearlyEqual } from "../base/rounding.js";
import { addDays } from "../base/date.js";
import type { RegistryEntry } from "../versions/registry-periods.js";
import { isGroup, type Ruleset } from "../format/ruleset-schema.js";
import { rulesetHash } from "../format/ruleset.js";
import { conditionLines, labelledConditionLines } from "./condition.js";
import { describeBand, effectText, missingText, ruleActionLines, scoringText } from "./describe.js";
import { measureResolver } from "../measures/compile.js";
import { MEASURE_CATALOGUE } from "../measures/catalogue.js";

/**
 * Options of {@link renderRulebook}.
 * @category Rule books
 */
export interface RulebookOptions {
  /** The language of the document. */
  readonly locale: RulebookLocale;
  /**
   * The version's place in a registry, e.g. `registry.entry(id, version)`: the rule book then
   * states the period it is in force there (ended the day before its successor starts) and
   * names the successor. Without it the rule book states the period the document declares.
   */
  readonly registry?: Pick<RegistryEntry, "effective" | "successor"> | undefined;
}

/**
 * Renders a ruleset as a Markdown rule book (规则书) a regulator could publish: title,
 * scheme, version, effective period, authority, legal basis and content hash; then 一、the
 * credit information collected, 二、the indicator system, 三、the grade bands, 四、the direct
 * judgment and adjustment rules, 五、the measures per grade, 六、the regulatory checks.
 * @param ruleset - A ruleset (normally one that passed {@link validateRuleset}; problems are
 *   listed in the checks section rather than thrown).
 * @param options - The locale.
 * @returns The Markdown text, ending with a newline; the same for the same ruleset.
 * @example
 * const md = renderRulebook(ruleset, { locale: "zh" });
 * md.split("\n")[0]; //=> "# 黑龙江省市场主体公共信用综合评价（示例指标体系）"
 * md.includes("| A | A | A级（诚信守法） | 诚信守法 | 90分以上 | [90, 100] |"); //=> true
 * @category Rule books
 */
export function renderRulebook(ruleset: Ruleset, options: RulebookOptions): string {
  const ctx = makeContext(ruleset, options.locale);
  const out: string[] = [];
  renderHeader(ctx, out, options.registry);
  renderInformation(ctx, out);
  renderIndicators(ctx, out);
  renderBands(ctx, out);
  renderRules(ctx, out);
  renderMeasures(ctx, out);
  renderChecks(ctx, out);
  out.push("---", "", ctx.t(
    "本规则书由 credit-grading 的 `renderRulebook` 根据规则集文件生成，与规则集逐项对应；请勿手工编辑，修改规则集后重新生成。",
    "This rule book is generated from the ruleset file by `renderRulebook` of credit-grading and follows it item by item; do not edit it by hand, regenerate it after changing the ruleset.",
  ), "");
  return out.join("\n");
}

// ------------------------------------------------------------------ header

function renderHeader(ctx: Ctx, out: string[], registry: RulebookOptions["registry"]): void {
  const { r, t } = ctx;
  const { from, to } = registry?.effective ?? r.effective;
  const next = registry?.successor;
  const eff = to === undefined
    ? t(`${from}起（长期有效）`, `from ${from} (open-ended)`)
    : t(`${from}至${to}`, `${from} to ${to}`) +
      (next !== undefined && addDays(to, 1) === next.from
        ? t(`（${next.from}起由${next.ref.version}版本接替）`, ` (succeeded by version ${next.ref.version} from ${next.from})`)
        : "");
  const rows: string[][] = [
    [t("规则集", "Ruleset"), `\`${r.id}\``],
    [t("评价体系", "Scheme"), `\`${r.scheme}\``],
    [t("评价类型", "Kind"), KIND_NAMES[r.kind][ctx.l]],
  ];
  if (r.industry !== undefined) rows.push([t("行业", "Industry"), r.industry]);
  rows.push(
    [t("版本", "Version"), r.version],
    [t("适用期间", "Effective period"), eff],
    [t("发布机关", "Authority"), r.authority ?? t("未载明", "not stated")],
    [t("总分", "Total score"), scaleText(t, r.scale)],
    [
      t("计分方式", "Weighting"),
      r.weighting === "points"
        ? t("分值制（各级指标标明分值）", "points (each node states the points it is worth)")
        : t("权重制（各级指标标明占上级的百分比权重）", "weights (each node states its percentage of its parent)"),
    ],
    [
      t("分数精度", "Rounding"),
      t(`保留${r.rounding.scale}位小数，${ROUNDING_NAMES[r.rounding.mode].zh}`, `${r.rounding.scale} decimal places, ${ROUNDING_NAMES[r.rounding.mode].en}`),
    ],
  );
  if (r.subjectId !== undefined) {
    const mode = r.subjectId.mode ?? "standard";
    rows.push([
      t("主体标识", "Subject identifier"),
      t(`统一社会信用代码（GB 32100-2015），校验方式 ${mode}`, `unified social credit code (GB 32100-2015), checked in ${mode} mode`) +
        (r.subjectId.allow?.length ? t(`；另认可${r.subjectId.allow.length}个历史代码`, `; ${r.subjectId.allow.length} legacy codes accepted`) : ""),
    ]);
  }
  rows.push([t("内容哈希", "Content hash"), `\`${rulesetHash(ctx.source)}\``]);
  out.push(
    `# ${r.name[ctx.l]}`,
    "",
    t(`信用分级分类监管规则书 · ${KIND_NAMES[r.kind].zh} · 版本 ${r.version}`, `Credit grading rule book · ${KIND_NAMES[r.kind].en} · version ${r.version}`),
    "",
    ...table([t("项目", "Item"), t("内容", "Content")], rows),
    "",
    t(
      "内容哈希是规则集规范化 JSON（键名排序，不含 `$schema`）的 SHA-256 值，用于确认本规则书与所适用的规则集版本一致。",
      "The content hash is the SHA-256 of the ruleset's canonical JSON (keys sorted, `$schema` left out); it identifies the exact version this rule book describes.",
    ),
    "",
    `**${t("制定依据", "Legal basis")}**`,
    "",
  );
  if (r.legalBasis?.length) r.legalBasis.forEach((b, i) => out.push(`${i + 1}. ${b}`));
  else out.push(t("未载明。", "Not stated."));
  out.push("");
}

// ------------------------------------------------------------------ 二、indicators

function numbering(placed: readonly PlacedNode[]): Map<PlacedNode, string> {
  const out = new Map<PlacedNode, string>();
  const counters: number[] = [];
  for (const p of placed) {
    counters.length = p.depth;
    counters[p.depth - 1] = (counters[p.depth - 1] ?? 0) + 1;
    out.set(p, counters.join("."));
  }
  return out;
}

function renderIndicators(ctx: Ctx, out: string[]): void {
  const { r, t, placed } = ctx;
  const nums = numbering(placed);
  const total = r.scale.max - r.scale.min;
  out.push(`## ${t("二、评价指标体系", "2. Indicator system")}`, "");
  out.push(`### ${sub(ctx, 2, 1)}${t("指标结构与分值", "Indicators, points and weights")}`, "");
  const parentPoints = (p: PlacedNode): number => {
    const parent = placed.find((q) => q.node.id === p.ancestors[p.ancestors.length - 1]);
    return parent ? parent.maxPoints : total;
  };
  out.push(
    ...table(
      [t("序号", "No."), t("指标", "Indicator"), t("层级", "Level"), t("分值", "Points"), t("占上级权重", "Weight in parent"), t("占总分比例", "Share of total")],
      placed.map((p) => [
        nums.get(p)!,
        t(`${p.node.name.zh}（\`${p.node.id}\`）`, `${p.node.name.en} (\`${p.node.id}\`)`),
        ctx.l === "zh" ? (LEVEL_NAMES_ZH[p.depth - 1] ?? `${p.depth}级指标`) : `level ${p.depth}${isGroup(p.node) ? "" : " (indicator)"}`,
        fmt(p.maxPoints),
        r.weighting === "weights" ? `${fmt(nodeAmount(r, p.node))}%` : pct(parentPoints(p) === 0 ? 0 : p.maxPoints / parentPoints(p)),
        pct(p.share),
      ]),
    ),
    "",
    t(
      `一级指标${r.indicators.length}项，${placed.filter((p) => !isGroup(p.node)).length}项指标计分，合计${fmt(total)}分。`,
      `Top-level nodes: ${r.indicators.length}; scored indicators: ${placed.filter((p) => !isGroup(p.node)).length}; ${fmt(total)} points in all.`,
    ),
    "",
  );
  out.push(`### ${sub(ctx, 2, 2)}${t("评分规则与缺失处理", "Scoring rules and missing data")}`, "");
  for (const p of placed) {
    if (isGroup(p.node)) {
      if (p.node.description) out.push(`**${nums.get(p)} ${p.node.name[ctx.l]}**${t("：", ": ")}${p.node.description}`, "");
      continue;
    }
    const leaf = p.node;
    const outOf = indicatorOutOf(r, leaf, p.maxPoints);
    out.push(
      t(
        `**${nums.get(p)} ${leaf.name.zh}**（\`${leaf.id}\`，${fmt(p.maxPoints)}分）`,
        `**${nums.get(p)} ${leaf.name.en}** (\`${leaf.id}\`, ${fmt(p.maxPoints)} points)`,
      ),
      "",
    );
    if (leaf.description) out.push(leaf.description, "");
    const { line, rows } = scoringText(ctx, leaf.scoring, outOf);
    out.push(`${t("评分方法：", "Scoring: ")}${line}`, "");
    if (rows.length > 0) out.push(...rows, "");
    if (!nearlyEqual(outOf, p.maxPoints)) {
      out.push(
        `${t(
          `折算：按${fmt(outOf)}分制计分，乘以${fmt(p.maxPoints)}/${fmt(outOf)}计入总分。`,
          `Conversion: scored out of ${fmt(outOf)}, counted in the total times ${fmt(p.maxPoints)}/${fmt(outOf)}.`,
        )}`,
        "",
      );
    }
    out.push(`${t("缺失处理：", "Missing data: ")}${missingText(ctx, leaf, outOf)}`, "");
  }
}

// ------------------------------------------------------------------ 三、bands

function renderBands(ctx: Ctx, out: string[]): void {
  const { r, t } = ctx;
  out.push(`## ${t("三、等级划分标准", "3. Grade classification standard")}`, "");
  out.push(`### ${sub(ctx, 3, 1)}${t("信用等级与分数段", "Grades and score bands")}`, "");
  // One row per published label, in the scheme's order; several may share a canonical grade (tax B and M).
  const shown = publishedPositions(ctx);
  const rows = shown.map((p) => {
    const e = ctx.labels.entries[p]!;
    const bands = r.bands.map((b, index) => ({ b, index })).filter(({ b }) => labelPosition(ctx.labels, b.grade, b.label) === p);
    return [
      e.label,
      e.grade,
      e.name[ctx.l],
      CLASS_NAMES[gradeClass(e.grade)][ctx.l],
      bands.length > 0 ? ctx.list(bands.map(({ b, index }) => describeBand(b, index, r.scale, ctx.l))) : t("无对应分数段（仅由规则判定）", "no score band (set by rules only)"),
      bands.length > 0 ? ctx.list(bands.map(({ b, index }) => bandInterval(b, index))) : "—",
    ];
  });
  out.push(
    ...table([t("公布等级", "Published as"), t("信用等级", "Grade"), t("等级名称", "Name"), t("信用类别", "Credit class"), t("评价得分", "Total score"), t("区间记法", "Interval")], rows),
    "",
    t(
      `注：“以上”“以下”含本数，“超过”“不满”不含本数（《中华人民共和国民法典》第一千二百五十九条）。总分保留${r.rounding.scale}位小数（${ROUNDING_NAMES[r.rounding.mode].zh}）后确定分数段。`,
      `Note: "or more", "or less" and "inclusive" include the bound; "over" and "under" exclude it. The total is rounded to ${r.rounding.scale} decimal places (${ROUNDING_NAMES[r.rounding.mode].en}) before banding.`,
    ),
    "",
  );
  if (shown.some((p) => ctx.labels.entries[p]!.label !== ctx.labels.entries[p]!.grade)) {
    out.push(
      t(
        "公布等级是本评价体系对外公布的等级；信用等级是其对应的通用信用等级（A–E），决定信用类别和默认措施。多个公布等级可以对应同一信用等级。规则未指明公布等级时，“直接判级”取该信用等级的第一个公布等级，“等级上限”以其第一个、“等级下限”以其最后一个公布等级为界。",
        "The published label is what the scheme publishes; the grade is the canonical grade (A–E) it sits on, which decides the credit class and the default measures. Several labels may share a grade. Where a rule names no label, a direct judgment gives the grade's first label, a cap bounds at its first label and a floor at its last.",
      ),
      "",
    );
  }
  out.push(`### ${sub(ctx, 3, 2)}${t("信用类别（四类五级）", "Credit classes (four classes, five grades)")}`, "");
  out.push(
    ...table(
      [t("信用类别", "Credit class"), ctx.labels.entries.some((e) => e.declared) ? t("公布等级", "Published labels") : t("信用等级", "Grades")],
      GRADE_CLASSES.map((c) => {
        const of = shown.filter((p) => gradeClass(ctx.labels.entries[p]!.grade) === c);
        return [CLASS_NAMES[c][ctx.l], of.length > 0 ? ctx.list(of.map((p) => labelText(ctx, p))) : "—"];
      }),
    ),
    "",
  );
  const pc = r.publicComposite;
  if (pc?.fallbackGradeInput !== undefined) {
    out.push(`### ${sub(ctx, 3, 3)}${t("无法评价时的处理", "When the subject cannot be graded")}`, "");
    out.push(
      t(
        `本评价无法对主体确定信用等级的（含数据缺失不予评价），采用${quote(ctx, inputLabel(ctx, pc.fallbackGradeInput))}所载的公共信用综合评价等级（鹤信用发〔2022〕2号 三(一)3）。`,
        `Where this evaluation cannot grade a subject (including missing data), the public composite grade in ${quote(ctx, inputLabel(ctx, pc.fallbackGradeInput))} is used (Hegang plan 三(一)3).`,
      ),
      "",
    );
  }
}

// ------------------------------------------------------------------ 四、rules

function renderRules(ctx: Ctx, out: string[]): void {
  const { r, t } = ctx;
  out.push(`## ${t("四、直接判级与调整规则", "4. Direct judgment and adjustment rules")}`, "");
  const rules = r.rules ?? [];
  if (rules.length === 0) {
    out.push(t("本规则集未设直接判级或调整规则，信用等级按总分所在分数段确定。", "The ruleset has no override rules: the grade is the band of the total score."), "");
    return;
  }
  let n = 0;
  if (r.conditions?.length) {
    out.push(`### ${sub(ctx, 4, ++n)}${t("共用条件", "Named conditions")}`, "");
    for (const nc of r.conditions) {
      out.push(`- ${quote(ctx, nc.id)}${nc.description ? t(`（${nc.description}）`, ` (${nc.description})`) : ""}${t("：", ": ")}`);
      out.push(...conditionLines(nc.conditions, ctx, "  "));
    }
    out.push("");
  }
  out.push(`### ${sub(ctx, 4, ++n)}${t("规则", "Rules")}`, "");
  const measureOf = measureResolver(r.measures, MEASURE_CATALOGUE);
  rules.forEach((rule, i) => {
    out.push(
      t(`#### 规则${i + 1}：${bi(ctx, rule.name, rule.id)}（\`${rule.id}\`）`, `#### Rule ${i + 1}: ${bi(ctx, rule.name, rule.id)} (\`${rule.id}\`)`),
      "",
    );
    out.push(...labelledConditionLines(rule.conditions, ctx, t("适用条件：", "Condition: ")));
    out.push(
      `- ${t("处理结果：", "Effect: ")}${effectText(ctx, rule.effect)}${t(`（${EFFECT_KIND_NAMES[rule.effect.type].zh}）`, ` (${EFFECT_KIND_NAMES[rule.effect.type].en})`)}`,
      ...ruleActionLines(ctx, rule, measureOf),
      `- ${t("理由：", "Reason: ")}${rule.reason[ctx.l]}`,
      `- ${t("依据：", "Legal basis: ")}${rule.legalBasis}`,
      "",
    );
  });
  out.push(`### ${sub(ctx, 4, ++n)}${t("规则的适用顺序", "Precedence")}`, "");
  const acts = rules.some((x) => (x.measures?.length ?? 0) > 0 || (x.outputs?.length ?? 0) > 0);
  const total = t(`${fmt(r.scale.min)}–${fmt(r.scale.max)}分`, `${fmt(r.scale.min)}–${fmt(r.scale.max)}`);
  const steps = ctx.l === "zh"
    ? [
        "有“不予评价”规则适用的，该主体不确定信用等级，其他规则不再适用。",
        `“调整分值”规则在确定分数段之前将其分值计入总分，调整后的总分保持在${total}之内；此类规则不读取总分。`,
        "按调整后的总分所在分数段确定分数等级。",
        "有“直接判级”规则适用的，取其中最低的等级替代分数等级，“等级下限”规则不适用于直接判级；没有的，“等级下限”规则将分数等级提高至其中最高的下限。",
        "最后适用“等级上限”规则，取其中最低的上限：上限不会提高等级，且始终有效。",
        ...(acts ? ["规则增加的措施和输出不论信用等级如何均适用，与该等级的措施一并执行；“不影响等级”规则在确定分数段之后适用，只增加措施或输出。"] : []),
      ]
    : [
        "A not-gradable rule wins over everything: the subject gets no grade.",
        `Points adjustments are added to the total before banding, and the total is then kept within ${total}; these rules cannot read the score.`,
        "The band of the adjusted total gives the score grade.",
        "When a direct-judgment rule fires, the grade is the worst of their grades, replacing the score grade; floors do not apply to a direct judgment. Otherwise floor rules lift the score grade to the best of their grades.",
        "Caps apply last, combined to the worst: a cap never raises a grade and always holds.",
        ...(acts ? ["Measures and outputs a fired rule adds apply whatever the grade, beside the grade's measures; rules with no effect on the grade run after banding and only add measures or outputs."] : []),
      ];
  steps.forEach((s, i) => out.push(`${i + 1}. ${s}`));
  out.push("");
}
