/**
 * json-rules-engine interop: a ruleset's override rules (规则) as a json-rules-engine `Engine`,
 * and the fact object our evaluator gives those rules for a subject, so that a host can replay
 * a decision in json-rules-engine or run our rules beside its own.
 *
 * The rules are handed over as written: each rule's conditions unchanged, its name the rule
 * id, its event `{ type: effect.type, params: { ruleId, ...effect } }` (with `measures` and
 * `outputs` in the params when the rule adds measures or emits outputs). Named conditions are
 * registered with `engine.setCondition` (a named condition that is a single leaf is wrapped
 * in `{ all: [leaf] }`, because json-rules-engine only accepts all / any / not / condition at
 * the root of a named condition; the result is the same). Our date operators (`withinLast`,
 * `notWithinLast`, `before`, `onOrBefore`, `after`, `onOrAfter`) are added with
 * `engine.addOperator`, bound to the as-of date, using the very functions the compiled
 * conditions use, and json-rules-engine's decorators apply to them as to any operator. The
 * engine has `allowUndefinedFacts: true`: a fact a subject lacks is `undefined`, as here.
 *
 * Where the two differ, on purpose: when a comparison throws on the data (`in` with a number
 * value, `someValue` with a value that is not an array), json-rules-engine rejects the whole
 * `run()`, whereas our compiled condition makes that leaf `false` (see `compileCondition`).
 * For every condition and fact object on which json-rules-engine does not throw, the two agree
 * (`test/json-rules-engine.test.ts` compares them on generated conditions and subjects).
 *
 * Facts: our evaluator reads the subject's inputs, the derived facts, and the built-in facts
 * `asOf` and `subjectId`; rules that run after banding also read `score` and `scoreGrade`.
 * json-rules-engine cannot compute a score, so {@link jsonRulesEngineFacts} runs our evaluator
 * and returns the fact object with the score in it.
 * @module
 */
import { Engine, type RuleProperties, type TopLevelCondition } from "json-rules-engine";
import { type ConditionDef, DATE_OPERATORS } from "../format/condition.js";
import { resolveOperator } from "../engine/operators.js";
import { isIsoDate } from "../base/date.js";
import { CreditGradingError, RulesetError } from "../base/errors.js";
import { conditionLimitIssues } from "../format/condition-limits.js";
import type { CompiledRuleset } from "../engine/types.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import type { RuleDef, RuleOutputDef } from "../format/rule.js";

/**
 * Options of {@link toJsonRulesEngine}.
 * @category json-rules-engine
 */
export interface JsonRulesEngineOptions {
  /** The as-of date the date operators compare with, `YYYY-MM-DD`. */
  readonly asOf: string;
}

/**
 * Options of {@link jsonRulesEngineFacts}.
 * @category json-rules-engine
 */
export interface JsonRulesEngineFactsOptions {
  /** Evaluate even when `asOf` lies outside the ruleset's effective period; default false. */
  readonly allowOutOfEffect?: boolean;
}

/**
 * Builds a json-rules-engine `Engine` holding a ruleset's override rules, its named conditions
 * and our date operators bound to `asOf`.
 *
 * The engine fires the same rules as our evaluator for the same fact object (see
 * {@link jsonRulesEngineFacts}), except where json-rules-engine throws on the data and rejects
 * the run (an `in` leaf whose value is a number, for instance), where our evaluator treats the
 * leaf as false. The rules all have json-rules-engine's default priority 1, and every rule is
 * in `results` or `failureResults` of a run. Run one subject at a time on an engine:
 * json-rules-engine keeps a run's status on the shared `Engine`, so concurrent `run()` calls on
 * one engine can skip rules.
 * @param ruleset - A loaded ruleset, or a compiled one.
 * @param options - The as-of date the date operators compare with.
 * @returns A new engine with one rule per override rule, named by rule id, with the event
 * `{ type: effect.type, params: { ruleId, ...effect } }`.
 * @throws CreditGradingError (`INVALID_OPTIONS`) when `asOf` is not a date `YYYY-MM-DD`.
 * @example
 * const engine = toJsonRulesEngine(compiled, { asOf: "2025-12-31" });
 * const facts = jsonRulesEngineFacts(compiled, subject, "2025-12-31");
 * const { results } = await engine.run(facts);
 * results.map((r) => r.name); //=> ["serious-dishonesty"]
 * results[0]?.event; //=> { type: "set-grade", params: { ruleId: "serious-dishonesty", type: "set-grade", grade: "E" } }
 * @category json-rules-engine
 */
export function toJsonRulesEngine(ruleset: Ruleset | CompiledRuleset, options: JsonRulesEngineOptions): Engine {
  const { asOf } = options;
  if (!isIsoDate(asOf)) {
    throw new CreditGradingError("INVALID_OPTIONS", `asOf must be a date YYYY-MM-DD, received ${JSON.stringify(asOf)}`);
  }
  const doc = "evaluate" in ruleset ? ruleset.ruleset : ruleset;
  // A document never loaded may hold conditions json-rules-engine would expand without bound.
  const { issues } = conditionLimitIssues(doc);
  if (issues.length > 0) throw new RulesetError(issues.map((i) => ({ ...i, severity: "error" as const })), `toJsonRulesEngine(${JSON.stringify(doc.id)})`);
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const name of DATE_OPERATORS) {
    const op = resolveOperator(name)!;
    engine.addOperator(name, (factValue: unknown, value: unknown) => op(factValue, value, asOf));
  }
  for (const named of doc.conditions ?? []) {
    const c = _copy(named.conditions);
    engine.setCondition(named.id, ("fact" in c ? { all: [c] } : c) as TopLevelCondition);
  }
  for (const rule of doc.rules ?? []) {
    const props: RuleProperties = {
      name: rule.id,
      conditions: _copy(rule.conditions) as TopLevelCondition,
      event: { type: rule.effect.type, params: { ruleId: rule.id, ...rule.effect, ...actionsOf(rule) } },
    };
    engine.addRule(props);
  }
  return engine;
}

// The measures a rule adds and the outputs it emits, as event params (nothing when it has none,
// so the events of rules without them are as before).
function actionsOf(rule: RuleDef): { measures?: string[]; outputs?: RuleOutputDef[] } {
  return {
    ...(rule.measures && rule.measures.length > 0 ? { measures: [...rule.measures] } : {}),
    ...(rule.outputs && rule.outputs.length > 0 ? { outputs: structuredClone(rule.outputs) as RuleOutputDef[] } : {}),
  };
}

// json-rules-engine writes into the condition objects it is given (it parses priorities in
// place), and a compiled ruleset is frozen: hand it a copy.
function _copy(def: ConditionDef): ConditionDef {
  return structuredClone(def) as ConditionDef;
}

/**
 * Returns the fact object our evaluator gives a subject's rules: the subject's inputs, then
 * the derived facts (which win over an input of the same name), then the built-in facts
 * `asOf`, `subjectId`, `score` and `scoreGrade` (and `grade` and `label`, the grade decided,
 * when some rule has effect `none`: those rules run after the grade is decided).
 *
 * `score` (after adjust-points rules, within the scale) and `scoreGrade` exist only after
 * banding, so this runs the evaluation; they are `undefined` when the subject could not be
 * scored. Every rule replays directly on this object with json-rules-engine: adjust-points
 * rules run before banding and cannot read `score` or `scoreGrade` (ruleset validation
 * rejects that, `RULE_READS_SCORE`), and every other rule saw exactly these values. A host
 * that builds the fact object itself, without our evaluator, can replay only the rules that
 * read neither `score` nor `scoreGrade`, directly or through a named condition.
 * @param compiled - The compiled ruleset.
 * @param subject - The subject, as given to `compiled.evaluate`.
 * @param asOf - The as-of date, `YYYY-MM-DD`.
 * @param options - Whether to evaluate outside the ruleset's effective period.
 * @returns A new null-prototype object of fact values by name.
 * @throws SubjectError when the subject's data does not fit the declared inputs, and
 * CreditGradingError for a bad `asOf` or one outside the effective period, as `evaluate` does.
 * @example
 * const facts = jsonRulesEngineFacts(compiled, { id: "91310110666007217T", inputs: { years: 6 } }, "2025-12-31");
 * facts.years; //=> 6
 * facts.asOf; //=> "2025-12-31"
 * facts.score; //=> 82
 * @category json-rules-engine
 */
export function jsonRulesEngineFacts(
  compiled: CompiledRuleset,
  subject: unknown,
  asOf: string,
  options: JsonRulesEngineFactsOptions = {},
): Record<string, unknown> {
  const ev = compiled.evaluate(subject, { asOf, ...options });
  // evaluate() has checked the subject, so its inputs are an object or absent.
  const inputs = (subject as { inputs?: Readonly<Record<string, unknown>> }).inputs ?? {};
  return Object.assign(Object.create(null) as Record<string, unknown>, inputs, ev.facts, {
    asOf: ev.asOf,
    subjectId: ev.subjectId,
    score: ev.score ?? undefined,
    scoreGrade: ev.scoreGrade ?? undefined,
    // Rules with effect none run once the grade is decided and may read it.
    ...(compiled.ruleset.rules?.some((r) => r.effect.type === "none") ? { grade: ev.grade ?? undefined, label: ev.label ?? undefined } : {}),
  });
}
