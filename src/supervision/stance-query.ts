/**
 * Asking about a supervision stance (监管态势) (R12): application queries ("may this subject use
 * 告知承诺 for this matter?"), answered from a stance or from the subject's evaluations with the
 * evaluation, grade, measure and deciding rule behind the answer; and the measures that start,
 * end and continue between two evaluations of one subject under one scheme, with the change of
 * sampling policy. Pure: no clock, no I/O.
 * @module
 */
import { CreditGradingError } from "../base/errors.js";
import { _checkSameSubject, type EvaluationRef, evaluationRef } from "./evaluation-ref.js";
import type { AppliedMeasure, SamplingPolicy } from "../format/measure.js";
import type { Evaluation } from "../engine/types.js";
import { measuresInForce } from "../engine/results.js";
import { combineStance } from "./stance.js";
import type { CapabilityAnswer, CombineStanceOptions, SupervisionStance } from "./stance-types.js";

/**
 * How the sampling policy changed between two evaluations.
 * @example
 * measureChanges(gradedD, gradedB).sampling.direction; //=> "looser"
 * @category Supervision
 */
export interface SamplingChange {
  /** The earlier policy (`null` when none). */
  readonly previous: SamplingPolicy | null;
  /** The later policy (`null` when none). */
  readonly next: SamplingPolicy | null;
  /**
   * `stricter` when no part (minimum and maximum ratio and frequency, extra items) went down
   * and one went up; `looser` the other way round; `mixed` when parts moved both ways;
   * `started` / `ended` when only one side has a policy.
   */
  readonly direction: "unchanged" | "stricter" | "looser" | "mixed" | "started" | "ended";
  /** Extra inspection items added and removed. */
  readonly extraItems: { readonly added: readonly string[]; readonly removed: readonly string[] };
}

/**
 * The measures that start, end and continue between two evaluations of one subject.
 * @example
 * measureChanges(gradedD, gradedB).ended.map((m) => m.id); //=> ["key-attention", "raised-sampling"]
 * @category Supervision
 */
export interface MeasureChanges {
  /** The subject's id. */
  readonly subjectId: string;
  /** The earlier evaluation. */
  readonly previous: EvaluationRef;
  /** The later evaluation. */
  readonly next: EvaluationRef;
  /** Measures of the later grade that the earlier did not carry, in the later order. */
  readonly started: readonly AppliedMeasure[];
  /** Measures of the earlier grade that the later does not carry, in the earlier order. */
  readonly ended: readonly AppliedMeasure[];
  /** Measures both carry (as the later evaluation defines them). */
  readonly continued: readonly AppliedMeasure[];
  /** The sampling change. */
  readonly sampling: SamplingChange;
}

/**
 * Answers an application query (R12): may the subject use a convenience, or is it barred from
 * an eligibility, and why (which evaluation, which grade, which measure, and the rule that
 * decided the grade when a direct judgment, cap or floor did).
 * @param stanceOrEvaluations - A stance from {@link combineStance}, or the subject's current evaluations.
 * @param capabilityId - A capability id, e.g. `gaozhi-chengnuo` or `government-procurement`.
 * @param options - Passed to {@link combineStance} when evaluations are given.
 * @returns Whether it is allowed, on what basis, and because of what.
 * @throws CreditGradingError (`INVALID_OPTIONS`) for an unknown capability (the message lists the known ones), or as {@link combineStance} does.
 * @example
 * queryCapability([publicComposite.evaluate(x, opts), industry.evaluate(x, opts)], "gaozhi-chengnuo");
 * //=> { capability: "gaozhi-chengnuo", allowed: false, basis: "barred",
 * //     because: [{ ruleset: "fixture-industry", version: "1.0.0", grade: "E", label: "E", measure: "no-gaozhi-chengnuo", role: "bars" }], … }
 * @category Supervision
 */
export function queryCapability(
  stanceOrEvaluations: SupervisionStance | readonly Evaluation[],
  capabilityId: string,
  options: CombineStanceOptions = {},
): CapabilityAnswer {
  const stance = _isStance(stanceOrEvaluations) ? stanceOrEvaluations : combineStance(stanceOrEvaluations, options);
  const answer = stance.capabilities.find((c) => c.capability === capabilityId);
  if (!answer) {
    throw new CreditGradingError(
      "INVALID_OPTIONS",
      `unknown capability ${JSON.stringify(capabilityId)}; known: ${stance.capabilities.map((c) => c.capability).join(", ")}`,
    );
  }
  return answer;
}

/**
 * The measures that start, end and continue between two evaluations of one subject under one
 * scheme (after a repair, an objection or a new year), and how the sampling policy changes. A
 * not-gradable evaluation carries no measures, so everything ends or starts across one.
 * @param previous - The earlier evaluation.
 * @param next - The later one (its as-of date not before the earlier's).
 * @returns The changes.
 * @throws CreditGradingError (`INVALID_OPTIONS`) when the subjects or schemes differ, or `next` is dated before `previous`.
 * @example
 * const c = measureChanges(before, afterRepair); // D → B
 * c.started.map((m) => m.id); //=> ["green-channel", "rongque-acceptance", …, "xinyijia-representative"]
 * c.ended.map((m) => m.id); //=> ["key-attention", "raised-sampling"]
 * c.sampling.direction; //=> "looser"
 * @category Supervision
 */
export function measureChanges(previous: Evaluation, next: Evaluation): MeasureChanges {
  const subjectId = _checkSameSubject([previous, next], "measureChanges");
  if (previous.ruleset.scheme !== next.ruleset.scheme) {
    throw new CreditGradingError(
      "INVALID_OPTIONS",
      `measureChanges: the evaluations are under different schemes (${previous.ruleset.scheme}, ${next.ruleset.scheme}); use combineStance for evaluations of different schemes`,
    );
  }
  if (next.asOf < previous.asOf) {
    throw new CreditGradingError("INVALID_OPTIONS", `measureChanges: next (as of ${next.asOf}) is dated before previous (as of ${previous.asOf}); swap them`);
  }
  const was = measuresInForce(previous);
  const is = measuresInForce(next);
  const before = new Set(was.map((m) => m.id));
  const after = new Set(is.map((m) => m.id));
  return {
    subjectId,
    previous: evaluationRef(previous),
    next: evaluationRef(next),
    started: is.filter((m) => !before.has(m.id)),
    ended: was.filter((m) => !after.has(m.id)),
    continued: is.filter((m) => before.has(m.id)),
    sampling: _samplingChange(previous.sampling, next.sampling),
  };
}

function _isStance(x: SupervisionStance | readonly Evaluation[]): x is SupervisionStance {
  return !Array.isArray(x);
}

function _samplingChange(previous: SamplingPolicy | null, next: SamplingPolicy | null): SamplingChange {
  const before = previous?.extraItems ?? [];
  const after = next?.extraItems ?? [];
  const extraItems = { added: after.filter((i) => !before.includes(i)), removed: before.filter((i) => !after.includes(i)) };
  let direction: SamplingChange["direction"];
  if (previous === null || next === null) direction = previous === next ? "unchanged" : previous === null ? "started" : "ended";
  else {
    const inf = (x: number | undefined) => x ?? Number.POSITIVE_INFINITY;
    const deltas = [
      Math.sign(next.ratio.min - previous.ratio.min),
      _compareUpper(inf(next.ratio.max), inf(previous.ratio.max)),
      Math.sign(next.perYear.min - previous.perYear.min),
      _compareUpper(inf(next.perYear.max), inf(previous.perYear.max)),
      extraItems.added.length > 0 ? 1 : 0,
      extraItems.removed.length > 0 ? -1 : 0,
    ];
    const up = deltas.some((d) => d > 0);
    const down = deltas.some((d) => d < 0);
    direction = up && down ? "mixed" : up ? "stricter" : down ? "looser" : "unchanged";
  }
  return { previous, next, direction, extraItems };
}

function _compareUpper(a: number, b: number): number {
  return a === b ? 0 : a > b ? 1 : -1;
}
