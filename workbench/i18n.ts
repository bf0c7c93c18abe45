/** The workbench's words, in Chinese and English. */
export type Locale = "zh" | "en";

export const WORDS = {
  title: { zh: "信用分级分类监管 · 规则集工作台", en: "Credit grading · ruleset workbench" },
  ruleset: { zh: "规则集", en: "Ruleset" },
  shipped: { zh: "内置规则集", en: "Shipped rulesets" },
  openFile: { zh: "打开文件", en: "Open file" },
  diagnostics: { zh: "诊断", en: "Diagnostics" },
  noProblems: { zh: "没有问题", en: "No problems" },
  problems: { zh: "个问题", en: "problems" },
  line: { zh: "行", en: "line" },
  column: { zh: "列", en: "column" },
  subjects: { zh: "市场主体", en: "Subjects" },
  loadSubjects: { zh: "载入主体（NDJSON 或 CSV）", en: "Load subjects (NDJSON or CSV)" },
  sample: { zh: "生成样本", en: "Generate a sample" },
  asOf: { zh: "评价基准日", en: "As of" },
  distribution: { zh: "等级分布", en: "Grade distribution" },
  grade: { zh: "等级", en: "Grade" },
  count: { zh: "数量", en: "Count" },
  share: { zh: "占比", en: "Share" },
  notGradable: { zh: "不予评价", en: "not gradable" },
  rejected: { zh: "拒收", en: "rejected" },
  total: { zh: "合计", en: "total" },
  id: { zh: "主体", en: "Subject" },
  score: { zh: "得分", en: "Score" },
  rules: { zh: "触发规则", en: "Rules fired" },
  explanation: { zh: "评价说明", en: "Explanation" },
  pickSubject: { zh: "点击上表中的主体查看评价说明。", en: "Click a subject in the table to see its explanation." },
  rulebook: { zh: "规则书", en: "Rule book" },
  report: { zh: "分地区、分行业、分类别统计", en: "Report by division, industry and class" },
  compare: { zh: "版本比较", en: "Compare versions" },
  compareWith: { zh: "与之比较的版本", en: "Compare with" },
  diff: { zh: "差异", en: "Changes" },
  migration: { zh: "等级迁移矩阵", en: "Migration matrix" },
  needValid: { zh: "规则集有错误，修正后才能评价。", en: "The ruleset has errors: fix them to grade." },
  needSubjects: { zh: "载入主体或生成样本后显示迁移矩阵。", en: "Load subjects or generate a sample to see the migration matrix." },
  rows: { zh: "行", en: "rows" },
  firstRender: { zh: "首次渲染", en: "First render" },
} as const satisfies Record<string, Record<Locale, string>>;

export type WordKey = keyof typeof WORDS;

export const say = (key: WordKey, locale: Locale): string => WORDS[key][locale];
