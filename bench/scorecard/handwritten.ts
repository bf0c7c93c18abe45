/**
 * The scorecard ruleset written by hand as plain JavaScript: what a developer would write for
 * this one scorecard, the "like for like" baseline of the scorecard workload. It validates
 * nothing (it trusts the data), explains nothing, and follows the ruleset's arithmetic: each
 * indicator's score on its own scale rounded to hundredths half-up, its contribution (score ×
 * points ÷ scale, weights mode) rounded again, the total an exact sum of hundredths. Rules read
 * the inputs as given (a missing number compares false, as in json-rules-engine).
 * @module
 */
import { bandRank, clamp01, GRADES, u } from "../hand-arith.js";
import type { ScorecardSubject } from "./population.js";

/** The hand-written function's answer: the grade (`null` when not gradable) and the score. */
export interface ScorecardOutcome {
  readonly grade: string | null;
  readonly score: number | null;
}

type Num = number | null | undefined;

// A score in hundredths on a 0–outOf scale, as hundredths of an indicator worth `points`.
const part = (scoreUnits: number, points: number, outOf = 100): number => u(((scoreUnits / 100) * points) / outOf);
const num = (v: unknown): v is number => typeof v === "number";

// Lookup tables in hundredths of the indicator's own scale.
const CAPITAL: Record<string, number> = { small: 4000, medium: 6000, large: 8000, xlarge: 10000 };
const TAX: Record<string, number> = { A: 10000, B: 8500, M: 7000, C: 4000, D: 0 };
const INDUSTRY: Record<string, number> = { AAA: 10000, AA: 8000, A: 6000 };
const ENV: Record<string, number> = { 绿: 10000, 蓝: 8000, 黄: 5000, 红: 0, 黑: 0 };
const INNOVATION: Record<string, number> = { 高新技术企业: 1000, 专精特新: 1000, 科技型中小企业: 500 };

/**
 * The indicator total in hundredths, or `null` when the years in operation are missing (the
 * only indicator whose missing input makes the subject not gradable).
 * @param x - The subject's inputs.
 */
export function scorecardTotalUnits(x: Record<string, unknown>): number | null {
  const years = x["registeredYears"] as Num;
  if (years == null) return null;
  // 基本情况 15
  let t = part(u(clamp01(years / 10) * 100), 4.5);
  t += x["annualReportFiled"] === true ? 300 : 0;
  t += x["abnormalOperationList"] === true ? 0 : 300;
  const timely = x["reportTimeliness"] as Num;
  t += timely == null ? 0 : part(u(clamp01((timely - 50) / 50) * 100), 2.25);
  t += part(CAPITAL[(x["capitalTier"] as string | null | undefined) ?? "small"]!, 2.25);
  // 金融财税 25
  t += part(TAX[(x["taxCreditLevel"] as string | null | undefined) ?? "M"]!, 8.75);
  const arrears = (x["taxArrears"] as Num) ?? 0;
  t += arrears <= 0 ? 500 : arrears < 10 ? 300 : arrears < 100 ? 100 : 0;
  t += part(u(clamp01((12 - ((x["socialInsuranceArrearsMonths"] as Num) ?? 0)) / 12) * 100), 5);
  const overdue = (x["loanOverdueDays"] as Num) ?? 0;
  t += overdue < 1 ? 625 : overdue < 30 ? part(7000, 6.25) : overdue < 90 ? part(3000, 6.25) : 0;
  // 守法合规 30
  const complete = x["nonRecurringDataComplete"] as boolean | null | undefined;
  const pm = x["penaltiesMinor"] as Num;
  const pg = x["penaltiesGeneral"] as Num;
  const ps = x["penaltiesSerious"] as Num;
  if (complete != null && pm != null && pg != null && ps != null) {
    const s = (complete ? 100 : 90) - Math.min(pm * 5, 20) - Math.min(pg * 15, 45) - Math.min(ps * 40, 80);
    t += part(u(Math.max(s, 0)), 9);
  }
  const judged = 100 - Math.min(((x["enforcementCases"] as Num) ?? 0) * 30, 60) - Math.min(((x["civilCasesLost"] as Num) ?? 0) * 10, 30);
  t += part(u(Math.max(judged, 10)), 6);
  const complaints = (x["verifiedComplaints"] as Num) ?? 0;
  t += complaints < 1 ? 450 : complaints < 3 ? part(7500, 4.5) : complaints < 6 ? part(2500, 4.5) : 0;
  t += part(u(clamp01((((x["qualityPassRate"] as Num) ?? 90) - 80) / 20) * 100), 4.5);
  t += part(u(Math.max(0, 100 - Math.min(((x["safetyIncidents"] as Num) ?? 0) * 50, 100))), 6);
  // 综合评价 20
  t += part(u(clamp01(((x["publicCompositeScore"] as Num) ?? 600) / 1000) * 100), 12);
  const rating = x["industryRating"] as string | null | undefined;
  t += part(rating == null ? 2000 : (INDUSTRY[rating] ?? 2000), 8);
  // 社会责任 10
  t += part(ENV[(x["environmentRating"] as string | null | undefined) ?? "蓝"]!, 3);
  t += x["charityOrVolunteer"] === true ? 200 : 80;
  const honours = (x["honours"] as Num) ?? 0;
  t += honours < 1 ? 0 : honours < 2 ? 125 : 250;
  t += part(INNOVATION[(x["innovationStatus"] as string | null | undefined) ?? "无"] ?? 0, 2.5, 10);
  return t;
}

/**
 * Grades one subject.
 * @param s - The subject.
 * @returns Its grade and score.
 */
export function scorecardHandwritten(s: ScorecardSubject): ScorecardOutcome {
  const x = s.inputs;
  const base = scorecardTotalUnits(x);
  const years = x["registeredYears"];
  const tax = x["taxCreditLevel"];
  const pg = x["penaltiesGeneral"];
  const ps = x["penaltiesSerious"];
  const enforcement = x["enforcementCases"];
  const honours = x["honours"];
  const months = x["socialInsuranceArrearsMonths"];
  const arrears = x["taxArrears"];
  const insured = x["insuredEmployees"];
  const declared = x["declaredEmployees"];
  let score: number | null = null;
  let rank = -1;
  if (base !== null) {
    let units = base;
    if (num(insured) && num(declared) && insured < declared) units -= 300;
    if (num(honours) && honours >= 2 && pg === 0 && ps === 0) units += 300;
    if ((num(months) && months > 6) || (num(arrears) && arrears > 50)) units -= 250;
    units = units > 10000 ? 10000 : units < 0 ? 0 : units;
    score = units / 100;
    rank = bandRank(units);
  }
  if (num(years) && years < 1) return { grade: null, score };
  let set = -1;
  if (x["seriousDishonestyList"] === true) set = 4;
  if (tax === "D" || (num(x["safetyIncidents"]) && (x["safetyIncidents"] as number) >= 3)) set = Math.max(set, 3);
  if (score !== null && score < 45 && num(enforcement) && enforcement >= 2) set = 4;
  let g: number;
  if (set >= 0) g = set;
  else {
    if (rank < 0) return { grade: null, score };
    g = rank;
    const dishonest = x["seriousDishonestyList"] === true || (num(ps) && ps > 0) || (num(enforcement) && enforcement > 0);
    if (num(years) && years >= 15 && (tax === "A" || tax === "B") && !dishonest && g > 1) g = 1;
  }
  let cap = 0;
  const env = x["environmentRating"];
  if (x["abnormalOperationList"] === true || (num(ps) && ps > 0) || env === "红" || env === "黑") cap = 2;
  if (num(x["loanOverdueDays"]) && (x["loanOverdueDays"] as number) >= 90) cap = 3;
  if (rank === 0 && ((num(x["verifiedComplaints"]) && (x["verifiedComplaints"] as number) >= 3) || (x["industryRating"] !== "AAA" && x["industryRating"] !== "AA"))) {
    cap = Math.max(cap, 1);
  }
  return { grade: GRADES[Math.max(g, cap)]!, score };
}
