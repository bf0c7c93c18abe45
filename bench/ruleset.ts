/**
 * The benchmark ruleset: a realistic industry-style scorecard with 20 indicators in 6 groups
 * (points mode, 0–100), every scoring type (linear, bins, boolean, lookup, deduction,
 * passthrough), four record types with publicity by severity, 13 derived facts (counts,
 * exists, max over a window, a ratio) and 13 override rules of every effect type, including
 * direct judgment (set-grade) from records-derived facts, a named condition, date operators
 * and rules that read the score. Not shipped; used by `npm run bench` only.
 * @module
 */
import { eq, n, rule } from "./ruleset-parts.js";

/** The as-of date the benchmark evaluates on. */
export const BENCH_AS_OF = "2025-12-31";

/** The ruleset document (validated by `compileRuleset`). */
export const benchRuleset = {
  formatVersion: 1,
  id: "bench-credit",
  scheme: "bench-credit",
  kind: "other",
  name: n("基准测试信用评价", "benchmark credit evaluation"),
  version: "1.0.0",
  effective: { from: "2025-01-01" },
  scale: { min: 0, max: 100 },
  rounding: { scale: 2, mode: "half-up" },
  weighting: "points",
  inputs: [
    { id: "yearsInOperation", type: "number", min: 0, integer: true },
    { id: "annualReportFiled", type: "boolean" },
    { id: "capitalTier", type: "category", values: ["small", "medium", "large", "xlarge"] },
    { id: "taxCreditLevel", type: "category", values: ["A", "B", "M", "N", "C", "D"] },
    { id: "taxArrears", type: "number", min: 0 },
    { id: "socialInsuranceArrearsMonths", type: "number", min: 0, integer: true },
    { id: "publicScore", type: "score", min: 0, max: 100 },
    { id: "certifications", type: "number", min: 0, integer: true },
    { id: "associationRating", type: "category", values: ["AAA", "AA", "A", "B"] },
    { id: "dataTimeliness", type: "number", min: 0, max: 100 },
    { id: "civilCasesLost", type: "number", min: 0, integer: true },
    { id: "verifiedComplaints", type: "number", min: 0, integer: true },
    { id: "environmentRating", type: "category", values: ["绿", "蓝", "黄", "红", "黑"] },
    { id: "productQualityFailures", type: "number", min: 0, integer: true },
    { id: "honours", type: "number", min: 0, integer: true },
    { id: "charityOrVolunteer", type: "boolean" },
    { id: "innovationStatus", type: "category", values: ["高新技术企业", "专精特新", "科技型中小企业", "无"] },
  ],
  indicators: [
    {
      id: "basic",
      name: n("基本情况", "basic information"),
      points: 10,
      children: [
        { id: "operatingYears", name: n("经营年限", "years in operation"), points: 5, scoring: { type: "linear", input: "yearsInOperation", min: 0, max: 10, direction: "higher-better" }, onMissing: "not-gradable" },
        { id: "annualReport", name: n("年度报告公示", "annual report"), points: 3, scoring: { type: "boolean", input: "annualReportFiled", whenTrue: 3, whenFalse: 0 }, onMissing: "worst" },
        {
          id: "capital",
          name: n("注册资本", "registered capital"),
          points: 2,
          scoring: { type: "lookup", input: "capitalTier", table: [{ value: "small", score: 0.5 }, { value: "medium", score: 1 }, { value: "large", score: 1.5 }, { value: "xlarge", score: 2 }] },
          onMissing: { impute: "small" },
        },
      ],
    },
    {
      id: "financeTax",
      name: n("金融财税", "finance and tax"),
      points: 22,
      children: [
        {
          id: "taxCredit",
          name: n("纳税信用等级", "tax credit level"),
          points: 10,
          scoring: { type: "lookup", input: "taxCreditLevel", table: [{ value: "A", score: 10 }, { value: "B", score: 8 }, { value: "M", score: 7 }, { value: "N", score: 6 }, { value: "C", score: 4 }, { value: "D", score: 0 }] },
          onMissing: { impute: "N" },
        },
        {
          id: "taxArrearsInd",
          name: n("欠税情况", "tax arrears"),
          points: 5,
          scoring: {
            type: "bins",
            input: "taxArrears",
            bins: [
              { max: 0, maxInclusive: true, score: 5 },
              { min: 0, minInclusive: false, max: 10, score: 3 },
              { min: 10, max: 100, score: 1 },
              { min: 100, score: 0 },
            ],
          },
          onMissing: { impute: 0 },
        },
        { id: "socialInsurance", name: n("社会保险费缴纳", "social insurance"), points: 3, scoring: { type: "linear", input: "socialInsuranceArrearsMonths", min: 0, max: 12, direction: "lower-better" }, onMissing: { impute: 0 } },
        { id: "publicComposite", name: n("公共信用综合评价", "public composite score"), points: 4, scoring: { type: "passthrough", input: "publicScore" }, onMissing: { impute: 60 } },
      ],
    },
    {
      id: "governance",
      name: n("经营管理", "governance"),
      points: 15,
      children: [
        { id: "abnormalOperation", name: n("经营异常名录", "abnormal-operation list"), points: 5, scoring: { type: "boolean", input: "inAbnormalOperationList", whenTrue: 0, whenFalse: 5 }, onMissing: "worst" },
        {
          id: "certification",
          name: n("认证认可", "certifications"),
          points: 4,
          scoring: { type: "bins", input: "certifications", bins: [{ max: 1, score: 0 }, { min: 1, max: 2, score: 2 }, { min: 2, score: 4 }] },
          onMissing: { impute: 0 },
        },
        {
          id: "association",
          name: n("行业协会评价", "industry association rating"),
          points: 3,
          scoring: { type: "lookup", input: "associationRating", table: [{ value: "AAA", score: 3 }, { value: "AA", score: 2 }, { value: "A", score: 1 }], otherwise: 0 },
          onMissing: "worst",
        },
        { id: "timeliness", name: n("数据报送及时率", "reporting timeliness"), points: 3, scoring: { type: "linear", input: "dataTimeliness", min: 50, max: 100, direction: "higher-better" }, onMissing: "worst" },
      ],
    },
    {
      id: "judicial",
      name: n("司法判决", "court judgments"),
      points: 14,
      children: [
        {
          id: "judicialRecords",
          name: n("被执行及败诉记录", "enforcement and lost cases"),
          points: 14,
          scoring: {
            type: "deduction",
            base: 14,
            items: [
              { input: "enforcementCases", points: 3, cap: 9 },
              { input: "civilCasesLost", points: 1, cap: 5 },
            ],
          },
          onMissing: { impute: 0 },
        },
      ],
    },
    {
      id: "administration",
      name: n("行政管理", "administrative supervision"),
      points: 24,
      children: [
        {
          id: "adminPenalties",
          name: n("行政处罚", "administrative penalties"),
          points: 16,
          scoring: {
            type: "deduction",
            base: 16,
            items: [
              { input: "penaltiesMinor", points: 2, cap: 6 },
              { input: "penaltiesGeneral", points: 4, cap: 12 },
              { input: "penaltiesSerious", points: 8, cap: 16 },
            ],
          },
          onMissing: { impute: 0 },
        },
        { id: "commitments", name: n("信用承诺履约", "commitments honoured"), points: 4, scoring: { type: "linear", input: "commitmentRate", min: 0, max: 1, direction: "higher-better" }, onMissing: "worst" },
        {
          id: "complaints",
          name: n("投诉举报", "verified complaints"),
          points: 4,
          scoring: { type: "bins", input: "verifiedComplaints", bins: [{ max: 1, score: 4 }, { min: 1, max: 3, score: 3 }, { min: 3, max: 6, score: 1 }, { min: 6, score: 0 }] },
          onMissing: { impute: 0 },
        },
      ],
    },
    {
      id: "social",
      name: n("社会责任", "social responsibility"),
      points: 15,
      children: [
        {
          id: "environment",
          name: n("环境信用评价", "environmental rating"),
          points: 5,
          scoring: { type: "lookup", input: "environmentRating", table: [{ value: "绿", score: 5 }, { value: "蓝", score: 4 }, { value: "黄", score: 2 }, { value: "红", score: 0 }, { value: "黑", score: 0 }] },
          onMissing: { impute: "蓝" },
        },
        { id: "quality", name: n("产品质量抽检", "product quality checks"), points: 4, scoring: { type: "deduction", base: 4, items: [{ input: "productQualityFailures", points: 2, cap: 4 }] }, onMissing: { impute: 0 } },
        {
          id: "honoursInd",
          name: n("表彰奖励", "honours"),
          points: 3,
          scoring: { type: "bins", input: "honours", bins: [{ max: 1, score: 0 }, { min: 1, max: 2, score: 1.5 }, { min: 2, score: 3 }] },
          onMissing: { impute: 0 },
        },
        { id: "charity", name: n("公益慈善", "charity and volunteering"), points: 2, scoring: { type: "boolean", input: "charityOrVolunteer", whenTrue: 2, whenFalse: 0 }, onMissing: "worst" },
        {
          id: "innovation",
          name: n("创新能力", "innovation"),
          points: 1,
          scoring: { type: "lookup", input: "innovationStatus", table: [{ value: "高新技术企业", score: 1 }, { value: "专精特新", score: 1 }, { value: "科技型中小企业", score: 0.5 }, { value: "无", score: 0 }] },
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
  records: {
    types: [
      {
        id: "penalty",
        name: n("行政处罚", "administrative penalty"),
        fields: [{ id: "amount", type: "number" }, { id: "authority", type: "string" }],
        publicity: "by-severity",
      },
      {
        id: "list-entry",
        name: n("名单信息", "list entry"),
        fields: [{ id: "list", type: "category", values: ["严重失信主体名单", "经营异常名录", "诚信黑名单"], required: true }],
        publicity: "none",
      },
      {
        id: "commitment",
        name: n("信用承诺", "credit commitment"),
        fields: [{ id: "dueDate", type: "date", required: true }, { id: "honoured", type: "boolean" }],
        publicity: "none",
      },
      {
        id: "enforcement-case",
        name: n("被执行案件", "enforcement case"),
        fields: [{ id: "amount", type: "number" }, { id: "closedAt", type: "date" }],
        publicity: "none",
      },
    ],
  },
  facts: [
    { id: "penaltiesMinor", from: "penalty", aggregate: "count", where: { all: [eq("severity", "minor")] } },
    { id: "penaltiesGeneral", from: "penalty", aggregate: "count", where: { all: [eq("severity", "general")] } },
    { id: "penaltiesSerious", from: "penalty", aggregate: "count", where: { all: [eq("severity", "serious")] } },
    { id: "penaltiesUnclassified", from: "penalty", aggregate: "count", where: { all: [{ fact: "severity", operator: "notIn", value: ["minor", "general", "serious"] }] } },
    { id: "seriousPenaltyLastYear", from: "penalty", aggregate: "exists", window: { last: "P1Y" }, where: { all: [eq("severity", "serious")] } },
    { id: "maxFineLastYear", from: "penalty", aggregate: "max", field: "amount", window: { last: "P1Y" } },
    { id: "seriousDishonestyList", from: "list-entry", aggregate: "exists", where: { all: [eq("list", "严重失信主体名单")] } },
    { id: "inAbnormalOperationList", from: "list-entry", aggregate: "exists", where: { all: [eq("list", "经营异常名录")] } },
    { id: "enforcementCases", from: "enforcement-case", aggregate: "count", where: { not: { fact: "closedAt", operator: "withinLast", value: "P100Y" } } },
    {
      id: "commitmentsDue3y",
      from: "commitment",
      aggregate: "count",
      where: { all: [{ fact: "dueDate", operator: "withinLast", value: "P3Y" }, { fact: "honoured", operator: "in", value: [true, false] }] },
    },
    { id: "commitmentsHonoured3y", from: "commitment", aggregate: "count", where: { all: [{ fact: "dueDate", operator: "withinLast", value: "P3Y" }, eq("honoured", true)] } },
    { id: "commitmentRate", ratio: { numerator: "commitmentsHonoured3y", denominator: "commitmentsDue3y" }, whenZero: 1 },
    { id: "commitmentBreachedLastYear", from: "commitment", aggregate: "exists", where: { all: [{ fact: "dueDate", operator: "withinLast", value: "P1Y" }, eq("honoured", false)] } },
  ],
  conditions: [
    { id: "dishonest", conditions: { any: [eq("seriousDishonestyList", true), eq("seriousPenaltyLastYear", true), { fact: "enforcementCases", operator: "greaterThan", value: 0 }] } },
  ],
  rules: [
    rule("serious-dishonesty-list", { all: [eq("seriousDishonestyList", true)] }, { type: "set-grade", grade: "E" }),
    rule("big-fine", { all: [{ fact: "maxFineLastYear", operator: "greaterThanInclusive", value: 1_000_000 }] }, { type: "set-grade", grade: "D" }),
    rule("unclassified-penalty", { all: [{ fact: "penaltiesUnclassified", operator: "greaterThan", value: 0 }] }, { type: "not-gradable" }),
    rule("serious-penalty-last-year", { all: [eq("seriousPenaltyLastYear", true)] }, { type: "cap", grade: "D" }),
    rule("tax-level-d", { any: [eq("taxCreditLevel", "D"), eq("environmentRating", "黑")] }, { type: "cap", grade: "C" }),
    rule("abnormal-list", { all: [eq("inAbnormalOperationList", true)] }, { type: "cap", grade: "C" }),
    rule("commitment-breach", { all: [eq("commitmentBreachedLastYear", true)] }, { type: "cap", grade: "B" }),
    rule(
      "honours-bonus",
      { all: [{ fact: "honours", operator: "greaterThanInclusive", value: 2 }, eq("penaltiesGeneral", 0), eq("penaltiesSerious", 0)] },
      { type: "adjust-points", points: 2 },
    ),
    rule("complaints-deduction", { all: [{ fact: "verifiedComplaints", operator: "greaterThan", value: 5 }] }, { type: "adjust-points", points: -3 }),
    rule(
      "arrears-deduction",
      { any: [{ fact: "socialInsuranceArrearsMonths", operator: "greaterThan", value: 6 }, { fact: "taxArrears", operator: "greaterThan", value: 50 }] },
      { type: "adjust-points", points: -2.5 },
    ),
    rule(
      "long-standing-good",
      { all: [{ fact: "yearsInOperation", operator: "greaterThanInclusive", value: 20 }, { fact: "taxCreditLevel", operator: "in", value: ["A", "B"] }, { not: { condition: "dishonest" } }] },
      { type: "floor", grade: "B" },
    ),
    rule("a-needs-certification", { all: [eq("scoreGrade", "A"), { fact: "certifications", operator: "lessThan", value: 1 }] }, { type: "cap", grade: "B" }),
    rule(
      "low-score-enforced",
      { all: [{ fact: "score", operator: "lessThan", value: 45 }, { fact: "enforcementCases", operator: "greaterThanInclusive", value: 2 }] },
      { type: "set-grade", grade: "E" },
    ),
  ],
};
