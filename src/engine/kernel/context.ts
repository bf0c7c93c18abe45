/**
 * What every part of the kernel writer shares: the plan, the issue sites, the module's extra
 * functions (named conditions), the helper functions the kernel calls, and the names of the
 * per-ruleset state the kernel reads and writes.
 * @module
 */
import { isIsoDate } from "../../base/date.js";
import { type Expr, type Fn, type Stmt, s, type Var, variable, x } from "../codegen/ir.js";
import { IssueSites, raiseIssue } from "../issues.js";
import type { Plan } from "../plan.js";
import type { KernelState } from "../state.js";
import { type RoundingArithmetic, roundingStep } from "../../base/rounding.js";

/**
 * Helper functions the kernel calls (the same in both backends).
 * @category Grading
 */
export const HELPERS = {
  isArray: x.ext("isArray", Array.isArray),
  isFinite: x.ext("isFinite", Number.isFinite),
  isInteger: x.ext("isInteger", Number.isInteger),
  isIsoDate: x.ext("isIsoDate", isIsoDate),
  abs: x.ext("abs", Math.abs),
  round: x.ext("round", Math.round),
  floor: x.ext("floor", Math.floor),
  max: x.ext("max", Math.max),
} as const;

/**
 * The kernel writer's shared state for one ruleset.
 * @category Grading
 */
export class KernelContext {
  /** The plan written out. */
  readonly plan: Plan;
  /** The places where subject values are checked. */
  readonly sites = new IssueSites();
  /** Functions added to the module on the way (named conditions), by name. */
  readonly extraFns = new Map<string, Fn>();
  /** `10 ** scale`, the units of one point. */
  readonly factor: number;

  /** The named conditions by id. */
  get named(): Plan["named"] {
    return this.plan.named;
  }

  /** @param plan - The plan to write out. */
  constructor(plan: Plan) {
    this.plan = plan;
    this.factor = 10 ** plan.policy.scale;
  }

  /**
   * The statements that round a value to integer units under the ruleset's policy into
   * `target`: the rounding rule of base/rounding.ts (`roundingStep`), written out in the kernel
   * language, with the policy's mode and factor fixed.
   * @param target - Receives the units.
   * @param value - A number expression.
   * @returns The statements.
   */
  unitsInto(target: Var, value: Expr): Stmt[] {
    const out: Stmt[] = [];
    const A: RoundingArithmetic<Expr, Expr> = {
      num: (n) => x.lit(n),
      bind: (a) => {
        if (a.k === "lit" || a.k === "ref") return a;
        const v = variable("r");
        out.push(s.set(v, a));
        return x.ref(v);
      },
      mul: (a, b) => x.bin("*", a, b),
      add: (a, b) => x.bin("+", a, b),
      sub: (a, b) => x.bin("-", a, b),
      mod: (a, b) => x.bin("%", a, b),
      abs: (a) => x.call(HELPERS.abs, a),
      round: (a) => x.call(HELPERS.round, a),
      floor: (a) => x.call(HELPERS.floor, a),
      max: (a, b) => x.call(HELPERS.max, a, b),
      lt: (a, b) => x.bin("<", a, b),
      le: (a, b) => x.bin("<=", a, b),
      gt: (a, b) => x.bin(">", a, b),
      ge: (a, b) => x.bin(">=", a, b),
      eq: (a, b) => x.bin("===", a, b),
      cond: (c, a, b) => x.cond(c, a, b),
    };
    out.push(s.set(target, roundingStep(A, value, this.factor, this.plan.policy.mode)));
    return out;
  }

  /**
   * The statement raising an issue at a site.
   * @param st - The state expression.
   * @param site - The site's number.
   * @param value - The value found.
   * @param index - The record index, for a record site.
   * @returns The statement.
   */
  raise(st: Expr, site: number, value: Expr, index: Expr = x.lit(-1)): Stmt {
    const sites = this.sites.list;
    return s.do(x.call(x.ext("raise", raiseAt), st, x.lit(site), value, index, x.ext("sites", sites)));
  }
}

// One helper for every ruleset: the sites table comes as an argument.
function raiseAt(st: KernelState, site: number, value: unknown, index: number, sites: KernelContext["sites"]["list"]): void {
  raiseIssue(st, sites[site]!, value, index);
}

/**
 * A field of the kernel state.
 * @param st - The state expression.
 * @param key - The field.
 * @returns `st.key`.
 * @category Grading
 */
export const field = (st: Expr, key: keyof KernelState): Expr => x.get(st, key);

/**
 * Sets a field of the kernel state.
 * @param st - The state expression.
 * @param key - The field.
 * @param e - The value.
 * @returns The statement.
 * @category Grading
 */
export const setField = (st: Expr, key: keyof KernelState, e: Expr): Stmt => s.putp(st, key, e);

/**
 * A fresh local variable with a readable hint.
 * @category Grading
 */
export const local = (hint: string): Var => variable(hint);
