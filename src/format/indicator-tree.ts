/**
 * The indicator tree (指标体系): groups (一级指标) of indicators (二级指标). Helpers that walk
 * it and derive each node's maximum points, shared by the checks and the compiler.
 * @module
 */
import type { PathSegment } from "../base/diagnostic.js";
import {
  type IndicatorLeafDef,
  type IndicatorNodeDef,
  isGroup,
  type Ruleset,
  type ScoringDef,
} from "./ruleset-schema.js";
import type { InputDef } from "./input.js";

/**
 * A node of the tree with where it sits and what it is worth.
 * @category Ruleset format
 */
export interface PlacedNode {
  /** The node as written. */
  readonly node: IndicatorNodeDef;
  /** Its JSON path in the ruleset document. */
  readonly path: readonly PathSegment[];
  /** Depth: 1 for the top level. */
  readonly depth: number;
  /** The ids of its ancestors, outermost first. */
  readonly ancestors: readonly string[];
  /** Its siblings, itself included. */
  readonly siblings: readonly IndicatorNodeDef[];
  /** The most it contributes to the total score, in points. */
  readonly maxPoints: number;
  /** Its share of the total score, 0–1. */
  readonly share: number;
}

/**
 * Lists every node of a ruleset's indicator tree, parents before children, with its
 * maximum points derived from points or percentage weights.
 * @param ruleset - A ruleset that passed the schema.
 * @param maxDepth - Nodes deeper than this are listed but not descended into.
 * @returns The placed nodes in document order.
 * @example
 * placeNodes(ruleset).map((n) => [n.node.id, n.maxPoints]);
 * //=> [["basic", 30], ["age", 10], ...]
 * @category Ruleset format
 */
export function placeNodes(ruleset: Ruleset, maxDepth = Number.POSITIVE_INFINITY): PlacedNode[] {
  const out: PlacedNode[] = [];
  const total = ruleset.scale.max - ruleset.scale.min;
  const visit = (
    nodes: readonly IndicatorNodeDef[],
    basePath: readonly PathSegment[],
    depth: number,
    ancestors: readonly string[],
    parentPoints: number,
  ): void => {
    const sum = nodes.reduce((s, n) => s + nodeAmount(ruleset, n), 0);
    nodes.forEach((node, i) => {
      const amount = nodeAmount(ruleset, node);
      const maxPoints =
        ruleset.weighting === "points" ? amount : sum > 0 ? (parentPoints * amount) / 100 : 0;
      const path = [...basePath, i];
      out.push({ node, path, depth, ancestors, siblings: nodes, maxPoints, share: maxPoints / total });
      // Descend one level past maxDepth so the too-deep nodes are listed (and can be reported).
      if (isGroup(node) && depth <= maxDepth) {
        visit(node.children, [...path, "children"], depth + 1, [...ancestors, node.id], maxPoints);
      }
    });
  };
  visit(ruleset.indicators, ["indicators"], 1, [], total);
  return out;
}

/**
 * The amount a node declares under the ruleset's weighting: its points or its weight.
 * @param ruleset - The ruleset.
 * @param node - A tree node.
 * @returns The declared points (points mode) or weight (weights mode); 0 when absent.
 * @example
 * nodeAmount({ ...ruleset, weighting: "weights" }, { ...node, weight: 30 }); //=> 30
 * @category Ruleset format
 */
export function nodeAmount(ruleset: Pick<Ruleset, "weighting">, node: IndicatorNodeDef): number {
  return (ruleset.weighting === "points" ? node.points : node.weight) ?? 0;
}

/**
 * The scale an indicator's scoring function scores on.
 * @param ruleset - The ruleset.
 * @param leaf - An indicator.
 * @param maxPoints - The indicator's maximum points.
 * @returns `leaf.outOf`, else its points (points mode) or 100 (weights mode).
 * @example
 * indicatorOutOf({ weighting: "weights" }, leaf, 12.5); //=> 100
 * @category Ruleset format
 */
export function indicatorOutOf(
  ruleset: Pick<Ruleset, "weighting">,
  leaf: IndicatorLeafDef,
  maxPoints: number,
): number {
  return leaf.outOf ?? (ruleset.weighting === "points" ? maxPoints : 100);
}

/**
 * The ids of the inputs a scoring function reads.
 * @param scoring - A scoring function.
 * @returns Input ids, in the order they appear.
 * @example
 * scoringInputs({ type: "boolean", input: "x", whenTrue: 1, whenFalse: 0 }); //=> ["x"]
 * @category Ruleset format
 */
export function scoringInputs(scoring: ScoringDef): string[] {
  if (scoring.type !== "deduction") return [scoring.input];
  const ids = scoring.items.map((i) => i.input);
  if (typeof scoring.base === "object") ids.unshift(scoring.base.input);
  return ids;
}

/**
 * The lowest and highest score a scoring function can give, on its own scale.
 * @param scoring - A scoring function.
 * @param outOf - The indicator's scale.
 * @returns `[worst, best]`.
 * @example
 * scoringRange({ type: "boolean", input: "x", whenTrue: 10, whenFalse: 2 }, 10); //=> [2, 10]
 * @category Ruleset format
 */
export function scoringRange(scoring: ScoringDef, outOf: number): [number, number] {
  switch (scoring.type) {
    case "linear":
    case "passthrough":
      return [0, outOf];
    case "boolean":
      return minMax([scoring.whenTrue, scoring.whenFalse]);
    case "bins":
      return minMax([
        ...scoring.bins.map((b) => b.score),
        ...(scoring.otherwise === undefined ? [] : [scoring.otherwise]),
      ]);
    case "lookup":
      return minMax([
        ...scoring.table.map((r) => r.score),
        ...(scoring.otherwise === undefined ? [] : [scoring.otherwise]),
      ]);
    case "deduction": {
      const bases =
        typeof scoring.base === "number"
          ? [scoring.base]
          : [scoring.base.otherwise, ...scoring.base.cases.map((c) => c.base)];
      return [scoring.floor ?? 0, Math.max(...bases)];
    }
  }
}

function minMax(values: readonly number[]): [number, number] {
  return [Math.min(...values), Math.max(...values)];
}

/**
 * The range a passthrough scoring maps onto the indicator's scale: a `score` input's declared
 * min and width, else 0 and `outOf`.
 * @param input - The input passed through.
 * @param outOf - The indicator's own scale.
 * @param inputs - The declared inputs by id.
 * @returns `[lo, span]`: the score is `clamp((x - lo) / span) * outOf`.
 * @example
 * passthroughRange("publicScore", 4, new Map([["publicScore", { id: "publicScore", type: "score", min: 0, max: 100 }]])); //=> [0, 100]
 * @category Ruleset format
 */
export function passthroughRange(input: string, outOf: number, inputs: ReadonlyMap<string, InputDef>): [lo: number, span: number] {
  const def = inputs.get(input);
  const lo = def?.type === "score" ? def.min : 0;
  return [lo, (def?.type === "score" ? def.max : outOf) - lo];
}
