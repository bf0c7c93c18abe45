/**
 * Building the changes of a ruleset diff (internal): the collector that is the one place a
 * {@link RulesetChange} is made, with the summary conventions for a changed property, a
 * changed text and the members of a set, and the helpers the comparers share to match
 * objects by id and compare values in substance.
 * @module
 */
import { type PathSegment } from "../base/diagnostic.js";
import type { ChangeKind, DiffArea, RulesetChange } from "./diff-types.js";
import { show } from "./diff-describe.js";
import type { BilingualName } from "../base/grade.js";
import { canonicalJson } from "../base/hash.js";

/**
 * A JSON object read by key.
 * @category Versions
 */
export type Any = Record<string, unknown>;

/** Canonical JSON of a value, `∅` for `undefined`: how values are compared. */
const canon = (v: unknown): string => (v === undefined ? "∅" : canonicalJson(v));
/**
 * Whether two values are the same in substance (canonical JSON, key order ignored).
 * @category Versions
 */
export const same = (x: unknown, y: unknown): boolean => canon(x) === canon(y);

/** The Chinese names of the aspects a change can concern. */
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
  measures: "增加的措施",
  outputs: "输出",
  history: "历史",
  publication: "公开",
};

/**
 * An aspect's Chinese name, else the aspect as it is.
 * @category Versions
 */
export const zhAspect = (aspect: string): string => ZH_ASPECT[aspect] ?? aspect;

/**
 * `added` when only the later side has a value, `removed` when only the earlier, else `changed`.
 * @category Versions
 */
export function kindOf(before: unknown, after: unknown): ChangeKind {
  return before === undefined ? "added" : after === undefined ? "removed" : "changed";
}

/**
 * Collects changes; the one place that builds a {@link RulesetChange}.
 * @category Versions
 */
export class _Changes {
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

/**
 * Items of an array keyed by a property, with their index.
 * @category Versions
 */
export function keyed<T>(items: readonly T[] | undefined, key: (t: T) => string): Map<string, { item: T; index: number }> {
  const m = new Map<string, { item: T; index: number }>();
  (items ?? []).forEach((item, index) => {
    const k = key(item);
    if (!m.has(k)) m.set(k, { item, index });
  });
  return m;
}

/**
 * The items of two arrays matched by key: `[key, in a, in b]` for every key in either, sorted
 * by key; an item is absent on the side that lacks it.
 * @category Versions
 */
export function matched<T>(
  a: readonly T[] | undefined,
  b: readonly T[] | undefined,
  key: (t: T) => string,
): [string, { item: T; index: number } | undefined, { item: T; index: number } | undefined][] {
  const ma = keyed(a, key);
  const mb = keyed(b, key);
  return unionKeys(ma, mb).map((k) => [k, ma.get(k), mb.get(k)]);
}

/**
 * Union of the keys of two maps, sorted.
 * @category Versions
 */
export function unionKeys(a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}

/**
 * The English name of a named object, else "".
 * @category Versions
 */
export const nameOf = (o: unknown): string => {
  const n = (o as { name?: { zh?: string; en?: string } } | undefined)?.name;
  return n?.en ?? "";
};
