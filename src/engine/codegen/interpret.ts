/**
 * The closure backend (闭包执行): a module of the kernel language turned into nested closures
 * over an array of variable slots, for platforms that refuse generated code (a
 * Content-Security-Policy without `unsafe-eval`, `node --disallow-code-generation-from-strings`)
 * or a host that asks for `codegen: false`. It gives exactly what the emitted JavaScript
 * gives: each node kind does what the code backend writes for it, with JavaScript's own
 * operators.
 * @module
 */
import { assignedVars } from "./emit.js";
import type { BinaryOp, Expr, Fn, Module, Stmt, Var } from "./ir.js";

type Env = unknown[];
type Ev = (env: Env) => unknown;
// A statement's outcome: 0 go on, 1 return (the value in the return slot), 2 continue the loop.
type Run = (env: Env) => 0 | 1 | 2;

const hasOwn = Object.hasOwn;

/**
 * Builds a module of the kernel language as closures.
 * @param m - The module.
 * @returns Its functions by name.
 * @example
 * const a = variable("a");
 * interpretModule<{ inc(n: number): number }>({ label: "demo", fns: [{ name: "inc", params: [a], body: [s.return(x.bin("+", x.ref(a), x.lit(1)))] }] }).inc(1); //=> 2
 * @category Grading
 */
export function interpretModule<T>(m: Module): T {
  const built = new Map<string, (...args: unknown[]) => unknown>();
  const resolve = (n: string): ((...args: unknown[]) => unknown) => {
    const f = built.get(n);
    if (f === undefined) throw new TypeError(`no function ${n} in the module`);
    return f;
  };
  for (const f of m.fns) built.set(f.name, buildFn(f, resolve));
  return Object.fromEntries(built) as T;
}

function buildFn(f: Fn, resolve: (name: string) => (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const slots = new Map<Var, number>();
  for (const p of f.params) slots.set(p, slots.size);
  for (const v of assignedVars(f.body)) if (!slots.has(v)) slots.set(v, slots.size);
  const RET = slots.size;
  const width = RET + 1;
  const slotOf = (v: Var): number => {
    const i = slots.get(v);
    if (i === undefined) throw new TypeError(`variable ${v.hint} is read but never assigned in ${f.name}`);
    return i;
  };

  // A variable's slot, when an expression is just a variable.
  const slotIf = (e: Expr): number => (e.k === "ref" ? slotOf(e.v) : -1);
  const E = (e: Expr): Ev => {
    switch (e.k) {
      case "lit": {
        const v = e.v;
        return () => v;
      }
      case "ref": {
        const i = slotOf(e.v);
        return (env) => env[i];
      }
      case "ext": {
        const v = e.value;
        return () => v;
      }
      case "fn": {
        const n = e.name;
        let fn: ((...args: unknown[]) => unknown) | undefined;
        return () => (fn ??= resolve(n));
      }
      case "at": {
        const ai = slotIf(e.a);
        if (ai >= 0 && e.i.k === "lit") {
          const c = e.i.v as number;
          return (env) => (env[ai] as Record<number, unknown>)[c];
        }
        const a = E(e.a);
        const i = E(e.i);
        return (env) => (a(env) as Record<number, unknown>)[i(env) as number];
      }
      case "get": {
        const o = E(e.o);
        const key = e.key;
        return (env) => (o(env) as Record<string, unknown>)[key];
      }
      case "own": {
        const key = e.key;
        const oi = slotIf(e.o);
        if (oi >= 0) {
          return (env) => {
            const v = env[oi];
            return hasOwn(v as object, key) ? (v as Record<string, unknown>)[key] : undefined;
          };
        }
        const o = E(e.o);
        return (env) => {
          const v = o(env);
          // As the code backend: hasOwn throws for null and undefined there too.
          return hasOwn(v as object, key) ? (v as Record<string, unknown>)[key] : undefined;
        };
      }
      case "not": {
        const a = E(e.a);
        return (env) => !a(env);
      }
      case "typeof": {
        const is = e.is;
        const ai = slotIf(e.a);
        if (ai >= 0) return (env) => typeof env[ai] === is;
        const a = E(e.a);
        return (env) => typeof a(env) === is;
      }
      case "bin": {
        // A variable against a literal: the commonest comparison, without two closure calls.
        const ai = slotIf(e.a);
        if (ai >= 0 && e.b.k === "lit") return binaryVarLit(e.op, ai, e.b.v);
        return binary(e.op, E(e.a), E(e.b));
      }
      case "and": {
        const xs = e.xs.map(E);
        return (env) => {
          let r: unknown = true;
          for (let i = 0; i < xs.length; i++) if (!(r = xs[i]!(env))) return r;
          return r;
        };
      }
      case "or": {
        // `v === undefined || v === null`: whether a variable is missing.
        const [p, q] = e.xs;
        if (e.xs.length === 2 && p!.k === "bin" && q!.k === "bin" && p!.op === "===" && q!.op === "===" && p!.a.k === "ref" && q!.a.k === "ref" && p!.a.v === q!.a.v && p!.b.k === "lit" && q!.b.k === "lit" && p!.b.v === undefined && q!.b.v === null) {
          const i = slotOf(p!.a.v);
          return (env) => env[i] === undefined || env[i] === null;
        }
        const xs = e.xs.map(E);
        return (env) => {
          let r: unknown = false;
          for (let i = 0; i < xs.length; i++) if ((r = xs[i]!(env))) return r;
          return r;
        };
      }
      case "cond": {
        const c = E(e.c);
        const a = E(e.a);
        const b = E(e.b);
        return (env) => (c(env) ? a(env) : b(env));
      }
      case "obj": {
        const keys = e.props.map(([key]) => key);
        const values = e.props.map(([, v]) => E(v));
        return (env) => {
          const o: Record<string, unknown> = {};
          // Own data properties, as a literal defines them: no setter on the prototype is invoked.
          for (let i = 0; i < keys.length; i++) Object.defineProperty(o, keys[i]!, { value: values[i]!(env), enumerable: true, writable: true, configurable: true });
          return o;
        };
      }
      case "call": {
        if (e.f.k !== "ext" && e.f.k !== "ref" && e.f.k !== "fn") throw new TypeError("a call's callee is a function value, never a member");
        const fn = E(e.f);
        const args = e.args.map(E);
        switch (args.length) {
          case 0:
            return (env) => (fn(env) as () => unknown)();
          case 1: {
            const [a] = args as [Ev];
            return (env) => (fn(env) as (a: unknown) => unknown)(a(env));
          }
          case 2: {
            const [a, b] = args as [Ev, Ev];
            return (env) => (fn(env) as (a: unknown, b: unknown) => unknown)(a(env), b(env));
          }
          default:
            return (env) => (fn(env) as (...a: unknown[]) => unknown)(...args.map((a) => a(env)));
        }
      }
    }
  };

  const S = (st: Stmt): Run => {
    switch (st.k) {
      case "set": {
        const i = slotOf(st.v);
        if (st.e.k === "lit") {
          const c = st.e.v;
          return (env) => {
            env[i] = c;
            return 0;
          };
        }
        const e = E(st.e);
        return (env) => {
          env[i] = e(env);
          return 0;
        };
      }
      case "put": {
        const a = E(st.a);
        const i = E(st.i);
        const e = E(st.e);
        return (env) => {
          const arr = a(env) as Record<number, unknown>;
          const at = i(env) as number;
          arr[at] = e(env);
          return 0;
        };
      }
      case "putp": {
        if (st.key === "__proto__") throw new TypeError("never set __proto__");
        const o = E(st.o);
        const key = st.key;
        const e = E(st.e);
        return (env) => {
          const obj = o(env) as Record<string, unknown>;
          obj[key] = e(env);
          return 0;
        };
      }
      case "do": {
        const e = E(st.e);
        return (env) => {
          e(env);
          return 0;
        };
      }
      case "if": {
        const c = E(st.c);
        const then = B(st.then);
        const otherwise = B(st.else);
        return (env) => (c(env) ? then(env) : otherwise(env));
      }
      case "switch": {
        const on = E(st.on);
        const cases = st.cases.map((c) => ({ is: c.is, body: B(c.body) }));
        const otherwise = B(st.otherwise);
        return (env) => {
          const v = on(env);
          for (const c of cases) if (c.is.some((l) => l === v)) return c.body(env);
          return otherwise(env);
        };
      }
      case "for": {
        const i = slotOf(st.i);
        const n = E(st.n);
        const body = B(st.body);
        return (env) => {
          for (env[i] = 0; (env[i] as number) < (n(env) as number); env[i] = (env[i] as number) + 1) {
            if (body(env) === 1) return 1;
          }
          return 0;
        };
      }
      case "continue":
        return () => 2;
      case "return": {
        if (st.e === undefined) {
          return (env) => {
            env[RET] = undefined;
            return 1;
          };
        }
        const e = E(st.e);
        return (env) => {
          env[RET] = e(env);
          return 1;
        };
      }
    }
  };

  const B = (body: readonly Stmt[]): Run => {
    const runs = body.map(S);
    if (runs.length === 1) return runs[0]!;
    return (env) => {
      for (let i = 0; i < runs.length; i++) {
        const r = runs[i]!(env);
        if (r !== 0) return r;
      }
      return 0;
    };
  };

  const body = B(f.body);
  const arity = f.params.length;
  return (...args: unknown[]): unknown => {
    const env: Env = new Array(width);
    for (let i = 0; i < arity; i++) env[i] = args[i];
    body(env);
    return env[RET];
  };
}

function binaryVarLit(op: BinaryOp, i: number, c: unknown): Ev {
  const n = c as number;
  switch (op) {
    case "===":
      return (env) => env[i] === c;
    case "!==":
      return (env) => env[i] !== c;
    case "<":
      return (env) => (env[i] as number) < n;
    case "<=":
      return (env) => (env[i] as number) <= n;
    case ">":
      return (env) => (env[i] as number) > n;
    case ">=":
      return (env) => (env[i] as number) >= n;
    case "+":
      return (env) => (env[i] as number) + n;
    case "-":
      return (env) => (env[i] as number) - n;
    case "*":
      return (env) => (env[i] as number) * n;
    case "/":
      return (env) => (env[i] as number) / n;
    case "%":
      return (env) => (env[i] as number) % n;
  }
}

function binary(op: BinaryOp, a: Ev, b: Ev): Ev {
  switch (op) {
    case "+":
      return (env) => (a(env) as number) + (b(env) as number);
    case "-":
      return (env) => (a(env) as number) - (b(env) as number);
    case "*":
      return (env) => (a(env) as number) * (b(env) as number);
    case "/":
      return (env) => (a(env) as number) / (b(env) as number);
    case "%":
      return (env) => (a(env) as number) % (b(env) as number);
    case "<":
      return (env) => (a(env) as number) < (b(env) as number);
    case "<=":
      return (env) => (a(env) as number) <= (b(env) as number);
    case ">":
      return (env) => (a(env) as number) > (b(env) as number);
    case ">=":
      return (env) => (a(env) as number) >= (b(env) as number);
    case "===":
      return (env) => a(env) === b(env);
    case "!==":
      return (env) => a(env) !== b(env);
  }
}
