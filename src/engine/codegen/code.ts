/**
 * The code builder (代码构建器): the only way generated JavaScript is written, in the manner of
 * ajv's `compile/codegen`. Source is built with the tagged template {@link _}, in which every
 * interpolated value becomes a literal unless it is {@link Code} already: a string becomes a
 * quoted string literal, a number a numeric literal, never raw text. Only {@link Name}s (checked
 * identifiers) and `Code` built by this module are pasted as written. Values that are not
 * literals (functions, tables) enter through a {@link Scope} under generated names, as the
 * parameters of the function that wraps the module. A slip at any site is therefore a type
 * error, or a literal, never an injection.
 * @module
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// ECMAScript reserved words and the strict-mode ones a name must not be.
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface " +
    "package private protected public await arguments eval undefined NaN Infinity"
  ).split(" "),
);

const BRAND: unique symbol = Symbol("credit-grading.code");

/**
 * A fragment of generated JavaScript: only this module makes one.
 * @category Grading
 */
export class Code {
  /** @internal */
  readonly [BRAND] = true;
  /** The source text. */
  readonly text: string;

  /** @internal Use {@link _}, {@link lit}, {@link join} or {@link name}. */
  protected constructor(text: string, key: symbol) {
    if (key !== BRAND) throw new TypeError("Code is made by the code builder only");
    this.text = text;
  }

  /** @internal */
  static of(text: string): Code {
    return new Code(text, BRAND);
  }

  /** The source text. */
  toString(): string {
    return this.text;
  }
}

/**
 * A checked JavaScript identifier: letters, digits, `_` and `$`, not a reserved word.
 * @category Grading
 */
export class Name extends Code {
  /** @internal Use {@link name}. */
  constructor(text: string, key: symbol) {
    if (!IDENTIFIER.test(text) || RESERVED.has(text)) throw new TypeError(`not an identifier: ${JSON.stringify(text)}`);
    super(text, key);
  }
}

/**
 * Makes a checked identifier.
 * @param text - The identifier.
 * @returns The name.
 * @throws TypeError for anything but an identifier that is not a reserved word.
 * @example
 * name("score").text; //=> "score"
 * name("a-b"); // throws TypeError
 * @category Grading
 */
export function name(text: string): Name {
  return new Name(text, BRAND);
}

/**
 * What may be interpolated in {@link _}: code pasted as written, anything else written as a literal.
 * @category Grading
 */
export type Interpolable = Code | string | number | boolean | null | undefined | readonly Interpolable[];

/**
 * Writes a value as a JavaScript literal that evaluates to an equal value.
 * @param v - A string, number, boolean, `null`, `undefined` or an array of these.
 * @returns The literal.
 * @throws TypeError for any other value (objects and functions go through a {@link Scope}).
 * @example
 * lit('a"b').text; //=> '"a\\"b"'
 * lit(-0.5).text; //=> "(-0.5)"
 * @category Grading
 */
export function lit(v: Interpolable): Code {
  return v instanceof Code ? v : Code.of(literalText(v));
}

function literalText(v: unknown): string {
  switch (typeof v) {
    case "string":
      // JSON string syntax is JavaScript string syntax: no quote, backslash or line break survives.
      return JSON.stringify(v);
    case "number":
      if (Number.isNaN(v)) return "NaN";
      if (v === Number.POSITIVE_INFINITY) return "(1/0)";
      if (v === Number.NEGATIVE_INFINITY) return "(-1/0)";
      if (Object.is(v, -0)) return "(-0)";
      return v < 0 ? `(${String(v)})` : String(v);
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "undefined";
    default:
      if (v === null) return "null";
      if (Array.isArray(v)) return `[${v.map((x) => (x instanceof Code ? x.text : literalText(x))).join(", ")}]`;
      throw new TypeError(`not a literal: ${Object.prototype.toString.call(v)}`);
  }
}

/**
 * The tagged template of generated code: the template's own text is pasted as written, each
 * interpolated {@link Code} too, and every other value as a literal ({@link lit}).
 * @param strings - The template's text.
 * @param values - The interpolated values.
 * @returns The code.
 * @example
 * _`x === ${"a\"); evil(); (\""}`.text; //=> 'x === "a\\"); evil(); (\\""'
 * _`${name("x")} + ${1}`.text; //=> "x + 1"
 * @category Grading
 */
export function _(strings: TemplateStringsArray, ...values: readonly Interpolable[]): Code {
  let text = strings[0]!;
  for (let i = 0; i < values.length; i++) text += lit(values[i]!).text + strings[i + 1]!;
  return Code.of(text);
}

/**
 * Joins code fragments with a separator.
 * @param parts - The fragments.
 * @param separator - What goes between them (default `, `).
 * @returns The joined code.
 * @example
 * join([_`a`, _`b`], _` && `).text; //=> "a && b"
 * @category Grading
 */
export function join(parts: readonly Code[], separator: Code = Code.of(", ")): Code {
  return Code.of(parts.map((p) => p.text).join(separator.text));
}

/**
 * Writes generated code line by line (cheaper than nesting fragments for a whole module): it
 * takes only {@link Code}, so what it writes is as safe as the fragments it is given.
 * @category Grading
 */
export class CodeWriter {
  readonly #lines: string[] = [];

  /**
   * Appends a line.
   * @param line - The code.
   */
  line(line: Code): void {
    this.#lines.push(line.text);
  }

  /** The code written so far. */
  toCode(): Code {
    return Code.of(this.#lines.join("\n"));
  }
}

/**
 * The outside values a generated module uses (functions, tables, shared objects), each under a
 * generated name. The names become the parameters of the function that wraps the module, and
 * the values its arguments: no value is ever written into the source.
 * @category Grading
 */
export class Scope {
  readonly #names: Name[] = [];
  readonly #values: unknown[] = [];
  readonly #byValue = new Map<unknown, Name>();

  /**
   * The name under which a value is reachable from generated code (the same value, the same name).
   * @param prefix - A readable prefix for the name (letters only).
   * @param value - The value.
   * @returns Its name.
   */
  value(prefix: string, value: unknown): Name {
    const known = this.#byValue.get(value);
    if (known !== undefined) return known;
    const n = name(`${/^[A-Za-z]+$/.test(prefix) ? prefix : "v"}$${this.#names.length}`);
    this.#names.push(n);
    this.#values.push(value);
    this.#byValue.set(value, n);
    return n;
  }

  /** The names, in order. */
  get names(): readonly Name[] {
    return this.#names;
  }

  /** The values, in the order of {@link Scope.names}. */
  get values(): readonly unknown[] {
    return this.#values;
  }
}

/**
 * Whether this platform lets the library compile generated code. A Content-Security-Policy
 * without `unsafe-eval`, or `node --disallow-code-generation-from-strings`, refuses it.
 * @returns `true` when `new Function` works here.
 * @category Grading
 */
export function allowsCodegen(): boolean {
  try {
    return new Function("return true")() === true;
  } catch {
    return false;
  }
}

/**
 * Compiles a module body built with this builder and runs it with the scope's values.
 * @param body - The module body; it ends by returning what the module exports.
 * @param scope - The outside values it names.
 * @param sourceUrl - Named in stack traces and profiles (`//# sourceURL`), e.g. the ruleset id and version.
 * @returns What the body returns, or `undefined` where the platform refuses generated code.
 * @example
 * const s = new Scope();
 * compileModule<number>(_`return ${s.value("f", (x: number) => x + 1)}(1);`, s, "demo"); //=> 2
 * @category Grading
 */
export function compileModule<T>(body: Code, scope: Scope, sourceUrl: string): T | undefined {
  // The URL is ruleset text: percent-encoded, it cannot end the comment or the line.
  const url = `credit-grading:///${encodeURIComponent(sourceUrl)}.js`;
  const source = `"use strict";\n${body.text}\n//# sourceURL=${url}`;
  let make: (...args: unknown[]) => T;
  try {
    // The library's only dynamic code: `source` is built by this module alone (see @module).
    make = new Function(...scope.names.map((n) => n.text), source) as typeof make;
  } catch (error) {
    // Refused by the platform (EvalError); a SyntaxError would be a bug of the generator.
    if (error instanceof EvalError) return undefined;
    throw error;
  }
  return make(...scope.values);
}
