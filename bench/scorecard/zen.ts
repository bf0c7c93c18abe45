/**
 * The scorecard ruleset as a GoRules JDM graph for @gorules/zen-engine: input → expression
 * node (each indicator's contribution, the total) → expression node (adjust-points rules,
 * score within the scale) → decision table (bands, first hit) → expression node (override
 * rules and grade precedence) → output `{ grade, finalScore }`. Scores are rounded with ZEN's
 * `round(x, 2)` (decimal, half away from zero) as the ruleset's half-up policy says: the
 * indicator's score on its own scale, then its contribution (score × points ÷ scale).
 * @module
 */
import { bins, chainGraph, clamp01, type Expr, expr } from "../zen-jdm.js";
import { scorecardRuleset } from "./ruleset.js";

// An indicator's contribution: its score on a 0–outOf scale, rounded, as points of `points`.
const part = (score: string, points: number, outOf = 100) => `round(round(${score}, 2) * ${points} / ${outOf}, 2)`;

/**
 * Builds the JDM graph (the ruleset reads no dates, so one graph serves every as-of date).
 * @returns The decision content for `ZenEngine.createDecision`.
 */
export function scorecardZenDecision(): Record<string, unknown> {
  const scores: Expr[] = [
    expr("sYears", `registeredYears == null ? null : ${part(`${clamp01("registeredYears / 10")} * 100`, 4.5)}`),
    expr("sReport", `annualReportFiled == true ? 3 : 0`),
    expr("sAbnormal", `abnormalOperationList == true ? 0 : 3`),
    expr("sTimely", `reportTimeliness == null ? 0 : ${part(`${clamp01("(reportTimeliness - 50) / 50")} * 100`, 2.25)}`),
    expr("sCapital", part(`({small: 40, medium: 60, large: 80, xlarge: 100})[capitalTier ?? 'small']`, 2.25)),
    expr("sTax", part(`({A: 100, B: 85, M: 70, C: 40, D: 0})[taxCreditLevel ?? 'M']`, 8.75)),
    expr("ta", `taxArrears ?? 0`),
    expr("sArrears", part(`($.ta <= 0 ? 100 : ($.ta < 10 ? 60 : ($.ta < 100 ? 20 : 0)))`, 5)),
    expr("sSocial", part(`${clamp01("(12 - (socialInsuranceArrearsMonths ?? 0)) / 12")} * 100`, 5)),
    expr("sLoan", part(bins("(loanOverdueDays ?? 0)", [[1, 100], [30, 70], [90, 30]], 0), 6.25)),
    expr(
      "sPenalties",
      `nonRecurringDataComplete == null or penaltiesMinor == null or penaltiesGeneral == null or penaltiesSerious == null ? 0 : ` +
        part(`max([0, (nonRecurringDataComplete == true ? 100 : 90) - min([penaltiesMinor * 5, 20]) - min([penaltiesGeneral * 15, 45]) - min([penaltiesSerious * 40, 80])])`, 9),
    ),
    expr("sJudgments", part(`max([10, 100 - min([(enforcementCases ?? 0) * 30, 60]) - min([(civilCasesLost ?? 0) * 10, 30])])`, 6)),
    expr("sComplaints", part(bins("(verifiedComplaints ?? 0)", [[1, 100], [3, 75], [6, 25]], 0), 4.5)),
    expr("sQuality", part(`${clamp01("((qualityPassRate ?? 90) - 80) / 20")} * 100`, 4.5)),
    expr("sSafety", part(`max([0, 100 - min([(safetyIncidents ?? 0) * 50, 100])])`, 6)),
    expr("sPublic", part(`${clamp01("(publicCompositeScore ?? 600) / 1000")} * 100`, 12)),
    expr("sIndustry", part(`(industryRating == null ? 20 : (({AAA: 100, AA: 80, A: 60})[industryRating] ?? 20))`, 8)),
    expr("sEnv", part(`({'绿': 100, '蓝': 80, '黄': 50, '红': 0, '黑': 0})[environmentRating ?? '蓝']`, 3)),
    expr("sCharity", `charityOrVolunteer == true ? 2 : 0.8`),
    expr("sHonours", part(bins("(honours ?? 0)", [[1, 0], [2, 50]], 100), 2.5)),
    expr("sInnov", part(`(({'高新技术企业': 10, '专精特新': 10, '科技型中小企业': 5})[innovationStatus ?? '无'] ?? 0)`, 2.5, 10)),
  ];
  const parts = scores.filter((e) => e.key.startsWith("s") && e.key !== "sYears").map((e) => `$.${e.key}`);
  scores.push(expr("total", `$.sYears == null ? null : $.sYears + ${parts.join(" + ")}`));
  const adjust = [
    expr(
      "adjust",
      `(insuredEmployees != null and declaredEmployees != null and insuredEmployees < declaredEmployees ? -3 : 0) + ` +
        `(honours != null and honours >= 2 and penaltiesGeneral == 0 and penaltiesSerious == 0 ? 3 : 0) + ` +
        `((socialInsuranceArrearsMonths ?? 0) > 6 or (taxArrears ?? 0) > 50 ? -2.5 : 0)`,
    ),
    expr("score", `total == null ? -1 : max([0, min([100, total + $.adjust])])`),
  ];
  const final = [
    expr(
      "set",
      `max([seriousDishonestyList == true ? 4 : -1, taxCreditLevel == 'D' or (safetyIncidents ?? 0) >= 3 ? 3 : -1, score >= 0 and score < 45 and (enforcementCases ?? 0) >= 2 ? 4 : -1])`,
    ),
    expr(
      "cap",
      `max([abnormalOperationList == true or (penaltiesSerious ?? 0) > 0 or environmentRating in ['红', '黑'] ? 2 : 0, (loanOverdueDays ?? 0) >= 90 ? 3 : 0, ` +
        `scoreGrade == 'A' and ((verifiedComplaints ?? 0) >= 3 or not (industryRating in ['AAA', 'AA'])) ? 1 : 0])`,
    ),
    expr("rank", `scoreGrade == null ? -1 : ({A: 0, B: 1, C: 2, D: 3, E: 4})[scoreGrade]`),
    expr(
      "floored",
      `registeredYears != null and registeredYears >= 15 and taxCreditLevel in ['A', 'B'] and not (seriousDishonestyList == true or (penaltiesSerious ?? 0) > 0 or (enforcementCases ?? 0) > 0) and $.rank > 1 ? 1 : $.rank`,
    ),
    expr("g", `$.set >= 0 ? $.set : $.floored`),
    expr("grade", `(registeredYears != null and registeredYears < 1) or $.g < 0 ? null : ['A', 'B', 'C', 'D', 'E'][max([$.g, $.cap])]`),
    expr("finalScore", `score < 0 ? null : score`),
  ];
  return chainGraph(
    scorecardRuleset.inputs.map((i) => i.id),
    { scores, adjust },
    final,
  );
}
