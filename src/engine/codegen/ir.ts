/**
 * The kernel language (内核中间表示): the small imperative language in which the compiled
 * grading plan is written once. Each rule of grading (how an indicator scores, which band a
 * total falls in, which effect wins, which record still counts) is written in it by the plan,
 * and then either emitted as JavaScript (emit.ts, through the code builder) or run as closures
 * (interpret.ts) where code generation is refused. The two backends know only this language's
 * dozen node kinds, never grading.
 *
 * Values outside the language (the library's helper functions, lookup tables) enter as
 * {@link Ext} nodes; ruleset content enters only as {@link Lit} literals.
 * @module
 */

/**
 * A literal value of the language.
 * @category Grading
 */
export type Literal = number | string | boolean | null | undefined;

/**
 * A variable: a parameter or a local of one function.
 * @category Grading
 */
export interface Var {
  /** The node kind. */
  readonly k: "var";
  /** A readable hint for its generated name (letters only). */
  readonly hint: string;
  /** Unique within the process; identity is what matters. */
  readonly id: number;
}

/**
 * Binary operators (JavaScript semantics).
 * @category Grading
 */
export type BinaryOp = "+" | "-" | "*" | "/" | "%" | "<" | "<=" | ">" | ">=" | "===" | "!==";

/**
 * The `typeof` results a test may ask for.
 * @category Grading
 */
export type TypeofName = "number" | "string" | "boolean" | "object" | "undefined" | "function" | "bigint" | "symbol";

/**
 * An expression.
 * @category Grading
 */
export type Expr =
  | { readonly k: "lit"; readonly v: Literal }
  | { readonly k: "ref"; readonly v: Var }
  | { readonly k: "ext"; readonly hint: string; readonly value: unknown }
  | { readonly k: "fn"; readonly name: string }
  | { readonly k: "at"; readonly a: Expr; readonly i: Expr }
  | { readonly k: "get"; readonly o: Expr; readonly key: string }
  | { readonly k: "own"; readonly o: Expr; readonly key: string; readonly plain: Expr | undefined }
  | { readonly k: "not"; readonly a: Expr }
  | { readonly k: "typeof"; readonly a: Expr; readonly is: TypeofName }
  | { readonly k: "bin"; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  | { readonly k: "and" | "or"; readonly xs: readonly Expr[] }
  | { readonly k: "cond"; readonly c: Expr; readonly a: Expr; readonly b: Expr }
  | { readonly k: "call"; readonly f: Expr; readonly args: readonly Expr[] }
  | { readonly k: "obj"; readonly props: readonly (readonly [string, Expr])[] };

/**
 * A statement.
 * @category Grading
 */
export type Stmt =
  | { readonly k: "set"; readonly v: Var; readonly e: Expr }
  | { readonly k: "put"; readonly a: Expr; readonly i: Expr; readonly e: Expr }
  | { readonly k: "putp"; readonly o: Expr; readonly key: string; readonly e: Expr }
  | { readonly k: "do"; readonly e: Expr }
  | { readonly k: "if"; readonly c: Expr; readonly then: readonly Stmt[]; readonly else: readonly Stmt[] }
  | { readonly k: "switch"; readonly on: Expr; readonly cases: readonly SwitchCase[]; readonly otherwise: readonly Stmt[] }
  | { readonly k: "for"; readonly i: Var; readonly n: Expr; readonly body: readonly Stmt[] }
  | { readonly k: "continue" }
  | { readonly k: "return"; readonly e: Expr | undefined };

/**
 * One case of a switch: the literals it matches (by `===`) and its body (no fall-through).
 * @category Grading
 */
export interface SwitchCase {
  /** The values matched. */
  readonly is: readonly Literal[];
  /** The statements run. */
  readonly body: readonly Stmt[];
}

/**
 * A function of a module.
 * @category Grading
 */
export interface Fn {
  /** Its name in the module (letters and digits). */
  readonly name: string;
  /** Its parameters. */
  readonly params: readonly Var[];
  /** Its body. */
  readonly body: readonly Stmt[];
}

/**
 * A module: functions that may call each other, exported together by name.
 * @category Grading
 */
export interface Module {
  /** What the module is, for stack traces and profiles (e.g. the ruleset id and version). */
  readonly label: string;
  /** Its functions. */
  readonly fns: readonly Fn[];
}

/**
 * Whether an object's prototype is `Object.prototype` or `null`: then a name that
 * `Object.prototype` does not have can only be read from the object itself.
 * @param o - An object.
 * @returns `true` for a plain object (JSON.parse makes them).
 * @category Grading
 */
export function isPlainObject(o: unknown): boolean {
  const p: unknown = Object.getPrototypeOf(o);
  return p === Object.prototype || p === null;
}

let nextVar = 0;

/**
 * A new variable.
 * @param hint - A readable hint for its generated name (letters only).
 * @returns The variable.
 * @category Grading
 */
export function variable(hint: string): Var {
  return { k: "var", hint, id: nextVar++ };
}

/**
 * Expression constructors.
 * @category Grading
 */
export const x = {
  /** A literal. */
  lit: (v: Literal): Expr => ({ k: "lit", v }),
  /** A variable's value. */
  ref: (v: Var): Expr => ({ k: "ref", v }),
  /** An outside value (a helper function or table) under a generated name. */
  ext: (hint: string, value: unknown): Expr => ({ k: "ext", hint, value }),
  /** Another function of the same module. */
  fn: (name: string): Expr => ({ k: "fn", name }),
  /** `a[i]`. */
  at: (a: Expr, i: Expr | number): Expr => ({ k: "at", a, i: typeof i === "number" ? { k: "lit", v: i } : i }),
  /** `o.key`, for objects the library made (never subject data). */
  get: (o: Expr, key: string): Expr => ({ k: "get", o, key }),
  /**
   * `o`'s own property `key`, or `undefined` (never a prototype's, never a getter there).
   * `plain`, when given, is an expression true only when `o`'s prototype is `Object.prototype`
   * or `null` (see {@link isPlainObject}): the code backend then reads names that
   * `Object.prototype` lacks directly, which is the same answer without a lookup per read.
   */
  own: (o: Expr, key: string, plain?: Expr): Expr => ({ k: "own", o, key, plain }),
  /** `!a`. */
  not: (a: Expr): Expr => ({ k: "not", a }),
  /** `typeof a === is`. */
  typeIs: (a: Expr, is: TypeofName): Expr => ({ k: "typeof", a, is }),
  /** A binary operation. */
  bin: (op: BinaryOp, a: Expr, b: Expr): Expr => ({ k: "bin", op, a, b }),
  /** `a && b && …` (true when empty). */
  and: (...xs: Expr[]): Expr => (xs.length === 1 ? xs[0]! : { k: "and", xs }),
  /** `a || b || …` (false when empty). */
  or: (...xs: Expr[]): Expr => (xs.length === 1 ? xs[0]! : { k: "or", xs }),
  /** `c ? a : b`. */
  cond: (c: Expr, a: Expr, b: Expr): Expr => ({ k: "cond", c, a, b }),
  /** `f(args…)`. */
  call: (f: Expr, ...args: Expr[]): Expr => ({ k: "call", f, args }),
  /**
   * A new plain object with these own data properties, in order (a later repeat of a key
   * overwrites the value and keeps the first place); no setter anywhere is invoked.
   */
  obj: (props: readonly (readonly [string, Expr])[]): Expr => ({ k: "obj", props }),
  /** `a === undefined || a === null`. */
  isNil: (a: Expr): Expr => ({ k: "or", xs: [{ k: "bin", op: "===", a, b: { k: "lit", v: undefined } }, { k: "bin", op: "===", a, b: { k: "lit", v: null } }] }),
  /** Whether `o`'s prototype is `Object.prototype` or `null` (the `plain` of {@link x.own}). */
  isPlain: (o: Expr): Expr => ({ k: "call", f: { k: "ext", hint: "isPlain", value: isPlainObject }, args: [o] }),
} as const;

/**
 * Statement constructors.
 * @category Grading
 */
export const s = {
  /** `v = e`. */
  set: (v: Var, e: Expr): Stmt => ({ k: "set", v, e }),
  /** `a[i] = e`. */
  put: (a: Expr, i: Expr | number, e: Expr): Stmt => ({ k: "put", a, i: typeof i === "number" ? { k: "lit", v: i } : i, e }),
  /** `o.key = e`, for objects the library made. */
  putp: (o: Expr, key: string, e: Expr): Stmt => ({ k: "putp", o, key, e }),
  /** An expression for its effect. */
  do: (e: Expr): Stmt => ({ k: "do", e }),
  /** `if (c) { then } else { otherwise }`. */
  if: (c: Expr, then: readonly Stmt[], otherwise: readonly Stmt[] = []): Stmt => ({ k: "if", c, then, else: otherwise }),
  /** A switch on `===` literals, no fall-through. */
  switch: (on: Expr, cases: readonly SwitchCase[], otherwise: readonly Stmt[] = []): Stmt => ({ k: "switch", on, cases, otherwise }),
  /** `for (i = 0; i < n; i++) { body }`. */
  for: (i: Var, n: Expr, body: readonly Stmt[]): Stmt => ({ k: "for", i, n, body }),
  /** `continue` (the innermost `for`). */
  continue: (): Stmt => ({ k: "continue" }),
  /** `return e`. */
  return: (e?: Expr): Stmt => ({ k: "return", e }),
} as const;
