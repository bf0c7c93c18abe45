/**
 * Checks of the record types, derived facts, named conditions and rules of a ruleset:
 * every reference resolves, types fit, no cycles, and no rule that changes points before
 * banding reads the score it would change.
 * @module
 */
import { didYouMean } from "../base/suggest.js";
import type { Collector } from "./collector.js";
import type { ConditionDef } from "../format/condition.js";
import { isIsoDate, parseDuration } from "../base/date.js";
import type { PathSegment } from "../base/diagnostic.js";
import { factValueType } from "../format/fact.js";
import { conditionLimitIssues, type NamedConditionSizes } from "../format/condition-limits.js";
import { STANDARD_RECORD_FIELDS } from "../format/record.js";
import { BUILTIN_FACTS, GRADE_FACTS, SCORE_FACTS } from "../format/rule.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import type { InputDef } from "../format/input.js";
import type { HistoryFactDef } from "../format/history.js";
import { GRADES } from "../base/grade.js";

const NUMERIC_OPS = new Set(["lessThan", "lessThanInclusive", "greaterThan", "greaterThanInclusive"]);
const DURATION_OPS = new Set(["withinLast", "notWithinLast"]);
const DATE_OPS = new Set(["before", "onOrBefore", "after", "onOrAfter"]);

/**
 * Checks records, facts, named conditions and rules, and returns the inputs map extended
 * with the derived facts an indicator may read (numbers and booleans).
 * @param r - The ruleset (schema-valid).
 * @param c - Where diagnostics go.
 * @param inputs - Declared inputs by id.
 * @param used - Filled with every input and fact a rule or fact reads.
 * @returns Inputs and readable derived facts by id.
 * @category Checking rulesets
 */
export function checkRecordsFactsRules(
  r: Ruleset,
  c: Collector,
  inputs: ReadonlyMap<string, InputDef>,
  used: Set<string>,
): Map<string, InputDef> {
  const readable = new Map(inputs);
  r.inputs.forEach((input, i) => {
    if ((BUILTIN_FACTS as readonly string[]).includes(input.id)) {
      c.add("DUPLICATE_ID", ["inputs", i, "id"], `"${input.id}" is a built-in fact (${BUILTIN_FACTS.join(", ")}); choose another input id`);
    }
  });
  const types = new Map<string, NonNullable<Ruleset["records"]>["types"][number]>();
  r.records?.types.forEach((t, i) => {
    // The first declaration stands, as for inputs, so a repeat does not cause follow-on faults.
    if (types.has(t.id)) c.add("DUPLICATE_ID", ["records", "types", i, "id"], `record type "${t.id}" is declared twice`);
    else types.set(t.id, t);
    const seen = new Set<string>();
    t.fields?.forEach((f, j) => {
      const at: PathSegment[] = ["records", "types", i, "fields", j];
      if (seen.has(f.id) || (STANDARD_RECORD_FIELDS as readonly string[]).includes(f.id)) {
        c.add("DUPLICATE_ID", [...at, "id"], `field "${f.id}" is declared twice or is a standard record field`);
      }
      seen.add(f.id);
      if ((f.type === "category") !== (f.values !== undefined)) {
        c.add("INPUT_TYPE_MISMATCH", at, f.type === "category" ? "a category field needs values" : "only a category field has values");
      }
    });
  });
  r.records?.publicity?.forEach((p, i) => {
    const min = parseDuration(p.min);
    const max = parseDuration(p.max);
    // Compare in average days, years as 12 months so that P1Y and P12M are equal: only the order matters here.
    const days = (d: NonNullable<typeof min>): number => (d.years * 12 + d.months) * (365.2425 / 12) + d.days;
    if (min && max && days(min) > days(max)) c.add("INVALID_RANGE", ["records", "publicity", i], `the minimum period ${p.min} is longer than the maximum ${p.max}`);
  });

  const named = new Map<string, ConditionDef>();
  r.conditions?.forEach((n, i) => {
    if (named.has(n.id)) c.add("DUPLICATE_ID", ["conditions", i, "id"], `named condition "${n.id}" is declared twice`);
    named.set(n.id, n.conditions);
  });
  // Cycles, and conditions past the size and depth limits, before anything follows a reference.
  const { issues, sizes } = conditionLimitIssues(r);
  for (const issue of issues) c.add(issue.code, issue.path, issue.message);

  const factIds = new Set<string>();
  r.facts?.forEach((f, i) => {
    const at: PathSegment[] = ["facts", i];
    if (inputs.has(f.id) || factIds.has(f.id) || (BUILTIN_FACTS as readonly string[]).includes(f.id)) {
      c.add("DUPLICATE_ID", [...at, "id"], `fact id "${f.id}" is already an input, a fact or a built-in fact`);
    }
    factIds.add(f.id);
    if ("ratio" in f) {
      for (const k of ["numerator", "denominator"] as const) {
        const id = f.ratio[k];
        const prior = r.facts?.slice(0, i).find((g) => g.id === id);
        if (!prior) c.add("UNKNOWN_FACT", [...at, "ratio", k], `"${id}" is not a fact declared before this one${didYouMean(id, (r.facts ?? []).slice(0, i).map((g) => g.id))}`);
        else if (factValueType(prior) !== "number") c.add("FACT_TYPE_MISMATCH", [...at, "ratio", k], `"${id}" is not a number fact`);
      }
    } else if ("history" in f) {
      checkHistoryFact(r, f, at, c);
    } else {
      const type = types.get(f.from);
      if (!type) c.add("UNKNOWN_RECORD_TYPE", [...at, "from"], `record type "${f.from}" is not declared in records.types${didYouMean(f.from, types.keys())}`);
      const fieldNames = (): string[] => [...STANDARD_RECORD_FIELDS, ...(type?.fields ?? []).map((x) => x.id)];
      const fieldType = (id: string): string | undefined =>
        id === "date" || id === "repairedAt" || id === "revokedAt" || id === "publicUntil"
          ? "date"
          : id === "id" || id === "type" || id === "severity"
            ? "string"
            : type?.fields?.find((x) => x.id === id)?.type;
      if (f.field !== undefined && type) {
        const ft = fieldType(f.field);
        if (ft === undefined) c.add("UNKNOWN_FIELD", [...at, "field"], `record type "${f.from}" has no field "${f.field}"${didYouMean(f.field, fieldNames())}`);
        else if ((f.aggregate === "sum" || f.aggregate === "max" || f.aggregate === "min") && ft !== "number") {
          c.add("FACT_TYPE_MISMATCH", [...at, "field"], `${f.aggregate} needs a number field; "${f.field}" is ${ft}`);
        }
      }
      if ((f.aggregate === "sum" || f.aggregate === "max" || f.aggregate === "min") && f.field === undefined) {
        c.add("FACT_TYPE_MISMATCH", at, `${f.aggregate} needs a field to aggregate`);
      }
      if (f.where !== undefined && type) {
        checkCondition(f.where, [...at, "where"], sizes, named, c, { has: (fact) => fieldType(fact) !== undefined, names: fieldNames }, `a field of record type "${f.from}"`);
      }
    }
    const vt = factValueType(f);
    if (vt === "number" || vt === "boolean") readable.set(f.id, { id: f.id, type: vt });
  });

  const knownFact: KnownNames = {
    has: (fact) => inputs.has(fact) || factIds.has(fact) || (BUILTIN_FACTS as readonly string[]).includes(fact),
    names: () => [...inputs.keys(), ...factIds, ...BUILTIN_FACTS],
  };
  r.conditions?.forEach((n, i) => {
    checkCondition(n.conditions, ["conditions", i, "conditions"], sizes, named, c, knownFact, "an input, a derived fact or a built-in fact", used);
  });
  const ruleIds = new Set<string>();
  r.rules?.forEach((rule, i) => {
    const at: PathSegment[] = ["rules", i];
    if (ruleIds.has(rule.id)) c.add("DUPLICATE_ID", [...at, "id"], `rule id "${rule.id}" is used twice`);
    ruleIds.add(rule.id);
    const read = checkCondition(rule.conditions, [...at, "conditions"], sizes, named, c, knownFact, "an input, a derived fact or a built-in fact", used);
    const gradeRead = read.filter((f) => GRADE_FACTS.has(f));
    if (gradeRead.length > 0 && rule.effect.type !== "none") {
      c.add("RULE_READS_SCORE", [...at, "conditions"], `only a rule with effect none runs after the grade is decided, so this ${rule.effect.type} rule cannot read ${gradeRead.join(", ")}`);
    }
    if (rule.effect.type === "adjust-points") {
      if (rule.effect.points === 0) c.add("INVALID_RANGE", [...at, "effect", "points"], "an adjustment of 0 points does nothing");
      const scoreRead = read.filter((f) => SCORE_FACTS.has(f));
      if (scoreRead.length > 0) {
        c.add("RULE_READS_SCORE", [...at, "conditions"], `an adjust-points rule runs before banding, so it cannot read ${scoreRead.join(", ")}`);
      }
    }
  });
  return readable;
}

/** The names a condition may read: whether one is known, and all of them for suggestions. */
interface KnownNames {
  readonly has: (name: string) => boolean;
  readonly names: () => Iterable<string>;
}

// Walks a condition: every fact known, every named condition defined, and the values of date
// operators well-formed. Returns the facts read, those of the named conditions it refers to
// included (each measured once by `sizes`; a reference is never walked into, so neither a chain
// nor a doubling of references costs more than its length).
function checkCondition(
  def: ConditionDef,
  path: PathSegment[],
  sizes: NamedConditionSizes,
  named: ReadonlyMap<string, ConditionDef>,
  c: Collector,
  known: KnownNames,
  what: string,
  used?: Set<string>,
): string[] {
  const read = new Set<string>();
  const walk = (d: ConditionDef, at: PathSegment[]): void => {
    if ("all" in d) d.all.forEach((x, i) => walk(x, [...at, "all", i]));
    else if ("any" in d) d.any.forEach((x, i) => walk(x, [...at, "any", i]));
    else if ("not" in d) walk(d.not, [...at, "not"]);
    else if ("condition" in d) {
      if (!named.has(d.condition)) c.add("UNKNOWN_CONDITION", [...at, "condition"], `no named condition "${d.condition}" in conditions${didYouMean(d.condition, named.keys())}`);
      for (const f of sizes.factsOf(d.condition)) {
        read.add(f);
        used?.add(f);
      }
    } else {
      const facts: [string, PathSegment[]][] = [[d.fact, [...at, "fact"]]];
      const value = d.value;
      const isRef = value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, "fact");
      if (isRef) facts.push([(value as { fact: string }).fact, [...at, "value", "fact"]]);
      for (const [f, where] of facts) {
        read.add(f);
        used?.add(f);
        if (!known.has(f)) c.add("UNKNOWN_FACT", where, `"${f}" is not ${what}${didYouMean(f, known.names())}`);
      }
      if (isRef) return;
      const base = d.operator.split(":").pop()!;
      const decorated = d.operator.includes(":");
      if (!decorated && DURATION_OPS.has(base) && (typeof value !== "string" || parseDuration(value) === undefined)) {
        c.add("INVALID_OPERATOR_VALUE", [...at, "value"], `${base} needs an ISO 8601 duration such as "P3Y", not ${JSON.stringify(value)}`);
      }
      if (!decorated && DATE_OPS.has(base) && !isIsoDate(value)) {
        c.add("INVALID_OPERATOR_VALUE", [...at, "value"], `${base} needs a date YYYY-MM-DD, not ${JSON.stringify(value)}`);
      }
      if (!decorated && (base === "in" || base === "notIn") && !Array.isArray(value)) {
        c.add("INVALID_OPERATOR_VALUE", [...at, "value"], `${base} needs an array of values, not ${JSON.stringify(value)}`);
      }
      if (!decorated && NUMERIC_OPS.has(base) && typeof value !== "number") {
        c.add("INVALID_OPERATOR_VALUE", [...at, "value"], `${base} compares with a number, not ${JSON.stringify(value)}`, "warning");
      }
    }
  };
  walk(def, path);
  return [...read];
}

// A history fact's options fit its kind, and the labels it matches are the scheme's.
function checkHistoryFact(r: Ruleset, f: HistoryFactDef, at: PathSegment[], c: Collector): void {
  if (f.field !== undefined && f.history !== "previous") c.add("FACT_TYPE_MISMATCH", [...at, "field"], `field applies to a "previous" history fact only, not to "${f.history}"`);
  if (f.years !== undefined && f.history !== "best" && f.history !== "worst" && f.history !== "count") {
    c.add("FACT_TYPE_MISMATCH", [...at, "years"], `years applies to "best", "worst" and "count" history facts only, not to "${f.history}"`);
  }
  if (f.history === "previous" && (f.grades !== undefined || f.labels !== undefined || f.decidedBy !== undefined)) {
    c.add("FACT_TYPE_MISMATCH", at, `a "previous" history fact reads the previous result as it is: compare it in the rule instead of giving grades, labels or decidedBy`);
  }
  const labels = new Set((r.labels ?? []).map((l) => l.label));
  if (labels.size === 0) for (const g of GRADES) labels.add(g);
  f.labels?.forEach((l, j) => {
    if (!labels.has(l)) c.add("UNKNOWN_LABEL", [...at, "labels", j], `"${l}" is not a label of this scheme (${[...labels].join(", ")})`);
  });
}
