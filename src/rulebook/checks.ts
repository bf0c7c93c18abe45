/**
 * Section 六 of a rule book (规则书): the regulatory checks the ruleset passes (internal).
 * Runs {@link validateRuleset}, sorts its diagnostics into the areas a regulator checks
 * (structure, effective period, data items, sums, scoring, bands, labels, records, rules, the
 * Hegang public composite weight, measures) and states each check with the ruleset's actual
 * numbers, followed by the diagnostics that failed it.
 * @module
 */
import { bandInterval, type Ctx, fmt, inputLabel, measuresOf, pct, quote } from "./text.js";
import { KIND_NAMES } from "./names.js";
import { formatDiagnostic, type Diagnostic } from "../base/diagnostic.js";
import { markdownCode } from "../base/markdown.js";
import { type BilingualName, GRADES } from "../base/grade.js";
import { DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING } from "../measures/catalogue.js";
import type { MeasuresSection } from "../format/measure.js";
import { hegangApplies, measureShare, publicCompositeIndicators, shareText } from "../check/public-composite-check.js";
import { validateRuleset } from "../check/ruleset-check.js";
import { type IndicatorNodeDef, isGroup } from "../format/ruleset-schema.js";

/** The library's default measures written out as a section, so they are checked the way a ruleset's own are. */
const DEFAULT_MEASURES_SECTION: MeasuresSection = {
  byGrade: GRADES.map((g) => ({ grade: g, measures: [...DEFAULT_GRADE_MEASURES[g]] })),
  sampling: DEFAULT_SAMPLING.map((s) => structuredClone(s)),
};

interface CheckItem {
  readonly title: BilingualName;
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
  if (c === "LABEL_DUPLICATE" || c === "LABELS_ORDER" || c === "UNKNOWN_LABEL") return "labels";
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

/**
 * Renders section 六, the regulatory checks, with the numbers behind each.
 * @category Rule books
 */
export function renderChecks(ctx: Ctx, out: string[]): void {
  const { r, t, placed } = ctx;
  const diagnostics = validateRuleset(ctx.source).diagnostics;
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
      ? t(
          `${r.effective.from}起，未载明截止日期（有后续版本的，至后续版本施行前一日止）；日期有效。`,
          `From ${r.effective.from}, no end date declared (a later version, once published, ends it the day before it starts); the date is valid.`,
        )
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
  const bandList = ctx.list(r.bands.map((b, i) => `${b.grade} ${bandInterval(b, i)}`));
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
        `公布等级按本评价体系由高到低排列，各对应一个信用等级（可多个对应同一等级），不重复：${r.labels.map((l) => `${l.label}→${l.grade}`).join("、")}；分数段、规则和措施所指的公布等级均属其信用等级。`,
        `Labels run in the scheme's order, best first, each on one canonical grade (several may share one), none twice: ${r.labels.map((l) => `${l.label}→${l.grade}`).join(", ")}; every label a band, rule or measure mapping names belongs to its grade.`,
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
    : validateRuleset({ ...ctx.source, measures: DEFAULT_MEASURES_SECTION }).diagnostics.filter((d) => areaOf(d) === "measures");
  const compiled = measuresOf(r);
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
    for (const d of item.diagnostics) out.push(`   - ${markdownCode(formatDiagnostic(d))}`);
  });
  out.push("");
}

function hegangCheck(ctx: Ctx, diagnostics: Diagnostic[]): CheckItem {
  const { r, t, l, placed } = ctx;
  const title = { zh: "公共信用综合评价指标权重和分值不低于平均值（鹤信用发〔2022〕2号 三(一)3）", en: "Public composite weight and points not below the average (Hegang plan 三(一)3)" };
  const pc = r.publicComposite;
  const indicators = publicCompositeIndicators(r, placed, ctx.inputs);
  if (pc && !placed.some((p) => p.node.id === pc.indicator)) {
    return { title, detail: t(`未找到指标${quote(ctx, pc.indicator)}。`, `No indicator ${quote(ctx, pc.indicator)}.`), diagnostics };
  }
  if (indicators.length === 0) {
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
  const enforced = hegangApplies(r, true);
  const name = (node: IndicatorNodeDef): string => quote(ctx, node.name[l]);
  const statements = indicators.map(({ at, via }) => {
    const s = measureShare(r, placed, at);
    const text = shareText(s, t, name);
    const who = via === undefined
      ? t(`公共信用综合评价指标${name(at.node)}（\`${at.node.id}\`）`, `The public composite indicator ${name(at.node)} (\`${at.node.id}\`)`)
      : t(`指标${name(at.node)}（\`${at.node.id}\`）读取公共信用综合评价${quote(ctx, inputLabel(ctx, via))}，`, `The indicator ${name(at.node)} (\`${at.node.id}\`), which scores the public composite ${quote(ctx, inputLabel(ctx, via))},`);
    const against = (ok: boolean, what: string): string => (ok ? t(`不低于${what}`, `at least ${what}`) : t(`低于${what}`, `below ${what}`));
    const parts = [against(s.top.ok, text.top), ...(s.level && text.level ? [against(s.level.ok, text.level)] : [])];
    return `${who}${t("", " ")}${text.share}${t("，", ", ")}${parts.join(t("，", ", and "))}`;
  });
  const scope = r.kind === "industry"
    ? t("行业信用评价必须满足此项，不能关闭", "An industry evaluation must meet it and cannot switch it off")
    : enforced
      ? t("本规则集以公共信用综合评价结果作为指标，同样校验", "This ruleset takes the public composite result as an indicator, so it is checked too")
      : t("本规则集声明不校验此项", "The ruleset switches this check off");
  const fallback = pc?.fallbackGradeInput === undefined
    ? ""
    : t(
        `；本评价无法评价时采用${quote(ctx, inputLabel(ctx, pc.fallbackGradeInput))}所载的公共信用综合评价等级`,
        `; where this evaluation cannot grade a subject, the public composite grade in ${quote(ctx, inputLabel(ctx, pc.fallbackGradeInput))} is used`,
      );
  return {
    title,
    detail: `${statements.join(t("；", "; "))}${t("。", ". ")}${scope}${fallback}${t("。", ".")}`,
    diagnostics,
    ...(enforced ? {} : { na: true }),
  };
}
