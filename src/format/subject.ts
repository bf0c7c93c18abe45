/**
 * Subjects (市场主体) and the checking of their input data against a ruleset's declared inputs.
 * @module
 */
import type { PathSegment } from "../base/diagnostic.js";
import { SubjectError, type SubjectIssue } from "../base/errors.js";
import { isIsoDate } from "../base/date.js";
import { type CreditRecord, type RecordFieldDef, type RecordTypeDef, RECORD_SEVERITIES, STANDARD_RECORD_FIELDS } from "./record.js";
import type { InputDef } from "./ruleset-schema.js";
import { type UsccMode, validateUscc } from "../base/uscc.js";

/** A market subject to grade: its id (normally the unified social credit code) and its inputs. */
export interface Subject {
  /** The subject's id, normally its 统一社会信用代码 (unified social credit code). */
  readonly id: string;
  /** The subject's name, for reports. */
  readonly name?: string | undefined;
  /** Input values by declared input id; `null` or absent means missing. */
  readonly inputs?: Readonly<Record<string, unknown>> | undefined;
  /** Dated credit records (penalties, list entries, commitments, …) of types the ruleset declares. */
  readonly records?: readonly CreditRecord[] | undefined;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null) as Record<string, unknown>);
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);

/** A compiled check of one declared input. */
export interface InputCheck {
  /** The input id. */
  readonly id: string;
  /** The declaration. */
  readonly def: InputDef;
  /** Returns an issue for a present value that does not fit, else `undefined`. */
  readonly check: (value: unknown) => Omit<SubjectIssue, "path"> | undefined;
}

const show = (v: unknown): string => {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null) return "null";
  return Array.isArray(v) ? "an array" : typeof v;
};

/**
 * Compiles the check of a declared input.
 * @param def - The input's declaration.
 * @returns The compiled check.
 * @example
 * compileInputCheck({ id: "n", type: "number", min: 0 }).check(-1)?.code; //=> "OUT_OF_RANGE"
 */
export function compileInputCheck(def: InputDef): InputCheck {
  const wrong = (expected: string, v: unknown): Omit<SubjectIssue, "path"> => ({ code: "WRONG_TYPE", expected, received: show(v) });
  let check: InputCheck["check"];
  switch (def.type) {
    case "number":
    case "score": {
      const { min, max } = def;
      const integer = def.type === "number" && def.integer === true;
      const range = `a number${min !== undefined ? ` >= ${min}` : ""}${min !== undefined && max !== undefined ? " and" : ""}${max !== undefined ? ` <= ${max}` : ""}`;
      check = (v) => {
        if (typeof v !== "number" || !Number.isFinite(v)) return wrong("a finite number", v);
        if (integer && !Number.isInteger(v)) return { code: "NOT_INTEGER", expected: "a whole number", received: show(v) };
        if ((min !== undefined && v < min) || (max !== undefined && v > max)) return { code: "OUT_OF_RANGE", expected: range, received: show(v) };
        return undefined;
      };
      break;
    }
    case "boolean":
      check = (v) => (typeof v === "boolean" ? undefined : wrong("true or false", v));
      break;
    case "category": {
      const values = new Set(def.values);
      const expected = `one of ${def.values.map((x) => JSON.stringify(x)).join(", ")}`;
      check = (v) => {
        if (typeof v !== "string") return wrong(expected, v);
        return values.has(v) ? undefined : { code: "UNKNOWN_CATEGORY", expected, received: show(v) };
      };
      break;
    }
  }
  return { id: def.id, def, check };
}

/** What a subject check needs to know of a ruleset. */
export interface SubjectRules {
  /** The declared inputs. */
  readonly inputs: readonly InputDef[];
  /** Whether an undeclared input or record field is an error. */
  readonly strictInputs?: boolean | undefined;
  /** The declared record types. */
  readonly recordTypes?: readonly RecordTypeDef[] | undefined;
  /**
   * A quicker check of the declared inputs that also fills the input values (the generated
   * kernel's `checkInputs`): when it returns true the inputs have no issue and the per-input
   * checks are skipped; when false they run and word the issues.
   */
  readonly fastInputs?: ((inputs: Readonly<Record<string, unknown>>, inputValues: unknown[]) => boolean) | undefined;
  /**
   * A quicker check of one record (the generated kernel's record check): true when the record
   * has no issue but perhaps a duplicate id; when false the full checks run and word the issues.
   */
  readonly fastRecord?: ((record: unknown) => boolean) | undefined;
  /** How subject ids are checked. */
  readonly subjectId?: { readonly format: "uscc"; readonly mode?: UsccMode | undefined; readonly allow?: readonly string[] | undefined } | undefined;
}

/**
 * Compiles the check of whole subjects against a ruleset's declared inputs and record types.
 * @param rules - The declared inputs, record types and id format.
 * @returns A function that returns the subject typed, or throws a {@link SubjectError}
 * (given an array as second argument, it also stores there the value of each declared input,
 * in declaration order, `undefined` when absent: the evaluator reads inputs once that way)
 * listing every problem, each with the subject, the field path and what was expected.
 * @example
 * compileSubjectCheck({ inputs: [{ id: "n", type: "number" }] })({ id: "x", inputs: { n: "7" } });
 * // throws SubjectError: subject "x": $.inputs.n: expected a finite number, received "7"
 */
export function compileSubjectCheck(rules: SubjectRules): (subject: unknown, inputValues?: unknown[]) => Subject {
  const checks = rules.inputs.map(compileInputCheck);
  const strict = rules.strictInputs === true;
  const known = strict ? new Set(rules.inputs.map((d) => d.id)) : undefined;
  const recordCheck = compileRecordCheck(rules.recordTypes ?? [], strict, strict ? undefined : rules.fastRecord);
  const idRule = rules.subjectId;
  const allow = idRule?.allow ? [...idRule.allow] : undefined;
  const idCheck = idRule
    ? (id: string): SubjectIssue | undefined => {
        const r = validateUscc(id, { mode: idRule.mode ?? "standard", ...(allow ? { allow } : {}) });
        return r.valid ? undefined : { code: "INVALID_ID", path: ["id"], expected: `a unified social credit code (${r.problem})`, received: r.message };
      }
    : undefined;
  // One issue list reused by every subject (checks call no host code, so they never nest);
  // a subject with issues gets its own copy in the error.
  const issues: SubjectIssue[] = [];
  const fast = rules.fastInputs;
  const full = (subject: unknown, inputValues?: unknown[]): Subject => checkSubject(subject, checks, fast, known, recordCheck, idCheck, inputValues, issues);
  const fastRecord = rules.fastRecord;
  if (fast === undefined || fastRecord === undefined || strict) return full;
  // With the generated checks, and not strict: a subject with no issue at all passes in one go
  // (no issue list, no per-record closure); anything else gets the full check, which words the issues.
  return (subject, inputValues) => {
    if (inputValues === undefined || !passes(subject, inputValues)) return full(subject, inputValues);
    return subject as Subject;
  };

  // True when the full check would find no issue (and the input values are read).
  function passes(subject: unknown, inputValues: unknown[]): boolean {
    if (subject === null || typeof subject !== "object" || Array.isArray(subject)) return false;
    const s = subject as Record<string, unknown>;
    const id = s["id"];
    if (typeof id !== "string" || id.length === 0 || (idCheck !== undefined && idCheck(id) !== undefined)) return false;
    let inputs = s["inputs"];
    if (inputs === undefined) inputs = EMPTY;
    else if (inputs === null || typeof inputs !== "object" || Array.isArray(inputs)) return false;
    const values = inputs as Record<string, unknown>;
    if (!fast!(values, inputValues) || hasForbiddenKey(values)) return false;
    const records = s["records"];
    if (records === undefined) return true;
    // Duplicate ids by a scan of those before: few records per subject; many go to the full check.
    if (!Array.isArray(records) || records.length > 32) return false;
    for (let i = 0; i < records.length; i++) {
      const r: unknown = records[i];
      if (!fastRecord!(r)) return false;
      const rid = (r as CreditRecord).id;
      for (let j = 0; j < i; j++) if ((records[j] as CreditRecord).id === rid) return false;
    }
    return true;
  }
}

type RecordCheck = (records: unknown, issues: SubjectIssue[]) => void;

function compileRecordCheck(types: readonly RecordTypeDef[], strict: boolean, fast: SubjectRules["fastRecord"]): RecordCheck {
  const byType = new Map(
    types.map((t) => [
      t.id,
      {
        fields: (t.fields ?? []).map((f) => ({ f, check: compileFieldCheck(f) })),
        known: new Set<string>([...STANDARD_RECORD_FIELDS, ...(t.fields ?? []).map((f) => f.id)]),
        severityRequired: t.severity === "required",
      },
    ]),
  );
  const typeList = types.map((t) => JSON.stringify(t.id)).join(", ") || "(none declared)";
  // The ids seen so far, reused by every subject: a scan of the few seen, a set once there are many.
  const seen: string[] = [];
  let seenSet: Set<string> | undefined;
  const noteId = (id: string, i: number, issues: SubjectIssue[]): void => {
    const dup = seenSet !== undefined ? seenSet.has(id) : seen.includes(id);
    if (dup) issues.push({ code: "DUPLICATE_RECORD", path: ["records", i, "id"], expected: "a record id unique for the subject", received: JSON.stringify(id) });
    else if (seenSet !== undefined) seenSet.add(id);
    else if (seen.push(id) > 16) seenSet = new Set(seen);
  };
  return (records, issues) => {
    if (records === undefined) return;
    if (!Array.isArray(records)) {
      issues.push({ code: "WRONG_TYPE", path: ["records"], expected: "an array of credit records", received: show(records) });
      return;
    }
    // Plain loops and no per-record closures: this runs for every record of every subject.
    // (Setting an array's length is a runtime call: only when there is something to drop.)
    if (seen.length !== 0) seen.length = 0;
    seenSet = undefined;
    for (let i = 0; i < records.length; i++) {
      const rec: unknown = records[i];
      // The generated check passes a record with no issue (but perhaps a duplicate id).
      if (fast !== undefined && fast(rec)) {
        noteId((rec as CreditRecord).id, i, issues);
        continue;
      }
      if (rec === null || typeof rec !== "object" || Array.isArray(rec)) {
        issues.push({ code: "WRONG_TYPE", path: ["records", i], expected: "a credit record object", received: show(rec) });
        continue;
      }
      const r = rec as Record<string, unknown>;
      const id = r["id"];
      if (typeof id !== "string" || id === "") issues.push({ code: "MISSING_ID", path: ["records", i, "id"], expected: "a non-empty string", received: show(id) });
      else noteId(id, i, issues);
      const rawType = r["type"];
      const type = typeof rawType === "string" ? byType.get(rawType) : undefined;
      // A subject's archive holds records of many types; one ruleset reads only its own. An
      // undeclared type is left out (and listed as such) unless the ruleset is strict.
      if (typeof rawType !== "string" || rawType === "") {
        issues.push({ code: "WRONG_TYPE", path: ["records", i, "type"], expected: "a record type", received: show(rawType) });
      } else if (!type && strict) {
        issues.push({ code: "UNKNOWN_RECORD_TYPE", path: ["records", i, "type"], expected: `one of ${typeList}`, received: show(rawType) });
      }
      if (!isIsoDate(r["date"])) issues.push({ code: "WRONG_TYPE", path: ["records", i, "date"], expected: "a date YYYY-MM-DD", received: show(r["date"]) });
      for (const k of LIFETIME_DATES) {
        const v = r[k];
        if (v !== undefined && v !== null && !isIsoDate(v)) issues.push({ code: "WRONG_TYPE", path: ["records", i, k], expected: "a date YYYY-MM-DD", received: show(v) });
      }
      const sev = r["severity"];
      if (sev !== undefined && sev !== null && !(RECORD_SEVERITIES as readonly unknown[]).includes(sev)) {
        issues.push({ code: "UNKNOWN_CATEGORY", path: ["records", i, "severity"], expected: `one of ${RECORD_SEVERITIES.join(", ")}`, received: show(sev) });
      } else if ((sev === undefined || sev === null) && type?.severityRequired) {
        issues.push({ code: "REQUIRED_MISSING", path: ["records", i, "severity"], expected: `one of ${RECORD_SEVERITIES.join(", ")} (this record type requires a severity)`, received: "nothing" });
      }
      // Not strict, only forbidden keys matter: look for them before listing the keys.
      if (strict || hasForbiddenKey(r)) {
        for (const key of Object.keys(r)) {
          if (FORBIDDEN.has(key)) issues.push({ code: "FORBIDDEN_KEY", path: ["records", i, key], expected: "a record field", received: JSON.stringify(key) });
          else if (strict && type && !type.known.has(key)) issues.push({ code: "UNKNOWN_FIELD", path: ["records", i, key], expected: "a declared record field", received: JSON.stringify(key) });
        }
      }
      if (!type) continue;
      for (const { f, check } of type.fields) {
        const v = Object.hasOwn(r, f.id) ? r[f.id] : undefined;
        if (v === undefined || v === null) {
          if (f.required) issues.push({ code: "REQUIRED_MISSING", path: ["records", i, f.id], expected: `a value (field "${f.id}" is required)`, received: "nothing" });
          continue;
        }
        const issue = check(v);
        if (issue) issues.push({ ...issue, path: ["records", i, f.id] });
      }
    }
  };
}

const LIFETIME_DATES = ["repairedAt", "revokedAt", "publicUntil"] as const;

const hasForbiddenKey = (o: object): boolean => Object.hasOwn(o, "__proto__") || Object.hasOwn(o, "constructor") || Object.hasOwn(o, "prototype");

function compileFieldCheck(f: RecordFieldDef): (v: unknown) => Omit<SubjectIssue, "path"> | undefined {
  switch (f.type) {
    case "number":
      return compileInputCheck({ id: f.id, type: "number" }).check;
    case "boolean":
      return compileInputCheck({ id: f.id, type: "boolean" }).check;
    case "category":
      return compileInputCheck({ id: f.id, type: "category", values: f.values ?? [] }).check;
    case "date":
      return (v) => (isIsoDate(v) ? undefined : { code: "WRONG_TYPE", expected: "a date YYYY-MM-DD", received: show(v) });
    case "string":
      return (v) => (typeof v === "string" ? undefined : { code: "WRONG_TYPE", expected: "a string", received: show(v) });
  }
}

function checkSubject(
  subject: unknown,
  checks: readonly InputCheck[],
  fast: SubjectRules["fastInputs"],
  known: ReadonlySet<string> | undefined,
  recordCheck: RecordCheck,
  idCheck: ((id: string) => SubjectIssue | undefined) | undefined,
  inputValues: unknown[] | undefined,
  issues: SubjectIssue[],
): Subject {
  if (subject === null || typeof subject !== "object" || Array.isArray(subject)) {
    throw new SubjectError(undefined, [{ code: "NOT_AN_OBJECT", path: [], expected: "an object with id and inputs", received: show(subject) }]);
  }
  const s = subject as Record<string, unknown>;
  const rawId = s["id"];
  const id = typeof rawId === "string" && rawId.length > 0 ? rawId : undefined;
  if (issues.length !== 0) issues.length = 0;
  if (id === undefined) issues.push({ code: "MISSING_ID", path: ["id"], expected: "a non-empty string", received: show(rawId) });
  else if (idCheck) {
    const bad = idCheck(id);
    if (bad) issues.push(bad);
  }
  const inputs = s["inputs"];
  if (inputs !== undefined && (inputs === null || typeof inputs !== "object" || Array.isArray(inputs))) {
    issues.push({ code: "WRONG_TYPE", path: ["inputs"], expected: "an object of input values", received: show(inputs) });
  } else {
    const values = (inputs ?? EMPTY) as Record<string, unknown>;
    // The generated check says "no issue" (and has read the values) or the loop looks closer.
    if (fast === undefined || inputValues === undefined || !fast(values, inputValues)) for (let i = 0; i < checks.length; i++) {
      const c = checks[i]!;
      const v = Object.hasOwn(values, c.id) ? values[c.id] : undefined;
      // The evaluator reads each declared input once, here.
      if (inputValues !== undefined) inputValues[i] = v;
      if (v === undefined || v === null) {
        if (c.def.required) issues.push({ code: "REQUIRED_MISSING", path: ["inputs", c.id], expected: `a value (input "${c.id}" is required)`, received: "nothing" });
        continue;
      }
      const issue = c.check(v);
      if (issue) issues.push({ ...issue, path: ["inputs", c.id] satisfies PathSegment[] });
    }
    if (known !== undefined || hasForbiddenKey(values)) for (const key of Object.keys(values)) {
      if (FORBIDDEN.has(key)) issues.push({ code: "FORBIDDEN_KEY", path: ["inputs", key], expected: "an input id", received: JSON.stringify(key) });
      else if (known !== undefined && !known.has(key)) {
        issues.push({ code: "UNKNOWN_FIELD", path: ["inputs", key], expected: "a declared input", received: JSON.stringify(key) });
      }
    }
  }
  recordCheck(s["records"], issues);
  if (issues.length > 0) {
    const list = issues.slice();
    issues.length = 0;
    throw new SubjectError(id, list);
  }
  return s as unknown as Subject;
}
