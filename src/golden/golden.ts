/**
 * Golden cases run against a compiled ruleset: each case's subject is evaluated on its as-of
 * date and every field its `expect` names is compared. The same comparison serves the
 * `credit-grading test` command, the shipped rulesets' tests and hosts.
 * @module
 */
import type { Issue } from "../base/diagnostic.js";
import { canonicalJson } from "../base/hash.js";
import { GoldenFileSchema, type GoldenCase } from "../format/golden.js";
import type { CompiledRuleset, Evaluation } from "../engine/types.js";

/**
 * Why a golden-case file could not be run: `GOLDEN_INVALID`, a file that does not fit the
 * golden-case format (its path points into the file).
 * @category Golden cases
 */
export type GoldenIssueCode = "GOLDEN_INVALID";

/**
 * One field of a case whose actual value differs from the expected one.
 * @category Golden cases
 */
export interface GoldenMismatch {
  /** The field of `expect`, e.g. `grade` or `ruleFacts.serious-dishonesty-list`. */
  readonly field: string;
  /** What the case expects. */
  readonly expected: unknown;
  /** What grading gave (`undefined` when the subject was rejected). */
  readonly actual: unknown;
}

/**
 * What grading actually gave for a case, in brief.
 * @category Golden cases
 */
export interface GoldenActual {
  /** The grade (`null` when not gradable). */
  readonly grade: string | null;
  /** The published label. */
  readonly label: string | null;
  /** The total score. */
  readonly score: number | null;
  /** How the grade was decided. */
  readonly decidedBy: Evaluation["decidedBy"];
  /** The ids of the rules that fired. */
  readonly firedRules: readonly string[];
}

/**
 * The outcome of one golden case.
 * @category Golden cases
 */
export interface GoldenOutcome {
  /** The case's position in its file (0-based). */
  readonly index: number;
  /** The case's name. */
  readonly name: string;
  /** The as-of date it was evaluated on. */
  readonly asOf: string;
  /** Whether every expected field matched. */
  readonly passed: boolean;
  /** Every field that differs (empty when passed). */
  readonly mismatches: readonly GoldenMismatch[];
  /** What grading gave, or `undefined` when the subject was rejected. */
  readonly actual: GoldenActual | undefined;
  /** Why the subject was rejected (the library's error message), when it was. */
  readonly rejected?: string;
}

/**
 * The outcome of a golden-case file.
 * @category Golden cases
 */
export interface GoldenReport {
  /** The ruleset the cases ran against, `id@version`. */
  readonly ruleset: string;
  /** `true` when the file fits the format and every case passed. */
  readonly passed: boolean;
  /** Every case, in file order (empty when the file does not fit the format). */
  readonly cases: readonly GoldenOutcome[];
  /** How many cases failed. */
  readonly failed: number;
  /** Problems with the file itself (a case that does not fit the format), with JSON paths. */
  readonly issues: readonly Issue<GoldenIssueCode>[];
}

/**
 * Runs golden cases against a compiled ruleset and reports each case, with every field that
 * differs. Pure: the cases are data (a parsed `*.golden.json`), nothing is read or written.
 * A file that does not fit the golden-case format runs no case and reports `GOLDEN_INVALID`
 * issues; a case whose subject is rejected fails with the rejection's message.
 * @param compiled - The compiled ruleset.
 * @param cases - The parsed golden-case file (untrusted).
 * @returns The report.
 * @example
 * const report = runGoldenCases(compileRuleset(rulesetJson), JSON.parse(goldenText));
 * report.passed; //=> true
 * @category Golden cases
 */
export function runGoldenCases(compiled: CompiledRuleset, cases: unknown): GoldenReport {
  const ruleset = `${compiled.ref.id}@${compiled.ref.version}`;
  const parsed = GoldenFileSchema.safeParse(cases);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({
      code: "GOLDEN_INVALID" as const,
      path: i.path.map((p) => (typeof p === "number" ? p : String(p))),
      message: i.message,
      severity: "error" as const,
    }));
    return { ruleset, passed: false, cases: [], failed: 0, issues };
  }
  const outcomes = parsed.data.map((c, index) => runCase(compiled, c, index));
  const failed = outcomes.filter((o) => !o.passed).length;
  return { ruleset, passed: failed === 0, cases: outcomes, failed, issues: [] };
}

function runCase(compiled: CompiledRuleset, c: GoldenCase, index: number): GoldenOutcome {
  const base = { index, name: c.name, asOf: c.asOf };
  const result = compiled.safeEvaluate(c.subject, { asOf: c.asOf, ...(c.trace === true ? { trace: true } : {}) });
  if (!result.success) {
    return { ...base, passed: false, mismatches: [{ field: "grade", expected: c.expect.grade, actual: undefined }], actual: undefined, rejected: result.error.message };
  }
  const r = result.data;
  const fired = r.rules.filter((o) => o.fired);
  const mismatches = compare(c.expect, r, fired);
  const actual: GoldenActual = { grade: r.grade, label: r.label, score: r.score, decidedBy: r.decidedBy, firedRules: fired.map((o) => o.id) };
  return { ...base, passed: mismatches.length === 0, mismatches, actual };
}

const sorted = (xs: readonly string[]): string[] => [...xs].sort();
const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);

function compare(want: GoldenCase["expect"], r: Evaluation, fired: Evaluation["rules"]): GoldenMismatch[] {
  const out: GoldenMismatch[] = [];
  const check = (field: string, expected: unknown, actual: unknown): void => {
    if (expected !== undefined && !same(expected, actual)) out.push({ field, expected, actual });
  };
  check("grade", want.grade, r.grade);
  // Not gradable means no grade and at least one reason why.
  if (want.grade === null && (r.gradable || r.notGradable.length === 0)) out.push({ field: "gradable", expected: false, actual: r.gradable });
  check("gradable", want.gradable, r.gradable);
  check("label", want.label, r.label);
  check("score", want.score, r.score);
  check("decidedBy", want.decidedBy, r.decidedBy);
  check("scoreGrade", want.scoreGrade, r.scoreGrade);
  check("adjustment", want.adjustment, r.adjustment);
  if (want.firedRules !== undefined) check("firedRules", sorted(want.firedRules), sorted(fired.map((o) => o.id)));
  for (const [id, facts] of Object.entries(want.ruleFacts ?? {})) {
    const outcome = fired.find((o) => o.id === id);
    check(`ruleFacts.${id}`, facts, outcome === undefined ? "(did not fire)" : { ...outcome.facts });
  }
  for (const [id, value] of Object.entries(want.facts ?? {})) {
    check(`facts.${id}`, value, Object.hasOwn(r.facts, id) ? r.facts[id] : undefined);
  }
  if (want.excluded !== undefined) check("excluded", sorted(want.excluded), sorted(r.excludedRecords.map((x) => `${x.recordId}:${x.reason}`)));
  if (want.measures !== undefined) check("measures", sorted(want.measures), sorted(r.measures.map((m) => m.id)));
  if (want.addedMeasures !== undefined) check("addedMeasures", want.addedMeasures, r.addedMeasures.map((m) => m.id));
  if (want.outputs !== undefined) check("outputs", want.outputs, r.outputs.map((o) => o.id));
  if (want.sampling !== undefined) check("sampling", want.sampling, r.sampling === null ? null : { ...r.sampling.ratio });
  return out;
}
