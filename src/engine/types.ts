/**
 * The shape of an evaluation result: grade, score, breakdown, rules, records left out.
 * @module
 */
import type { SafeResult } from "../base/errors.js";
import type { ConditionTrace } from "../format/condition.js";
import type { EffectDef } from "../format/rule.js";
import type { CreditGradingError } from "../base/errors.js";
import type { BilingualName, Grade, GradeClass } from "../base/grade.js";
import type { AddedMeasure, AppliedMeasure, GradeMeasures, RuleOutput, SamplingPolicy } from "../format/measure.js";
import type { Capability } from "../measures/catalogue.js";
import type { ExcludedRecord } from "../format/record.js";

import type { Ruleset } from "../format/ruleset-schema.js";

/**
 * Options of one evaluation.
 * @category Grading
 */
export interface EvaluateOptions {
  /** The as-of date of the evaluated period, `YYYY-MM-DD` (evaluation never reads a clock). */
  readonly asOf: string;
  /** How many reason codes to return, most points lost first; default 4. */
  readonly maxReasons?: number;
  /** Evaluate even when `asOf` lies outside the ruleset's effective period; default false. */
  readonly allowOutOfEffect?: boolean;
  /**
   * Return every rule, fired or not, with every leaf of its condition and the values it saw
   * (json-rules-engine leaves unevaluated leaves blank; this never does). Default false: only
   * the rules that fired, each with the values of the facts it reads.
   */
  readonly trace?: boolean;
  /**
   * Check the subject against the ruleset's declared inputs and record types; default true.
   * `false` skips the per-subject checks for subjects the host has already validated (for
   * example against a JSON Schema derived from the ruleset's inputs, at ingestion). On a valid subject
   * the result is identical either way; on an invalid one it is **undefined**: it may throw
   * a plain `TypeError` instead of a `SubjectError`, or return a grade computed from bad data.
   * Never pass `false` for untrusted input (the CLI never does).
   */
  readonly validate?: boolean;
}

/**
 * What happened to an indicator whose input was missing.
 * @category Grading
 */
export type MissingTreatment = "worst" | "imputed" | "not-gradable";

/**
 * One indicator's part in an evaluation.
 * @category Grading
 */
export interface IndicatorResult {
  /** The indicator's id. */
  readonly id: string;
  /** Its name. */
  readonly name: BilingualName;
  /** The ids of its groups, outermost first. */
  readonly groups: readonly string[];
  /** The raw value of each input it read (`null` when missing). */
  readonly values: Readonly<Record<string, unknown>>;
  /** Set when an input was missing: how the indicator treated it. */
  readonly missing: MissingTreatment | null;
  /** Its score on its own scale (`null` when not gradable). */
  readonly score: number | null;
  /** The scale it scores on. */
  readonly outOf: number;
  /** Its share of the total score, in percent. */
  readonly weight: number;
  /** The most it can contribute, in points. */
  readonly maxPoints: number;
  /** What it contributed to the total, in points (`null` when not gradable). */
  readonly contribution: number | null;
  /** Points lost against its maximum (`null` when not gradable). */
  readonly pointsLost: number | null;
}

/**
 * One group's part in an evaluation.
 * @category Grading
 */
export interface GroupResult {
  /** The group's id. */
  readonly id: string;
  /** Its name. */
  readonly name: BilingualName;
  /** The ids of its parent groups, outermost first. */
  readonly groups: readonly string[];
  /** The most it can contribute, in points. */
  readonly maxPoints: number;
  /** The sum of its members' contributions (`null` when not gradable). */
  readonly score: number | null;
  /** Points lost against its maximum (`null` when not gradable). */
  readonly pointsLost: number | null;
}

/**
 * A reason code: an indicator that cost the subject points, ranked by points lost.
 * @category Grading
 */
export interface Reason {
  /** 1 for the indicator that cost the most. */
  readonly rank: number;
  /** The indicator's id (the reason code). */
  readonly indicator: string;
  /** Its name. */
  readonly name: BilingualName;
  /** Points lost against its maximum. */
  readonly pointsLost: number;
}

/**
 * Why a subject could not be graded.
 * @category Grading
 */
export interface NotGradableReason {
  /** The indicator that could not be scored, or the rule that fired. */
  readonly indicator: string;
  /** The inputs involved. */
  readonly inputs: readonly string[];
  /** `MISSING_INPUT` (declared not gradable when missing), `NO_MATCH` (no bin or table row) or `RULE` (a not-gradable rule fired). */
  readonly code: "MISSING_INPUT" | "NO_MATCH" | "RULE";
  /** What happened, in English. */
  readonly message: string;
}

/**
 * The ruleset version an evaluation came from.
 * @category Grading
 */
export interface RulesetRef {
  /** Ruleset id. */
  readonly id: string;
  /** Scheme. */
  readonly scheme: string;
  /** Semantic version. */
  readonly version: string;
  /** Content hash of the version (see {@link rulesetHash}). */
  readonly contentHash: string;
}

/**
 * The band a total score fell in.
 * @category Grading
 */
export interface BandMatch {
  /** The band's grade. */
  readonly grade: Grade;
  /** The scheme label the band gives (its own, else its grade's first label). */
  readonly label: string;
  /** Its position in the ruleset's `bands`. */
  readonly index: number;
  /** Lower bound. */
  readonly min: number;
  /** Upper bound. */
  readonly max: number;
  /** Whether the lower bound is in the band. */
  readonly minInclusive: boolean;
  /** Whether the upper bound is in the band. */
  readonly maxInclusive: boolean;
}

/**
 * The result of evaluating one subject: grade, score and a full explanation.
 * @category Grading
 */
export interface Evaluation {
  /** The subject's id. */
  readonly subjectId: string;
  /** The ruleset version that produced it. */
  readonly ruleset: RulesetRef;
  /** The as-of date of the evaluated period. */
  readonly asOf: string;
  /** Whether the subject got a grade; when false, see {@link Evaluation.notGradable}. */
  readonly gradable: boolean;
  /** The canonical grade A–E after rules (`null` when not gradable). */
  readonly grade: Grade | null;
  /**
   * How the grade was decided: by the score's band (with caps and floors), by direct judgment
   * (直接判级), by the public composite grade because this industry ruleset could not grade the
   * subject (三(一)3), or not at all.
   */
  readonly decidedBy: "score" | "direct-judgment" | "public-composite-fallback" | "not-gradable";
  /** The grade of the score's band, before set-grade, floor and cap rules (`null` without a score). */
  readonly scoreGrade: Grade | null;
  /** Points added to the indicator total by adjust-points rules before banding. */
  readonly adjustment: number;
  /** The credit class of the grade. */
  readonly class: GradeClass | null;
  /** The scheme's published label for the grade (e.g. `M`, `绿牌`). */
  readonly label: string | null;
  /** The total score on the ruleset's scale, after adjustments (`null` when it could not be computed). */
  readonly score: number | null;
  /** The band the total fell in. */
  readonly band: BandMatch | null;
  /** Every group, in tree order. */
  readonly groups: readonly GroupResult[];
  /** Every indicator, in tree order. */
  readonly indicators: readonly IndicatorResult[];
  /** The indicators that cost the most points, most first. */
  readonly reasons: readonly Reason[];
  /** Why the score could not be computed or a not-gradable rule fired (empty when neither). */
  readonly notGradable: readonly NotGradableReason[];
  /** The rules that fired (every rule, with traces, when `trace` was asked for). */
  readonly rules: readonly RuleOutcome[];
  /**
   * The values of the ruleset's derived facts for this subject, by fact id. Nothing is inherited:
   * the object's prototype is an empty frozen object without a prototype, so `facts.toString`
   * is `undefined` unless a fact has that id.
   */
  readonly facts: Readonly<Record<string, unknown>>;
  /** Every credit record that did not count, and why (repaired, revoked, publicity ended, after the as-of date). */
  readonly excludedRecords: readonly ExcludedRecord[];
  /** The incentive, restriction and supervision measures that go with the grade (empty when not gradable). */
  readonly measures: readonly AppliedMeasure[];
  /** The random-inspection sampling policy of the grade (`null` when not gradable or none is declared). */
  readonly sampling: SamplingPolicy | null;
  /**
   * The measures fired rules added, whatever the grade (also when not gradable), each with the
   * rule that added it (`addedBy`), in rule order; a measure may also be among the grade's.
   */
  readonly addedMeasures: readonly AddedMeasure[];
  /** The named outputs fired rules emitted, with their parameters and rule, in rule order. */
  readonly outputs: readonly RuleOutput[];
  /**
   * The capabilities the ruleset's own measures grant or bar at any grade, beyond the shipped
   * `CAPABILITIES` (see `capabilitiesOf`); empty for a ruleset that uses only those. Carried so
   * that `combineStance` and `queryCapability` know them whatever the grade.
   */
  readonly capabilities: readonly Capability[];
}

/**
 * Options of `compileRuleset`.
 * @category Grading
 */
export interface CompileOptions {
  /**
   * Generate the scoring kernel (default `true`): the declared inputs read by fixed names and the
   * indicators scored by straight-line code built from the ruleset's literals, which is what
   * makes `grade` fast. `false` keeps the equivalent closures (same results, tested), for hosts
   * that forbid generated code. Generation is skipped anyway where `new Function` is refused.
   */
  readonly codegen?: boolean | undefined;
}

/**
 * Options of {@link CompiledRuleset.grade}: the as-of date, the effective-period switch and the
 * validation switch and the number of reason codes of {@link EvaluateOptions} (`maxReasons`,
 * default 4 as for `evaluate`; 0 skips ranking them).
 * @category Grading
 */
export type GradeOptions = Pick<EvaluateOptions, "asOf" | "allowOutOfEffect" | "validate" | "maxReasons">;

/**
 * The lean result of {@link CompiledRuleset.grade}: the grade and how it was decided, without
 * the explanation. Every field equals the field of the same name of the {@link Evaluation}
 * that `evaluate` returns for the same subject and options; `rules` lists the ids of the rules
 * that fired (the ids of `Evaluation.rules` without `trace`).
 * @category Grading
 */
export interface GradeResult {
  /** The subject's id. */
  readonly subjectId: string;
  /** The ruleset version that produced it (the compiled ruleset's `ref`, shared). */
  readonly ruleset: RulesetRef;
  /** The as-of date of the evaluated period. */
  readonly asOf: string;
  /** Whether the subject got a grade. */
  readonly gradable: boolean;
  /** The canonical grade A–E after rules (`null` when not gradable). */
  readonly grade: Grade | null;
  /** The scheme's published label for the grade. */
  readonly label: string | null;
  /** The credit class of the grade. */
  readonly class: GradeClass | null;
  /** The total score after adjustments (`null` when it could not be computed). */
  readonly score: number | null;
  /** The grade of the score's band, before set-grade, floor and cap rules. */
  readonly scoreGrade: Grade | null;
  /** Points added by adjust-points rules before banding. */
  readonly adjustment: number;
  /** How the grade was decided (see {@link Evaluation.decidedBy}). */
  readonly decidedBy: Evaluation["decidedBy"];
  /** The ids of the rules that fired, in the ruleset's order (a shared empty array when none). */
  readonly rules: readonly string[];
  /**
   * The reason codes: the indicators that cost the most points, most first, as
   * {@link Evaluation.reasons} (`maxReasons`, default 4; empty when the score could not be computed).
   */
  readonly reasons: readonly Reason[];
  /**
   * The measures that go with the grade, as {@link Evaluation.measures} (the compiled ruleset's
   * list for the grade, shared between results; empty when not gradable).
   */
  readonly measures: readonly AppliedMeasure[];
  /** The measures fired rules added, as {@link Evaluation.addedMeasures}. */
  readonly addedMeasures: readonly AddedMeasure[];
  /** The outputs fired rules emitted, as {@link Evaluation.outputs}. */
  readonly outputs: readonly RuleOutput[];
}

/**
 * `grade` without throwing: the lean result, or the error a bad subject caused.
 * @category Grading
 */
export type SafeGradeResult = SafeResult<GradeResult>;

/**
 * `evaluate` without throwing: the evaluation, or the error a bad subject caused.
 * @category Grading
 */
export type SafeEvaluation = SafeResult<Evaluation>;

/**
 * One outcome of {@link CompiledRuleset.evaluateMany}: a result or a rejection, with the input's position.
 * @category Grading
 */
export type BatchOutcome =
  | { readonly ok: true; readonly index: number; readonly evaluation: Evaluation }
  | { readonly ok: false; readonly index: number; readonly subjectId: string | undefined; readonly error: CreditGradingError };

/**
 * A ruleset compiled for evaluation; immutable and safe to share.
 * @category Grading
 */
export interface CompiledRuleset {
  /** The ruleset document. */
  readonly ruleset: Ruleset;
  /**
   * Whether this compiled ruleset runs a generated scoring kernel (inputs read by fixed names,
   * straight-line indicator scoring; see docs/performance.md) or, when code generation was
   * turned off or the platform refuses `new Function`, the equivalent closures.
   */
  readonly codegen: boolean;
  /** Which version this is. */
  readonly ref: RulesetRef;
  /**
   * Evaluates one subject.
   * @throws SubjectError when the subject's data does not fit the declared inputs.
   */
  evaluate(subject: unknown, options: EvaluateOptions): Evaluation;
  /** Evaluates one subject and returns the error instead of throwing it. */
  safeEvaluate(subject: unknown, options: EvaluateOptions): SafeEvaluation;
  /**
   * Grades one subject without building the explanation: the fast path for batch runs.
   *
   * Same checks, same rejections and the same grade, label, class, score, score grade,
   * adjustment, decidedBy, fired rules, reason codes and measures as
   * {@link CompiledRuleset.evaluate} (tested on every bundled subject and on generated ones),
   * but no indicator, group, fact or excluded-record lists, no not-gradable reasons, and no
   * per-indicator result objects: one small object per subject (plus its reason codes).
   * Use `evaluate` when the subject is to be told why; `grade` when only the grade is needed
   * (bulk grading, simulations, a CLI writing grades). See docs/performance.md.
   * @param subject - The subject, as for `evaluate`.
   * @param options - The as-of date and whether to evaluate outside the effective period.
   * @returns The lean result.
   * @throws SubjectError when the subject's data does not fit the declared inputs, and
   * CreditGradingError for a bad `asOf` or one outside the effective period, exactly as `evaluate`.
   * @example
   * const r = compiled.grade(subject, { asOf: "2025-12-31" });
   * r.grade; //=> "B"
   * r.rules; //=> ["commitment-breach"]
   */
  grade(subject: unknown, options: GradeOptions): GradeResult;
  /** {@link CompiledRuleset.grade} that returns the error instead of throwing it. */
  safeGrade(subject: unknown, options: GradeOptions): SafeGradeResult;
  /**
   * The measures and sampling policy this ruleset attaches to a grade, or to one of the
   * grade's labels where the ruleset maps that label apart (tax M on canonical B). Without a
   * label (or with one the grade does not have): the grade's first label's.
   */
  measuresFor(grade: Grade, label?: string): GradeMeasures;
  /** Evaluates every subject of an iterable, yielding one outcome per input, in order; never drops one. */
  evaluateMany(subjects: Iterable<unknown>, options: EvaluateOptions): Generator<BatchOutcome, void, undefined>;
}

/**
 * The outcome of one rule for one subject.
 * @category Grading
 */
export interface RuleOutcome {
  /** The rule's id. */
  readonly id: string;
  /** Whether its condition held. */
  readonly fired: boolean;
  /** Its effect. */
  readonly effect: EffectDef;
  /** Why it applies. */
  readonly reason: { readonly zh: string; readonly en: string };
  /** Its legal basis. */
  readonly legalBasis: string;
  /** The value of every fact the rule reads (for fired rules; empty otherwise unless traced). */
  readonly facts: Readonly<Record<string, unknown>>;
  /** Every leaf of its condition with values and results, when tracing was asked for. */
  readonly trace?: ConditionTrace | undefined;
}
