/**
 * Indicator scoring (指标计分) written in the kernel language, once. Rounding happens at three
 * documented steps, each to the ruleset's `rounding` policy:
 * 1. each indicator's score on its own scale (`su`, in units);
 * 2. each indicator's contribution, score × maxPoints ÷ outOf, in points (`cu`, in units);
 * 3. group and total scores are exact sums of the rounded contributions (integer units), and
 *    the band is chosen by comparing integer units, so no float noise reaches a grade.
 *
 * `score` stops at the first indicator that cannot be scored (the grade needs no more);
 * `scoreExplain` scores every indicator and keeps what each read, its missing-input
 * treatment, its score and its contribution.
 * @module
 */
import { binBounds } from "../../format/bands.js";
import { passthroughRange } from "../../format/indicator-tree.js";
import type { ScoringDef } from "../../format/ruleset-schema.js";
import { type Expr, type Fn, s, type Stmt, type Var, variable, x } from "../codegen/ir.js";
import type { PlanLeaf } from "../plan.js";
import { Source } from "../plan-sources.js";
import { toUnits } from "../../base/rounding.js";
import { lvOffsets } from "../state.js";
import { field, type KernelContext } from "./context.js";

/**
 * A leaf's missing-input treatment, as the kernel numbers it in `st.miss`; `NO_MATCH` is added
 * to it when no bin or table row matched the value.
 * @category Grading
 */
export const Missing = { NONE: 0, IMPUTED: 1, WORST: 2, NOT_GRADABLE: 3, NO_MATCH: 8 } as const;

/**
 * The module function `score(st)` or `scoreExplain(st)`: the total in units (the scale's
 * minimum plus every contribution), or NaN when the subject cannot be scored; points lost per
 * leaf into `st.lost`.
 * @param k - The kernel context.
 * @param explain - Whether to score every leaf and keep its details.
 * @returns The function.
 * @category Grading
 */
export function scoreFn(k: KernelContext, explain: boolean): Fn {
  const { plan } = k;
  const st = variable("st");
  const ST = x.ref(st);
  const iv = variable("iv");
  const dv = variable("dv");
  const inputs = variable("inputs");
  const pI = variable("pI");
  const lost = variable("lost");
  const t = variable("t");
  const scored = variable("ok");
  const su = variable("su");
  const cu = variable("cu");
  const m = variable("m");
  const width = Math.max(0, ...plan.leaves.map((l) => l.inputs.length));
  const args = Array.from({ length: width }, () => variable("a"));
  const offsets = lvOffsets(plan);
  const body: Stmt[] = [
    s.set(iv, field(ST, "iv")),
    s.set(dv, field(ST, "dv")),
    s.set(inputs, field(ST, "inputs")),
    s.set(pI, x.isPlain(x.ref(inputs))),
    s.set(lost, field(ST, "lost")),
    s.set(t, x.lit(plan.scaleMinUnits)),
    s.set(scored, x.lit(true)),
  ];
  if (explain) for (let g = 0; g < plan.groups.length; g++) body.push(s.put(field(ST, "gu"), g, x.lit(0)));
  const valueOf = (leaf: PlanLeaf, i: number): Expr => {
    const ref = leaf.inputs[i]!;
    if (ref.source === Source.INPUT) return x.at(x.ref(iv), ref.at);
    if (ref.source === Source.FACT) return x.at(x.ref(dv), ref.at);
    return x.own(x.ref(inputs), ref.name, x.ref(pI));
  };
  // The leaf cannot be scored: the grade stops; the explanation notes it and goes on.
  const fail = (l: number, code: Expr): Stmt[] =>
    explain ? [s.put(field(ST, "miss"), l, code), s.put(field(ST, "su"), l, x.lit(Number.NaN)), s.put(field(ST, "cu"), l, x.lit(Number.NaN)), s.put(x.ref(lost), l, x.lit(Number.NaN)), s.set(scored, x.lit(false))] : [s.return(x.lit(Number.NaN))];
  // One leaf: read its inputs, apply its missing-input policy, score, contribute. Only the
  // branches its policy can take are written.
  const leafStmts = (leaf: PlanLeaf): Stmt[] => {
    const l = leaf.index;
    const policy = leaf.onMissing;
    const out: Stmt[] = [];
    const track = explain || policy === "worst";
    if (track) out.push(s.set(m, x.lit(Missing.NONE)));
    leaf.inputs.forEach((_, i) => {
      const a = args[i]!;
      out.push(s.set(a, valueOf(leaf, i)));
      if (explain) out.push(s.put(field(ST, "lv"), offsets[l]! + i, x.ref(a)));
      let missing: Stmt[];
      if (typeof policy === "object") missing = [s.set(a, x.lit(policy.impute)), ...(explain ? [s.set(m, x.lit(Missing.IMPUTED))] : [])];
      else if (policy === "worst") missing = [s.set(m, x.lit(Missing.WORST))];
      else missing = explain ? [s.set(m, x.lit(Missing.NOT_GRADABLE))] : [s.return(x.lit(Number.NaN))];
      out.push(s.if(x.isNil(x.ref(a)), missing));
    });
    // Explained: the values as read (null when missing), one object per leaf, built as a literal.
    if (explain) {
      const lv = (i: number): Expr => x.at(field(ST, "lv"), offsets[l]! + i);
      out.push(s.put(field(ST, "vals"), l, x.obj(leaf.inputs.map((ref, i) => [ref.name, x.cond(x.isNil(lv(i)), x.lit(null), lv(i))] as const))));
    }
    const contribution = leaf.pointsMode ? [s.set(cu, x.ref(su))] : k.unitsInto(cu, x.bin("/", x.bin("*", x.bin("/", x.ref(su), x.lit(k.factor)), x.lit(leaf.maxPoints)), x.lit(leaf.outOf)));
    const contribute: Stmt[] = [...contribution, s.set(t, x.bin("+", x.ref(t), x.ref(cu))), s.put(x.ref(lost), l, x.bin("-", x.lit(leaf.maxUnits), x.ref(cu)))];
    if (explain) {
      contribute.push(s.put(field(ST, "su"), l, x.ref(su)), s.put(field(ST, "cu"), l, x.ref(cu)), s.put(field(ST, "miss"), l, x.ref(m)));
      for (const g of leaf.groupSlots) contribute.push(s.put(field(ST, "gu"), g, x.bin("+", x.at(field(ST, "gu"), g), x.ref(cu))));
    }
    // The scorer sets su, NaN when no bin or row matches.
    const scorer = scorerStmts(k, leaf.scoring, leaf.outOf, args, su);
    const scored: Stmt[] = canFail(leaf.scoring) ? [...scorer, s.if(x.bin("!==", x.ref(su), x.ref(su)), fail(l, x.bin("+", x.ref(m), x.lit(Missing.NO_MATCH))), contribute)] : [...scorer, ...contribute];
    if (policy === "worst") out.push(s.if(x.bin("===", x.ref(m), x.lit(Missing.WORST)), [s.set(su, x.lit(toUnits(leaf.worst, plan.policy))), ...contribute], scored));
    else if (policy === "not-gradable" && explain) out.push(s.if(x.bin("===", x.ref(m), x.lit(Missing.NOT_GRADABLE)), fail(l, x.lit(Missing.NOT_GRADABLE)), scored));
    else out.push(...scored);
    return out;
  };
  for (const leaf of plan.leaves) body.push(...leafStmts(leaf));
  body.push(s.return(explain ? x.cond(x.ref(scored), x.ref(t), x.lit(Number.NaN)) : x.ref(t)));
  return { name: explain ? "scoreExplain" : "score", params: [st], body };
}

/**
 * The statements setting `su` (the score in units) from the argument variables; NaN when no bin
 * or table row matches and there is no `otherwise`.
 * @param k - The kernel context.
 * @param sc - The scoring function.
 * @param outOf - The indicator's scale.
 * @param a - The argument variables (the scoring's inputs in order).
 * @param su - The variable receiving the score in units.
 * @returns The statements.
 * @category Grading
 */
export function scorerStmts(k: KernelContext, sc: ScoringDef, outOf: number, a: readonly Var[], su: Var): Stmt[] {
  const u = (score: number): Expr => x.lit(toUnits(score, k.plan.policy));
  const a0 = x.ref(a[0]!);
  const q = variable("q");
  const clamped = (ratio: Expr): Stmt[] => [
    s.set(q, ratio),
    ...k.unitsInto(su, x.bin("*", x.cond(x.bin("<", x.ref(q), x.lit(0)), x.lit(0), x.cond(x.bin(">", x.ref(q), x.lit(1)), x.lit(1), x.ref(q))), x.lit(outOf))),
  ];
  const otherwise = (o: number | undefined): Stmt[] => [s.set(su, o === undefined ? x.lit(Number.NaN) : u(o))];
  switch (sc.type) {
    case "linear": {
      const span = sc.max - sc.min;
      return clamped(x.bin("/", sc.direction === "higher-better" ? x.bin("-", a0, x.lit(sc.min)) : x.bin("-", x.lit(sc.max), a0), x.lit(span)));
    }
    case "passthrough": {
      const [lo, span] = passthroughRange(sc.input, outOf, new Map(k.plan.inputs.map((d) => [d.id, d])));
      return clamped(x.bin("/", x.bin("-", a0, x.lit(lo)), x.lit(span)));
    }
    case "boolean":
      return [s.set(su, x.cond(x.bin("===", a0, x.lit(true)), u(sc.whenTrue), u(sc.whenFalse)))];
    case "lookup": {
      // A repeated value keeps its last row, as a Map built from the table would.
      const table = new Map(sc.table.map((r) => [r.value, r.score]));
      return [s.switch(a0, [...table].map(([value, score]) => ({ is: [value], body: [s.set(su, u(score))] })), otherwise(sc.otherwise))];
    }
    case "bins": {
      let chain: Stmt[] = otherwise(sc.otherwise);
      for (const b of [...sc.bins].reverse()) {
        const { min: lo, max: hi, minInclusive, maxInclusive } = binBounds(b);
        const loOk = minInclusive ? x.or(x.bin(">", a0, x.lit(lo)), x.bin("===", a0, x.lit(lo))) : x.bin(">", a0, x.lit(lo));
        const hiOk = maxInclusive ? x.or(x.bin("<", a0, x.lit(hi)), x.bin("===", a0, x.lit(hi))) : x.bin("<", a0, x.lit(hi));
        chain = [s.if(x.and(loOk, hiOk), [s.set(su, u(b.score))], chain)];
      }
      return chain;
    }
    case "deduction": {
      const w = variable("w");
      const base = sc.base;
      const offset = typeof base === "number" ? 0 : 1;
      let pick: Expr = x.lit(typeof base === "number" ? base : base.otherwise);
      if (typeof base !== "number") for (const c of [...base.cases].reverse()) pick = x.cond(x.bin("===", a0, x.lit(c.equals)), x.lit(c.base), pick);
      const items = sc.items.flatMap((item, i) => {
        const cap = item.cap ?? Number.POSITIVE_INFINITY;
        return [s.set(q, x.bin("*", x.ref(a[i + offset]!), x.lit(item.points))), s.set(w, x.bin("-", x.ref(w), x.cond(x.bin("<", x.ref(q), x.lit(cap)), x.ref(q), x.lit(cap))))];
      });
      const floor = sc.floor ?? 0;
      return [s.set(w, pick), ...items, ...k.unitsInto(su, x.cond(x.bin("<", x.ref(w), x.lit(floor)), x.lit(floor), x.ref(w)))];
    }
  }
}

// Whether a scoring can match nothing (a lookup or bins without `otherwise`).
const canFail = (sc: ScoringDef): boolean => (sc.type === "lookup" || sc.type === "bins") && sc.otherwise === undefined;
