/**
 * `evaluate`'s compact result line, written straight from the lean `GradeResult`: the bytes
 * `JSON.stringify` gives `compactLine` (evaluate.ts), field by field, without building that object.
 *
 * Per ruleset, the writer is generated once through the engine's code builder
 * (`engine/codegen/code.ts`) for the ruleset's output shape: the JSON of everything the ruleset
 * fixes — each label position's grade, label, class and measures, each score grade, each way of
 * deciding, each indicator's and rule's id, the ruleset's name — is worked out once with
 * `JSON.stringify`, encoded as UTF-8 once, and enters the generated code as a value of the
 * module (its bytes, never source text), picked by a `switch` per row (whose cases are string
 * literals made by the builder) and copied into the batch's {@link ByteSink}: no string is built
 * per line, none joined, none encoded. What varies per subject (line, id, scores, points lost) is
 * written as `JSON.stringify` writes it. A value the ruleset did not foresee takes the generic
 * writer (text, encoded into the sink from where the line began), which is also the writer where
 * the platform refuses generated code.
 * @module
 */
import { type CompiledRuleset, gradeClass, GRADES, type GradeResult } from "../index.js";
import { _, type Code, compileModule, join, Scope } from "../engine/codegen/code.js";
import { placeNodes } from "../format/indicator-tree.js";
import { compileLabelScale } from "../format/labels.js";
import { DECIDED_BY } from "../format/effects.js";
import type { ByteSink } from "./byte-sink.js";

/** Writes the compact line of a lean result (with its newline) into a sink, given the line number and the result's label position. */
export type LineWriter = (line: number, g: GradeResult, position: number, sink: ByteSink) => void;

/** The generic writer's form: the compact line of a lean result (with its newline) as text. */
export type TextLineWriter = (line: number, g: GradeResult, position: number) => string;

// As JSON.stringify writes a number (String is the same for finite numbers, and faster).
const num = (n: number | null): string => (n === null || !Number.isFinite(n) ? "null" : String(n));
const json = (v: unknown): string => JSON.stringify(v);


/**
 * The generic writer: the same bytes, every string through `JSON.stringify` (kept per string).
 * @param compiled - The ruleset.
 */
export function genericLineWriter(compiled: CompiledRuleset): TextLineWriter {
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
 * The writer of a ruleset's compact lines, generated for its output shape (see the module),
 * writing UTF-8 bytes into a {@link ByteSink}; where the platform refuses generated code, or a
 * value was not foreseen, the line of the generic writer, encoded.
 * @param compiled - The ruleset.
 * @returns The writer: the bytes of `JSON.stringify(compactLine(line, evaluation))` and a newline.
 */
export function lineWriter(compiled: CompiledRuleset): LineWriter {
  const generic = genericLineWriter(compiled);
  const scope = new Scope();
  // A line the generated code does not write: the generic writer's, from where the line began.
  const fallbackFn = (n: number, g: GradeResult, p: number, k: ByteSink, start: number): void => {
    k.pos = start;
    k.text(generic(n, g, p));
  };
  const fallback = scope.value("generic", fallbackFn);
  const numName = scope.value("putNum", putNum);
  const strName = scope.value("putString", putString);
  // Each fixed piece of text: its UTF-8 bytes, a value of the module copied into the line.
  const piece = (text: string): { name: Code; length: number } => {
    const bytes = utf8.encode(text);
    return { name: scope.value("text", bytes), length: bytes.length };
  };
  const put = (text: string): Code => {
    const p = piece(text);
    return _`b.set(${p.name}, o); o += ${p.length};`;
  };
  const scale = compileLabelScale(compiled.ruleset.labels);
  // Each label position: its head (grade, label, class) and its measures, when the result is that position's.
  const widest = (texts: readonly string[]): number => Math.max(0, ...texts.map((t) => utf8.encode(t).length));
  const heads: string[] = [];
  const lists: string[] = [];
  const positions = scale.entries.map((e, p) => {
    const m = compiled.measuresFor(e.grade, e.label).measures;
    const cls = gradeClass(e.grade);
    const head = `,"grade":${json(e.grade)},"label":${json(e.label)},"class":${json(cls)},"score":`;
    const list = `${json(m.map((x) => x.id))},"reasons":[`;
    heads.push(head);
    lists.push(list);
    return _`case ${p}: if (g.label !== ${e.label} || g.grade !== ${e.grade} || g.class !== ${cls} || g.measures !== ${scope.value("measures", m)}) return ${fallback}(n, g, p, k, k.pos); head = ${piece(head).name}; measures = ${piece(list).name}; break;`;
  });
  const scoreGrades = GRADES.map((g) => `,"scoreGrade":${json(g)},"decidedBy":`);
  const decided = DECIDED_BY.map((d) => `${json(d)},"measures":`);
  const reasonTexts = [...new Set(placeNodes(compiled.ruleset).map((n) => n.node.id))].map((id) => [id, `{"indicator":${json(id)},"pointsLost":`] as const);
  const ruleTexts = [...new Set((compiled.ruleset.rules ?? []).map((r) => r.id))].map((id) => [id, json(id)] as const);
  const tail = `],"ruleset":${json(`${compiled.ref.id}@${compiled.ref.version}`)}}\n`;
  // The most a line takes besides its id, reasons and rules (numbers: at most 24 characters).
  const fixed = '{"line":,"id":'.length + 3 * NUMBER_ROOM + widest(heads) + widest(scoreGrades) + widest(decided) + widest(lists) + '],"rules":['.length + widest([tail]);
  const perReason = 2 + NUMBER_ROOM + widest(reasonTexts.map(([, t]) => t));
  const perRule = 1 + widest(ruleTexts.map(([, t]) => t));
  const cases = (c: readonly Code[]): Code => join(c, _`\n    `);
  const body = _`return function compactLine(n, g, p, k) {
  let head, measures;
  switch (p) {
    ${cases(positions)}
    default: return ${fallback}(n, g, p, k, k.pos);
  }
  const id = g.subjectId, reasons = g.reasons, rules = g.rules;
  k.need(${fixed} + 6 * id.length + ${perReason} * reasons.length + ${perRule} * rules.length);
  const start = k.pos, b = k.buf;
  let o = start;
  ${put('{"line":')}
  o = ${numName}(b, o, n);
  ${put(',"id":')}
  o = ${strName}(b, o, id);
  b.set(head, o); o += head.length;
  o = ${numName}(b, o, g.score);
  switch (g.scoreGrade) {
    ${cases(GRADES.map((grade, i) => _`case ${grade}: ${put(scoreGrades[i]!)} break;`))}
    default: return ${fallback}(n, g, p, k, start);
  }
  switch (g.decidedBy) {
    ${cases(DECIDED_BY.map((d, i) => _`case ${d}: ${put(decided[i]!)} break;`))}
    default: return ${fallback}(n, g, p, k, start);
  }
  b.set(measures, o); o += measures.length;
  for (let i = 0; i < reasons.length; i++) {
    const r = reasons[i];
    if (i > 0) b[o++] = 44;
    switch (r.indicator) {
      ${cases(reasonTexts.map(([id, t]) => _`case ${id}: ${put(t)} break;`))}
      default: return ${fallback}(n, g, p, k, start);
    }
    o = ${numName}(b, o, r.pointsLost);
    b[o++] = 125;
  }
  ${put('],"rules":[')}
  for (let i = 0; i < rules.length; i++) {
    if (i > 0) b[o++] = 44;
    switch (rules[i]) {
      ${cases(ruleTexts.map(([id, t]) => _`case ${id}: ${put(t)} break;`))}
      default: return ${fallback}(n, g, p, k, start);
    }
  }
  ${put(tail)}
  k.pos = o;
};`;
  const generated = compileModule<LineWriter>(body, scope, `${compiled.ref.id}@${compiled.ref.version}/compact-line`);
  return generated ?? ((n, g, p, k) => fallbackFn(n, g, p, k, k.pos));
}

// Room for a number as String writes it (a double's longest form is 24 characters).
const NUMBER_ROOM = 24;
const utf8 = new TextEncoder();

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6];

/**
 * Writes a number as `JSON.stringify` does (ASCII only); returns where the next byte goes.
 *
 * Scores and points lost are decimals of a few places, and turning a double into its shortest
 * decimal (`String`) was ≈ 4 % of a scorecard subject. So where `n` is `r / 10^k` for an integer
 * `|r| < 10^15` and `k ≤ 6` (as doubles: the division of two exact integers is correctly rounded),
 * the digits of `r` are written with `k` places, trailing zeros dropped: a decimal of at most 15
 * significant digits is the shortest that reads back as its double (no other decimal of 15 digits
 * or fewer reads as the same double), and such a number is at least 10^-6 and below 10^21, where
 * `String` writes no exponent; `-0` is written `0`, as `String` writes it. Any other number takes
 * `String`.
 * @param b - The buffer (with room for 24 bytes at `o`).
 * @param o - Where to write.
 * @param n - The number (`null`, `NaN` and infinities: `null`).
 */
export function putNum(b: Uint8Array, o: number, n: number | null): number {
  if (n !== null && Number.isFinite(n)) {
    for (let k = 0; k < POW10.length; k++) {
      const r = Math.round(n * POW10[k]!);
      if (!(Math.abs(r) < 1e15)) break;
      if (r / POW10[k]! === n) return putDecimal(b, o, r, k);
    }
  }
  const s = num(n);
  for (let i = 0; i < s.length; i++) b[o + i] = s.charCodeAt(i);
  return o + s.length;
}

// The integer r written with k decimal places, trailing zeros of the places dropped.
function putDecimal(b: Uint8Array, o: number, r: number, k: number): number {
  if (r < 0) {
    b[o++] = 45;
    r = -r;
  }
  while (k > 0 && r % 10 === 0) {
    r /= 10;
    k--;
  }
  let digits = 1;
  for (let t = r; t >= 10; t = Math.floor(t / 10)) digits++;
  if (digits <= k) digits = k + 1; // 0.05: a zero before the point, zeros after it
  const end = o + digits + (k > 0 ? 1 : 0);
  let at = end;
  for (let i = 0; i < digits; i++) {
    if (k > 0 && i === k) b[--at] = 46;
    b[--at] = 48 + (r % 10);
    r = Math.floor(r / 10);
  }
  return end;
}

// Writes a string as JSON.stringify does: printable ASCII without a quote or backslash as it is,
// anything else through JSON.stringify (escapes) and UTF-8 (at most 6 bytes per UTF-16 unit, and
// the quotes: the room the writer made); returns where the next byte goes.
function putString(b: Uint8Array, o: number, s: string): number {
  const n = s.length;
  b[o] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 34 || c === 92) return o + utf8.encodeInto(json(s), b.subarray(o)).written;
    b[o + 1 + i] = c;
  }
  b[o + 1 + n] = 34;
  return o + n + 2;
}
