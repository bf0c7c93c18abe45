/**
 * Checks of a ruleset's measures section: every measure exists, each grade is mapped once,
 * sampling ranges are ordered and grow as grades worsen, and E has no upper limit (R10).
 * @module
 */
import { didYouMean } from "../base/suggest.js";
import type { Collector } from "./collector.js";
import { gradeRank, GRADES } from "../base/grade.js";
import { MEASURE_CATALOGUE } from "../measures/catalogue.js";
import type { MeasureDef } from "../format/measure.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import { MAX_OUTPUT_PARAMS } from "../format/rule.js";

/**
 * Checks what rules do besides the grade: every measure a rule adds exists (in the shipped
 * catalogue or `measures.define`) and is added once, every output id is used once per rule with
 * at most {@link MAX_OUTPUT_PARAMS} parameters, and a rule whose effect is `none` adds a measure
 * or emits an output.
 * @param r - The ruleset (schema-valid).
 * @param c - Where diagnostics go.
 * @category Checking rulesets
 */
export function checkRuleActions(r: Ruleset, c: Collector): void {
  const known = new Set<string>([...MEASURE_CATALOGUE.map((x) => x.id), ...(r.measures?.define ?? []).map((d) => d.id)]);
  r.rules?.forEach((rule, i) => {
    const at = ["rules", i];
    const measures = rule.measures ?? [];
    const outputs = rule.outputs ?? [];
    if (rule.effect.type === "none" && measures.length === 0 && outputs.length === 0) {
      c.add("RULE_DOES_NOTHING", [...at, "effect"], `rule "${rule.id}" has effect none and adds no measure and emits no output: give it an effect, measures or outputs`);
    }
    const seen = new Set<string>();
    measures.forEach((id, j) => {
      if (!known.has(id)) c.add("UNKNOWN_MEASURE", [...at, "measures", j], `"${id}" is neither in the shipped catalogue nor in measures.define`);
      if (seen.has(id)) c.add("DUPLICATE_ID", [...at, "measures", j], `rule "${rule.id}" adds measure "${id}" twice`);
      seen.add(id);
    });
    const outs = new Set<string>();
    outputs.forEach((o, j) => {
      if (outs.has(o.id)) c.add("DUPLICATE_ID", [...at, "outputs", j, "id"], `rule "${rule.id}" emits output "${o.id}" twice`);
      outs.add(o.id);
      const n = Object.keys(o.params ?? {}).length;
      if (n > MAX_OUTPUT_PARAMS) c.add("INVALID_RANGE", [...at, "outputs", j, "params"], `output "${o.id}" has ${n} parameters; at most ${MAX_OUTPUT_PARAMS}`);
    });
  });
}

/**
 * Checks the measures section of a ruleset (nothing to check when it has none: the plan's
 * defaults apply).
 * @param r - The ruleset (schema-valid).
 * @param c - Where diagnostics go.
 * @category Checking rulesets
 */
export function checkMeasures(r: Ruleset, c: Collector): void {
  const m = r.measures;
  if (!m) return;
  const known = new Map<string, MeasureDef>(MEASURE_CATALOGUE.map((x) => [x.id, x]));
  const defined = new Set<string>();
  m.define?.forEach((d, i) => {
    if (defined.has(d.id)) c.add("DUPLICATE_ID", ["measures", "define", i, "id"], `measure "${d.id}" is defined twice`);
    defined.add(d.id);
    known.set(d.id, d);
  });
  const mapped = new Set<string>();
  m.byGrade.forEach((g, i) => {
    const key = g.label === undefined ? g.grade : `${g.grade} (label ${g.label})`;
    if (mapped.has(key)) c.add("DUPLICATE_ID", ["measures", "byGrade", i, g.label === undefined ? "grade" : "label"], `grade ${key} is mapped twice`);
    mapped.add(key);
    g.measures.forEach((id, j) => {
      const def = known.get(id);
      if (!def) {
        c.add("UNKNOWN_MEASURE", ["measures", "byGrade", i, "measures", j], `"${id}" is neither in the shipped catalogue nor in measures.define${didYouMean(id, known.keys())}`);
        return;
      }
      // C (minor dishonesty) may keep a mild incentive (the tax scheme's M does); D and E may not,
      // and trustworthy subjects take no restriction.
      const rank = gradeRank(g.grade);
      if ((def.kind === "incentive" && rank >= gradeRank("D")) || (def.kind === "restriction" && rank <= gradeRank("B"))) {
        c.add("MEASURE_KIND_MISMATCH", ["measures", "byGrade", i, "measures", j], `${def.kind} "${id}" is mapped to grade ${g.grade}; the plan gives incentives to trustworthy subjects and restrictions to dishonest ones`, "warning");
      }
    });
  });
  // A band's label is mapped by its own entry or by its grade's.
  const banded = new Set(r.bands.map((b) => `${b.grade}\u0000${b.label ?? ""}`));
  for (const g of GRADES) {
    const missing = [...banded].filter((k) => k.startsWith(`${g}\u0000`) && !mapped.has(g) && !mapped.has(`${g} (label ${k.slice(2)})`));
    if (missing.length > 0) c.add("MEASURES_MISSING_GRADE", ["measures", "byGrade"], `grade ${g} has a band but no measures`, "warning");
  }
  const seen = new Set<string>();
  const sampling = [...(m.sampling ?? [])];
  sampling.forEach((s, i) => {
    const at = ["measures", "sampling", i];
    if (seen.has(s.grade)) c.add("DUPLICATE_ID", [...at, "grade"], `grade ${s.grade} has two sampling policies`);
    seen.add(s.grade);
    if (s.ratio.max !== undefined && s.ratio.max < s.ratio.min) c.add("INVALID_RANGE", [...at, "ratio"], `ratio max ${s.ratio.max} is below min ${s.ratio.min}`);
    if (s.perYear.max !== undefined && s.perYear.max < s.perYear.min) c.add("INVALID_RANGE", [...at, "perYear"], `perYear max ${s.perYear.max} is below min ${s.perYear.min}`);
    if (s.grade === "E" && s.ratio.max !== undefined) {
      c.add("SAMPLING_E_CAPPED", [...at, "ratio", "max"], "the plan sets no upper limit on the sampling ratio of E subjects (不设上限)", "warning");
    }
  });
  const ordered = sampling.map((s, i) => ({ s, i })).sort((a, b) => gradeRank(a.s.grade) - gradeRank(b.s.grade));
  for (let k = 1; k < ordered.length; k++) {
    const better = ordered[k - 1]!.s;
    const worse = ordered[k]!;
    if (worse.s.ratio.min < better.ratio.min) {
      c.add("SAMPLING_NOT_MONOTONE", ["measures", "sampling", worse.i, "ratio", "min"], `grade ${worse.s.grade} is sampled at least ${worse.s.ratio.min}, less than the better grade ${better.grade} (${better.ratio.min})`, "warning");
    }
  }
}
