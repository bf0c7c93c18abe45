/**
 * One-line descriptions, in Chinese and English, of the parts of a ruleset a diff reports:
 * scoring functions, rule effects, missing-data treatment, derived facts, sampling policies and
 * plain values. Used by the ruleset diff and by the migration report.
 *
 * Pure: no I/O, no clock.
 * @module
 */
import { describeHistoryFact } from "../format/history.js";
import { binBounds } from "../format/bands.js";
import { isBilingual, signed } from "../base/bilingual.js";
import type { FactDef } from "../format/fact.js";
import type { BilingualName } from "../base/grade.js";
import { CANONICAL_SCALE, effectPosition, type LabelScale, labelWords } from "../format/labels.js";
import type { SamplingPolicy } from "../format/measure.js";
import type { EffectDef } from "../format/rule.js";
import { canonicalJson } from "../base/hash.js";
import type { IndicatorLeafDef, ScoringDef } from "../format/ruleset-schema.js";

/**
 * Short display of a value in a summary; a `{ zh, en }` text shows in the summary's language.
 * @category Versions
 */
export function show(v: unknown, locale: "zh" | "en" = "en"): string {
  if (v === undefined) return "—";
  if (isBilingual(v)) return v[locale];
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const text = canonicalJson(v);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/**
 * A number rounded to 12 significant digits, against float noise.
 * @category Versions
 */
export function round(n: number): number {
  return Number(n.toPrecision(12));
}

/**
 * A number for a summary: float noise rounded away, minus as U+2212.
 * @category Versions
 */
export const num = (n: number): string => (n < 0 ? `−${-n}` : String(round(n)));

/**
 * Interval notation with the summary's numbers, e.g. `[70, 90)`.
 * @category Versions
 */
export function interval(min: number | undefined, max: number | undefined, minInc: boolean, maxInc: boolean): string {
  const lo = min === undefined ? "(−∞" : `${minInc ? "[" : "("}${num(min)}`;
  const hi = max === undefined ? "∞)" : `${num(max)}${maxInc ? "]" : ")"}`;
  return `${lo}, ${hi}`;
}

/**
 * Describes a scoring function in one line.
 * @param s - A scoring function.
 * @returns The description in Chinese and English.
 * @example
 * describeScoring({ type: "boolean", input: "filed", whenTrue: 3, whenFalse: 0 }).en;
 * //=> "boolean on filed: true → 3, false → 0"
 * @category Versions
 */
export function describeScoring(s: ScoringDef): BilingualName {
  switch (s.type) {
    case "linear":
      return {
        en: `linear on ${s.input}: ${num(s.min)}–${num(s.max)}, ${s.direction}`,
        zh: `线性 ${s.input}：${num(s.min)}–${num(s.max)}，${s.direction === "higher-better" ? "越高越好" : "越低越好"}`,
      };
    case "bins": {
      const bins = s.bins.map((b) => { const at = binBounds(b); return `${interval(b.min, b.max, at.minInclusive, at.maxInclusive)} → ${num(b.score)}`; }).join("; ");
      return {
        en: `bins on ${s.input}: ${bins}${s.otherwise === undefined ? "" : `; otherwise → ${num(s.otherwise)}`}`,
        zh: `分档 ${s.input}：${bins}${s.otherwise === undefined ? "" : `；其他 → ${num(s.otherwise)}`}`,
      };
    }
    case "boolean":
      return {
        en: `boolean on ${s.input}: true → ${num(s.whenTrue)}, false → ${num(s.whenFalse)}`,
        zh: `是否 ${s.input}：是 → ${num(s.whenTrue)}，否 → ${num(s.whenFalse)}`,
      };
    case "lookup": {
      const rows = s.table.map((r) => `${r.value} → ${num(r.score)}`).join(", ");
      return {
        en: `lookup on ${s.input}: ${rows}${s.otherwise === undefined ? "" : `; otherwise → ${num(s.otherwise)}`}`,
        zh: `对照 ${s.input}：${rows}${s.otherwise === undefined ? "" : `；其他 → ${num(s.otherwise)}`}`,
      };
    }
    case "deduction": {
      const base =
        typeof s.base === "number"
          ? { en: num(s.base), zh: num(s.base) }
          : {
              en: `${s.base.input} (${s.base.cases.map((c) => `${String(c.equals)} → ${num(c.base)}`).join(", ")}, otherwise ${num(s.base.otherwise)})`,
              zh: `${s.base.input}（${s.base.cases.map((c) => `${String(c.equals)} → ${num(c.base)}`).join("，")}，其他 ${num(s.base.otherwise)}）`,
            };
      const floor = s.floor === undefined ? "" : ` floor ${num(s.floor)}`;
      return {
        en: `deduction from ${base.en}${floor}: ${s.items.map((i) => `${i.input} −${num(i.points)} each${i.cap === undefined ? "" : ` (at most −${num(i.cap)})`}`).join(", ")}`,
        zh: `扣分 基础${base.zh}${s.floor === undefined ? "" : ` 最低${num(s.floor)}`}：${s.items.map((i) => `${i.input} 每次−${num(i.points)}${i.cap === undefined ? "" : `（最多−${num(i.cap)}）`}`).join("，")}`,
      };
    }
    case "passthrough":
      return { en: `passthrough of ${s.input}`, zh: `直接取 ${s.input}` };
  }
}

/**
 * Describes a rule effect in one line, in the scheme's labels when a label scale is given (an
 * effect naming no label reads as the label it bounds at: `label.ts`).
 * @param e - A rule effect.
 * @param labels - The scheme's label scale; default the canonical grades.
 * @returns The description in Chinese and English.
 * @example
 * describeEffect({ type: "cap", grade: "C" }); //=> { en: "cap at C", zh: "最高C级" }
 * describeEffect({ type: "set-grade", grade: "B", label: "M" }, compileLabelScale(tax.labels)).en; //=> "set grade M (canonical B)"
 * @category Versions
 */
export function describeEffect(e: EffectDef, labels: LabelScale = CANONICAL_SCALE): BilingualName {
  const at = (x: Extract<EffectDef, { grade: unknown }>): BilingualName => labelWords(labels, effectPosition(labels, x));
  switch (e.type) {
    case "set-grade":
      return { en: `set grade ${at(e).en}`, zh: `直接判定为${at(e).zh}` };
    case "cap":
      return { en: `cap at ${at(e).en}`, zh: `最高${at(e).zh}` };
    case "floor":
      return { en: `floor at ${at(e).en}`, zh: `最低${at(e).zh}` };
    case "adjust-points":
      return { en: `${signed(e.points)} points`, zh: `${signed(e.points)}分` };
    case "not-gradable":
      return { en: "not gradable", zh: "不予评价" };
    case "none":
      return { en: "no effect on the grade", zh: "不影响等级" };
  }
}

/**
 * An indicator's missing-data treatment in one line.
 * @category Versions
 */
export function describeOnMissing(m: IndicatorLeafDef["onMissing"]): BilingualName {
  if (m === undefined) return { en: "default (not gradable)", zh: "默认（不予评价）" };
  if (m === "worst") return { en: "worst score", zh: "按最低分" };
  if (m === "not-gradable") return { en: "not gradable", zh: "不予评价" };
  return { en: `impute ${JSON.stringify(m.impute)}`, zh: `按 ${JSON.stringify(m.impute)} 计` };
}

/**
 * A derived fact's definition in one line.
 * @category Versions
 */
export function describeFact(f: FactDef): BilingualName {
  if ("ratio" in f) {
    const z = f.whenZero === undefined ? "" : `, ${num(f.whenZero)} when ${f.ratio.denominator} is 0`;
    const zz = f.whenZero === undefined ? "" : `，分母为0时取${num(f.whenZero)}`;
    return { en: `${f.ratio.numerator} ÷ ${f.ratio.denominator}${z}`, zh: `${f.ratio.numerator} ÷ ${f.ratio.denominator}${zz}` };
  }
  if ("history" in f) return describeHistoryFact(f);
  const win = f.window === undefined ? "" : "last" in f.window ? ` in the last ${f.window.last}` : ` in calendar year ${signed(f.window.calendarYear)}`;
  const zwin = f.window === undefined ? "" : "last" in f.window ? `，近${f.window.last}` : `，自然年${signed(f.window.calendarYear)}`;
  const sel = f.records === undefined ? "" : `, ${f.records} records`;
  const where = f.where === undefined ? "" : ` where ${show(f.where)}`;
  const field = f.field === undefined ? "" : ` ${f.field}`;
  return {
    en: `${f.aggregate}${field} of ${f.from}${win}${sel}${where}`,
    zh: `${f.from} 记录 ${f.aggregate}${field}${zwin}${f.records === undefined ? "" : `，${f.records}`}${f.where === undefined ? "" : `，条件 ${show(f.where)}`}`,
  };
}

/**
 * A sampling policy in one line.
 * @category Versions
 */
export function describeSampling(s: SamplingPolicy | undefined): BilingualName {
  if (s === undefined) return { en: "none", zh: "无" };
  const pct = (x: number): string => `${Number((x * 100).toPrecision(10))}%`;
  const ratio = `${pct(s.ratio.min)}–${s.ratio.max === undefined ? "∞" : pct(s.ratio.max)}`;
  const per = `${num(s.perYear.min)}–${s.perYear.max === undefined ? "∞" : num(s.perYear.max)}`;
  const extra = s.extraItems?.length ? `; extra items ${s.extraItems.join(", ")}` : "";
  const zextra = s.extraItems?.length ? `；增加检查项目 ${s.extraItems.join("、")}` : "";
  return { en: `ratio ${ratio}, ${per} inspections a year${extra}`, zh: `抽查比例 ${ratio}，每年 ${per} 次${zextra}` };
}
