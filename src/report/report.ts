/**
 * The grade report (等级分布报告) a regulator reads: how a year's evaluations are distributed over
 * grades and published labels by administrative division (province, prefecture, county, from the
 * unified social credit code), by industry and by credit class; how they changed against last
 * year (the year-over-year migration of `yearOverYear`, counted per group too); and which
 * subjects sit closest to a band boundary (the boundary distance `simulate` reports). Every
 * evaluation lands in exactly one group of each grouping: an unknown division or industry is a
 * group of its own. Pure: no clock, no I/O.
 * @module
 */
import type { BilingualName, Grade } from "../base/grade.js";
import { CLASS_NAMES, GRADE_CLASSES, gradeRank } from "../base/grade.js";
import { CreditGradingError } from "../base/errors.js";
import { USCC_CATEGORY_NAMES } from "../base/uscc.js";
import { compileRuleset } from "../engine/compile.js";
import type { CompiledRuleset, Evaluation, RulesetRef } from "../engine/types.js";
import { compileLabelScale } from "../format/labels.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import { type NearBoundary, ShiftCollector } from "../versions/simulate-shifts.js";
import { type YearMigration, type YearResults, yearOverYear } from "../versions/year-over-year.js";
import { divisionOf } from "./divisions.js";

/**
 * The groupings a report can count by, in the order they are listed by default.
 * @category Reports
 */
export const REPORT_GROUPINGS = ["province", "prefecture", "county", "industry", "class"] as const;

/**
 * A grouping of a report: an administrative level, the industry or the credit class.
 * @category Reports
 */
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/**
 * The outcomes a report counts: the grades A–E, and not gradable (不予评价).
 * @category Reports
 */
export const REPORT_OUTCOMES = ["A", "B", "C", "D", "E", "not-gradable"] as const;

/**
 * One outcome of {@link REPORT_OUTCOMES}.
 * @category Reports
 */
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/**
 * Options of {@link gradeReport}.
 * @category Reports
 */
export interface GradeReportOptions {
  /** The groupings, in order; default `["province", "industry", "class"]`. */
  readonly by?: readonly ReportGrouping[];
  /** This year's ruleset (the one every evaluation names): needed for `previous` and `nearBoundary`, and gives the labels their scheme order. */
  readonly compiled?: Ruleset | CompiledRuleset;
  /** Last year's results and their ruleset: adds the year-over-year migration and each group's moves. */
  readonly previous?: YearResults;
  /** List the subjects whose score lies within this many points of a band boundary of this year's ruleset. */
  readonly nearBoundary?: number;
  /**
   * A subject's industry as the host knows it (its name, e.g. from its registration data); left
   * out, or returning `undefined`, the industry is the USCC's registration department and
   * organisation category (characters 1–2, GB 32100 表2: `91` 企业, `92` 个体工商户 …).
   */
  readonly industryOf?: (evaluation: Evaluation) => string | undefined;
}

/**
 * Year-over-year moves of one group's subjects (their group is this year's).
 * @category Reports
 */
export interface GroupChanges {
  /** Graded better than last year. */
  readonly up: number;
  /** Graded worse. */
  readonly down: number;
  /** To or from not gradable. */
  readonly other: number;
  /** Same grade and label. */
  readonly unchanged: number;
  /** Not graded last year. */
  readonly entered: number;
}

/**
 * One group of a grouping and its counts.
 * @category Reports
 */
export interface ReportGroup {
  /** The group's key: a 6-digit division code, the USCC category (`91`) or the host's industry, a class, `not-gradable`; `""` when the subject id carries no code. */
  readonly key: string;
  /** Its name (a division's name is the same in both languages); `unknown (code)` when the table does not know the key. */
  readonly name: BilingualName;
  /** Whether the key is known (a division of the table, a category of GB 32100, any host industry or class). */
  readonly known: boolean;
  /** Subjects in the group. */
  readonly total: number;
  /** Subjects by outcome. */
  readonly grades: Readonly<Record<ReportOutcome, number>>;
  /** Subjects by published label (keys in the report's `labels` order). */
  readonly labels: Readonly<Record<string, number>>;
  /** Moves against last year (`null` without `previous`). */
  readonly changes: GroupChanges | null;
}

/**
 * A grade report: see {@link gradeReport}.
 * @category Reports
 */
export interface GradeReport {
  /** The ruleset version of the evaluations (`null` when there are none). */
  readonly ruleset: RulesetRef | null;
  /** The as-of date of the evaluations (the first one's; `null` when there are none). */
  readonly asOf: string | null;
  /** How many evaluations were counted (each grouping's groups add up to it). */
  readonly total: number;
  /** Subjects by outcome, over all. */
  readonly grades: Readonly<Record<ReportOutcome, number>>;
  /** The published labels that occurred, in the scheme's order, then `not-gradable` when any. */
  readonly labels: readonly string[];
  /** Each grouping asked for, its groups in key order (unknown keys last). */
  readonly groupings: readonly { readonly by: ReportGrouping; readonly groups: readonly ReportGroup[] }[];
  /** The year-over-year migration (`null` without `previous`). */
  readonly migration: YearMigration | null;
  /** The distance asked for in `nearBoundary`, or `null`. */
  readonly boundaryDistance: number | null;
  /** Subjects within `boundaryDistance` points of a band boundary, nearest first. */
  readonly nearBoundary: readonly NearBoundary[];
}

const NOT_GRADABLE: BilingualName = { zh: "不予评价", en: "not gradable" };

function emptyCounts(): Record<ReportOutcome, number> {
  return { A: 0, B: 0, C: 0, D: 0, E: 0, "not-gradable": 0 };
}

function toCompiled(r: Ruleset | CompiledRuleset): CompiledRuleset {
  return "evaluate" in r && typeof r.evaluate === "function" ? (r as CompiledRuleset) : compileRuleset(r);
}

function unknown(code: string): BilingualName {
  return code === "" ? { zh: "未知（无代码）", en: "unknown (no code)" } : { zh: `未知（${code}）`, en: `unknown (${code})` };
}

interface Key {
  readonly key: string;
  readonly name: BilingualName;
  readonly known: boolean;
}

// The group of one evaluation under one grouping.
function keyOf(e: Evaluation, by: ReportGrouping, industryOf: GradeReportOptions["industryOf"]): Key {
  if (by === "class") {
    return e.class === null ? { key: "not-gradable", name: NOT_GRADABLE, known: true } : { key: e.class, name: CLASS_NAMES[e.class], known: true };
  }
  if (by === "industry") {
    const own = industryOf?.(e);
    if (typeof own === "string" && own !== "") return { key: own, name: { zh: own, en: own }, known: true };
    // Else the registration department and organisation category (characters 1–2 of the code,
    // GB 32100 表2): an evaluation carries no input data, and the code is what every subject has.
    const code = e.subjectId.length === 18 ? e.subjectId.slice(0, 2) : "";
    const name = USCC_CATEGORY_NAMES[code];
    return name === undefined || !Object.hasOwn(USCC_CATEGORY_NAMES, code) ? { key: code, name: unknown(code), known: false } : { key: code, name, known: true };
  }
  const d = divisionOf(e.subjectId, by);
  return d.name === null ? { key: d.code, name: unknown(d.code), known: false } : { key: d.code, name: { zh: d.name, en: d.name }, known: true };
}

// Order of groups: classes on the scale, others by key; unknown keys last.
function groupOrder(by: ReportGrouping): (a: ReportGroup, b: ReportGroup) => number {
  const classRank = (k: string): number => (GRADE_CLASSES as readonly string[]).indexOf(k) >>> 0;
  return (a, b) => {
    if (a.known !== b.known) return a.known ? -1 : 1;
    if (by === "class") return classRank(a.key) - classRank(b.key);
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

// The labels that occurred: the scheme's order when the ruleset is known, else by grade, then as first seen.
function labelOrder(evaluations: readonly Evaluation[], ruleset: Ruleset | undefined): string[] {
  const seen = new Map<string, Grade>();
  let notGradable = false;
  for (const e of evaluations) {
    if (e.label === null || e.grade === null) notGradable = true;
    else if (!seen.has(e.label)) seen.set(e.label, e.grade);
  }
  const scheme = ruleset === undefined ? [] : compileLabelScale(ruleset.labels).entries.map((x) => x.label).filter((l) => seen.has(l));
  const rest = [...seen].filter(([l]) => !scheme.includes(l)).sort(([, a], [, b]) => gradeRank(a) - gradeRank(b)).map(([l]) => l);
  return [...new Set([...scheme, ...rest]), ...(notGradable ? ["not-gradable"] : [])];
}

/**
 * Counts a year's evaluations by grade and label for each grouping asked for (province,
 * prefecture, county from characters 3–8 of the USCC, named from GB/T 2260; industry; credit
 * class), with the year-over-year migration and each group's moves when last year's results are
 * given, and the subjects nearest a band boundary.
 * @param evaluations - This year's evaluations (`compiled.evaluate`, or `evaluate --full` lines), all of one ruleset version, a subject once.
 * @param options - Groupings, this year's ruleset, last year's results, the boundary distance, the host's industries.
 * @returns The report; {@link formatReport} writes it as Markdown.
 * @throws CreditGradingError `INVALID_OPTIONS` for evaluations of several ruleset versions, a subject twice, an unknown grouping, `previous` or `nearBoundary` without `compiled`, or a negative distance.
 * @example
 * const r = gradeReport(results, { by: ["province", "class"] });
 * r.groupings[0]?.groups[0]; //=> { key: "230000", name: { zh: "黑龙江省", en: "黑龙江省" }, known: true, total: 12, grades: { A: 3, … }, … }
 * @category Reports
 */
export function gradeReport(evaluations: readonly Evaluation[], options: GradeReportOptions = {}): GradeReport {
  const by = options.by ?? ["province", "industry", "class"];
  for (const g of by) if (!(REPORT_GROUPINGS as readonly string[]).includes(g)) throw new CreditGradingError("INVALID_OPTIONS", `gradeReport: grouping ${JSON.stringify(g)} is not one of ${REPORT_GROUPINGS.join(", ")}`);
  const first = evaluations[0];
  const ids = new Map<string, number>();
  evaluations.forEach((e, i) => {
    if (first !== undefined && (e.ruleset.id !== first.ruleset.id || e.ruleset.version !== first.ruleset.version)) {
      throw new CreditGradingError("INVALID_OPTIONS", `gradeReport: evaluation ${i} (subject ${e.subjectId}) was graded by ${e.ruleset.id}@${e.ruleset.version}, evaluation 0 by ${first.ruleset.id}@${first.ruleset.version}`);
    }
    const before = ids.get(e.subjectId);
    if (before !== undefined) throw new CreditGradingError("INVALID_OPTIONS", `gradeReport: subject ${e.subjectId} appears twice (evaluations ${before} and ${i})`);
    ids.set(e.subjectId, i);
  });
  const distance = options.nearBoundary;
  if ((options.previous !== undefined || distance !== undefined) && options.compiled === undefined) {
    throw new CreditGradingError("INVALID_OPTIONS", "gradeReport: previous and nearBoundary need this year's ruleset (compiled)");
  }
  if (distance !== undefined && !(Number.isFinite(distance) && distance >= 0)) {
    throw new CreditGradingError("INVALID_OPTIONS", `gradeReport: nearBoundary must be a number of points ≥ 0, received ${String(distance)}`);
  }
  const compiled = options.compiled === undefined ? undefined : toCompiled(options.compiled);
  const migration = options.previous === undefined || compiled === undefined ? null : yearOverYear(options.previous, { ruleset: compiled, results: evaluations });
  const moves = new Map<string, "up" | "down" | "other">();
  for (const m of migration?.movers ?? []) if (m.subjectId !== undefined) moves.set(m.subjectId, m.direction);
  const entered = new Set(migration?.entered ?? []);

  const labels = labelOrder(evaluations, compiled?.ruleset);
  const grades = emptyCounts();
  for (const e of evaluations) grades[e.grade ?? "not-gradable"]++;
  const groupings = by.map((g) => {
    const groups = new Map<string, { k: Key; total: number; grades: Record<ReportOutcome, number>; labels: Record<string, number>; changes: { up: number; down: number; other: number; unchanged: number; entered: number } | null }>();
    for (const e of evaluations) {
      const k = keyOf(e, g, options.industryOf);
      let group = groups.get(k.key);
      if (group === undefined) {
        group = { k, total: 0, grades: emptyCounts(), labels: Object.fromEntries(labels.map((l) => [l, 0])), changes: migration === null ? null : { up: 0, down: 0, other: 0, unchanged: 0, entered: 0 } };
        groups.set(k.key, group);
      }
      group.total++;
      group.grades[e.grade ?? "not-gradable"]++;
      const label = e.grade === null || e.label === null ? "not-gradable" : e.label;
      group.labels[label] = (group.labels[label] ?? 0) + 1;
      if (group.changes !== null) group.changes[entered.has(e.subjectId) ? "entered" : (moves.get(e.subjectId) ?? "unchanged")]++;
    }
    const list: ReportGroup[] = [...groups.values()].map((x) => ({ key: x.k.key, name: x.k.name, known: x.k.known, total: x.total, grades: x.grades, labels: x.labels, changes: x.changes }));
    return { by: g, groups: list.sort(groupOrder(g)) };
  });

  let nearBoundary: NearBoundary[] = [];
  if (distance !== undefined && compiled !== undefined) {
    const shifts = new ShiftCollector(compiled.ruleset, compiled.ruleset.rounding.scale, distance);
    evaluations.forEach((e, i) => shifts.add(i, { ok: true, ev: e }, { ok: true, ev: e }));
    nearBoundary = shifts.nearBoundary();
  }
  return { ruleset: first?.ruleset ?? null, asOf: first?.asOf ?? null, total: evaluations.length, grades, labels, groupings, migration, boundaryDistance: distance ?? null, nearBoundary };
}
