/**
 * The shapes of a supervision stance (监管态势): the stance {@link combineStance} returns, its
 * measures, blockers, sampling and capability answers, and its options. How a stance is
 * combined is in `stance.ts`.
 * @module
 */
import type { DecidingRule, EvaluationRef } from "./evaluation-ref.js";
import type { BilingualName, Grade } from "../base/grade.js";
import type { Capability } from "../measures/catalogue.js";
import type { AppliedMeasure, MeasureField } from "../format/measure.js";

/**
 * The combination policy {@link combineStance} implements (stated in the comment of `stance.ts`).
 * @example
 * combineStance(evaluations).policy === COMBINATION_POLICY; //=> true
 * @category Supervision
 */
export const COMBINATION_POLICY = "strictest-restriction-wins" as const;

/**
 * A measure in a stance, with the evaluations whose grade carries it.
 * @example
 * stance.restrictions[0]; //=> { id: "no-gaozhi-chengnuo", kind: "restriction", fields: ["administrative-approval"], bars: ["gaozhi-chengnuo", …], from: [industryRef], … }
 * @category Supervision
 */
export interface StanceMeasure extends AppliedMeasure {
  /** The counted evaluations that carry it, in the order given. */
  readonly from: readonly EvaluationRef[];
}

/**
 * A restriction or supervision measure that keeps an incentive from applying.
 * @example
 * stance.blockedIncentives[0]?.blockedBy[0]; //=> { evaluation: industryRef, measure: "no-gaozhi-chengnuo", kind: "restriction", capabilities: ["green-channel"], fields: ["administrative-approval"] }
 * @category Supervision
 */
export interface Blocker {
  /** The evaluation that carries the blocking measure. */
  readonly evaluation: EvaluationRef;
  /** The blocking measure's id. */
  readonly measure: string;
  /** Its kind. */
  readonly kind: "restriction" | "supervision";
  /** The capabilities the incentive grants that it bars (may be empty). */
  readonly capabilities: readonly string[];
  /** The fields it shares with the incentive (may be empty). */
  readonly fields: readonly MeasureField[];
}

/**
 * An incentive some evaluation carries that does not apply, and why.
 * @example
 * stance.blockedIncentives.map((b) => b.measure.id); //=> ["green-channel", "rongque-acceptance", "gaozhi-chengnuo", "simplified-procedure", "reduced-inspection"]
 * @category Supervision
 */
export interface BlockedIncentive {
  /** The incentive, with the evaluations that carry it. */
  readonly measure: StanceMeasure;
  /** Every (evaluation, measure) that blocks it. */
  readonly blockedBy: readonly Blocker[];
}

/**
 * One reason in a capability answer: an evaluation, its grade, and the measure that spoke.
 * @example
 * queryCapability(evaluations, "gaozhi-chengnuo").because[0];
 * //=> { ruleset: "fixture-records", version: "1.0.0", grade: "E", label: "E", measure: "no-gaozhi-chengnuo", role: "bars", rule: { id: "serious-dishonesty", effect: "set-grade", … } }
 * @category Supervision
 */
export interface CapabilityReason {
  /** The ruleset's id. */
  readonly ruleset: string;
  /** The ruleset's version. */
  readonly version: string;
  /** The evaluation's grade. */
  readonly grade: Grade;
  /** The scheme's label for the grade. */
  readonly label: string;
  /** The measure that grants or bars the capability (`null` when the evaluation says nothing about it). */
  readonly measure: string | null;
  /** `bars`, `grants`, `grant-blocked` (an incentive that would grant it is blocked) or `silent`. */
  readonly role: "bars" | "grants" | "grant-blocked" | "silent";
  /** The rule that decided the evaluation's grade, when one did. */
  readonly rule?: DecidingRule;
}

/**
 * Whether a subject has a capability under a stance, and why.
 * @example
 * queryCapability(evaluations, "xinyidai"); //=> { capability: "xinyidai", allowed: true, basis: "granted", because: [{ grade: "A", measure: "xinyidai-preference", role: "grants", … }], … }
 * @category Supervision
 */
export interface CapabilityAnswer {
  /** The capability's id. */
  readonly capability: string;
  /** Its name. */
  readonly name: BilingualName;
  /** Whether the subject may use it. */
  readonly allowed: boolean;
  /**
   * `barred` (a measure in force takes it away), `granted` (an applying incentive grants it),
   * `default-allowed` (nothing bars it and every subject has it) or `not-granted` (nothing
   * grants it and only granted subjects have it).
   */
  readonly basis: "granted" | "barred" | "default-allowed" | "not-granted";
  /**
   * The deciding reasons: the barring measures when barred, the granting ones when granted;
   * otherwise every counted evaluation, as `grant-blocked` or `silent`.
   */
  readonly because: readonly CapabilityReason[];
}

/**
 * The strictest sampling policy of a stance, each part with the evaluations that set it.
 * @example
 * combineStance([publicE, marketE]).sampling?.ratio; //=> { min: 0.7, max: null }
 * @category Supervision
 */
export interface StanceSampling {
  /** Sampling ratio range as shares 0–1; `max: null` means no upper limit (不设上限). */
  readonly ratio: { readonly min: number; readonly max: number | null };
  /** Inspections per year; `max: null` means as supervision requires. */
  readonly perYear: { readonly min: number; readonly max: number | null };
  /** Extra inspection items, the union over the counted evaluations, in order of first appearance. */
  readonly extraItems: readonly string[];
  /** Which evaluations set each part. */
  readonly sources: {
    /** Those whose minimum ratio is the stance's. */
    readonly ratioMin: readonly EvaluationRef[];
    /** Those without an upper limit when the stance has none; otherwise those whose maximum is the stance's. */
    readonly ratioMax: readonly EvaluationRef[];
    /** Those whose minimum frequency is the stance's. */
    readonly perYearMin: readonly EvaluationRef[];
    /** Like `ratioMax`, for the frequency. */
    readonly perYearMax: readonly EvaluationRef[];
    /** Each extra item with the evaluations that add it. */
    readonly extraItems: readonly { readonly item: string; readonly from: readonly EvaluationRef[] }[];
    /** Counted evaluations whose grade has no sampling policy (they set nothing). */
    readonly without: readonly EvaluationRef[];
  };
}

/**
 * One supervision stance for a subject from several evaluations, every part explained.
 * @example
 * const s = combineStance([publicA, industryB]);
 * [s.worstGrade, s.restrictions.length, s.incentives.length]; //=> ["B", 0, 7]
 * @category Supervision
 */
export interface SupervisionStance {
  /** The subject's id. */
  readonly subjectId: string;
  /** The combination policy applied. */
  readonly policy: typeof COMBINATION_POLICY;
  /** The gradable evaluations, which count, in the order given. */
  readonly counted: readonly EvaluationRef[];
  /** The evaluations that do not count, and why. */
  readonly ignored: readonly { readonly evaluation: EvaluationRef; readonly reason: "not-gradable" }[];
  /** The worst grade among the counted evaluations (`null` when none counts). */
  readonly worstGrade: Grade | null;
  /** Restriction measures in force. */
  readonly restrictions: readonly StanceMeasure[];
  /** Supervision measures in force. */
  readonly supervision: readonly StanceMeasure[];
  /** Incentive measures that apply. */
  readonly incentives: readonly StanceMeasure[];
  /** Incentive measures that some evaluation carries but that are blocked. */
  readonly blockedIncentives: readonly BlockedIncentive[];
  /** The strictest sampling policy (`null` when no counted evaluation has one). */
  readonly sampling: StanceSampling | null;
  /** The answer for every known capability, in the order of the capability list. */
  readonly capabilities: readonly CapabilityAnswer[];
}

/**
 * Options of {@link combineStance}.
 * @example
 * combineStance(evaluations, { capabilities: [...CAPABILITIES, { id: "liquor-licence", name: { zh: "酒类许可", en: "liquor licence" }, default: "allowed" }] });
 * @category Supervision
 */
export interface CombineStanceOptions {
  /**
   * The capabilities to answer for; default {@link CAPABILITIES}. Those the combined rulesets'
   * own measures grant or bar are added without being declared here (named by their id, with
   * the default of `capabilitiesOf`); declare one here to give it a name and a default.
   */
  readonly capabilities?: readonly Capability[];
}
