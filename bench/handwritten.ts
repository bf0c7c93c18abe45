/**
 * The benchmark ruleset written by hand as plain JavaScript: what a developer would write for
 * this one scorecard and this one as-of date, with every date cut-off computed once up front.
 * It validates nothing (it trusts the data), builds no explanation, and rounds each indicator
 * score to hundredths half-up exactly as the ruleset's rounding policy says. It is the
 * baseline the compiled evaluator is compared with.
 * @module
 */
import { addDuration, parseDuration } from "../src/base/date.js";
import { bandRank, clamp01, GRADES, u } from "./hand-arith.js";

type Rec = Record<string, unknown>;

/** The derived facts of one subject, as the ruleset's `facts` define them. */
export interface HandFacts {
  penaltiesMinor: number;
  penaltiesGeneral: number;
  penaltiesSerious: number;
  penaltiesUnclassified: number;
  seriousPenaltyLastYear: boolean;
  maxFineLastYear: number | null;
  seriousDishonestyList: boolean;
  inAbnormalOperationList: boolean;
  enforcementCases: number;
  commitmentsDue3y: number;
  commitmentsHonoured3y: number;
  commitmentRate: number;
  commitmentBreachedLastYear: boolean;
}

/** The hand-written functions for one as-of date. */
export interface Handwritten {
  /** The grade (A–E) or `null` when not gradable. */
  readonly grade: (subject: { inputs: Rec; records: Rec[] }) => string | null;
  /** The derived facts only (used by the json-rules-engine path). */
  readonly facts: (records: Rec[]) => HandFacts;
  /** The indicator total in hundredths before adjust-points rules, or `null` when not gradable. */
  readonly totalUnits: (inputs: Rec, f: HandFacts) => number | null;
}

const minus = (asOf: string, d: string): string => addDuration(asOf, parseDuration(d)!, -1);
const TAX: Record<string, number> = { A: 1000, B: 800, M: 700, N: 600, C: 400, D: 0 };
const CAPITAL: Record<string, number> = { small: 50, medium: 100, large: 150, xlarge: 200 };
const ASSOC: Record<string, number> = { AAA: 300, AA: 200, A: 100 };
const ENV: Record<string, number> = { 绿: 500, 蓝: 400, 黄: 200, 红: 0, 黑: 0 };
const INNOV: Record<string, number> = { 高新技术企业: 100, 专精特新: 100, 科技型中小企业: 50, 无: 0 };

/**
 * Builds the hand-written grading functions for an as-of date.
 * @param asOf - The as-of date.
 * @returns The functions.
 */
export function handwritten(asOf: string): Handwritten {
  // Publicity by severity: a penalty counts while date + max − 1 day ≥ asOf, i.e. while
  // date > asOf − max (exact for this month-end as-of date; the bench checks agreement).
  const cutSerious = minus(asOf, "P3Y");
  const cutGeneral = minus(asOf, "P1Y");
  const cutMinor = minus(asOf, "P3M");
  const last1y = minus(asOf, "P1Y");
  const last3y = minus(asOf, "P3Y");
  const last100y = minus(asOf, "P100Y");

  const counts = (r: Rec): boolean => {
    const date = r["date"] as string;
    if (date > asOf) return false;
    const revoked = r["revokedAt"];
    if (typeof revoked === "string" && revoked <= asOf) return false;
    const repaired = r["repairedAt"];
    if (typeof repaired === "string" && repaired <= asOf) return false;
    const until = r["publicUntil"];
    if (typeof until === "string") return until >= asOf;
    if (r["type"] !== "penalty") return true;
    const s = r["severity"];
    return s === "serious" ? date > cutSerious : s === "general" ? date > cutGeneral : s === "minor" ? date > cutMinor : true;
  };

  const facts = (records: Rec[]): HandFacts => {
    let pm = 0, pg = 0, ps = 0, pu = 0, spl = false, maxFine: number | null = null, sdl = false, abn = false, enf = 0, due = 0, hon = 0, breach = false;
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      if (!counts(r)) continue;
      const date = r["date"] as string;
      switch (r["type"]) {
        case "penalty": {
          const s = r["severity"];
          const inLastYear = date > last1y;
          if (s === "minor") pm++;
          else if (s === "general") pg++;
          else if (s === "serious") {
            ps++;
            if (inLastYear) spl = true;
          } else pu++;
          const amount = r["amount"];
          if (inLastYear && typeof amount === "number" && (maxFine === null || amount > maxFine)) maxFine = amount;
          break;
        }
        case "list-entry":
          if (r["list"] === "严重失信主体名单") sdl = true;
          else if (r["list"] === "经营异常名录") abn = true;
          break;
        case "commitment": {
          const d = r["dueDate"] as string;
          const h = r["honoured"];
          if (d <= asOf && d > last3y && typeof h === "boolean") {
            due++;
            if (h) hon++;
          }
          if (d <= asOf && d > last1y && h === false) breach = true;
          break;
        }
        case "enforcement-case": {
          const c = r["closedAt"];
          if (!(typeof c === "string" && c <= asOf && c > last100y)) enf++;
          break;
        }
      }
    }
    return {
      penaltiesMinor: pm,
      penaltiesGeneral: pg,
      penaltiesSerious: ps,
      penaltiesUnclassified: pu,
      seriousPenaltyLastYear: spl,
      maxFineLastYear: maxFine,
      seriousDishonestyList: sdl,
      inAbnormalOperationList: abn,
      enforcementCases: enf,
      commitmentsDue3y: due,
      commitmentsHonoured3y: hon,
      commitmentRate: due === 0 ? 1 : hon / due,
      commitmentBreachedLastYear: breach,
    };
  };

  const totalUnits = (x: Rec, f: HandFacts): number | null => {
    const years = x["yearsInOperation"] as number | null | undefined;
    if (years == null) return null;
    let t = u(clamp01(years / 10) * 5);
    t += x["annualReportFiled"] === true ? 300 : 0;
    t += CAPITAL[(x["capitalTier"] as string | null | undefined) ?? "small"]!;
    t += TAX[(x["taxCreditLevel"] as string | null | undefined) ?? "N"]!;
    const arrears = (x["taxArrears"] as number | null | undefined) ?? 0;
    t += arrears <= 0 ? 500 : arrears < 10 ? 300 : arrears < 100 ? 100 : 0;
    t += u(clamp01((12 - ((x["socialInsuranceArrearsMonths"] as number | null | undefined) ?? 0)) / 12) * 3);
    t += u(clamp01(((x["publicScore"] as number | null | undefined) ?? 60) / 100) * 4);
    t += f.inAbnormalOperationList ? 0 : 500;
    const certs = (x["certifications"] as number | null | undefined) ?? 0;
    t += certs < 1 ? 0 : certs < 2 ? 200 : 400;
    const assoc = x["associationRating"] as string | null | undefined;
    t += assoc == null ? 0 : (ASSOC[assoc] ?? 0);
    const timely = x["dataTimeliness"] as number | null | undefined;
    t += timely == null ? 0 : u(clamp01((timely - 50) / 50) * 3);
    const civil = (x["civilCasesLost"] as number | null | undefined) ?? 0;
    t += u(Math.max(0, 14 - Math.min(f.enforcementCases * 3, 9) - Math.min(civil, 5)));
    t += u(Math.max(0, 16 - Math.min(f.penaltiesMinor * 2, 6) - Math.min(f.penaltiesGeneral * 4, 12) - Math.min(f.penaltiesSerious * 8, 16)));
    t += u(clamp01(f.commitmentRate) * 4);
    const complaints = (x["verifiedComplaints"] as number | null | undefined) ?? 0;
    t += complaints < 1 ? 400 : complaints < 3 ? 300 : complaints < 6 ? 100 : 0;
    t += ENV[(x["environmentRating"] as string | null | undefined) ?? "蓝"]!;
    t += u(Math.max(0, 4 - Math.min(((x["productQualityFailures"] as number | null | undefined) ?? 0) * 2, 4)));
    const honours = (x["honours"] as number | null | undefined) ?? 0;
    t += honours < 1 ? 0 : honours < 2 ? 150 : 300;
    t += x["charityOrVolunteer"] === true ? 200 : 0;
    t += INNOV[(x["innovationStatus"] as string | null | undefined) ?? "无"]!;
    return t;
  };

  const grade = (s: { inputs: Rec; records: Rec[] }): string | null => {
    const x = s.inputs;
    const f = facts(s.records);
    if (f.penaltiesUnclassified > 0) return null;
    const base = totalUnits(x, f);
    const years = x["yearsInOperation"] as number | null | undefined;
    const honours = x["honours"] as number | null | undefined;
    const tax = x["taxCreditLevel"];
    let adjust = 0;
    if (honours != null && honours >= 2 && f.penaltiesGeneral === 0 && f.penaltiesSerious === 0) adjust += 200;
    if (((x["verifiedComplaints"] as number | null | undefined) ?? 0) > 5) adjust -= 300;
    if (((x["socialInsuranceArrearsMonths"] as number | null | undefined) ?? 0) > 6 || ((x["taxArrears"] as number | null | undefined) ?? 0) > 50) adjust -= 250;
    let scoreRank = -1;
    let score = 0;
    if (base !== null) {
      score = base + adjust;
      if (score > 10000) score = 10000;
      if (score < 0) score = 0;
      scoreRank = bandRank(score);
    }
    let set = -1;
    if (f.seriousDishonestyList) set = 4;
    if (f.maxFineLastYear !== null && f.maxFineLastYear >= 1_000_000) set = Math.max(set, 3);
    if (base !== null && score < 4500 && f.enforcementCases >= 2) set = 4;
    let cap = 0;
    if (f.seriousPenaltyLastYear) cap = 3;
    if (tax === "D" || x["environmentRating"] === "黑" || f.inAbnormalOperationList) cap = Math.max(cap, 2);
    if (f.commitmentBreachedLastYear || (scoreRank === 0 && typeof x["certifications"] === "number" && x["certifications"] < 1)) cap = Math.max(cap, 1);
    let g: number;
    if (set >= 0) g = set;
    else {
      if (scoreRank < 0) return null;
      g = scoreRank;
      const dishonest = f.seriousDishonestyList || f.seriousPenaltyLastYear || f.enforcementCases > 0;
      if (years != null && years >= 20 && (tax === "A" || tax === "B") && !dishonest && g > 1) g = 1;
    }
    return GRADES[Math.max(g, cap)]!;
  };

  return { grade, facts, totalUnits };
}
