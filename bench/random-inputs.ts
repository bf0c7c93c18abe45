/**
 * The random draws the benchmark populations (`population.ts`, `scorecard/population.ts`) are
 * generated with, from a seeded {@link Random}.
 * @module
 */
import type { Random } from "../src/supervision/random.js";

/**
 * One of the items, uniformly.
 * @param rng - The generator.
 * @param items - The items.
 */
export const pick = <T>(rng: Random, items: readonly T[]): T => items[rng.int(items.length)]!;
/**
 * True with probability `p`.
 * @param rng - The generator.
 * @param p - The probability.
 */
export const chance = (rng: Random, p: number): boolean => rng.uint32() / 2 ** 32 < p;

/**
 * A writer of a subject's inputs that leaves some missing: `put(id, value, missing)` writes the
 * value, except with probability `missing` (default 3 %), half of which writes `null` and half
 * leaves the input absent. The value is drawn before the decision (argument order).
 * @param rng - The generator.
 * @param inputs - The inputs written to.
 */
export function inputWriter(rng: Random, inputs: Record<string, unknown>): (id: string, value: unknown, missing?: number) => void {
  return (id, value, missing = 0.03) => {
    const r = rng.int(1000) / 1000;
    if (r < missing / 2) inputs[id] = null;
    else if (r < missing) return;
    else inputs[id] = value;
  };
}
