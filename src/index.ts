/**
 * credit-grading: credit tiered-and-classified supervision (信用分级分类监管) as a library.
 * Rulesets are versioned JSON documents; a ruleset compiles once and grades each market
 * subject A–E, synchronously and purely, with a full explanation. This entry point is pure: it
 * reads no clock and no file and runs unchanged in a browser or a worker. Loading a folder of
 * rulesets and storing a decision log in a file are in `credit-grading/node`.
 *
 * @example
 * ```ts
 * import { readFileSync } from "node:fs";
 * import { compileRuleset } from "credit-grading";
 *
 * // Compile once (the ruleset is checked first), then grade as many subjects as needed.
 * const ruleset = compileRuleset(JSON.parse(readFileSync("rulesets/hlj-public-composite/1.1.0.json", "utf8")));
 * const subject = {
 *   id: "91310110666007217T",
 *   inputs: {
 *     yearsInOperation: 6, annualReportFiled: true, taxCreditLevel: "B", taxArrears: 0,
 *     socialInsuranceArrearsMonths: 0, certifications: 1, civilCasesLost: 0, inspectionResult: "未发现问题",
 *     govContractBreaches: 0, honours: 0, innovationStatus: "无", charityOrVolunteer: false, verifiedComplaints: 1,
 *   },
 * };
 * const result = ruleset.evaluate(subject, { asOf: "2025-12-31" });
 * console.log(result.grade, result.label, result.score, result.reasons[0]?.indicator);
 * ```
 * @module credit-grading
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
} from "./base/grade.js";

export type { BilingualName, Grade, GradeClass } from "./base/grade.js";

export { compileLabelScale, defaultLabel, labelWords } from "./format/labels.js";
export type { GradeLabelDef, LabelScale, SchemeLabel } from "./format/labels.js";

export type { RoundingMode, RoundingPolicy } from "./base/rounding.js";

export { formatDiagnostic, formatPath } from "./base/diagnostic.js";

export type { Diagnostic, DiagnosticCode, Issue, PathSegment, Severity, SourcePosition } from "./base/diagnostic.js";

export { CreditGradingError, RulesetError, SubjectError } from "./base/errors.js";

export type { ErrorCode, SafeResult, SubjectIssue, SubjectIssueCode } from "./base/errors.js";

export {
  BandSchema,
  IndicatorLeafSchema,
  IndicatorNodeSchema,
  isGroup,
  MAX_INDICATOR_DEPTH,
  MAX_SCALE,
  RulesetSchema,
  ScoringSchema,
} from "./format/ruleset-schema.js";
export { InputSchema } from "./format/input.js";

export type {
  BandDef,
  IndicatorGroupDef,
  IndicatorLeafDef,
  IndicatorNodeDef,
  Ruleset,
  ScoringDef,
} from "./format/ruleset-schema.js";
export type { InputDef } from "./format/input.js";

export { MAX_JSON_DEPTH, validateRuleset, validateRulesetText } from "./check/ruleset-check.js";

export type { RulesetValidation } from "./check/ruleset-check.js";

export { rulesetHash } from "./format/ruleset.js";

export { defineRuleset, loadRuleset } from "./check/load.js";

export { canonicalJson, hashJson } from "./base/hash.js";

export { RULESET_SCHEMA_ID, rulesetJsonSchema, rulesetJsonSchemaText } from "./format/json-schema.js";

export { compileRuleset } from "./engine/compile.js";

export { measuresInForce } from "./engine/results.js";

export { bandBounds, bandContains, binBounds } from "./format/bands.js";

export type { BandBounds, BandBoundsDef, BinBoundsDef } from "./format/bands.js";

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
} from "./engine/types.js";

export type { Subject } from "./format/subject.js";
export { MAX_SUBJECT_DEPTH } from "./format/subject.js";

export {
  assertUscc,
  organisationCodeCheck,
  USCC_CATEGORIES,
  USCC_CATEGORY_NAMES,
  USCC_CHARSET,
  usccCheckCharacter,
  UsccError,
  validateUscc,
} from "./base/uscc.js";

export type { UsccMode, UsccOptions, UsccProblem, UsccResult } from "./base/uscc.js";

export { isIsoDate, MAX_DATE, MAX_DURATION, MIN_DATE } from "./base/date.js";
export type { IsoDate } from "./base/date.js";
export { NATIONAL_PUBLICITY_2025, RECORD_SEVERITIES, RecordFieldSchema, RecordTypeSchema, PublicityPeriodSchema, STANDARD_RECORD_FIELDS } from "./format/record.js";

export { compileLifetime } from "./engine/lifetime.js";

export type { CreditRecord, ExcludedRecord, ExclusionReason, PublicityPeriod, RecordFieldDef, RecordSeverity, RecordTypeDef } from "./format/record.js";

export type { RecordLifetime } from "./engine/lifetime.js";

export { ComputedExprSchema, DEFAULT_ON_ZERO, MAX_COMPUTED_DEPTH, MAX_COMPUTED_NODES } from "./format/computed.js";
export type { ComputedExpr } from "./format/computed.js";
export { MAX_COMPUTED_TEXT, parseComputedText, printComputed } from "./format/computed-text.js";
export type { ComputedParse } from "./format/computed-text.js";

export { FactSchema } from "./format/fact.js";

export type { FactDef } from "./format/fact.js";

export { DEFAULT_PUBLIC_FIELDS, PUBLIC_FIELDS, PublicationSchema } from "./format/publication.js";

export type { PublicationDef, PublicField } from "./format/publication.js";

export { publicResult, publishResults, whyWithheld } from "./decisions/publication.js";

export type { PublicResult, PublishOptions } from "./decisions/publication.js";

export { describeHistoryFact, HISTORY_DECIDED_BY, HISTORY_KINDS, HistoryFactSchema, historyValueType } from "./format/history.js";

export type { HistoryFactDef } from "./format/history.js";

export { ConditionSchema, DATE_OPERATORS, JRE_OPERATORS, MAX_OPERATOR_DECORATORS, OPERATOR_DECORATORS, TopConditionSchema } from "./format/condition.js";

export type { ConditionDef, ConditionTrace, TopConditionDef } from "./format/condition.js";

export { compileCondition } from "./engine/conditions.js";
export { MAX_CONDITION_DEPTH, MAX_CONDITION_NODES } from "./format/condition-limits.js";

export type { CompiledCondition, FactContext } from "./engine/conditions.js";

export { compileFacts } from "./engine/facts.js";

export type { DerivedFacts, FactDeriver } from "./engine/facts.js";

export { BUILTIN_FACTS, GRADE_FACTS, EffectSchema, NamedConditionSchema, RuleSchema } from "./format/rule.js";

export { resolveGrade } from "./format/effects.js";

export type { EffectDef, NamedConditionDef, RuleDef, RuleOutputDef } from "./format/rule.js";

export { MAX_OUTPUT_PARAMS, RuleOutputSchema } from "./format/rule.js";

export type { RuleOutcome } from "./engine/types.js";

export type { GradeResolution } from "./format/effects.js";

export { jsonRulesEngineFacts, toJsonRulesEngine } from "./interop/json-rules-engine.js";

export type { JsonRulesEngineFactsOptions, JsonRulesEngineOptions } from "./interop/json-rules-engine.js";

export { MEASURE_FIELDS, MEASURE_KINDS, MeasureSchema, MeasuresSectionSchema, SamplingPolicySchema } from "./format/measure.js";

export type { AddedMeasure, AppliedMeasure, GradeMeasures, RuleOutput, MeasureDef, MeasureField, MeasureKind, MeasuresSection, SamplingPolicy } from "./format/measure.js";

export { CAPABILITIES, capabilitiesOf, DEFAULT_GRADE_MEASURES, DEFAULT_SAMPLING, MEASURE_CATALOGUE } from "./measures/catalogue.js";

export type { Capability } from "./measures/catalogue.js";

export { addWorkingDays, CalendarDataSchema, CN_WORKDAY_DATA, cnWorkCalendar, createWorkCalendar } from "./base/calendar.js";

export type { CalendarData, WorkCalendar } from "./base/calendar.js";

export { calendarYearsFrom, extendCalendarData, HolidayCnYearSchema } from "./base/calendar-data.js";

export type { CalendarYear, HolidayCnYear } from "./base/calendar-data.js";

export { planInspections, planSubjectFromEvaluation, sampleSize } from "./supervision/inspection-plan.js";

export { PLAN_ALGORITHM } from "./supervision/inspection-plan-types.js";

export { verifyPlan } from "./supervision/inspection-plan-verify.js";

export type { GradeDraw, InspectionDraw, InspectorLoad, PlanProblemCode, PlanProblemDraft } from "./supervision/inspection-plan-types.js";

export type { InspectionPlan, Inspector, InspectorFallback, PlanInput, PlanProblem, PlanRulesetRef, PlanSubject } from "./supervision/inspection-plan-types.js";

export { combineStance } from "./supervision/stance.js";

export { COMBINATION_POLICY } from "./supervision/stance-types.js";

export type {
  BlockedIncentive,
  Blocker,
  CapabilityAnswer,
  CapabilityReason,
  CombineStanceOptions,
  StanceMeasure,
  StanceSampling,
  SupervisionStance,
} from "./supervision/stance-types.js";

export { evaluationRef } from "./supervision/evaluation-ref.js";

export type { DecidingRule, EvaluationRef } from "./supervision/evaluation-ref.js";

export { measureChanges, queryCapability } from "./supervision/stance-query.js";

export type { MeasureChanges, SamplingChange } from "./supervision/stance-query.js";

export { VERSION } from "./base/version.js";

export { replay, toDecisionRecord } from "./decisions/decision.js";

export type { DecisionCause, DecisionOptions, DecisionRecord, ReplayDifference, ReplayResult } from "./decisions/decision.js";

export { DecisionLog, GENESIS_HASH, MemoryLogStorage } from "./decisions/decision-log.js";

export type { LogEntry, LogProblem, LogProblemCode, LogStorage, LogVerification } from "./decisions/decision-log.js";

export { createRegistry, formatRegistryDiagnostic, RegistryError } from "./versions/registry.js";

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
} from "./versions/registry.js";

// The file-system edge (node:fs); the pure registry above does not import it.
export { diffRulesets, formatDiff } from "./versions/diff.js";

export { DIFF_AREAS } from "./versions/diff-types.js";

export { describeEffect, describeScoring } from "./versions/diff-describe.js";

export type { DiffOptions, FormatDiffOptions } from "./versions/diff.js";

export type { ChangeKind, DiffArea, RulesetChange } from "./versions/diff-types.js";

export { formatMigration, simulate } from "./versions/simulate.js";

export { yearOverYear } from "./versions/year-over-year.js";

export type { YearMigration, YearResults } from "./versions/year-over-year.js";

export { MIGRATION_OUTCOMES } from "./versions/simulate-types.js";

export type { FormatMigrationOptions, Migration, SimulateOptions } from "./versions/simulate.js";

export type { IndicatorShift, MigrationOutcome, Mover, MoveCause, RuleShift } from "./versions/simulate-types.js";

export type { NearBoundary, ScoreShift } from "./versions/simulate-shifts.js";

export { renderRulebook } from "./rulebook/rulebook.js";

export { RULEBOOK_LOCALES } from "./rulebook/locale.js";

export { describeBand } from "./rulebook/describe.js";

export { describeCondition } from "./rulebook/condition.js";

export type { RulebookOptions } from "./rulebook/rulebook.js";

export type { RulebookLocale } from "./rulebook/locale.js";

export { decideObjection, fileObjection, OBJECTION_WORKING_DAYS, overdueObjections } from "./decisions/objection.js";

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
} from "./decisions/objection.js";

export { checkRepairEligibility, RepairRefusedError, repairRecord } from "./decisions/repair.js";

export type { RepairEligibility, RepairOptions, RepairRefusal, RepairResult } from "./decisions/repair.js";

export {
  DECISION_EXPORT_FORMAT,
  DecisionExportSchema,
  DecisionImportError,
  EvaluatorSchema,
  exportDecisions,
  importDecisions,
  safeImportDecisions,
  SharedDecisionSchema,
} from "./decisions/share.js";

export type { DecisionExport, Evaluator, ExportOptions, ImportIssue, ImportIssueCode, SafeImport, SharedDecision } from "./decisions/share.js";


export { GOLDEN_SCHEMA_ID, GoldenCaseSchema, GoldenFileSchema, goldenJsonSchema } from "./format/golden.js";

export type { GoldenCase, GoldenExpect } from "./format/golden.js";

export { runGoldenCases } from "./golden/golden.js";

export type { GoldenActual, GoldenIssueCode, GoldenMismatch, GoldenOutcome, GoldenReport } from "./golden/golden.js";

// Reports: grade distributions by division, industry and class, changes against last year, subjects near a boundary.
export { gradeReport, REPORT_GROUPINGS, REPORT_OUTCOMES } from "./report/report.js";

export type { GradeReport, GradeReportOptions, GroupChanges, ReportGroup, ReportGrouping, ReportOutcome } from "./report/report.js";

export { formatReport, GROUPING_TITLES } from "./report/format.js";

export type { FormatReportOptions } from "./report/format.js";

export { DIVISION_TABLE_SOURCE, divisionName, divisionOf } from "./report/divisions.js";

export type { Division, DivisionLevel } from "./report/divisions.js";

