/**
 * Rules, bands and the final grade (规则与判级) written in the kernel language, once: the rule
 * facts gathered by slot, the adjust-points rules before banding, the band of the total, the
 * other rules after it, their effects gathered and resolved by the precedence of
 * format/effects.ts, and the public composite grade where an industry ruleset cannot grade.
 * @module
 */
import { combineRank, resolveRanks } from "../../format/effects.js";
import { GRADES, isGrade, gradeRank } from "../../grade.js";
import { type Expr, s, type Stmt, type Var, variable, x } from "../codegen/ir.js";
import { Effect, Source } from "../plan.js";
import { conditionExpr, rulesEnv } from "./conditions.js";
import { field, type KernelContext, setField } from "./context.js";

/** The variables the rule phases share within one run. */
export interface RuleVars {
  /** The rule-fact array. */
  readonly rv: Var;
  /** The fired flags. */
  readonly fired: Var;
  /** The gathered set-grade, floor and cap ranks (−1 none) and whether a not-gradable rule fired. */
  readonly setRank: Var;
  /** See {@link RuleVars.setRank}. */
  readonly floorRank: Var;
  /** See {@link RuleVars.setRank}. */
  readonly capRank: Var;
  /** See {@link RuleVars.setRank}. */
  readonly notGradable: Var;
}

/**
 * Fresh rule variables.
 * @returns The variables.
 */
export function ruleVars(): RuleVars {
  return { rv: variable("rv"), fired: variable("fired"), setRank: variable("setR"), floorRank: variable("floorR"), capRank: variable("capR"), notGradable: variable("ng") };
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
  out.push(s.set(v.setRank, x.lit(-1)), s.set(v.floorRank, x.lit(-1)), s.set(v.capRank, x.lit(-1)), s.set(v.notGradable, x.lit(false)));
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
 */
export function runRules(k: KernelContext, v: RuleVars, before: boolean, asOf: Expr, adjust?: Var): Stmt[] {
  const { plan } = k;
  const slotOf = (name: string): number => plan.ruleFacts.findIndex((r) => r.name === name);
  const env = rulesEnv(slotOf);
  return plan.rules
    .filter((r) => r.before === before)
    .map((r) => {
      const effect: Stmt[] = [];
      const gather = (target: Var, type: "set-grade" | "floor" | "cap"): Stmt => s.set(target, x.call(x.ext("combine", combineRank), x.lit(type), x.ref(target), x.lit(r.rank)));
      switch (r.effect) {
        case Effect.ADJUST_POINTS:
          effect.push(s.set(adjust!, x.bin("+", x.ref(adjust!), x.lit(r.adjustUnits))));
          break;
        case Effect.SET_GRADE:
          effect.push(gather(v.setRank, "set-grade"));
          break;
        case Effect.FLOOR:
          effect.push(gather(v.floorRank, "floor"));
          break;
        case Effect.CAP:
          effect.push(gather(v.capRank, "cap"));
          break;
        case Effect.NOT_GRADABLE:
          effect.push(s.set(v.notGradable, x.lit(true)));
          break;
      }
      const test = conditionExpr(k, r.def.conditions, env, [x.ref(v.rv), asOf]);
      return s.if(test, [s.put(x.ref(v.fired), r.index, x.lit(1)), ...effect], [s.put(x.ref(v.fired), r.index, x.lit(0))]);
    });
}

/**
 * The band of a total in units: sets `band` and `scoreRank` (the band's grade rank).
 * @param k - The kernel context.
 * @param total - The total in units (within the scale).
 * @param band - Receives the band's index.
 * @param scoreRank - Receives its grade's rank.
 * @returns The statements.
 */
export function bandOf(k: KernelContext, total: Expr, band: Var, scoreRank: Var): Stmt[] {
  let chain: Stmt[] = [s.do(x.call(x.ext("noBand", noBand(k.plan.ruleset.id)), total))];
  for (const b of [...k.plan.bands].reverse()) {
    const lo = b.bounds.minInclusive ? x.bin(">=", total, x.lit(b.minUnits)) : x.bin(">", total, x.lit(b.minUnits));
    const hi = b.bounds.maxInclusive ? x.bin("<=", total, x.lit(b.maxUnits)) : x.bin("<", total, x.lit(b.maxUnits));
    chain = [s.if(x.and(lo, hi), [s.set(band, x.lit(b.index)), s.set(scoreRank, x.lit(b.rank))], chain)];
  }
  return chain;
}

// Validation guarantees the bands cover the scale; a miss is a bug, not bad input.
function noBand(id: string): (units: number) => never {
  return (units) => {
    throw new Error(`no band for total ${units} units in ${id}`);
  };
}

/**
 * Sets the score facts (`score`, `scoreGrade`) the rules after banding may read.
 * @param k - The kernel context.
 * @param v - The rule variables.
 * @param score - The score in units (NaN when not scored).
 * @param scoreRank - The score grade's rank (−1 when not scored).
 * @returns The statements.
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
 * The final grade: the precedence of format/effects.ts over the gathered effects, then the
 * public composite grade where the ruleset could not grade and declares one (caps still hold).
 * Sets `st.rank` and `st.decided`.
 * @param k - The kernel context.
 * @param v - The rule variables.
 * @param st - The state.
 * @param scoreRank - The score grade's rank.
 * @param inputs - The subject's inputs.
 * @param pI - Whether the inputs object is plain.
 * @returns The statements.
 */
export function resolve(k: KernelContext, v: RuleVars, st: Expr, scoreRank: Expr, inputs: Expr, pI: Expr): Stmt[] {
  const code = variable("code");
  const out: Stmt[] = [
    s.set(code, x.call(x.ext("resolve", resolveRanks), scoreRank, x.ref(v.setRank), x.ref(v.floorRank), x.ref(v.capRank), x.ref(v.notGradable))),
    s.if(
      x.bin("<", x.ref(code), x.lit(0)),
      [setField(st, "rank", x.lit(-1)), setField(st, "decided", x.lit(2))],
      [
        setField(st, "rank", x.cond(x.bin(">=", x.ref(code), x.lit(5)), x.bin("-", x.ref(code), x.lit(5)), x.ref(code))),
        setField(st, "decided", x.cond(x.bin(">=", x.ref(code), x.lit(5)), x.lit(1), x.lit(0))),
      ],
    ),
  ];
  const fallback = k.plan.fallbackInput;
  if (fallback !== undefined) {
    const pc = variable("pc");
    out.push(
      s.if(x.bin("<", x.ref(code), x.lit(0)), [
        s.set(pc, x.call(x.ext("rankOf", rankOfGrade), x.own(inputs, fallback, pI))),
        s.if(x.bin(">=", x.ref(pc), x.lit(0)), [
          setField(st, "rank", x.call(x.ext("resolve", resolveRanks), x.ref(pc), x.lit(-1), x.lit(-1), x.ref(v.capRank), x.lit(false))),
          setField(st, "decided", x.lit(3)),
        ]),
      ]),
    );
  }
  return out;
}

// A canonical grade's rank, −1 for anything else.
const rankOfGrade = (v: unknown): number => (isGrade(v) ? gradeRank(v) : -1);
