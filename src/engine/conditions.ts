/**
 * Conditions for hosts (条件): json-rules-engine condition JSON compiled once by the engine's
 * condition compiler (kernel/conditions.ts) into a predicate over a plain fact object and a
 * tracer that evaluates every leaf. The semantics are json-rules-engine 7's, leaf for leaf
 * (it is the oracle in `test/json-rules-engine.test.ts`), including its fact-value validators;
 * one deliberate difference: where its comparison throws on the data (`in` on a number,
 * `someValue` on a non-array), json-rules-engine rejects the whole `run()`, and here the leaf
 * is `false`, so that evaluation never crashes on data. Paths (`$.a.b`, `$.a[0]`, `$['a']`) read
 * own properties of truthy values only. Date operators compare with the as-of date.
 * @module
 */
import type { IsoDate } from "../base/date.js";
import { CreditGradingError } from "../base/errors.js";
import { NamedConditionSizes } from "../format/condition-limits.js";
import type { ConditionDef, ConditionTrace } from "../format/condition.js";
import { type Fn, s, variable, x } from "./codegen/ir.js";
import { realise } from "./codegen/realise.js";
import { type ConditionContext, conditionExpr, objectEnv, readTrace, traceStmts } from "./kernel/conditions.js";

/**
 * What a compiled condition reads: fact values and the as-of date.
 * @category Grading
 */
export interface FactContext {
  /** Fact values by name; read as own properties only. */
  readonly facts: Readonly<Record<string, unknown>>;
  /** The as-of date of the evaluation. */
  readonly asOf: IsoDate;
}

/**
 * A compiled condition.
 * @category Grading
 */
export interface CompiledCondition {
  /** Evaluates with short-circuiting; the fast path. */
  readonly test: (ctx: FactContext) => boolean;
  /** Evaluates every leaf and returns the whole trace. */
  readonly trace: (ctx: FactContext) => ConditionTrace;
}

/**
 * Compiles a condition once into a predicate and a tracer.
 * @param def - The condition as written (validated by `ConditionSchema`).
 * @param named - Named shared conditions, for `{ condition: name }` references.
 * @param options - `codegen: false` runs closures instead of generated code (the same answers).
 * @returns The compiled condition.
 * @throws CreditGradingError (`RULESET_INVALID`) for an unknown operator, an unknown named
 * condition, a reference cycle, or a condition past `MAX_CONDITION_NODES` nodes or
 * `MAX_CONDITION_DEPTH` levels with its named conditions written out (ruleset validation reports
 * these before compiling).
 * @example
 * const c = compileCondition({ all: [{ fact: "penalties", operator: "greaterThan", value: 2 }] }, new Map());
 * c.test({ facts: { penalties: 3 }, asOf: "2025-12-31" }); //=> true
 * @category Grading
 */
export function compileCondition(def: ConditionDef, named: ReadonlyMap<string, ConditionDef>, options: { readonly codegen?: boolean } = {}): CompiledCondition {
  const problem = new NamedConditionSizes(named).problem(def);
  if (problem !== undefined) throw new CreditGradingError("RULESET_INVALID", problem);
  const ctx: ConditionContext = { named, extraFns: new Map() };
  const o = variable("o");
  const pO = variable("pO");
  const asOf = variable("asOf");
  const tr = variable("tr");
  const args = [x.ref(o), x.ref(pO), x.ref(asOf)];
  const test: Fn = { name: "test", params: [o, asOf], body: [s.set(pO, x.isPlain(x.ref(o))), s.return(conditionExpr(ctx, def, objectEnv, args))] };
  const trace: Fn = { name: "trace", params: [o, asOf, tr], body: [s.set(pO, x.isPlain(x.ref(o))), ...traceStmts(ctx, def, objectEnv, args, x.ref(tr), 0)] };
  const { fns } = realise<{ test(o: unknown, asOf: string): unknown; trace(o: unknown, asOf: string, tr: unknown[]): void }>(
    { label: "condition", fns: [test, trace, ...ctx.extraFns.values()] },
    options.codegen !== false,
  );
  return {
    test: (c) => fns.test(c.facts, c.asOf) === true,
    trace: (c) => {
      const slots: unknown[] = [];
      fns.trace(c.facts, c.asOf, slots);
      return readTrace(def, named, slots, 0);
    },
  };
}
