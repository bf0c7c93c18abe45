/**
 * The common credit scale (信用等级): five grades A–E in four classes, as set by the
 * Heilongjiang measures and the Hegang plan 三(一)1. Every ruleset grades onto this scale;
 * a ruleset may publish its own labels (tax A/B/M/C/D, environmental colours) on top.
 * @module
 */

/**
 * The five canonical grades, best first.
 * @category Basics
 */
export const GRADES = ["A", "B", "C", "D", "E"] as const;

/**
 * A canonical credit grade, `"A"` (best) to `"E"` (worst).
 * @category Basics
 */
export type Grade = (typeof GRADES)[number];

/**
 * The four credit classes (信用类别) of the common scale, best first.
 * @category Basics
 */
export const GRADE_CLASSES = ["trustworthy", "minor", "general", "serious"] as const;

/**
 * A credit class: 诚信守法 `trustworthy` (A, B), 轻微失信 `minor` (C),
 * 一般失信 `general` (D), 严重失信 `serious` (E).
 * @category Basics
 */
export type GradeClass = (typeof GRADE_CLASSES)[number];

/**
 * A text in Chinese and English.
 * @category Basics
 */
export interface BilingualName {
  /** The Chinese text. */
  readonly zh: string;
  /** The English text. */
  readonly en: string;
}

/**
 * Chinese and English names of each canonical grade's meaning.
 * @category Basics
 */
export const GRADE_NAMES: Readonly<Record<Grade, BilingualName>> = {
  A: { zh: "A级（诚信守法）", en: "A (trustworthy)" },
  B: { zh: "B级（诚信守法）", en: "B (trustworthy)" },
  C: { zh: "C级（轻微失信）", en: "C (minor dishonesty)" },
  D: { zh: "D级（一般失信）", en: "D (general dishonesty)" },
  E: { zh: "E级（严重失信）", en: "E (serious dishonesty)" },
};

/**
 * Chinese and English names of each credit class.
 * @category Basics
 */
export const CLASS_NAMES: Readonly<Record<GradeClass, BilingualName>> = {
  trustworthy: { zh: "诚信守法", en: "trustworthy" },
  minor: { zh: "轻微失信", en: "minor dishonesty" },
  general: { zh: "一般失信", en: "general dishonesty" },
  serious: { zh: "严重失信", en: "serious dishonesty" },
};

const RANK: Readonly<Record<Grade, number>> = { A: 0, B: 1, C: 2, D: 3, E: 4 };
const CLASS_OF: Readonly<Record<Grade, GradeClass>> = {
  A: "trustworthy",
  B: "trustworthy",
  C: "minor",
  D: "general",
  E: "serious",
};

/**
 * Whether a value is one of the canonical grades.
 * @param value - Anything.
 * @returns `true` for `"A"` to `"E"`.
 * @example
 * isGrade("C"); //=> true
 * isGrade("M"); //=> false
 * @category Basics
 */
export function isGrade(value: unknown): value is Grade {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(RANK, value);
}

/**
 * The rank of a grade: 0 for A (best) to 4 for E (worst).
 * @param grade - A canonical grade.
 * @returns Its rank.
 * @example
 * gradeRank("D"); //=> 3
 * @category Basics
 */
export function gradeRank(grade: Grade): number {
  return RANK[grade];
}

/**
 * Compares two grades for sorting best first.
 * @param a - A grade.
 * @param b - Another grade.
 * @returns A negative number when `a` is better than `b`, 0 when equal, positive when worse.
 * @example
 * ["C", "A", "E"].sort(compareGrades); //=> ["A", "C", "E"]
 * @category Basics
 */
export function compareGrades(a: Grade, b: Grade): number {
  return RANK[a] - RANK[b];
}

/**
 * Whether grade `a` is strictly better than grade `b`.
 * @param a - A grade.
 * @param b - Another grade.
 * @returns `true` when `a` ranks above `b`.
 * @example
 * isBetter("A", "B"); //=> true
 * @category Basics
 */
export function isBetter(a: Grade, b: Grade): boolean {
  return RANK[a] < RANK[b];
}

/**
 * The worst of one or more grades (the strictest view wins).
 * @param first - A grade.
 * @param rest - More grades.
 * @returns The grade with the highest rank.
 * @example
 * worstOf("B", "D", "C"); //=> "D"
 * @category Basics
 */
export function worstOf(first: Grade, ...rest: readonly Grade[]): Grade {
  let worst = first;
  for (const g of rest) if (RANK[g] > RANK[worst]) worst = g;
  return worst;
}

/**
 * The best of one or more grades.
 * @param first - A grade.
 * @param rest - More grades.
 * @returns The grade with the lowest rank.
 * @example
 * bestOf("B", "D", "C"); //=> "B"
 * @category Basics
 */
export function bestOf(first: Grade, ...rest: readonly Grade[]): Grade {
  let best = first;
  for (const g of rest) if (RANK[g] < RANK[best]) best = g;
  return best;
}

/**
 * Caps a grade so it is no better than `best` (a cap never raises a grade).
 * @param grade - The grade to cap.
 * @param best - The best grade allowed.
 * @returns `grade`, or `best` when `grade` is better than it.
 * @example
 * capGrade("A", "B"); //=> "B"
 * capGrade("C", "B"); //=> "C"
 * @category Basics
 */
export function capGrade(grade: Grade, best: Grade): Grade {
  return worstOf(grade, best);
}

/**
 * Floors a grade so it is no worse than `worst`.
 * @param grade - The grade to floor.
 * @param worst - The worst grade allowed.
 * @returns `grade`, or `worst` when `grade` is worse than it.
 * @example
 * floorGrade("E", "D"); //=> "D"
 * @category Basics
 */
export function floorGrade(grade: Grade, worst: Grade): Grade {
  return bestOf(grade, worst);
}

/**
 * The credit class a grade belongs to.
 * @param grade - A canonical grade.
 * @returns Its class.
 * @example
 * gradeClass("B"); //=> "trustworthy"
 * gradeClass("E"); //=> "serious"
 * @category Basics
 */
export function gradeClass(grade: Grade): GradeClass {
  return CLASS_OF[grade];
}
