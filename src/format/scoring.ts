/**
 * Scoring functions (评分方法): raw input values to an indicator's score on its own scale.
 * Each compiles once into a plain function over the values of the inputs it reads.
 * @module
 */
import type { InputDef, ScoringDef } from "./ruleset-schema.js";

/** A compiled scoring function: the values of its inputs, in {@link scoringInputs} order, to a score. */
export type Scorer = (values: readonly unknown[]) => number;

const clamp01 = (t: number): number => (t < 0 ? 0 : t > 1 ? 1 : t);

/**
 * Compiles a scoring function.
 * @param scoring - The scoring function as written in the ruleset.
 * @param outOf - The indicator's scale: the score a perfect value earns.
 * @param inputs - The ruleset's declared inputs by id (for the scale of score inputs).
 * @returns A function from input values to a score in `[0, outOf]` (unrounded).
 * @example
 * const s = compileScorer({ type: "linear", input: "x", min: 0, max: 10, direction: "higher-better" }, 20, new Map());
 * s([5]); //=> 10
 */
export function compileScorer(scoring: ScoringDef, outOf: number, inputs: ReadonlyMap<string, InputDef>): Scorer {
  switch (scoring.type) {
    case "linear": {
      const { min, max } = scoring;
      const span = max - min;
      return scoring.direction === "higher-better"
        ? (v) => clamp01(((v[0] as number) - min) / span) * outOf
        : (v) => clamp01((max - (v[0] as number)) / span) * outOf;
    }
    case "passthrough": {
      const [lo, span] = passthroughRange(scoring.input, outOf, inputs);
      return (v) => clamp01(((v[0] as number) - lo) / span) * outOf;
    }
    case "boolean": {
      const { whenTrue, whenFalse } = scoring;
      return (v) => (v[0] === true ? whenTrue : whenFalse);
    }
    case "lookup": {
      const table = new Map(scoring.table.map((r) => [r.value, r.score]));
      const otherwise = scoring.otherwise;
      return (v) => {
        const s = table.get(v[0] as string);
        if (s !== undefined) return s;
        if (otherwise !== undefined) return otherwise;
        throw new NoMatch(`value ${describeValue(v[0])} is not in the lookup table`);
      };
    }
    case "bins": {
      const tests = scoring.bins.map((b) => {
        const lo = b.min ?? Number.NEGATIVE_INFINITY;
        const hi = b.max ?? Number.POSITIVE_INFINITY;
        const loIn = b.minInclusive ?? true;
        const hiIn = b.maxInclusive ?? false;
        return { lo, hi, loIn, hiIn, score: b.score };
      });
      const otherwise = scoring.otherwise;
      return (v) => {
        const x = v[0] as number;
        for (const t of tests) {
          if ((loInOk(x, t.lo, t.loIn)) && (x < t.hi || (t.hiIn && x === t.hi))) return t.score;
        }
        if (otherwise !== undefined) return otherwise;
        throw new NoMatch(`value ${describeValue(x)} falls in no bin`);
      };
    }
    case "deduction": {
      const floor = scoring.floor ?? 0;
      const items = scoring.items.map((i) => ({ points: i.points, cap: i.cap ?? Number.POSITIVE_INFINITY }));
      const base = scoring.base;
      const offset = typeof base === "number" ? 0 : 1;
      const pickBase: (v: readonly unknown[]) => number =
        typeof base === "number"
          ? () => base
          : (v) => {
              for (const c of base.cases) if (c.equals === v[0]) return c.base;
              return base.otherwise;
            };
      return (v) => {
        let score = pickBase(v);
        for (let i = 0; i < items.length; i++) {
          const item = items[i]!;
          const lost = (v[i + offset] as number) * item.points;
          score -= lost < item.cap ? lost : item.cap;
        }
        return score < floor ? floor : score;
      };
    }
  }
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
 */
export function passthroughRange(input: string, outOf: number, inputs: ReadonlyMap<string, InputDef>): [lo: number, span: number] {
  const def = inputs.get(input);
  const lo = def?.type === "score" ? def.min : 0;
  return [lo, (def?.type === "score" ? def.max : outOf) - lo];
}

// A value in a message, whatever it is (with `validate: false` an input may be a BigInt, a
// Symbol or an object JSON cannot write): a JSON string or number, else its String() form.
const describeValue = (v: unknown): string => {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol") return v.toString();
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
};

const loInOk = (x: number, lo: number, inclusive: boolean): boolean => x > lo || (inclusive && x === lo);

/** Thrown by a compiled scorer when a value matches no bin or table row and there is no `otherwise`. */
export class NoMatch extends Error {
  override name = "NoMatch";
}
