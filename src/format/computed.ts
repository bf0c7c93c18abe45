/**
 * Computed inputs (计算型输入): an input whose value the ruleset computes from other inputs and
 * derived facts (a ratio such as complaints per 1,000 orders, a sum, a minimum, a conditional)
 * instead of reading it from the subject. The expression has a JSON form (below) and a text form
 * (`"complaints * 1000 / orders"`, parsed by `format/computed-text.ts` into the JSON form); it is
 * checked at load (check/computed-check.ts) and written in the kernel language by
 * engine/kernel/computed.ts — never evaluated from text.
 *
 * Meaning, stated once here:
 * - values are numbers and booleans; a name reads an input (one not computed, or computed
 *   earlier in the declaration order) or a derived fact (facts are derived before computed
 *   inputs are computed);
 * - a missing operand (absent or null) makes the result missing, except in the branch of `if`
 *   not taken; a missing input then follows the reading indicator's missing-input policy;
 * - division by zero gives the division's `onZero`, else the input's `onZero`, else missing
 *   ({@link DEFAULT_ON_ZERO}); a result that is not a finite number (an overflow) is missing.
 * @module
 */
import { z } from "zod";

/**
 * An expression of a computed input, in its JSON form.
 * @category Ruleset format
 */
export type ComputedExpr =
  | number
  | boolean
  | { readonly ref: string }
  | { readonly add: readonly ComputedExpr[] }
  | { readonly sub: readonly [ComputedExpr, ComputedExpr] }
  | { readonly mul: readonly ComputedExpr[] }
  | { readonly div: readonly [ComputedExpr, ComputedExpr]; readonly onZero?: number | null | undefined }
  | { readonly neg: ComputedExpr }
  | { readonly min: readonly ComputedExpr[] }
  | { readonly max: readonly ComputedExpr[] }
  | { readonly abs: ComputedExpr }
  | { readonly lt: readonly [ComputedExpr, ComputedExpr] }
  | { readonly le: readonly [ComputedExpr, ComputedExpr] }
  | { readonly gt: readonly [ComputedExpr, ComputedExpr] }
  | { readonly ge: readonly [ComputedExpr, ComputedExpr] }
  | { readonly eq: readonly [ComputedExpr, ComputedExpr] }
  | { readonly ne: readonly [ComputedExpr, ComputedExpr] }
  | { readonly and: readonly ComputedExpr[] }
  | { readonly or: readonly ComputedExpr[] }
  | { readonly not: ComputedExpr }
  | { readonly if: readonly [ComputedExpr, ComputedExpr, ComputedExpr] };

/**
 * What a division by zero gives when neither the division nor the input says: `null`, a missing
 * value, which then follows the missing-input policy of the indicator that reads it.
 * @category Ruleset format
 */
export const DEFAULT_ON_ZERO = null;

/**
 * The deepest a computed input's expression may be nested (the most nodes on a path from its top
 * to a leaf).
 * @category Ruleset format
 */
export const MAX_COMPUTED_DEPTH = 32;

/**
 * The most nodes a computed input's expression may have; the longest its text form may be is
 * eight characters a node.
 * @category Ruleset format
 */
export const MAX_COMPUTED_NODES = 500;

const OnZero = z.number().nullable().describe("What a division by zero gives: a number, or null for a missing value.");

/**
 * Schema of an expression of a computed input (JSON form).
 * @category Ruleset format
 */
export const ComputedExprSchema: z.ZodType<ComputedExpr, ComputedExpr> = z
  .lazy(() => {
    const E = ComputedExprSchema;
    const two = z.tuple([E, E]);
    const many = z.array(E).min(1);
    return z.union([
      z.number().describe("A number."),
      z.boolean().describe("true or false."),
      z.strictObject({ ref: z.string().min(1).describe("An input (not computed, or computed earlier) or a derived fact, by id.") }),
      z.strictObject({ add: many.describe("The sum.") }),
      z.strictObject({ sub: two.describe("The first minus the second.") }),
      z.strictObject({ mul: many.describe("The product.") }),
      z.strictObject({ div: two.describe("The first divided by the second."), onZero: OnZero.optional() }),
      z.strictObject({ neg: E }).describe("Minus the operand."),
      z.strictObject({ min: many.describe("The smallest.") }),
      z.strictObject({ max: many.describe("The largest.") }),
      z.strictObject({ abs: E }).describe("The absolute value."),
      z.strictObject({ lt: two.describe("Whether the first is below the second.") }),
      z.strictObject({ le: two.describe("Whether the first is at most the second.") }),
      z.strictObject({ gt: two.describe("Whether the first is above the second.") }),
      z.strictObject({ ge: two.describe("Whether the first is at least the second.") }),
      z.strictObject({ eq: two.describe("Whether the two are equal (numbers or booleans).") }),
      z.strictObject({ ne: two.describe("Whether the two differ (numbers or booleans).") }),
      z.strictObject({ and: many.describe("Whether all hold.") }),
      z.strictObject({ or: many.describe("Whether any holds.") }),
      z.strictObject({ not: E }).describe("Whether the operand does not hold."),
      z.strictObject({ if: z.tuple([E, E, E]).describe("[condition, value when true, value when false]: only the branch taken is computed.") }),
    ]);
  })
  .meta({ id: "ComputedExpression" });

/**
 * The fields a number or boolean input has when it is computed.
 * @category Ruleset format
 */
export const ComputedFields = {
  computed: z
    .union([z.string().min(1).describe("The text form, e.g. \"complaints * 1000 / orders\" (guide §12.5)."), ComputedExprSchema])
    .optional()
    .describe("When present, the ruleset computes this input from other inputs and derived facts; a subject may not supply it."),
  onZero: OnZero.optional().describe("Computed inputs: what a division by zero gives where the division does not say (default null, missing)."),
};

/** The operator of an expression object (its one key besides `onZero`). */
export function operatorOf(e: Exclude<ComputedExpr, number | boolean>): string {
  for (const key of Object.keys(e)) if (key !== "onZero") return key;
  return "";
}

/** The operands of an expression (none for a literal or a name). */
export function operandsOf(e: ComputedExpr): readonly ComputedExpr[] {
  if (typeof e !== "object") return [];
  if ("ref" in e) return [];
  const v = (e as Record<string, unknown>)[operatorOf(e)];
  return Array.isArray(v) ? (v as ComputedExpr[]) : [v as ComputedExpr];
}

/**
 * An expression measured without recursion: its node count and depth (each capped just past
 * its limit) and the names it reads.
 * @param e - The expression.
 * @returns The measures.
 * @category Ruleset format
 */
export function measureComputed(e: ComputedExpr): { nodes: number; depth: number; refs: string[] } {
  let nodes = 0;
  let depth = 0;
  const refs: string[] = [];
  const stack: [ComputedExpr, number][] = [[e, 1]];
  while (stack.length > 0 && nodes <= MAX_COMPUTED_NODES) {
    const [n, d] = stack.pop()!;
    nodes++;
    if (d > depth) depth = d;
    if (typeof n === "object" && "ref" in n) refs.push(n.ref);
    if (d > MAX_COMPUTED_DEPTH) continue;
    for (const o of operandsOf(n)) stack.push([o, d + 1]);
  }
  return { nodes, depth, refs };
}
