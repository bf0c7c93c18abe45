/**
 * Decision records (决定记录): an evaluation frozen with everything needed to explain,
 * share (R11) and reproduce it: which ruleset version by content hash, which library version,
 * the evaluated period and the decision date, a hash of the input (and the input when asked).
 * `replay` reproduces a record and reports what changed when it cannot.
 * @module
 */
import { isIsoDate } from "../base/date.js";
import { CreditGradingError } from "../base/errors.js";
import type { Grade, GradeClass } from "../base/grade.js";
import type { ExcludedRecord } from "../format/record.js";
import type { CompiledRuleset, Evaluation, RulesetRef } from "../engine/types.js";
import type { EffectDef } from "../format/rule.js";
import type { RuleOutput } from "../format/measure.js";
import { canonicalJson, hashJson } from "../base/hash.js";
import { VERSION } from "../base/version.js";

/**
 * Why a decision was made.
 * @category Decisions
 */
export type DecisionCause = "evaluation" | "objection" | "repair" | "correction";

/**
 * A decision record, format version 1.
 * @category Decisions
 */
export interface DecisionRecord {
  /** Format version of the record. */
  readonly recordVersion: 1;
  /** The decision's id: given by the host, or derived from its content. */
  readonly decisionId: string;
  /** The subject's id. */
  readonly subjectId: string;
  /** The ruleset version, with its content hash. */
  readonly ruleset: RulesetRef;
  /** The library version that evaluated. */
  readonly libraryVersion: string;
  /** The as-of date of the evaluated period. */
  readonly asOf: string;
  /** The date the decision was made (after the period for objections and repairs). */
  readonly decidedAt: string;
  /** SHA-256 of the subject's canonical JSON. */
  readonly inputHash: string;
  /** The subject itself, when the host asked to keep it. */
  readonly input?: unknown;
  /** The total score. */
  readonly score: number | null;
  /** The canonical grade. */
  readonly grade: Grade | null;
  /** The scheme's label. */
  readonly label: string | null;
  /** The credit class. */
  readonly class: GradeClass | null;
  /** How the grade was decided. */
  readonly decidedBy: Evaluation["decidedBy"];
  /** Measure ids in force for the grade. */
  readonly measures: readonly string[];
  /** Measures fired rules added, whatever the grade, each with the rule (absent when none). */
  readonly addedMeasures?: readonly { readonly id: string; readonly addedBy: string }[];
  /** Outputs fired rules emitted (absent when none). */
  readonly outputs?: readonly RuleOutput[];
  /** Reason codes: the indicators that cost the most points. */
  readonly reasons: readonly { readonly indicator: string; readonly pointsLost: number }[];
  /** Rules that fired, with their effect. */
  readonly rulesFired: readonly { readonly id: string; readonly effect: EffectDef }[];
  /** Records that did not count, and why. */
  readonly excludedRecords: readonly ExcludedRecord[];
  /** Why the decision was made. */
  readonly cause: DecisionCause;
  /** The decision this one replaces (after an objection, a repair or a correction). */
  readonly supersedes?: string | undefined;
  /** A note for the file, e.g. the objection's outcome. */
  readonly note?: string | undefined;
}

/**
 * Options of {@link toDecisionRecord}.
 * @category Decisions
 */
export interface DecisionOptions {
  /** The decision date, `YYYY-MM-DD`, not before the evaluated period's as-of date. */
  readonly decidedAt: string;
  /** Keep the subject in the record (default false: only its hash). */
  readonly includeInput?: boolean;
  /** Why (default `evaluation`). */
  readonly cause?: DecisionCause;
  /** The decision this one replaces. */
  readonly supersedes?: string;
  /** The id to use; default derived from the record's content. */
  readonly decisionId?: string;
  /** A note for the file. */
  readonly note?: string;
}

/**
 * Turns an evaluation into a decision record.
 * @param evaluation - The evaluation.
 * @param subject - The subject it evaluated (hashed, and kept when `includeInput`).
 * @param options - Decision date, cause, supersession, id.
 * @returns The decision record.
 * @throws CreditGradingError when `decidedAt` is not a date or precedes the period.
 * @example
 * const rec = toDecisionRecord(evaluation, subject, { decidedAt: "2026-01-15" });
 * rec.ruleset.contentHash === evaluation.ruleset.contentHash; //=> true
 * @category Decisions
 */
export function toDecisionRecord(evaluation: Evaluation, subject: unknown, options: DecisionOptions): DecisionRecord {
  if (!isIsoDate(options.decidedAt) || options.decidedAt < evaluation.asOf) {
    throw new CreditGradingError("INVALID_OPTIONS", `decidedAt must be a date not before the evaluated period's as-of date ${evaluation.asOf}, received ${JSON.stringify(options.decidedAt)}`);
  }
  const body = {
    recordVersion: 1 as const,
    subjectId: evaluation.subjectId,
    ruleset: evaluation.ruleset,
    libraryVersion: VERSION,
    asOf: evaluation.asOf,
    decidedAt: options.decidedAt,
    inputHash: hashJson(subject),
    ...(options.includeInput ? { input: structuredClone(subject) } : {}),
    score: evaluation.score,
    grade: evaluation.grade,
    label: evaluation.label,
    class: evaluation.class,
    decidedBy: evaluation.decidedBy,
    measures: evaluation.measures.map((m) => m.id),
    // Absent when no rule added or emitted any, so records (and their ids) are as they were.
    ...(evaluation.addedMeasures.length > 0 ? { addedMeasures: evaluation.addedMeasures.map((m) => ({ id: m.id, addedBy: m.addedBy })) } : {}),
    ...(evaluation.outputs.length > 0 ? { outputs: evaluation.outputs } : {}),
    reasons: evaluation.reasons.map((r) => ({ indicator: r.indicator, pointsLost: r.pointsLost })),
    rulesFired: evaluation.rules.filter((r) => r.fired).map((r) => ({ id: r.id, effect: r.effect })),
    excludedRecords: evaluation.excludedRecords,
    cause: options.cause ?? "evaluation",
    ...(options.supersedes !== undefined ? { supersedes: options.supersedes } : {}),
    ...(options.note !== undefined ? { note: options.note } : {}),
  };
  const decisionId = options.decisionId ?? `d-${hashJson(body).slice(7, 31)}`;
  return { decisionId, ...body };
}

/**
 * One difference found by {@link replay}.
 * @category Decisions
 */
export interface ReplayDifference {
  /** What differs. */
  readonly field: string;
  /** In the record. */
  readonly recorded: unknown;
  /** Now. */
  readonly now: unknown;
}

/**
 * The outcome of {@link replay}.
 * @category Decisions
 */
export type ReplayResult =
  | { readonly ok: true; readonly evaluation: Evaluation }
  | {
      readonly ok: false;
      /** `RULESET_CHANGED`: another ruleset content; `INPUT_CHANGED`: another input; `RESULT_CHANGED`: same both, other result (another library version). */
      readonly reason: "RULESET_CHANGED" | "INPUT_CHANGED" | "RESULT_CHANGED";
      readonly differences: readonly ReplayDifference[];
      readonly evaluation?: Evaluation | undefined;
    };

const OUTCOME_FIELDS = ["score", "grade", "label", "class", "decidedBy", "measures", "addedMeasures", "outputs", "reasons", "rulesFired", "excludedRecords"] as const;

/**
 * Reproduces a decision: checks that the ruleset and the input are the ones recorded, evaluates
 * again and compares every outcome field.
 * @param record - The decision record.
 * @param ruleset - The compiled ruleset to replay with (e.g. from a registry by the recorded hash).
 * @param input - The subject (default: the input kept in the record).
 * @returns `{ ok: true, evaluation }`, or why not with every difference.
 * @example
 * replay(record, compiled, subject).ok; //=> true
 * @category Decisions
 */
export function replay(record: DecisionRecord, ruleset: CompiledRuleset, input: unknown = record.input): ReplayResult {
  if (ruleset.ref.contentHash !== record.ruleset.contentHash) {
    return { ok: false, reason: "RULESET_CHANGED", differences: [{ field: "ruleset.contentHash", recorded: record.ruleset.contentHash, now: ruleset.ref.contentHash }] };
  }
  const inputHash = hashJson(input);
  if (inputHash !== record.inputHash) {
    return { ok: false, reason: "INPUT_CHANGED", differences: [{ field: "inputHash", recorded: record.inputHash, now: inputHash }] };
  }
  const evaluation = ruleset.evaluate(input, { asOf: record.asOf, allowOutOfEffect: true });
  const again = toDecisionRecord(evaluation, input, { decidedAt: record.decidedAt });
  const differences: ReplayDifference[] = [];
  for (const f of OUTCOME_FIELDS) {
    if (canonicalJson(record[f]) !== canonicalJson(again[f])) differences.push({ field: f, recorded: record[f], now: again[f] });
  }
  return differences.length === 0 ? { ok: true, evaluation } : { ok: false, reason: "RESULT_CHANGED", differences, evaluation };
}
