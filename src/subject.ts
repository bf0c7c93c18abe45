/**
 * Subjects (市场主体) and the checking of their input data against a ruleset's declared inputs.
 * @module
 */
import type { PathSegment } from "./diagnostic.js";
import { SubjectError, type SubjectIssue } from "./errors.js";
import type { InputDef } from "./ruleset-schema.js";

/** A market subject to grade: its id (normally the unified social credit code) and its inputs. */
export interface Subject {
  /** The subject's id, normally its 统一社会信用代码 (unified social credit code). */
  readonly id: string;
  /** The subject's name, for reports. */
  readonly name?: string | undefined;
  /** Input values by declared input id; `null` or absent means missing. */
  readonly inputs?: Readonly<Record<string, unknown>> | undefined;
}

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

/**
 * Compiles the check of whole subjects against a ruleset's declared inputs.
 * @param defs - The declared inputs.
 * @param strict - Whether an undeclared input is an error.
 * @returns A function that returns the subject typed, or throws a {@link SubjectError}
 * listing every problem, each with the subject, the field path and what was expected.
 * @example
 * compileSubjectCheck([{ id: "n", type: "number" }], false)({ id: "x", inputs: { n: "7" } });
 * // throws SubjectError: subject "x": $.inputs.n: expected a finite number, received "7"
 */
export function compileSubjectCheck(defs: readonly InputDef[], strict: boolean): (subject: unknown) => Subject {
  const checks = defs.map(compileInputCheck);
  const known = new Set(defs.map((d) => d.id));
  return (subject) => checkSubject(subject, checks, strict ? known : undefined);
}

function checkSubject(subject: unknown, checks: readonly InputCheck[], known: ReadonlySet<string> | undefined): Subject {
  if (subject === null || typeof subject !== "object" || Array.isArray(subject)) {
    throw new SubjectError(undefined, [{ code: "NOT_AN_OBJECT", path: [], expected: "an object with id and inputs", received: show(subject) }]);
  }
  const s = subject as Record<string, unknown>;
  const rawId = s["id"];
  const id = typeof rawId === "string" && rawId.length > 0 ? rawId : undefined;
  const issues: SubjectIssue[] = [];
  if (id === undefined) issues.push({ code: "MISSING_ID", path: ["id"], expected: "a non-empty string", received: show(rawId) });
  const inputs = s["inputs"];
  if (inputs !== undefined && (inputs === null || typeof inputs !== "object" || Array.isArray(inputs))) {
    issues.push({ code: "WRONG_TYPE", path: ["inputs"], expected: "an object of input values", received: show(inputs) });
  } else {
    const values = (inputs ?? {}) as Record<string, unknown>;
    for (const c of checks) {
      const v = Object.hasOwn(values, c.id) ? values[c.id] : undefined;
      const path: PathSegment[] = ["inputs", c.id];
      if (v === undefined || v === null) {
        if (c.def.required) issues.push({ code: "REQUIRED_MISSING", path, expected: `a value (input "${c.id}" is required)`, received: "nothing" });
        continue;
      }
      const issue = c.check(v);
      if (issue) issues.push({ ...issue, path });
    }
    for (const key of Object.keys(values)) {
      if (FORBIDDEN.has(key)) issues.push({ code: "FORBIDDEN_KEY", path: ["inputs", key], expected: "an input id", received: JSON.stringify(key) });
      else if (known !== undefined && !known.has(key)) {
        issues.push({ code: "UNKNOWN_FIELD", path: ["inputs", key], expected: "a declared input", received: JSON.stringify(key) });
      }
    }
  }
  if (issues.length > 0) throw new SubjectError(id, issues);
  return s as unknown as Subject;
}
