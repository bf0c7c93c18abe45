/**
 * The benchmark ruleset as a GoRules JDM graph for @gorules/zen-engine: input → expression
 * node (derived facts from the records) → expression node (indicator scores, total) →
 * expression node (adjust-points rules, score within the scale) → decision table (bands,
 * first hit) → expression node (override rules and grade precedence) → output.
 *
 * Like the hand-written function, the as-of date and its window cut-offs are constants of the
 * graph (ZEN's `date()` gives epoch seconds); one graph is built per as-of date, as
 * `toJsonRulesEngine` binds its date operators to one. Scores are rounded with ZEN's
 * `round(x, 2)` (decimal, half away from zero) as the ruleset's half-up policy says.
 * @module
 */
import { addDuration, parseDuration } from "../src/base/date.js";
import { benchRuleset } from "./ruleset.js";
import { bins, chainGraph, clamp01, expr } from "./zen-jdm.js";

const secs = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 1000;
const minus = (asOf: string, d: string): number => secs(addDuration(asOf, parseDuration(d)!, -1));

/**
 * Builds the JDM graph for an as-of date.
 * @param asOf - The as-of date.
 * @returns The decision content for `ZenEngine.createDecision`.
 */
export function zenDecision(asOf: string): Record<string, unknown> {
  const A = secs(asOf);
  const CS = minus(asOf, "P3Y");
  const CG = minus(asOf, "P1Y");
  const CM = minus(asOf, "P3M");
  const L1 = minus(asOf, "P1Y");
  const L3 = minus(asOf, "P3Y");
  const L100 = minus(asOf, "P100Y");
  const counted =
    `date(#.date) <= ${A} and (#.revokedAt == null or date(#.revokedAt) > ${A}) and (#.repairedAt == null or date(#.repairedAt) > ${A}) and ` +
    `(#.publicUntil != null ? date(#.publicUntil) >= ${A} : (#.type != 'penalty' or (#.severity == 'serious' ? date(#.date) > ${CS} : ` +
    `(#.severity == 'general' ? date(#.date) > ${CG} : (#.severity == 'minor' ? date(#.date) > ${CM} : true)))))`;
  const facts = [
    expr("counted", `filter(records ?? [], ${counted})`),
    expr("penaltiesMinor", `count($.counted, #.type == 'penalty' and #.severity == 'minor')`),
    expr("penaltiesGeneral", `count($.counted, #.type == 'penalty' and #.severity == 'general')`),
    expr("penaltiesSerious", `count($.counted, #.type == 'penalty' and #.severity == 'serious')`),
    expr("penaltiesUnclassified", `count($.counted, #.type == 'penalty' and not (#.severity in ['minor', 'general', 'serious']))`),
    expr("seriousPenaltyLastYear", `some($.counted, #.type == 'penalty' and #.severity == 'serious' and date(#.date) > ${L1})`),
    expr("fines", `map(filter($.counted, #.type == 'penalty' and date(#.date) > ${L1} and #.amount != null), #.amount)`),
    expr("maxFineLastYear", `len($.fines) > 0 ? max($.fines) : null`),
    expr("seriousDishonestyList", `some($.counted, #.type == 'list-entry' and #.list == '严重失信主体名单')`),
    expr("inAbnormalOperationList", `some($.counted, #.type == 'list-entry' and #.list == '经营异常名录')`),
    expr("enforcementCases", `count($.counted, #.type == 'enforcement-case' and not (#.closedAt != null and date(#.closedAt) <= ${A} and date(#.closedAt) > ${L100}))`),
    expr("commitmentsDue3y", `count($.counted, #.type == 'commitment' and date(#.dueDate) <= ${A} and date(#.dueDate) > ${L3} and (#.honoured == true or #.honoured == false))`),
    expr("commitmentsHonoured3y", `count($.counted, #.type == 'commitment' and date(#.dueDate) <= ${A} and date(#.dueDate) > ${L3} and #.honoured == true)`),
    expr("commitmentRate", `$.commitmentsDue3y == 0 ? 1 : $.commitmentsHonoured3y / $.commitmentsDue3y`),
    expr("commitmentBreachedLastYear", `some($.counted, #.type == 'commitment' and date(#.dueDate) <= ${A} and date(#.dueDate) > ${L1} and #.honoured == false)`),
  ];
  const scores = [
    expr("sYears", `yearsInOperation == null ? null : round(${clamp01("yearsInOperation / 10")} * 5, 2)`),
    expr("sReport", `annualReportFiled == true ? 3 : 0`),
    expr("sCapital", `({small: 0.5, medium: 1, large: 1.5, xlarge: 2})[capitalTier ?? 'small']`),
    expr("sTax", `({A: 10, B: 8, M: 7, N: 6, C: 4, D: 0})[taxCreditLevel ?? 'N']`),
    expr("ta", `taxArrears ?? 0`),
    expr("sArrears", `$.ta <= 0 ? 5 : ($.ta < 10 ? 3 : ($.ta < 100 ? 1 : 0))`),
    expr("sSocial", `round(${clamp01("(12 - (socialInsuranceArrearsMonths ?? 0)) / 12")} * 3, 2)`),
    expr("sPublic", `round(${clamp01("(publicScore ?? 60) / 100")} * 4, 2)`),
    expr("sAbnormal", `inAbnormalOperationList ? 0 : 5`),
    expr("sCert", bins("(certifications ?? 0)", [[1, 0], [2, 2]], 4)),
    expr("sAssoc", `associationRating == null ? 0 : (({AAA: 3, AA: 2, A: 1})[associationRating] ?? 0)`),
    expr("sTimely", `dataTimeliness == null ? 0 : round(${clamp01("(dataTimeliness - 50) / 50")} * 3, 2)`),
    expr("sJudicial", `max([0, 14 - min([enforcementCases * 3, 9]) - min([(civilCasesLost ?? 0) * 1, 5])])`),
    expr("sPenalties", `max([0, 16 - min([penaltiesMinor * 2, 6]) - min([penaltiesGeneral * 4, 12]) - min([penaltiesSerious * 8, 16])])`),
    expr("sCommit", `round(${clamp01("commitmentRate")} * 4, 2)`),
    expr("sComplaints", bins("(verifiedComplaints ?? 0)", [[1, 4], [3, 3], [6, 1]], 0)),
    expr("sEnv", `({'绿': 5, '蓝': 4, '黄': 2, '红': 0, '黑': 0})[environmentRating ?? '蓝']`),
    expr("sQuality", `max([0, 4 - min([(productQualityFailures ?? 0) * 2, 4])])`),
    expr("sHonours", bins("(honours ?? 0)", [[1, 0], [2, 1.5]], 3)),
    expr("sCharity", `charityOrVolunteer == true ? 2 : 0`),
    expr("sInnov", `({'高新技术企业': 1, '专精特新': 1, '科技型中小企业': 0.5, '无': 0})[innovationStatus ?? '无']`),
    expr(
      "total",
      `$.sYears == null ? null : $.sYears + $.sReport + $.sCapital + $.sTax + $.sArrears + $.sSocial + $.sPublic + $.sAbnormal + $.sCert + $.sAssoc + $.sTimely + $.sJudicial + $.sPenalties + $.sCommit + $.sComplaints + $.sEnv + $.sQuality + $.sHonours + $.sCharity + $.sInnov`,
    ),
  ];
  const adjust = [
    expr(
      "adjust",
      `(honours != null and honours >= 2 and penaltiesGeneral == 0 and penaltiesSerious == 0 ? 2 : 0) + ((verifiedComplaints ?? 0) > 5 ? -3 : 0) + ((socialInsuranceArrearsMonths ?? 0) > 6 or (taxArrears ?? 0) > 50 ? -2.5 : 0)`,
    ),
    expr("score", `total == null ? -1 : max([0, min([100, total + $.adjust])])`),
  ];
  const final = [
    expr(
      "set",
      `max([seriousDishonestyList ? 4 : -1, maxFineLastYear != null and maxFineLastYear >= 1000000 ? 3 : -1, score >= 0 and score < 45 and enforcementCases >= 2 ? 4 : -1])`,
    ),
    expr(
      "cap",
      `max([seriousPenaltyLastYear ? 3 : 0, taxCreditLevel == 'D' or environmentRating == '黑' or inAbnormalOperationList ? 2 : 0, commitmentBreachedLastYear or (scoreGrade == 'A' and certifications != null and certifications < 1) ? 1 : 0])`,
    ),
    expr("rank", `scoreGrade == null ? -1 : ({A: 0, B: 1, C: 2, D: 3, E: 4})[scoreGrade]`),
    expr(
      "floored",
      `yearsInOperation != null and yearsInOperation >= 20 and (taxCreditLevel == 'A' or taxCreditLevel == 'B') and not (seriousDishonestyList or seriousPenaltyLastYear or enforcementCases > 0) and $.rank > 1 ? 1 : $.rank`,
    ),
    expr("g", `$.set >= 0 ? $.set : $.floored`),
    expr("grade", `penaltiesUnclassified > 0 or $.g < 0 ? null : ['A', 'B', 'C', 'D', 'E'][max([$.g, $.cap])]`),
  ];
  return chainGraph(
    benchRuleset.inputs.map((i) => i.id),
    { facts, scores, adjust },
    final,
  );
}
