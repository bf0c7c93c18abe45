/**
 * Computed inputs (计算型输入) in the kernel language: after the subject is read (and checked) and
 * the facts are derived, before scoring, each computed input's expression (format/computed.ts)
 * is written as statements that put its value in the input's slot, in declaration order. The
 * meaning is format/computed.ts's: a missing operand makes the result missing (but for the branch
 * of `if` not taken), a division by zero gives its `onZero`, and an arithmetic result that is not
 * finite is missing. Names become slots; nothing of the ruleset enters but literals.
 * @module
 */
import { computedExpr } from "../../check/computed-check.js";
import { type ComputedExpr, DEFAULT_ON_ZERO, operandsOf, operatorOf } from "../../format/computed.js";
import type { InputDef } from "../../format/input.js";
import { type BinaryOp, type Expr, s, type Stmt, type Var, variable, x } from "../codegen/ir.js";
import { Source, sourcesOf } from "../plan-sources.js";
import { field, HELPERS, type KernelContext } from "./context.js";

/**
 * Whether an input is computed by the ruleset (not read from the subject).
 * @param def - The input.
 * @returns `true` when it has `computed`.
 * @category Grading
 */
export function isComputed(def: InputDef): boolean {
  return "computed" in def && def.computed !== undefined;
}

const ARITHMETIC: Readonly<Record<string, BinaryOp>> = { add: "+", sub: "-", mul: "*", div: "/" };
const COMPARISON: Readonly<Record<string, BinaryOp>> = { lt: "<", le: "<=", gt: ">", ge: ">=", eq: "===", ne: "!==" };

/**
 * The statements computing every computed input of the plan into `st.iv`.
 * @param k - The kernel context.
 * @param st - The state.
 * @returns The statements (none when no input is computed).
 * @category Grading
 */
export function computedStmts(k: KernelContext, st: Expr): Stmt[] {
  const { plan } = k;
  if (!plan.inputs.some(isComputed)) return [];
  const iv = variable("iv");
  const dv = variable("dv");
  const sourceOf = sourcesOf(plan.inputs, plan.facts);
  const out: Stmt[] = [s.set(iv, field(st, "iv")), ...(plan.facts === undefined ? [] : [s.set(dv, field(st, "dv"))])];
  const missing = x.lit(undefined);
  const finite = (t: Var): Stmt => s.if(x.not(x.call(HELPERS.isFinite, x.ref(t))), [s.set(t, missing)]);
  plan.inputs.forEach((def, slot) => {
    const e = computedExpr(def);
    if (e === undefined) return;
    const inputOnZero = "onZero" in def && def.onZero !== undefined ? def.onZero : DEFAULT_ON_ZERO;
    // Sets t to the value of e (undefined when missing).
    const write = (e: ComputedExpr, t: Var): Stmt[] => {
      if (typeof e !== "object") return [s.set(t, x.lit(e))];
      if ("ref" in e) {
        const ref = sourceOf(e.ref);
        const read = ref.source === Source.FACT ? x.at(x.ref(dv), ref.at) : x.at(x.ref(iv), ref.at);
        return [s.set(t, read), s.if(x.bin("===", x.ref(t), x.lit(null)), [s.set(t, missing)])];
      }
      const op = operatorOf(e);
      const xs = operandsOf(e);
      const T = x.ref(t);
      if (op === "if") {
        return [...write(xs[0]!, t), s.if(x.bin("!==", T, missing), [s.if(T, write(xs[1]!, t), write(xs[2]!, t))])];
      }
      if (xs.length === 1 && op !== "add" && op !== "mul" && op !== "min" && op !== "max" && op !== "and" && op !== "or") {
        const one = op === "not" ? x.not(T) : op === "neg" ? x.bin("-", x.lit(0), T) : x.cond(x.bin("<", T, x.lit(0)), x.bin("-", x.lit(0), T), T);
        return [...write(xs[0]!, t), s.if(x.bin("!==", T, missing), [s.set(t, one)])];
      }
      // Left to right: t holds the value so far, u the next operand.
      const u = variable("u");
      const U = x.ref(u);
      const combine = (): Stmt[] => {
        const arith = ARITHMETIC[op];
        if (op === "div") {
          const onZero = "onZero" in e && e.onZero !== undefined ? e.onZero : inputOnZero;
          return [s.if(x.bin("===", U, x.lit(0)), [s.set(t, onZero === null ? missing : x.lit(onZero))], [s.set(t, x.bin("/", T, U)), finite(t)])];
        }
        if (arith !== undefined) return [s.set(t, x.bin(arith, T, U)), finite(t)];
        const cmp = COMPARISON[op];
        if (cmp !== undefined) return [s.set(t, x.bin(cmp, T, U))];
        if (op === "min") return [s.if(x.bin("<", U, T), [s.set(t, U)])];
        if (op === "max") return [s.if(x.bin(">", U, T), [s.set(t, U)])];
        return [s.set(t, op === "and" ? x.and(T, U) : x.or(T, U))];
      };
      const body: Stmt[] = write(xs[0]!, t);
      for (const next of xs.slice(1)) {
        body.push(s.if(x.bin("!==", T, missing), [...write(next, u), s.if(x.bin("===", U, missing), [s.set(t, missing)], combine())]));
      }
      return body;
    };
    const t = variable("c");
    out.push(...write(e, t), s.put(x.ref(iv), slot, x.ref(t)));
  });
  return out;
}
