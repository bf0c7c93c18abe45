/**
 * Reason codes (扣分原因), ranked without sorting: the indicators that lost the most points,
 * ties broken by indicator id, kept by insertion into the top `maxReasons`. Shared by `grade`
 * (over the units each indicator lost) and `evaluate` (over its indicator results).
 * @module
 */
import type { IndicatorResult, Reason } from "./types.js";

/**
 * The reason-code ranking of `evaluate`: over its indicator results, on the units each lost
 * (as `grade` ranks them), which the caller writes to `lost` as it scores (NaN for an
 * indicator not scored); buffers reused from subject to subject.
 * @param ids - The indicator ids, in result order.
 * @returns `lost` and `rank(results, wanted)`, `wanted` as {@link reasonCount} gives it.
 * @example
 * const ranker = reasonRanker(["a", "b"]);
 * ranker.lost.set([100, 250]);
 * ranker.rank(results, 1)[0]?.indicator; //=> "b"
 */
export function reasonRanker(ids: readonly string[]): { readonly lost: Float64Array; readonly rank: (results: readonly IndicatorResult[], wanted: number) => Reason[] } {
  const idOrder = idOrderOf(ids);
  const lost = new Float64Array(ids.length);
  const topIdx = new Int32Array(ids.length);
  const rank = (results: readonly IndicatorResult[], wanted: number): Reason[] => {
    if (wanted === 0) return [];
    const n = rankTop(lost, idOrder, results.length, wanted, topIdx);
    const list: Reason[] = new Array(n);
    for (let r = 0; r < n; r++) {
      const x = results[topIdx[r]!]!;
      list[r] = { rank: r + 1, indicator: x.id, name: x.name, pointsLost: x.pointsLost! };
    }
    return list;
  };
  return { lost, rank };
}

/**
 * Ranks the indices of the `count` entries of `lost` with something lost (> 0) by most lost,
 * then by `idOrder` (the indicator ids' order), keeping the top `wanted` in `top` by insertion.
 * Its own function, so the engine optimises the loop on its own.
 * @param lost - Points lost per indicator, in units.
 * @param idOrder - Each indicator's rank by id.
 * @param count - The number of indicators.
 * @param wanted - How many to keep (≥ 1).
 * @param top - Receives the kept indices, best first.
 * @returns How many were kept.
 * @example
 * rankTop(Float64Array.of(0, 5, 7), Int32Array.of(0, 1, 2), 3, 1, new Int32Array(3)); //=> 1 (top[0] is 2)
 */
export function rankTop(lost: Float64Array, idOrder: Int32Array, count: number, wanted: number, top: Int32Array): number {
  let n = 0;
  // Once `wanted` are kept: the points lost by the last of them (anything less cannot enter).
  let floor = Number.NEGATIVE_INFINITY;
  for (let l = 0; l < count; l++) {
    const x = lost[l]!;
    if (!(x > 0) || x < floor) continue;
    // Position of l among the n ranked so far; skip when it falls beyond `wanted`.
    let j = n;
    while (j > 0) {
      const o = top[j - 1]!;
      const ol = lost[o]!;
      if (ol > x || (ol === x && idOrder[o]! < idOrder[l]!)) break;
      j--;
    }
    if (j >= wanted) continue;
    for (let m = n < wanted ? n : wanted - 1; m > j; m--) top[m] = top[m - 1]!;
    top[j] = l;
    if (n < wanted) n++;
    if (n === wanted) floor = lost[top[wanted - 1]!]!;
  }
  return n;
}

/**
 * Each id's rank in ascending order, by position (the tie-break of reason codes).
 * @param ids - Distinct ids.
 * @returns `order[i]` is the rank of `ids[i]`.
 * @example
 * idOrderOf(["b", "a", "c"]); //=> Int32Array [1, 0, 2]
 */
export function idOrderOf(ids: readonly string[]): Int32Array {
  const order = new Int32Array(ids.length);
  ids
    .map((id, i) => ({ id, i }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .forEach((x, rank) => (order[x.i] = rank));
  return order;
}

/**
 * How many reason codes to rank for a `maxReasons` option (default 4), as `Array.prototype.slice(0, n)`
 * reads its bound: fractions truncated, NaN and negatives 0, at most `count`.
 * @param maxReasons - The option.
 * @param count - The number of indicators.
 * @returns The number wanted.
 * @example
 * reasonCount(2.5, 20); //=> 2
 */
export function reasonCount(maxReasons: number | undefined, count: number): number {
  return Math.min(count, Math.max(0, Math.trunc(maxReasons ?? 4) || 0));
}
