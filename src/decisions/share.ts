/**
 * Result sharing (结果共享, R11): "who evaluates, shares". Decision records exported in a
 * documented JSON format — `credit-grading/decisions`, format version 1 — that a city or
 * provincial credit platform (信用信息共享平台) can ingest: who evaluated, under which scheme,
 * version and content hash, for which period, decided when, with grade, class, score and
 * measures, and which earlier decision each one supersedes. The format is described in
 * `docs/decision-records.md`; {@link DecisionExportSchema} is its single source of truth.
 * @module
 */
import type { SafeResult } from "../base/errors.js";
import { z } from "zod";
import { IsoDateSchema } from "../base/date.js";
import { isIsoDate } from "../base/date.js";
import type { DecisionRecord } from "./decision.js";
import type { Issue, PathSegment } from "../base/diagnostic.js";
import { formatPath } from "../base/diagnostic.js";
import { CreditGradingError } from "../base/errors.js";
import { GRADE_CLASSES, gradeClass, GRADES } from "../base/grade.js";

/**
 * The format name of a decision export.
 * @category Decisions
 */
export const DECISION_EXPORT_FORMAT = "credit-grading/decisions";

const Hash = z.string().regex(/^sha256:[0-9a-f]{64}$/).describe("SHA-256, as sha256: and 64 lowercase hex digits.");
const NonEmpty = z.string().min(1);

/**
 * Schema of the evaluating authority: its name and, optionally, its code (e.g. its unified social credit code).
 * @category Decisions
 */
export const EvaluatorSchema = z
  .strictObject({
    name: NonEmpty.describe("The authority that evaluated, e.g. 鹤岗市住房和城乡建设局."),
    code: NonEmpty.optional().describe("Its code, e.g. its unified social credit code or department code."),
  })
  .describe("Who evaluated.");

/**
 * Schema of one shared decision.
 * @category Decisions
 */
export const SharedDecisionSchema = z
  .strictObject({
    decisionId: NonEmpty.describe("The decision's id, unique for the evaluator."),
    subjectId: NonEmpty.describe("The subject's id, normally its unified social credit code."),
    evaluator: EvaluatorSchema,
    scheme: NonEmpty.describe("The grading scheme, e.g. hlj-property-services."),
    rulesetId: NonEmpty.describe("The ruleset's id."),
    version: NonEmpty.describe("The ruleset version."),
    contentHash: Hash.describe("The ruleset version's content hash."),
    libraryVersion: NonEmpty.describe("The credit-grading version that evaluated."),
    asOf: IsoDateSchema.describe("The evaluated period: its as-of date."),
    decidedAt: IsoDateSchema.describe("The decision date."),
    inputHash: Hash.describe("SHA-256 of the subject's canonical JSON, to match against the evaluator's copy."),
    grade: z.enum(GRADES).nullable().describe("The canonical grade A–E; null when not gradable."),
    label: z
      .string()
      .min(1)
      .nullable()
      .describe("The scheme's published label, e.g. 绿牌 or tax M; several labels may share a canonical grade (tax B and M are both B). Null exactly when the grade is."),
    class: z.enum(GRADE_CLASSES).nullable().describe("The credit class of the canonical grade (not of the label)."),
    score: z.number().nullable().describe("The total score; null when it could not be computed."),
    measures: z.array(NonEmpty).describe("Ids of the measures in force for the grade."),
    addedMeasures: z
      .array(z.strictObject({ id: NonEmpty, addedBy: NonEmpty.describe("The rule that added it.") }))
      .optional()
      .describe("Measures rules added whatever the grade, each with the rule (absent when none)."),
    cause: z.enum(["evaluation", "objection", "repair", "correction"]).describe("Why the decision was made."),
    supersedes: NonEmpty.optional().describe("The decision this one replaces."),
    note: z.string().optional().describe("A note, e.g. the objection's outcome."),
  })
  .describe("One decision, as shared.");

/**
 * Schema of a decision export, format version 1.
 * @category Decisions
 */
export const DecisionExportSchema = z
  .strictObject({
    format: z.literal(DECISION_EXPORT_FORMAT),
    formatVersion: z.literal(1),
    evaluator: EvaluatorSchema,
    records: z.array(SharedDecisionSchema),
  })
  .describe("Decision records shared with a credit platform (credit-grading/decisions, format version 1).");

/**
 * An evaluating authority.
 * @category Decisions
 */
export type Evaluator = z.infer<typeof EvaluatorSchema>;
/**
 * One shared decision.
 * @category Decisions
 */
export type SharedDecision = z.infer<typeof SharedDecisionSchema>;
/**
 * A decision export.
 * @category Decisions
 */
export type DecisionExport = z.infer<typeof DecisionExportSchema>;

/**
 * Options of {@link exportDecisions}.
 * @category Decisions
 */
export interface ExportOptions {
  /** Who evaluated: named in the export and on each record. */
  readonly evaluator: Evaluator;
}

/**
 * One problem found in an import.
 * @category Decisions
 */
export interface ImportIssue extends Issue<ImportIssueCode> {
  /** Where, e.g. `["records", 0, "grade"]`. */
  readonly path: readonly PathSegment[];
}

/**
 * `NOT_JSON`: the text does not parse; `SCHEMA_INVALID`: a value does not fit the format;
 * `INVALID_DATE`: a date that does not exist; `DUPLICATE_DECISION`: a decision id twice;
 * `DECIDED_BEFORE_PERIOD`: decidedAt before asOf; `OUTCOME_MISMATCH`: grade, label and class
 * do not agree (a label or class without a grade, or a class not the grade's);
 * `SUPERSEDES_ITSELF`: a decision supersedes itself, directly or through others of the export.
 * @category Decisions
 */
export type ImportIssueCode = "NOT_JSON" | "SCHEMA_INVALID" | "INVALID_DATE" | "DUPLICATE_DECISION" | "DECIDED_BEFORE_PERIOD" | "OUTCOME_MISMATCH" | "SUPERSEDES_ITSELF";

/**
 * An import failed; {@link DecisionImportError.issues} lists every problem at once.
 * @category Decisions
 */
export class DecisionImportError extends CreditGradingError {
  override name = "DecisionImportError";
  /** Every problem, each with its path. */
  readonly issues: readonly ImportIssue[];

  /**
   * @param issues - Every problem found.
   */
  constructor(issues: readonly ImportIssue[]) {
    super("DECISIONS_INVALID", [`invalid decision export (${issues.length} problem${issues.length === 1 ? "" : "s"})`, ...issues.map((i) => `  ${formatPath(i.path)}: ${i.message}`)].join("\n"));
    this.issues = issues;
  }
}

/**
 * `importDecisions` without throwing.
 * @category Decisions
 */
export type SafeImport = SafeResult<DecisionExport, DecisionImportError>;

/**
 * Exports decision records in the `credit-grading/decisions` format, version 1, in the order given.
 * @param records - Decision records, e.g. a year's decisions with their objection and repair successors.
 * @param options - `evaluator`: who evaluated.
 * @returns The export, a plain JSON value (`JSON.stringify` it to send).
 * @throws DecisionImportError (`DECISIONS_INVALID`) when the result would not import, e.g. an empty evaluator name.
 * @example
 * const out = exportDecisions([record], { evaluator: { name: "鹤岗市市场监督管理局" } });
 * out.records[0].grade; //=> "B"
 * importDecisions(JSON.stringify(out)).records.length; //=> 1
 * @category Decisions
 */
export function exportDecisions(records: Iterable<DecisionRecord>, options: ExportOptions): DecisionExport {
  const evaluator: Evaluator = { name: options.evaluator.name, ...(options.evaluator.code !== undefined ? { code: options.evaluator.code } : {}) };
  const out: DecisionExport = {
    format: DECISION_EXPORT_FORMAT,
    formatVersion: 1,
    evaluator,
    records: [...records].map(
      (r): SharedDecision => ({
        decisionId: r.decisionId,
        subjectId: r.subjectId,
        evaluator: { ...evaluator },
        scheme: r.ruleset.scheme,
        rulesetId: r.ruleset.id,
        version: r.ruleset.version,
        contentHash: r.ruleset.contentHash,
        libraryVersion: r.libraryVersion,
        asOf: r.asOf,
        decidedAt: r.decidedAt,
        inputHash: r.inputHash,
        grade: r.grade,
        label: r.label,
        class: r.class,
        score: r.score,
        measures: [...r.measures],
        ...(r.addedMeasures !== undefined && r.addedMeasures.length > 0 ? { addedMeasures: r.addedMeasures.map((m) => ({ id: m.id, addedBy: m.addedBy })) } : {}),
        cause: r.cause,
        ...(r.supersedes !== undefined ? { supersedes: r.supersedes } : {}),
        ...(r.note !== undefined ? { note: r.note } : {}),
      }),
    ),
  };
  const checked = safeImportDecisions(out);
  if (!checked.success) throw checked.error;
  return out;
}

/**
 * Validates a decision export and returns it typed, or every problem with its path.
 * @param json - The export: JSON text or a parsed value (untrusted).
 * @returns `{ success: true, data }` or `{ success: false, error }`.
 * @example
 * const r = safeImportDecisions({ format: "credit-grading/decisions", formatVersion: 1, evaluator: { name: "x" }, records: [{ grade: "F" }] });
 * r.success; //=> false
 * @category Decisions
 */
export function safeImportDecisions(json: unknown): SafeImport {
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json) as unknown;
    } catch (e) {
      return { success: false, error: new DecisionImportError([{ code: "NOT_JSON", path: [], severity: "error", message: `not JSON: ${(e as Error).message}` }]) };
    }
  }
  const parsed = DecisionExportSchema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i): ImportIssue => ({ code: "SCHEMA_INVALID", path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)), severity: "error", message: i.message }));
    return { success: false, error: new DecisionImportError(issues) };
  }
  const issues: ImportIssue[] = [];
  const seen = new Map<string, number>();
  parsed.data.records.forEach((r, i) => {
    for (const k of ["asOf", "decidedAt"] as const) {
      if (!isIsoDate(r[k])) issues.push({ code: "INVALID_DATE", path: ["records", i, k], severity: "error", message: `${r[k]} is not a calendar day` });
    }
    if (r.decidedAt < r.asOf) issues.push({ code: "DECIDED_BEFORE_PERIOD", path: ["records", i, "decidedAt"], severity: "error", message: `decided ${r.decidedAt}, before the evaluated period's as-of date ${r.asOf}` });
    // The class follows the canonical grade, whatever the label (tax M is 诚信守法 as B is).
    const expected = r.grade === null ? null : gradeClass(r.grade);
    if ((r.label === null) !== (r.grade === null)) issues.push({ code: "OUTCOME_MISMATCH", path: ["records", i, "label"], severity: "error", message: r.grade === null ? `label ${JSON.stringify(r.label)} without a grade` : `grade ${r.grade} without a label (the label is the grade letter where the scheme publishes none)` });
    if (r.class !== expected) issues.push({ code: "OUTCOME_MISMATCH", path: ["records", i, "class"], severity: "error", message: `class ${JSON.stringify(r.class)} does not go with grade ${JSON.stringify(r.grade)}; expected ${JSON.stringify(expected)}` });
    const first = seen.get(r.decisionId);
    if (first !== undefined) issues.push({ code: "DUPLICATE_DECISION", path: ["records", i, "decisionId"], severity: "error", message: `decision ${r.decisionId} already appears at records[${first}]` });
    else seen.set(r.decisionId, i);
  });
  // A decision superseding itself, directly or round a chain of the export's own decisions (a
  // duplicate id is reported above, not again here).
  parsed.data.records.forEach((r, i) => {
    if (seen.get(r.decisionId) !== i) return;
    const chain = [r.decisionId];
    for (let next = r.supersedes; next !== undefined && chain.length <= parsed.data.records.length; ) {
      chain.push(next);
      if (next === r.decisionId) {
        issues.push({ code: "SUPERSEDES_ITSELF", path: ["records", i, "supersedes"], severity: "error", message: `decision ${r.decisionId} supersedes itself: ${chain.join(" → ")}` });
        break;
      }
      const at = seen.get(next);
      next = at === undefined ? undefined : parsed.data.records[at]!.supersedes;
    }
  });
  return issues.length > 0 ? { success: false, error: new DecisionImportError(issues) } : { success: true, data: parsed.data };
}

/**
 * Validates a decision export and returns it typed.
 * @param json - The export: JSON text or a parsed value (untrusted).
 * @returns The export.
 * @throws DecisionImportError (`DECISIONS_INVALID`) listing every problem, each with its path.
 * @example
 * importDecisions('{"format":"credit-grading/decisions","formatVersion":1,"evaluator":{"name":"x"},"records":[]}').records; //=> []
 * @category Decisions
 */
export function importDecisions(json: unknown): DecisionExport {
  const r = safeImportDecisions(json);
  if (!r.success) throw r.error;
  return r.data;
}
