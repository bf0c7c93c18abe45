/**
 * Rules, bands and the final grade (规则与判级) written in the kernel language, once: the rule
 * facts gathered by slot, the adjust-points rules before banding, the band of the total, the
 * other rules after it, their effects gathered and resolved by the precedence of
 * format/effects.ts, and the public composite grade where an industry ruleset cannot grade.
 * @module
 */
import { CreditGradingError } from "../../base/errors.js";
import { GRADES } from "../../base/grade.js";
import { decidedByOf, type EffectTally, fallbackPosition, resetTally, resolvePosition, tallyEffect } from "../../format/effects.js";
import { type Expr, s, type Stmt, type Var, variable, x } from "../codegen/ir.js";
import { Effect, Source } from "../plan.js";
import { conditionExpr, rulesEnv } from "./conditions.js";
import { field, type KernelContext, setField } from "./context.js";

/**
 * The variables the rule phases share within one run.
 * @category Grading
 */
export interface RuleVars {
  /** The rule-fact array. */
  readonly rv: Var;
  /** The fired flags. */
  readonly fired: Var;
  /** The tally of fired effects (rule.ts: precedence on label positions). */
  readonly tally: Var;
}

/**
 * Fresh rule variables.
 * @returns The variables.
 * @category Grading
 */
export function ruleVars(): RuleVars {
  return { rv: variable("rv"), fired: variable("fired"), tally: variable("tally") };
}

/**
 * The statements emptying the effect tally for a subject.
 * @param v - The rule variables.
 * @param st - The state.
 * @returns The statements.
 * @category Grading
 */
export function resetEffects(v: RuleVars, st: Expr): Stmt[] {
  return [s.set(v.tally, field(st, "tally")), s.do(x.call(x.ext("resetTally", resetTally), x.ref(v.tally)))];
}

/**
 * The rule facts read into their slots (the score facts are set after banding).
 * @param k - The kernel context.
 * @param v - The rule variables.
 * @param st - The state.
 * @param asOf - The as-of date.
 * @param inputs - The subject's inputs object, and whether it is plain.
 * @param pI - Whether the inputs object is plain.
 * @returns The statements.
 * @category Grading
 */
export function fillRuleFacts(k: KernelContext, v: RuleVars, st: Expr, asOf: Expr, inputs: Expr, pI: Expr): Stmt[] {
  const out: Stmt[] = [s.set(v.rv, field(st, "rv")), s.set(v.fired, field(st, "fired"))];
  k.plan.ruleFacts.forEach((ref, j) => {
    let value: Expr;
    switch (ref.source) {
      case Source.INPUT:
        value = x.at(field(st, "iv"), ref.at);
        break;
      case Source.FACT:
        value = x.at(field(st, "dv"), ref.at);
        break;
      case Source.AS_OF:
        value = asOf;
        break;
      case Source.SUBJECT_ID:
        value = field(st, "id");
        break;
      case Source.BY_NAME:
        value = x.own(inputs, ref.name, pI);
        break;
      default:
        value = x.lit(undefined);
    }
    out.push(s.put(x.ref(v.rv), j, value));
  });
  return out;
}

/**
 * Runs the rules of one phase: sets each rule's fired flag and gathers its effect.
 * @param k - The kernel context.
 * @param v - The rule variables.
 * @param before - The phase: adjust-points rules (before banding) or the others.
 * @param asOf - The as-of date.
 * @param adjust - Before banding: the variable gathering the adjustment in units.
 * @returns The statements.
 * @category Grading
 */
export function runRules(k: KernelContext, v: RuleVars, before: boolean, asOf: Expr, adjust?: Var): Stmt[] {
  const { plan } = k;
  const slotOf = (name: string): number => plan.ruleFacts.findIndex((r) => r.name === name);
  const env = rulesEnv(slotOf);
  return plan.rules
    .filter((r) => r.before === before)
    .map((r) => {
      const effect: Stmt[] =
        r.effect === Effect.ADJUST_POINTS
          ? [s.set(adjust!, x.bin("+", x.ref(adjust!), x.lit(r.adjustUnits)))]
          : [s.do(x.call(x.ext("tallyEffect", tallyEffect), x.ref(v.tally), x.lit(r.def.effect.type), x.lit(r.position)))];
      const test = conditionExpr(k, r.def.conditions, env, [x.ref(v.rv), asOf]);
      return s.if(test, [s.put(x.ref(v.fired), r.index, x.lit(1)), ...effect], [s.put(x.ref(v.fired), r.index, x.lit(0))]);
    });
}

/**
 * The band of a total in units: sets `band`, `scoreRank` (the band's grade rank) and
 * `scorePosition` (the label position it gives).
 * @param k - The kernel context.
 * @param total - The total in units (within the scale).
 * @param band - Receives the band's index.
 * @param scoreRank - Receives its grade's rank.
 * @param scorePosition - Receives its label position.
 * @returns The statements.
 * @category Grading
 */
export function bandOf(k: KernelContext, total: Expr, band: Var, scoreRank: Var, scorePosition: Var): Stmt[] {
  let chain: Stmt[] = [s.do(x.call(x.ext("noBand", noBand(k.plan.ruleset.id)), total))];
  for (const b of [...k.plan.bands].reverse()) {
    const lo = b.bounds.minInclusive ? x.bin(">=", total, x.lit(b.minUnits)) : x.bin(">", total, x.lit(b.minUnits));
    const hi = b.bounds.maxInclusive ? x.bin("<=", total, x.lit(b.maxUnits)) : x.bin("<", total, x.lit(b.maxUnits));
    chain = [s.if(x.and(lo, hi), [s.set(band, x.lit(b.index)), s.set(scoreRank, x.lit(b.rank)), s.set(scorePosition, x.lit(b.position))], chain)];
  }
  return chain;
}

// Validation guarantees the bands cover the scale; a miss is a bug, not bad input.
function noBand(id: string): (units: number) => never {
  return (units) => {
    throw new CreditGradingError("INTERNAL", `no band for total ${units} units in ${id}: the checks let through bands that do not cover the scale`);
  };
}

/**
 * Sets the score facts (`score`, `scoreGrade`) the rules after banding may read.
 * @param k - The kernel context.
 * @param v - The rule variables.
 * @param score - The score in units (NaN when not scored).
 * @param scoreRank - The score grade's rank (−1 when not scored).
 * @returns The statements.
 * @category Grading
 */
export function setScoreFacts(k: KernelContext, v: RuleVars, score: Expr, scoreRank: Expr): Stmt[] {
  const out: Stmt[] = [];
  k.plan.ruleFacts.forEach((ref, j) => {
    if (ref.source === Source.SCORE) out.push(s.put(x.ref(v.rv), j, x.cond(x.bin("===", score, score), x.bin("/", score, x.lit(k.factor)), x.lit(undefined))));
    else if (ref.source === Source.SCORE_GRADE) out.push(s.put(x.ref(v.rv), j, x.at(x.ext("GRADES", GRADES), scoreRank)));
  });
  return out;
}

/**
 * The final label position: the precedence of rule.ts over the tallied effects, then the public
 * composite grade where the ruleset could not grade and declares one (caps still hold). Sets
 * `st.position` and `st.decided`.
 * @param k - The kernel context.
 * @param v - The rule variables.
 * @param st - The state.
 * @param scorePosition - The band's label position (−1 when not scored).
 * @param inputs - The subject's inputs.
 * @param pI - Whether the inputs object is plain.
 * @returns The statements.
 * @category Grading
 */
export function resolve(k: KernelContext, v: RuleVars, st: Expr, scorePosition: Expr, inputs: Expr, pI: Expr): Stmt[] {
  const position = variable("pos");
  const out: Stmt[] = [
    s.set(position, x.call(x.ext("resolvePosition", resolvePosition), scorePosition, x.ref(v.tally))),
    setField(st, "decided", x.call(x.ext("decided", decidedCode), x.ref(position), scorePosition, x.ref(v.tally))),
  ];
  const fallback = k.plan.fallbackInput;
  if (fallback !== undefined) {
    out.push(
      s.if(x.bin("<", x.ref(position), x.lit(0)), [
        s.set(position, x.call(x.ext("fallbackPosition", fallbackPosition), x.ext("labels", k.plan.labels), x.ref(v.tally), x.own(inputs, fallback, pI))),
        s.if(x.bin(">=", x.ref(position), x.lit(0)), [setField(st, "decided", x.lit(Decided.FALLBACK))]),
      ]),
    );
  }
  out.push(setField(st, "position", x.ref(position)));
  return out;
}

/**
 * How a grade was decided, as the kernel numbers it in `st.decided`.
 * @category Grading
 */
export const Decided = { SCORE: 0, DIRECT_JUDGMENT: 1, NOT_GRADABLE: 2, FALLBACK: 3 } as const;

// decidedByOf (rule.ts) as the kernel numbers it.
function decidedCode(position: number, scorePosition: number, tally: EffectTally): number {
  if (position < 0) return Decided.NOT_GRADABLE;
  return decidedByOf(scorePosition, tally) === "direct-judgment" ? Decided.DIRECT_JUDGMENT : Decided.SCORE;
}
