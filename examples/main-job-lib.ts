/**
 * The main job, as a pure function: grade every subject of an NDJSON batch with the public
 * composite ruleset (公共信用综合评价), then grade the property-service subjects with the
 * industry ruleset (行业信用评价), feeding each one's public composite score in as the
 * industry ruleset's `score` input (Hegang plan 三(一)3, R3). No row is ever dropped: every
 * line comes out as an evaluation (graded or not gradable) or as a rejection with its reason.
 *
 * Subjects carry one archive of dated credit records (信用记录). Each ruleset is given the
 * records of the types it declares; a record of a type that no ruleset of the job declares is
 * passed on, so the ruleset rejects the row rather than the job silently dropping the record.
 *
 * No I/O here: the caller reads the files (see `main-job.ts`) and prints `text`.
 * @module
 */
import {
  CLASS_NAMES,
  compileLabelScale,
  compileRuleset,
  type CompiledRuleset,
  describeEffect,
  type Evaluation,
  type Grade,
  gradeClass,
  type IndicatorLeafDef,
  type IndicatorNodeDef,
  isGroup,
  SubjectError,
  validateUscc,
} from "../src/index.js";

/** The default as-of date of the example evaluation. */
export const DEFAULT_AS_OF = "2025-12-31";
/** The industry tag of the subjects the industry ruleset grades. */
export const INDUSTRY_TAG = "property-services";
/** The industry ruleset's input that receives the public composite score. */
export const PUBLIC_SCORE_INPUT = "publicCompositeScore";

/** Options of {@link runMainJob}. */
export interface MainJobOptions {
  /** The public composite ruleset document (parsed JSON). */
  readonly publicRuleset: unknown;
  /** The industry ruleset document (parsed JSON). */
  readonly industryRuleset: unknown;
  /** The subjects, NDJSON text: one JSON object a line. */
  readonly ndjson: string;
  /** The as-of date; default {@link DEFAULT_AS_OF}. */
  readonly asOf?: string;
  /** Where the data came from, for the report header. */
  readonly source?: string;
  /** How many rejections to show in the text; default 3. */
  readonly showRejections?: number;
}

/** A row that could not be evaluated, and why. */
export interface Rejection {
  /** The 1-based line number in the NDJSON input. */
  readonly line: number;
  /** The subject's id, when it had one. */
  readonly subjectId: string | undefined;
  /** A stable code: `NOT_JSON`, `USCC_INVALID`, `SUBJECT_INVALID`, `PUBLIC_COMPOSITE_REJECTED`, … */
  readonly code: string;
  /** What was wrong, for a person. */
  readonly reason: string;
}

/** One evaluated row. */
export interface RowResult {
  /** The 1-based line number in the NDJSON input. */
  readonly line: number;
  /** The subject's name, when it had one. */
  readonly name: string | undefined;
  /** The evaluation (graded or not gradable). */
  readonly evaluation: Evaluation;
}

/** One line of a grade distribution: one published label of the scheme (several may share a grade). */
export interface DistributionRow {
  /** The canonical grade. */
  readonly grade: Grade;
  /** The scheme's label (e.g. AAA). */
  readonly label: string;
  /** The credit class, in Chinese (诚信守法 …). */
  readonly className: string;
  /** How many rows got it. */
  readonly count: number;
  /** Its share of all rows offered to the ruleset, in percent. */
  readonly percent: number;
}

/** What one ruleset did with the batch. */
export interface RulesetRun {
  /** `id@version`. */
  readonly ruleset: string;
  /** The ruleset's Chinese name. */
  readonly title: string;
  /** Rows offered to this ruleset. */
  readonly rows: number;
  /** Every evaluation, graded or not, in input order. */
  readonly results: readonly RowResult[];
  /** Every rejected row, in input order. */
  readonly rejections: readonly Rejection[];
  /** Count and share of each grade. */
  readonly distribution: readonly DistributionRow[];
  /** How many evaluations were not gradable. */
  readonly notGradable: number;
}

/** The report of {@link runMainJob}. */
export interface MainJobReport {
  /** The as-of date used. */
  readonly asOf: string;
  /** Non-empty input lines. */
  readonly inputLines: number;
  /** The public composite run (every line). */
  readonly publicComposite: RulesetRun;
  /** The industry run (property-service lines only). */
  readonly industry: RulesetRun;
}

interface ParsedLine {
  readonly line: number;
  readonly raw: unknown;
  readonly error?: Rejection;
}

/**
 * Runs the example main job over an NDJSON batch.
 * @param opts - The two rulesets, the data and the as-of date.
 * @returns The report and its text for a person.
 * @example
 * const { report, text } = runMainJob({ publicRuleset, industryRuleset, ndjson });
 * report.publicComposite.results.length + report.publicComposite.rejections.length === report.inputLines; //=> true
 */
export function runMainJob(opts: MainJobOptions): { report: MainJobReport; text: string } {
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  const pub = compileRuleset(opts.publicRuleset, "public composite ruleset");
  const ind = compileRuleset(opts.industryRuleset, "industry ruleset");
  const lines = _parseLines(opts.ndjson);

  // Stage 1: every line through the public composite ruleset.
  const pubResults: RowResult[] = [];
  const pubRejections: Rejection[] = [];
  const pubByLine = new Map<number, Evaluation | Rejection>();
  for (const l of lines) {
    const out = l.error ?? _evaluate(pub, l, asOf, undefined);
    if ("code" in out) pubRejections.push(out);
    else pubResults.push(out);
    pubByLine.set(l.line, "code" in out ? out : out.evaluation);
  }

  // Stage 2: industry subjects, with the public composite score of stage 1 as their `score` input.
  const indResults: RowResult[] = [];
  const indRejections: Rejection[] = [];
  let indRows = 0;
  for (const l of lines) {
    if (l.error || !_isIndustry(l.raw)) continue;
    indRows++;
    const first = pubByLine.get(l.line)!;
    if ("code" in first) {
      indRejections.push({ ...first, code: "PUBLIC_COMPOSITE_REJECTED", reason: `the public composite evaluation rejected the row (${first.code}: ${first.reason})` });
      continue;
    }
    const out = _evaluate(ind, l, asOf, first.score);
    if ("code" in out) indRejections.push(out);
    else indResults.push(out);
  }

  const report: MainJobReport = {
    asOf,
    inputLines: lines.length,
    publicComposite: _summarise(pub, lines.length, pubResults, pubRejections),
    industry: _summarise(ind, indRows, indResults, indRejections),
  };
  const text = _render(report, pub, ind, opts.source, opts.showRejections ?? 3);
  return { report, text };
}

function _parseLines(ndjson: string): ParsedLine[] {
  const out: ParsedLine[] = [];
  ndjson.split(/\r?\n/).forEach((text, i) => {
    if (text.trim() === "") return;
    const line = i + 1;
    try {
      out.push({ line, raw: JSON.parse(text) as unknown });
    } catch (e) {
      out.push({ line, raw: undefined, error: { line, subjectId: undefined, code: "NOT_JSON", reason: `not JSON: ${(e as Error).message}` } });
    }
  });
  return out;
}

const _isIndustry = (raw: unknown): boolean =>
  raw !== null && typeof raw === "object" && (raw as { industry?: unknown }).industry === INDUSTRY_TAG;

function _evaluate(
  compiled: CompiledRuleset,
  l: ParsedLine,
  asOf: string,
  publicScore: number | null | undefined,
): RowResult | Rejection {
  const raw = l.raw as { id?: unknown; name?: unknown; inputs?: unknown; records?: unknown } | null;
  const id = raw !== null && typeof raw === "object" && typeof raw.id === "string" ? raw.id : undefined;
  const name = raw !== null && typeof raw === "object" && typeof raw.name === "string" ? raw.name : undefined;
  // The library keys subjects by any non-empty id; this job insists on a valid USCC (R6).
  if (id !== undefined) {
    const u = validateUscc(id);
    if (!u.valid) return { line: l.line, subjectId: id, code: "USCC_INVALID", reason: u.message };
  }
  let subject: unknown = raw;
  if (raw !== null && typeof raw === "object") {
    // Every ruleset gets the whole archive: it reads the record types it declares and lists the rest as UNDECLARED_TYPE.
    const copy: Record<string, unknown> = { ...raw };
    if (publicScore !== undefined) {
      const inputs = raw.inputs !== null && typeof raw.inputs === "object" ? raw.inputs : {};
      copy["inputs"] = { ...inputs, [PUBLIC_SCORE_INPUT]: publicScore };
    }
    subject = copy;
  }
  const r = compiled.safeEvaluate(subject, { asOf });
  if (r.success) return { line: l.line, name, evaluation: r.data };
  const reason = r.error instanceof SubjectError ? r.error.message.replace(/^subject [^:]*: /, "") : r.error.message;
  return { line: l.line, subjectId: id, code: r.error.code, reason };
}

function _summarise(compiled: CompiledRuleset, rows: number, results: RowResult[], rejections: Rejection[]): RulesetRun {
  // One row per published label, in the scheme's order (a grade without a label as its letter).
  const scale = compileLabelScale(compiled.ruleset.labels).entries;
  const counts = new Map<string, number>();
  let notGradable = 0;
  for (const r of results) {
    const { grade, label } = r.evaluation;
    if (grade === null) notGradable++;
    else counts.set(`${grade} ${label}`, (counts.get(`${grade} ${label}`) ?? 0) + 1);
  }
  const pct = (n: number): number => (rows === 0 ? 0 : Math.round((n / rows) * 1000) / 10);
  return {
    ruleset: `${compiled.ref.id}@${compiled.ref.version}`,
    title: compiled.ruleset.name.zh,
    rows,
    results,
    rejections,
    distribution: scale.map(({ grade, label }) => ({
      grade,
      label,
      className: CLASS_NAMES[gradeClass(grade)].zh,
      count: counts.get(`${grade} ${label}`) ?? 0,
      percent: pct(counts.get(`${grade} ${label}`) ?? 0),
    })),
    notGradable,
  };
}

// ------------------------------------------------------------------ text

const BAR_WIDTH = 40;
const COL = 22;

function _render(report: MainJobReport, pub: CompiledRuleset, ind: CompiledRuleset, source: string | undefined, showRejections: number): string {
  const out: string[] = [];
  out.push(`信用分级分类监管 main job: as of ${report.asOf}, ${report.inputLines} input lines${source ? ` from ${source}` : ""}`);
  out.push("");
  _renderRun(out, report.publicComposite, pub, "every subject", showRejections);
  out.push("");
  _renderRun(out, report.industry, ind, `${INDUSTRY_TAG} subjects, public composite score fed in as "${PUBLIC_SCORE_INPUT}"`, showRejections);
  return out.join("\n") + "\n";
}

function _renderRun(out: string[], run: RulesetRun, compiled: CompiledRuleset, scope: string, showRejections: number): void {
  out.push(`== ${run.title} (${run.ruleset}) ==`);
  out.push(`Grade distribution (等级分布), ${run.rows} rows: ${scope}`);
  const max = Math.max(1, ...run.distribution.map((d) => d.count));
  const pct = (n: number): string => `${(run.rows === 0 ? 0 : (n / run.rows) * 100).toFixed(1).padStart(5)}%`;
  for (const d of run.distribution) {
    const bar = "█".repeat(Math.round((d.count / max) * BAR_WIDTH));
    const label = d.label === d.grade ? d.grade : `${d.label} (${d.grade})`;
    out.push(`  ${_pad(`${_pad(label, 8)}${d.className}`, COL)}${String(d.count).padStart(5)} ${pct(d.count)}  ${bar}`);
  }
  out.push(`  ${_pad("不予评价 not gradable", COL)}${String(run.notGradable).padStart(5)} ${pct(run.notGradable)}`);
  out.push(`  ${_pad("拒收 rejected", COL)}${String(run.rejections.length).padStart(5)} ${pct(run.rejections.length)}`);
  out.push(`  ${_pad("合计 total", COL)}${String(run.rows).padStart(5)} ${pct(run.rows)}`);
  out.push(`Rejected rows: ${run.rejections.length}${run.rejections.length > showRejections ? ` (first ${showRejections} shown)` : ""}`);
  for (const r of run.rejections.slice(0, showRejections)) {
    out.push(`  line ${r.line} ${r.subjectId ?? "(no id)"}: ${r.code}: ${_short(r.reason, 110)}`);
  }
  out.push("Explained subjects:");
  for (const r of _pickExamples(run.results)) _explain(out, r, compiled);
}

function _pickExamples(results: readonly RowResult[]): RowResult[] {
  const picked: RowResult[] = [];
  const hasMissing = (r: RowResult): boolean => r.evaluation.indicators.some((i) => i.missing !== null);
  const leftOut = (r: RowResult): boolean => r.evaluation.excludedRecords.some((x) => x.reason !== "UNDECLARED_TYPE");
  const overriding = new Set(["set-grade", "not-gradable"]);
  // A rule of this kind fired and decided something: a cap or floor under a direct judgment shows nothing.
  const fired = (type: string) => (r: RowResult): boolean =>
    r.evaluation.rules.some((o) => o.fired && o.effect.type === type) &&
    (overriding.has(type) || !r.evaluation.rules.some((o) => o.fired && overriding.has(o.effect.type)));
  const take = (pool: RowResult[], ...prefer: ((r: RowResult) => boolean)[]): void => {
    const free = pool.filter((r) => !picked.includes(r));
    const first = prefer.reduce<RowResult | undefined>((found, p) => found ?? free.find(p), undefined) ?? free[0];
    if (first) picked.push(first);
  };
  const graded = (...grades: string[]): RowResult[] => results.filter((r) => grades.includes(r.evaluation.grade ?? ""));
  // The range of grades (a good subject with records left out, a middling one with missing data,
  // a bad one), then one subject for each kind of rule that fired, so every effect is shown once.
  take(graded("A"), leftOut);
  take(graded("C", "D", "B"), (r) => hasMissing(r) && leftOut(r), hasMissing);
  take(graded("E", "D"), (r) => !r.evaluation.rules.some((o) => o.fired));
  for (const type of ["set-grade", "cap", "floor", "adjust-points", "not-gradable"]) {
    const changed = (r: RowResult): boolean => r.evaluation.grade !== r.evaluation.scoreGrade;
    if (!picked.some(fired(type))) take(results.filter(fired(type)), (r) => changed(r) && leftOut(r), changed);
  }
  return picked;
}

function _explain(out: string[], r: RowResult, compiled: CompiledRuleset): void {
  const e = r.evaluation;
  const labelName = compiled.ruleset.labels?.find((l) => l.label === e.label)?.name?.zh ?? "";
  out.push(`  ${e.subjectId} ${r.name ?? ""} (line ${r.line})`);
  const grade = e.grade === null ? "none (不予评价)" : `${e.label} (canonical ${e.grade}, ${e.class === null ? "" : CLASS_NAMES[e.class].zh})${labelName ? ` · ${labelName}` : ""}`;
  const how = e.decidedBy === "score" ? (e.scoreGrade !== e.grade ? `, score grade ${e.scoreGrade}` : "") : `, decided by ${e.decidedBy}${e.scoreGrade !== null ? ` (score grade ${e.scoreGrade})` : ""}`;
  out.push(`    grade ${grade}, score ${e.score ?? "-"} / ${compiled.ruleset.scale.max}${e.adjustment !== 0 ? ` (incl. ${e.adjustment} by rules)` : ""}${how}`);
  const reasons = e.reasons.slice(0, 3).map((x) => `${x.indicator} ${x.name.zh} −${x.pointsLost}`);
  out.push(`    top reasons: ${reasons.length > 0 ? reasons.join("; ") : "none (full marks)"}`);
  const onMissing = _onMissingById(compiled.ruleset.indicators);
  for (const i of e.indicators.filter((x) => x.missing !== null)) {
    const missingInputs = Object.entries(i.values).filter(([, v]) => v === null).map(([k]) => k).join(", ");
    const how = onMissing.get(i.id);
    const treatment = i.missing === "imputed" && how !== undefined && typeof how === "object" ? `imputed ${JSON.stringify(how.impute)}` : i.missing;
    out.push(`    missing ${missingInputs} → ${i.id}: ${treatment}, scored ${i.score ?? "-"} of ${i.outOf}`);
  }
  const scale = compileLabelScale(compiled.ruleset.labels);
  for (const o of e.rules.filter((x) => x.fired)) {
    const facts = Object.entries(o.facts).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
    out.push(`    rule ${o.id} → ${describeEffect(o.effect, scale).en}: ${o.reason.zh} [${facts}]`);
  }
  const declared = e.excludedRecords.filter((x) => x.reason !== "UNDECLARED_TYPE");
  const shown = declared.slice(0, 4);
  for (const x of shown) out.push(`    left out ${x.recordId} ${x.type} ${x.date}: ${x.reason} since ${x.since}`);
  if (declared.length > shown.length) out.push(`    … and ${declared.length - shown.length} more records left out`);
  const other = e.excludedRecords.length - declared.length;
  if (other > 0) out.push(`    ${other} record${other === 1 ? "" : "s"} of types this ruleset does not read`);
}


function _onMissingById(nodes: readonly IndicatorNodeDef[], into = new Map<string, IndicatorLeafDef["onMissing"]>()): Map<string, IndicatorLeafDef["onMissing"]> {
  for (const n of nodes) {
    if (isGroup(n)) _onMissingById(n.children, into);
    else into.set(n.id, n.onMissing);
  }
  return into;
}

// Pads by display width: CJK characters take two columns in a terminal.
function _pad(s: string, width: number): string {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return s + " ".repeat(Math.max(0, width - w));
}

const _short = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
