/**
 * A seeded population of subjects for the benchmark ruleset: the same seed gives the same
 * subjects, byte for byte. About 3 % of inputs are missing (null or absent), a few subjects
 * miss an input that makes them not gradable, and each subject carries 0–9 dated records
 * (penalties of every severity, some repaired or revoked, list entries, commitments,
 * enforcement cases, some records after the as-of date).
 * @module
 */
import { chance, inputWriter, pick } from "./random-inputs.js";
import { createRandom, type Random } from "../src/supervision/random.js";

/** A benchmark subject. */
export interface BenchSubject {
  readonly id: string;
  readonly inputs: Record<string, unknown>;
  readonly records: Record<string, unknown>[];
}

const DAY = 86_400_000;
const START = Date.UTC(2019, 0, 1) / DAY;
const END = Date.UTC(2026, 2, 31) / DAY;
const iso = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY;

/**
 * Generates the population.
 * @param count - How many subjects.
 * @param seed - The seed.
 * @returns The subjects, in order.
 */
export function generatePopulation(count: number, seed = "credit-grading-bench-1"): BenchSubject[] {
  const rng = createRandom(seed);
  const out: BenchSubject[] = [];
  for (let i = 0; i < count; i++) out.push(generateSubject(rng, i));
  return out;
}

/**
 * The same population, one subject at a time (nothing held): the first `count` subjects of
 * `generatePopulation(count, seed)`, in order.
 * @param count - How many subjects.
 * @param seed - The seed.
 */
export function* streamPopulation(count: number, seed = "credit-grading-bench-1"): Generator<BenchSubject> {
  const rng = createRandom(seed);
  for (let i = 0; i < count; i++) yield generateSubject(rng, i);
}

function generateSubject(rng: Random, i: number): BenchSubject {
  // A latent "quality" in 0..1 drives most inputs, so grades spread over A–E.
  const q = (rng.int(1001) / 1000) ** 0.7;
  const good = (p: number) => chance(rng, p * q + (1 - p) * (1 - q) * 0.3);
  const inputs: Record<string, unknown> = {};
  const put = inputWriter(rng, inputs);
  put("yearsInOperation", Math.round(q * 25 + rng.int(8)), 0.004);
  put("annualReportFiled", good(0.9));
  put("capitalTier", pick(rng, ["small", "medium", "large", "xlarge"]));
  put("taxCreditLevel", q > 0.8 ? pick(rng, ["A", "A", "B", "M"]) : q > 0.4 ? pick(rng, ["B", "M", "N", "C"]) : pick(rng, ["N", "C", "D", "D"]));
  put("taxArrears", good(0.8) ? 0 : pick(rng, [0.5, 3, 9.99, 10, 42, 99, 100, 350]));
  put("socialInsuranceArrearsMonths", good(0.85) ? 0 : rng.int(18));
  put("publicScore", Math.min(100, Math.round(40 + q * 55 + rng.int(10))));
  put("certifications", good(0.5) ? 1 + rng.int(3) : 0);
  put("associationRating", pick(rng, ["AAA", "AA", "A", "B"]));
  put("dataTimeliness", Math.min(100, 30 + Math.round(q * 60) + rng.int(15)));
  put("civilCasesLost", good(0.85) ? 0 : rng.int(7));
  put("verifiedComplaints", good(0.8) ? 0 : rng.int(10));
  put("environmentRating", q > 0.6 ? pick(rng, ["绿", "蓝", "蓝"]) : pick(rng, ["蓝", "黄", "红", "黑"]));
  put("productQualityFailures", good(0.9) ? 0 : rng.int(4));
  put("honours", good(0.4) ? rng.int(4) : 0);
  put("charityOrVolunteer", good(0.5));
  put("innovationStatus", pick(rng, ["高新技术企业", "专精特新", "科技型中小企业", "无", "无", "无"]));

  const records: Record<string, unknown>[] = [];
  const nRecords = q > 0.85 ? rng.int(2) : rng.int(10 - Math.round(q * 6));
  for (let k = 0; k < nRecords; k++) {
    const day = START + rng.int(END - START + 1);
    const date = iso(day);
    const id = `R${String(k + 1).padStart(3, "0")}`;
    const kind = rng.int(100);
    if (kind < 45) {
      const r: Record<string, unknown> = { id, type: "penalty", date, amount: pick(rng, [0, 2000, 50_000, 200_000, 999_999, 1_000_000, 1_800_000]) };
      const s = rng.int(1000);
      if (s >= 3) r["severity"] = s < 500 ? "minor" : s < 800 ? "general" : "serious";
      if (chance(rng, 0.15)) r["repairedAt"] = iso(Math.min(day + 30 + rng.int(600), END));
      if (chance(rng, 0.03)) r["revokedAt"] = iso(day + rng.int(400));
      records.push(r);
    } else if (kind < 60) {
      const r: Record<string, unknown> = { id, type: "list-entry", date, list: pick(rng, ["严重失信主体名单", "经营异常名录", "经营异常名录", "诚信黑名单"]) };
      if (chance(rng, 0.4)) r["repairedAt"] = iso(day + rng.int(900));
      if (chance(rng, 0.1)) r["publicUntil"] = iso(day + 180 + rng.int(720));
      records.push(r);
    } else if (kind < 85) {
      const due = day + 30 + rng.int(200);
      const r: Record<string, unknown> = { id, type: "commitment", date, dueDate: iso(due) };
      if (chance(rng, 0.85)) r["honoured"] = chance(rng, 0.4 + 0.55 * q);
      records.push(r);
    } else {
      const r: Record<string, unknown> = { id, type: "enforcement-case", date, amount: 1000 * (1 + rng.int(500)) };
      if (chance(rng, 0.6)) r["closedAt"] = iso(day + rng.int(700));
      records.push(r);
    }
  }
  records.sort((a, b) => dayOf(a["date"] as string) - dayOf(b["date"] as string));
  return { id: `BENCH${String(i).padStart(7, "0")}`, inputs, records };
}
