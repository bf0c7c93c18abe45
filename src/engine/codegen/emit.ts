/**
 * The code backend (代码生成): a module of the kernel language written out as JavaScript
 * through the code builder, then compiled once. Every piece of text it writes is a
 * {@link Code} fragment of the builder: literals through `_` and names checked by `name`.
 * @module
 */
import { _, type Code, CodeWriter, compileModule, join, lit, type Name, name, Scope } from "./code.js";
import type { Expr, Fn, Module, Stmt, Var } from "./ir.js";

const hasOwn = Object.hasOwn;
// The own-property read of an object held in an expression that is not a plain variable.
// Like the inline form, it throws a TypeError for null and undefined, as `Object.hasOwn` does.
const ownOf = (o: unknown, key: string): unknown => (hasOwn(o as object, key) ? (o as Record<string, unknown>)[key] : undefined);

/**
 * Writes a module of the kernel language as JavaScript source.
 * @param m - The module.
 * @param scope - Receives the outside values the module uses.
 * @returns The module body (its functions, then `return { … }` of them).
 * @example
 * const f = variable("a");
 * emitModule({ label: "demo", fns: [{ name: "inc", params: [f], body: [s.return(x.bin("+", x.ref(f), x.lit(1)))] }] }, new Scope()).text;
 * //=> 'function inc(a0) {\nreturn (a0 + 1);\n}\nreturn { inc };'
 * @category Grading
 */
export function emitModule(m: Module, scope: Scope): Code {
  const fnNames = new Set(m.fns.map((f) => f.name));
  const w = new CodeWriter();
  for (const f of m.fns) emitFn(f, scope, fnNames, w);
  w.line(_`return { ${join(m.fns.map((f) => name(f.name)))} };`);
  return w.toCode();
}

/**
 * Compiles a module of the kernel language to JavaScript functions.
 * @param m - The module.
 * @returns Its functions by name, or `undefined` where the platform refuses generated code.
 * @category Grading
 */
export function compileEmitted<T>(m: Module): T | undefined {
  const scope = new Scope();
  const body = emitModule(m, scope);
  return compileModule<T>(body, scope, m.label);
}

/**
 * The source a module compiles to, as {@link compileEmitted} compiles it (for tests and for
 * reading what a ruleset became).
 * @param m - The module.
 * @returns The module body's text.
 * @category Grading
 */
export function emittedSource(m: Module): string {
  return emitModule(m, new Scope()).text;
}

function emitFn(f: Fn, scope: Scope, fnNames: ReadonlySet<string>, w: CodeWriter): void {
  const names = new Map<Var, Name>();
  // The next number of each hint: hints are letters only, so `hint + number` never collides.
  const next = new Map<string, number>();
  const nameOf = (v: Var): Name => {
    let n = names.get(v);
    if (n === undefined) {
      const hint = /^[A-Za-z]+$/.test(v.hint) ? v.hint : "v";
      const i = next.get(hint) ?? 0;
      next.set(hint, i + 1);
      n = name(`${hint}${i}`);
      names.set(v, n);
    }
    return n;
  };
  const params = f.params.map(nameOf);
  // Every variable a statement assigns that is not a parameter is a local, declared at the top.
  const locals = [...assignedVars(f.body)].filter((v) => !f.params.includes(v));
  const E = (e: Expr): Code => {
    switch (e.k) {
      case "lit":
        return lit(e.v);
      case "ref":
        return nameOf(e.v);
      case "ext":
        return scope.value(e.hint, e.value);
      case "fn":
        if (!fnNames.has(e.name)) throw new TypeError(`no function ${e.name} in the module`);
        return name(e.name);
      case "at":
        return _`${E(e.a)}[${E(e.i)}]`;
      case "get":
        return _`${E(e.o)}[${e.key}]`;
      case "own": {
        if (e.o.k !== "ref") return _`${scope.value("own", ownOf)}(${E(e.o)}, ${e.key})`;
        const o = nameOf(e.o.v);
        const read = _`(${scope.value("hasOwn", hasOwn)}(${o}, ${e.key}) ? ${o}[${e.key}] : undefined)`;
        if (e.plain === undefined) return read;
        // A plain object lacks a name Object.prototype lacks unless it has it itself: read it
        // directly then (the \`in\` test sees a polluted prototype at run time).
        return _`((${e.key} in ${scope.value("OP", Object.prototype)}) || !${E(e.plain)} ? ${read} : ${o}[${e.key}])`;
      }
      case "not":
        return _`!${E(e.a)}`;
      case "typeof":
        return _`(typeof ${E(e.a)} === ${e.is})`;
      case "bin":
        return _`(${E(e.a)} ${binary(e.op)} ${E(e.b)})`;
      case "and":
      case "or":
        if (e.xs.length === 0) return lit(e.k === "and");
        return _`(${join(e.xs.map(E), e.k === "and" ? _` && ` : _` || `)})`;
      case "cond":
        return _`(${E(e.c)} ? ${E(e.a)} : ${E(e.b)})`;
      case "call":
        if (e.f.k !== "ext" && e.f.k !== "ref" && e.f.k !== "fn") throw new TypeError("a call's callee is a function value, never a member");
        return _`${E(e.f)}(${join(e.args.map(E))})`;
      case "obj":
        // A quoted key in a literal defines an own data property, except "__proto__", which would
        // set the prototype: that one is written as a computed key, which defines it too.
        return _`({ ${join(e.props.map(([key, v]) => (key === "__proto__" ? _`[${key}]: ${E(v)}` : _`${key}: ${E(v)}`)))} })`;
    }
  };
  const S = (st: Stmt): void => {
    switch (st.k) {
      case "set":
        w.line(_`${nameOf(st.v)} = ${E(st.e)};`);
        return;
      case "put":
        w.line(_`${E(st.a)}[${E(st.i)}] = ${E(st.e)};`);
        return;
      case "putp":
        if (st.key === "__proto__") throw new TypeError("never set __proto__");
        w.line(_`${E(st.o)}[${st.key}] = ${E(st.e)};`);
        return;
      case "do":
        w.line(_`${E(st.e)};`);
        return;
      case "if":
        w.line(_`if (${E(st.c)}) {`);
        B(st.then);
        if (st.else.length > 0) {
          w.line(_`} else {`);
          B(st.else);
        }
        w.line(_`}`);
        return;
      case "switch":
        w.line(_`switch (${E(st.on)}) {`);
        for (const c of st.cases) {
          w.line(_`${join(c.is.map((v) => _`case ${v}:`), _` `)} {`);
          B(c.body);
          w.line(_`break; }`);
        }
        w.line(_`default: {`);
        B(st.otherwise);
        w.line(_`} }`);
        return;
      case "for": {
        const i = nameOf(st.i);
        w.line(_`for (${i} = 0; ${i} < ${E(st.n)}; ${i}++) {`);
        B(st.body);
        w.line(_`}`);
        return;
      }
      case "continue":
        w.line(_`continue;`);
        return;
      case "return":
        w.line(st.e === undefined ? _`return;` : _`return ${E(st.e)};`);
        return;
    }
  };
  const B = (body: readonly Stmt[]): void => {
    for (const st of body) S(st);
  };
  w.line(_`function ${name(f.name)}(${join(params)}) {`);
  if (locals.length > 0) w.line(_`let ${join(locals.map(nameOf))};`);
  B(f.body);
  w.line(_`}`);
}

/**
 * The variables a body assigns (`set` targets and loop counters), in order of first assignment.
 * @param body - Statements.
 * @returns The variables.
 * @category Grading
 */
export function assignedVars(body: readonly Stmt[]): Set<Var> {
  const out = new Set<Var>();
  const walk = (list: readonly Stmt[]): void => {
    for (const st of list) {
      if (st.k === "set") out.add(st.v);
      else if (st.k === "for") {
        out.add(st.i);
        walk(st.body);
      } else if (st.k === "if") {
        walk(st.then);
        walk(st.else);
      } else if (st.k === "switch") {
        for (const c of st.cases) walk(c.body);
        walk(st.otherwise);
      }
    }
  };
  walk(body);
  return out;
}

function binary(op: string): Code {
  // The operator table of the language: nothing else reaches the text.
  switch (op) {
    case "+":
      return _`+`;
    case "-":
      return _`-`;
    case "*":
      return _`*`;
    case "/":
      return _`/`;
    case "%":
      return _`%`;
    case "<":
      return _`<`;
    case "<=":
      return _`<=`;
    case ">":
      return _`>`;
    case ">=":
      return _`>=`;
    case "===":
      return _`===`;
    case "!==":
      return _`!==`;
    default:
      throw new TypeError(`no operator ${op}`);
  }
}
