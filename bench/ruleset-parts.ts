/**
 * Shorthands the benchmark rulesets (`ruleset.ts`, `scorecard/ruleset.ts`) are written with.
 * @module
 */

/**
 * A bilingual text.
 * @param zh - Chinese.
 * @param en - English.
 */
export const n = (zh: string, en: string) => ({ zh, en });
/**
 * A condition leaf `fact equal value`.
 * @param fact - The fact.
 * @param value - The value.
 */
export const eq = (fact: string, value: unknown) => ({ fact, operator: "equal", value });
/**
 * A condition leaf with any operator.
 * @param fact - The fact.
 * @param operator - The operator.
 * @param value - The value, or `{ fact }` for another fact.
 */
export const cmp = (fact: string, operator: string, value: unknown) => ({ fact, operator, value });

/**
 * An override rule with the benchmark's stock reason and legal basis.
 * @param id - The rule id.
 * @param conditions - When it fires.
 * @param effect - What it does.
 */
export function rule(id: string, conditions: unknown, effect: unknown) {
  return { id, reason: n(`规则 ${id}`, `rule ${id}`), legalBasis: "基准测试（非真实依据）", conditions, effect };
}
