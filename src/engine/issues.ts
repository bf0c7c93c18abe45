/**
 * How a subject's problems are worded (主体数据问题): each place the kernel checks a value is a
 * site with its code, its JSON path and what was expected, prepared once; at run time the
 * kernel names the site and the value found, and {@link raiseIssue} words the issue.
 * @module
 */
import { MAX_DATE, MIN_DATE } from "../base/date.js";
import type { PathSegment } from "../base/diagnostic.js";
import { type SubjectIssue, subjectIssue } from "../base/errors.js";
import type { InputDef } from "../format/input.js";

/** What a date must be, in issues and errors. */
export const DATE_EXPECTED = `a date YYYY-MM-DD from ${MIN_DATE} to ${MAX_DATE}`;

/**
 * A place where the kernel checks a subject value.
 * @category Grading
 */
export interface IssueSite {
  /** The issue's code. */
  readonly code: SubjectIssue["code"];
  /** The path before the record index (or the whole path when there is none). */
  readonly head: readonly PathSegment[];
  /** The path after the record index, if the site is in a record. */
  readonly tail: readonly PathSegment[] | undefined;
  /** What was expected. */
  readonly expected: string;
}

/**
 * The issue list a kernel run fills (reused from subject to subject).
 * @category Grading
 */
export interface IssueList {
  /** The issues found so far. */
  readonly issues: SubjectIssue[];
}

/**
 * The sites of one compiled ruleset, numbered as the kernel names them.
 * @category Grading
 */
export class IssueSites {
  /** Every site, by number. */
  readonly list: IssueSite[] = [];

  /**
   * Adds a site.
   * @param code - The issue's code.
   * @param head - The path (before the record index for a record site).
   * @param expected - What was expected.
   * @param tail - For a record site, the path after the record index.
   * @returns The site's number.
   */
  add(code: SubjectIssue["code"], head: readonly PathSegment[], expected: string, tail?: readonly PathSegment[]): number {
    this.list.push({ code, head, tail, expected });
    return this.list.length - 1;
  }
}

/**
 * Words one issue and adds it to the list.
 * @param list - The run's issue list.
 * @param site - The site.
 * @param value - The value found there (`undefined` for "nothing").
 * @param index - The record's index, for a record site.
 * @category Grading
 */
export function raiseIssue(list: IssueList, site: IssueSite, value: unknown, index: number): void {
  const path = site.tail === undefined ? site.head : [...site.head, index, ...site.tail];
  list.issues.push(subjectIssue(site.code, path, site.expected, site.code === "REQUIRED_MISSING" ? "nothing" : showValue(value)));
}

/**
 * A value as an issue shows what was received: a short JSON string, a number, `null`, or its kind.
 * @param v - The value.
 * @returns Short text.
 * @example
 * showValue("seven"); //=> '"seven"'
 * showValue([1]); //=> "an array"
 * @category Grading
 */
export function showValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v === null) return "null";
  return Array.isArray(v) ? "an array" : typeof v;
}

/**
 * A declared value as the checks see it: an input, or a record field.
 * @category Grading
 */
export type CheckedValueDef =
  | InputDef
  | { readonly id: string; readonly type: "date" | "string"; readonly required?: boolean | undefined };

/**
 * What a value of a declaration is expected to be, by issue code.
 * @param def - The declaration.
 * @returns The wording of each issue the checks can raise for it.
 * @example
 * expectedOf({ id: "n", type: "number", min: 0 }).OUT_OF_RANGE; //=> "a number >= 0"
 * @category Grading
 */
export function expectedOf(def: CheckedValueDef): { readonly WRONG_TYPE: string; readonly NOT_INTEGER: string; readonly OUT_OF_RANGE: string; readonly UNKNOWN_CATEGORY: string } {
  switch (def.type) {
    case "number":
    case "score": {
      const { min, max } = def;
      const range = `a number${min !== undefined ? ` >= ${min}` : ""}${min !== undefined && max !== undefined ? " and" : ""}${max !== undefined ? ` <= ${max}` : ""}`;
      return { WRONG_TYPE: "a finite number", NOT_INTEGER: "a whole number", OUT_OF_RANGE: range, UNKNOWN_CATEGORY: range };
    }
    case "boolean":
      return { WRONG_TYPE: "true or false", NOT_INTEGER: "true or false", OUT_OF_RANGE: "true or false", UNKNOWN_CATEGORY: "true or false" };
    case "category": {
      const one = `one of ${def.values.map((x) => JSON.stringify(x)).join(", ")}`;
      return { WRONG_TYPE: one, NOT_INTEGER: one, OUT_OF_RANGE: one, UNKNOWN_CATEGORY: one };
    }
    case "date":
      return { WRONG_TYPE: DATE_EXPECTED, NOT_INTEGER: DATE_EXPECTED, OUT_OF_RANGE: DATE_EXPECTED, UNKNOWN_CATEGORY: DATE_EXPECTED };
    case "string":
      return { WRONG_TYPE: "a string", NOT_INTEGER: "a string", OUT_OF_RANGE: "a string", UNKNOWN_CATEGORY: "a string" };
  }
}
