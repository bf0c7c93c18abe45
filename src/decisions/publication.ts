/**
 * Publishing results (信用信息公开) under a scheme's publication policy (`publication` of the
 * ruleset, format/publication.ts): only schemes that say their results are public are published,
 * only the fields the scheme lets out leave the regulator, and a published result carries its
 * publicity period (公示期) in working days and the day it takes effect.
 * @module
 */
import { addWorkingDays, type WorkCalendar } from "../base/calendar.js";
import { addDays, isIsoDate } from "../base/date.js";
import { CreditGradingError } from "../base/errors.js";
import type { CompiledRuleset, Evaluation } from "../engine/types.js";
import { DEFAULT_PUBLIC_FIELDS, type PublicationDef, type PublicField } from "../format/publication.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import type { DecisionRecord } from "./decision.js";

/**
 * A result as published: who and when, the publicity period when the decision date is known,
 * and the fields the scheme lets out (the others are absent).
 * @category Decisions
 */
export interface PublicResult {
  /** The subject's id. */
  readonly subjectId: string;
  /** The scheme. */
  readonly scheme: string;
  /** The ruleset version that graded. */
  readonly version: string;
  /** The evaluated period's as-of date. */
  readonly asOf: string;
  /** The decision (publication) date, when known. */
  readonly decidedAt?: string;
  /** The last day of the publicity period (公示期), when the scheme has one and the decision date is known. */
  readonly publicityEnds?: string;
  /** The day the result takes effect: the day after the publicity period (or after the decision). */
  readonly effectiveFrom?: string;
  /** The published fields. */
  readonly [field: string]: unknown;
}

/**
 * Options of {@link publicResult} and {@link publishResults}.
 * @category Decisions
 */
export interface PublishOptions {
  /** The working-day calendar of the publicity period; default the shipped national one. */
  readonly calendar?: WorkCalendar;
  /** The decision date of an evaluation (a decision record carries its own). */
  readonly decidedAt?: string;
}

type Result = Evaluation | DecisionRecord;

const isRecord = (r: Result): r is DecisionRecord => "decisionId" in r;

// Each public field as it is published, from an evaluation or a decision record.
const FIELD: Readonly<Record<PublicField, (r: Result) => unknown>> = {
  grade: (r) => r.grade,
  label: (r) => r.label,
  class: (r) => r.class,
  score: (r) => r.score,
  scoreGrade: (r) => (isRecord(r) ? undefined : r.scoreGrade),
  decidedBy: (r) => r.decidedBy,
  measures: (r) => (isRecord(r) ? r.measures : r.measures.map((m) => m.id)),
  addedMeasures: (r) => (r.addedMeasures ?? []).map((m) => ({ id: m.id, addedBy: m.addedBy })),
  outputs: (r) => r.outputs ?? [],
  reasons: (r) => r.reasons.map((x) => ({ indicator: x.indicator, pointsLost: x.pointsLost })),
  rulesFired: (r) => (isRecord(r) ? r.rulesFired.map((x) => x.id) : r.rules.filter((x) => x.fired).map((x) => x.id)),
};

/**
 * A result as the scheme lets it be published.
 * @param result - An evaluation or a decision record.
 * @param ruleset - The ruleset that graded it (its publication policy is read; the version must match).
 * @param options - The calendar, and the decision date of an evaluation.
 * @returns The published result.
 * @throws CreditGradingError (`NOT_PUBLIC`) when the scheme's results are not public, it states no policy, or it publishes only other labels ({@link whyWithheld} says which); (`INVALID_OPTIONS`) when the ruleset is another version or `decidedAt` is not a date.
 * @example
 * publicResult(record, tax).effectiveFrom; //=> the day after 7 working days of publicity
 * @category Decisions
 */
export function publicResult(result: Evaluation | DecisionRecord, ruleset: Ruleset | CompiledRuleset, options: PublishOptions = {}): PublicResult {
  const doc = _docOf("publicResult", result, ruleset);
  const why = _withheld(result, doc);
  if (why !== undefined) throw new CreditGradingError("NOT_PUBLIC", `subject ${result.subjectId}: ${why}`);
  return _published(result, doc.publication!, options);
}

// A result its scheme's policy lets out (checked by the caller), as published.
function _published(result: Result, policy: PublicationDef, options: PublishOptions): PublicResult {
  const decidedAt = isRecord(result) ? result.decidedAt : options.decidedAt;
  if (decidedAt !== undefined && !isIsoDate(decidedAt)) throw new CreditGradingError("INVALID_OPTIONS", `decidedAt must be a date YYYY-MM-DD, received ${JSON.stringify(decidedAt)}`);
  const out: Record<string, unknown> = { subjectId: result.subjectId, scheme: result.ruleset.scheme, version: result.ruleset.version, asOf: result.asOf };
  if (decidedAt !== undefined) {
    const n = policy.publicityWorkingDays ?? 0;
    out["decidedAt"] = decidedAt;
    const ends = n > 0 ? addWorkingDays(decidedAt, n, options.calendar) : undefined;
    if (ends !== undefined) out["publicityEnds"] = ends;
    out["effectiveFrom"] = addDays(ends ?? decidedAt, 1);
  }
  for (const f of policy.fields ?? DEFAULT_PUBLIC_FIELDS) {
    const v = FIELD[f](result);
    if (v !== undefined) out[f] = v;
  }
  return out as PublicResult;
}

/**
 * Why a result may not be published under its scheme's policy, or `undefined` when it may: the
 * scheme states no policy, does not publish, or publishes only some labels (the tax A list) and
 * this result has another or none. The reason names the scheme, never the subject.
 * @param result - An evaluation or a decision record.
 * @param ruleset - The ruleset that graded it (its publication policy is read; the version must match).
 * @returns The reason, or `undefined`.
 * @throws CreditGradingError (`INVALID_OPTIONS`) when the ruleset is another version.
 * @example
 * whyWithheld(taxB, tax); //=> "cn-tax-credit@1.1.0 publishes only results labelled A, D: this one is labelled B"
 * @category Decisions
 */
export function whyWithheld(result: Evaluation | DecisionRecord, ruleset: Ruleset | CompiledRuleset): string | undefined {
  return _withheld(result, _docOf("whyWithheld", result, ruleset));
}

// The ruleset document, which must be the version that graded the result.
function _docOf(fn: string, result: Result, ruleset: Ruleset | CompiledRuleset): Ruleset {
  const doc = "evaluate" in ruleset ? ruleset.ruleset : ruleset;
  if (doc.id !== result.ruleset.id || doc.version !== result.ruleset.version) {
    throw new CreditGradingError("INVALID_OPTIONS", `${fn}: the result was graded by ${result.ruleset.id}@${result.ruleset.version}, not ${doc.id}@${doc.version}`);
  }
  return doc;
}

// The reason a result of `doc` (the version that graded it) is withheld, if it is.
function _withheld(result: Result, doc: Ruleset): string | undefined {
  const policy: PublicationDef | undefined = doc.publication;
  const basis = policy?.basis ? ` (${policy.basis})` : "";
  if (policy === undefined) return `${doc.id}@${doc.version} states no publication policy`;
  if (!policy.public) return `${doc.id}@${doc.version} does not publish its results${basis}`;
  if (policy.labels === undefined || (result.label !== null && policy.labels.includes(result.label))) return undefined;
  const has = result.label === null ? "this one is not gradable" : `this one is labelled ${result.label}`;
  return `${doc.id}@${doc.version} publishes only results labelled ${policy.labels.join(", ")}: ${has}`;
}

/**
 * Publishes a batch: each result its scheme lets out as {@link publicResult} gives it, every other
 * one listed as withheld with why (none is dropped).
 * @param results - Evaluations or decision records.
 * @param rulesets - The rulesets that graded them (matched by id and version).
 * @param options - The calendar, and the decision date of evaluations.
 * @returns The published results and the withheld ones, each in input order with its index.
 * @example
 * const { published, withheld } = publishResults([taxRecord, samrRecord], [tax, samr]);
 * withheld[0]?.reason; //=> "samr-credit-risk@1.1.0 does not publish its results (…)"
 * @category Decisions
 */
export function publishResults(
  results: readonly (Evaluation | DecisionRecord)[],
  rulesets: readonly (Ruleset | CompiledRuleset)[],
  options: PublishOptions = {},
): { readonly published: readonly PublicResult[]; readonly withheld: readonly { readonly index: number; readonly subjectId: string; readonly reason: string }[] } {
  const byKey = new Map(rulesets.map((r) => ("evaluate" in r ? r.ruleset : r)).map((d) => [`${d.id}@${d.version}`, d]));
  const published: PublicResult[] = [];
  const withheld: { index: number; subjectId: string; reason: string }[] = [];
  results.forEach((r, index) => {
    const key = `${r.ruleset.id}@${r.ruleset.version}`;
    const doc = byKey.get(key);
    if (doc === undefined) {
      withheld.push({ index, subjectId: r.subjectId, reason: `${key} was not given, so its publication policy is unknown` });
      return;
    }
    const reason = _withheld(r, doc);
    if (reason === undefined) published.push(_published(r, doc.publication!, options));
    else withheld.push({ index, subjectId: r.subjectId, reason });
  });
  return { published, withheld };
}
