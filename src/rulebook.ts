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
 * @module
 */
import { type ConditionDef } from "./condition.js";
import { formatDiagnostic, type Diagnostic } from "./diagnostic.js";
import { parseDuration } from "./date.js";
import { type FactDef } from "./fact.js";
import { CLASS_NAMES, GRADE_CLASSES, GRADE_NAMES, GRADES, type Grade, gradeClass } from "./grade.js";
import { indicatorOutOf, nodeAmount, type PlacedNode, placeNodes, scoringRange } from "./indicator.js";
import { CAPABILITIES, DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING, MEASURE_CATALOGUE } from "./measure-catalogue.js";
import { compileMeasures, type MeasureDef, type MeasuresSection, type SamplingPolicy } from "./measure.js";
import { NATIONAL_PUBLICITY_2025, type RecordTypeDef } from "./record.js";
import { round9 } from "./rounding.js";
import { type EffectDef } from "./rule.js";
import { validateRuleset } from "./ruleset-check.js";
import {
  type BandDef,
  type IndicatorLeafDef,
  type InputDef,
  isGroup,
  type Ruleset,
  type ScoringDef,
} from "./ruleset-schema.js";
import { rulesetHash } from "./ruleset.js";

/** The languages a rule book is rendered in. */
export const RULEBOOK_LOCALES = ["zh", "en"] as const;

/** A rule book language: `zh` (简体中文, the language regulators publish in) or `en`. */
export type RulebookLocale = (typeof RULEBOOK_LOCALES)[number];

/** Options of {@link renderRulebook}. */
export interface RulebookOptions {
  /** The language of the document. */
  readonly locale: RulebookLocale;
}

type L = RulebookLocale;
type Bi = { readonly zh: string; readonly en: string };

// ------------------------------------------------------------------ public helpers

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
 */
export function renderRulebook(ruleset: Ruleset, options: RulebookOptions): string {
  const ctx = makeContext(ruleset, options.locale);
  const out: string[] = [];
  renderHeader(ctx, out);
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

/**
 * Describes a grade band's score range the way a regulator writes it: lower bounds with
 * 以上 (inclusive) or 超过 (exclusive), upper bounds with 以下 (inclusive) or 不满 (exclusive);
 * a bound at the end of the scale is left out ("90分以上", "不满40分").
 * @param band - The band.
 * @param scale - The ruleset's total score scale.
 * @param locale - The language.
 * @returns The range in words.
 * @example
 * describeBand({ grade: "B", min: 70, max: 90 }, { min: 0, max: 100 }, "zh"); //=> "70分以上不满90分"
 * describeBand({ grade: "A", min: 90, max: 100 }, { min: 0, max: 100 }, "zh"); //=> "90分以上"
 * describeBand({ grade: "E", min: 0, max: 40 }, { min: 0, max: 100 }, "en"); //=> "under 40 points"
 */
export function describeBand(band: BandDef, scale: { readonly min: number; readonly max: number }, locale: RulebookLocale): string {
  const minIn = band.minInclusive ?? true;
  const maxIn = band.maxInclusive ?? band.max >= scale.max;
  const lower = band.min <= scale.min && minIn ? undefined : band.min;
  const upper = band.max >= scale.max && maxIn ? undefined : band.max;
  if (lower === undefined && upper === undefined) return locale === "zh" ? `${fmt(scale.min)}–${fmt(scale.max)}分` : `${fmt(scale.min)}–${fmt(scale.max)} points`;
  return describeRange(lower, upper, minIn, maxIn, locale === "zh" ? "分" : "points", locale);
}

/**
 * Writes a json-rules-engine condition in words on one line: `all` joined by 且 / and, `any`
 * by 或 / or, `not` as 并非 / not, with brackets around nested groups, operators in words and
 * facts by their declared names.
 * @param condition - A condition node as written in a ruleset.
 * @param ruleset - The ruleset it belongs to (for the names of inputs and facts).
 * @param locale - The language.
 * @returns The condition in words.
 * @example
 * describeCondition({ any: [{ fact: "a", operator: "greaterThanInclusive", value: 3 }, { not: { fact: "b", operator: "equal", value: true } }] }, ruleset, "zh");
 * //=> "“a”大于或等于3或并非（“b”为是）"
 */
export function describeCondition(condition: ConditionDef, ruleset: Ruleset, locale: RulebookLocale): string {
  return inlineCondition(condition, makeContext(ruleset, locale), undefined);
}

// ------------------------------------------------------------------ context and text helpers

interface Ctx {
  readonly r: Ruleset;
  readonly l: L;
  readonly t: (zh: string, en: string) => string;
  readonly inputs: ReadonlyMap<string, InputDef>;
  readonly facts: ReadonlyMap<string, FactDef>;
  readonly recordTypes: ReadonlyMap<string, RecordTypeDef>;
  readonly placed: readonly PlacedNode[];
}

function makeContext(r: Ruleset, l: L): Ctx {
  return {
    r,
    l,
    t: (zh, en) => (l === "zh" ? zh : en),
    inputs: new Map(r.inputs.map((i) => [i.id, i])),
    facts: new Map((r.facts ?? []).map((f) => [f.id, f])),
    recordTypes: new Map((r.records?.types ?? []).map((t) => [t.id, t])),
    placed: placeNodes(r),
  };
}

const fmt = (n: number): string => String(round9(n));
/** A share as a percentage, at most two decimals: 0.5128205 → "51.28%". */
const pct = (share: number): string => `${String(Math.round(round9(share * 100) * 100) / 100)}%`;
/** Table cells: no line breaks, pipes escaped. */
const cell = (s: string): string => s.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(" | ")} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]): string[] => [
  row(head),
  `|${head.map(() => "---").join("|")}|`,
  ...rows.map(row),
];
const quote = (ctx: Ctx, s: string): string => (ctx.l === "zh" ? `“${s}”` : `"${s}"`);
const bi = (ctx: Ctx, b: Bi | undefined, fallback: string): string => (b ? b[ctx.l] : fallback);
const CN_NUM = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const cnNum = (n: number): string =>
  n <= 10 ? CN_NUM[n]! : n < 20 ? `十${n % 10 === 0 ? "" : CN_NUM[n % 10]!}` : `${CN_NUM[Math.floor(n / 10)]!}十${n % 10 === 0 ? "" : CN_NUM[n % 10]!}`;
/** Sub-heading number: （一） in Chinese, 1.2 in English. */
const sub = (ctx: Ctx, section: number, i: number): string => (ctx.l === "zh" ? `（${cnNum(i)}）` : `${section}.${i} `);

function describeRange(
  min: number | undefined,
  max: number | undefined,
  minIn: boolean,
  maxIn: boolean,
  unit: string,
  l: L,
): string {
  if (l === "zh") {
    if (min !== undefined && max !== undefined && min === max && minIn && maxIn) return `${fmt(min)}${unit}`;
    const lo = min === undefined ? "" : minIn ? `${fmt(min)}${unit}以上` : `超过${fmt(min)}${unit}`;
    const hi = max === undefined ? "" : maxIn ? `${fmt(max)}${unit}以下` : `不满${fmt(max)}${unit}`;
    return lo + hi || "任意值";
  }
  const u = unit === "" ? "" : ` ${unit}`;
  if (min !== undefined && max !== undefined) {
    if (min === max && minIn && maxIn) return `exactly ${fmt(min)}${u}`;
    if (minIn && !maxIn) return `${fmt(min)} to under ${fmt(max)}${u}`;
    if (minIn && maxIn) return `${fmt(min)} to ${fmt(max)}${u} inclusive`;
    if (!minIn && !maxIn) return `over ${fmt(min)} and under ${fmt(max)}${u}`;
    return `over ${fmt(min)} up to ${fmt(max)}${u} inclusive`;
  }
  if (min !== undefined) return minIn ? `${fmt(min)}${u} or more` : `over ${fmt(min)}${u}`;
  if (max !== undefined) return maxIn ? `${fmt(max)}${u} or less` : `under ${fmt(max)}${u}`;
  return "any value";
}

/** Interval notation, e.g. `[70, 90)`. */
function interval(min: number | undefined, max: number | undefined, minIn: boolean, maxIn: boolean): string {
  const lo = min === undefined ? "(−∞" : `${minIn ? "[" : "("}${fmt(min)}`;
  const hi = max === undefined ? "+∞)" : `${fmt(max)}${maxIn ? "]" : ")"}`;
  return `${lo}, ${hi}`;
}

function formatDuration(ctx: Ctx, text: string): string {
  const d = parseDuration(text);
  if (!d) return text;
  const parts: string[] = [];
  if (ctx.l === "zh") {
    if (d.years) parts.push(`${d.years}年`);
    if (d.months) parts.push(`${d.months}个月`);
    if (d.days || parts.length === 0) parts.push(`${d.days}日`);
    return parts.join("");
  }
  const n = (v: number, w: string): string => `${v} ${w}${v === 1 ? "" : "s"}`;
  if (d.years) parts.push(n(d.years, "year"));
  if (d.months) parts.push(n(d.months, "month"));
  if (d.days || parts.length === 0) parts.push(n(d.days, "day"));
  return parts.join(" ");
}

function gradeText(ctx: Ctx, g: Grade): string {
  const label = ctx.r.labels?.find((x) => x.grade === g)?.label;
  if (ctx.l === "zh") return label === undefined || label === g ? `${g}级` : `${g}级（公布等级${label}）`;
  return label === undefined || label === g ? `grade ${g}` : `grade ${g} (published as ${label})`;
}

const KIND_NAMES: Record<Ruleset["kind"], Bi> = {
  "public-composite": { zh: "公共信用综合评价", en: "public credit composite evaluation" },
  industry: { zh: "行业信用评价", en: "industry credit evaluation" },
  market: { zh: "市场信用评价", en: "market credit evaluation" },
  other: { zh: "其他信用评价", en: "other credit evaluation" },
};

const ROUNDING_NAMES: Record<Ruleset["rounding"]["mode"], Bi> = {
  "half-up": { zh: "四舍五入", en: "half-up" },
  "half-even": { zh: "四舍六入五成双", en: "half-even" },
  down: { zh: "舍去", en: "rounded down" },
  up: { zh: "进位", en: "rounded up" },
};

// ------------------------------------------------------------------ header

function renderHeader(ctx: Ctx, out: string[]): void {
  const { r, t } = ctx;
  const eff = r.effective.to === undefined
    ? t(`${r.effective.from}起（长期有效）`, `from ${r.effective.from} (open-ended)`)
    : t(`${r.effective.from}至${r.effective.to}`, `${r.effective.from} to ${r.effective.to}`);
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
    [t("总分", "Total score"), t(`${fmt(r.scale.min)}–${fmt(r.scale.max)}分`, `${fmt(r.scale.min)}–${fmt(r.scale.max)} points`)],
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
  rows.push([t("内容哈希", "Content hash"), `\`${rulesetHash(r)}\``]);
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

// ------------------------------------------------------------------ 一、information

const INPUT_TYPE_NAMES: Record<InputDef["type"], Bi> = {
  number: { zh: "数值", en: "number" },
  boolean: { zh: "是/否", en: "yes/no" },
  category: { zh: "分类", en: "category" },
  score: { zh: "评价得分", en: "score" },
};

const ROLE_NAMES: Record<"public-composite" | "market" | "other-evaluation", Bi> = {
  "public-composite": { zh: "公共信用综合评价结果", en: "public composite evaluation result" },
  market: { zh: "市场信用评价结果", en: "market credit evaluation result" },
  "other-evaluation": { zh: "其他评价结果", en: "result of another evaluation" },
};

function inputLabel(ctx: Ctx, id: string): string {
  const input = ctx.inputs.get(id);
  if (input?.name) return input.name[ctx.l];
  const fact = ctx.facts.get(id);
  if (fact?.name) return fact.name[ctx.l];
  const builtin = BUILTIN_NAMES[id];
  return builtin ? builtin[ctx.l] : id;
}

const BUILTIN_NAMES: Record<string, Bi> = {
  score: { zh: "总分", en: "total score" },
  scoreGrade: { zh: "分数等级", en: "score grade" },
  asOf: { zh: "评价基准日", en: "as-of date" },
  subjectId: { zh: "主体标识", en: "subject id" },
};

const STANDARD_FIELD_NAMES: Record<string, Bi> = {
  id: { zh: "记录编号", en: "record id" },
  type: { zh: "记录类型", en: "record type" },
  date: { zh: "日期", en: "date" },
  severity: { zh: "失信程度", en: "severity" },
  repairedAt: { zh: "修复日期", en: "repair date" },
  revokedAt: { zh: "撤销日期", en: "revocation date" },
  publicUntil: { zh: "公示截止日", en: "last day of publicity" },
};

const SEVERITY_NAMES: Record<string, Bi> = {
  minor: { zh: "轻微", en: "minor" },
  general: { zh: "一般", en: "general" },
  serious: { zh: "严重", en: "serious" },
};

// Units as rulesets write them, in English, for the English rule book.
const UNIT_EN: Record<string, string> = {
  年: "years", 月: "months", 日: "days", 次: "times", 件: "cases", 项: "items", 个: "units", 人次: "person-times",
  元: "yuan", 万元: "10,000 yuan", 分: "points", 人: "persons",
};

function unitOf(ctx: Ctx, id: string): string {
  const input = ctx.inputs.get(id);
  const unit = input && (input.type === "number" || input.type === "score") ? (input.unit ?? "") : "";
  return ctx.l === "en" ? (UNIT_EN[unit] ?? unit) : unit;
}

/** A number with its unit: "10万元" in Chinese, "10 万元" in English. */
function withUnit(ctx: Ctx, n: number, unit: string): string {
  return unit === "" ? fmt(n) : ctx.l === "zh" || unit === "%" ? `${fmt(n)}${unit}` : `${fmt(n)} ${unit}`;
}

function inputRange(ctx: Ctx, input: InputDef): string {
  switch (input.type) {
    case "boolean":
      return ctx.t("是、否", "yes, no");
    case "category":
      return input.values.join(ctx.t("、", ", "));
    case "number":
    case "score": {
      const { min, max } = input;
      const base =
        min !== undefined && max !== undefined
          ? `${fmt(min)}–${fmt(max)}`
          : min !== undefined
            ? `≥ ${fmt(min)}`
            : max !== undefined
              ? `≤ ${fmt(max)}`
              : "—";
      const integer = input.type === "number" && input.integer ? ctx.t("，整数", ", whole numbers") : "";
      return base + integer;
    }
  }
}

function renderInformation(ctx: Ctx, out: string[]): void {
  const { r, t } = ctx;
  out.push(`## ${t("一、信用信息采集范围", "1. Credit information collected")}`, "");
  let n = 0;
  out.push(`### ${sub(ctx, 1, ++n)}${t("评价数据项", "Data items")}`, "");
  if (r.inputs.length === 0) out.push(t("本规则集不读取评价数据项。", "This ruleset reads no data items."), "");
  else {
    out.push(
      ...table(
        [t("序号", "No."), t("数据项", "Data item"), t("标识", "Id"), t("类型", "Type"), t("单位", "Unit"), t("取值范围", "Valid values"), t("说明", "Meaning"), t("来源", "Source")],
        r.inputs.map((input, i) => {
          const role = input.type === "score" && input.role ? ROLE_NAMES[input.role][ctx.l] : undefined;
          const unit = input.type === "number" || input.type === "score" ? (input.unit ?? "") : "";
          return [
            String(i + 1),
            bi(ctx, input.name, input.id) + (input.required ? t("（必填）", " (required)") : ""),
            `\`${input.id}\``,
            INPUT_TYPE_NAMES[input.type][ctx.l] + (role === undefined ? "" : t(`（${role}）`, ` (${role})`)),
            unit === "" ? "—" : ctx.l === "en" ? (UNIT_EN[unit] ?? unit) : unit,
            inputRange(ctx, input),
            input.description ?? "—",
            input.source ?? "—",
          ];
        }),
      ),
      "",
      t(
        `数据项缺失（未提供或为空值）时的处理见“二、评价指标体系”各指标的缺失处理。${r.strictInputs ? "主体数据含有本表以外的数据项的，不予受理。" : ""}`,
        `How a missing data item (absent or null) is treated is stated for each indicator in section 2.${r.strictInputs ? " Subject data with an item not in this table is rejected." : ""}`,
      ),
      "",
    );
  }
  const rec = r.records;
  if (rec) {
    out.push(`### ${sub(ctx, 1, ++n)}${t("信用记录", "Credit records")}`, "");
    out.push(
      t(
        "每条信用记录均载明：记录编号、记录类型、日期（决定或发生日期）、失信程度（轻微、一般、严重）、修复日期、撤销日期、公示截止日。已修复、已撤销或超过公示期的记录不纳入评价，并在评价结果中逐条列明。",
        "Every credit record carries a record id, its type, a date (of the decision or event), a severity (minor, general, serious), and the dates of repair, revocation and end of publicity where they apply. Records repaired, revoked or past their publicity period do not count and are listed, each with the reason, in the evaluation result.",
      ),
      "",
    );
    rec.types.forEach((type, i) => {
      out.push(t(`${i + 1}. **${type.name.zh}**（\`${type.id}\`）`, `${i + 1}. **${type.name.en}** (\`${type.id}\`)`));
      if (type.description) out.push(`   ${type.description}`);
      out.push(`   ${t("公示期：", "Publicity: ")}${publicityText(ctx, type)}`);
      if (type.severity === "required") out.push(`   ${t("每条记录须标明失信程度。", "Each record must state its severity.")}`);
      out.push("");
      if (type.fields?.length) {
        out.push(
          ...table(
            [t("字段", "Field"), t("类型", "Type"), t("必填", "Required"), t("取值", "Values"), t("说明", "Meaning")],
            type.fields.map((f) => [
              `\`${f.id}\``,
              FIELD_TYPE_NAMES[f.type][ctx.l],
              f.required ? t("是", "yes") : t("否", "no"),
              f.values?.join(t("、", ", ")) ?? "—",
              f.description ?? "—",
            ]),
          ).map((line) => `   ${line}`),
          "",
        );
      }
    });
    out.push(`### ${sub(ctx, 1, ++n)}${t("失信信息公示期", "Publicity periods of dishonesty information")}`, "");
    const declared = rec.publicity !== undefined;
    const periods = new Map(NATIONAL_PUBLICITY_2025.map((p) => [p.severity, p]));
    for (const p of rec.publicity ?? []) periods.set(p.severity, p);
    out.push(
      ...table(
        [t("失信程度", "Severity"), t("最短公示期（期满可申请信用修复）", "Minimum (repair may be applied for after it)"), t("最长公示期（期满不再纳入评价）", "Maximum (no longer counts after it)")],
        [...periods.values()].map((p) => [
          SEVERITY_NAMES[p.severity]![ctx.l],
          parseDuration(p.min)?.years === 0 && parseDuration(p.min)?.months === 0 && parseDuration(p.min)?.days === 0 ? t("无", "none") : formatDuration(ctx, p.min),
          formatDuration(ctx, p.max),
        ]),
      ),
      "",
      declared
        ? t("公示期自决定（发生）之日起算，最长公示期届满之日的前一日为最后一日。", "Publicity runs from the date of the decision or event; the last day counted is the day before the maximum period ends.")
        : t(
            "本规则集未单列公示期，适用国务院办公厅《关于进一步完善信用修复制度的实施方案》（国办发〔2025〕22号）规定的全国统一公示期。公示期自决定（发生）之日起算。",
            "The ruleset states no publicity periods of its own: the national periods of 国办发〔2025〕22号 apply. Publicity runs from the date of the decision or event.",
          ),
      "",
    );
  }
  if (r.facts?.length) {
    out.push(`### ${sub(ctx, 1, ++n)}${t("由信用记录派生的事实", "Facts derived from credit records")}`, "");
    out.push(
      ...table(
        [t("事实", "Fact"), t("标识", "Id"), t("计算方法", "How it is computed"), t("说明", "Meaning")],
        r.facts.map((f) => [bi(ctx, f.name, f.id), `\`${f.id}\``, factText(ctx, f), f.description ?? "—"]),
      ),
      "",
    );
  }
}

const FIELD_TYPE_NAMES: Record<"number" | "boolean" | "category" | "date" | "string", Bi> = {
  number: { zh: "数值", en: "number" },
  boolean: { zh: "是/否", en: "yes/no" },
  category: { zh: "分类", en: "category" },
  date: { zh: "日期", en: "date" },
  string: { zh: "文本", en: "text" },
};

function publicityText(ctx: Ctx, type: RecordTypeDef): string {
  const p = type.publicity ?? "by-severity";
  if (p === "by-severity") return ctx.t("按失信程度确定（见下表）", "by severity (see the table below)");
  if (p === "none") return ctx.t("不因期满失效，直至修复、撤销或公示截止日", "does not expire by itself; counts until repaired, revoked or its last day of publicity");
  return ctx.t(`自记录日期起${formatDuration(ctx, p.max)}`, `${formatDuration(ctx, p.max)} from the record's date`);
}

const AGGREGATE_NAMES: Record<"count" | "sum" | "max" | "min" | "exists" | "latest" | "earliest", Bi> = {
  count: { zh: "记录条数", en: "number of records" },
  sum: { zh: "合计", en: "sum" },
  max: { zh: "最大值", en: "largest" },
  min: { zh: "最小值", en: "smallest" },
  exists: { zh: "记录是否存在", en: "whether any exists" },
  latest: { zh: "最近一条", en: "latest" },
  earliest: { zh: "最早一条", en: "earliest" },
};

function factText(ctx: Ctx, f: FactDef): string {
  const { t } = ctx;
  if ("ratio" in f) {
    const num = quote(ctx, inputLabel(ctx, f.ratio.numerator));
    const den = quote(ctx, inputLabel(ctx, f.ratio.denominator));
    const zero = f.whenZero === undefined
      ? t(`${den}为0时视为缺失`, `missing when ${den} is 0`)
      : t(`${den}为0时取${fmt(f.whenZero)}`, `${fmt(f.whenZero)} when ${den} is 0`);
    return t(`${num} ÷ ${den}（${zero}）`, `${num} ÷ ${den} (${zero})`);
  }
  const typeName = quote(ctx, bi(ctx, ctx.recordTypes.get(f.from)?.name, f.from));
  const fieldName = f.field === undefined ? "" : quote(ctx, fieldLabel(ctx, f.field));
  const what = (() => {
    switch (f.aggregate) {
      case "count":
      case "exists":
        return AGGREGATE_NAMES[f.aggregate][ctx.l];
      case "sum":
      case "max":
      case "min":
        return t(`${fieldName}${AGGREGATE_NAMES[f.aggregate].zh}`, `${AGGREGATE_NAMES[f.aggregate].en} ${fieldName}`);
      case "latest":
      case "earliest":
        return f.field === undefined
          ? AGGREGATE_NAMES[f.aggregate][ctx.l]
          : t(`${AGGREGATE_NAMES[f.aggregate].zh}的${fieldName}`, `${fieldName} of the ${AGGREGATE_NAMES[f.aggregate].en}`);
    }
  })();
  const filters: string[] = [];
  if (f.window) {
    const w = f.window;
    filters.push(
      "last" in w
        ? t(`日期在评价基准日前${formatDuration(ctx, w.last)}内`, `dated in the ${formatDuration(ctx, w.last)} up to the as-of date`)
        : w.calendarYear === 0
          ? t("日期在评价基准日所在年度内（截至评价基准日）", "dated in the calendar year of the as-of date, up to it")
          : w.calendarYear === -1
            ? t("日期在评价基准日上一年度", "dated in the calendar year before the as-of date")
            : t(`日期在评价基准日前第${-w.calendarYear}个年度`, `dated ${-w.calendarYear} calendar years before the as-of date`),
    );
  }
  if (f.where) filters.push(t(`满足${inlineCondition(f.where, ctx, f.from)}`, `where ${inlineCondition(f.where, ctx, f.from)}`));
  const selection = {
    counted: { zh: "仅计仍纳入评价的记录（未修复、未撤销、在公示期内）", en: "only records that still count (not repaired, not revoked, within publicity)" },
    repaired: { zh: "仅计截至评价基准日已修复的记录", en: "only records repaired by the as-of date" },
    all: { zh: "计截至评价基准日的全部记录", en: "every record dated up to the as-of date" },
  }[f.records ?? "counted"][ctx.l];
  return ctx.l === "zh"
    ? `${typeName}记录${filters.length ? `中${filters.join("、")}的` : "的"}${what}；${selection}`
    : `${what} of ${typeName} records${filters.length ? `, ${filters.join(", ")}` : ""}; ${selection}`;
}

function fieldLabel(ctx: Ctx, field: string): string {
  const std = STANDARD_FIELD_NAMES[field];
  return std ? std[ctx.l] : field;
}

// ------------------------------------------------------------------ conditions

const OPERATOR_NAMES: Record<string, Bi> = {
  equal: { zh: "等于", en: "equals" },
  notEqual: { zh: "不等于", en: "does not equal" },
  in: { zh: "属于", en: "is one of" },
  notIn: { zh: "不属于", en: "is none of" },
  contains: { zh: "包含", en: "contains" },
  doesNotContain: { zh: "不包含", en: "does not contain" },
  lessThan: { zh: "小于", en: "is less than" },
  lessThanInclusive: { zh: "小于或等于", en: "is at most" },
  greaterThan: { zh: "大于", en: "is greater than" },
  greaterThanInclusive: { zh: "大于或等于", en: "is at least" },
  before: { zh: "早于", en: "is before" },
  onOrBefore: { zh: "不晚于", en: "is on or before" },
  after: { zh: "晚于", en: "is after" },
  onOrAfter: { zh: "不早于", en: "is on or after" },
};

/** `recordType` set: the condition is a derived fact's `where`, whose facts are record fields. */
function factName(ctx: Ctx, fact: string, recordType: string | undefined): string {
  return quote(ctx, recordType === undefined ? inputLabel(ctx, fact) : fieldLabel(ctx, fact));
}

function valueText(ctx: Ctx, v: unknown, fact: string, recordType: string | undefined): string {
  if (typeof v === "boolean") return ctx.t(v ? "是" : "否", v ? "true" : "false");
  if (typeof v === "number") return fmt(v);
  if (v === null || v === undefined) return ctx.t("空值", "null");
  if (typeof v === "string") {
    const sev = fact === "severity" && recordType !== undefined ? SEVERITY_NAMES[v] : undefined;
    return quote(ctx, sev ? sev[ctx.l] : v);
  }
  if (Array.isArray(v)) return v.map((x) => valueText(ctx, x, fact, recordType)).join(ctx.t("、", ", "));
  if (typeof v === "object" && typeof (v as { fact?: unknown }).fact === "string") {
    const ref = v as { fact: string; path?: string };
    return factName(ctx, ref.fact, recordType) + (ref.path ? ` \`${ref.path}\`` : "");
  }
  return `\`${JSON.stringify(v)}\``;
}

function leafText(ctx: Ctx, leaf: { fact: string; operator: string; value?: unknown; path?: string | undefined }, recordType: string | undefined): string {
  const { t } = ctx;
  const parts = leaf.operator.split(":");
  const base = parts[parts.length - 1]!;
  const decorators = parts.slice(0, -1);
  let subject = factName(ctx, leaf.fact, recordType) + (leaf.path ? ` \`${leaf.path}\`` : "");
  let value = valueText(ctx, leaf.value, leaf.fact, recordType);
  let negate = false;
  for (const d of decorators) {
    if (d === "not") negate = !negate;
    else if (d === "someFact") subject = t(`${subject}中的任一元素`, `some element of ${subject}`);
    else if (d === "everyFact") subject = t(`${subject}中的每个元素`, `every element of ${subject}`);
    else if (d === "someValue") value = t(`${value}中的任一值`, `some value of ${value}`);
    else if (d === "everyValue") value = t(`${value}中的每个值`, `every value of ${value}`);
    else if (d === "swap") [subject, value] = [value, subject];
  }
  let text: string;
  if ((base === "equal" || base === "notEqual") && typeof leaf.value === "boolean" && !decorators.length) {
    const v = leaf.value;
    text = base === "equal"
      ? t(`${subject}为${v ? "是" : "否"}`, `${subject} is ${v ? "true" : "false"}`)
      : t(`${subject}不为${v ? "是" : "否"}`, `${subject} is not ${v ? "true" : "false"}`);
  } else if (base === "withinLast" || base === "notWithinLast") {
    const dur = typeof leaf.value === "string" ? formatDuration(ctx, leaf.value) : value;
    const within = base === "withinLast";
    text = t(
      `${subject}${within ? "在" : "不在"}评价基准日前${dur}以内`,
      `${subject} is ${within ? "" : "not "}within the ${dur} up to the as-of date`,
    );
  } else if ((base === "in" || base === "notIn") && Array.isArray(leaf.value) && !decorators.length) {
    text = base === "in" ? t(`${subject}属于${value}之一`, `${subject} is one of ${value}`) : t(`${subject}不属于${value}中任一项`, `${subject} is none of ${value}`);
  } else {
    const op = OPERATOR_NAMES[base]?.[ctx.l] ?? base;
    text = ctx.l === "zh" ? `${subject}${op}${value}` : `${subject} ${op} ${value}`;
  }
  return negate ? t(`并非（${text}）`, `not (${text})`) : text;
}

function isLeaf(c: ConditionDef): c is Extract<ConditionDef, { fact: string }> {
  return "fact" in c;
}

/** Unwraps `all` / `any` of a single member, which read the same as that member. */
function unwrap(c: ConditionDef): ConditionDef {
  if ("all" in c && c.all.length === 1) return unwrap(c.all[0]!);
  if ("any" in c && c.any.length === 1) return unwrap(c.any[0]!);
  return c;
}

function inlineCondition(c0: ConditionDef, ctx: Ctx, recordType: string | undefined): string {
  const c = unwrap(c0);
  if (isLeaf(c)) return leafText(ctx, c, recordType);
  if ("condition" in c) return ctx.t(`符合共用条件${quote(ctx, c.condition)}`, `named condition ${quote(ctx, c.condition)} holds`);
  const wrap = (x: ConditionDef): string => {
    const u = unwrap(x);
    const s = inlineCondition(u, ctx, recordType);
    return isLeaf(u) || "condition" in u || "not" in u ? s : ctx.t(`（${s}）`, `(${s})`);
  };
  if ("not" in c) return ctx.t(`并非（${inlineCondition(c.not, ctx, recordType)}）`, `not (${inlineCondition(c.not, ctx, recordType)})`);
  if ("all" in c) return c.all.map(wrap).join(ctx.t("且", " and "));
  return c.any.map(wrap).join(ctx.t("或", " or "));
}

/** A condition as a Markdown list: one line per leaf, nested groups indented. */
function conditionLines(c0: ConditionDef, ctx: Ctx, indent: string): string[] {
  const c = unwrap(c0);
  const { t } = ctx;
  if (isLeaf(c) || "condition" in c) return [`${indent}- ${inlineCondition(c, ctx, undefined)}`];
  if ("not" in c) {
    const inner = unwrap(c.not);
    if (isLeaf(inner) || "condition" in inner || "not" in inner) return [`${indent}- ${inlineCondition(c, ctx, undefined)}`];
    const members = "all" in inner ? inner.all : inner.any;
    const head = "all" in inner ? t("不同时满足下列条件：", "not all of the following hold:") : t("下列条件均不满足：", "none of the following holds:");
    return [`${indent}- ${head}`, ...members.flatMap((m) => conditionLines(m, ctx, `${indent}  `))];
  }
  const members = "all" in c ? c.all : c.any;
  const head = "all" in c ? t("同时满足下列条件：", "all of the following hold:") : t("满足下列条件之一：", "any of the following holds:");
  return [`${indent}- ${head}`, ...members.flatMap((m) => conditionLines(m, ctx, `${indent}  `))];
}

// ------------------------------------------------------------------ 二、indicators

const LEVEL_NAMES_ZH = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "六级指标", "七级指标"];

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
    if (!nearly(outOf, p.maxPoints)) {
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

const nearly = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

function scoringText(ctx: Ctx, s: ScoringDef, outOf: number): { line: string; rows: string[] } {
  const { t } = ctx;
  const pts = (n: number): string => t(`${fmt(n)}分`, `${fmt(n)} points`);
  switch (s.type) {
    case "linear": {
      const name = quote(ctx, inputLabel(ctx, s.input));
      const u = unitOf(ctx, s.input);
      const lo = withUnit(ctx, s.min, u);
      const hi = withUnit(ctx, s.max, u);
      const line =
        s.direction === "higher-better"
          ? t(`按${name}线性计分：${lo}及以下得0分，${hi}及以上得满分${pts(outOf)}，其间按比例计分。`, `linear in ${name}: ${lo} or less scores 0, ${hi} or more scores the full ${pts(outOf)}, proportionally in between.`)
          : t(`按${name}线性计分（越低越好）：${lo}及以下得满分${pts(outOf)}，${hi}及以上得0分，其间按比例递减。`, `linear in ${name} (lower is better): ${lo} or less scores the full ${pts(outOf)}, ${hi} or more scores 0, proportionally in between.`);
      return { line, rows: [] };
    }
    case "passthrough": {
      const name = quote(ctx, inputLabel(ctx, s.input));
      const input = ctx.inputs.get(s.input);
      const lo = input?.type === "score" ? input.min : 0;
      const hi = input?.type === "score" ? input.max : outOf;
      const same = nearly(lo, 0) && nearly(hi, outOf);
      const line = same
        ? t(`直接采用${name}（${fmt(lo)}–${fmt(hi)}分）。`, `${name} as it is (${fmt(lo)}–${fmt(hi)} points).`)
        : t(
            `采用${name}（${fmt(lo)}–${fmt(hi)}分制），按比例折算为${pts(outOf)}：得分 = ${lo === 0 ? name : `（${name} − ${fmt(lo)}）`} ÷ ${fmt(hi - lo)} × ${fmt(outOf)}。`,
            `${name} (on ${fmt(lo)}–${fmt(hi)}) converted in proportion to ${pts(outOf)}: score = ${lo === 0 ? name : `(${name} − ${fmt(lo)})`} ÷ ${fmt(hi - lo)} × ${fmt(outOf)}.`,
          );
      return { line, rows: [] };
    }
    case "boolean": {
      const name = quote(ctx, inputLabel(ctx, s.input));
      return {
        line: t(`${name}为是得${pts(s.whenTrue)}，为否得${pts(s.whenFalse)}。`, `${name}: yes scores ${pts(s.whenTrue)}, no scores ${pts(s.whenFalse)}.`),
        rows: [],
      };
    }
    case "bins": {
      const name = quote(ctx, inputLabel(ctx, s.input));
      const u = unitOf(ctx, s.input);
      const rows = s.bins.map((b) => {
        const minIn = b.minInclusive ?? true;
        const maxIn = b.maxInclusive ?? false;
        return [describeRange(b.min, b.max, minIn, maxIn, u, ctx.l), interval(b.min, b.max, minIn, maxIn), fmt(b.score), b.label ?? "—"];
      });
      if (s.otherwise !== undefined) rows.push([t("其他情形", "anything else"), "—", fmt(s.otherwise), "—"]);
      return {
        line: t(`按${name}所在区间计分，自上而下取第一个符合的区间：`, `by the range ${name} falls in, the first matching row from the top:`),
        rows: table([t("区间", "Range"), t("区间记法", "Interval"), t("得分", "Score"), t("说明", "Label")], rows),
      };
    }
    case "lookup": {
      const name = quote(ctx, inputLabel(ctx, s.input));
      const rows = s.table.map((x) => [x.value, fmt(x.score)]);
      if (s.otherwise !== undefined) rows.push([t("其他取值", "any other value"), fmt(s.otherwise)]);
      return {
        line: t(`按${name}的取值计分：`, `by the value of ${name}:`),
        rows: table([t("取值", "Value"), t("得分", "Score")], rows),
      };
    }
    case "deduction": {
      const floor = s.floor ?? 0;
      let baseText: string;
      if (typeof s.base === "number") baseText = t(`基础分${pts(s.base)}`, `starts from ${pts(s.base)}`);
      else {
        const b = s.base;
        const name = quote(ctx, inputLabel(ctx, b.input));
        const cases = b.cases.map((c) =>
          typeof c.equals === "boolean"
            ? t(`${name}为${c.equals ? "是" : "否"}的${pts(c.base)}`, `${pts(c.base)} when ${name} is ${c.equals ? "yes" : "no"}`)
            : t(`${name}为${quote(ctx, c.equals)}的${pts(c.base)}`, `${pts(c.base)} when ${name} is ${quote(ctx, c.equals)}`),
        );
        baseText = t(`基础分：${cases.join("，")}，其他情形${pts(b.otherwise)}`, `starts from ${cases.join(", ")}, otherwise ${pts(b.otherwise)}`);
      }
      const rows = s.items.map((item) => {
        const u = unitOf(ctx, item.input);
        return [
          item.code ?? "—",
          bi(ctx, item.label, inputLabel(ctx, item.input)),
          quote(ctx, inputLabel(ctx, item.input)),
          t(`每${u || "次"}扣${fmt(item.points)}分`, `${fmt(item.points)} points per ${u === "" ? "occurrence" : u.replace(/s$/, "")}`),
          item.cap === undefined ? t("不设上限", "none") : pts(item.cap),
        ];
      });
      return {
        line: t(`${baseText}，按下列事项逐项扣分，最低${pts(floor)}：`, `${baseText}, minus the items below, never below ${pts(floor)}:`),
        rows: table([t("代码", "Code"), t("扣分事项", "Item"), t("数据项", "Data item"), t("扣分标准", "Deduction"), t("扣分上限", "Cap")], rows),
      };
    }
  }
}

function missingText(ctx: Ctx, leaf: IndicatorLeafDef, outOf: number): string {
  const { t } = ctx;
  const how = leaf.onMissing;
  if (how === undefined || how === "not-gradable") {
    return t("数据缺失时不予评价（不确定信用等级）", "if the data is missing, the subject is not graded") + (how === undefined ? t("（默认）", " (default)") : "") + t("。", ".");
  }
  if (how === "worst") {
    const worst = scoringRange(leaf.scoring, outOf)[0];
    return t(`数据缺失时按最低分${fmt(worst)}分计。`, `if the data is missing, the indicator scores its lowest, ${fmt(worst)}.`);
  }
  const input = leaf.scoring.type === "deduction" ? undefined : leaf.scoring.input;
  const v = valueText(ctx, how.impute, input ?? "", undefined);
  return input === undefined
    ? t(`数据缺失的事项按${v}计。`, `a missing item is taken as ${v}.`)
    : t(`数据缺失时按${quote(ctx, inputLabel(ctx, input))}为${v}计。`, `if the data is missing, ${quote(ctx, inputLabel(ctx, input))} is taken as ${v}.`);
}

// ------------------------------------------------------------------ 三、bands

function renderBands(ctx: Ctx, out: string[]): void {
  const { r, t } = ctx;
  out.push(`## ${t("三、等级划分标准", "3. Grade classification standard")}`, "");
  out.push(`### ${sub(ctx, 3, 1)}${t("信用等级与分数段", "Grades and score bands")}`, "");
  const rows = GRADES.map((g) => {
    const label = r.labels?.find((x) => x.grade === g);
    const band = r.bands.find((b) => b.grade === g);
    const minIn = band?.minInclusive ?? true;
    const maxIn = band ? (band.maxInclusive ?? band.max >= r.scale.max) : false;
    return [
      g,
      label?.label ?? g,
      label?.name ? label.name[ctx.l] : GRADE_NAMES[g][ctx.l],
      CLASS_NAMES[gradeClass(g)][ctx.l],
      band ? describeBand(band, r.scale, ctx.l) : t("无对应分数段（仅由规则判定）", "no score band (set by rules only)"),
      band ? interval(band.min, band.max, minIn, maxIn) : "—",
    ];
  });
  out.push(
    ...table([t("信用等级", "Grade"), t("公布等级", "Published as"), t("等级名称", "Name"), t("信用类别", "Credit class"), t("评价得分", "Total score"), t("区间记法", "Interval")], rows),
    "",
    t(
      `注：“以上”“以下”含本数，“超过”“不满”不含本数（《中华人民共和国民法典》第一千二百五十九条）。总分保留${r.rounding.scale}位小数（${ROUNDING_NAMES[r.rounding.mode].zh}）后确定分数段。`,
      `Note: "or more", "or less" and "inclusive" include the bound; "over" and "under" exclude it. The total is rounded to ${r.rounding.scale} decimal places (${ROUNDING_NAMES[r.rounding.mode].en}) before banding.`,
    ),
    "",
  );
  out.push(`### ${sub(ctx, 3, 2)}${t("信用类别（四类五级）", "Credit classes (four classes, five grades)")}`, "");
  out.push(
    ...table(
      [t("信用类别", "Credit class"), t("信用等级", "Grades")],
      GRADE_CLASSES.map((c) => [
        CLASS_NAMES[c][ctx.l],
        GRADES.filter((g) => gradeClass(g) === c).map((g) => gradeText(ctx, g)).join(t("、", ", ")),
      ]),
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

function effectText(ctx: Ctx, e: EffectDef): string {
  const { t } = ctx;
  switch (e.type) {
    case "set-grade":
      return t(`判定为${gradeText(ctx, e.grade)}，不论得分`, `set to ${gradeText(ctx, e.grade)}, whatever the score`);
    case "cap":
      return t(`信用等级最高为${gradeText(ctx, e.grade)}`, `the grade is at best ${gradeText(ctx, e.grade)}`);
    case "floor":
      return t(`分数等级不低于${gradeText(ctx, e.grade)}`, `the score grade is at worst ${gradeText(ctx, e.grade)}`);
    case "adjust-points":
      return e.points < 0
        ? t(`总分扣减${fmt(-e.points)}分（在确定分数段之前）`, `${fmt(-e.points)} points taken from the total (before banding)`)
        : t(`总分增加${fmt(e.points)}分（在确定分数段之前）`, `${fmt(e.points)} points added to the total (before banding)`);
    case "not-gradable":
      return t("不确定信用等级", "the subject gets no grade");
  }
}

const EFFECT_KIND_NAMES: Record<EffectDef["type"], Bi> = {
  "set-grade": { zh: "直接判级", en: "direct judgment" },
  cap: { zh: "等级上限", en: "cap" },
  floor: { zh: "等级下限", en: "floor" },
  "adjust-points": { zh: "调整分值", en: "points adjustment" },
  "not-gradable": { zh: "不予评价", en: "not gradable" },
};

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
  rules.forEach((rule, i) => {
    out.push(
      t(`#### 规则${i + 1}：${bi(ctx, rule.name, rule.id)}（\`${rule.id}\`）`, `#### Rule ${i + 1}: ${bi(ctx, rule.name, rule.id)} (\`${rule.id}\`)`),
      "",
    );
    const c = unwrap(rule.conditions);
    const label = t("适用条件：", "Condition: ");
    if (isLeaf(c) || "condition" in c || ("not" in c && (isLeaf(unwrap(c.not)) || "condition" in unwrap(c.not)))) {
      out.push(`- ${label}${inlineCondition(c, ctx, undefined)}`);
    } else {
      const lines = conditionLines(c, ctx, "");
      out.push(`- ${label}${lines[0]!.replace(/^\s*- /, "")}`, ...lines.slice(1));
    }
    out.push(
      `- ${t("处理结果：", "Effect: ")}${effectText(ctx, rule.effect)}${t(`（${EFFECT_KIND_NAMES[rule.effect.type].zh}）`, ` (${EFFECT_KIND_NAMES[rule.effect.type].en})`)}`,
      `- ${t("理由：", "Reason: ")}${rule.reason[ctx.l]}`,
      `- ${t("依据：", "Legal basis: ")}${rule.legalBasis}`,
      "",
    );
  });
  out.push(`### ${sub(ctx, 4, ++n)}${t("规则的适用顺序", "Precedence")}`, "");
  const total = t(`${fmt(r.scale.min)}–${fmt(r.scale.max)}分`, `${fmt(r.scale.min)}–${fmt(r.scale.max)}`);
  const steps = ctx.l === "zh"
    ? [
        "有“不予评价”规则适用的，该主体不确定信用等级，其他规则不再适用。",
        `“调整分值”规则在确定分数段之前将其分值计入总分，调整后的总分保持在${total}之内；此类规则不读取总分。`,
        "按调整后的总分所在分数段确定分数等级。",
        "有“直接判级”规则适用的，取其中最低的等级替代分数等级，“等级下限”规则不适用于直接判级；没有的，“等级下限”规则将分数等级提高至其中最高的下限。",
        "最后适用“等级上限”规则，取其中最低的上限：上限不会提高等级，且始终有效。",
      ]
    : [
        "A not-gradable rule wins over everything: the subject gets no grade.",
        `Points adjustments are added to the total before banding, and the total is then kept within ${total}; these rules cannot read the score.`,
        "The band of the adjusted total gives the score grade.",
        "When a direct-judgment rule fires, the grade is the worst of their grades, replacing the score grade; floors do not apply to a direct judgment. Otherwise floor rules lift the score grade to the best of their grades.",
        "Caps apply last, combined to the worst: a cap never raises a grade and always holds.",
      ];
  steps.forEach((s, i) => out.push(`${i + 1}. ${s}`));
  out.push("");
}

// ------------------------------------------------------------------ 五、measures

const MEASURE_KIND_NAMES: Record<string, Bi | undefined> = {
  incentive: { zh: "激励", en: "incentive" },
  restriction: { zh: "约束", en: "restriction" },
  supervision: { zh: "监管", en: "supervision" },
};

const MEASURE_FIELD_NAMES: Record<string, Bi | undefined> = {
  "administrative-approval": { zh: "行政审批", en: "administrative approval" },
  "daily-supervision": { zh: "日常监管", en: "daily supervision" },
  "public-resource-trading": { zh: "公共资源交易", en: "public resource trading" },
  "government-procurement": { zh: "政府采购", en: "government procurement" },
  "fiscal-funds": { zh: "财政资金", en: "fiscal funds" },
  finance: { zh: "金融", en: "finance" },
  "public-services": { zh: "公共服务", en: "public services" },
};

const DEFAULT_MEASURES_SECTION: MeasuresSection = {
  byGrade: GRADES.map((g) => ({ grade: g, measures: [...DEFAULT_GRADE_MEASURES[g]] })),
  sampling: DEFAULT_SAMPLING.map((s) => structuredClone(s)),
};

function capabilityName(ctx: Ctx, id: string): string {
  const c = CAPABILITIES.find((x) => x.id === id);
  return c ? c.name[ctx.l] : id;
}

function ratioText(ctx: Ctx, s: SamplingPolicy): string {
  const { min, max } = s.ratio;
  if (max === undefined) return ctx.t(`不低于${pct(min)}，不设上限`, `at least ${pct(min)}, no upper limit`);
  if (min === 0) return ctx.t(`不超过${pct(max)}`, `at most ${pct(max)}`);
  if (nearly(min, max)) return pct(min);
  return ctx.t(`${pct(min)}至${pct(max)}`, `${pct(min)} to ${pct(max)}`);
}

function perYearText(ctx: Ctx, s: SamplingPolicy): string {
  const { min, max } = s.perYear;
  if (max === undefined) return ctx.t(`至少${fmt(min)}次，按监管需要增加`, `at least ${fmt(min)}, more as supervision requires`);
  if (nearly(min, max)) return ctx.t(`${fmt(min)}次`, `${fmt(min)}`);
  if (min === 0) return ctx.t(`不超过${fmt(max)}次`, `at most ${fmt(max)}`);
  return ctx.t(`${fmt(min)}至${fmt(max)}次`, `${fmt(min)} to ${fmt(max)}`);
}

function renderMeasures(ctx: Ctx, out: string[]): void {
  const { r, t } = ctx;
  out.push(`## ${t("五、分级监管措施", "5. Measures per grade")}`, "");
  const section = r.measures;
  const compiled = compileMeasures(section, MEASURE_CATALOGUE, { byGrade: DEFAULT_GRADE_MEASURES, sampling: DEFAULT_SAMPLING });
  const defs = new Map<string, MeasureDef>(MEASURE_CATALOGUE.map((m) => [m.id, m]));
  for (const d of section?.define ?? []) defs.set(d.id, d);
  if (!section) {
    out.push(
      t(
        "本规则集未单列监管措施和抽查比例，适用本库默认目录：《黑龙江省进一步深化市场主体信用分级分类监管若干措施》（2021）及鹤信用发〔2022〕2号 三(三)所列措施；默认抽查比例的具体数值为作者选定。",
        "The ruleset states no measures or sampling of its own: the library's default catalogue applies, the measures of the Heilongjiang measures (2021) and the Hegang plan 三(三); the default sampling numbers are the author's choice.",
      ),
      "",
    );
  } else if (!section.sampling) {
    out.push(t("本规则集未单列抽查比例，适用本库默认抽查比例（具体数值为作者选定）。", "The ruleset states no sampling policy: the library's default sampling applies (numbers are the author's choice)."), "");
  }
  let n = 0;
  for (const g of GRADES) {
    const gm = compiled.get(g)!;
    out.push(`### ${sub(ctx, 5, ++n)}${gradeText(ctx, g)}${t("（", " (")}${CLASS_NAMES[gradeClass(g)][ctx.l]}${t("）", ")")}`, "");
    if (gm.measures.length === 0) {
      out.push(t("无对应措施。", "No measures."), "");
      continue;
    }
    out.push(
      ...table(
        [t("序号", "No."), t("措施", "Measure"), t("类别", "Kind"), t("适用领域", "Applies in"), t("依据", "Legal basis")],
        gm.measures.map((m, i) => {
          const def = defs.get(m.id);
          const extra = [
            m.grants.length ? t(`给予：${m.grants.map((c) => capabilityName(ctx, c)).join("、")}`, `grants: ${m.grants.map((c) => capabilityName(ctx, c)).join(", ")}`) : "",
            m.bars.length ? t(`限制：${m.bars.map((c) => capabilityName(ctx, c)).join("、")}`, `bars: ${m.bars.map((c) => capabilityName(ctx, c)).join(", ")}`) : "",
            def?.description ?? "",
          ].filter((s) => s !== "");
          return [
            String(i + 1),
            `${m.name[ctx.l]}${extra.length ? t(`（${extra.join("；")}）`, ` (${extra.join("; ")})`) : ""}`,
            MEASURE_KIND_NAMES[m.kind]?.[ctx.l] ?? m.kind,
            m.fields.map((f) => MEASURE_FIELD_NAMES[f]?.[ctx.l] ?? f).join(t("、", ", ")),
            def?.legalBasis.join(t("；", "; ")) ?? "—",
          ];
        }),
      ),
      "",
    );
  }
  out.push(`### ${sub(ctx, 5, ++n)}${t("“双随机、一公开”抽查比例和频次", "Random inspections: sampling ratio and frequency")}`, "");
  out.push(
    ...table(
      [t("信用等级", "Grade"), t("抽查比例", "Sampling ratio"), t("每年检查次数", "Inspections per year"), t("增加检查项目", "Added inspection items")],
      GRADES.map((g) => {
        const s = compiled.get(g)!.sampling;
        return s
          ? [gradeText(ctx, g), ratioText(ctx, s), perYearText(ctx, s), s.extraItems?.join(t("、", ", ")) ?? "—"]
          : [gradeText(ctx, g), t("未规定", "not set"), t("未规定", "not set"), "—"];
      }),
    ),
    "",
  );
}

// ------------------------------------------------------------------ 六、checks

interface CheckItem {
  readonly title: Bi;
  readonly detail: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Not applicable: shown without a pass mark. */
  readonly na?: boolean;
}

type Area = "schema" | "period" | "inputs" | "sums" | "scoring" | "bands" | "labels" | "records" | "rules" | "hegang" | "measures" | "other";

function areaOf(d: Diagnostic): Area {
  const c = d.code;
  if (c === "SCHEMA_INVALID" || c === "NOT_JSON" || c === "FORBIDDEN_KEY") return "schema";
  if (c.startsWith("PUBLIC_COMPOSITE") || d.path[0] === "publicComposite") return "hegang";
  if (c === "POINTS_SUM_MISMATCH" || c === "WEIGHTS_SUM_MISMATCH" || c === "MIXED_WEIGHTING" || c === "NESTING_TOO_DEEP") return "sums";
  switch (d.path[0]) {
    case "effective":
      return "period";
    case "inputs":
      return "inputs";
    case "indicators":
      return "scoring";
    case "scale":
    case "bands":
      return "bands";
    case "labels":
      return "labels";
    case "records":
    case "facts":
      return "records";
    case "conditions":
    case "rules":
      return "rules";
    case "measures":
      return "measures";
    default:
      return "other";
  }
}

function renderChecks(ctx: Ctx, out: string[]): void {
  const { r, t, placed } = ctx;
  const diagnostics = validateRuleset(r).diagnostics;
  const by = (a: Area): Diagnostic[] => diagnostics.filter((d) => areaOf(d) === a);
  const items: CheckItem[] = [];
  const total = r.scale.max - r.scale.min;
  const unitP = (n: number): string => t(`${fmt(n)}分`, `${fmt(n)} points`);

  items.push({
    title: { zh: "结构校验", en: "Structure" },
    detail: t("符合规则集格式第1版（`schema/ruleset.schema.json`）。", "Conforms to ruleset format 1 (`schema/ruleset.schema.json`)."),
    diagnostics: by("schema"),
  });
  items.push({
    title: { zh: "适用期间", en: "Effective period" },
    detail: r.effective.to === undefined
      ? t(`${r.effective.from}起，长期有效；日期有效。`, `From ${r.effective.from}, open-ended; the date is valid.`)
      : t(`${r.effective.from}至${r.effective.to}，起止日期有效且先后有序。`, `${r.effective.from} to ${r.effective.to}; both dates are valid and in order.`),
    diagnostics: by("period"),
  });
  items.push({
    title: { zh: "数据项", en: "Data items" },
    detail: t(
      `${r.inputs.length}项数据项标识唯一、取值范围有效，且均被指标或规则读取。`,
      `${r.inputs.length} data items with unique ids and valid ranges, each read by an indicator or a rule.`,
    ),
    diagnostics: by("inputs"),
  });

  // Sums, with the numbers of every level.
  const levels: string[] = [];
  const sumOf = (nodes: readonly { points?: number | undefined; weight?: number | undefined }[]): number =>
    nodes.reduce((s, n) => s + ((r.weighting === "points" ? n.points : n.weight) ?? 0), 0);
  if (r.weighting === "points") {
    levels.push(t(`一级指标${r.indicators.length}项分值合计${unitP(sumOf(r.indicators))}，总分${unitP(total)}`, `the ${r.indicators.length} top-level nodes add up to ${unitP(sumOf(r.indicators))}, the scale is ${unitP(total)}`));
    for (const p of placed) {
      if (!isGroup(p.node)) continue;
      levels.push(t(
        `${quote(ctx, p.node.name.zh)}下${p.node.children.length}项指标合计${unitP(sumOf(p.node.children))}，其分值${unitP(p.node.points ?? 0)}`,
        `the ${p.node.children.length} members of ${quote(ctx, p.node.name.en)} add up to ${unitP(sumOf(p.node.children))}, its points ${unitP(p.node.points ?? 0)}`,
      ));
    }
  } else {
    levels.push(t(`一级指标${r.indicators.length}项权重合计${fmt(sumOf(r.indicators))}%`, `the ${r.indicators.length} top-level weights add up to ${fmt(sumOf(r.indicators))}%`));
    for (const p of placed) {
      if (!isGroup(p.node)) continue;
      levels.push(t(
        `${quote(ctx, p.node.name.zh)}下${p.node.children.length}项指标权重合计${fmt(sumOf(p.node.children))}%`,
        `the ${p.node.children.length} weights under ${quote(ctx, p.node.name.en)} add up to ${fmt(sumOf(p.node.children))}%`,
      ));
    }
  }
  items.push({
    title: r.weighting === "points" ? { zh: "指标分值合计", en: "Points add up" } : { zh: "指标权重合计", en: "Weights add up" },
    detail: levels.join(t("；", "; ")) + t("。", "."),
    diagnostics: by("sums"),
  });
  const leaves = placed.filter((p) => !isGroup(p.node));
  items.push({
    title: { zh: "指标评分", en: "Indicator scoring" },
    detail: t(
      `${leaves.length}项指标读取的数据项均已声明且类型相符，得分均在本指标分值范围内，区间有效。`,
      `The ${leaves.length} indicators read declared data items of the right type, score within their own scale, and have valid ranges.`,
    ),
    diagnostics: by("scoring"),
  });
  const bandList = r.bands
    .map((b) => `${b.grade} ${interval(b.min, b.max, b.minInclusive ?? true, b.maxInclusive ?? b.max >= r.scale.max)}`)
    .join(t("、", ", "));
  items.push({
    title: { zh: "等级分数段", en: "Grade bands" },
    detail: t(
      `分数段按等级由高到低排列、首尾相接、互不重叠，覆盖${fmt(r.scale.min)}–${fmt(r.scale.max)}分全部分值：${bandList}；边界不超过${r.rounding.scale}位小数。`,
      `Bands run best grade first, adjoin without gap or overlap and cover the whole scale ${fmt(r.scale.min)}–${fmt(r.scale.max)}: ${bandList}; no bound has more than ${r.rounding.scale} decimal places.`,
    ),
    diagnostics: by("bands"),
  });
  if (r.labels?.length) {
    items.push({
      title: { zh: "公布等级", en: "Published labels" },
      detail: t(
        `每个信用等级至多一个公布等级：${r.labels.map((l) => `${l.grade}→${l.label}`).join("、")}。`,
        `Each grade has at most one label: ${r.labels.map((l) => `${l.grade}→${l.label}`).join(", ")}.`,
      ),
      diagnostics: by("labels"),
    });
  }
  if (r.records || r.facts?.length) {
    items.push({
      title: { zh: "信用记录与派生事实", en: "Records and derived facts" },
      detail: t(
        `${r.records?.types.length ?? 0}类信用记录、${r.facts?.length ?? 0}项派生事实：引用的记录类型和字段均已声明，计算类型相符，公示期最短不超过最长。`,
        `${r.records?.types.length ?? 0} record types and ${r.facts?.length ?? 0} derived facts: every record type and field referred to is declared, aggregations fit the field types, and minimum publicity periods do not exceed the maximum.`,
      ),
      diagnostics: by("records"),
    });
  }
  if (r.rules?.length || r.conditions?.length) {
    items.push({
      title: { zh: "直接判级与调整规则", en: "Override rules" },
      detail: t(
        `${r.rules?.length ?? 0}条规则、${r.conditions?.length ?? 0}个共用条件：读取的数据项、派生事实和共用条件均已声明，无循环引用；“调整分值”规则不读取总分；运算符取值有效。`,
        `${r.rules?.length ?? 0} rules and ${r.conditions?.length ?? 0} named conditions: every fact and named condition read is declared, with no cycle; points adjustments do not read the score; operator values are valid.`,
      ),
      diagnostics: by("rules"),
    });
  }
  items.push(hegangCheck(ctx, by("hegang")));

  // Measures: the ruleset's own section, or the defaults checked the same way.
  const measureDiagnostics = r.measures
    ? by("measures")
    : validateRuleset({ ...r, measures: DEFAULT_MEASURES_SECTION }).diagnostics.filter((d) => areaOf(d) === "measures");
  const compiled = compileMeasures(r.measures, MEASURE_CATALOGUE, { byGrade: DEFAULT_GRADE_MEASURES, sampling: DEFAULT_SAMPLING });
  const mins = GRADES.flatMap((g) => {
    const s = compiled.get(g)!.sampling;
    return s ? [`${g} ${pct(s.ratio.min)}`] : [];
  });
  const eSampling = compiled.get("E")!.sampling;
  items.push({
    title: { zh: "监管措施与抽查比例", en: "Measures and sampling" },
    detail:
      (r.measures ? "" : t("（适用默认目录）", "(default catalogue) ")) +
      t(
        `每个有分数段的等级均有对应措施，措施均在目录中，激励措施只用于A、B级，约束措施只用于C–E级；最低抽查比例随等级降低而不降低（${mins.join("、")}）；E级抽查比例${eSampling ? (eSampling.ratio.max === undefined ? "不设上限" : `上限为${pct(eSampling.ratio.max)}`) : "未规定"}。`,
        `Every banded grade has measures, every measure is in the catalogue, incentives go to A and B only and restrictions to C–E only; the lowest sampling ratio never falls as grades worsen (${mins.join(", ")}); grade E sampling has ${eSampling ? (eSampling.ratio.max === undefined ? "no upper limit" : `an upper limit of ${pct(eSampling.ratio.max)}`) : "no policy"}.`,
      ),
    diagnostics: measureDiagnostics,
  });
  const other = by("other");
  if (other.length) items.push({ title: { zh: "其他", en: "Other" }, detail: "", diagnostics: other });

  const all = [...diagnostics, ...(r.measures ? [] : measureDiagnostics)];
  const count = (s: Diagnostic["severity"]): number => all.filter((d) => d.severity === s).length;
  const passed = count("error") === 0;
  out.push(`## ${t("六、规则校验", "6. Regulatory checks")}`, "");
  out.push(
    t(
      `本规则集经 \`validateRuleset\` 校验：${passed ? "**通过**" : "**未通过**"}（错误${count("error")}项，警告${count("warning")}项，提示${count("info")}项）。`,
      `Checked by \`validateRuleset\`: ${passed ? "**passed**" : "**failed**"} (${count("error")} errors, ${count("warning")} warnings, ${count("info")} notes).`,
    ),
    "",
  );
  items.forEach((item, i) => {
    const errs = item.diagnostics.filter((d) => d.severity === "error").length;
    const warns = item.diagnostics.filter((d) => d.severity === "warning").length;
    const status = item.na
      ? t("不适用", "not applicable")
      : errs > 0
        ? t("✗ 未通过", "✗ failed")
        : warns > 0
          ? t("✓ 通过（有警告）", "✓ passed with warnings")
          : t("✓ 通过", "✓ passed");
    out.push(`${i + 1}. **${item.title[ctx.l]}**${t("：", ": ")}${status}${item.detail ? t("。", ". ") : ""}${item.detail}`.replace("。。", "。"));
    for (const d of item.diagnostics) out.push(`   - \`${formatDiagnostic(d)}\``);
  });
  out.push("");
}

function hegangCheck(ctx: Ctx, diagnostics: Diagnostic[]): CheckItem {
  const { r, t, placed } = ctx;
  const title = { zh: "公共信用综合评价指标权重和分值不低于平均值（鹤信用发〔2022〕2号 三(一)3）", en: "Public composite weight and points not below the average (Hegang plan 三(一)3)" };
  const pc = r.publicComposite;
  if (!pc) {
    if (r.kind === "industry") return { title, detail: t("行业信用评价未声明公共信用综合评价指标。", "The industry evaluation declares no public composite indicator."), diagnostics };
    return {
      title,
      detail: t(
        `本规则集为${KIND_NAMES[r.kind].zh}，不以公共信用综合评价结果作为指标。`,
        `This ruleset (${KIND_NAMES[r.kind].en}) does not take the public composite result as an indicator.`,
      ),
      diagnostics,
      na: true,
    };
  }
  const at = placed.find((p) => p.node.id === pc.indicator);
  if (!at) return { title, detail: t(`未找到指标${quote(ctx, pc.indicator)}。`, `No indicator ${quote(ctx, pc.indicator)}.`), diagnostics };
  const n = at.siblings.length;
  const sum = at.siblings.reduce((s, x) => s + nodeAmount(r, x), 0);
  const mine = nodeAmount(r, at.node);
  const weight = sum === 0 ? 0 : mine / sum;
  const meanPoints = mine === 0 ? 0 : (at.maxPoints / mine) * (sum / n);
  const enforced = pc.check ?? r.kind === "industry";
  const fallback = pc.fallbackGradeInput === undefined
    ? ""
    : t(
        `；本评价无法评价时采用${quote(ctx, inputLabel(ctx, pc.fallbackGradeInput))}所载的公共信用综合评价等级`,
        `; where this evaluation cannot grade a subject, the public composite grade in ${quote(ctx, inputLabel(ctx, pc.fallbackGradeInput))} is used`,
      );
  const numbers = t(
    `公共信用综合评价指标${quote(ctx, at.node.name.zh)}（\`${at.node.id}\`）占同级权重${pct(weight)}、分值${fmt(at.maxPoints)}分；同级${n}项指标平均权重${pct(1 / n)}、平均分值${fmt(meanPoints)}分`,
    `The public composite indicator ${quote(ctx, at.node.name.en)} (\`${at.node.id}\`) has ${pct(weight)} of its level and ${fmt(at.maxPoints)} points; the ${n} nodes of its level average ${pct(1 / n)} and ${fmt(meanPoints)} points`,
  );
  const verdict = !enforced
    ? t("（本规则集声明不校验此项）", " (the ruleset switches this check off)")
    : weight * n >= 1 - 1e-9
      ? t("，权重和分值均不低于平均值", "; both are at least the average")
      : t("，低于平均值", "; below the average");
  return { title, detail: `${numbers}${verdict}${fallback}${t("。", ".")}`, diagnostics, ...(enforced ? {} : { na: true }) };
}
