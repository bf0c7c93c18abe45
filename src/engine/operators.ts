/**
 * The operators of the condition language (条件运算符), implemented: json-rules-engine's built-ins
 * with its fact-value validators and decorators, and the date operators relative to the as-of
 * date. A fixed table: a ruleset names operators, it never supplies code. Where
 * json-rules-engine's comparison throws on the data, the operator here is false.
 * @module
 */
import { addDuration, type IsoDate, isIsoDate, parseDuration } from "../base/date.js";
import { MAX_OPERATOR_DECORATORS } from "../format/operator.js";

/**
 * A compiled comparison: fact value, compared value, as-of date.
 * @category Grading
 */
export type Op = (a: unknown, b: unknown, asOf: IsoDate) => boolean;

// json-rules-engine's `Number.parseFloat(v).toString() !== "NaN"`, without building a string:
// a number parses to itself (Infinity included), so only NaN fails.
const numberValidator = (v: unknown): boolean => (typeof v === "number" ? v === v : !Number.isNaN(Number.parseFloat(v as string)));
const always = (): boolean => true;

// Each entry: the fact-value validator and the comparison, exactly as json-rules-engine 7 has them.
const BASE_OPS: Record<string, { valid: (v: unknown) => boolean; cb: Op }> = {
  equal: { valid: always, cb: (a, b) => a === b },
  notEqual: { valid: always, cb: (a, b) => a !== b },
  in: { valid: always, cb: (a, b) => (b as { indexOf(x: unknown): number }).indexOf(a) > -1 },
  notIn: { valid: always, cb: (a, b) => (b as { indexOf(x: unknown): number }).indexOf(a) === -1 },
  contains: { valid: Array.isArray, cb: (a, b) => (a as unknown[]).indexOf(b) > -1 },
  doesNotContain: { valid: Array.isArray, cb: (a, b) => (a as unknown[]).indexOf(b) === -1 },
  lessThan: { valid: numberValidator, cb: (a, b) => (a as number) < (b as number) },
  lessThanInclusive: { valid: numberValidator, cb: (a, b) => (a as number) <= (b as number) },
  greaterThan: { valid: numberValidator, cb: (a, b) => (a as number) > (b as number) },
  greaterThanInclusive: { valid: numberValidator, cb: (a, b) => (a as number) >= (b as number) },
  withinLast: { valid: isIsoDate, cb: (a, b, asOf) => withinLast(a as string, b, asOf) === true },
  notWithinLast: { valid: isIsoDate, cb: (a, b, asOf) => withinLast(a as string, b, asOf) === false },
  before: { valid: isIsoDate, cb: (a, b) => isIsoDate(b) && (a as string) < b },
  onOrBefore: { valid: isIsoDate, cb: (a, b) => isIsoDate(b) && (a as string) <= b },
  after: { valid: isIsoDate, cb: (a, b) => isIsoDate(b) && (a as string) > b },
  onOrAfter: { valid: isIsoDate, cb: (a, b) => isIsoDate(b) && (a as string) >= b },
};

// A date is within the last P when asOf - P < date <= asOf; undefined when P is not a duration,
// so that neither withinLast nor notWithinLast holds for a bad period.
function withinLast(date: string, duration: unknown, asOf: IsoDate): boolean | undefined {
  if (typeof duration !== "string") return undefined;
  // asOf − duration depends on the two strings only: cached, as evaluation asks for the same
  // few periods on the same as-of date for every record of every subject.
  let c = WINDOW_STARTS.get(duration);
  if (c === undefined || c.asOf !== asOf) {
    const d = parseDuration(duration);
    c = { asOf, start: d ? addDuration(asOf, d, -1) : undefined };
    if (WINDOW_STARTS.size >= 256) WINDOW_STARTS.clear();
    WINDOW_STARTS.set(duration, c);
  }
  if (c.start === undefined) return undefined;
  return date <= asOf && date > c.start;
}

const WINDOW_STARTS = new Map<string, { readonly asOf: IsoDate; readonly start: IsoDate | undefined }>();

const DECORATORS: Record<string, { valid: (v: unknown) => boolean; cb: (a: unknown, b: unknown, next: Op, asOf: IsoDate) => boolean }> = {
  someFact: { valid: Array.isArray, cb: (a, b, next, asOf) => (a as unknown[]).some((x) => next(x, b, asOf)) },
  someValue: { valid: always, cb: (a, b, next, asOf) => (b as unknown[]).some((x) => next(a, x, asOf)) },
  everyFact: { valid: Array.isArray, cb: (a, b, next, asOf) => (a as unknown[]).every((x) => next(x, b, asOf)) },
  everyValue: { valid: always, cb: (a, b, next, asOf) => (b as unknown[]).every((x) => next(a, x, asOf)) },
  swap: { valid: always, cb: (a, b, next, asOf) => next(b, a, asOf) },
  not: { valid: always, cb: (a, b, next, asOf) => !next(a, b, asOf) },
};

/**
 * Resolves an operator name, decorators included, to its comparison. Where json-rules-engine
 * would throw a TypeError on the data, the comparison returns `false`; any other error (a stack
 * overflow, a host's getter throwing) is not a comparison's answer and is thrown on.
 * @param name - e.g. `greaterThan`, `someFact:greaterThan` or `withinLast`.
 * @returns The comparison `(factValue, value, asOf) => boolean`, or `undefined` for an unknown
 * name or one with more than `MAX_OPERATOR_DECORATORS` decorators.
 * @example
 * resolveOperator("not:equal")?.(1, 2, "2025-01-01"); //=> true
 * resolveOperator("in")?.(1, 5, "2025-01-01"); //=> false (json-rules-engine throws a TypeError)
 * resolveOperator("withinLast")?.("2025-06-30", "P1Y", "2025-12-31"); //=> true
 * @category Grading
 */
export function resolveOperator(name: string): Op | undefined {
  const parts = name.split(":", MAX_OPERATOR_DECORATORS + 2);
  if (parts.length > MAX_OPERATOR_DECORATORS + 1) return undefined;
  const last = parts[parts.length - 1]!;
  const base = Object.hasOwn(BASE_OPS, last) ? BASE_OPS[last] : undefined;
  if (!base) return undefined;
  const { valid, cb } = base;
  if (parts.length === 1) {
    // Undecorated, the common case: one call layer fewer.
    return (a, b, asOf) => {
      try {
        return valid(a) && cb(a, b, asOf) === true;
      } catch (e) {
        return dataFault(e);
      }
    };
  }
  let op: Op = (a, b, asOf) => valid(a) && cb(a, b, asOf);
  for (let i = parts.length - 2; i >= 0; i--) {
    const dec = Object.hasOwn(DECORATORS, parts[i]!) ? DECORATORS[parts[i]!] : undefined;
    if (!dec) return undefined;
    const next = op;
    op = (a, b, asOf) => dec.valid(a) && dec.cb(a, b, next, asOf);
  }
  const inner = op;
  // The callbacks are json-rules-engine's own, so they throw on exactly the data where its
  // run() would reject; the leaf is false there instead (see the module comment).
  return (a, b, asOf) => {
    try {
      return inner(a, b, asOf) === true;
    } catch (e) {
      return dataFault(e);
    }
  };
}

// json-rules-engine's comparisons fail on data of the wrong shape with a TypeError (no `indexOf`,
// no `some`, no primitive value): that leaf is false. Anything else is not an answer.
function dataFault(e: unknown): false {
  if (e instanceof TypeError) return false;
  throw e;
}
