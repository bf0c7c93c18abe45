/**
 * Where the values of the plan come from (值的来源): each name an indicator, a rule or a computed
 * input reads is resolved once, when the ruleset is compiled, to a source and a slot — a declared
 * input by its declaration index, a derived fact by its slot, a built-in (the as-of date, the
 * subject's id, the score, the grade…), or an undeclared input read by name.
 * @module
 */
import type { InputDef } from "../format/input.js";
import type { PlanFacts } from "./plan-facts.js";

/**
 * Where a value that an indicator or a rule reads comes from.
 * @category Grading
 */
export const Source = {
  /** A declared input, by declaration index. */
  INPUT: 0,
  /** A derived fact, by slot (a derived fact wins over an input of the same name). */
  FACT: 1,
  /** The as-of date. */
  AS_OF: 2,
  /** The subject's id. */
  SUBJECT_ID: 3,
  /** An own property of the subject's inputs that nothing declares. */
  BY_NAME: 4,
  /** The total score after adjustments (rules after banding only). */
  SCORE: 5,
  /** The score's grade (rules after banding only). */
  SCORE_GRADE: 6,
  /** The grade decided (rules with effect none only: they run after it). */
  GRADE: 7,
  /** The label decided (rules with effect none only). */
  LABEL: 8,
} as const;

/**
 * A {@link Source} value.
 * @category Grading
 */
export type SourceKind = (typeof Source)[keyof typeof Source];

/**
 * One value read by name, and where it comes from.
 * @category Grading
 */
export interface ValueRef {
  /** The name as written. */
  readonly name: string;
  /** Its source. */
  readonly source: SourceKind;
  /** The index or slot within the source (−1 when by name or built in). */
  readonly at: number;
}

/**
 * Where a name read by an indicator, a rule or a computed input comes from: a derived fact wins
 * over an input of the same name; a name declared nowhere is read from the inputs by name.
 * @param inputs - The declared inputs.
 * @param facts - The derived facts.
 * @returns The source of a name.
 * @category Grading
 */
export function sourcesOf(inputs: readonly InputDef[], facts: PlanFacts | undefined): (name: string) => ValueRef {
  const inputIndex = new Map(inputs.map((d, i) => [d.id, i]));
  // A later fact of the same id wins, as when values were an object written in order.
  const factSlot = new Map(facts?.ids.map((id, i) => [id, i]) ?? []);
  return (name) => {
    const f = factSlot.get(name);
    if (f !== undefined) return { name, source: Source.FACT, at: f };
    const i = inputIndex.get(name);
    return i !== undefined ? { name, source: Source.INPUT, at: i } : { name, source: Source.BY_NAME, at: -1 };
  };
}

// The built-in facts a rule may read, and where each comes from.
const RULE_BUILTINS: ReadonlyMap<string, SourceKind> = new Map<string, SourceKind>([
  ["asOf", Source.AS_OF],
  ["subjectId", Source.SUBJECT_ID],
  ["score", Source.SCORE],
  ["scoreGrade", Source.SCORE_GRADE],
  ["grade", Source.GRADE],
  ["label", Source.LABEL],
]);

/**
 * Where a fact a rule reads comes from: a built-in (`asOf`, `subjectId`, `score`, `scoreGrade`,
 * `grade`, `label`), else as {@link sourcesOf} says.
 * @param name - The fact's name.
 * @param sourceOf - The ruleset's sources ({@link sourcesOf}).
 * @returns Its source.
 * @category Grading
 */
export function ruleFactSource(name: string, sourceOf: (name: string) => ValueRef): ValueRef {
  const builtin = RULE_BUILTINS.get(name);
  return builtin !== undefined ? { name, source: builtin, at: -1 } : sourceOf(name);
}
