/**
 * Compiling a ruleset (编译规则集): validated once, planned once, its kernel written once and made
 * runnable (generated JavaScript, or closures where that is refused), then every subject graded
 * by it. Pure and synchronous: no clock, no I/O; the as-of date is an argument.
 * @module
 */
import { DATE_EXPECTED } from "./issues.js";
import { isIsoDate } from "../base/date.js";
import { CreditGradingError, SubjectError, subjectIdOf, subjectIssue } from "../base/errors.js";
import type { Grade } from "../base/grade.js";
import type { GradeMeasures } from "../format/measure.js";
import type { BatchOutcome, CompiledRuleset, CompileOptions, EvaluateOptions, Evaluation, GradeOptions, GradeResult, RulesetRef, SafeEvaluation, SafeGradeResult } from "./types.js";
import { assertInEffect, deepFreeze, rulesetHash } from "../format/ruleset.js";
import { loadRuleset } from "../check/load.js";
import { labelPosition } from "../format/labels.js";
import { realise } from "./codegen/realise.js";
import { type ExplainKernelFns, type GradeKernelFns, traceOffsets, writeExplainKernel, writeGradeKernel } from "./kernel/module.js";
import { INVALID } from "./kernel/subject.js";
import { buildPlan } from "./plan.js";
import { evaluation, gradeResult, resultTables } from "./results.js";
import { type KernelState, newState } from "./state.js";

/**
 * Compiles a ruleset once for evaluation. Accepts a parsed JSON document (it is validated)
 * or a ruleset already loaded.
 * @param input - A ruleset document.
 * @param source - The file name or label to name in errors.
 * @param options - Whether generated code may be used (default: yes, where the platform allows).
 * @returns The compiled ruleset.
 * @throws RulesetError when the document has an error.
 * @example
 * const compiled = compileRuleset(JSON.parse(text));
 * compiled.evaluate({ id: "91310110666007217T", inputs: { ... } }, { asOf: "2025-12-31" }).grade; //=> "B"
 * @category Grading
 */
export function compileRuleset(input: unknown, source?: string, options: CompileOptions = {}): CompiledRuleset {
  // The validated document is the schema's own copy, never the caller's object: freezing it keeps
  // `compiled.ruleset` (and the effective period read at evaluation) from drifting after compiling.
  const ruleset = deepFreeze(loadRuleset(input, source));
  const ref: RulesetRef = Object.freeze({ id: ruleset.id, scheme: ruleset.scheme, version: ruleset.version, contentHash: rulesetHash(ruleset) });
  const plan = buildPlan(ruleset, ref);
  const codegen = options.codegen !== false;
  const { fns, generated } = realise<GradeKernelFns>(writeGradeKernel(plan).module, codegen);
  // The explaining kernel is written on the first evaluate: a host that only grades never pays for it.
  let explainFns: ExplainKernelFns | undefined;
  const explainer = (): ExplainKernelFns => (explainFns ??= realise<ExplainKernelFns>(writeExplainKernel(plan).module, codegen).fns);
  const tables = resultTables(plan, traceOffsets(plan));
  const shared = newState(plan);

  // The state of one call: the shared one, or a fresh one when grading re-enters (a getter on
  // the subject calling back into this compiled ruleset).
  const acquire = (): KernelState => {
    if (!shared.busy) {
      shared.busy = true;
      return shared;
    }
    const st = newState(plan);
    st.busy = true;
    return st;
  };
  // The last as-of date found well-formed, and the last found in effect: a batch asks the same.
  let checkedAsOf: string | undefined;
  let inEffectAsOf: string | undefined;
  const checkOptions = (asOf: string, allowOutOfEffect: boolean | undefined): void => {
    if (asOf !== checkedAsOf) {
      if (!isIsoDate(asOf)) throw new CreditGradingError("INVALID_OPTIONS", `asOf must be ${DATE_EXPECTED}, received ${JSON.stringify(asOf)}`);
      checkedAsOf = asOf;
    }
    if (allowOutOfEffect !== true && asOf !== inEffectAsOf) {
      assertInEffect(ruleset, asOf);
      inEffectAsOf = asOf;
    }
  };
  const invalid = (st: KernelState): SubjectError => new SubjectError(typeof st.id === "string" && st.id !== "" ? st.id : undefined, st.issues.slice());
  // What reading a host's object threw (a getter, a Proxy trap) is that subject's fault: a
  // SubjectError naming it, so that safeGrade and batches report it like any other.
  const unreadable = (e: unknown, st: KernelState): unknown => {
    if (e instanceof CreditGradingError) return e;
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const id = typeof st.id === "string" && st.id !== "" ? st.id : undefined;
    return new SubjectError(id, [subjectIssue("UNREADABLE", [], "a subject whose properties can be read", `reading it threw ${what}`)], { cause: e });
  };

  const grade = (raw: unknown, opts: GradeOptions): GradeResult => {
    checkOptions(opts.asOf, opts.allowOutOfEffect);
    const st = acquire();
    st.id = undefined;
    try {
      if (fns.grade(raw, opts.asOf, st, opts.validate !== false) === INVALID) throw invalid(st);
      return gradeResult(tables, st, opts.asOf, opts.maxReasons);
    } catch (e) {
      throw unreadable(e, st);
    } finally {
      st.busy = false;
    }
  };

  const evaluate = (raw: unknown, opts: EvaluateOptions): Evaluation => {
    checkOptions(opts.asOf, opts.allowOutOfEffect);
    const st = acquire();
    st.id = undefined;
    try {
      const k = explainer();
      if (k.explain(raw, opts.asOf, st, opts.validate !== false) === INVALID) throw invalid(st);
      if (opts.trace === true && plan.rules.length > 0) k.trace(opts.asOf, st);
      return evaluation(tables, st, opts.asOf, opts.maxReasons, opts.trace === true);
    } catch (e) {
      throw unreadable(e, st);
    } finally {
      st.busy = false;
    }
  };

  const safeGrade = (raw: unknown, opts: GradeOptions): SafeGradeResult => {
    try {
      return { success: true, data: grade(raw, opts) };
    } catch (error) {
      if (error instanceof CreditGradingError) return { success: false, error };
      throw error;
    }
  };
  const safeEvaluate = (raw: unknown, opts: EvaluateOptions): SafeEvaluation => {
    try {
      return { success: true, data: evaluate(raw, opts) };
    } catch (error) {
      if (error instanceof CreditGradingError) return { success: false, error };
      throw error;
    }
  };
  function* evaluateMany(subjects: Iterable<unknown>, opts: EvaluateOptions): Generator<BatchOutcome, void, undefined> {
    let index = 0;
    for (const raw of subjects) {
      const r = safeEvaluate(raw, opts);
      if (r.success) yield { ok: true, index, evaluation: r.data };
      else yield { ok: false, index, subjectId: subjectIdOf(raw, r.error), error: r.error };
      index++;
    }
  }
  const measuresFor = (g: Grade, label?: string): GradeMeasures => plan.measures[labelPosition(plan.labels, g, label)]!;
  return Object.freeze({ ruleset, ref, codegen: generated, evaluate, safeEvaluate, evaluateMany, grade, safeGrade, measuresFor });
}
