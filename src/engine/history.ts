/**
 * History facts (历史评价事实) as the kernel computes them: a subject's earlier results read
 * once per subject into one entry per year (the last given for a year wins), then each history
 * fact of format/history.ts over the years before the evaluated one. Called from the kernel's
 * derive step (engine/kernel/facts.ts), as record lifetimes are (engine/lifetime.ts), so that
 * generated code and closures compute the same values; the subject's `history` is checked by
 * {@link historyIssues} from the kernel's `check`.
 * @module
 */
import { subjectIssue, type SubjectIssue } from "../base/errors.js";
import { isIsoDate } from "../base/date.js";
import { type Grade, gradeRank, GRADES, isGrade } from "../base/grade.js";
import type { HistoryFactDef } from "../format/history.js";
import { HISTORY_DECIDED_BY } from "../format/history.js";

/** One earlier year as the history facts read it. */
interface YearResult {
  readonly grade: Grade | null;
  readonly label: string | null;
  readonly decidedBy: string | null;
}

const own = (o: object, key: string): unknown => (Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined);

// The year of an entry: its `year`, else the year of its `asOf`.
function yearOf(e: object): number | undefined {
  const y = own(e, "year");
  if (typeof y === "number" && Number.isInteger(y)) return y;
  const d = own(e, "asOf");
  return typeof d === "string" && isIsoDate(d) ? Number(d.slice(0, 4)) : undefined;
}

/**
 * The problems of a subject's `history`, each with its path: an array of objects, each with an
 * integer `year` or a date `asOf`, a `grade` A–E or null, and optionally a string `label` and a
 * `decidedBy` an evaluation gives. Other properties (a decision record's) are left alone.
 * @param history - The subject's `history` (undefined: none).
 * @returns The issues (empty when fine).
 * @category Grading
 */
export function historyIssues(history: unknown): SubjectIssue[] {
  if (history === undefined || history === null) return [];
  if (!Array.isArray(history)) return [subjectIssue("WRONG_TYPE", ["history"], "an array of earlier results", show(history))];
  const out: SubjectIssue[] = [];
  history.forEach((e: unknown, i) => {
    if (e === null || typeof e !== "object" || Array.isArray(e)) {
      out.push(subjectIssue("WRONG_TYPE", ["history", i], "an earlier result { asOf or year, grade }", show(e)));
      return;
    }
    if (yearOf(e) === undefined) out.push(subjectIssue("REQUIRED_MISSING", ["history", i, "asOf"], "a date YYYY-MM-DD (or an integer year)", show(own(e, "asOf"))));
    const g = own(e, "grade");
    if (g !== null && !isGrade(g)) out.push(subjectIssue("UNKNOWN_CATEGORY", ["history", i, "grade"], `one of ${GRADES.join(", ")}, or null when not gradable`, show(g)));
    const l = own(e, "label");
    if (l !== undefined && l !== null && typeof l !== "string") out.push(subjectIssue("WRONG_TYPE", ["history", i, "label"], "a label or null", show(l)));
    const d = own(e, "decidedBy");
    if (d !== undefined && !(HISTORY_DECIDED_BY as readonly unknown[]).includes(d)) {
      out.push(subjectIssue("UNKNOWN_CATEGORY", ["history", i, "decidedBy"], `one of ${HISTORY_DECIDED_BY.join(", ")}`, show(d)));
    }
  });
  return out;
}

const show = (v: unknown): string => (v === undefined ? "nothing" : typeof v === "string" ? JSON.stringify(v) : Array.isArray(v) ? "an array" : v === null ? "null" : typeof v === "object" ? "an object" : String(v));

/**
 * The earlier results by year, read from a checked `history`: the last one given for a year wins.
 * @param history - The subject's `history`.
 * @param firstLabel - The first label of each grade under the ruleset (a result without a label has it).
 * @returns The results by year.
 * @category Grading
 */
export function historyByYear(history: unknown, firstLabel: Readonly<Record<Grade, string>>): Map<number, YearResult> {
  const out = new Map<number, YearResult>();
  if (!Array.isArray(history)) return out;
  for (const e of history as unknown[]) {
    if (e === null || typeof e !== "object") continue;
    const year = yearOf(e);
    if (year === undefined) continue;
    const g = own(e, "grade");
    const grade = isGrade(g) ? g : null;
    const l = own(e, "label");
    const d = own(e, "decidedBy");
    out.set(year, { grade, label: typeof l === "string" ? l : grade === null ? null : firstLabel[grade], decidedBy: typeof d === "string" ? d : null });
  }
  return out;
}

/**
 * One history fact as a function of the subject's results by year and the as-of date.
 * @param def - The fact.
 * @returns Its value: a number, a grade, a string, or `undefined` when missing.
 * @category Grading
 */
export function historyFact(def: HistoryFactDef): (years: ReadonlyMap<number, YearResult>, asOf: string) => unknown {
  const grades = def.grades === undefined ? undefined : new Set<string>(def.grades);
  const labels = def.labels === undefined ? undefined : new Set<string>(def.labels);
  const decided = def.decidedBy === undefined ? undefined : new Set<string>(def.decidedBy);
  const matches = (r: YearResult | undefined): boolean =>
    r !== undefined &&
    (grades === undefined || (r.grade !== null && grades.has(r.grade))) &&
    (labels === undefined || (r.label !== null && labels.has(r.label))) &&
    (decided === undefined || (r.decidedBy !== null && decided.has(r.decidedBy))) &&
    (grades !== undefined || labels !== undefined || decided !== undefined || r.grade !== null);
  const span = def.years ?? 50;
  return (years, asOf) => {
    const now = Number(asOf.slice(0, 4));
    switch (def.history) {
      case "previous": {
        const r = years.get(now - 1);
        const v = r === undefined ? null : r[def.field ?? "grade"];
        return v === null ? undefined : v;
      }
      case "consecutive": {
        let n = 0;
        while (matches(years.get(now - 1 - n))) n++;
        return n;
      }
      case "years-since": {
        let best: number | undefined;
        for (const [y, r] of years) if (y < now && matches(r) && (best === undefined || y > best)) best = y;
        return best === undefined ? undefined : now - best;
      }
      case "count": {
        let n = 0;
        for (let y = now - span; y < now; y++) if (matches(years.get(y))) n++;
        return n;
      }
      case "best":
      case "worst": {
        let pick: Grade | undefined;
        for (let y = now - span; y < now; y++) {
          const g = years.get(y)?.grade;
          if (g === undefined || g === null) continue;
          if (pick === undefined || (def.history === "best" ? gradeRank(g) < gradeRank(pick) : gradeRank(g) > gradeRank(pick))) pick = g;
        }
        return pick;
      }
    }
  };
}
