/**
 * `evaluate`'s compact result line, written straight from the lean `GradeResult`: the bytes
 * `JSON.stringify` gives `compactLine` (evaluate.ts), field by field, without building that object.
 *
 * Per ruleset, the writer is generated once through the engine's code builder
 * (`engine/codegen/code.ts`) for the ruleset's output shape: the JSON of everything the ruleset
 * fixes — each label position's grade, label, class and measures, each score grade, each way of
 * deciding, each indicator's and rule's id, the ruleset's name — is worked out once with
 * `JSON.stringify` and enters the generated code only as a string literal (`lit`), picked by a
 * `switch` per row; what varies per subject (line, id, scores, points lost) is written as
 * `JSON.stringify` writes it. A value the ruleset did not foresee takes the generic writer,
 * which is also the writer where the platform refuses generated code.
 * @module
 */
import { type CompiledRuleset, gradeClass, GRADES, type GradeResult } from "../index.js";
import { _, type Code, compileModule, join, Scope } from "../engine/codegen/code.js";
import { placeNodes } from "../format/indicator-tree.js";
import { compileLabelScale } from "../format/labels.js";

/** Writes the compact line of a lean result (with its newline), given the line number and the result's label position. */
export type LineWriter = (line: number, g: GradeResult, position: number) => string;

// As JSON.stringify writes a number (String is the same for finite numbers, and faster).
const num = (n: number | null): string => (n === null || !Number.isFinite(n) ? "null" : String(n));
const json = (v: unknown): string => JSON.stringify(v);

const DECIDED_BY = ["score", "direct-judgment", "public-composite-fallback", "not-gradable"] as const;

/**
 * The generic writer: the same bytes, every string through `JSON.stringify` (kept per string).
 * @param compiled - The ruleset.
 */
export function genericLineWriter(compiled: CompiledRuleset): LineWriter {
  const tail = `,"ruleset":${json(`${compiled.ref.id}@${compiled.ref.version}`)}}\n`;
  const strings = new Map<unknown, string>(); // JSON of labels, classes, ids, measure lists
  const str = (s: string | null): string => {
    if (s === null) return "null";
    let j = strings.get(s);
    if (j === undefined) {
      j = json(s);
      if (strings.size < 10_000) strings.set(s, j);
    }
    return j;
  };
  const measures = (m: GradeResult["measures"]): string => {
    let j = strings.get(m);
    if (j === undefined) strings.set(m, (j = json(m.map((x) => x.id))));
    return j;
  };
  return (line, g) => {
    let reasons = "";
    for (let i = 0; i < g.reasons.length; i++) {
      const r = g.reasons[i]!;
      reasons += `${i === 0 ? "" : ","}{"indicator":${str(r.indicator)},"pointsLost":${num(r.pointsLost)}}`;
    }
    let rules = "";
    for (let i = 0; i < g.rules.length; i++) rules += (i === 0 ? "" : ",") + str(g.rules[i]!);
    return (
      `{"line":${line},"id":${json(g.subjectId)},"grade":${str(g.grade)},"label":${str(g.label)},"class":${str(g.class)},` +
      `"score":${num(g.score)},"scoreGrade":${str(g.scoreGrade)},"decidedBy":${str(g.decidedBy)},` +
      `"measures":${g.grade === null ? "[]" : measures(g.measures)},"reasons":[${reasons}],"rules":[${rules}]${tail}`
    );
  };
}

/**
 * The writer of a ruleset's compact lines, generated for its output shape (see the module);
 * the generic one where the platform refuses generated code.
 * @param compiled - The ruleset.
 * @returns The writer: the bytes of `JSON.stringify(compactLine(line, evaluation))` and a newline.
 */
export function lineWriter(compiled: CompiledRuleset): LineWriter {
  const generic = genericLineWriter(compiled);
  const scope = new Scope();
  const fallback = scope.value("generic", generic);
  const numName = scope.value("num", num);
  const jsonName = scope.value("json", json);
  const scale = compileLabelScale(compiled.ruleset.labels);
  // Each label position: its head (grade, label, class) and its measures, when the result is that position's.
  const positions = scale.entries.map((e, p) => {
    const m = compiled.measuresFor(e.grade, e.label).measures;
    const cls = gradeClass(e.grade);
    const head = `,"grade":${json(e.grade)},"label":${json(e.label)},"class":${json(cls)},"score":`;
    return _`case ${p}: if (g.label !== ${e.label} || g.grade !== ${e.grade} || g.class !== ${cls} || g.measures !== ${scope.value("measures", m)}) return ${fallback}(n, g, p); head = ${head}; measures = ${json(m.map((x) => x.id))}; break;`;
  });
  const scoreGrades = GRADES.map((g) => _`case ${g}: s += ${`,"scoreGrade":${json(g)},"decidedBy":`}; break;`);
  const decided = DECIDED_BY.map((d) => _`case ${d}: s += ${`${json(d)},"measures":`}; break;`);
  const reasonCases = [...new Set(placeNodes(compiled.ruleset).map((n) => n.node.id))].map((id) => _`case ${id}: s += ${`{"indicator":${json(id)},"pointsLost":`}; break;`);
  const ruleCases = [...new Set((compiled.ruleset.rules ?? []).map((r) => r.id))].map((id) => _`case ${id}: s += ${json(id)}; break;`);
  const tail = `],"ruleset":${json(`${compiled.ref.id}@${compiled.ref.version}`)}}\n`;
  const cases = (c: readonly Code[]): Code => join(c, _`\n    `);
  const body = _`return function compactLine(n, g, p) {
  let head, measures;
  switch (p) {
    ${cases(positions)}
    default: return ${fallback}(n, g, p);
  }
  let s = ${'{"line":'} + n + ${',"id":'} + ${jsonName}(g.subjectId) + head + ${numName}(g.score);
  switch (g.scoreGrade) {
    ${cases(scoreGrades)}
    default: return ${fallback}(n, g, p);
  }
  switch (g.decidedBy) {
    ${cases(decided)}
    default: return ${fallback}(n, g, p);
  }
  s += measures + ${',"reasons":['};
  const reasons = g.reasons;
  for (let i = 0; i < reasons.length; i++) {
    const r = reasons[i];
    if (i > 0) s += ",";
    switch (r.indicator) {
      ${cases(reasonCases)}
      default: return ${fallback}(n, g, p);
    }
    s += ${numName}(r.pointsLost) + "}";
  }
  s += ${'],"rules":['};
  const rules = g.rules;
  for (let i = 0; i < rules.length; i++) {
    if (i > 0) s += ",";
    switch (rules[i]) {
      ${cases(ruleCases)}
      default: return ${fallback}(n, g, p);
    }
  }
  return s + ${tail};
};`;
  return compileModule<LineWriter>(body, scope, `${compiled.ref.id}@${compiled.ref.version}/compact-line`) ?? generic;
}
