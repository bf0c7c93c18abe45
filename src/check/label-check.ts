/**
 * Checks of a ruleset's scheme labels (公布等级) and of everything that names one: labels are
 * unique and in the scheme's order (a label's canonical grade never better than the one
 * before it), and every band, rule effect and measure mapping that names a label names one
 * declared for its own grade.
 * @module
 */
import { didYouMean } from "../base/suggest.js";
import type { Collector } from "./collector.js";
import type { PathSegment } from "../base/diagnostic.js";
import { type Grade, gradeRank } from "../base/grade.js";
import type { Ruleset } from "../format/ruleset-schema.js";

/**
 * Checks the labels and the labels that bands, rules and measures name.
 * @param r - The ruleset (schema-valid).
 * @param c - Where diagnostics go.
 * @category Checking rulesets
 */
export function checkLabels(r: Ruleset, c: Collector): void {
  const gradeOf = new Map<string, Grade>();
  r.labels?.forEach((l, i) => {
    if (gradeOf.has(l.label)) c.add("LABEL_DUPLICATE", ["labels", i, "label"], `label "${l.label}" is declared twice (grades ${gradeOf.get(l.label)} and ${l.grade}); a published label names one level`);
    else gradeOf.set(l.label, l.grade);
    const prev = r.labels![i - 1];
    if (prev !== undefined && gradeRank(l.grade) < gradeRank(prev.grade)) {
      c.add("LABELS_ORDER", ["labels", i, "grade"], `labels go in the scheme's order, best first: "${l.label}" (grade ${l.grade}) cannot follow "${prev.label}" (grade ${prev.grade})`);
    }
  });
  const named = (label: string | undefined, grade: Grade, path: readonly PathSegment[], what: string): void => {
    if (label === undefined || gradeOf.get(label) === grade) return;
    const declared = gradeOf.get(label);
    const own = (r.labels ?? []).filter((l) => l.grade === grade).map((l) => `"${l.label}"`);
    c.add(
      "UNKNOWN_LABEL",
      [...path, "label"],
      `${what} names label "${label}", which ${declared === undefined ? `is not declared in labels${didYouMean(label, gradeOf.keys())}` : `is a label of grade ${declared}, not ${grade}`}; grade ${grade} has ${own.length === 0 ? "no declared label" : `labels ${own.join(", ")}`}`,
    );
  };
  r.bands.forEach((b, i) => named(b.label, b.grade, ["bands", i], `band ${i} (grade ${b.grade})`));
  r.rules?.forEach((rule, i) => {
    const e = rule.effect;
    if (e.type === "set-grade" || e.type === "cap" || e.type === "floor") named(e.label, e.grade, ["rules", i, "effect"], `rule "${rule.id}" (${e.type} ${e.grade})`);
  });
  r.measures?.byGrade.forEach((m, i) => named(m.label, m.grade, ["measures", "byGrade", i], `the measures of grade ${m.grade}`));
}
