/**
 * Evaluation (评价): a ruleset compiled once, then each subject scored, banded and explained.
 * Pure and synchronous: no clock, no I/O; the as-of date is an argument.
 *
 * Rounding happens at three documented steps, each to the ruleset's `rounding` policy:
 * 1. each indicator's score on its own scale;
 * 2. each indicator's contribution (score × maxPoints ÷ outOf) in points;
 * 3. group and total scores are exact sums of the rounded contributions (integer units),
 *    and the band is chosen by comparing integer units, so no float noise reaches a grade.
 * @module
 */
import { isIsoDate } from "./date.js";
import { CreditGradingError } from "./errors.js";
import { type Grade, type GradeClass, gradeClass } from "./grade.js";
import { indicatorOutOf, type PlacedNode, placeNodes, scoringInputs, scoringRange } from "./indicator.js";
import { fromUnits, type RoundingPolicy, toUnits } from "./rounding.js";
import { loadRuleset, rulesetHash } from "./ruleset.js";
import type { BilingualName } from "./grade.js";
import { isGroup, type IndicatorLeafDef, type InputDef, type Ruleset } from "./ruleset-schema.js";
import { compileScorer, NoMatch, type Scorer } from "./scoring.js";
import { compileSubjectCheck, type Subject } from "./subject.js";

/** Options of one evaluation. */
export interface EvaluateOptions {
  /** The as-of date of the evaluated period, `YYYY-MM-DD` (evaluation never reads a clock). */
  readonly asOf: string;
  /** How many reason codes to return, most points lost first; default 4. */
  readonly maxReasons?: number;
  /** Evaluate even when `asOf` lies outside the ruleset's effective period; default false. */
  readonly allowOutOfEffect?: boolean;
}

/** What happened to an indicator whose input was missing. */
export type MissingTreatment = "worst" | "imputed" | "not-gradable";

/** One indicator's part in an evaluation. */
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

/** One group's part in an evaluation. */
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

/** A reason code: an indicator that cost the subject points, ranked by points lost. */
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

/** Why a subject could not be graded. */
export interface NotGradableReason {
  /** The indicator that could not be scored. */
  readonly indicator: string;
  /** The inputs involved. */
  readonly inputs: readonly string[];
  /** `MISSING_INPUT` (declared not gradable when missing) or `NO_MATCH` (no bin or table row). */
  readonly code: "MISSING_INPUT" | "NO_MATCH";
  /** What happened, in English. */
  readonly message: string;
}

/** The ruleset version an evaluation came from. */
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

/** The band a total score fell in. */
export interface BandMatch {
  /** The band's grade. */
  readonly grade: Grade;
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

/** The result of evaluating one subject: grade, score and a full explanation. */
export interface Evaluation {
  /** The subject's id. */
  readonly subjectId: string;
  /** The ruleset version that produced it. */
  readonly ruleset: RulesetRef;
  /** The as-of date of the evaluated period. */
  readonly asOf: string;
  /** Whether the subject could be graded; when false, see {@link Evaluation.notGradable}. */
  readonly gradable: boolean;
  /** The canonical grade A–E (`null` when not gradable). */
  readonly grade: Grade | null;
  /** The credit class of the grade. */
  readonly class: GradeClass | null;
  /** The scheme's published label for the grade (e.g. `M`, `绿牌`). */
  readonly label: string | null;
  /** The total score on the ruleset's scale. */
  readonly score: number | null;
  /** The band the total fell in. */
  readonly band: BandMatch | null;
  /** Every group, in tree order. */
  readonly groups: readonly GroupResult[];
  /** Every indicator, in tree order. */
  readonly indicators: readonly IndicatorResult[];
  /** The indicators that cost the most points, most first. */
  readonly reasons: readonly Reason[];
  /** Why the subject could not be graded (empty when gradable). */
  readonly notGradable: readonly NotGradableReason[];
}

/** `evaluate` without throwing: the evaluation, or the error a bad subject caused. */
export type SafeEvaluation =
  | { readonly success: true; readonly data: Evaluation }
  | { readonly success: false; readonly error: CreditGradingError };

/** One outcome of {@link CompiledRuleset.evaluateMany}: a result or a rejection, with the input's position. */
export type BatchOutcome =
  | { readonly ok: true; readonly index: number; readonly evaluation: Evaluation }
  | { readonly ok: false; readonly index: number; readonly subjectId: string | undefined; readonly error: CreditGradingError };

/** A ruleset compiled for evaluation; immutable and safe to share. */
export interface CompiledRuleset {
  /** The ruleset document. */
  readonly ruleset: Ruleset;
  /** Which version this is. */
  readonly ref: RulesetRef;
  /**
   * Evaluates one subject.
   * @throws SubjectError when the subject's data does not fit the declared inputs.
   */
  evaluate(subject: unknown, options: EvaluateOptions): Evaluation;
  /** Evaluates one subject and returns the error instead of throwing it. */
  safeEvaluate(subject: unknown, options: EvaluateOptions): SafeEvaluation;
  /** Evaluates every subject of an iterable, yielding one outcome per input, in order; never drops one. */
  evaluateMany(subjects: Iterable<unknown>, options: EvaluateOptions): Generator<BatchOutcome, void, undefined>;
}

interface CompiledLeaf {
  readonly id: string;
  readonly name: BilingualName;
  readonly groups: readonly string[];
  readonly inputIds: readonly string[];
  readonly scorer: Scorer;
  readonly outOf: number;
  readonly maxPoints: number;
  readonly weight: number;
  readonly onMissing: IndicatorLeafDef["onMissing"] | undefined;
  readonly worst: number;
  readonly pointsMode: boolean;
  readonly maxUnits: number;
  // Group positions (in the groups array) this leaf adds into.
  readonly groupSlots: readonly number[];
}

interface CompiledGroup {
  readonly id: string;
  readonly name: BilingualName;
  readonly groups: readonly string[];
  readonly maxPoints: number;
  readonly maxUnits: number;
}

/**
 * Compiles a ruleset once for evaluation. Accepts a parsed JSON document (it is validated)
 * or a ruleset already loaded.
 * @param input - A ruleset document.
 * @param source - The file name or label to name in errors.
 * @returns The compiled ruleset.
 * @throws RulesetError when the document has an error.
 * @example
 * const compiled = compileRuleset(JSON.parse(text));
 * compiled.evaluate({ id: "91310110666007217T", inputs: { ... } }, { asOf: "2025-12-31" }).grade; //=> "B"
 */
export function compileRuleset(input: unknown, source?: string): CompiledRuleset {
  // The validated document is the schema's own copy, never the caller's object: freezing it keeps
  // `compiled.ruleset` (and the effective period read at evaluation) from drifting after compiling.
  const ruleset = deepFreeze(loadRuleset(input, source));
  const ref: RulesetRef = Object.freeze({
    id: ruleset.id,
    scheme: ruleset.scheme,
    version: ruleset.version,
    contentHash: rulesetHash(ruleset),
  });
  const policy: RoundingPolicy = ruleset.rounding;
  const inputsById = new Map<string, InputDef>(ruleset.inputs.map((d) => [d.id, d]));
  const checkSubject = compileSubjectCheck(ruleset.inputs, ruleset.strictInputs === true);
  const total = ruleset.scale.max - ruleset.scale.min;

  const placed = placeNodes(ruleset);
  const groups: CompiledGroup[] = [];
  const groupIndex = new Map<string, number>();
  const leaves: CompiledLeaf[] = [];
  for (const p of placed) {
    if (isGroup(p.node)) {
      groupIndex.set(p.node.id, groups.length);
      groups.push({ id: p.node.id, name: p.node.name, groups: p.ancestors, maxPoints: p.maxPoints, maxUnits: toUnits(p.maxPoints, policy) });
    } else {
      leaves.push(compileLeaf(ruleset, p, p.node, inputsById, groupIndex, total, policy));
    }
  }
  const bands = ruleset.bands.map((b, index) => ({
    match: Object.freeze({
      grade: b.grade,
      index,
      min: b.min,
      max: b.max,
      minInclusive: b.minInclusive ?? true,
      maxInclusive: b.maxInclusive ?? index === 0,
    }) satisfies BandMatch,
    minUnits: toUnits(b.min, policy),
    maxUnits: toUnits(b.max, policy),
  }));
  const labels = new Map(ruleset.labels?.map((l) => [l.grade, l.label]) ?? []);
  const scaleMinUnits = toUnits(ruleset.scale.min, policy);
  const scaleMaxUnits = toUnits(ruleset.scale.max, policy);
  const { effective } = ruleset;

  const bandOf = (units: number): (typeof bands)[number] | undefined =>
    bands.find(
      (b) =>
        (units > b.minUnits || (b.match.minInclusive && units === b.minUnits)) &&
        (units < b.maxUnits || (b.match.maxInclusive && units === b.maxUnits)),
    );

  const evaluate = (raw: unknown, options: EvaluateOptions): Evaluation => {
    const asOf = options.asOf;
    if (!isIsoDate(asOf)) {
      throw new CreditGradingError("INVALID_OPTIONS", `asOf must be a date YYYY-MM-DD, received ${JSON.stringify(asOf)}`);
    }
    if (!options.allowOutOfEffect && (asOf < effective.from || (effective.to !== undefined && asOf > effective.to))) {
      throw new CreditGradingError(
        "NOT_IN_EFFECT",
        `ruleset ${ruleset.id}@${ruleset.version} is in effect ${effective.from} to ${effective.to ?? "open"}, not on ${asOf}`,
      );
    }
    const subject = checkSubject(raw);
    const values = subject.inputs ?? {};
    const groupUnits = new Array<number>(groups.length).fill(0);
    const indicatorResults: IndicatorResult[] = [];
    const notGradable: NotGradableReason[] = [];
    let totalUnits = scaleMinUnits;
    for (const leaf of leaves) {
      const r = scoreLeaf(leaf, values, policy, notGradable);
      indicatorResults.push(r.result);
      if (r.contributionUnits !== null) {
        totalUnits += r.contributionUnits;
        for (const g of leaf.groupSlots) groupUnits[g]! += r.contributionUnits;
      }
    }
    const gradable = notGradable.length === 0;
    const scale = policy.scale;
    const groupResults: GroupResult[] = groups.map((g, i) => ({
      id: g.id,
      name: g.name,
      groups: g.groups,
      maxPoints: g.maxPoints,
      score: gradable ? fromUnits(groupUnits[i]!, scale) : null,
      pointsLost: gradable ? fromUnits(g.maxUnits - groupUnits[i]!, scale) : null,
    }));
    if (!gradable) {
      return {
        subjectId: subject.id, ruleset: ref, asOf, gradable, grade: null, class: null, label: null, score: null, band: null,
        groups: groupResults, indicators: indicatorResults, reasons: [], notGradable,
      };
    }
    if (totalUnits > scaleMaxUnits) totalUnits = scaleMaxUnits;
    if (totalUnits < scaleMinUnits) totalUnits = scaleMinUnits;
    const band = bandOf(totalUnits);
    // Validation guarantees the bands cover the scale; a miss here is a bug, not bad input.
    if (!band) throw new Error(`no band for total ${fromUnits(totalUnits, scale)} in ${ruleset.id}`);
    const grade = band.match.grade;
    return {
      subjectId: subject.id,
      ruleset: ref,
      asOf,
      gradable,
      grade,
      class: gradeClass(grade),
      label: labels.get(grade) ?? grade,
      score: fromUnits(totalUnits, scale),
      band: band.match,
      groups: groupResults,
      indicators: indicatorResults,
      reasons: rankReasons(indicatorResults, options.maxReasons ?? 4),
      notGradable,
    };
  };

  const safeEvaluate = (raw: unknown, options: EvaluateOptions): SafeEvaluation => {
    try {
      return { success: true, data: evaluate(raw, options) };
    } catch (error) {
      if (error instanceof CreditGradingError) return { success: false, error };
      throw error;
    }
  };

  function* evaluateMany(subjects: Iterable<unknown>, options: EvaluateOptions): Generator<BatchOutcome, void, undefined> {
    let index = 0;
    for (const raw of subjects) {
      const r = safeEvaluate(raw, options);
      if (r.success) yield { ok: true, index, evaluation: r.data };
      else yield { ok: false, index, subjectId: subjectIdOf(raw, r.error), error: r.error };
      index++;
    }
  }

  return Object.freeze({ ruleset, ref, evaluate, safeEvaluate, evaluateMany });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function subjectIdOf(raw: unknown, error: CreditGradingError): string | undefined {
  if ("subjectId" in error && typeof error.subjectId === "string") return error.subjectId;
  if (raw !== null && typeof raw === "object" && typeof (raw as { id?: unknown }).id === "string" && (raw as { id: string }).id !== "") return (raw as { id: string }).id;
  return undefined;
}

function compileLeaf(
  ruleset: Ruleset,
  p: PlacedNode,
  leaf: IndicatorLeafDef,
  inputsById: ReadonlyMap<string, InputDef>,
  groupIndex: ReadonlyMap<string, number>,
  total: number,
  policy: RoundingPolicy,
): CompiledLeaf {
  const outOf = indicatorOutOf(ruleset, leaf, p.maxPoints);
  return {
    id: leaf.id,
    name: leaf.name,
    groups: p.ancestors,
    inputIds: scoringInputs(leaf.scoring),
    scorer: compileScorer(leaf.scoring, outOf, inputsById),
    outOf,
    maxPoints: p.maxPoints,
    weight: (p.maxPoints / total) * 100,
    onMissing: leaf.onMissing,
    worst: scoringRange(leaf.scoring, outOf)[0],
    pointsMode: outOf === p.maxPoints,
    maxUnits: toUnits(p.maxPoints, policy),
    groupSlots: p.ancestors.map((id) => groupIndex.get(id)!),
  };
}

function scoreLeaf(
  leaf: CompiledLeaf,
  inputs: Readonly<Record<string, unknown>>,
  policy: RoundingPolicy,
  notGradable: NotGradableReason[],
): { result: IndicatorResult; contributionUnits: number | null } {
  const ids = leaf.inputIds;
  const raw: unknown[] = new Array(ids.length);
  const shown: Record<string, unknown> = {};
  let missing: MissingTreatment | null = null;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const v = Object.hasOwn(inputs, id) ? inputs[id] : undefined;
    shown[id] = v ?? null;
    if (v === undefined || v === null) {
      const how = leaf.onMissing ?? "not-gradable";
      if (typeof how === "object") {
        raw[i] = how.impute;
        missing = "imputed";
      } else {
        missing = missing === "not-gradable" || how === "not-gradable" ? "not-gradable" : "worst";
      }
    } else raw[i] = v;
  }
  const base = { id: leaf.id, name: leaf.name, groups: leaf.groups, values: shown, outOf: leaf.outOf, weight: leaf.weight, maxPoints: leaf.maxPoints };
  const fail = (code: NotGradableReason["code"], message: string) => {
    notGradable.push({ indicator: leaf.id, inputs: ids, code, message });
    return { result: { ...base, missing, score: null, contribution: null, pointsLost: null }, contributionUnits: null };
  };
  let score: number;
  if (missing === "not-gradable") return fail("MISSING_INPUT", `input ${ids.filter((id) => shown[id] === null).join(", ")} is missing and indicator "${leaf.id}" declares the subject not gradable then`);
  if (missing === "worst") score = leaf.worst;
  else {
    try {
      score = leaf.scorer(raw);
    } catch (e) {
      if (e instanceof NoMatch) return fail("NO_MATCH", `indicator "${leaf.id}": ${e.message}`);
      throw e;
    }
  }
  const scoreUnits = toUnits(score, policy);
  const contributionUnits = leaf.pointsMode
    ? scoreUnits
    : toUnits((fromUnits(scoreUnits, policy.scale) * leaf.maxPoints) / leaf.outOf, policy);
  return {
    result: {
      ...base,
      missing,
      score: fromUnits(scoreUnits, policy.scale),
      contribution: fromUnits(contributionUnits, policy.scale),
      pointsLost: fromUnits(leaf.maxUnits - contributionUnits, policy.scale),
    },
    contributionUnits,
  };
}

function rankReasons(indicators: readonly IndicatorResult[], max: number): Reason[] {
  return indicators
    .filter((r) => r.pointsLost !== null && r.pointsLost > 0)
    .sort((a, b) => b.pointsLost! - a.pointsLost! || (a.id < b.id ? -1 : 1))
    .slice(0, Math.max(0, max))
    .map((r, i) => ({ rank: i + 1, indicator: r.id, name: r.name, pointsLost: r.pointsLost! }));
}
