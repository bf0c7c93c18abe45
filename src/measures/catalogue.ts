/**
 * The shipped measure catalogue: the incentives and restrictions of the Heilongjiang
 * measures (2021) and the Hegang plan 三(三), and the conveniences they grant or bar.
 * @module
 */
import type { Grade } from "../base/grade.js";
import type { AppliedMeasure, MeasureDef, SamplingPolicy } from "../format/measure.js";

const HLJ = "《黑龙江省进一步深化市场主体信用分级分类监管若干措施》(2021)";
const HEGANG = "鹤信用发〔2022〕2号";

/** Freezes the shipped data all the way down: evaluations share these objects, so a caller must not be able to change them. */
function _deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) _deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * A convenience or eligibility that measures grant or bar, and whether a subject has it when none does.
 * @category Measures
 */
export interface Capability {
  /** Its id. */
  readonly id: string;
  /** Its name. */
  readonly name: { readonly zh: string; readonly en: string };
  /** `allowed`: every subject has it unless a measure bars it; `granted-only`: only subjects whose measures grant it. */
  readonly default: "allowed" | "granted-only";
}

/**
 * The conveniences and eligibilities application queries ask about (R12).
 * @category Measures
 */
export const CAPABILITIES: readonly Capability[] = _deepFreeze([
  { id: "gaozhi-chengnuo", name: { zh: "告知承诺", en: "notification-and-commitment approval" }, default: "allowed" },
  { id: "rongque-acceptance", name: { zh: "容缺受理", en: "acceptance with documents to follow" }, default: "allowed" },
  { id: "green-channel", name: { zh: "绿色通道", en: "green channel" }, default: "granted-only" },
  { id: "simplified-procedure", name: { zh: "简化程序", en: "simplified procedure" }, default: "granted-only" },
  { id: "xinyidai", name: { zh: "税信贷、信易贷优惠", en: "tax-credit and credit-easy loan preferences" }, default: "granted-only" },
  { id: "xinyijia", name: { zh: "信易+激励", en: "credit-easy-plus incentives" }, default: "granted-only" },
  { id: "government-procurement", name: { zh: "参与政府采购", en: "taking part in government procurement" }, default: "allowed" },
  { id: "government-investment-bidding", name: { zh: "参与政府投资项目招投标", en: "bidding for government-invested projects" }, default: "allowed" },
  { id: "fiscal-funds", name: { zh: "申请财政资金", en: "applying for fiscal funds" }, default: "allowed" },
]);

/**
 * The capabilities that measures grant or bar and a list does not define: those of the shipped
 * {@link CAPABILITIES} as defined there, a ruleset's own named by their id, with the default a
 * regulator would assume: `granted-only` when some of the measures grants it (a grant means not
 * every subject has it), `allowed` when they only bar it (it can only be taken away). This is
 * how `combineStance` and `queryCapability` know the capabilities of the rulesets they combine
 * without the host declaring them; a host that declares one (`options.capabilities`) decides
 * its name and default.
 * @param measures - Measures, e.g. every measure a ruleset maps to any grade.
 * @param known - The capabilities already defined (default {@link CAPABILITIES}).
 * @returns The others, frozen, in order of first appearance.
 * @example
 * capabilitiesOf([{ grants: [], bars: ["liquor-licence"] }]);
 * //=> [{ id: "liquor-licence", name: { zh: "liquor-licence", en: "liquor-licence" }, default: "allowed" }]
 * @category Measures
 */
export function capabilitiesOf(measures: Iterable<Pick<AppliedMeasure, "grants" | "bars">>, known: readonly Capability[] = CAPABILITIES): readonly Capability[] {
  const defined = new Set(known.map((c) => c.id));
  const granted = new Map<string, boolean>();
  for (const m of measures) {
    for (const id of m.bars) if (!defined.has(id) && !granted.has(id)) granted.set(id, false);
    for (const id of m.grants) if (!defined.has(id)) granted.set(id, true);
  }
  return _deepFreeze(
    [...granted].map(([id, grants]): Capability => CAPABILITIES.find((c) => c.id === id) ?? { id, name: { zh: id, en: id }, default: grants ? "granted-only" : "allowed" }),
  );
}

/**
 * The measures of the plan, by id.
 * @category Measures
 */
export const MEASURE_CATALOGUE: readonly MeasureDef[] = _deepFreeze([
  {
    id: "green-channel", kind: "incentive", name: { zh: "绿色通道", en: "green channel" },
    legalBasis: [HLJ, `${HEGANG} 三(三)1`], fields: ["administrative-approval"], grants: ["green-channel"],
  },
  {
    id: "rongque-acceptance", kind: "incentive", name: { zh: "容缺受理", en: "acceptance with documents to follow" },
    legalBasis: [HLJ, `${HEGANG} 三(三)1`], fields: ["administrative-approval"], grants: ["rongque-acceptance"],
  },
  {
    id: "gaozhi-chengnuo", kind: "incentive", name: { zh: "告知承诺", en: "notification-and-commitment approval" },
    legalBasis: [HLJ, `${HEGANG} 三(三)1`], fields: ["administrative-approval"], grants: ["gaozhi-chengnuo"],
  },
  {
    id: "simplified-procedure", kind: "incentive", name: { zh: "简化程序", en: "simplified procedure" },
    legalBasis: [HLJ, `${HEGANG} 三(三)1`], fields: ["administrative-approval", "public-services"], grants: ["simplified-procedure"],
  },
  {
    id: "reduced-inspection", kind: "incentive", name: { zh: "优化检查方式或减少检查频次", en: "lighter or fewer inspections" },
    legalBasis: [HLJ, `${HEGANG} 三(三)1`], fields: ["daily-supervision"],
  },
  {
    id: "xinyidai-preference", kind: "incentive", name: { zh: "税信贷、信易贷优化和便利", en: "preferential tax-credit and credit-easy loans" },
    legalBasis: [HLJ, `${HEGANG} 三(三)1`], fields: ["finance"], grants: ["xinyidai"],
  },
  {
    id: "xinyijia-representative", kind: "incentive", name: { zh: "法定代表人纳入信易+激励", en: "credit-easy-plus incentives for the legal representative" },
    legalBasis: [HLJ, `${HEGANG} 三(三)1`], fields: ["public-services"], grants: ["xinyijia"],
  },
  {
    id: "normal-sampling", kind: "supervision", name: { zh: "按常规比例和频次抽查", en: "sampling at the normal ratio and frequency" },
    legalBasis: [HLJ, `${HEGANG} 三(三)2`], fields: ["daily-supervision"],
  },
  {
    id: "warning-reminder", kind: "supervision", name: { zh: "警示提醒，督促修复信用", en: "warnings and reminders to repair credit" },
    legalBasis: [HLJ, `${HEGANG} 三(三)2`], fields: ["daily-supervision"],
  },
  {
    id: "key-attention", kind: "supervision", name: { zh: "列为重点关注对象", en: "key-attention object" },
    legalBasis: [HLJ, `${HEGANG} 三(三)2`], fields: ["daily-supervision"],
  },
  {
    id: "raised-sampling", kind: "supervision", name: { zh: "提高抽查比例和频次", en: "raised sampling ratio and frequency" },
    legalBasis: [HLJ, `${HEGANG} 三(三)2`], fields: ["daily-supervision"],
  },
  {
    id: "key-supervision", kind: "supervision", name: { zh: "列为重点监管对象", en: "key-supervision object" },
    legalBasis: [`${HEGANG} 三(三)2`], fields: ["daily-supervision"],
  },
  {
    id: "uncapped-sampling", kind: "supervision", name: { zh: "抽查比例不设上限", en: "no upper limit on the sampling ratio" },
    legalBasis: [`${HEGANG} 三(三)2`], fields: ["daily-supervision"],
  },
  {
    id: "more-inspection-items", kind: "supervision", name: { zh: "增加检查项目", en: "more inspection items" },
    legalBasis: [`${HEGANG} 三(三)2`], fields: ["daily-supervision"],
  },
  {
    id: "campaign-priority", kind: "supervision", name: { zh: "列为专项整治重点对象", en: "priority target of special campaigns" },
    legalBasis: [`${HEGANG} 三(三)2`], fields: ["daily-supervision"],
  },
  {
    id: "no-gaozhi-chengnuo", kind: "restriction", name: { zh: "不适用告知承诺等便利措施", en: "no notification-and-commitment or similar conveniences" },
    legalBasis: [`${HEGANG} 三(三)2`], fields: ["administrative-approval"],
    bars: ["gaozhi-chengnuo", "rongque-acceptance", "green-channel", "simplified-procedure"],
  },
  {
    id: "restrict-procurement", kind: "restriction", name: { zh: "限制参与政府采购", en: "restricted from government procurement" },
    legalBasis: [`${HEGANG} 三(三)2`], fields: ["government-procurement"], bars: ["government-procurement"],
  },
  {
    id: "restrict-bidding", kind: "restriction", name: { zh: "限制参与政府投资项目招投标", en: "restricted from bidding for government-invested projects" },
    legalBasis: [`${HEGANG} 三(三)2`], fields: ["public-resource-trading"], bars: ["government-investment-bidding"],
  },
  {
    id: "restrict-fiscal-funds", kind: "restriction", name: { zh: "限制申请财政资金", en: "restricted from fiscal funds" },
    legalBasis: [`${HEGANG} 三(三)2`], fields: ["fiscal-funds"], bars: ["fiscal-funds"],
  },
] satisfies MeasureDef[]);

/**
 * The plan's measures for each grade (R9, R10): the default when a ruleset maps none.
 * @category Measures
 */
export const DEFAULT_GRADE_MEASURES: Readonly<Record<Grade, readonly string[]>> = _deepFreeze({
  A: ["green-channel", "rongque-acceptance", "gaozhi-chengnuo", "simplified-procedure", "reduced-inspection", "xinyidai-preference", "xinyijia-representative"],
  B: ["green-channel", "rongque-acceptance", "gaozhi-chengnuo", "simplified-procedure", "reduced-inspection", "xinyidai-preference", "xinyijia-representative"],
  C: ["normal-sampling", "warning-reminder"],
  D: ["key-attention", "raised-sampling"],
  E: ["key-supervision", "uncapped-sampling", "more-inspection-items", "campaign-priority", "no-gaozhi-chengnuo", "restrict-procurement", "restrict-bidding", "restrict-fiscal-funds"],
});

/**
 * Default sampling per grade. The plan fixes only the direction (fewer for A and B, normal
 * for C, raised for D, no upper limit for E); the numbers are the author's choice. A keeps
 * the "at most 5 %" of the Daqing (林甸县) 2024 table for its lowest-risk class; each worse
 * grade is sampled more, and E starts at 60 % with no upper limit.
 * @category Measures
 */
export const DEFAULT_SAMPLING: readonly SamplingPolicy[] = _deepFreeze([
  { grade: "A", ratio: { min: 0, max: 0.05 }, perYear: { min: 0, max: 1 } },
  { grade: "B", ratio: { min: 0.05, max: 0.1 }, perYear: { min: 1, max: 1 } },
  { grade: "C", ratio: { min: 0.1, max: 0.2 }, perYear: { min: 1, max: 1 } },
  { grade: "D", ratio: { min: 0.2, max: 0.6 }, perYear: { min: 1, max: 2 } },
  { grade: "E", ratio: { min: 0.6 }, perYear: { min: 2 }, extraItems: ["信用承诺履行情况", "失信行为整改情况"] },
] satisfies SamplingPolicy[]);
