/**
 * Operators of the condition language: json-rules-engine's built-ins with its fact-value
 * validators and decorators, and the date operators relative to the as-of date. A fixed
 * table: a ruleset names operators, it never supplies code. Where json-rules-engine's
 * comparison throws on the data, the operator here is false (see `condition.ts`).
 * @module
 */

/**
 * json-rules-engine's built-in operators.
 * @category Ruleset format
 */
export const JRE_OPERATORS = [
  "equal",
  "notEqual",
  "in",
  "notIn",
  "contains",
  "doesNotContain",
  "lessThan",
  "lessThanInclusive",
  "greaterThan",
  "greaterThanInclusive",
] as const;

/**
 * Date operators added by this library; the value is an ISO 8601 duration or a date.
 * @category Ruleset format
 */
export const DATE_OPERATORS = ["withinLast", "notWithinLast", "before", "onOrBefore", "after", "onOrAfter"] as const;

/**
 * json-rules-engine's operator decorators, written `decorator:operator`.
 * @category Ruleset format
 */
export const OPERATOR_DECORATORS = ["someFact", "someValue", "everyFact", "everyValue", "swap", "not"] as const;

/**
 * The most decorators an operator may carry (`not:someFact:equal` has two): each one is a call
 * layer, so thousands of them would exhaust the stack at the first comparison.
 * @category Ruleset format
 */
export const MAX_OPERATOR_DECORATORS = 8;
