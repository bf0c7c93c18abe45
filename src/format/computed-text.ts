/**
 * The text form of a computed input's expression (guide §12.5), parsed into the JSON form of
 * format/computed.ts and printed back. Grammar, loosest first:
 *
 * ```text
 * expr    = or
 * or      = and { "or" and }
 * and     = not { "and" not }
 * not     = "not" not | compare
 * compare = sum [ ("<" | "<=" | ">" | ">=" | "==" | "!=") sum ]
 * sum     = product { ("+" | "-") product }
 * product = unary { ("*" | "/") unary }
 * unary   = "-" unary | primary
 * primary = number | "true" | "false" | name | call | "(" expr ")"
 * call    = ("min" | "max") "(" expr { "," expr } ")" | "abs" "(" expr ")" | "if" "(" expr "," expr "," expr ")"
 * name    = letter { letter | digit | "_" | "." } | "`" any character but "`" … "`"
 * ```
 *
 * Operators of one level associate to the left (`a - b - c` is `(a - b) - c`); a comparison does
 * not chain. A name that is a keyword or has a `-` is written in backquotes.
 * @module
 */
import { type ComputedExpr, MAX_COMPUTED_DEPTH, MAX_COMPUTED_NODES, operandsOf, operatorOf } from "./computed.js";

/**
 * The text form parsed: the JSON form, or where and why it is not an expression.
 * @category Ruleset format
 */
export type ComputedParse = { readonly ok: true; readonly expr: ComputedExpr } | { readonly ok: false; readonly position: number; readonly message: string };

/**
 * The longest a text form may be, in characters.
 * @category Ruleset format
 */
export const MAX_COMPUTED_TEXT = MAX_COMPUTED_NODES * 8;

type Tok = { t: "num"; v: number; at: number } | { t: "name"; v: string; at: number; quoted: boolean } | { t: "op"; v: string; at: number } | { t: "end"; at: number };

class ParseError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
  }
}

const KEYWORDS = new Set(["and", "or", "not", "true", "false"]);
const FUNCTIONS = new Set(["min", "max", "abs", "if"]);

function tokens(text: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (num) {
      const v = Number(num[0]);
      if (!Number.isFinite(v)) throw new ParseError(i, `the number ${num[0]} is not finite`);
      out.push({ t: "num", v, at: i });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (name) {
      out.push({ t: "name", v: name[0], at: i, quoted: false });
      i += name[0].length;
      continue;
    }
    if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end < 0) throw new ParseError(i, "a backquoted name is not closed");
      if (end === i + 1) throw new ParseError(i, "a backquoted name is empty");
      out.push({ t: "name", v: text.slice(i + 1, end), at: i, quoted: true });
      i = end + 1;
      continue;
    }
    const op = ["<=", ">=", "==", "!="].find((o) => text.startsWith(o, i)) ?? ("+-*/<>(),".includes(c) ? c : undefined);
    if (op === undefined) throw new ParseError(i, `unexpected character ${JSON.stringify(c)}`);
    out.push({ t: "op", v: op, at: i });
    i += op.length;
  }
  out.push({ t: "end", at: text.length });
  return out;
}

const SUM: Readonly<Record<string, string>> = { "+": "add", "-": "sub" };
const PRODUCT: Readonly<Record<string, string>> = { "*": "mul", "/": "div" };
const COMPARE: Record<string, string> = { "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne" };

/**
 * Parses the text form of a computed input's expression into its JSON form.
 * @param text - The text, e.g. `"complaints * 1000 / orders"`.
 * @returns The expression, or the position (0-based character offset) and reason of the first problem.
 * @example
 * parseComputedText("complaints * 1000 / orders");
 * //=> { ok: true, expr: { div: [{ mul: [{ ref: "complaints" }, 1000] }, { ref: "orders" }] } }
 * @category Ruleset format
 */
export function parseComputedText(text: string): ComputedParse {
  if (text.length > MAX_COMPUTED_TEXT) return { ok: false, position: MAX_COMPUTED_TEXT, message: `the text is longer than ${MAX_COMPUTED_TEXT} characters` };
  try {
    const ts = tokens(text);
    let p = 0;
    let depth = 0;
    const peek = (): Tok => ts[p]!;
    const isOp = (v: string): boolean => {
      const t = peek();
      return t.t === "op" && t.v === v;
    };
    const isWord = (v: string): boolean => {
      const t = peek();
      return t.t === "name" && !t.quoted && t.v === v;
    };
    const expect = (v: string): void => {
      if (!isOp(v)) throw new ParseError(peek().at, `expected "${v}", found ${show(peek())}`);
      p++;
    };
    const nested = <T>(at: number, f: () => T): T => {
      if (++depth > MAX_COMPUTED_DEPTH) throw new ParseError(at, `the expression is nested deeper than ${MAX_COMPUTED_DEPTH} levels`);
      const v = f();
      depth--;
      return v;
    };
    const chain = (key: "or" | "and", next: () => ComputedExpr): ComputedExpr => {
      const xs = [next()];
      while (isWord(key)) {
        p++;
        xs.push(next());
      }
      return xs.length === 1 ? xs[0]! : ({ [key]: xs } as unknown as ComputedExpr);
    };
    const expr = (): ComputedExpr => nested(peek().at, () => chain("or", () => chain("and", not)));
    const not = (): ComputedExpr => {
      if (!isWord("not")) return compare();
      const at = peek().at;
      p++;
      return nested(at, () => ({ not: not() }));
    };
    const compare = (): ComputedExpr => {
      const a = sum();
      const t = peek();
      const key = t.t === "op" ? COMPARE[t.v] : undefined;
      if (key === undefined) return a;
      p++;
      const b = sum();
      const u = peek();
      if (u.t === "op" && COMPARE[u.v] !== undefined) throw new ParseError(u.at, "comparisons do not chain: use and");
      return { [key]: [a, b] } as unknown as ComputedExpr;
    };
    // One level of left-associative operators: a op b op c is (a op b) op c.
    const left = (ops: Readonly<Record<string, string>>, next: () => ComputedExpr): ComputedExpr => {
      let a = next();
      for (let t = peek(); t.t === "op" && ops[t.v] !== undefined; t = peek()) {
        p++;
        a = { [ops[t.v]!]: [a, next()] } as unknown as ComputedExpr;
      }
      return a;
    };
    const sum = (): ComputedExpr => left(SUM, product);
    const product = (): ComputedExpr => left(PRODUCT, unary);
    const unary = (): ComputedExpr => {
      if (!isOp("-")) return primary();
      const at = peek().at;
      p++;
      return nested(at, () => {
        const a = unary();
        return typeof a === "number" ? -a : { neg: a };
      });
    };
    const primary = (): ComputedExpr => {
      const t = peek();
      if (t.t === "num") {
        p++;
        return t.v;
      }
      if (t.t === "op" && t.v === "(") {
        p++;
        const e = expr();
        expect(")");
        return e;
      }
      if (t.t !== "name") throw new ParseError(t.at, `expected a number, a name or "(", found ${show(t)}`);
      p++;
      if (t.quoted) return { ref: t.v };
      if (t.v === "true" || t.v === "false") return t.v === "true";
      if (KEYWORDS.has(t.v)) throw new ParseError(t.at, `"${t.v}" is a keyword: write a name that is one in backquotes`);
      if (!FUNCTIONS.has(t.v) || !isOp("(")) {
        if (FUNCTIONS.has(t.v)) throw new ParseError(peek().at, `expected "(" after ${t.v} (a name that is a function's is written in backquotes)`);
        return { ref: t.v };
      }
      p++;
      const args = [expr()];
      while (isOp(",")) {
        p++;
        args.push(expr());
      }
      expect(")");
      const want = t.v === "abs" ? 1 : t.v === "if" ? 3 : 0;
      if (want !== 0 && args.length !== want) throw new ParseError(t.at, `${t.v} takes ${want} operand${want === 1 ? "" : "s"}, not ${args.length}`);
      if (t.v === "abs") return { abs: args[0]! };
      if (t.v === "if") return { if: [args[0]!, args[1]!, args[2]!] };
      return { [t.v]: args } as unknown as ComputedExpr;
    };
    const e = expr();
    if (peek().t !== "end") throw new ParseError(peek().at, `unexpected ${show(peek())} after the expression`);
    return { ok: true, expr: e };
  } catch (err) {
    if (err instanceof ParseError) return { ok: false, position: err.position, message: err.message };
    throw err;
  }
}

function show(t: Tok): string {
  return t.t === "end" ? "the end of the text" : t.t === "num" ? `the number ${t.v}` : t.t === "name" ? `the name "${t.v}"` : `"${t.v}"`;
}

const INFIX: Record<string, [op: string, level: number]> = {
  or: ["or", 1],
  and: ["and", 2],
  lt: ["<", 4],
  le: ["<=", 4],
  gt: [">", 4],
  ge: [">=", 4],
  eq: ["==", 4],
  ne: ["!=", 4],
  add: ["+", 5],
  sub: ["-", 5],
  mul: ["*", 6],
  div: ["/", 6],
};

/**
 * The text form of an expression, with no more parentheses than its meaning needs. A division's
 * own `onZero` has no text form and is dropped.
 * @param e - The expression (JSON form).
 * @returns The text.
 * @example
 * printComputed({ div: [{ mul: [{ ref: "complaints" }, 1000] }, { ref: "orders" }] }); //=> "complaints * 1000 / orders"
 * @category Ruleset format
 */
export function printComputed(e: ComputedExpr): string {
  return print(e, 0);
}

function print(e: ComputedExpr, outer: number): string {
  if (typeof e === "number") return e < 0 && outer > 6 ? `(${String(e)})` : String(e);
  if (typeof e === "boolean") return String(e);
  if ("ref" in e) return /^[A-Za-z][A-Za-z0-9_.]*$/.test(e.ref) && !KEYWORDS.has(e.ref) && !FUNCTIONS.has(e.ref) ? e.ref : `\`${e.ref}\``;
  const key = operatorOf(e);
  const xs = operandsOf(e);
  const infix = INFIX[key];
  if (infix !== undefined) {
    const [op, level] = infix;
    // Left-associative: the first operand may sit at this level, the others one tighter; a
    // comparison's operands are sums.
    const parts = xs.map((a, i) => print(a, level === 4 ? 5 : i === 0 ? level : level + 1));
    const text = parts.join(` ${op} `);
    return level < outer ? `(${text})` : text;
  }
  switch (key) {
    case "not": {
      const text = `not ${print(xs[0]!, 3)}`;
      return 3 < outer ? `(${text})` : text;
    }
    case "neg": {
      const text = `-${print(xs[0]!, 7)}`;
      return 7 < outer ? `(${text})` : text;
    }
    default:
      return `${key}(${xs.map((a) => print(a, 0)).join(", ")})`;
  }
}
