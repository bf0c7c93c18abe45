/**
 * Year-over-year migration (年度等级迁移) of a population: last year's results and this year's,
 * matched by subject id, as a migration matrix with the movers and their reasons (score change
 * and the indicators behind it, rules newly fired or cleared, bands), tabulated as `simulate`
 * tabulates a change of ruleset version. Subjects graded in one year only are listed apart.
 * @module
 */
import { CreditGradingError } from "../base/errors.js";
import { compileRuleset } from "../engine/compile.js";
import type { CompiledRuleset, Evaluation } from "../engine/types.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import { type Migration, type MigrationPair, tabulateMigration } from "./simulate.js";

/**
 * One year's results: the evaluations and the ruleset version that gave them.
 * @category Versions
 */
export interface YearResults {
  /** The ruleset version every result of the year was graded by. */
  readonly ruleset: Ruleset | CompiledRuleset;
  /** The evaluations (`compiled.evaluate`, or `evaluate --full` lines). */
  readonly results: readonly Evaluation[];
}

/**
 * A year-over-year migration: the matrix and movers of the subjects graded in both years, and
 * those graded in one year only.
 * @category Versions
 */
export interface YearMigration extends Migration {
  /** Subjects graded this year but not last year (new subjects), in this year's order. */
  readonly entered: readonly string[];
  /** Subjects graded last year but not this year, in last year's order. */
  readonly left: readonly string[];
}

/**
 * The grade migration of a population from one year's results to the next.
 * @param previous - Last year's results and their ruleset.
 * @param current - This year's results and their ruleset.
 * @param options - How many indicators to name in each mover's reason (default 3).
 * @returns The migration of the subjects graded in both years, and those in one year only.
 * @throws CreditGradingError (`INVALID_OPTIONS`) when a result was graded by another ruleset version than its year's, or a subject appears twice in a year.
 * @example
 * const m = yearOverYear({ ruleset: v2025, results: last }, { ruleset: v2026, results: now });
 * m.matrix.A.B; //=> subjects that were A last year and are B now
 * m.movers[0]?.summary.en; //=> "A→B: score 92 → 85 (−7: penalty −7)"
 * @category Versions
 */
export function yearOverYear(previous: YearResults, current: YearResults, options: { readonly topIndicators?: number } = {}): YearMigration {
  const ca = compiled(previous.ruleset);
  const cb = compiled(current.ruleset);
  const last = byId(previous.results, ca, "previous");
  const now = byId(current.results, cb, "current");
  const pairs: MigrationPair[] = [];
  const entered: string[] = [];
  for (const [id, e] of now) {
    const before = last.get(id);
    if (before === undefined) entered.push(id);
    else pairs.push({ raw: { id }, a: { ok: true, ev: before }, b: { ok: true, ev: e } });
  }
  const left = [...last.keys()].filter((id) => !now.has(id));
  const asOf = previous.results[0]?.asOf ?? ca.ruleset.effective.from;
  const asOfB = current.results[0]?.asOf ?? cb.ruleset.effective.from;
  return { ...tabulateMigration(ca, cb, asOf, asOfB, pairs, options), entered, left };
}

function compiled(r: Ruleset | CompiledRuleset): CompiledRuleset {
  return "evaluate" in r && typeof r.evaluate === "function" ? (r as CompiledRuleset) : compileRuleset(r);
}

// The year's results by subject id, each checked to come from the year's ruleset version.
function byId(results: readonly Evaluation[], c: CompiledRuleset, year: string): Map<string, Evaluation> {
  const out = new Map<string, Evaluation>();
  results.forEach((e, i) => {
    if (e.ruleset.id !== c.ref.id || e.ruleset.version !== c.ref.version) {
      throw new CreditGradingError("INVALID_OPTIONS", `yearOverYear: ${year} result ${i} (subject ${e.subjectId}) was graded by ${e.ruleset.id}@${e.ruleset.version}, not ${c.ref.id}@${c.ref.version}`);
    }
    if (out.has(e.subjectId)) throw new CreditGradingError("INVALID_OPTIONS", `yearOverYear: subject ${e.subjectId} appears twice among the ${year} results (results ${[...out.keys()].indexOf(e.subjectId)} and ${i})`);
    out.set(e.subjectId, e);
  });
  return out;
}
