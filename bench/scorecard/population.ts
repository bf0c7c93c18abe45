/**
 * A seeded population for the scorecard workload: the same seed gives the same subjects, byte
 * for byte. Each subject has the 27 inputs of `bench/scorecard/ruleset.ts` and no records;
 * about 3 % of inputs are missing (half `null`, half absent), so subjects come in many object
 * shapes as real data do. A latent quality spreads the grades over A–E; a few subjects are on
 * the serious-dishonesty list, established under a year (not gradable) or miss the input
 * whose absence makes them not gradable.
 * @module
 */
import { chance, inputWriter, pick } from "../random-inputs.js";
import { createRandom, type Random } from "../../src/supervision/random.js";

/** A scorecard subject: inputs only. */
export interface ScorecardSubject {
  readonly id: string;
  readonly inputs: Record<string, unknown>;
}

/**
 * Generates the population.
 * @param count - How many subjects.
 * @param seed - The seed.
 * @returns The subjects, in order.
 */
export function generateScorecardPopulation(count: number, seed = "credit-grading-bench-scorecard-1"): ScorecardSubject[] {
  const rng = createRandom(seed);
  const out: ScorecardSubject[] = [];
  for (let i = 0; i < count; i++) out.push(generateSubject(rng, i));
  return out;
}

/**
 * The same population, one subject at a time (nothing held): the first `count` subjects of
 * `generateScorecardPopulation(count, seed)`, in order.
 * @param count - How many subjects.
 * @param seed - The seed.
 */
export function* streamScorecardPopulation(count: number, seed = "credit-grading-bench-scorecard-1"): Generator<ScorecardSubject> {
  const rng = createRandom(seed);
  for (let i = 0; i < count; i++) yield generateSubject(rng, i);
}

function generateSubject(rng: Random, i: number): ScorecardSubject {
  // A latent "quality" in 0..1 drives most inputs, so grades spread over A–E; risk(best, worst)
  // is the chance of a bad fact, from `best` for the best subjects to `worst` for the worst.
  const q = (rng.int(1001) / 1000) ** 0.6;
  const risk = (best: number, worst: number) => chance(rng, best * q + worst * (1 - q));
  const inputs: Record<string, unknown> = {};
  const put = inputWriter(rng, inputs);
  put("registeredYears", chance(rng, 0.015) ? 0 : Math.round(q * 18 + rng.int(8)), 0.004);
  put("annualReportFiled", !risk(0.02, 0.4));
  put("abnormalOperationList", risk(0.005, 0.25));
  put("reportTimeliness", Math.min(100, 30 + Math.round(q * 60) + rng.int(15)));
  put("capitalTier", pick(rng, ["small", "medium", "large", "xlarge"]));
  put("taxCreditLevel", q > 0.8 ? pick(rng, ["A", "A", "B", "M"]) : q > 0.4 ? pick(rng, ["B", "M", "M", "C"]) : pick(rng, ["M", "C", "C", "D"]));
  put("taxArrears", risk(0.03, 0.5) ? pick(rng, [0.5, 3, 9.99, 10, 42, 99, 100, 350]) : 0);
  put("socialInsuranceArrearsMonths", risk(0.03, 0.4) ? 1 + rng.int(17) : 0);
  put("loanOverdueDays", risk(0.03, 0.45) ? pick(rng, [5, 20, 45, 89, 90, 120, 365]) : 0);
  put("nonRecurringDataComplete", chance(rng, 0.7));
  put("penaltiesMinor", risk(0.1, 0.6) ? 1 + rng.int(4) : 0, 0.01);
  put("penaltiesGeneral", risk(0.03, 0.4) ? 1 + rng.int(3) : 0, 0.01);
  put("penaltiesSerious", risk(0.003, 0.12) ? 1 + rng.int(2) : 0, 0.01);
  put("enforcementCases", risk(0.01, 0.3) ? 1 + rng.int(3) : 0);
  put("civilCasesLost", risk(0.05, 0.4) ? 1 + rng.int(6) : 0);
  put("verifiedComplaints", risk(0.05, 0.5) ? 1 + rng.int(9) : 0);
  put("qualityPassRate", Math.min(100, Math.max(0, 70 + Math.round(q * 250 + rng.int(60)) / 10)));
  put("safetyIncidents", risk(0.01, 0.2) ? 1 + rng.int(3) : 0);
  put("publicCompositeScore", Math.min(1000, Math.round(350 + q * 550 + rng.int(100))));
  put("industryRating", q > 0.7 ? pick(rng, ["AAA", "AA", "AA", "A"]) : pick(rng, ["AA", "A", "B", "C"]));
  put("environmentRating", q > 0.6 ? pick(rng, ["绿", "蓝", "蓝"]) : pick(rng, ["绿", "蓝", "蓝", "黄", "黄", "红", "黑"]));
  put("charityOrVolunteer", !risk(0.3, 0.8));
  put("honours", chance(rng, 0.6 * q) ? 1 + rng.int(3) : 0);
  put("innovationStatus", pick(rng, ["高新技术企业", "专精特新", "科技型中小企业", "无", "无", "无"]));
  put("seriousDishonestyList", risk(0.002, 0.06));
  const declared = 1 + rng.int(500);
  put("declaredEmployees", declared);
  put("insuredEmployees", risk(0.05, 0.4) ? Math.floor((declared * rng.int(100)) / 100) : declared);
  return { id: `SCORE${String(i).padStart(7, "0")}`, inputs };
}
