/**
 * credit-grading: credit tiered-and-classified supervision (信用分级分类监管) as a library.
 * Rulesets are versioned JSON documents; a ruleset compiles once and grades each market
 * subject A–E, synchronously and purely, with a full explanation.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { compileRuleset } from "credit-grading";
 *
 * const ruleset = compileRuleset(JSON.parse(readFileSync("rulesets/hlj-public-composite/1.0.0.json", "utf8")));
 * const result = ruleset.evaluate(
 *   { id: "91310110666007217T", inputs: { yearsInOperation: 6, adminPenalties: 1 } },
 *   { asOf: "2025-12-31" },
 * );
 * console.log(result.grade, result.score, result.reasons[0]?.indicator);
 * ```
 * @module
 */
export {
  bestOf,
  capGrade,
  CLASS_NAMES,
  compareGrades,
  floorGrade,
  GRADE_CLASSES,
  GRADE_NAMES,
  gradeClass,
  gradeRank,
  GRADES,
  isBetter,
  isGrade,
  worstOf,
} from "./grade.js";
export type { BilingualName, Grade, GradeClass } from "./grade.js";
export { CANONICAL_SCALE, compileLabelScale, defaultLabel, effectPosition, labelPosition, labelWords } from "./label.js";
export type { GradeLabelDef, LabelScale, SchemeLabel } from "./label.js";
export { fitsScale, fromUnits, roundTo, toUnits } from "./rounding.js";
export type { RoundingMode, RoundingPolicy } from "./rounding.js";
export { formatDiagnostic, formatPath } from "./diagnostic.js";
export type { Diagnostic, DiagnosticCode, PathSegment, Severity } from "./diagnostic.js";
export { CreditGradingError, RulesetError, SubjectError } from "./errors.js";
export type { ErrorCode, SubjectIssue } from "./errors.js";
export {
  BandSchema,
  IndicatorLeafSchema,
  IndicatorNodeSchema,
  InputSchema,
  isGroup,
  MAX_INDICATOR_DEPTH,
  RulesetSchema,
  ScoringSchema,
} from "./ruleset-schema.js";
export type {
  BandDef,
  IndicatorGroupDef,
  IndicatorLeafDef,
  IndicatorNodeDef,
  InputDef,
  Ruleset,
  ScoringDef,
} from "./ruleset-schema.js";
export { MAX_JSON_DEPTH, validateRuleset, validateRulesetText } from "./ruleset-check.js";
export type { RulesetValidation } from "./ruleset-check.js";
export { canonicalJson, defineRuleset, loadRuleset, rulesetHash } from "./ruleset.js";
export { RULESET_SCHEMA_ID, rulesetJsonSchema, rulesetJsonSchemaText } from "./json-schema.js";
export { compileRuleset } from "./evaluation.js";
export type {
  BandMatch,
  BatchOutcome,
  CompiledRuleset,
  CompileOptions,
  EvaluateOptions,
  Evaluation,
  GradeOptions,
  GradeResult,
  GroupResult,
  IndicatorResult,
  MissingTreatment,
  NotGradableReason,
  Reason,
  RulesetRef,
  SafeEvaluation,
  SafeGradeResult,
} from "./result.js";
export type { Subject } from "./subject.js";
export {
  assertUscc,
  organisationCodeCheck,
  USCC_CATEGORIES,
  USCC_CHARSET,
  usccCheckCharacter,
  UsccError,
  validateUscc,
} from "./uscc.js";
export type { UsccMode, UsccOptions, UsccProblem, UsccResult } from "./uscc.js";
export { addDuration, isIsoDate, parseDuration } from "./date.js";
export type { Duration, IsoDate } from "./date.js";
export {
  compileLifetime,
  NATIONAL_PUBLICITY_2025,
  RECORD_SEVERITIES,
  RecordFieldSchema,
  RecordTypeSchema,
  PublicityPeriodSchema,
  STANDARD_RECORD_FIELDS,
} from "./record.js";
export type {
  CreditRecord,
  ExcludedRecord,
  ExclusionReason,
  PublicityPeriod,
  RecordFieldDef,
  RecordLifetime,
  RecordSeverity,
  RecordTypeDef,
} from "./record.js";
export { FactSchema } from "./fact.js";
export type { FactDef } from "./fact.js";
export { compileCondition, ConditionSchema, DATE_OPERATORS, JRE_OPERATORS, OPERATOR_DECORATORS, TopConditionSchema } from "./condition.js";
export type { CompiledCondition, ConditionDef, ConditionTrace, FactContext, TopConditionDef } from "./condition.js";
export { BUILTIN_FACTS, EffectSchema, NamedConditionSchema, resolveGrade, RuleSchema } from "./rule.js";
export type { EffectDef, GradeResolution, NamedConditionDef, RuleDef, RuleOutcome } from "./rule.js";
export { jsonRulesEngineFacts, toJsonRulesEngine } from "./json-rules-engine.js";
export type { JsonRulesEngineFactsOptions, JsonRulesEngineOptions } from "./json-rules-engine.js";
export {
  compileMeasures,
  MEASURE_FIELDS,
  MEASURE_KINDS,
  MeasureSchema,
  MeasuresSectionSchema,
  SamplingPolicySchema,
} from "./measure.js";
export type { AppliedMeasure, GradeMeasures, MeasureDef, MeasureField, MeasureKind, MeasuresSection, SamplingPolicy } from "./measure.js";
export { CAPABILITIES, capabilitiesOf, DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING, MEASURE_CATALOGUE } from "./measure-catalogue.js";
export type { Capability } from "./measure-catalogue.js";
export { addWorkingDays, CalendarDataSchema, CN_WORKDAY_DATA, cnWorkCalendar, createWorkCalendar } from "./calendar.js";
export type { CalendarData, WorkCalendar } from "./calendar.js";
export { calendarYearsFrom, extendCalendarData, HolidayCnYearSchema } from "./calendar-data.js";
export type { CalendarYear, HolidayCnYear } from "./calendar-data.js";
export { addDays, daysBetween } from "./date.js";
export { createRandom, randomFromState, sample, seedState, shuffle } from "./random.js";
export type { Random } from "./random.js";
export { PLAN_ALGORITHM, planInspections, planSubjectFromEvaluation, sampleSize } from "./inspection-plan.js";
export { verifyPlan } from "./inspection-plan-verify.js";
export type {
  GradeDraw,
  InspectionDraw,
  InspectionPlan,
  Inspector,
  InspectorFallback,
  InspectorLoad,
  PlanInput,
  PlanProblem,
  PlanProblemCode,
  PlanRulesetRef,
  PlanSubject,
} from "./inspection-plan.js";
export { COMBINATION_POLICY, combineStance } from "./stance.js";
export type {
  BlockedIncentive,
  Blocker,
  CapabilityAnswer,
  CapabilityReason,
  CombineStanceOptions,
  StanceMeasure,
  StanceSampling,
  SupervisionStance,
} from "./stance.js";
export { evaluationRef } from "./evaluation-ref.js";
export type { DecidingRule, EvaluationRef } from "./evaluation-ref.js";
export { measureChanges, queryCapability } from "./stance-query.js";
export type { MeasureChanges, SamplingChange } from "./stance-query.js";
export { VERSION } from "./version.js";
export { hashJson, replay, toDecisionRecord } from "./decision.js";
export type { DecisionCause, DecisionOptions, DecisionRecord, ReplayDifference, ReplayResult } from "./decision.js";
export { DecisionLog, GENESIS_HASH, MemoryLogStorage } from "./decision-log.js";
export type { LogEntry, LogProblem, LogStorage, LogVerification } from "./decision-log.js";
export { FileLogStorage } from "./decision-log-fs.js";
export { createRegistry, formatRegistryDiagnostic, RegistryError } from "./registry.js";
export type {
  AddResult,
  DecidedEvaluateOptions,
  DecidedEvaluation,
  EffectivePeriod,
  Registry,
  RegistryDiagnostic,
  RegistryDiagnosticCode,
  RegistryEntry,
  RegistryErrorKind,
  SafeAddResult,
  SafeDecidedEvaluation,
  Successor,
} from "./registry.js";
// The file-system edge (node:fs); the pure registry above does not import it.
export { inspectRegistry, loadRegistry } from "./registry-fs.js";
export type { InspectRegistryOptions, RegistryInspection } from "./registry-fs.js";
export { DIFF_AREAS, diffRulesets, formatDiff } from "./diff.js";
export { describeEffect, describeScoring } from "./diff-describe.js";
export type { ChangeKind, DiffArea, DiffOptions, FormatDiffOptions, RulesetChange } from "./diff.js";
export { formatMigration, MIGRATION_OUTCOMES, simulate } from "./simulate.js";
export type {
  FormatMigrationOptions,
  IndicatorShift,
  Migration,
  MigrationOutcome,
  Mover,
  MoveCause,
  RuleShift,
  SimulateOptions,
} from "./simulate.js";
export { RULEBOOK_LOCALES, renderRulebook } from "./rulebook.js";
export { describeBand } from "./rulebook-describe.js";
export { describeCondition } from "./rulebook-condition.js";
export type { RulebookLocale, RulebookOptions } from "./rulebook.js";
export { decideObjection, fileObjection, OBJECTION_WORKING_DAYS, overdueObjections } from "./objection.js";
export type {
  DecideObjectionOptions,
  DisputedItem,
  FileObjectionOptions,
  MeasureTransition,
  Objection,
  ObjectionBase,
  ObjectionDecision,
  ObjectionFiling,
  ObjectionOutcome,
  OverdueObjection,
  PendingObjection,
  RejectedObjection,
  UpheldObjection,
} from "./objection.js";
export { checkRepairEligibility, RepairRefusedError, repairRecord } from "./repair.js";
export type { RepairEligibility, RepairOptions, RepairRefusal, RepairResult } from "./repair.js";
export {
  DECISION_EXPORT_FORMAT,
  DecisionExportSchema,
  DecisionImportError,
  EvaluatorSchema,
  exportDecisions,
  importDecisions,
  safeImportDecisions,
  SharedDecisionSchema,
} from "./share.js";
export type { DecisionExport, Evaluator, ExportOptions, ImportIssue, SafeImport, SharedDecision } from "./share.js";
