/**
 * Reason codes (扣分原因), ranked without sorting: the indicators that lost the most points,
 * ties broken by indicator id, kept by insertion into the top `maxReasons`.
 * @module
 */

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
 * @category Grading
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
 * @category Grading
 */
export function idOrderOf(ids: readonly string[]): Int32Array {
  const order = new Int32Array(ids.length);
  ids
    .map((id, i) => ({ id, i }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .forEach((x, rank) => (order[x.i] = rank));
  return order;
}

