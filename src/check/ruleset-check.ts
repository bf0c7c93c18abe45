/**
 * Validation of a ruleset document: the schema, then the semantic and regulatory checks
 * (sums, bands, inputs, ids, the Hegang rule of 三(一)3). Every problem is reported at once.
 * @module
 */
import { didYouMean } from "../base/suggest.js";
import { bandBounds, binBounds } from "../format/bands.js";
import { Collector } from "./collector.js";
import type { Diagnostic, PathSegment, Severity } from "../base/diagnostic.js";
import { checkMeasures, checkRuleActions } from "./measure-check.js";
import { checkPublication } from "./publication-check.js";
import { checkPublicComposite } from "./public-composite-check.js";
import { checkComputedInputs } from "./computed-check.js";
import { checkRecordsFactsRules } from "./rule-check.js";
import { isIsoDate } from "../base/date.js";
import { compileLabelScale, labelPosition } from "../format/labels.js";
import { checkLabels } from "./label-check.js";
import { syntaxErrorAt, textPositions } from "./positions.js";
import { schemaProblems } from "./schema-issues.js";
import {
  indicatorOutOf,
  nodeAmount,
  type PlacedNode,
  placeNodes,
  scoringInputs,
  scoringRange,
} from "../format/indicator-tree.js";
import { fitsScale, nearlyEqual, round9 } from "../base/rounding.js";
import {
  isGroup,
  MAX_INDICATOR_DEPTH,
  type Ruleset,
  RulesetSchema,
  type ScoringDef,
} from "../format/ruleset-schema.js";
import type { InputDef } from "../format/input.js";

/**
 * The deepest JSON nesting a ruleset document may have before it is refused unread.
 * @category Checking rulesets
 */
export const MAX_JSON_DEPTH = 64;

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * The outcome of {@link validateRuleset}.
 * @category Checking rulesets
 */
export interface RulesetValidation {
  /** `true` when no diagnostic is an error. */
  readonly valid: boolean;
  /** Every problem found, errors first. */
  readonly diagnostics: readonly Diagnostic[];
  /** The parsed ruleset, when it passed the schema (even if other checks failed). */
  readonly ruleset: Ruleset | undefined;
}

/**
 * Checks a ruleset document and returns every problem at once, with JSON paths into the
 * document as its author wrote it.
 * @param json - A parsed JSON value (untrusted).
 * @returns Whether it is valid, all diagnostics, and the parsed ruleset when the schema passed.
 * @example
 * const { valid, diagnostics } = validateRuleset(JSON.parse(text));
 * valid; //=> false
 * diagnostics[0]; //=> { code: "BANDS_GAP", path: ["bands", 2], severity: "error", message: "…" }
 * @category Checking rulesets
 */
export function validateRuleset(json: unknown): RulesetValidation {
  const c = new Collector();
  scanUntrusted(json, [], 0, c);
  if (c.list.length > 0) return finish(c, undefined);
  const parsed = RulesetSchema.safeParse(json);
  if (!parsed.success) {
    for (const p of schemaProblems(RulesetSchema, json, parsed.error.issues)) c.add("SCHEMA_INVALID", p.path, p.message);
    return finish(c, undefined);
  }
  checkSemantics(parsed.data, c);
  return finish(c, parsed.data);
}

/**
 * Like {@link validateRuleset}, for the text of a ruleset file: every diagnostic also carries
 * its `position` in the text (line and column of the value its JSON path points at, or of the
 * object that lacks a missing key); a text that is not JSON gets a `NOT_JSON` diagnostic at
 * the first syntax error, carrying the parser's message.
 * @param text - The file's text (a UTF-8 byte-order mark is ignored).
 * @returns Whether it is valid, all diagnostics, and the parsed ruleset when the schema passed.
 * @example
 * validateRulesetText("{ not json").diagnostics[0].code; //=> "NOT_JSON"
 * @category Checking rulesets
 */
export function validateRulesetText(text: string): RulesetValidation {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (e) {
    const { position, what } = syntaxErrorAt(body);
    const at = `line ${position.line}, column ${position.column}${what === undefined ? "" : ` (${what})`}`;
    const diagnostic: Diagnostic = { code: "NOT_JSON", path: [], message: `not valid JSON at ${at}: ${(e as Error).message}`, severity: "error", position };
    return { valid: false, diagnostics: [diagnostic], ruleset: undefined };
  }
  const result = validateRuleset(json);
  const positions = textPositions(body);
  return { ...result, diagnostics: result.diagnostics.map((d) => ({ ...d, position: positions.at(d.path) })) };
}

function finish(c: Collector, ruleset: Ruleset | undefined): RulesetValidation {
  const order: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  const diagnostics = [...c.list].sort((a, b) => order[a.severity] - order[b.severity]);
  return { valid: !diagnostics.some((d) => d.severity === "error"), diagnostics, ruleset };
}

// Rulesets are untrusted: refuse prototype-polluting keys and unbounded nesting before any
// recursive parser walks the value.
function scanUntrusted(value: unknown, path: PathSegment[], depth: number, c: Collector): void {
  // A host's object may hold what JSON cannot (NaN, Infinity, a BigInt, a function): refused here,
  // as a JSON document could never carry it, rather than failing later in the compiler.
  if (typeof value === "bigint" || typeof value === "function" || typeof value === "symbol" || (typeof value === "number" && !Number.isFinite(value))) {
    c.add("SCHEMA_INVALID", path, `${typeof value === "number" ? String(value) : `a ${typeof value}`} is not a JSON value`);
    return;
  }
  if (value === null || typeof value !== "object") return;
  if (depth > MAX_JSON_DEPTH) {
    c.add("NESTING_TOO_DEEP", path, `JSON nesting deeper than ${MAX_JSON_DEPTH} levels`);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => scanUntrusted(v, [...path, i], depth + 1, c));
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      c.add("FORBIDDEN_KEY", [...path, key], `the key "${key}" is not allowed in a ruleset`);
      continue;
    }
    scanUntrusted((value as Record<string, unknown>)[key], [...path, key], depth + 1, c);
  }
}


function checkSemantics(r: Ruleset, c: Collector): void {
  for (const k of ["from", "to"] as const) {
    const d = r.effective[k];
    if (d !== undefined && !isIsoDate(d)) c.add("EFFECTIVE_PERIOD_INVALID", ["effective", k], `${d} is not a calendar date`);
  }
  if (r.effective.to !== undefined && r.effective.to < r.effective.from) {
    c.add("EFFECTIVE_PERIOD_INVALID", ["effective", "to"], `ends (${r.effective.to}) before it starts (${r.effective.from})`);
  }
  if (!(r.scale.max > r.scale.min)) {
    c.add("INVALID_RANGE", ["scale"], `scale.max (${r.scale.max}) must be greater than scale.min (${r.scale.min})`);
    return;
  }
  const declared = checkInputs(r, c);
  const used = new Set<string>();
  // Derived facts are read by indicators like inputs; rules read both.
  const inputs = checkRecordsFactsRules(r, c, declared, used);
  checkComputedInputs(r, c, used);
  if (r.publicComposite?.fallbackGradeInput !== undefined) used.add(r.publicComposite.fallbackGradeInput);
  const placed = checkTree(r, c);
  for (const p of placed) {
    if (!isGroup(p.node)) checkLeaf(r, p, inputs, used, c);
  }
  r.inputs.forEach((input, i) => {
    if (!used.has(input.id)) {
      c.add("UNUSED_INPUT", ["inputs", i, "id"], `input "${input.id}" is declared but no indicator or rule reads it`, "warning");
    }
  });
  checkBands(r, c);
  checkLabels(r, c);
  checkPublicComposite(r, placed, inputs, c);
  checkMeasures(r, c);
  checkRuleActions(r, c);
  checkPublication(r, c);
}

function checkInputs(r: Ruleset, c: Collector): Map<string, InputDef> {
  const byId = new Map<string, InputDef>();
  r.inputs.forEach((input, i) => {
    if (byId.has(input.id)) c.add("DUPLICATE_ID", ["inputs", i, "id"], `input id "${input.id}" is declared twice`);
    else byId.set(input.id, input);
    if ((input.type === "number" || input.type === "score") && input.min !== undefined && input.max !== undefined) {
      const ok = input.type === "score" ? input.max > input.min : input.max >= input.min;
      if (!ok) c.add("INVALID_RANGE", ["inputs", i], `min (${input.min}) must be below max (${input.max})`);
    }
    if (input.type === "category" && new Set(input.values).size !== input.values.length) {
      c.add("DUPLICATE_ID", ["inputs", i, "values"], "category values must be unique");
    }
  });
  return byId;
}

function checkTree(r: Ruleset, c: Collector): PlacedNode[] {
  const placed = placeNodes(r, MAX_INDICATOR_DEPTH);
  const seen = new Set<string>();
  const wanted = r.weighting === "points" ? "points" : "weight";
  const other = r.weighting === "points" ? "weight" : "points";
  for (const p of placed) {
    if (p.depth > MAX_INDICATOR_DEPTH) {
      c.add("NESTING_TOO_DEEP", p.path, `the indicator tree is deeper than ${MAX_INDICATOR_DEPTH} levels`);
    }
    if (seen.has(p.node.id)) c.add("DUPLICATE_ID", [...p.path, "id"], `indicator id "${p.node.id}" is used twice`);
    seen.add(p.node.id);
    if (p.node[wanted] === undefined) {
      c.add("MIXED_WEIGHTING", p.path, `weighting is "${r.weighting}", so every node needs "${wanted}"`);
    }
    if (p.node[other] !== undefined) {
      c.add("MIXED_WEIGHTING", [...p.path, other], `weighting is "${r.weighting}": use "${wanted}", not "${other}"`);
    }
  }
  // Sibling sums: top level against the scale (points) or 100 (weights), groups against their parent.
  const levels: { nodes: readonly Ruleset["indicators"][number][]; path: PathSegment[]; target: number }[] = [
    { nodes: r.indicators, path: ["indicators"], target: r.weighting === "points" ? r.scale.max - r.scale.min : 100 },
  ];
  for (const p of placed) {
    if (isGroup(p.node) && p.depth < MAX_INDICATOR_DEPTH) {
      levels.push({
        nodes: p.node.children,
        path: [...p.path, "children"],
        target: r.weighting === "points" ? (p.node.points ?? 0) : 100,
      });
    }
  }
  for (const level of levels) {
    const sum = level.nodes.reduce((s, n) => s + nodeAmount(r, n), 0);
    if (!nearlyEqual(sum, level.target)) {
      const code = r.weighting === "points" ? "POINTS_SUM_MISMATCH" : "WEIGHTS_SUM_MISMATCH";
      const what = r.weighting === "points" ? "points" : "weights";
      c.add(code, level.path, `${what} add up to ${round9(sum)}, expected ${level.target}`);
    }
  }
  return placed;
}


const SCORING_INPUT_TYPES: Record<ScoringDef["type"], readonly InputDef["type"][]> = {
  linear: ["number", "score"],
  bins: ["number", "score"],
  boolean: ["boolean"],
  lookup: ["category"],
  deduction: ["number"],
  passthrough: ["score"],
};

function checkLeaf(r: Ruleset, p: PlacedNode, inputs: Map<string, InputDef>, used: Set<string>, c: Collector): void {
  if (isGroup(p.node)) return;
  const leaf = p.node;
  const s = leaf.scoring;
  const sp: PathSegment[] = [...p.path, "scoring"];
  const outOf = indicatorOutOf(r, leaf, p.maxPoints);
  const refs: { id: string; path: PathSegment[]; types: readonly InputDef["type"][] }[] =
    s.type === "deduction"
      ? [
          ...(typeof s.base === "object"
            ? [{ id: s.base.input, path: [...sp, "base", "input"], types: ["boolean", "category"] as const }]
            : []),
          ...s.items.map((item, i) => ({ id: item.input, path: [...sp, "items", i, "input"], types: SCORING_INPUT_TYPES.deduction })),
        ]
      : [{ id: s.input, path: [...sp, "input"], types: SCORING_INPUT_TYPES[s.type] }];
  for (const ref of refs) {
    used.add(ref.id);
    const input = inputs.get(ref.id);
    if (!input) {
      c.add("UNKNOWN_INPUT", ref.path, `input "${ref.id}" is not declared in "inputs"${didYouMean(ref.id, inputs.keys())}`);
    } else if (!ref.types.includes(input.type)) {
      c.add("INPUT_TYPE_MISMATCH", ref.path, `a ${s.type} scoring needs a ${ref.types.join(" or ")} input; "${ref.id}" is ${input.type}`);
    }
  }
  const [lo, hi] = scoringRange(s, outOf);
  if (lo < 0 || hi > outOf + 1e-9 * outOf) {
    c.add("SCORE_OUT_OF_SCALE", sp, `scores range ${lo}–${hi}, outside the indicator's scale 0–${round9(outOf)}`);
  }
  if (s.type === "linear" && !(s.max > s.min)) {
    c.add("INVALID_RANGE", sp, `linear max (${s.max}) must be greater than min (${s.min})`);
  }
  if (s.type === "bins") {
    const spans = s.bins.map((b) => {
      const at = binBounds(b);
      return { lo: at.min, hi: at.max, loIn: at.minInclusive, hiIn: at.maxInclusive };
    });
    spans.forEach((b, j) => {
      // First match wins, so a bin inside an earlier bin can never be chosen.
      const by = spans.findIndex(
        (a, i) => i < j && (a.lo < b.lo || (a.lo === b.lo && (a.loIn || !b.loIn))) && (a.hi > b.hi || (a.hi === b.hi && (a.hiIn || !b.hiIn))),
      );
      if (by >= 0) c.add("BIN_UNREACHABLE", [...sp, "bins", j], `bin ${j} lies inside bin ${by}, which is tried first, so it never matches`, "warning");
    });
    s.bins.forEach((b, i) => {
      if (b.min !== undefined && b.max !== undefined) {
        const at = binBounds(b);
        const empty = b.max < b.min || (b.max === b.min && !(at.minInclusive && at.maxInclusive));
        if (empty) c.add("INVALID_RANGE", [...sp, "bins", i], `bin [${b.min}, ${b.max}] contains no value`);
      }
    });
  }
  if (s.type === "lookup") {
    const input = inputs.get(s.input);
    const seen = new Set<string>();
    s.table.forEach((row, i) => {
      if (seen.has(row.value)) c.add("DUPLICATE_ID", [...sp, "table", i, "value"], `"${row.value}" appears twice`);
      seen.add(row.value);
      if (input?.type === "category" && !input.values.includes(row.value)) {
        c.add("LOOKUP_UNKNOWN_VALUE", [...sp, "table", i, "value"], `"${row.value}" is not a value of input "${input.id}"`);
      }
    });
  }
  if (s.type === "deduction" && typeof s.base === "object") {
    const baseInput = s.base.input;
    const input = inputs.get(baseInput);
    s.base.cases.forEach((cs, i) => {
      if (input && !valueFits(input, cs.equals)) {
        c.add("INPUT_TYPE_MISMATCH", [...sp, "base", "cases", i, "equals"], `${JSON.stringify(cs.equals)} is not a value of input "${baseInput}"`);
      }
    });
  }
  if (leaf.onMissing !== undefined && typeof leaf.onMissing === "object") {
    for (const id of scoringInputs(s)) {
      const input = inputs.get(id);
      if (input && !valueFits(input, leaf.onMissing.impute)) {
        c.add("INPUT_TYPE_MISMATCH", [...p.path, "onMissing", "impute"], `imputed value ${JSON.stringify(leaf.onMissing.impute)} is not a valid "${id}" (${input.type})`);
      }
    }
  }
}

function valueFits(input: InputDef, v: unknown): boolean {
  switch (input.type) {
    case "number":
    case "score":
      return typeof v === "number" && (input.min === undefined || v >= input.min) && (input.max === undefined || v <= input.max);
    case "boolean":
      return typeof v === "boolean";
    case "category":
      return typeof v === "string" && input.values.includes(v);
  }
}

function checkBands(r: Ruleset, c: Collector): void {
  const { bands, scale, rounding } = r;
  const labels = compileLabelScale(r.labels);
  const positions = bands.map((b) => labelPosition(labels, b.grade, b.label));
  bands.forEach((b, i) => {
    if (!(b.max > b.min)) c.add("INVALID_RANGE", ["bands", i], `band ${b.grade}: max (${b.max}) must be greater than min (${b.min})`);
    for (const k of ["min", "max"] as const) {
      if (!fitsScale(b[k], rounding.scale)) {
        c.add("PRECISION_EXCEEDS_ROUNDING", ["bands", i, k], `${b[k]} has more decimals than the rounding scale (${rounding.scale})`);
      }
    }
    const prev = bands[i - 1];
    if (prev) {
      // Best first in the scheme's order: by grade, and by label within a grade (label.ts).
      if (positions[i]! <= positions[i - 1]!) {
        const name = (x: typeof b): string => (x.label === undefined ? x.grade : `${x.grade} (${x.label})`);
        c.add("BANDS_ORDER", ["bands", i, "grade"], `bands go best grade first: ${name(b)} cannot follow ${name(prev)}`);
      }
      const prevMinIn = bandBounds(prev, i - 1).minInclusive;
      const maxIn = bandBounds(b, i).maxInclusive;
      if (prev.min > b.max || (prev.min === b.max && !prevMinIn && !maxIn)) {
        c.add("BANDS_GAP", ["bands", i, "max"], `scores between band ${b.grade} (up to ${b.max}) and band ${prev.grade} (from ${prev.min}) get no grade`);
      } else if (prev.min < b.max || (prev.min === b.max && prevMinIn && maxIn)) {
        c.add("BANDS_OVERLAP", ["bands", i, "max"], `band ${b.grade} (up to ${b.max}) overlaps band ${prev.grade} (from ${prev.min})`);
      }
    }
  });
  const top = bands[0];
  const bottom = bands[bands.length - 1];
  if (top && (top.max < scale.max || (top.max === scale.max && !bandBounds(top, 0).maxInclusive))) {
    c.add("BANDS_COVERAGE", ["bands", 0, "max"], `the best band must reach the scale's maximum ${scale.max} inclusive`);
  }
  if (bottom && (bottom.min > scale.min || (bottom.min === scale.min && !bandBounds(bottom, bands.length - 1).minInclusive))) {
    c.add("BANDS_COVERAGE", ["bands", bands.length - 1, "min"], `the worst band must start at the scale's minimum ${scale.min} inclusive`);
  }
}
