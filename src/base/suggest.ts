/**
 * "Did you mean": the closest known name to a misspelt one, by edit distance (insertions,
 * deletions, substitutions and swaps of adjacent characters each cost 1). The one helper every
 * "unknown id" diagnostic uses.
 * @module
 */

/**
 * The edit distance between two strings (optimal string alignment: insert, delete, substitute,
 * swap two adjacent characters).
 * @param a - One string.
 * @param b - The other.
 * @returns The number of edits.
 * @example
 * editDistance("wieght", "weight"); //=> 1
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[(i - 2) * cols + j - 2]! + 1);
      d[i * cols + j] = v;
    }
  }
  return d[rows * cols - 1]!;
}

/**
 * The known name closest to `name`, when it is close enough to be a slip: at most a third of
 * the name's length in edits (none for a name under three characters), or the same name in
 * another case. Ties go to the first candidate.
 * @param name - The unknown name.
 * @param candidates - The names that are known.
 * @returns The suggestion, or `undefined`.
 * @example
 * closestName("yearInOperation", ["yearsInOperation", "honours"]); //=> "yearsInOperation"
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.floor(name.length / 3);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const d = c.toLowerCase() === name.toLowerCase() ? 0.5 : editDistance(name, c);
    if (d <= limit && d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * The tail of an "unknown id" message: ` (did you mean "x"?)`, or nothing when no known name is close.
 * @param name - The unknown name.
 * @param candidates - The names that are known.
 * @returns The text to append.
 * @example
 * didYouMean("honour", ["honours"]); //=> ' (did you mean "honours"?)'
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const s = closestName(name, candidates);
  return s === undefined ? "" : ` (did you mean ${JSON.stringify(s)}?)`;
}
