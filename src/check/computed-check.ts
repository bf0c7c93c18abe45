/**
 * Checks of computed inputs (format/computed.ts): the text form parses (the position of the
 * first problem in the message), the expression is within {@link MAX_COMPUTED_DEPTH} and
 * {@link MAX_COMPUTED_NODES}, every name is an input or a derived fact of a number or boolean
 * value, a computed input reads only computed inputs declared before it (so there is no cycle),
 * and every operator has operands of its types and the result the input's declared type.
 * @module
 */
import type { PathSegment } from "../base/diagnostic.js";
import { didYouMean } from "../base/suggest.js";
import { type ComputedExpr, MAX_COMPUTED_DEPTH, MAX_COMPUTED_NODES, measureComputed, operandsOf, operatorOf } from "../format/computed.js";
import { parseComputedText } from "../format/computed-text.js";
import { factValueType } from "../format/fact.js";
import type { Ruleset } from "../format/ruleset-schema.js";
import type { InputDef } from "../format/input.js";
import type { Collector } from "./collector.js";

type ValueType = "number" | "boolean";

/**
 * The JSON form of a computed input's expression, the text form parsed (`undefined` for an input
 * that is not computed, or a text form that does not parse).
 * @param def - The input.
 * @returns The expression.
 * @category Checking rulesets
 */
export function computedExpr(def: InputDef): ComputedExpr | undefined {
  if (!("computed" in def) || def.computed === undefined) return undefined;
  if (typeof def.computed !== "string") return def.computed;
  const parsed = parseComputedText(def.computed);
  return parsed.ok ? parsed.expr : undefined;
}

/**
 * Checks the computed inputs of a ruleset, adding the names they read to `used`.
 * @param r - The ruleset.
 * @param c - Where diagnostics go.
 * @param used - Filled with every input and fact a computed input reads.
 * @category Checking rulesets
 */
export function checkComputedInputs(r: Ruleset, c: Collector, used: Set<string>): void {
  const inputAt = new Map<string, number>();
  r.inputs.forEach((d, i) => {
    if (!inputAt.has(d.id)) inputAt.set(d.id, i);
  });
  const facts = new Map((r.facts ?? []).map((f) => [f.id, f]));
  const names = [...inputAt.keys(), ...facts.keys()];
  r.inputs.forEach((def, i) => {
    if (!("computed" in def) || def.computed === undefined) return;
    const at: PathSegment[] = ["inputs", i, "computed"];
    if (def.required === true) c.add("COMPUTED_REQUIRED", ["inputs", i, "required"], `input "${def.id}" is computed, not read from the subject: "required" does not apply (an indicator's missing-input policy decides what a missing result does)`);
    let expr: ComputedExpr;
    if (typeof def.computed === "string") {
      const parsed = parseComputedText(def.computed);
      if (!parsed.ok) {
        c.add("COMPUTED_SYNTAX", at, `at character ${parsed.position + 1} of ${JSON.stringify(def.computed)}: ${parsed.message}`);
        return;
      }
      expr = parsed.expr;
    } else expr = def.computed;
    const size = measureComputed(expr);
    if (size.depth > MAX_COMPUTED_DEPTH) return c.add("COMPUTED_TOO_DEEP", at, `the expression of input "${def.id}" is nested deeper than ${MAX_COMPUTED_DEPTH} levels`);
    if (size.nodes > MAX_COMPUTED_NODES) return c.add("COMPUTED_TOO_LARGE", at, `the expression of input "${def.id}" has more than ${MAX_COMPUTED_NODES} nodes`);
    const text = typeof def.computed === "string";
    const typeOfName = (name: string, path: PathSegment[]): ValueType | undefined => {
      used.add(name);
      const f = facts.get(name);
      if (f !== undefined) {
        const t = factValueType(f);
        if (t === "number" || t === "boolean") return t;
        c.add("COMPUTED_TYPE", path, `fact "${name}" has no number or boolean value; a computed input reads numbers and booleans`);
        return undefined;
      }
      const j = inputAt.get(name);
      if (j === undefined) {
        c.add("COMPUTED_UNKNOWN_NAME", path, `"${name}" is neither an input nor a derived fact${didYouMean(name, names)}`);
        return undefined;
      }
      const d = r.inputs[j]!;
      if ("computed" in d && d.computed !== undefined && j >= i) {
        c.add("COMPUTED_CYCLE", path, j === i ? `input "${def.id}" reads itself` : `input "${name}" is computed after "${def.id}" (computed inputs are computed in the order declared): declare it first${reads(r, j, def.id) ? `; as they read each other, this is a cycle` : ""}`);
        return undefined;
      }
      if (d.type === "number" || d.type === "score") return "number";
      if (d.type === "boolean") return "boolean";
      c.add("COMPUTED_TYPE", path, `input "${name}" is a ${d.type}; a computed input reads numbers and booleans`);
      return undefined;
    };
    const type = typeOf(expr, at, !text, typeOfName, c);
    if (type !== undefined && type !== def.type) c.add("COMPUTED_TYPE", at, `input "${def.id}" is declared ${def.type} but its expression gives a ${type}`);
  });
}

// Whether computed input j reads `id` (directly).
function reads(r: Ruleset, j: number, id: string): boolean {
  const e = computedExpr(r.inputs[j]!);
  return e !== undefined && measureComputed(e).refs.includes(id);
}

const NUMBER_OPS = new Set(["add", "sub", "mul", "div", "neg", "min", "max", "abs"]);
const ORDER_OPS = new Set(["lt", "le", "gt", "ge"]);
const LOGIC_OPS = new Set(["and", "or", "not"]);

// The type of an expression (undefined after a problem, already reported). Depth is bounded by
// the limit checked before. Paths go into the JSON form; a text form's problems are at its path.
function typeOf(e: ComputedExpr, path: PathSegment[], deep: boolean, nameType: (name: string, path: PathSegment[]) => ValueType | undefined, c: Collector): ValueType | undefined {
  if (typeof e === "number") return "number";
  if (typeof e === "boolean") return "boolean";
  if ("ref" in e) return nameType(e.ref, deep ? [...path, "ref"] : path);
  const op = operatorOf(e);
  const xs = operandsOf(e);
  const single = !Array.isArray((e as Record<string, unknown>)[op]);
  const at = (i: number): PathSegment[] => (deep ? (single ? [...path, op] : [...path, op, i]) : path);
  const ts = xs.map((a, i) => typeOf(a, at(i), deep, nameType, c));
  const want = (i: number, t: ValueType): boolean => {
    if (ts[i] === undefined || ts[i] === t) return ts[i] !== undefined;
    c.add("COMPUTED_TYPE", at(i), `${op} needs ${t === "number" ? "a number" : "true or false"} here, not a ${ts[i]}`);
    return false;
  };
  const all = (t: ValueType): boolean => ts.map((_, i) => want(i, t)).every(Boolean);
  if (NUMBER_OPS.has(op)) return all("number") ? "number" : undefined;
  if (ORDER_OPS.has(op)) return all("number") ? "boolean" : undefined;
  if (LOGIC_OPS.has(op)) return all("boolean") ? "boolean" : undefined;
  if (op === "eq" || op === "ne") {
    if (ts[0] === undefined || ts[1] === undefined) return undefined;
    if (ts[0] !== ts[1]) {
      c.add("COMPUTED_TYPE", deep ? [...path, op] : path, `${op} compares a ${ts[0]} with a ${ts[1]}`);
      return undefined;
    }
    return "boolean";
  }
  // if: [condition, then, else]
  const cond = want(0, "boolean");
  if (ts[1] === undefined || ts[2] === undefined || !cond) return undefined;
  if (ts[1] !== ts[2]) {
    c.add("COMPUTED_TYPE", deep ? [...path, op] : path, `the branches of if give a ${ts[1]} and a ${ts[2]}`);
    return undefined;
  }
  return ts[1];
}
