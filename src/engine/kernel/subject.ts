/**
 * Reading and checking a subject (主体数据校验), written once in the kernel language: the
 * subject's shape and id, each declared input against its declaration, undeclared and
 * forbidden keys, and each credit record against its declared type. `check` reads and checks;
 * `read` only reads (for subjects a host has validated). Both read own properties only.
 * @module
 */
import type { PathSegment } from "../../base/diagnostic.js";
import { RECORD_SEVERITIES, type RecordFieldDef, STANDARD_RECORD_FIELDS } from "../../format/record.js";
import type { InputDef } from "../../format/input.js";
import { MAX_SUBJECT_DEPTH } from "../../format/subject.js";
import { usccProblem, validateUscc } from "../../base/uscc.js";
import { subjectIssue } from "../../base/errors.js";
import { historyIssues } from "../history.js";
import { type Expr, type Fn, s, type Stmt, variable, x } from "../codegen/ir.js";
import { type CheckedValueDef, DATE_EXPECTED, expectedOf, showValue } from "../issues.js";
import type { KernelState } from "../state.js";
import { EMPTY_INPUTS } from "../state.js";
import { isComputed } from "./computed.js";
import { field, HELPERS, type KernelContext, setField } from "./context.js";

const FORBIDDEN = ["__proto__", "constructor", "prototype"] as const;
const LIFETIME_DATES = ["repairedAt", "revokedAt", "publicUntil"] as const;

/**
 * Status of a kernel run: the subject was read (and passed its checks).
 * @category Grading
 */
export const OK = 0;
/**
 * Status of a kernel run: the subject has issues (in the state).
 * @category Grading
 */
export const INVALID = 1;

const notObject = (v: Expr): Expr => x.or(x.bin("===", v, x.lit(null)), x.not(x.typeIs(v, "object")), x.call(HELPERS.isArray, v));

/**
 * The statements checking one present value against its declaration, raising at the sites of
 * its path: the same tests, in the same order, for inputs and record fields.
 * @param k - The kernel context.
 * @param def - The declaration.
 * @param v - The value (present: neither undefined nor null).
 * @param st - The state.
 * @param head - The path of the value (before the record index for a record field).
 * @param tail - For a record field, the path after the record index.
 * @param index - For a record field, the record index.
 * @returns The statements.
 * @category Grading
 */
export function valueChecks(k: KernelContext, def: CheckedValueDef, v: Expr, st: Expr, head: readonly PathSegment[], tail?: readonly PathSegment[], index?: Expr): Stmt[] {
  const expected = expectedOf(def);
  const at = (code: "WRONG_TYPE" | "NOT_INTEGER" | "OUT_OF_RANGE" | "UNKNOWN_CATEGORY"): Stmt =>
    k.raise(st, k.sites.add(code, head, expected[code], tail), v, index);
  switch (def.type) {
    case "number":
    case "score": {
      const range: Expr[] = [];
      if (def.min !== undefined) range.push(x.bin("<", v, x.lit(def.min)));
      if (def.max !== undefined) range.push(x.bin(">", v, x.lit(def.max)));
      const inRange: Stmt[] = range.length === 0 ? [] : [s.if(x.or(...range), [at("OUT_OF_RANGE")])];
      const integer = def.type === "number" && def.integer === true;
      return [
        s.if(
          x.or(x.not(x.typeIs(v, "number")), x.not(x.call(HELPERS.isFinite, v))),
          [at("WRONG_TYPE")],
          integer ? [s.if(x.not(x.call(HELPERS.isInteger, v)), [at("NOT_INTEGER")], inRange)] : inRange,
        ),
      ];
    }
    case "boolean":
      return [s.if(x.not(x.typeIs(v, "boolean")), [at("WRONG_TYPE")])];
    case "category":
      return [s.if(x.not(x.typeIs(v, "string")), [at("WRONG_TYPE")], [s.switch(v, [{ is: def.values, body: [] }], [at("UNKNOWN_CATEGORY")])])];
    case "date":
      return [s.if(x.not(x.call(HELPERS.isIsoDate, v)), [at("WRONG_TYPE")])];
    case "string":
      return [s.if(x.not(x.typeIs(v, "string")), [at("WRONG_TYPE")])];
  }
}

/**
 * The module functions `check(S, st)` and `read(S, st)` and, when the ruleset declares record
 * types or facts, `checkRecords(records, st)`.
 * @param k - The kernel context.
 * @returns The functions.
 * @category Grading
 */
export function subjectFns(k: KernelContext): Fn[] {
  return [checkFn(k), readFn(k), checkRecordsFn(k)];
}

function readFn(k: KernelContext): Fn {
  const S = variable("S");
  const st = variable("st");
  const pS = variable("pS");
  const inputs = variable("inputs");
  const pI = variable("pI");
  const ST = x.ref(st);
  const body: Stmt[] = [
    s.set(pS, x.isPlain(x.ref(S))),
    setField(ST, "id", x.own(x.ref(S), "id", x.ref(pS))),
    s.set(inputs, x.own(x.ref(S), "inputs", x.ref(pS))),
    s.if(x.isNil(x.ref(inputs)), [s.set(inputs, x.ext("EMPTY", EMPTY_INPUTS))]),
    setField(ST, "inputs", x.ref(inputs)),
    setField(ST, "records", x.own(x.ref(S), "records", x.ref(pS))),
    ...(readsHistory(k) ? [setField(ST, "history", x.own(x.ref(S), "history", x.ref(pS)))] : []),
    s.set(pI, x.isPlain(x.ref(inputs))),
    ...readInputs(k, x.ref(inputs), x.ref(pI), field(ST, "iv"), ST, false),
    s.return(x.lit(OK)),
  ];
  return { name: "read", params: [S, st], body };
}

// Each declared input read into iv (and checked, with `check`).
function readInputs(k: KernelContext, inputs: Expr, pI: Expr, iv: Expr, st: Expr, check: boolean): Stmt[] {
  return k.plan.inputs.flatMap((def, i): Stmt[] => {
    const v = variable("v");
    // A computed input is not read from the subject (engine/kernel/computed.ts writes its slot);
    // a subject that supplies one is rejected rather than silently overruled.
    if (isComputed(def)) return check ? [s.set(v, x.own(inputs, def.id, pI)), s.if(x.bin("!==", x.ref(v), x.lit(undefined)), [k.raise(st, k.sites.add("FORBIDDEN_KEY", ["inputs", def.id], `nothing: input "${def.id}" is computed by the ruleset`), x.ref(v))])] : [];
    const read = [s.set(v, x.own(inputs, def.id, pI)), s.put(iv, i, x.ref(v))];
    if (!check) return read;
    const missing = def.required === true ? [k.raise(st, k.sites.add("REQUIRED_MISSING", ["inputs", def.id], `a value (input "${def.id}" is required)`), x.ref(v))] : [];
    return [...read, s.if(x.isNil(x.ref(v)), missing, valueChecks(k, def, x.ref(v), st, ["inputs", def.id]))];
  });
}

function checkFn(k: KernelContext): Fn {
  const { plan } = k;
  const S = variable("S");
  const st = variable("st");
  const pS = variable("pS");
  const id = variable("id");
  const inputs = variable("inputs");
  const pI = variable("pI");
  const iv = variable("iv");
  const records = variable("records");
  const history = variable("history");
  const ST = x.ref(st);
  const idRule = plan.ruleset.subjectId;
  const idCheck: Stmt[] = idRule === undefined ? [] : [s.do(x.call(x.ext("checkId", usccCheck(idRule)), ST, x.ref(id)))];
  const inputChecks: Stmt[] = [
    s.set(pI, x.isPlain(x.ref(inputs))),
    ...readInputs(k, x.ref(inputs), x.ref(pI), x.ref(iv), ST, true),
    s.do(x.call(x.ext("keyIssues", keyIssues(plan.ruleset.strictInputs === true ? new Set(plan.inputs.map((d) => d.id)) : undefined)), ST, x.ref(inputs))),
  ];
  const body: Stmt[] = [
    s.do(x.call(x.ext("reset", resetIssues), ST)),
    s.set(iv, field(ST, "iv")),
    s.if(notObject(x.ref(S)), [setField(ST, "id", x.lit(undefined)), k.raise(ST, k.sites.add("NOT_AN_OBJECT", [], "an object with id and inputs"), x.ref(S)), s.return(x.lit(INVALID))]),
    s.set(pS, x.isPlain(x.ref(S))),
    s.set(id, x.own(x.ref(S), "id", x.ref(pS))),
    s.if(
      x.or(x.not(x.typeIs(x.ref(id), "string")), x.bin("===", x.ref(id), x.lit(""))),
      [k.raise(ST, k.sites.add("MISSING_ID", ["id"], "a non-empty string"), x.ref(id)), setField(ST, "id", x.lit(undefined))],
      [setField(ST, "id", x.ref(id)), ...idCheck],
    ),
    s.do(x.call(x.ext("nesting", nestingIssue), ST, x.ref(S))),
    s.set(inputs, x.own(x.ref(S), "inputs", x.ref(pS))),
    s.if(
      x.bin("===", x.ref(inputs), x.lit(undefined)),
      [s.set(inputs, x.ext("EMPTY", EMPTY_INPUTS)), ...inputChecks],
      [
        s.if(
          notObject(x.ref(inputs)),
          [k.raise(ST, k.sites.add("WRONG_TYPE", ["inputs"], "an object of input values"), x.ref(inputs)), s.set(inputs, x.ext("EMPTY", EMPTY_INPUTS))],
          inputChecks,
        ),
      ],
    ),
    setField(ST, "inputs", x.ref(inputs)),
    s.set(records, x.own(x.ref(S), "records", x.ref(pS))),
    setField(ST, "records", x.ref(records)),
    s.if(x.bin("!==", x.ref(records), x.lit(undefined)), [s.do(x.call(x.fn("checkRecords"), x.ref(records), ST))]),
    ...(readsHistory(k) ? [s.set(history, x.own(x.ref(S), "history", x.ref(pS))), setField(ST, "history", x.ref(history)), s.do(x.call(x.ext("checkHistory", checkHistory), ST, x.ref(history)))] : []),
    s.return(x.cond(x.bin("===", x.get(field(ST, "issues"), "length"), x.lit(0)), x.lit(OK), x.lit(INVALID))),
  ];
  return { name: "check", params: [S, st], body };
}

function checkRecordsFn(k: KernelContext): Fn {
  const { plan } = k;
  const strict = plan.ruleset.strictInputs === true;
  const records = variable("records");
  const st = variable("st");
  const n = variable("n");
  const i = variable("i");
  const r = variable("r");
  const pR = variable("pR");
  const id = variable("id");
  const t = variable("t");
  const d = variable("d");
  const v = variable("v");
  const sev = variable("sev");
  const ST = x.ref(st);
  const I = x.ref(i);
  const R = x.ref(r);
  const own = (key: string): Expr => x.own(R, key, x.ref(pR));
  const types = [...new Map(plan.recordTypes.map((tp) => [tp.id, tp])).values()];
  const typeList = types.map((tp) => JSON.stringify(tp.id)).join(", ") || "(none declared)";
  const severities = `one of ${RECORD_SEVERITIES.join(", ")}`;
  const site = (code: Parameters<KernelContext["sites"]["add"]>[0], tail: readonly PathSegment[], expected: string): number => k.sites.add(code, ["records"], expected, tail);
  const typeCheck: Stmt[] = strict
    ? [s.switch(x.ref(t), types.length === 0 ? [] : [{ is: types.map((tp) => tp.id), body: [] }], [k.raise(ST, site("UNKNOWN_RECORD_TYPE", ["type"], `one of ${typeList}`), x.ref(t), I)])]
    : [];
  const severityRequired = types.filter((tp) => tp.severity === "required").map((tp) => x.bin("===", x.ref(t), x.lit(tp.id)));
  const fieldChecks = (f: RecordFieldDef): Stmt[] => {
    const fv = variable("f");
    const missing = f.required === true ? [k.raise(ST, site("REQUIRED_MISSING", [f.id], `a value (field "${f.id}" is required)`), x.ref(fv), I)] : [];
    const def: CheckedValueDef = f.type === "category" ? { id: f.id, type: "category", values: f.values ?? [] } : { id: f.id, type: f.type };
    return [s.set(fv, own(f.id)), s.if(x.isNil(x.ref(fv)), missing, valueChecks(k, def, x.ref(fv), ST, ["records"], [f.id], I))];
  };
  const known = new Map(types.map((tp) => [tp.id, new Set<string>([...STANDARD_RECORD_FIELDS, ...(tp.fields ?? []).map((f) => f.id)])]));
  const loop: Stmt[] = [
    s.set(r, x.at(x.ref(records), I)),
    s.if(notObject(R), [k.raise(ST, site("WRONG_TYPE", [], "a credit record object"), R, I), s.continue()]),
    s.set(pR, x.isPlain(R)),
    s.set(id, own("id")),
    s.if(
      x.or(x.not(x.typeIs(x.ref(id), "string")), x.bin("===", x.ref(id), x.lit(""))),
      [k.raise(ST, site("MISSING_ID", ["id"], "a non-empty string"), x.ref(id), I)],
      [s.do(x.call(x.ext("noteId", noteRecordId), ST, x.ref(id), I, x.lit(site("DUPLICATE_RECORD", ["id"], "a record id unique for the subject")), x.ext("sites", k.sites.list)))],
    ),
    s.set(t, own("type")),
    s.if(x.or(x.not(x.typeIs(x.ref(t), "string")), x.bin("===", x.ref(t), x.lit(""))), [k.raise(ST, site("WRONG_TYPE", ["type"], "a record type"), x.ref(t), I)], typeCheck),
    s.set(d, own("date")),
    s.if(x.not(x.call(HELPERS.isIsoDate, x.ref(d))), [k.raise(ST, site("WRONG_TYPE", ["date"], DATE_EXPECTED), x.ref(d), I)]),
    ...LIFETIME_DATES.flatMap((key) => [
      s.set(v, own(key)),
      s.if(x.and(x.not(x.isNil(x.ref(v))), x.not(x.call(HELPERS.isIsoDate, x.ref(v)))), [k.raise(ST, site("WRONG_TYPE", [key], DATE_EXPECTED), x.ref(v), I)]),
    ]),
    s.set(sev, own("severity")),
    s.if(
      x.isNil(x.ref(sev)),
      severityRequired.length === 0 ? [] : [s.if(x.or(...severityRequired), [k.raise(ST, site("REQUIRED_MISSING", ["severity"], `${severities} (this record type requires a severity)`), x.ref(sev), I)])],
      [s.switch(x.ref(sev), [{ is: RECORD_SEVERITIES, body: [] }], [k.raise(ST, site("UNKNOWN_CATEGORY", ["severity"], severities), x.ref(sev), I)])],
    ),
    s.do(x.call(x.ext("recordKeyIssues", recordKeyIssues(strict ? known : undefined)), ST, R, I, x.ref(t))),
    s.switch(
      x.ref(t),
      types.filter((tp) => (tp.fields?.length ?? 0) > 0).map((tp) => ({ is: [tp.id], body: (tp.fields ?? []).flatMap(fieldChecks) })),
    ),
  ];
  return {
    name: "checkRecords",
    params: [records, st],
    body: [
      s.if(x.not(x.call(HELPERS.isArray, x.ref(records))), [k.raise(ST, k.sites.add("WRONG_TYPE", ["records"], "an array of credit records"), x.ref(records)), s.return()]),
      s.do(x.call(x.ext("resetIds", resetIds), ST)),
      s.set(n, x.get(x.ref(records), "length")),
      s.for(i, x.ref(n), loop),
    ],
  };
}

// ------------------------------------------------------------------ helpers the kernel calls

// Only a ruleset with history facts reads (and checks) the subject's earlier results.
const readsHistory = (k: KernelContext): boolean => (k.plan.facts?.history.length ?? 0) > 0;

function checkHistory(st: KernelState, history: unknown): void {
  for (const issue of historyIssues(history)) st.issues.push(issue);
}

function resetIssues(st: KernelState): void {
  if (st.issues.length !== 0) st.issues.length = 0;
}

function resetIds(st: KernelState): void {
  st.seenCount = 0;
  st.seenSet = undefined;
}

// A record id seen before in the same subject is a duplicate: a scan of the few seen, a set past 16.
function noteRecordId(st: KernelState, id: string, index: number, site: number, sites: readonly { code: "DUPLICATE_RECORD"; head: PathSegment[]; tail: PathSegment[]; expected: string }[]): void {
  let dup = false;
  if (st.seenSet !== undefined) dup = st.seenSet.has(id);
  else for (let i = 0; i < st.seenCount && !dup; i++) dup = st.seen[i] === id;
  if (dup) {
    const at = sites[site]!;
    st.issues.push(subjectIssue("DUPLICATE_RECORD", [...at.head, index, ...at.tail], at.expected, JSON.stringify(id)));
  } else if (st.seenSet !== undefined) st.seenSet.add(id);
  else if (st.seenCount < 16) st.seen[st.seenCount++] = id;
  else st.seenSet = new Set([...st.seen, id]);
}

// Data nested deeper than MAX_SUBJECT_DEPTH anywhere in the subject: one issue, at the first such
// value found — each container's values checked in order, then its containers entered, the last
// first. Nothing below the limit is visited, so the recursion is at most MAX_SUBJECT_DEPTH deep
// (a subject that refers to itself stops there too). Values are read with Object.values and a
// path is built only for the value found: within the limit the walk allocates one array of
// values per container (a for-in with own-property tests, a stack and a path per container were
// ≈ 5 % of a scorecard subject's CPU).
function nestingIssue(st: KernelState, subject: object): void {
  const found = pastLimit(subject, 1);
  if (found !== undefined) {
    st.issues.push(subjectIssue("NESTING_TOO_DEEP", found.path, `data nested at most ${MAX_SUBJECT_DEPTH} levels deep`, `an ${found.array ? "array" : "object"} at level ${found.level}`));
  }
}

interface PastLimit {
  readonly path: PathSegment[];
  readonly array: boolean;
  readonly level: number;
}

// The first value past the limit under `o` (itself at level `depth`), as nestingIssue finds it.
function pastLimit(o: object, depth: number): PastLimit | undefined {
  const values: unknown[] = Object.values(o);
  let last = -1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "object" || v === null) continue;
    if (depth + 1 > MAX_SUBJECT_DEPTH) return { path: [keyAt(o, i)], array: Array.isArray(v), level: depth + 1 };
    last = i;
  }
  for (let i = last; i >= 0; i--) {
    const v = values[i];
    if (typeof v !== "object" || v === null) continue;
    const found = pastLimit(v, depth + 1);
    if (found !== undefined) {
      found.path.unshift(keyAt(o, i));
      return found;
    }
  }
  return undefined;
}

// The key of the i-th own enumerable value (a number in an array; a proxy may answer the two
// calls differently, hence the fallback).
function keyAt(o: object, i: number): PathSegment {
  const key = Object.keys(o)[i] ?? String(i);
  return Array.isArray(o) ? Number(key) : key;
}

const hasForbiddenKey = (o: object): boolean => Object.hasOwn(o, "__proto__") || Object.hasOwn(o, "constructor") || Object.hasOwn(o, "prototype");

// Forbidden keys always, undeclared inputs when strict (`known` given): listed in key order.
function keyIssues(known: ReadonlySet<string> | undefined): (st: KernelState, inputs: object) => void {
  return (st, inputs) => {
    if (known === undefined && !hasForbiddenKey(inputs)) return;
    for (const key of Object.keys(inputs)) {
      if ((FORBIDDEN as readonly string[]).includes(key)) st.issues.push(subjectIssue("FORBIDDEN_KEY", ["inputs", key], "an input id", JSON.stringify(key)));
      else if (known !== undefined && !known.has(key)) st.issues.push(subjectIssue("UNKNOWN_FIELD", ["inputs", key], "a declared input", JSON.stringify(key)));
    }
  };
}

// The same for a record: forbidden keys always, undeclared fields of a declared type when strict.
function recordKeyIssues(known: ReadonlyMap<string, ReadonlySet<string>> | undefined): (st: KernelState, r: object, index: number, type: unknown) => void {
  return (st, r, index, type) => {
    if (known === undefined && !hasForbiddenKey(r)) return;
    const fields = typeof type === "string" ? known?.get(type) : undefined;
    for (const key of Object.keys(r)) {
      if ((FORBIDDEN as readonly string[]).includes(key)) st.issues.push(subjectIssue("FORBIDDEN_KEY", ["records", index, key], "a record field", JSON.stringify(key)));
      else if (fields !== undefined && !fields.has(key)) st.issues.push(subjectIssue("UNKNOWN_FIELD", ["records", index, key], "a declared record field", JSON.stringify(key)));
    }
  };
}

function usccCheck(rule: { readonly mode?: "strict" | "standard" | "lenient" | undefined; readonly allow?: readonly string[] | undefined }): (st: KernelState, id: string) => void {
  const allow = rule.allow ? [...rule.allow] : undefined;
  const mode = rule.mode ?? "standard";
  return (st, id) => {
    // A valid code as given (the common case) is checked without allocating; anything else is
    // normalised and checked again by validateUscc, which words the issue.
    if (usccProblem(id, mode) === undefined) return;
    const r = validateUscc(id, { mode, ...(allow ? { allow } : {}) });
    if (!r.valid) st.issues.push(subjectIssue("INVALID_ID", ["id"], `a unified social credit code (${r.problem})`, r.message));
  };
}

/** Re-exported for the evaluation's messages: how a received value is shown. */
export { showValue };
/**
 * Declared inputs, as the kernel reads them.
 * @category Grading
 */
export type { InputDef };
