/**
 * Semantic ruleset diff (版本比对): what changed between two rulesets, normally two versions of
 * one scheme, in the terms a regulator reads: inputs, indicator weights and points, scoring,
 * bands, labels, record types and publicity periods (公示期), derived facts, rules, measures
 * (措施) and sampling (抽查), texts and metadata.
 *
 * Objects are matched by id (bands, labels and sampling by grade; publicity periods by
 * severity), never by array position, so reordering an array is never reported. Order carries
 * no meaning anywhere the diff looks: bands are keyed by grade (the schema's checks require
 * them best first anyway), rules combine by effect type and not by position (see `rule.ts`:
 * not-gradable, adjust-points, set-grade, floor, cap), and sibling indicators add up whatever
 * their order. Values that have defaults are compared as they take effect: a band's
 * inclusivity, a missing label (the grade letter), publicity periods (the national periods of
 * 国办发〔2025〕22号) and the measures section (the plan's catalogue mapping and sampling).
 *
 * Pure: no I/O, no clock.
 * @module
 */
import { formatPath, type PathSegment } from "./diagnostic.js";
import type { FactDef } from "./fact.js";
import { type BilingualName, GRADES } from "./grade.js";
import { nodeAmount, type PlacedNode, placeNodes } from "./indicator.js";
import { DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING } from "./measure-catalogue.js";
import type { MeasureDef, SamplingPolicy } from "./measure.js";
import { NATIONAL_PUBLICITY_2025, type PublicityPeriod, type RecordTypeDef } from "./record.js";
import type { CompiledRuleset } from "./result.js";
import type { EffectDef } from "./rule.js";
import { canonicalJson } from "./ruleset.js";
import { type IndicatorLeafDef, type IndicatorNodeDef, isGroup, type Ruleset, type ScoringDef } from "./ruleset-schema.js";

/** The areas of a ruleset a change can fall in, in the order {@link diffRulesets} reports them. */
export const DIFF_AREAS = [
  "metadata",
  "inputs",
  "indicators",
  "bands",
  "labels",
  "records",
  "facts",
  "conditions",
  "rules",
  "measures",
  "texts",
] as const;

/**
 * An area of a ruleset: `metadata` (version, effective period, authority, legal basis, scale,
 * rounding, weighting, subject checks), `inputs`, `indicators` (tree, amounts, scoring, missing
 * data), `bands`, `labels`, `records` (record types, fields, publicity periods), `facts`,
 * `conditions` (named), `rules`, `measures` (per-grade mapping, sampling, defined measures),
 * `texts` (names, descriptions, sources, bin labels).
 */
export type DiffArea = (typeof DIFF_AREAS)[number];

/** Whether a change adds, removes or changes something. */
export type ChangeKind = "added" | "removed" | "changed";

/** One semantic change between two rulesets. */
export interface RulesetChange {
  /** `added` (only in b), `removed` (only in a) or `changed` (in both, different). */
  readonly kind: ChangeKind;
  /** The area of the ruleset. */
  readonly area: DiffArea;
  /**
   * The id of what changed: an input, indicator, rule, fact, condition or record type id; a
   * grade for bands, labels, sampling and per-grade measures; a severity for publicity periods;
   * `recordType.field` for a record field; the key for metadata; `noun:id` for texts (e.g.
   * `indicator:commitments`, `ruleset`).
   */
  readonly id: string;
  /** Which property changed, e.g. `weight`, `scoring`, `onMissing`, `effect`, `byGrade`; for added and removed objects, the noun. */
  readonly aspect: string;
  /** The JSON path in b (in a for removals). */
  readonly path: readonly PathSegment[];
  /** The value in a (absent for additions). */
  readonly before?: unknown;
  /** The value in b (absent for removals). */
  readonly after?: unknown;
  /** One line saying what changed, in Chinese and English. */
  readonly summary: BilingualName;
}

type Any = Record<string, unknown>;

const canon = (v: unknown): string => (v === undefined ? "∅" : canonicalJson(v));
const same = (x: unknown, y: unknown): boolean => canon(x) === canon(y);

const ZH_ASPECT: Readonly<Record<string, string>> = {
  weight: "权重",
  points: "分值",
  maxPoints: "最高分",
  scoring: "评分方法",
  outOf: "计分满分",
  onMissing: "缺失处理",
  parent: "上级指标",
  kind: "类别",
  type: "类型",
  unit: "单位",
  min: "下限",
  max: "上限",
  integer: "整数",
  required: "必填",
  role: "角色",
  values: "取值",
  name: "名称",
  description: "说明",
  source: "来源",
  label: "标识",
  severity: "严重程度",
  publicity: "公示期",
  definition: "定义",
  conditions: "条件",
  effect: "效果",
  reason: "理由",
  legalBasis: "法律依据",
  fields: "适用领域",
  grants: "授予便利",
  bars: "取消便利",
  version: "版本",
  "effective.from": "生效日期",
  "effective.to": "失效日期",
  authority: "发布机关",
  scale: "分值范围",
  rounding: "舍入规则",
  weighting: "赋分方式",
  formatVersion: "格式版本",
  id: "标识符",
  scheme: "评价体系",
  industry: "行业",
  publicComposite: "公共信用综合评价",
  strictInputs: "严格输入",
  subjectId: "主体标识校验",
  "scoring labels": "评分档位标签",
};

const zhAspect = (aspect: string): string => ZH_ASPECT[aspect] ?? aspect;

/** Short display of a value in a summary; a `{ zh, en }` text shows in the summary's language. */
function show(v: unknown, locale: "zh" | "en" = "en"): string {
  if (v === undefined) return "—";
  if (isBilingual(v)) return v[locale];
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  const text = canonicalJson(v);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function isBilingual(v: unknown): v is BilingualName {
  return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 2 && typeof (v as Any)["zh"] === "string" && typeof (v as Any)["en"] === "string";
}

/** A number with its sign, minus as U+2212. */
function signed(n: number): string {
  return n < 0 ? `−${-n}` : `+${n}`;
}

const num = (n: number): string => (n < 0 ? `−${-n}` : String(Number(n.toPrecision(12))));

function interval(min: number | undefined, max: number | undefined, minInc: boolean, maxInc: boolean): string {
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
 */
export function describeScoring(s: ScoringDef): BilingualName {
  switch (s.type) {
    case "linear":
      return {
        en: `linear on ${s.input}: ${num(s.min)}–${num(s.max)}, ${s.direction}`,
        zh: `线性 ${s.input}：${num(s.min)}–${num(s.max)}，${s.direction === "higher-better" ? "越高越好" : "越低越好"}`,
      };
    case "bins": {
      const bins = s.bins.map((b) => `${interval(b.min, b.max, b.minInclusive ?? true, b.maxInclusive ?? false)} → ${num(b.score)}`).join("; ");
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
 * Describes a rule effect in one line.
 * @param e - A rule effect.
 * @returns The description in Chinese and English.
 * @example
 * describeEffect({ type: "cap", grade: "C" }); //=> { en: "cap at C", zh: "最高C级" }
 */
export function describeEffect(e: EffectDef): BilingualName {
  switch (e.type) {
    case "set-grade":
      return { en: `set grade ${e.grade}`, zh: `直接判定为${e.grade}级` };
    case "cap":
      return { en: `cap at ${e.grade}`, zh: `最高${e.grade}级` };
    case "floor":
      return { en: `floor at ${e.grade}`, zh: `最低${e.grade}级` };
    case "adjust-points":
      return { en: `${signed(e.points)} points`, zh: `${signed(e.points)}分` };
    case "not-gradable":
      return { en: "not gradable", zh: "不予评价" };
  }
}

function describeOnMissing(m: IndicatorLeafDef["onMissing"]): BilingualName {
  if (m === undefined) return { en: "default (not gradable)", zh: "默认（不予评价）" };
  if (m === "worst") return { en: "worst score", zh: "按最低分" };
  if (m === "not-gradable") return { en: "not gradable", zh: "不予评价" };
  return { en: `impute ${JSON.stringify(m.impute)}`, zh: `按 ${JSON.stringify(m.impute)} 计` };
}

function describeFact(f: FactDef): BilingualName {
  if ("ratio" in f) {
    const z = f.whenZero === undefined ? "" : `, ${num(f.whenZero)} when ${f.ratio.denominator} is 0`;
    const zz = f.whenZero === undefined ? "" : `，分母为0时取${num(f.whenZero)}`;
    return { en: `${f.ratio.numerator} ÷ ${f.ratio.denominator}${z}`, zh: `${f.ratio.numerator} ÷ ${f.ratio.denominator}${zz}` };
  }
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

function describeSampling(s: SamplingPolicy | undefined): BilingualName {
  if (s === undefined) return { en: "none", zh: "无" };
  const pct = (x: number): string => `${Number((x * 100).toPrecision(10))}%`;
  const ratio = `${pct(s.ratio.min)}–${s.ratio.max === undefined ? "∞" : pct(s.ratio.max)}`;
  const per = `${num(s.perYear.min)}–${s.perYear.max === undefined ? "∞" : num(s.perYear.max)}`;
  const extra = s.extraItems?.length ? `; extra items ${s.extraItems.join(", ")}` : "";
  const zextra = s.extraItems?.length ? `；增加检查项目 ${s.extraItems.join("、")}` : "";
  return { en: `ratio ${ratio}, ${per} inspections a year${extra}`, zh: `抽查比例 ${ratio}，每年 ${per} 次${zextra}` };
}

/** Collects changes; the one place that builds a {@link RulesetChange}. */
class _Changes {
  readonly list: RulesetChange[] = [];
  add(
    kind: ChangeKind,
    area: DiffArea,
    id: string,
    aspect: string,
    path: readonly PathSegment[],
    before: unknown,
    after: unknown,
    summary: BilingualName,
  ): void {
    this.list.push({
      kind,
      area,
      id,
      aspect,
      path,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
      summary,
    });
  }
  /** A property of an object present on both sides: a `changed` entry when the values differ. */
  prop(area: DiffArea, id: string, noun: BilingualName, aspect: string, path: readonly PathSegment[], before: unknown, after: unknown): void {
    if (same(before, after)) return;
    this.add("changed", area, id, aspect, path, before, after, {
      en: `${noun.en}: ${aspect} ${show(before)} → ${show(after)}`,
      zh: `${noun.zh}：${zhAspect(aspect)} ${show(before, "zh")} → ${show(after, "zh")}`,
    });
  }
  /** Name, description and similar texts of an object present on both sides. */
  texts(textId: string, noun: BilingualName, path: readonly PathSegment[], a: Any, b: Any, keys: readonly string[]): void {
    for (const k of keys) this.prop("texts", textId, noun, k, [...path, k], a[k], b[k]);
  }
  /** Members of a set-valued property (order ignored): one entry per added or removed member. */
  set(area: DiffArea, id: string, noun: BilingualName, aspect: string, path: readonly PathSegment[], before: readonly unknown[], after: readonly unknown[]): void {
    const inA = new Map(before.map((v) => [canon(v), v]));
    const inB = new Map(after.map((v) => [canon(v), v]));
    for (const [k, v] of [...inB].sort(byKey)) {
      if (!inA.has(k)) this.add("added", area, id, aspect, path, undefined, v, { en: `${noun.en}: ${aspect} + ${show(v)}`, zh: `${noun.zh}：${zhAspect(aspect)}新增 ${show(v, "zh")}` });
    }
    for (const [k, v] of [...inA].sort(byKey)) {
      if (!inB.has(k)) this.add("removed", area, id, aspect, path, v, undefined, { en: `${noun.en}: ${aspect} − ${show(v)}`, zh: `${noun.zh}：${zhAspect(aspect)}删除 ${show(v, "zh")}` });
    }
  }
}

const byKey = (x: [string, unknown], y: [string, unknown]): number => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);

/** Items of an array keyed by a property, with their index. */
function keyed<T>(items: readonly T[] | undefined, key: (t: T) => string): Map<string, { item: T; index: number }> {
  const m = new Map<string, { item: T; index: number }>();
  (items ?? []).forEach((item, index) => {
    const k = key(item);
    if (!m.has(k)) m.set(k, { item, index });
  });
  return m;
}

/** Union of the keys of two maps, sorted. */
function unionKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}

const nameOf = (o: unknown): string => {
  const n = (o as { name?: { zh?: string; en?: string } } | undefined)?.name;
  return n?.en ?? "";
};

function unwrap(r: Ruleset | CompiledRuleset): Ruleset {
  return "evaluate" in r && typeof r.evaluate === "function" ? (r as CompiledRuleset).ruleset : (r as Ruleset);
}

/**
 * The semantic diff of two rulesets: every input, indicator, band, label, record type,
 * publicity period, fact, named condition, rule, measure, text and metadata field that was
 * added, removed or changed from `a` to `b`. Objects are matched by id, never by position, so
 * reordering an array gives no change. For indicators both the declared amount (weight or
 * points) and the derived maximum points are reported; a node whose declared amount is the
 * same but whose maximum points moved (a parent was reweighted) gets a `maxPoints` change.
 * A `weight` or `points` change carries `{ declared, maxPoints }` as `before` and `after`.
 * An input removed while a derived fact of the same id is added (records replacing counts)
 * says so in its summary.
 * @param a - The earlier ruleset (loaded, e.g. with `loadRuleset`, or compiled).
 * @param b - The later ruleset.
 * @returns The changes, by area (in {@link DIFF_AREAS} order), then by id; empty when the two
 *   are the same in substance.
 * @example
 * const changes = diffRulesets(v100, v110);
 * changes.find((c) => c.area === "rules" && c.id === "serious-dishonesty-list")?.summary.en;
 * //=> "rule serious-dishonesty-list added: set grade E"
 * diffRulesets(v100, v100); //=> []
 */
export function diffRulesets(a: Ruleset | CompiledRuleset, b: Ruleset | CompiledRuleset): RulesetChange[] {
  const ra = unwrap(a);
  const rb = unwrap(b);
  const d = new _Changes();
  diffMetadata(d, ra, rb);
  diffInputs(d, ra, rb);
  diffIndicators(d, ra, rb);
  diffBands(d, ra, rb);
  diffLabels(d, ra, rb);
  diffRecords(d, ra, rb);
  diffFacts(d, ra, rb);
  diffConditions(d, ra, rb);
  diffRules(d, ra, rb);
  diffMeasures(d, ra, rb);
  const rank = new Map<DiffArea, number>(DIFF_AREAS.map((x, i) => [x, i]));
  // Array.prototype.sort is stable: changes of one id keep the order they were found in.
  return d.list.sort((x, y) => rank.get(x.area)! - rank.get(y.area)! || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

function diffMetadata(d: _Changes, a: Ruleset, b: Ruleset): void {
  const ra = a as unknown as Any;
  const rb = b as unknown as Any;
  const meta = (key: string, before: unknown, after: unknown, path: readonly PathSegment[]): void => {
    if (same(before, after)) return;
    const kind: ChangeKind = before === undefined ? "added" : after === undefined ? "removed" : "changed";
    d.add(kind, "metadata", key, key, path, before, after, {
      en: `${key}: ${show(before)} → ${show(after)}`,
      zh: `${zhAspect(key)}：${show(before)} → ${show(after)}`,
    });
  };
  for (const key of ["formatVersion", "id", "scheme", "kind", "industry", "version"]) meta(key, ra[key], rb[key], [key]);
  meta("effective.from", a.effective.from, b.effective.from, ["effective", "from"]);
  meta("effective.to", a.effective.to, b.effective.to, ["effective", "to"]);
  for (const key of ["authority", "scale", "rounding", "weighting", "publicComposite", "strictInputs", "subjectId"]) meta(key, ra[key], rb[key], [key]);
  d.set("metadata", "legalBasis", { en: "legal basis", zh: "法律依据" }, "legalBasis", ["legalBasis"], a.legalBasis ?? [], b.legalBasis ?? []);
  d.texts("ruleset", { en: "ruleset", zh: "规则集" }, [], ra, rb, ["name"]);
}

function diffInputs(d: _Changes, a: Ruleset, b: Ruleset): void {
  const ma = keyed(a.inputs, (i) => i.id);
  const mb = keyed(b.inputs, (i) => i.id);
  // An input replaced by a derived fact of the same id keeps every indicator and rule reading it.
  const factsA = new Set((a.facts ?? []).map((f) => f.id));
  const factsB = new Set((b.facts ?? []).map((f) => f.id));
  for (const id of unionKeys(ma, mb)) {
    const x = ma.get(id);
    const y = mb.get(id);
    const noun = { en: `input ${id}`, zh: `输入项 ${id}` };
    if (!x) {
      const was = factsA.has(id) && !factsB.has(id) ? { en: `; was a derived fact`, zh: `；原为派生事实` } : { en: "", zh: "" };
      d.add("added", "inputs", id, "input", ["inputs", y!.index], undefined, y!.item, { en: `${noun.en} added (${y!.item.type}${was.en})`, zh: `新增${noun.zh}（${y!.item.type}${was.zh}）` });
      continue;
    }
    if (!y) {
      const now = factsB.has(id) && !factsA.has(id) ? { en: `; now a derived fact`, zh: `；改为派生事实` } : { en: "", zh: "" };
      d.add("removed", "inputs", id, "input", ["inputs", x.index], x.item, undefined, { en: `${noun.en} removed (${x.item.type}${now.en})`, zh: `删除${noun.zh}（${x.item.type}${now.zh}）` });
      continue;
    }
    const ia = x.item as unknown as Any;
    const ib = y.item as unknown as Any;
    const path: PathSegment[] = ["inputs", y.index];
    for (const k of ["type", "unit", "min", "max", "integer", "required", "role"]) d.prop("inputs", id, noun, k, [...path, k], ia[k], ib[k]);
    d.set("inputs", id, noun, "values", [...path, "values"], (ia["values"] as string[] | undefined) ?? [], (ib["values"] as string[] | undefined) ?? []);
    d.texts(`input:${id}`, noun, path, ia, ib, ["name", "description", "source"]);
  }
}

/** A scoring function without its display labels, for comparing what it computes. */
function stripLabels(s: ScoringDef): unknown {
  if (s.type === "bins") return { ...s, bins: s.bins.map(({ label: _l, ...rest }) => rest) };
  if (s.type === "deduction") return { ...s, items: s.items.map(({ label: _l, code: _c, ...rest }) => rest) };
  return s;
}

function diffIndicators(d: _Changes, a: Ruleset, b: Ruleset): void {
  const pa = new Map(placeNodes(a).map((p) => [p.node.id, p]));
  const pb = new Map(placeNodes(b).map((p) => [p.node.id, p]));
  const parentOf = (p: PlacedNode): string | null => p.ancestors[p.ancestors.length - 1] ?? null;
  const amountKey = (r: Ruleset): "weight" | "points" => (r.weighting === "points" ? "points" : "weight");
  const describeNode = (r: Ruleset, p: PlacedNode): BilingualName => {
    const parent = parentOf(p);
    const amount = nodeAmount(r, p.node);
    const what = isGroup(p.node) ? { en: "group", zh: "指标组" } : { en: "indicator", zh: "指标" };
    const amt =
      r.weighting === "points"
        ? { en: `${num(amount)} points`, zh: `${num(amount)}分` }
        : { en: `weight ${num(amount)}%, max ${num(round(p.maxPoints))} points`, zh: `权重${num(amount)}%，最高${num(round(p.maxPoints))}分` };
    return {
      en: `${what.en} ${p.node.id} (${nameOf(p.node)})${parent === null ? " at the top level" : ` under ${parent}`}: ${amt.en}`,
      zh: `${what.zh} ${p.node.id}（${p.node.name.zh}）${parent === null ? "（一级）" : `，上级 ${parent}`}：${amt.zh}`,
    };
  };
  const facts = (r: Ruleset, p: PlacedNode): Any => ({
    kind: isGroup(p.node) ? "group" : "indicator",
    parent: parentOf(p),
    [amountKey(r)]: nodeAmount(r, p.node),
    maxPoints: round(p.maxPoints),
    ...(isGroup(p.node) ? {} : { scoring: (p.node as IndicatorLeafDef).scoring }),
  });
  for (const id of unionKeys(pa, pb)) {
    const x = pa.get(id);
    const y = pb.get(id);
    if (!x) {
      const s = describeNode(b, y!);
      d.add("added", "indicators", id, isGroup(y!.node) ? "group" : "indicator", y!.path, undefined, facts(b, y!), { en: `${s.en} added`, zh: `新增${s.zh}` });
      continue;
    }
    if (!y) {
      const s = describeNode(a, x);
      d.add("removed", "indicators", id, isGroup(x.node) ? "group" : "indicator", x.path, facts(a, x), undefined, { en: `${s.en} removed`, zh: `删除${s.zh}` });
      continue;
    }
    const noun = { en: `indicator ${id}`, zh: `指标 ${id}` };
    const path = y.path;
    const ga = isGroup(x.node);
    const gb = isGroup(y.node);
    if (ga !== gb) {
      d.add("changed", "indicators", id, "kind", path, ga ? "group" : "indicator", gb ? "group" : "indicator", {
        en: `${noun.en}: ${ga ? "group → indicator" : "indicator → group"}`,
        zh: `${noun.zh}：${ga ? "指标组 → 指标" : "指标 → 指标组"}`,
      });
    }
    const parentA = parentOf(x);
    const parentB = parentOf(y);
    if (parentA !== parentB) {
      const top = { en: "the top level", zh: "一级" };
      d.add("changed", "indicators", id, "parent", path, parentA, parentB, {
        en: `${noun.en} moved from ${parentA ?? top.en} to ${parentB ?? top.en}`,
        zh: `${noun.zh}由 ${parentA ?? top.zh} 移至 ${parentB ?? top.zh}`,
      });
    }
    const declA = nodeAmount(a, x.node);
    const declB = nodeAmount(b, y.node);
    const maxA = round(x.maxPoints);
    const maxB = round(y.maxPoints);
    if (declA !== declB || a.weighting !== b.weighting) {
      const key = amountKey(b);
      const pointsOnly = a.weighting === "points" && b.weighting === "points";
      const unitA = a.weighting === "points" ? "" : "%";
      const unitB = b.weighting === "points" ? "" : "%";
      d.add("changed", "indicators", id, key, [...path, key], { declared: declA, maxPoints: maxA }, { declared: declB, maxPoints: maxB }, {
        en: pointsOnly
          ? `${noun.en}: points ${num(declA)} → ${num(declB)}`
          : `${noun.en}: ${key} ${num(declA)}${unitA} → ${num(declB)}${unitB} (max points ${num(maxA)} → ${num(maxB)})`,
        zh: pointsOnly
          ? `${noun.zh}：分值 ${num(declA)} → ${num(declB)}`
          : `${noun.zh}：${zhAspect(key)} ${num(declA)}${unitA} → ${num(declB)}${unitB}（最高分 ${num(maxA)} → ${num(maxB)}）`,
      });
    } else if (maxA !== maxB) {
      d.add("changed", "indicators", id, "maxPoints", path, maxA, maxB, {
        en: `${noun.en}: max points ${num(maxA)} → ${num(maxB)} (same declared ${amountKey(b)} ${num(declB)}; a parent or the scale changed)`,
        zh: `${noun.zh}：最高分 ${num(maxA)} → ${num(maxB)}（${zhAspect(amountKey(b))}未变，上级或总分变化）`,
      });
    }
    if (!ga && !gb) {
      const la = x.node as IndicatorLeafDef;
      const lb = y.node as IndicatorLeafDef;
      if (!same(stripLabels(la.scoring), stripLabels(lb.scoring))) {
        const sa = describeScoring(la.scoring);
        const sb = describeScoring(lb.scoring);
        d.add("changed", "indicators", id, "scoring", [...path, "scoring"], la.scoring, lb.scoring, {
          en: `${noun.en}: scoring ${sa.en} → ${sb.en}`,
          zh: `${noun.zh}：评分方法 ${sa.zh} → ${sb.zh}`,
        });
      } else if (!same(la.scoring, lb.scoring)) {
        d.add("changed", "texts", `indicator:${id}`, "scoring labels", [...path, "scoring"], la.scoring, lb.scoring, {
          en: `${noun.en}: scoring labels changed (scores unchanged)`,
          zh: `${noun.zh}：评分档位标签变化（分值未变）`,
        });
      }
      d.prop("indicators", id, noun, "outOf", [...path, "outOf"], la.outOf, lb.outOf);
      if (!same(la.onMissing, lb.onMissing)) {
        const ma = describeOnMissing(la.onMissing);
        const mb = describeOnMissing(lb.onMissing);
        d.add("changed", "indicators", id, "onMissing", [...path, "onMissing"], la.onMissing, lb.onMissing, {
          en: `${noun.en}: when missing ${ma.en} → ${mb.en}`,
          zh: `${noun.zh}：缺失处理 ${ma.zh} → ${mb.zh}`,
        });
      }
    }
    d.texts(`indicator:${id}`, noun, path, x.node as unknown as Any, y.node as unknown as Any, ["name", "description"]);
  }
}

function round(n: number): number {
  return Number(n.toPrecision(12));
}

function effectiveBands(r: Ruleset): Map<string, { band: Any; index: number }> {
  const m = new Map<string, { band: Any; index: number }>();
  r.bands.forEach((b, index) => {
    if (!m.has(b.grade)) {
      m.set(b.grade, {
        band: { min: b.min, max: b.max, minInclusive: b.minInclusive ?? true, maxInclusive: b.maxInclusive ?? index === 0 },
        index,
      });
    }
  });
  return m;
}

function showBand(b: Any): string {
  return interval(b["min"] as number, b["max"] as number, b["minInclusive"] as boolean, b["maxInclusive"] as boolean);
}

function diffBands(d: _Changes, a: Ruleset, b: Ruleset): void {
  const ma = effectiveBands(a);
  const mb = effectiveBands(b);
  for (const g of unionKeys(ma, mb)) {
    const x = ma.get(g);
    const y = mb.get(g);
    if (!x) d.add("added", "bands", g, "band", ["bands", y!.index], undefined, y!.band, { en: `band ${g} added: ${showBand(y!.band)}`, zh: `新增${g}级分数段：${showBand(y!.band)}` });
    else if (!y) d.add("removed", "bands", g, "band", ["bands", x.index], x.band, undefined, { en: `band ${g} removed: ${showBand(x.band)}`, zh: `删除${g}级分数段：${showBand(x.band)}` });
    else if (!same(x.band, y.band)) {
      d.add("changed", "bands", g, "bounds", ["bands", y.index], x.band, y.band, {
        en: `band ${g}: ${showBand(x.band)} → ${showBand(y.band)}`,
        zh: `${g}级分数段：${showBand(x.band)} → ${showBand(y.band)}`,
      });
    }
  }
}

function diffLabels(d: _Changes, a: Ruleset, b: Ruleset): void {
  const ma = keyed(a.labels, (l) => l.grade);
  const mb = keyed(b.labels, (l) => l.grade);
  for (const g of GRADES) {
    const x = ma.get(g);
    const y = mb.get(g);
    // An undeclared label is published as the grade letter itself.
    const la = x?.item.label ?? g;
    const lb = y?.item.label ?? g;
    const path: PathSegment[] = y ? ["labels", y.index] : x ? ["labels", x.index] : ["labels"];
    if (la !== lb) {
      d.add("changed", "labels", g, "label", [...path, "label"], la, lb, { en: `label of ${g}: ${la} → ${lb}`, zh: `${g}级标识：${la} → ${lb}` });
    }
    d.texts(`label:${g}`, { en: `label of ${g}`, zh: `${g}级标识` }, path, (x?.item ?? {}) as Any, (y?.item ?? {}) as Any, ["name"]);
  }
}

function effectivePublicity(r: Ruleset): Map<string, PublicityPeriod> {
  const m = new Map<string, PublicityPeriod>(NATIONAL_PUBLICITY_2025.map((p) => [p.severity, p]));
  for (const p of r.records?.publicity ?? []) m.set(p.severity, p);
  return m;
}

function diffRecords(d: _Changes, a: Ruleset, b: Ruleset): void {
  const ma = keyed(a.records?.types, (t) => t.id);
  const mb = keyed(b.records?.types, (t) => t.id);
  const describeType = (t: RecordTypeDef): string =>
    `${t.id} (${t.name.en}${t.fields?.length ? `; fields ${t.fields.map((f) => f.id).join(", ")}` : ""}; publicity ${show(t.publicity ?? "by-severity")})`;
  for (const id of unionKeys(ma, mb)) {
    const x = ma.get(id);
    const y = mb.get(id);
    const noun = { en: `record type ${id}`, zh: `记录类型 ${id}` };
    if (!x) {
      d.add("added", "records", id, "record type", ["records", "types", y!.index], undefined, y!.item, { en: `record type ${describeType(y!.item)} added`, zh: `新增记录类型 ${y!.item.id}（${y!.item.name.zh}）` });
      continue;
    }
    if (!y) {
      d.add("removed", "records", id, "record type", ["records", "types", x.index], x.item, undefined, { en: `record type ${describeType(x.item)} removed`, zh: `删除记录类型 ${x.item.id}（${x.item.name.zh}）` });
      continue;
    }
    const path: PathSegment[] = ["records", "types", y.index];
    d.prop("records", id, noun, "severity", [...path, "severity"], x.item.severity ?? "optional", y.item.severity ?? "optional");
    d.prop("records", id, noun, "publicity", [...path, "publicity"], x.item.publicity ?? "by-severity", y.item.publicity ?? "by-severity");
    d.texts(`record:${id}`, noun, path, x.item as unknown as Any, y.item as unknown as Any, ["name", "description"]);
    const fa = keyed(x.item.fields, (f) => f.id);
    const fb = keyed(y.item.fields, (f) => f.id);
    for (const fid of unionKeys(fa, fb)) {
      const key = `${id}.${fid}`;
      const p = fa.get(fid);
      const q = fb.get(fid);
      const fnoun = { en: `record field ${key}`, zh: `记录字段 ${key}` };
      if (!p) d.add("added", "records", key, "field", [...path, "fields", q!.index], undefined, q!.item, { en: `${fnoun.en} added (${q!.item.type})`, zh: `新增${fnoun.zh}（${q!.item.type}）` });
      else if (!q) d.add("removed", "records", key, "field", ["records", "types", x.index, "fields", p.index], p.item, undefined, { en: `${fnoun.en} removed (${p.item.type})`, zh: `删除${fnoun.zh}（${p.item.type}）` });
      else {
        const fpath: PathSegment[] = [...path, "fields", q.index];
        d.prop("records", key, fnoun, "type", [...fpath, "type"], p.item.type, q.item.type);
        d.prop("records", key, fnoun, "required", [...fpath, "required"], p.item.required ?? false, q.item.required ?? false);
        d.set("records", key, fnoun, "values", [...fpath, "values"], p.item.values ?? [], q.item.values ?? []);
        d.texts(`field:${key}`, fnoun, fpath, p.item as unknown as Any, q.item as unknown as Any, ["description"]);
      }
    }
  }
  // Publicity periods compare as they take effect: undeclared severities use the national periods.
  const pa = effectivePublicity(a);
  const pb = effectivePublicity(b);
  for (const sev of unionKeys(pa, pb)) {
    const x = pa.get(sev)!;
    const y = pb.get(sev)!;
    if (x.min !== y.min || x.max !== y.max) {
      const idx = b.records?.publicity?.findIndex((p) => p.severity === sev) ?? -1;
      d.add("changed", "records", sev, "publicity", idx >= 0 ? ["records", "publicity", idx] : ["records"], { min: x.min, max: x.max }, { min: y.min, max: y.max }, {
        en: `publicity period of ${sev} records: ${x.min}–${x.max} → ${y.min}–${y.max}`,
        zh: `${sev} 失信信息公示期：${x.min}–${x.max} → ${y.min}–${y.max}`,
      });
    }
  }
}

function diffFacts(d: _Changes, a: Ruleset, b: Ruleset): void {
  const ma = keyed(a.facts, (f) => f.id);
  const mb = keyed(b.facts, (f) => f.id);
  const core = (f: FactDef): unknown => {
    const { name: _n, description: _d, ...rest } = f;
    return rest;
  };
  for (const id of unionKeys(ma, mb)) {
    const x = ma.get(id);
    const y = mb.get(id);
    const noun = { en: `fact ${id}`, zh: `派生事实 ${id}` };
    if (!x) {
      const s = describeFact(y!.item);
      d.add("added", "facts", id, "fact", ["facts", y!.index], undefined, y!.item, { en: `${noun.en} added: ${s.en}`, zh: `新增${noun.zh}：${s.zh}` });
    } else if (!y) {
      const s = describeFact(x.item);
      d.add("removed", "facts", id, "fact", ["facts", x.index], x.item, undefined, { en: `${noun.en} removed: ${s.en}`, zh: `删除${noun.zh}：${s.zh}` });
    } else {
      const path: PathSegment[] = ["facts", y.index];
      if (!same(core(x.item), core(y.item))) {
        const sa = describeFact(x.item);
        const sb = describeFact(y.item);
        d.add("changed", "facts", id, "definition", path, x.item, y.item, { en: `${noun.en}: ${sa.en} → ${sb.en}`, zh: `${noun.zh}：${sa.zh} → ${sb.zh}` });
      }
      d.texts(`fact:${id}`, noun, path, x.item as unknown as Any, y.item as unknown as Any, ["name", "description"]);
    }
  }
}

function diffConditions(d: _Changes, a: Ruleset, b: Ruleset): void {
  const ma = keyed(a.conditions, (c) => c.id);
  const mb = keyed(b.conditions, (c) => c.id);
  for (const id of unionKeys(ma, mb)) {
    const x = ma.get(id);
    const y = mb.get(id);
    const noun = { en: `condition ${id}`, zh: `命名条件 ${id}` };
    if (!x) d.add("added", "conditions", id, "condition", ["conditions", y!.index], undefined, y!.item, { en: `${noun.en} added: ${show(y!.item.conditions)}`, zh: `新增${noun.zh}：${show(y!.item.conditions)}` });
    else if (!y) d.add("removed", "conditions", id, "condition", ["conditions", x.index], x.item, undefined, { en: `${noun.en} removed`, zh: `删除${noun.zh}` });
    else {
      const path: PathSegment[] = ["conditions", y.index];
      d.prop("conditions", id, noun, "conditions", [...path, "conditions"], x.item.conditions, y.item.conditions);
      d.texts(`condition:${id}`, noun, path, x.item as unknown as Any, y.item as unknown as Any, ["description"]);
    }
  }
}

function diffRules(d: _Changes, a: Ruleset, b: Ruleset): void {
  const ma = keyed(a.rules, (r) => r.id);
  const mb = keyed(b.rules, (r) => r.id);
  for (const id of unionKeys(ma, mb)) {
    const x = ma.get(id);
    const y = mb.get(id);
    const noun = { en: `rule ${id}`, zh: `规则 ${id}` };
    if (!x) {
      const e = describeEffect(y!.item.effect);
      d.add("added", "rules", id, "rule", ["rules", y!.index], undefined, y!.item, { en: `${noun.en} added: ${e.en}`, zh: `新增${noun.zh}：${e.zh}` });
      continue;
    }
    if (!y) {
      const e = describeEffect(x.item.effect);
      d.add("removed", "rules", id, "rule", ["rules", x.index], x.item, undefined, { en: `${noun.en} removed: ${e.en}`, zh: `删除${noun.zh}：${e.zh}` });
      continue;
    }
    const path: PathSegment[] = ["rules", y.index];
    d.prop("rules", id, noun, "conditions", [...path, "conditions"], x.item.conditions, y.item.conditions);
    if (!same(x.item.effect, y.item.effect)) {
      const ea = describeEffect(x.item.effect);
      const eb = describeEffect(y.item.effect);
      d.add("changed", "rules", id, "effect", [...path, "effect"], x.item.effect, y.item.effect, { en: `${noun.en}: effect ${ea.en} → ${eb.en}`, zh: `${noun.zh}：效果 ${ea.zh} → ${eb.zh}` });
    }
    if (!same(x.item.reason, y.item.reason)) {
      d.add("changed", "rules", id, "reason", [...path, "reason"], x.item.reason, y.item.reason, {
        en: `${noun.en}: reason "${x.item.reason.en}" → "${y.item.reason.en}"`,
        zh: `${noun.zh}：理由「${x.item.reason.zh}」→「${y.item.reason.zh}」`,
      });
    }
    d.prop("rules", id, noun, "legalBasis", [...path, "legalBasis"], x.item.legalBasis, y.item.legalBasis);
    d.texts(`rule:${id}`, noun, path, x.item as unknown as Any, y.item as unknown as Any, ["name"]);
  }
}

function diffMeasures(d: _Changes, a: Ruleset, b: Ruleset): void {
  // Without a measures section a ruleset takes the plan's mapping and sampling; compare those.
  const byGrade = (r: Ruleset): Map<string, { ids: readonly string[]; index: number | undefined }> => {
    const m = new Map<string, { ids: readonly string[]; index: number | undefined }>();
    if (r.measures) r.measures.byGrade.forEach((g, index) => m.set(g.grade, { ids: g.measures, index }));
    else for (const g of GRADES) m.set(g, { ids: DEFAULT_GRADE_MEASURES[g], index: undefined });
    return m;
  };
  const ga = byGrade(a);
  const gb = byGrade(b);
  for (const g of GRADES) {
    const x = ga.get(g);
    const y = gb.get(g);
    const at = y?.index ?? x?.index;
    const path: PathSegment[] = at === undefined ? ["measures"] : ["measures", "byGrade", at, "measures"];
    d.set("measures", g, { en: `measures of ${g}`, zh: `${g}级措施` }, "byGrade", path, x?.ids ?? [], y?.ids ?? []);
  }
  const sampling = (r: Ruleset): Map<string, { s: SamplingPolicy; index: number | undefined }> =>
    new Map((r.measures?.sampling ?? DEFAULT_SAMPLING).map((s, i) => [s.grade, { s, index: r.measures?.sampling ? i : undefined }]));
  const sa = sampling(a);
  const sb = sampling(b);
  for (const g of GRADES) {
    const x = sa.get(g);
    const y = sb.get(g);
    if (same(x?.s, y?.s)) continue;
    const at = y?.index ?? x?.index;
    const path: PathSegment[] = at === undefined ? ["measures"] : ["measures", "sampling", at];
    const kind: ChangeKind = x === undefined ? "added" : y === undefined ? "removed" : "changed";
    const da = describeSampling(x?.s);
    const db = describeSampling(y?.s);
    d.add(kind, "measures", g, "sampling", path, x?.s, y?.s, { en: `sampling of ${g}: ${da.en} → ${db.en}`, zh: `${g}级抽查：${da.zh} → ${db.zh}` });
  }
  const ma = keyed(a.measures?.define, (m) => m.id);
  const mb = keyed(b.measures?.define, (m) => m.id);
  for (const id of unionKeys(ma, mb)) {
    const x = ma.get(id);
    const y = mb.get(id);
    const noun = { en: `measure ${id}`, zh: `措施 ${id}` };
    if (!x) d.add("added", "measures", id, "measure", ["measures", "define", y!.index], undefined, y!.item, { en: `${noun.en} defined (${y!.item.kind})`, zh: `新定义${noun.zh}（${y!.item.kind}）` });
    else if (!y) d.add("removed", "measures", id, "measure", ["measures", "define", x.index], x.item, undefined, { en: `${noun.en} no longer defined`, zh: `删除${noun.zh}定义` });
    else {
      const path: PathSegment[] = ["measures", "define", y.index];
      const p = x.item as MeasureDef;
      const q = y.item as MeasureDef;
      d.prop("measures", id, noun, "kind", [...path, "kind"], p.kind, q.kind);
      for (const k of ["legalBasis", "fields", "grants", "bars"] as const) d.set("measures", id, noun, k, [...path, k], p[k] ?? [], q[k] ?? []);
      d.texts(`measure:${id}`, noun, path, p as unknown as Any, q as unknown as Any, ["name", "description"]);
    }
  }
}

/** Options of {@link formatDiff}. */
export interface FormatDiffOptions {
  /** `zh` or `en` (default). */
  readonly locale?: "zh" | "en";
  /** Whether to show each change's JSON path; default true. */
  readonly paths?: boolean;
}

const AREA_TITLES: Readonly<Record<DiffArea, BilingualName>> = {
  metadata: { zh: "基本信息", en: "Metadata" },
  inputs: { zh: "输入项", en: "Inputs" },
  indicators: { zh: "指标", en: "Indicators" },
  bands: { zh: "等级分数段", en: "Bands" },
  labels: { zh: "等级标识", en: "Labels" },
  records: { zh: "信用记录类型与公示期", en: "Records and publicity periods" },
  facts: { zh: "派生事实", en: "Facts" },
  conditions: { zh: "命名条件", en: "Named conditions" },
  rules: { zh: "规则", en: "Rules" },
  measures: { zh: "措施与抽查", en: "Measures and sampling" },
  texts: { zh: "文字", en: "Texts" },
};

/**
 * Renders a diff as a readable Markdown list, one section per area, one line per change:
 * `+` added, `−` removed, `~` changed, then the summary and (by default) the JSON path.
 * @param changes - Changes from {@link diffRulesets}.
 * @param options - Locale and whether to show paths.
 * @returns The text, ending with a newline.
 * @example
 * formatDiff(diffRulesets(v100, v110), { locale: "en" }).split("\n")[0];
 * //=> "## Metadata (6)"
 * formatDiff([]); //=> "No changes.\n"
 */
export function formatDiff(changes: readonly RulesetChange[], options: FormatDiffOptions = {}): string {
  const locale = options.locale ?? "en";
  if (changes.length === 0) return locale === "zh" ? "无变化。\n" : "No changes.\n";
  const sign: Readonly<Record<ChangeKind, string>> = { added: "+", removed: "−", changed: "~" };
  const out: string[] = [];
  for (const area of DIFF_AREAS) {
    const inArea = changes.filter((c) => c.area === area);
    if (inArea.length === 0) continue;
    if (out.length > 0) out.push("");
    out.push(`## ${AREA_TITLES[area][locale]} (${inArea.length})`, "");
    for (const c of inArea) {
      const path = options.paths === false ? "" : ` (${formatPath(c.path)})`;
      out.push(`- ${sign[c.kind]} ${c.summary[locale]}${path}`);
    }
  }
  return `${out.join("\n")}\n`;
}
