/**
 * Rules, bands and the final grade (规则与判级) written in the kernel language, once: the rule
 * facts gathered by slot, the adjust-points rules before banding, the band of the total, the
 * other rules after it, their effects gathered and resolved by the precedence of
 * format/effects.ts, and the public composite grade where an industry ruleset cannot grade.
 * @module
 */
import { CreditGradingError } from "../../base/errors.js";
import { GRADES } from "../../base/grade.js";
import { DECIDED_BY, decidedByOf, type EffectTally, fallbackPosition, resetTally, resolvePosition, tallyEffect } from "../../format/effects.js";
import { type Expr, s, type Stmt, type Var, variable, x } from "../codegen/ir.js";
import { Effect } from "../plan.js";
import { Source, type ValueRef } from "../plan-sources.js";
import { type ConditionEnv, conditionExpr, rulesEnv } from "./conditions.js";
import { field, type KernelContext, setField } from "./context.js";

/**
 * The variables the rule phases share within one run.
 * @category Grading
 */
export interface RuleVars {
  /** Whether the rule facts are gathered into the rule-fact array (explaining) or read where they are (grading). */
  readonly gathered: boolean;
  /** The rule-fact array. */
  readonly rv: Var;
  /** The declared inputs' values, the derived facts, the subject id, and the score facts once banded. */
  readonly iv: Var;
  /** See {@link RuleVars.iv}. */
  readonly dv: Var;
  /** See {@link RuleVars.iv}. */
  readonly id: Var;
  /** See {@link RuleVars.iv}. */
  readonly score: Var;
  /** See {@link RuleVars.iv}. */
  readonly scoreGrade: Var;
  /** The grade and label decided (rules with effect none run after them). */
  readonly grade: Var;
  /** See {@link RuleVars.grade}. */
  readonly label: Var;
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
export function ruleVars(gathered: boolean): RuleVars {
  return {
    gathered,
    rv: variable("rv"),
    iv: variable("iv"),
    dv: variable("dv"),
    id: variable("id"),
    score: variable("scoreF"),
    scoreGrade: variable("scoreG"),
    grade: variable("gradeF"),
    label: variable("labelF"),
    fired: variable("fired"),
    tally: variable("tally"),
  };
}

/**
 * Where rule conditions read their facts. Explaining, from the rule-fact array (its values are
 * reported with each fired rule and traced); grading, where each value already is — the
 * declared inputs, the derived facts, the inputs object by name, the as-of date, the subject's
 * id, the score facts — so that nothing is copied and no score is boxed.
 * @param k - The kernel context.
 * @param v - The rule variables.
 * @returns The environment, and the arguments to call a named condition with.
 */
export function ruleEnv(k: KernelContext, v: RuleVars, asOf: Expr, inputs: Expr, pI: Expr): { env: ConditionEnv; args: Expr[] } {
  const { plan } = k;
  const sourceOf = new Map(plan.ruleFacts.map((r, j) => [r.name, { ...r, slot: j }]));
  if (v.gathered) return { env: rulesEnv((name) => sourceOf.get(name)!.slot), args: [x.ref(v.rv), asOf] };
  const env: ConditionEnv = {
    id: "G",
    params: () => [variable("iv"), variable("dv"), variable("o"), variable("pO"), variable("id"), variable("scoreF"), variable("scoreG"), variable("gradeF"), variable("labelF"), variable("asOf")],
    read: (a, name) => ruleFactValue(sourceOf.get(name)!, a),
  };
  return { env, args: [x.ref(v.iv), x.ref(v.dv), inputs, pI, x.ref(v.id), x.ref(v.score), x.ref(v.scoreGrade), x.ref(v.grade), x.ref(v.label), asOf] };
}

// Where a rule fact's value is, by its source, given the places in the order of ruleEnv's
// parameters: declared inputs, derived facts, the inputs object and whether it is plain, the
// subject id, the score, the score grade, the grade, the label, and the as-of date last
// (conditions.ts reads it there).
function ruleFactValue(ref: ValueRef, a: readonly Expr[]): Expr {
  switch (ref.source) {
    case Source.INPUT:
      return x.at(a[0]!, ref.at);
    case Source.FACT:
      return x.at(a[1]!, ref.at);
    case Source.BY_NAME:
      return x.own(a[2]!, ref.name, a[3]!);
    case Source.SUBJECT_ID:
      return a[4]!;
    case Source.SCORE:
      return a[5]!;
    case Source.SCORE_GRADE:
      return a[6]!;
    case Source.GRADE:
      return a[7]!;
    case Source.LABEL:
      return a[8]!;
    default:
      return a[9]!;
  }
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
  const out: Stmt[] = [
    s.set(v.fired, field(st, "fired")),
    s.set(v.iv, field(st, "iv")),
    s.set(v.dv, field(st, "dv")),
    s.set(v.id, field(st, "id")),
    s.set(v.score, x.lit(undefined)),
    s.set(v.scoreGrade, x.lit(undefined)),
    s.set(v.grade, x.lit(undefined)),
    s.set(v.label, x.lit(undefined)),
  ];
  if (!v.gathered) return out;
  out.push(s.set(v.rv, field(st, "rv")));
  // The score and grade facts are not known yet: setScoreFacts and setGradeFacts fill them.
  const none = x.lit(undefined);
  const at = [x.ref(v.iv), x.ref(v.dv), inputs, pI, x.ref(v.id), none, none, none, none, asOf];
  k.plan.ruleFacts.forEach((ref, j) => out.push(s.put(x.ref(v.rv), j, ruleFactValue(ref, at))));
  return out;
}

/**
 * When a rule runs: adjust-points rules before banding, rules that act on the grade after it,
 * rules with effect none once the grade is decided (they may read it; they cannot change it).
 * @category Grading
 */
export type RulePhase = "before-banding" | "after-banding" | "after-grade";

/**
 * Sets the grade facts (`grade`, `label`) the rules with effect none may read, from the decided
 * label position (`st.position`, `st.decided`).
 * @param k - The kernel context.
 * @param v - The rule variables.
 * @param st - The state.
 * @returns The statements.
 * @category Grading
 */
export function setGradeFacts(k: KernelContext, v: RuleVars, st: Expr): Stmt[] {
  const { plan } = k;
  const reads = (src: number): boolean => plan.ruleFacts.some((r) => r.source === src);
  const out: Stmt[] = [];
  const position = field(st, "position");
  const decided = field(st, "decided");
  // A fallback grade is the public composite's canonical grade, not one of this scheme's labels.
  const grades = plan.labels.entries.map((e) => e.grade);
  const labels = plan.labels.entries.map((e) => e.label);
  const pick = (table: readonly string[]): Expr =>
    x.cond(x.bin("<", position, x.lit(0)), x.lit(undefined), x.cond(x.bin("===", decided, x.lit(Decided.FALLBACK)), x.at(x.ext("GRADES", GRADES), position), x.at(x.ext("labelTable", table), position)));
  if (reads(Source.GRADE)) out.push(s.set(v.grade, pick(grades)));
  if (reads(Source.LABEL)) out.push(s.set(v.label, pick(labels)));
  if (v.gathered) {
    plan.ruleFacts.forEach((ref, j) => {
      if (ref.source === Source.GRADE) out.push(s.put(x.ref(v.rv), j, x.ref(v.grade)));
      else if (ref.source === Source.LABEL) out.push(s.put(x.ref(v.rv), j, x.ref(v.label)));
    });
  }
  return out;
}

/**
 * Runs the rules of one phase: sets each rule's fired flag and gathers its effect.
 * @param k - The kernel context.
 * @param v - The rule variables.
 * @param phase - The phase: adjust-points rules (before banding), the rules that act on the grade (after banding), or the rules with effect none (after the grade is decided).
 * @param where - Where the conditions read their facts ({@link ruleEnv}).
 * @param adjust - Before banding: the variable gathering the adjustment in units.
 * @returns The statements.
 * @category Grading
 */
export function runRules(k: KernelContext, v: RuleVars, phase: RulePhase, where: { env: ConditionEnv; args: Expr[] }, adjust?: Var): Stmt[] {
  const { plan } = k;
  return plan.rules
    .filter((r) => (phase === "before-banding" ? r.before : phase === "after-grade" ? r.after : !r.before && !r.after))
    .map((r) => {
      // A rule with no effect on the grade still fires: its flag is what adds its measures and outputs.
      const effect: Stmt[] =
        r.effect === Effect.NONE
          ? []
          : r.effect === Effect.ADJUST_POINTS
          ? [s.set(adjust!, x.bin("+", x.ref(adjust!), x.lit(r.adjustUnits)))]
          : [s.do(x.call(x.ext("tallyEffect", tallyEffect), x.ref(v.tally), x.lit(r.def.effect.type), x.lit(r.position)))];
      const test = conditionExpr(k, r.def.conditions, where.env, where.args);
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
  const reads = (src: number): boolean => k.plan.ruleFacts.some((r) => r.source === src);
  const out: Stmt[] = [];
  if (reads(Source.SCORE)) out.push(s.set(v.score, x.cond(x.bin("===", score, score), x.bin("/", score, x.lit(k.factor)), x.lit(undefined))));
  if (reads(Source.SCORE_GRADE)) out.push(s.set(v.scoreGrade, x.at(x.ext("GRADES", GRADES), scoreRank)));
  if (v.gathered) {
    k.plan.ruleFacts.forEach((ref, j) => {
      if (ref.source === Source.SCORE) out.push(s.put(x.ref(v.rv), j, x.ref(v.score)));
      else if (ref.source === Source.SCORE_GRADE) out.push(s.put(x.ref(v.rv), j, x.ref(v.scoreGrade)));
    });
  }
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
 * How a grade was decided, as the kernel numbers it in `st.decided`: its index in `DECIDED_BY`.
 * @category Grading
 */
export const Decided = {
  SCORE: DECIDED_BY.indexOf("score"),
  DIRECT_JUDGMENT: DECIDED_BY.indexOf("direct-judgment"),
  NOT_GRADABLE: DECIDED_BY.indexOf("not-gradable"),
  FALLBACK: DECIDED_BY.indexOf("public-composite-fallback"),
} as const;

// decidedByOf (rule.ts) as the kernel numbers it.
function decidedCode(position: number, scorePosition: number, tally: EffectTally): number {
  if (position < 0) return Decided.NOT_GRADABLE;
  return decidedByOf(scorePosition, tally) === "direct-judgment" ? Decided.DIRECT_JUDGMENT : Decided.SCORE;
}
