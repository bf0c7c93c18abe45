/**
 * The describers of rule books (规则书): the parts of a ruleset in the words a regulator
 * writes: score ranges and grade bands ("70分以上不满90分"), data items' valid values, derived
 * facts and publicity periods, scoring functions and their missing-data treatment, rule
 * effects and sampling policies. Each writes one part in one language; `rulebook.ts`
 * assembles them into the document. Conditions in words are in `rulebook-condition.ts`.
 *
 * Pure and deterministic: no clock, no I/O.
 * @module
 */
import { bandBounds, binBounds } from "../format/bands.js";
import { type Locale, translator } from "../base/bilingual.js";
import {
  bi,
  type Ctx,
  fieldLabel,
  fmt,
  formatDuration,
  labelText,
  inputLabel,
  interval,
  pct,
  quote,
  scaleText,
  table,
  unitOf,
  withUnit,
} from "./text.js";
import { AGGREGATE_NAMES } from "./names.js";
import type { FactDef } from "../format/fact.js";
import { describeHistoryFact } from "../format/history.js";
import { scoringRange } from "../format/indicator-tree.js";
import { type AppliedMeasure, type SamplingPolicy } from "../format/measure.js";
import type { RecordTypeDef } from "../format/record.js";
import { nearlyEqual } from "../base/rounding.js";
import { effectPosition } from "../format/labels.js";
import { type EffectDef, type RuleDef } from "../format/rule.js";
import type { BandDef, IndicatorLeafDef, ScoringDef } from "../format/ruleset-schema.js";
import type { InputDef } from "../format/input.js";
import { inlineCondition, valueText } from "./condition.js";
import type { RulebookLocale } from "./locale.js";

/**
 * Describes a grade band's score range the way a regulator writes it: lower bounds with
 * 以上 (inclusive) or 超过 (exclusive), upper bounds with 以下 (inclusive) or 不满 (exclusive);
 * a bound at the end of the scale is left out ("90分以上", "不满40分").
 * @param band - The band.
 * @param index - Its position in the ruleset's bands (the first band includes its upper bound).
 * @param scale - The ruleset's total score scale.
 * @param locale - The language.
 * @returns The range in words.
 * @example
 * describeBand({ grade: "B", min: 70, max: 90 }, 1, { min: 0, max: 100 }, "zh"); //=> "70分以上不满90分"
 * describeBand({ grade: "A", min: 90, max: 100 }, 0, { min: 0, max: 100 }, "zh"); //=> "90分以上"
 * describeBand({ grade: "E", min: 0, max: 40 }, 3, { min: 0, max: 100 }, "en"); //=> "under 40 points"
 * @category Rule books
 */
export function describeBand(band: BandDef, index: number, scale: { readonly min: number; readonly max: number }, locale: RulebookLocale): string {
  const { minInclusive: minIn, maxInclusive: maxIn } = bandBounds(band, index);
  const lower = band.min <= scale.min && minIn ? undefined : band.min;
  const upper = band.max >= scale.max && maxIn ? undefined : band.max;
  const t = translator(locale);
  if (lower === undefined && upper === undefined) return scaleText(t, scale);
  return describeRange(lower, upper, minIn, maxIn, t("分", "points"), locale);
}

/** A range of values in words with its unit: 以上 / 超过 for the lower bound, 以下 / 不满 for the upper. */
function describeRange(
  min: number | undefined,
  max: number | undefined,
  minIn: boolean,
  maxIn: boolean,
  unit: string,
  l: Locale,
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

/**
 * A data item's valid values in words.
 * @category Rule books
 */
export function inputRange(ctx: Ctx, input: InputDef): string {
  switch (input.type) {
    case "boolean":
      return ctx.t("是、否", "yes, no");
    case "category":
      return ctx.list(input.values);
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

/**
 * How long a record type's records stay public.
 * @category Rule books
 */
export function publicityText(ctx: Ctx, type: RecordTypeDef): string {
  const p = type.publicity ?? "by-severity";
  if (p === "by-severity") return ctx.t("按失信程度确定（见下表）", "by severity (see the table below)");
  if (p === "none") return ctx.t("不因期满失效，直至修复、撤销或公示截止日", "does not expire by itself; counts until repaired, revoked or its last day of publicity");
  return ctx.t(`自记录日期起${formatDuration(ctx, p.max)}`, `${formatDuration(ctx, p.max)} from the record's date`);
}

/**
 * How a derived fact is computed, in words.
 * @category Rule books
 */
export function factText(ctx: Ctx, f: FactDef): string {
  const { t } = ctx;
  if ("ratio" in f) {
    const num = quote(ctx, inputLabel(ctx, f.ratio.numerator));
    const den = quote(ctx, inputLabel(ctx, f.ratio.denominator));
    const zero = f.whenZero === undefined
      ? t(`${den}为0时视为缺失`, `missing when ${den} is 0`)
      : t(`${den}为0时取${fmt(f.whenZero)}`, `${fmt(f.whenZero)} when ${den} is 0`);
    return t(`${num} ÷ ${den}（${zero}）`, `${num} ÷ ${den} (${zero})`);
  }
  if ("history" in f) return t(`以往评价结果：${describeHistoryFact(f).zh}`, `earlier results: ${describeHistoryFact(f).en}`);
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

/**
 * A scoring function in words: one line, and the rows of its table for bins, lookups and deductions.
 * @category Rule books
 */
export function scoringText(ctx: Ctx, s: ScoringDef, outOf: number): { line: string; rows: string[] } {
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
      const same = nearlyEqual(lo, 0) && nearlyEqual(hi, outOf);
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
        const { minInclusive: minIn, maxInclusive: maxIn } = binBounds(b);
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

/**
 * What an indicator scores when its data is missing.
 * @category Rule books
 */
export function missingText(ctx: Ctx, leaf: IndicatorLeafDef, outOf: number): string {
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

/**
 * What a rule does when it fires, in the scheme's labels (an effect naming none reads as the label it bounds at).
 * @category Rule books
 */
export function effectText(ctx: Ctx, e: EffectDef): string {
  const { t } = ctx;
  const at = (x: Extract<EffectDef, { grade: unknown }>): string => labelText(ctx, effectPosition(ctx.labels, x));
  switch (e.type) {
    case "set-grade":
      return t(`判定为${at(e)}，不论得分`, `set to ${at(e)}, whatever the score`);
    case "cap":
      return t(`信用等级最高为${at(e)}`, `the grade is at best ${at(e)}`);
    case "floor":
      return t(`分数等级不低于${at(e)}`, `the score grade is at worst ${at(e)}`);
    case "adjust-points":
      return e.points < 0
        ? t(`总分扣减${fmt(-e.points)}分（在确定分数段之前）`, `${fmt(-e.points)} points taken from the total (before banding)`)
        : t(`总分增加${fmt(e.points)}分（在确定分数段之前）`, `${fmt(e.points)} points added to the total (before banding)`);
    case "not-gradable":
      return t("不确定信用等级", "the subject gets no grade");
    case "none":
      return t("不改变信用等级", "the grade is left as it is");
  }
}

/**
 * The measures a rule adds and the outputs it emits, as rule-book lines (none when it has neither).
 * @category Rule books
 */
export function ruleActionLines(ctx: Ctx, rule: RuleDef, measureOf: (id: string) => AppliedMeasure | undefined): string[] {
  const { t } = ctx;
  const out: string[] = [];
  if (rule.measures && rule.measures.length > 0) {
    const names = rule.measures.map((id) => `${measureOf(id)?.name[ctx.l] ?? id}（\`${id}\`）`);
    out.push(`- ${t("增加措施（不论信用等级）：", "Adds measures (whatever the grade): ")}${names.join(t("；", "; "))}`);
  }
  for (const o of rule.outputs ?? []) {
    const params = Object.entries(o.params ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    const name = o.name ? `${o.name[ctx.l]}（\`${o.id}\`）` : `\`${o.id}\``;
    out.push(`- ${t("输出：", "Output: ")}${name}${params.length > 0 ? ` ${params.join(", ")}` : ""}`);
  }
  return out;
}

/**
 * A sampling ratio range in words.
 * @category Rule books
 */
export function ratioText(ctx: Ctx, s: SamplingPolicy): string {
  const { min, max } = s.ratio;
  if (max === undefined) return ctx.t(`不低于${pct(min)}，不设上限`, `at least ${pct(min)}, no upper limit`);
  if (min === 0) return ctx.t(`不超过${pct(max)}`, `at most ${pct(max)}`);
  if (nearlyEqual(min, max)) return pct(min);
  return ctx.t(`${pct(min)}至${pct(max)}`, `${pct(min)} to ${pct(max)}`);
}

/**
 * Inspections per year in words.
 * @category Rule books
 */
export function perYearText(ctx: Ctx, s: SamplingPolicy): string {
  const { min, max } = s.perYear;
  if (max === undefined) return ctx.t(`至少${fmt(min)}次，按监管需要增加`, `at least ${fmt(min)}, more as supervision requires`);
  if (nearlyEqual(min, max)) return ctx.t(`${fmt(min)}次`, `${fmt(min)}`);
  if (min === 0) return ctx.t(`不超过${fmt(max)}次`, `at most ${fmt(max)}`);
  return ctx.t(`${fmt(min)}至${fmt(max)}次`, `${fmt(min)} to ${fmt(max)}`);
}
