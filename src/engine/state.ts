/**
 * The per-ruleset working state of the kernel (内核状态): buffers allocated once when a ruleset
 * compiles and reused by every subject, so that grading allocates nothing but its result. A
 * kernel run fills them; `grade` and `evaluate` read them into results. A host call that
 * re-enters grading on the same compiled ruleset (a getter on a subject calling `grade`) gets a
 * fresh state of its own.
 * @module
 */
import type { SubjectIssue } from "../base/errors.js";
import type { ExcludedRecord } from "../format/record.js";
import type { Plan } from "./plan.js";
import { type EffectTally, resetTally } from "../format/effects.js";

/**
 * The kernel's working state for one subject at a time.
 * @category Grading
 */
export interface KernelState {
  /** The subject's id as read. */
  id: unknown;
  /** The subject's inputs object (an empty one when it has none). */
  inputs: Readonly<Record<string, unknown>>;
  /** The subject's records as read. */
  records: unknown;
  /** The subject's earlier results (`history`) as read, when the ruleset has history facts. */
  history: unknown;
  /** Declared input values, by declaration index. */
  readonly iv: unknown[];
  /** Derived fact values, by slot. */
  readonly dv: unknown[];
  /** Rule fact values, by slot. */
  readonly rv: unknown[];
  /** Units lost per indicator leaf. */
  readonly lost: Float64Array;
  /** Explain: score units per leaf (NaN when not scored). */
  readonly su: Float64Array;
  /** Explain: contribution units per leaf (NaN when not scored). */
  readonly cu: Float64Array;
  /** Explain: per leaf, 0 nothing missing, 1 imputed, 2 scored worst, 3 not gradable, 4 no bin or row matched. */
  readonly miss: Uint8Array;
  /** Explain: the values each leaf read, leaf after leaf (see `lvAt`). */
  readonly lv: unknown[];
  /** Explain: each leaf's values as read (input id → value, null when missing). */
  readonly vals: Readonly<Record<string, unknown>>[];
  /** Explain: units per indicator group. */
  readonly gu: Float64Array;
  /** Which rules fired, by rule index. */
  readonly fired: Uint8Array;
  /** Traced conditions: factValue, value, result of every leaf, rule after rule. */
  readonly tr: unknown[];
  /** Issues found in the subject. */
  readonly issues: SubjectIssue[];
  /** Record ids seen so far in the subject (duplicate detection): a scan of the few, a set past 16. */
  readonly seen: string[];
  /** How many of `seen` belong to the current subject (the array keeps its store between subjects). */
  seenCount: number;
  /** The same as a set, once there are many. */
  seenSet: Set<string> | undefined;
  /** Explain: the records left out, in order. */
  readonly excluded: ExcludedRecord[];
  /** The adjustment in units. */
  adjust: number;
  /** The score in units (NaN when not scored). */
  score: number;
  /** The band's index (−1 when not scored). */
  band: number;
  /** The score grade's rank (−1 when not scored). */
  scoreRank: number;
  /** The final label position (−1 when not gradable). */
  position: number;
  /** How it was decided: 0 score, 1 direct judgment, 2 not gradable, 3 public composite fallback. */
  decided: number;
  /** The fired effects, tallied for precedence. */
  readonly tally: EffectTally;
  /** Whether the state is in use (re-entry gets a fresh state). */
  busy: boolean;
}

/**
 * Allocates a kernel state for a plan.
 * @param plan - The plan.
 * @returns A fresh state.
 * @category Grading
 */
export function newState(plan: Plan): KernelState {
  const leaves = plan.leaves.length;
  return {
    id: undefined,
    inputs: EMPTY_INPUTS,
    records: undefined,
    history: undefined,
    iv: new Array<unknown>(plan.inputs.length).fill(undefined),
    dv: new Array<unknown>(plan.facts?.ids.length ?? 0).fill(undefined),
    rv: new Array<unknown>(plan.ruleFacts.length).fill(undefined),
    lost: new Float64Array(leaves),
    su: new Float64Array(leaves),
    cu: new Float64Array(leaves),
    miss: new Uint8Array(leaves),
    lv: new Array<unknown>(plan.leaves.reduce((n, l) => n + l.inputs.length, 0)).fill(undefined),
    gu: new Float64Array(plan.groups.length),
    vals: new Array<Readonly<Record<string, unknown>>>(leaves).fill(EMPTY_INPUTS),
    fired: new Uint8Array(plan.rules.length),
    tr: [],
    issues: [],
    seen: new Array<string>(16).fill(""),
    seenCount: 0,
    seenSet: undefined,
    excluded: [],
    adjust: 0,
    score: Number.NaN,
    band: -1,
    scoreRank: -1,
    position: -1,
    decided: 0,
    tally: resetTally(),
    busy: false,
  };
}

/**
 * The inputs of a subject without any: nothing inherited, frozen.
 * @category Grading
 */
export const EMPTY_INPUTS: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);

/**
 * Where each leaf's read values start in {@link KernelState.lv}.
 * @param plan - The plan.
 * @returns The offset of each leaf.
 * @category Grading
 */
export function lvOffsets(plan: Plan): number[] {
  const out: number[] = [];
  let n = 0;
  for (const l of plan.leaves) {
    out.push(n);
    n += l.inputs.length;
  }
  return out;
}
