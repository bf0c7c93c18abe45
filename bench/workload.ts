/**
 * What the harness needs of a benchmark workload: a ruleset, a seeded population, and the
 * same ruleset as a hand-written function, as json-rules-engine rules and as a ZEN graph.
 * `records.ts` and `scorecard/workload.ts` define the two workloads.
 * @module
 */
import type { CompiledRuleset } from "../src/index.js";

/** A subject as the workloads generate them. */
export interface Subject {
  readonly id: string;
  readonly inputs: Record<string, unknown>;
}

/** A grade and, where the path gives one, the score. */
export interface Outcome {
  readonly grade: string | null;
  readonly score?: number | null;
}

/** A benchmark workload. */
export interface Workload<S extends Subject = Subject> {
  /** The `--workload` name. */
  readonly key: "records" | "scorecard";
  /** One line saying what the ruleset holds. */
  readonly title: string;
  /** The ruleset document. */
  readonly ruleset: unknown;
  /** The as-of date of every evaluation. */
  readonly asOf: string;
  /** The seeded population: the same count gives the same subjects. */
  readonly generate: (count: number) => S[];
  /** What else to say about a population (e.g. how many records it carries), or "". */
  readonly describe: (population: readonly S[]) => string;
  /** The hand-written function, timed as it is: a grade, or a grade with the score. */
  readonly hand: (s: S) => string | null | Outcome;
  /** The json-rules-engine grader (see `jre.ts`). */
  readonly jre: (compiled: CompiledRuleset) => (s: S) => Promise<Outcome>;
  /** The ZEN graph, and how to read the grade (and score) from its output. */
  readonly zen: { readonly graph: () => Record<string, unknown>; readonly outcome: (output: Record<string, unknown>) => Outcome };
}

/**
 * A workload with its subject type erased, so that the harness holds both in one list.
 * @param w - The workload.
 */
export const defineWorkload = <S extends Subject>(w: Workload<S>): Workload => w as unknown as Workload;

/**
 * The hand-written function's answer as an {@link Outcome}.
 * @param r - A grade, or a grade with the score.
 */
export const outcomeOf = (r: string | null | Outcome): Outcome => (typeof r === "object" && r !== null ? r : { grade: r });
