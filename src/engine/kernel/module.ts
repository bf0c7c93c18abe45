/**
 * The kernel (评级内核): the whole per-subject path of a ruleset as one module of the kernel
 * language, written once from the plan: read (and check) the subject, derive the facts, score
 * the indicators, run the rules before banding, band the total, run the rules after banding,
 * resolve the grade. `grade` keeps only what a grade needs; `explain` keeps every detail an
 * evaluation reports; `trace` evaluates every leaf of every rule's condition.
 * @module
 */
import { type Fn, type Module, s, type Stmt, variable, x } from "../codegen/ir.js";
import type { Plan } from "../plan.js";
import { rulesEnv, traceStmts, traceWidth } from "./conditions.js";
import { field, KernelContext, setField } from "./context.js";
import { computedStmts } from "./computed.js";
import { deriveFn } from "./facts.js";
import { bandOf, fillRuleFacts, resetEffects, resolve, ruleEnv, ruleVars, runRules, setGradeFacts, setScoreFacts } from "./rules.js";
import { scoreFn } from "./scoring.js";
import { INVALID, OK, subjectFns } from "./subject.js";

/** What the grading kernel exports. */
export interface GradeKernelFns {
  /** Grades one subject into the state: 0 when done, 1 when the subject has issues (in `st.issues`). */
  readonly grade: (subject: unknown, asOf: string, st: unknown, validate: boolean) => number;
}

/** What the explaining kernel exports. */
export interface ExplainKernelFns {
  /** Grades one subject into the state keeping every detail an evaluation reports. */
  readonly explain: (subject: unknown, asOf: string, st: unknown, validate: boolean) => number;
  /** Evaluates every leaf of every rule's condition over the rule facts of the last run into `st.tr`. */
  readonly trace: (asOf: string, st: unknown) => void;
}

/** A written kernel module. */
export interface Kernel {
  /** The module. */
  readonly module: Module;
  /** Where the module raises subject issues. */
  readonly context: KernelContext;
}

/**
 * Writes the grading kernel of a plan: `grade`, with only what a grade needs.
 * @param plan - The plan.
 * @returns The module.
 */
export function writeGradeKernel(plan: Plan): Kernel {
  return writeKernel(plan, false);
}

/**
 * Writes the explaining kernel of a plan: `explain`, which keeps every detail an evaluation
 * reports, and `trace`. Written on the first `evaluate`, so that a host that only grades never
 * pays for it.
 * @param plan - The plan.
 * @returns The module.
 */
export function writeExplainKernel(plan: Plan): Kernel {
  return writeKernel(plan, true);
}

/**
 * Each rule's first slot in `st.tr` when traced.
 * @param plan - The plan.
 * @returns The offsets, by rule index.
 */
export function traceOffsets(plan: Plan): number[] {
  const out: number[] = [];
  let next = 0;
  for (const r of plan.rules) {
    out.push(next);
    next += traceWidth(r.def.conditions, plan.named);
  }
  return out;
}

// The two kernels are written by the same code: `explain` keeps what an evaluation reports.
function writeKernel(plan: Plan, explain: boolean): Kernel {
  const k = new KernelContext(plan);
  const fns: Fn[] = [...subjectFns(k), scoreFn(k, explain), runFn(k, explain)];
  if (plan.facts !== undefined) fns.push(deriveFn(k, new Set(plan.recordTypes.map((t) => t.id)), plan.facts, explain));
  if (explain) fns.push(traceFn(k));
  fns.push(...k.extraFns.values());
  return { module: { label: `${plan.ref.id}@${plan.ref.version}${explain ? "/explain" : ""}`, fns }, context: k };
}

// grade / explain: the whole path for one subject.
function runFn(k: KernelContext, explain: boolean): Fn {
  const { plan } = k;
  const S = variable("S");
  const asOf = variable("asOf");
  const st = variable("st");
  const validate = variable("validate");
  const inputs = variable("inputs");
  const pI = variable("pI");
  const total = variable("t");
  const adjust = variable("adj");
  const score = variable("sc");
  const band = variable("band");
  const scoreRank = variable("sr");
  const scorePosition = variable("sp");
  const ST = x.ref(st);
  const AS_OF = x.ref(asOf);
  const v = ruleVars(explain);
  const hasRules = plan.rules.length > 0;
  const body: Stmt[] = [
    s.if(x.ref(validate), [s.if(x.bin("!==", x.call(x.fn("check"), x.ref(S), ST), x.lit(OK)), [s.return(x.lit(INVALID))])], [s.do(x.call(x.fn("read"), x.ref(S), ST))]),
    s.set(inputs, field(ST, "inputs")),
    s.set(pI, x.isPlain(x.ref(inputs))),
  ];
  if (explain) body.push(s.do(x.call(x.ext("clearExcluded", clearExcluded), ST)));
  if (plan.facts !== undefined) body.push(s.do(x.call(x.fn(explain ? "deriveExplain" : "derive"), field(ST, "records"), AS_OF, ST)));
  // Computed inputs: after the facts they may read, before the indicators and rules that read them.
  body.push(...computedStmts(k, ST));
  body.push(s.set(total, x.call(x.fn(explain ? "scoreExplain" : "score"), ST)), s.set(adjust, x.lit(0)));
  body.push(...resetEffects(v, ST));
  const where = ruleEnv(k, v, AS_OF, x.ref(inputs), x.ref(pI));
  if (hasRules) body.push(...fillRuleFacts(k, v, ST, AS_OF, x.ref(inputs), x.ref(pI)), ...runRules(k, v, "before-banding", where, adjust));
  body.push(
    s.set(score, x.lit(Number.NaN)),
    s.set(band, x.lit(-1)),
    s.set(scoreRank, x.lit(-1)),
    s.set(scorePosition, x.lit(-1)),
    // Scored: the adjusted total kept within the scale, then its band.
    s.if(x.bin("===", x.ref(total), x.ref(total)), [
      s.set(score, x.bin("+", x.ref(total), x.ref(adjust))),
      s.if(x.bin(">", x.ref(score), x.lit(plan.scaleMaxUnits)), [s.set(score, x.lit(plan.scaleMaxUnits))]),
      s.if(x.bin("<", x.ref(score), x.lit(plan.scaleMinUnits)), [s.set(score, x.lit(plan.scaleMinUnits))]),
      ...bandOf(k, x.ref(score), band, scoreRank, scorePosition),
    ]),
  );
  if (hasRules) body.push(...setScoreFacts(k, v, x.ref(score), x.ref(scoreRank)), ...runRules(k, v, "after-banding", where));
  body.push(
    setField(ST, "adjust", x.ref(adjust)),
    setField(ST, "score", x.ref(score)),
    setField(ST, "band", x.ref(band)),
    setField(ST, "scoreRank", x.ref(scoreRank)),
    ...resolve(k, v, ST, x.ref(scorePosition), x.ref(inputs), x.ref(pI)),
  );
  // Rules with effect none run once the grade is decided: they add measures or outputs only.
  if (plan.rules.some((r) => r.after)) body.push(...setGradeFacts(k, v, ST), ...runRules(k, v, "after-grade", where));
  body.push(s.return(x.lit(OK)));
  return { name: explain ? "explain" : "grade", params: [S, asOf, st, validate], body };
}

function clearExcluded(st: { excluded: unknown[] }): void {
  if (st.excluded.length !== 0) st.excluded.length = 0;
}

// trace: every rule's condition, every leaf evaluated, into st.tr.
function traceFn(k: KernelContext): Fn {
  const { plan } = k;
  const asOf = variable("asOf");
  const st = variable("st");
  const tr = variable("tr");
  const slotOf = (name: string): number => plan.ruleFacts.findIndex((r) => r.name === name);
  const env = rulesEnv(slotOf);
  const offsets = traceOffsets(plan);
  const body: Stmt[] = [s.set(tr, field(x.ref(st), "tr"))];
  for (const r of plan.rules) body.push(...traceStmts(k, r.def.conditions, env, [field(x.ref(st), "rv"), x.ref(asOf)], x.ref(tr), offsets[r.index]!));
  return { name: "trace", params: [asOf, st], body };
}
