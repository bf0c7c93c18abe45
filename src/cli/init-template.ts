/**
 * What `credit-grading init` writes: a starter industry ruleset (public composite indicator,
 * two industry indicators, five bands, one direct-judgment rule), golden cases worked by hand
 * from it, and a README saying how to go on. CLI-only data.
 * @module
 */

/** The starter ruleset's id and version. */
export const STARTER_ID = "my-industry";
/** The starter ruleset's version. */
export const STARTER_VERSION = "1.0.0";

const bi = (zh: string, en: string) => ({ zh, en });

/**
 * The starter ruleset document.
 * @param schemaRef - Where its `$schema` points (a relative path or a URL).
 * @returns The document.
 */
export function starterRuleset(schemaRef: string): Record<string, unknown> {
  return {
    $schema: schemaRef,
    formatVersion: 1,
    id: STARTER_ID,
    scheme: STARTER_ID,
    kind: "industry",
    industry: "my-industry",
    name: bi("某行业信用评价（起步模板）", "Credit evaluation of an industry (starter template)"),
    version: STARTER_VERSION,
    effective: { from: "2026-01-01" },
    authority: "（填写发布机关）",
    legalBasis: ["（填写依据，例如：鹤信用发〔2022〕2号 三(一)3：行业信用评价应将公共信用综合评价结果作为指标，权重不低于平均权重）"],
    scale: { min: 0, max: 100 },
    rounding: { scale: 2, mode: "half-up" },
    weighting: "points",
    inputs: [
      { id: "publicCompositeScore", type: "score", min: 0, max: 100, role: "public-composite", name: bi("公共信用综合评价得分", "public credit composite score") },
      { id: "publicCompositeGrade", type: "category", values: ["A", "B", "C", "D", "E"], name: bi("公共信用综合评价等级", "public credit composite grade") },
      { id: "violations", type: "number", min: 0, max: 1000, integer: true, unit: "次", name: bi("评价期内行业违法违规次数", "industry violations in the period") },
      { id: "licenceValid", type: "boolean", name: bi("行业许可证在有效期内", "industry licence valid") },
      { id: "seriousViolation", type: "boolean", name: bi("存在严重违法违规行为", "serious violation found") },
    ],
    indicators: [
      { id: "publicComposite", name: bi("公共信用综合评价", "public credit composite evaluation"), points: 40, scoring: { type: "passthrough", input: "publicCompositeScore" }, onMissing: "not-gradable" },
      {
        id: "compliance",
        name: bi("合规经营", "compliance"),
        points: 30,
        scoring: { type: "deduction", base: 30, items: [{ input: "violations", points: 10, cap: 30, label: bi("违法违规每次扣10分", "10 each") }] },
        onMissing: "not-gradable",
      },
      { id: "licence", name: bi("许可证", "licence"), points: 30, scoring: { type: "boolean", input: "licenceValid", whenTrue: 30, whenFalse: 0 }, onMissing: "worst" },
    ],
    bands: [
      { grade: "A", min: 90, max: 100 },
      { grade: "B", min: 75, max: 90 },
      { grade: "C", min: 60, max: 75 },
      { grade: "D", min: 40, max: 60 },
      { grade: "E", min: 0, max: 40 },
    ],
    publicComposite: { indicator: "publicComposite", fallbackGradeInput: "publicCompositeGrade" },
    rules: [
      {
        id: "serious-violation",
        name: bi("严重违法违规直接判为E级", "a serious violation is graded E"),
        reason: bi("存在严重违法违规行为，直接判定为E级。", "A serious violation was found: graded E directly."),
        legalBasis: "（填写依据条款）",
        conditions: { all: [{ fact: "seriousViolation", operator: "equal", value: true }] },
        effect: { type: "set-grade", grade: "E" },
      },
    ],
  };
}

const inputs = (o: Record<string, unknown>) => ({ publicCompositeScore: 100, publicCompositeGrade: "A", violations: 0, licenceValid: true, seriousViolation: false, ...o });

/**
 * The starter's golden cases, each worked by hand from the starter's own rules.
 * @returns The golden-case file's content.
 */
export function starterGolden(): unknown[] {
  return [
    {
      name: "full marks",
      basis: "publicComposite 100/100 × 40 = 40; compliance 30 − 0 = 30; licence valid 30. Total 100 → band A [90, 100].",
      asOf: "2026-06-30",
      subject: { id: "starter-01", inputs: inputs({}) },
      expect: { grade: "A", score: 100, decidedBy: "score", scoreGrade: "A", firedRules: [] },
    },
    {
      name: "two violations",
      basis: "publicComposite 80/100 × 40 = 32; compliance 30 − 2 × 10 = 10; licence valid 30. Total 72 → band C [60, 75).",
      asOf: "2026-06-30",
      subject: { id: "starter-02", inputs: inputs({ publicCompositeScore: 80, violations: 2 }) },
      expect: { grade: "C", score: 72, decidedBy: "score", scoreGrade: "C", firedRules: [] },
    },
    {
      name: "serious violation: direct judgment",
      basis: "Score 100 (as 'full marks') → band A, but rule serious-violation fires (seriousViolation true): set-grade E.",
      asOf: "2026-06-30",
      subject: { id: "starter-03", inputs: inputs({ seriousViolation: true }) },
      expect: { grade: "E", score: 100, decidedBy: "direct-judgment", scoreGrade: "A", firedRules: ["serious-violation"] },
    },
    {
      name: "no industry data: the public composite grade",
      basis: "violations missing and compliance is not-gradable on missing: no industry score; publicComposite.fallbackGradeInput gives the public composite grade B (Hegang plan 三(一)3).",
      asOf: "2026-06-30",
      subject: { id: "starter-04", inputs: { publicCompositeScore: 80, publicCompositeGrade: "B", licenceValid: true, seriousViolation: false } },
      expect: { grade: "B", score: null, decidedBy: "public-composite-fallback" },
    },
  ];
}

/**
 * The README written beside the starter.
 * @param folder - The folder as the user named it.
 * @param schemaRef - Where the ruleset's `$schema` points.
 * @returns Markdown.
 */
export function starterReadme(folder: string, schemaRef: string): string {
  const dir = `${folder}/${STARTER_ID}`;
  return `# ${STARTER_ID}: a starter industry ruleset

Written by \`credit-grading init\`. A registry folder: each scheme in \`<id>/<version>.json\`,
with its golden cases beside it in \`<version>.golden.json\`.

- \`${STARTER_ID}/${STARTER_VERSION}.json\`: the ruleset (format: the package's
  \`docs/ruleset-format.md\`). Its \`$schema\` points at \`${schemaRef}\`, so an editor
  that reads JSON Schema (VS Code, JetBrains) completes and checks it as you type.
- \`${STARTER_ID}/${STARTER_VERSION}.golden.json\`: golden cases, each a subject, an as-of date,
  the grade it must get and the \`basis\` it was worked out from by hand (format:
  \`docs/golden-cases.md\`, \`schema/golden.schema.json\`).

## Go on

1. Rename the id (folder, file, \`id\` and \`scheme\`), fill in \`authority\` and \`legalBasis\`.
2. Replace the indicators and rules with your published ones; keep the public composite
   indicator at no less than the mean weight (Hegang plan 三(一)3).
3. For every rule and band bound, add a golden case worked by hand from the published text.
4. Check and test:

\`\`\`sh
npx credit-grading validate ${folder}
npx credit-grading test ${folder}
npx credit-grading rulebook ${dir}/${STARTER_VERSION}.json --locale zh
\`\`\`
`;
}
