/**
 * The "scorecard" benchmark ruleset: a scorecard with no records and no derived facts, so that
 * the bench measures scoring and rules alone. 20 indicators in 5 groups, weights mode (siblings
 * in percent of their parent, 0–100), every scoring type — linear higher-better and
 * lower-better, bins, boolean, lookup (one on its own scale `outOf: 10`), deduction with capped
 * items (one with a fixed base and a floor, one whose base an input chooses, as the tax
 * scheme's 100 or 90 「非经常性指标缺失的，从90分起评」), passthrough of a 0–1000 score input —
 * onMissing of every kind, and 13 override rules of every effect type: set-grade, cap, floor,
 * adjust-points, not-gradable; `equal`, `in`, `notIn`, numeric comparisons, one comparison of
 * two facts, `any` / `all` / `not`, a named condition, and two rules reading `score` /
 * `scoreGrade`. Not shipped; used by `npm run bench` only.
 * @module
 */
import { cmp, eq, n, rule } from "../ruleset-parts.js";

/** The as-of date the scorecard workload evaluates on. */
export const SCORECARD_AS_OF = "2025-12-31";

/** The ruleset document (validated by `compileRuleset`; `validateRuleset` reports no diagnostics). */
export const scorecardRuleset = {
  formatVersion: 1,
  id: "bench-scorecard",
  scheme: "bench-scorecard",
  kind: "other",
  industry: "基准测试",
  name: n("基准测试行业信用评分卡", "benchmark industry credit scorecard"),
  version: "1.0.0",
  effective: { from: "2025-01-01" },
  scale: { min: 0, max: 100 },
  rounding: { scale: 2, mode: "half-up" },
  weighting: "weights",
  // Not an industry evaluation (kind "other"): the Hegang weight rule does not bind it.
  publicComposite: { indicator: "publicComposite", check: false },
  inputs: [
    { id: "registeredYears", type: "number", min: 0, integer: true },
    { id: "annualReportFiled", type: "boolean" },
    { id: "abnormalOperationList", type: "boolean" },
    { id: "reportTimeliness", type: "number", min: 0, max: 100, unit: "%" },
    { id: "capitalTier", type: "category", values: ["small", "medium", "large", "xlarge"] },
    { id: "taxCreditLevel", type: "category", values: ["A", "B", "M", "C", "D"] },
    { id: "taxArrears", type: "number", min: 0, unit: "万元" },
    { id: "socialInsuranceArrearsMonths", type: "number", min: 0, integer: true },
    { id: "loanOverdueDays", type: "number", min: 0, integer: true },
    { id: "nonRecurringDataComplete", type: "boolean" },
    { id: "penaltiesMinor", type: "number", min: 0, integer: true },
    { id: "penaltiesGeneral", type: "number", min: 0, integer: true },
    { id: "penaltiesSerious", type: "number", min: 0, integer: true },
    { id: "enforcementCases", type: "number", min: 0, integer: true },
    { id: "civilCasesLost", type: "number", min: 0, integer: true },
    { id: "verifiedComplaints", type: "number", min: 0, integer: true },
    { id: "qualityPassRate", type: "number", min: 0, max: 100, unit: "%" },
    { id: "safetyIncidents", type: "number", min: 0, integer: true },
    { id: "publicCompositeScore", type: "score", min: 0, max: 1000, role: "public-composite" },
    { id: "industryRating", type: "category", values: ["AAA", "AA", "A", "B", "C"] },
    { id: "environmentRating", type: "category", values: ["绿", "蓝", "黄", "红", "黑"] },
    { id: "charityOrVolunteer", type: "boolean" },
    { id: "honours", type: "number", min: 0, integer: true },
    { id: "innovationStatus", type: "category", values: ["高新技术企业", "专精特新", "科技型中小企业", "无"] },
    { id: "seriousDishonestyList", type: "boolean" },
    { id: "declaredEmployees", type: "number", min: 0, integer: true },
    { id: "insuredEmployees", type: "number", min: 0, integer: true },
  ],
  indicators: [
    {
      id: "basic",
      name: n("基本情况", "basic information"),
      weight: 15,
      children: [
        { id: "operatingYears", name: n("经营年限", "years in operation"), weight: 30, scoring: { type: "linear", input: "registeredYears", min: 0, max: 10, direction: "higher-better" }, onMissing: "not-gradable" },
        { id: "annualReport", name: n("年度报告公示", "annual report"), weight: 20, scoring: { type: "boolean", input: "annualReportFiled", whenTrue: 100, whenFalse: 0 }, onMissing: "worst" },
        { id: "abnormalOperation", name: n("经营异常名录", "abnormal-operation list"), weight: 20, scoring: { type: "boolean", input: "abnormalOperationList", whenTrue: 0, whenFalse: 100 }, onMissing: { impute: false } },
        { id: "timeliness", name: n("数据报送及时率", "reporting timeliness"), weight: 15, scoring: { type: "linear", input: "reportTimeliness", min: 50, max: 100, direction: "higher-better" }, onMissing: "worst" },
        {
          id: "capital",
          name: n("注册资本", "registered capital"),
          weight: 15,
          scoring: { type: "lookup", input: "capitalTier", table: [{ value: "small", score: 40 }, { value: "medium", score: 60 }, { value: "large", score: 80 }, { value: "xlarge", score: 100 }] },
          onMissing: { impute: "small" },
        },
      ],
    },
    {
      id: "financeTax",
      name: n("金融财税", "finance and tax"),
      weight: 25,
      children: [
        {
          id: "taxCredit",
          name: n("纳税信用等级", "tax credit level"),
          weight: 35,
          scoring: { type: "lookup", input: "taxCreditLevel", table: [{ value: "A", score: 100 }, { value: "B", score: 85 }, { value: "M", score: 70 }, { value: "C", score: 40 }, { value: "D", score: 0 }] },
          onMissing: { impute: "M" },
        },
        {
          id: "taxArrearsInd",
          name: n("欠税情况", "tax arrears"),
          weight: 20,
          scoring: {
            type: "bins",
            input: "taxArrears",
            bins: [
              { max: 0, maxInclusive: true, score: 100 },
              { min: 0, minInclusive: false, max: 10, score: 60 },
              { min: 10, max: 100, score: 20 },
              { min: 100, score: 0 },
            ],
          },
          onMissing: { impute: 0 },
        },
        { id: "socialInsurance", name: n("社会保险费缴纳", "social insurance"), weight: 20, scoring: { type: "linear", input: "socialInsuranceArrearsMonths", min: 0, max: 12, direction: "lower-better" }, onMissing: { impute: 0 } },
        {
          id: "loanOverdue",
          name: n("信贷逾期", "overdue loans"),
          weight: 25,
          scoring: { type: "bins", input: "loanOverdueDays", bins: [{ max: 1, score: 100 }, { min: 1, max: 30, score: 70 }, { min: 30, max: 90, score: 30 }, { min: 90, score: 0 }] },
          onMissing: { impute: 0 },
        },
      ],
    },
    {
      id: "compliance",
      name: n("守法合规", "compliance"),
      weight: 30,
      children: [
        {
          id: "adminPenalties",
          name: n("行政处罚", "administrative penalties"),
          weight: 30,
          scoring: {
            type: "deduction",
            base: { input: "nonRecurringDataComplete", cases: [{ equals: true, base: 100 }], otherwise: 90 },
            items: [
              { input: "penaltiesMinor", points: 5, cap: 20 },
              { input: "penaltiesGeneral", points: 15, cap: 45 },
              { input: "penaltiesSerious", points: 40, cap: 80 },
            ],
          },
          onMissing: "worst",
        },
        {
          id: "judgments",
          name: n("被执行及败诉记录", "enforcement and lost cases"),
          weight: 20,
          scoring: {
            type: "deduction",
            base: 100,
            items: [
              { input: "enforcementCases", points: 30, cap: 60 },
              { input: "civilCasesLost", points: 10, cap: 30 },
            ],
            floor: 10,
          },
          onMissing: { impute: 0 },
        },
        {
          id: "complaints",
          name: n("投诉举报", "verified complaints"),
          weight: 15,
          scoring: { type: "bins", input: "verifiedComplaints", bins: [{ max: 1, score: 100 }, { min: 1, max: 3, score: 75 }, { min: 3, max: 6, score: 25 }, { min: 6, score: 0 }] },
          onMissing: { impute: 0 },
        },
        { id: "quality", name: n("产品质量抽检合格率", "product quality pass rate"), weight: 15, scoring: { type: "linear", input: "qualityPassRate", min: 80, max: 100, direction: "higher-better" }, onMissing: { impute: 90 } },
        { id: "safety", name: n("安全生产事故", "safety incidents"), weight: 20, scoring: { type: "deduction", base: 100, items: [{ input: "safetyIncidents", points: 50, cap: 100 }] }, onMissing: { impute: 0 } },
      ],
    },
    {
      id: "evaluations",
      name: n("综合评价", "other evaluations"),
      weight: 20,
      children: [
        { id: "publicComposite", name: n("公共信用综合评价", "public composite score"), weight: 60, scoring: { type: "passthrough", input: "publicCompositeScore" }, onMissing: { impute: 600 } },
        {
          id: "industryRatingInd",
          name: n("行业协会评价", "industry association rating"),
          weight: 40,
          scoring: { type: "lookup", input: "industryRating", table: [{ value: "AAA", score: 100 }, { value: "AA", score: 80 }, { value: "A", score: 60 }], otherwise: 20 },
          onMissing: "worst",
        },
      ],
    },
    {
      id: "social",
      name: n("社会责任", "social responsibility"),
      weight: 10,
      children: [
        {
          id: "environment",
          name: n("环境信用评价", "environmental rating"),
          weight: 30,
          scoring: { type: "lookup", input: "environmentRating", table: [{ value: "绿", score: 100 }, { value: "蓝", score: 80 }, { value: "黄", score: 50 }, { value: "红", score: 0 }, { value: "黑", score: 0 }] },
          onMissing: { impute: "蓝" },
        },
        { id: "charity", name: n("公益慈善", "charity and volunteering"), weight: 20, scoring: { type: "boolean", input: "charityOrVolunteer", whenTrue: 100, whenFalse: 40 }, onMissing: "worst" },
        { id: "honoursInd", name: n("表彰奖励", "honours"), weight: 25, scoring: { type: "bins", input: "honours", bins: [{ max: 1, score: 0 }, { min: 1, max: 2, score: 50 }, { min: 2, score: 100 }] }, onMissing: { impute: 0 } },
        {
          id: "innovation",
          name: n("创新能力", "innovation"),
          weight: 25,
          outOf: 10,
          scoring: { type: "lookup", input: "innovationStatus", table: [{ value: "高新技术企业", score: 10 }, { value: "专精特新", score: 10 }, { value: "科技型中小企业", score: 5 }], otherwise: 0 },
          onMissing: { impute: "无" },
        },
      ],
    },
  ],
  bands: [
    { grade: "A", min: 90, max: 100 },
    { grade: "B", min: 75, max: 90 },
    { grade: "C", min: 60, max: 75 },
    { grade: "D", min: 40, max: 60 },
    { grade: "E", min: 0, max: 40 },
  ],
  conditions: [{ id: "dishonest", conditions: { any: [eq("seriousDishonestyList", true), cmp("penaltiesSerious", "greaterThan", 0), cmp("enforcementCases", "greaterThan", 0)] } }],
  rules: [
    rule("serious-dishonesty-list", { all: [eq("seriousDishonestyList", true)] }, { type: "set-grade", grade: "E" }),
    rule("tax-d-or-safety", { any: [eq("taxCreditLevel", "D"), cmp("safetyIncidents", "greaterThanInclusive", 3)] }, { type: "set-grade", grade: "D" }),
    rule("established-under-a-year", { all: [cmp("registeredYears", "lessThan", 1)] }, { type: "not-gradable" }),
    rule("abnormal-list", { all: [eq("abnormalOperationList", true)] }, { type: "cap", grade: "C" }),
    rule("serious-penalty", { all: [cmp("penaltiesSerious", "greaterThan", 0)] }, { type: "cap", grade: "C" }),
    rule("environment-red-black", { all: [cmp("environmentRating", "in", ["红", "黑"])] }, { type: "cap", grade: "C" }),
    rule("loan-overdue-90", { all: [cmp("loanOverdueDays", "greaterThanInclusive", 90)] }, { type: "cap", grade: "D" }),
    rule("under-insured", { all: [cmp("insuredEmployees", "lessThan", { fact: "declaredEmployees" })] }, { type: "adjust-points", points: -3 }),
    rule("honours-bonus", { all: [cmp("honours", "greaterThanInclusive", 2), eq("penaltiesGeneral", 0), eq("penaltiesSerious", 0)] }, { type: "adjust-points", points: 3 }),
    rule("arrears-deduction", { any: [cmp("socialInsuranceArrearsMonths", "greaterThan", 6), cmp("taxArrears", "greaterThan", 50)] }, { type: "adjust-points", points: -2.5 }),
    rule("long-standing-good", { all: [cmp("registeredYears", "greaterThanInclusive", 15), cmp("taxCreditLevel", "in", ["A", "B"]), { not: { condition: "dishonest" } }] }, { type: "floor", grade: "B" }),
    rule(
      "a-needs-clean-record",
      { all: [eq("scoreGrade", "A"), { any: [cmp("verifiedComplaints", "greaterThanInclusive", 3), cmp("industryRating", "notIn", ["AAA", "AA"])] }] },
      { type: "cap", grade: "B" },
    ),
    rule("low-score-enforced", { all: [cmp("score", "lessThan", 45), cmp("enforcementCases", "greaterThanInclusive", 2)] }, { type: "set-grade", grade: "E" }),
  ],
};
