/**
 * Indicator scoring (指标计分): a ruleset's indicator leaves compiled once, and one leaf scored
 * for a subject with its explanation (raw values, missing-input treatment, score, contribution,
 * points lost). Shared by `evaluate` (which calls {@link scoreLeaf}) and the lean `grade` path
 * (which repeats the same steps inline, without the result objects).
 * @module
 */
import type { BilingualName } from "../../base/grade.js";
import { indicatorOutOf, type PlacedNode, scoringInputs, scoringRange } from "../../format/indicator-tree.js";
import type { IndicatorResult, MissingTreatment, NotGradableReason } from "../types.js";
import { fromUnits, type RoundingPolicy, toUnits } from "../../base/rounding.js";
import type { IndicatorLeafDef, InputDef, Ruleset, ScoringDef } from "../../format/ruleset-schema.js";
import { compileScorer, NoMatch, type Scorer } from "../../format/scoring.js";

/** An indicator leaf compiled for scoring: its scorer, scale and place in the tree. */
export interface CompiledLeaf {
  /** The indicator's id. */
  readonly id: string;
  /** The indicator's bilingual name. */
  readonly name: BilingualName;
  /** The ids of the groups it sits in, outermost first. */
  readonly groups: readonly string[];
  /** The inputs its scoring reads, in the scorer's argument order. */
  readonly inputIds: readonly string[];
  /** The compiled scoring function (throws {@link NoMatch} when no band or row matches). */
  readonly scorer: Scorer;
  /** The scoring as declared (the generated kernel is built from it). */
  readonly scoring: ScoringDef;
  /** The indicator's own scale (its score runs 0 to `outOf`). */
  readonly outOf: number;
  /** The points it can contribute to the total. */
  readonly maxPoints: number;
  /** Its share of the whole scale, in percent. */
  readonly weight: number;
  /** What a missing input does (default: the subject is not gradable). */
  readonly onMissing: IndicatorLeafDef["onMissing"] | undefined;
  /** The lowest score its scoring can give (used for `onMissing: "worst"`). */
  readonly worst: number;
  /** Whether the score is already in points (`outOf` equals `maxPoints`). */
  readonly pointsMode: boolean;
  /** `maxPoints` in integer rounding units. */
  readonly maxUnits: number;
  /** Group positions (in the groups array) this leaf adds into. */
  readonly groupSlots: readonly number[];
}

/**
 * A compiled leaf bound to where each of its inputs is read from, with a reused input buffer.
 * Sources: 0 a declared input (by index), 1 a derived fact (by slot), 4 an own property of the inputs.
 */
export interface BoundLeaf {
  /** The compiled leaf. */
  readonly leaf: CompiledLeaf;
  /** One slot per input, reused from subject to subject (the scorer's arguments). */
  readonly buf: unknown[];
  /** One slot per input, reused: the values as read, for the generated `shown` builder. */
  readonly seen: unknown[];
  /** Builds the indicator result's `values` object from `seen` (generated), if any. */
  readonly shown: ((values: readonly unknown[]) => Record<string, unknown>) | undefined;
  /** Where each input comes from (source kind, per input). */
  readonly kind: Uint8Array;
  /** The index or slot within that source, per input (-1 when by name). */
  readonly at: Int32Array;
  /** `leaf.onMissing` with its default applied. */
  readonly onMissing: NonNullable<IndicatorLeafDef["onMissing"]>;
}

/** Reads one input's value for a subject from its source (see {@link BoundLeaf}). */
export type ValueReader = (kind: number, at: number, name: string, inputs: Readonly<Record<string, unknown>>) => unknown;

/**
 * Compiles one indicator leaf of a placed ruleset tree.
 * @param ruleset - The validated ruleset.
 * @param p - The leaf's placement (its points and ancestors).
 * @param leaf - The leaf's definition.
 * @param inputsById - The ruleset's declared inputs by id.
 * @param groupIndex - Each group's position in the compiled groups array.
 * @param total - The width of the ruleset's scale (max − min).
 * @param policy - The ruleset's rounding policy.
 * @returns The compiled leaf.
 * @example
 * compileLeaf(ruleset, placed, placed.node, inputsById, groupIndex, 100, ruleset.rounding).maxPoints; //=> 20
 */
export function compileLeaf(
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
    scoring: leaf.scoring,
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

/**
 * Scores one indicator for a subject, with its explanation. A missing input is imputed, scored
 * worst or makes the subject not gradable, as the leaf declares; a scorer with no matching band
 * makes it not gradable too. Not-gradable reasons are appended to `notGradable`.
 * @param source - The leaf and where its inputs come from.
 * @param inputs - The subject's inputs.
 * @param valueOf - Reads one input's value from its source.
 * @param policy - The ruleset's rounding policy.
 * @param notGradable - The subject's not-gradable reasons so far (appended to).
 * @returns The indicator's result; `score`, `contribution` and `pointsLost` are null when it could not be scored.
 * @example
 * scoreLeaf(bound, { years: 3 }, valueOf, ruleset.rounding, []).contribution; //=> 15
 */
export function scoreLeaf(
  source: {
    readonly leaf: CompiledLeaf;
    readonly kind: Uint8Array;
    readonly at: Int32Array;
    readonly buf?: unknown[] | undefined;
    readonly seen?: unknown[] | undefined;
    readonly shown?: ((values: readonly unknown[]) => Record<string, unknown>) | undefined;
  },
  inputs: Readonly<Record<string, unknown>>,
  valueOf: ValueReader,
  policy: RoundingPolicy,
  notGradable: NotGradableReason[],
): IndicatorResult {
  const { leaf, kind, at, shown: makeShown } = source;
  const ids = leaf.inputIds;
  // The scorer's arguments (reused when the caller lends a buffer: the scorer keeps nothing).
  const raw: unknown[] = source.buf ?? new Array(ids.length);
  // The values as read, for the result: built by a generated literal when there is one.
  const seen = (makeShown !== undefined ? source.seen : undefined) ?? new Array<unknown>(ids.length);
  let missing: MissingTreatment | null = null;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const v = valueOf(kind[i]!, at[i]!, id, inputs);
    seen[i] = v;
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
  // Own data properties, as an object literal defines them (a setter on Object.prototype is never called).
  const shown = makeShown !== undefined ? makeShown(seen) : Object.fromEntries(ids.map((id, i) => [id, seen[i] ?? null]));
  let score: number;
  let failure: string | undefined;
  let code: NotGradableReason["code"] = "MISSING_INPUT";
  if (missing === "not-gradable") {
    failure = `input ${ids.filter((id) => shown[id] === null).join(", ")} is missing and indicator "${leaf.id}" declares the subject not gradable then`;
    score = 0;
  } else if (missing === "worst") score = leaf.worst;
  else {
    try {
      score = leaf.scorer(raw);
    } catch (e) {
      if (!(e instanceof NoMatch)) throw e;
      failure = `indicator "${leaf.id}": ${e.message}`;
      code = "NO_MATCH";
      score = 0;
    }
  }
  if (failure !== undefined) {
    notGradable.push({ indicator: leaf.id, inputs: ids, code, message: failure });
    return resultOf(leaf, shown, missing, null, null, null);
  }
  const scoreUnits = toUnits(score, policy);
  const contributionUnits = leaf.pointsMode
    ? scoreUnits
    : toUnits((fromUnits(scoreUnits, policy.scale) * leaf.maxPoints) / leaf.outOf, policy);
  return resultOf(
    leaf,
    shown,
    missing,
    fromUnits(scoreUnits, policy.scale),
    fromUnits(contributionUnits, policy.scale),
    fromUnits(leaf.maxUnits - contributionUnits, policy.scale),
  );
}

// One object literal with every field in one order: every indicator result has the same shape.
function resultOf(
  leaf: CompiledLeaf,
  values: Readonly<Record<string, unknown>>,
  missing: MissingTreatment | null,
  score: number | null,
  contribution: number | null,
  pointsLost: number | null,
): IndicatorResult {
  return {
    id: leaf.id,
    name: leaf.name,
    groups: leaf.groups,
    values,
    outOf: leaf.outOf,
    weight: leaf.weight,
    maxPoints: leaf.maxPoints,
    missing,
    score,
    contribution,
    pointsLost,
  };
}
