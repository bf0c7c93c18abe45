/**
 * What every part of a rule book (规则书) shares (internal): the rendering context, number and
 * table formatting, and the names of data items, fields, grades and durations in the chosen
 * language (the locale text tables they read are in `names.ts`).
 * @module
 */
import { bandBounds } from "../format/bands.js";
import { type Locale, type Translate, translator } from "../base/bilingual.js";
import { parseDuration } from "../base/date.js";
import { markdownText } from "../base/markdown.js";
import type { FactDef } from "../format/fact.js";
import type { BilingualName, Grade } from "../base/grade.js";
import { type PlacedNode, placeNodes } from "../format/indicator-tree.js";
import { compileLabelScale, effectPosition, labelPosition, type LabelScale, labelWords } from "../format/labels.js";
import { CAPABILITIES, DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING, MEASURE_CATALOGUE } from "../measures/catalogue.js";
import type { GradeMeasures } from "../format/measure.js";
import { compileLabelMeasures, compileMeasures } from "../measures/compile.js";
import type { RecordTypeDef } from "../format/record.js";
import { round9 } from "../base/rounding.js";
import type { BandDef, Ruleset } from "../format/ruleset-schema.js";
import type { InputDef } from "../format/input.js";
import { BUILTIN_NAMES, STANDARD_FIELD_NAMES, UNIT_NAMES_EN } from "./names.js";

type Bi = BilingualName;

// ------------------------------------------------------------------ context

/**
 * What the parts of a rule book read: the ruleset, its language and lookups into it.
 * @category Rule books
 */
export interface Ctx {
  /** The ruleset with every text escaped for Markdown (`markdownText`): what the rule book prints. */
  readonly r: Ruleset;
  /** The ruleset as given: what is checked and hashed. */
  readonly source: Ruleset;
  readonly l: Locale;
  readonly t: Translate;
  /** Joins list items with 、 in Chinese and ", " in English. */
  readonly list: (items: readonly string[]) => string;
  readonly inputs: ReadonlyMap<string, InputDef>;
  readonly facts: ReadonlyMap<string, FactDef>;
  readonly recordTypes: ReadonlyMap<string, RecordTypeDef>;
  readonly placed: readonly PlacedNode[];
  /** The scheme's labels in its order, with their canonical grades. */
  readonly labels: LabelScale;
}

/**
 * The context of one rule book in one language.
 * @category Rule books
 */
export function makeContext(source: Ruleset, l: Locale): Ctx {
  const t = translator(l);
  const r = shown(source) as Ruleset;
  return {
    r,
    source,
    l,
    t,
    list: (items) => items.join(t("、", ", ")),
    inputs: new Map(r.inputs.map((i) => [i.id, i])),
    facts: new Map((r.facts ?? []).map((f) => [f.id, f])),
    recordTypes: new Map((r.records?.types ?? []).map((x) => [x.id, x])),
    placed: placeNodes(r),
    labels: compileLabelScale(r.labels),
  };
}

// Every string of the ruleset escaped for Markdown, the same way everywhere, so that lookups by
// id, label or value still match; a condition's path (a restricted pattern, shown as code) stays.
function shown(v: unknown, key?: string): unknown {
  if (typeof v === "string") return key === "path" ? v : markdownText(v);
  if (Array.isArray(v)) return v.map((x) => shown(x));
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = shown(x, k);
  return out;
}

// ------------------------------------------------------------------ numbers, tables, headings

/**
 * A number as the rule book prints it: at most nine decimals, no float noise.
 * @category Rule books
 */
export const fmt = (n: number): string => String(round9(n));
/**
 * A share as a percentage, at most two decimals: 0.5128205 → "51.28%".
 * @category Rule books
 */
export const pct = (share: number): string => `${String(Math.round(round9(share * 100) * 100) / 100)}%`;
/** Table cells: no line breaks, pipes escaped (those of ruleset text already are). */
const cell = (s: string): string => s.replace(/\r?\n/g, " ").replace(/(?<!\\)\|/g, "\\|");
const row = (cells: readonly string[]): string => `| ${cells.map(cell).join(" | ")} |`;
/**
 * A Markdown table: the head, the separator line, then one line per row.
 * @category Rule books
 */
export const table = (head: readonly string[], rows: readonly (readonly string[])[]): string[] => [
  row(head),
  `|${head.map(() => "---").join("|")}|`,
  ...rows.map(row),
];
/**
 * A name in quotation marks: “…” in Chinese, "…" in English.
 * @category Rule books
 */
export const quote = (ctx: Ctx, s: string): string => (ctx.l === "zh" ? `“${s}”` : `"${s}"`);
/**
 * A `{ zh, en }` text in the context's language, or `fallback` when there is none.
 * @category Rule books
 */
export const bi = (ctx: Ctx, b: Bi | undefined, fallback: string): string => (b ? b[ctx.l] : fallback);
const CN_NUM = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const cnNum = (n: number): string =>
  n <= 10 ? CN_NUM[n]! : n < 20 ? `十${n % 10 === 0 ? "" : CN_NUM[n % 10]!}` : `${CN_NUM[Math.floor(n / 10)]!}十${n % 10 === 0 ? "" : CN_NUM[n % 10]!}`;
/**
 * Sub-heading number: （一） in Chinese, 1.2 in English.
 * @category Rule books
 */
export const sub = (ctx: Ctx, section: number, i: number): string => (ctx.l === "zh" ? `（${cnNum(i)}）` : `${section}.${i} `);

/**
 * The whole score scale in words: "0–100分", "0–100 points".
 * @category Rule books
 */
export const scaleText = (t: Translate, scale: { readonly min: number; readonly max: number }): string =>
  t(`${fmt(scale.min)}–${fmt(scale.max)}分`, `${fmt(scale.min)}–${fmt(scale.max)} points`);

/**
 * Interval notation, e.g. `[70, 90)`.
 * @category Rule books
 */
export function interval(min: number | undefined, max: number | undefined, minIn: boolean, maxIn: boolean): string {
  const lo = min === undefined ? "(−∞" : `${minIn ? "[" : "("}${fmt(min)}`;
  const hi = max === undefined ? "+∞)" : `${fmt(max)}${maxIn ? "]" : ")"}`;
  return `${lo}, ${hi}`;
}

/**
 * A band in interval notation, its bounds as they take effect (format/bands.ts): `[70, 90)`.
 * @param band - The band.
 * @param index - Its position in the ruleset's bands.
 * @returns The interval.
 * @category Rule books
 */
export function bandInterval(band: BandDef, index: number): string {
  const b = bandBounds(band, index);
  return interval(band.min, band.max, b.minInclusive, b.maxInclusive);
}

/**
 * The measures and sampling per grade the rule book states: the ruleset's own, or the library's defaults.
 * @category Rule books
 */
export function measuresOf(r: Ruleset): ReadonlyMap<Grade, GradeMeasures> {
  return compileMeasures(r.measures, MEASURE_CATALOGUE, { byGrade: DEFAULT_GRADE_MEASURES, sampling: DEFAULT_SAMPLING });
}

/**
 * The measures and sampling of each label position (a label mapped apart, tax M, has its own).
 * @category Rule books
 */
export function labelMeasuresOf(ctx: Ctx): readonly GradeMeasures[] {
  return compileLabelMeasures(ctx.r.measures, MEASURE_CATALOGUE, { byGrade: DEFAULT_GRADE_MEASURES, sampling: DEFAULT_SAMPLING }, ctx.labels);
}

// ------------------------------------------------------------------ names in the chosen language

/**
 * An ISO 8601 duration in words: "3年", "1 year 6 months"; an unreadable one as written.
 * @category Rule books
 */
export function formatDuration(ctx: Ctx, text: string): string {
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

/**
 * A canonical grade in words, with the labels published for it when they differ: "B级（公布等级B、M）".
 * @category Rule books
 */
export function gradeText(ctx: Ctx, g: Grade): string {
  const labels = (ctx.r.labels ?? []).filter((x) => x.grade === g).map((x) => x.label);
  const plain = labels.length === 0 || (labels.length === 1 && labels[0] === g);
  if (ctx.l === "zh") return plain ? `${g}级` : `${g}级（公布等级${ctx.list(labels)}）`;
  return plain ? `grade ${g}` : `grade ${g} (published as ${ctx.list(labels)})`;
}

/**
 * A scheme label in words, label first, with its canonical grade when that differs: "M级（信用等级B）".
 * @category Rule books
 */
export function labelText(ctx: Ctx, position: number): string {
  const { label, grade } = ctx.labels.entries[position]!;
  if (label === grade) return ctx.l === "zh" ? `${grade}级` : `grade ${grade}`;
  return labelWords(ctx.labels, position)[ctx.l];
}

/**
 * The label positions a rule book lists: every position of a scheme that declares no labels;
 * otherwise the declared labels, and a grade's letter only where a band or a rule gives it.
 * @category Rule books
 */
export function publishedPositions(ctx: Ctx): number[] {
  const { r, labels } = ctx;
  const entries = labels.entries;
  if (!entries.some((e) => e.declared)) return entries.map((_, i) => i);
  const reached = new Set<number>([
    ...r.bands.map((b) => labelPosition(labels, b.grade, b.label)),
    ...(r.rules ?? []).flatMap((x) => (x.effect.type === "set-grade" || x.effect.type === "cap" || x.effect.type === "floor" ? [effectPosition(labels, x.effect)] : [])),
  ]);
  return entries.flatMap((e, i) => (e.declared || reached.has(i) ? [i] : []));
}

/**
 * The name of a data item, derived fact or built-in fact, else its id.
 * @category Rule books
 */
export function inputLabel(ctx: Ctx, id: string): string {
  const input = ctx.inputs.get(id);
  if (input?.name) return input.name[ctx.l];
  const fact = ctx.facts.get(id);
  if (fact?.name) return fact.name[ctx.l];
  const builtin = BUILTIN_NAMES[id];
  return builtin ? builtin[ctx.l] : id;
}

/**
 * The name of a standard record field, else the field id.
 * @category Rule books
 */
export function fieldLabel(ctx: Ctx, field: string): string {
  const std = STANDARD_FIELD_NAMES[field];
  return std ? std[ctx.l] : field;
}

/**
 * A unit as the ruleset writes it, in English for the English rule book.
 * @category Rule books
 */
export function unitText(ctx: Ctx, unit: string): string {
  return ctx.l === "en" ? (UNIT_NAMES_EN[unit] ?? unit) : unit;
}

/**
 * The unit of a number or score data item in the context's language; "" when it has none.
 * @category Rule books
 */
export function unitOf(ctx: Ctx, id: string): string {
  const input = ctx.inputs.get(id);
  return unitText(ctx, input && (input.type === "number" || input.type === "score") ? (input.unit ?? "") : "");
}

/**
 * A number with its unit: "10万元" in Chinese, "10 万元" in English.
 * @category Rule books
 */
export function withUnit(ctx: Ctx, n: number, unit: string): string {
  return unit === "" ? fmt(n) : ctx.l === "zh" || unit === "%" ? `${fmt(n)}${unit}` : `${fmt(n)} ${unit}`;
}

/**
 * The name of a capability of the catalogue, else its id.
 * @category Rule books
 */
export function capabilityName(ctx: Ctx, id: string): string {
  const c = CAPABILITIES.find((x) => x.id === id);
  return c ? c.name[ctx.l] : id;
}
