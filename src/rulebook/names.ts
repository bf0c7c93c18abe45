/**
 * The locale text tables of a rule book (规则书) (internal): the words, in Chinese and English,
 * for the ruleset's identifiers — kinds, roundings, input and field types, roles, built-in facts,
 * standard record fields, severities, units, aggregates, operators, indicator levels, effects,
 * measure kinds and fields.
 * @module
 */
import type { BilingualName } from "../base/grade.js";
import type { EffectDef } from "../format/rule.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import type { InputDef } from "../format/input.js";

type Bi = BilingualName;

export const KIND_NAMES: Record<Ruleset["kind"], Bi> = {
  "public-composite": { zh: "公共信用综合评价", en: "public credit composite evaluation" },
  industry: { zh: "行业信用评价", en: "industry credit evaluation" },
  market: { zh: "市场信用评价", en: "market credit evaluation" },
  other: { zh: "其他信用评价", en: "other credit evaluation" },
};

export const ROUNDING_NAMES: Record<Ruleset["rounding"]["mode"], Bi> = {
  "half-up": { zh: "四舍五入", en: "half-up" },
  "half-even": { zh: "四舍六入五成双", en: "half-even" },
  down: { zh: "舍去", en: "rounded down" },
  up: { zh: "进位", en: "rounded up" },
};

export const INPUT_TYPE_NAMES: Record<InputDef["type"], Bi> = {
  number: { zh: "数值", en: "number" },
  boolean: { zh: "是/否", en: "yes/no" },
  category: { zh: "分类", en: "category" },
  score: { zh: "评价得分", en: "score" },
};

export const ROLE_NAMES: Record<"public-composite" | "market" | "other-evaluation", Bi> = {
  "public-composite": { zh: "公共信用综合评价结果", en: "public composite evaluation result" },
  market: { zh: "市场信用评价结果", en: "market credit evaluation result" },
  "other-evaluation": { zh: "其他评价结果", en: "result of another evaluation" },
};

export const BUILTIN_NAMES: Record<string, Bi> = {
  score: { zh: "总分", en: "total score" },
  scoreGrade: { zh: "分数等级", en: "score grade" },
  asOf: { zh: "评价基准日", en: "as-of date" },
  subjectId: { zh: "主体标识", en: "subject id" },
};

export const STANDARD_FIELD_NAMES: Record<string, Bi> = {
  id: { zh: "记录编号", en: "record id" },
  type: { zh: "记录类型", en: "record type" },
  date: { zh: "日期", en: "date" },
  severity: { zh: "失信程度", en: "severity" },
  repairedAt: { zh: "修复日期", en: "repair date" },
  revokedAt: { zh: "撤销日期", en: "revocation date" },
  publicUntil: { zh: "公示截止日", en: "last day of publicity" },
};

export const SEVERITY_NAMES: Record<string, Bi> = {
  minor: { zh: "轻微", en: "minor" },
  general: { zh: "一般", en: "general" },
  serious: { zh: "严重", en: "serious" },
};

// Units as rulesets write them, in English, for the English rule book.
export const UNIT_NAMES_EN: Record<string, string> = {
  年: "years", 月: "months", 日: "days", 次: "times", 件: "cases", 项: "items", 个: "units", 人次: "person-times",
  元: "yuan", 万元: "10,000 yuan", 分: "points", 人: "persons",
};

export const FIELD_TYPE_NAMES: Record<"number" | "boolean" | "category" | "date" | "string", Bi> = {
  number: { zh: "数值", en: "number" },
  boolean: { zh: "是/否", en: "yes/no" },
  category: { zh: "分类", en: "category" },
  date: { zh: "日期", en: "date" },
  string: { zh: "文本", en: "text" },
};

export const AGGREGATE_NAMES: Record<"count" | "sum" | "max" | "min" | "exists" | "latest" | "earliest", Bi> = {
  count: { zh: "记录条数", en: "number of records" },
  sum: { zh: "合计", en: "sum" },
  max: { zh: "最大值", en: "largest" },
  min: { zh: "最小值", en: "smallest" },
  exists: { zh: "记录是否存在", en: "whether any exists" },
  latest: { zh: "最近一条", en: "latest" },
  earliest: { zh: "最早一条", en: "earliest" },
};

export const OPERATOR_NAMES: Record<string, Bi> = {
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

export const LEVEL_NAMES_ZH = ["一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "六级指标", "七级指标"];

export const EFFECT_KIND_NAMES: Record<EffectDef["type"], Bi> = {
  "set-grade": { zh: "直接判级", en: "direct judgment" },
  cap: { zh: "等级上限", en: "cap" },
  floor: { zh: "等级下限", en: "floor" },
  "adjust-points": { zh: "调整分值", en: "points adjustment" },
  "not-gradable": { zh: "不予评价", en: "not gradable" },
  none: { zh: "不影响等级", en: "no effect on the grade" },
};

export const MEASURE_KIND_NAMES: Record<string, Bi | undefined> = {
  incentive: { zh: "激励", en: "incentive" },
  restriction: { zh: "约束", en: "restriction" },
  supervision: { zh: "监管", en: "supervision" },
};

export const MEASURE_FIELD_NAMES: Record<string, Bi | undefined> = {
  "administrative-approval": { zh: "行政审批", en: "administrative approval" },
  "daily-supervision": { zh: "日常监管", en: "daily supervision" },
  "public-resource-trading": { zh: "公共资源交易", en: "public resource trading" },
  "government-procurement": { zh: "政府采购", en: "government procurement" },
  "fiscal-funds": { zh: "财政资金", en: "fiscal funds" },
  finance: { zh: "金融", en: "finance" },
  "public-services": { zh: "公共服务", en: "public services" },
};
