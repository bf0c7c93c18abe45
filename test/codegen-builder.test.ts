// The code builder and the two backends of the kernel language: values become literals, names
// are checked, source URLs cannot break out, and emitted code and closures agree on random programs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { _, allowsCodegen, Code, compileModule, join, lit, name, Scope } from "../src/engine/codegen/code.js";
import { compileEmitted, emittedSource } from "../src/engine/codegen/emit.js";
import { interpretModule } from "../src/engine/codegen/interpret.js";
import { type Expr, type Literal, type Module, s, type Stmt, variable, x } from "../src/engine/codegen/ir.js";

const HOSTILE = [
  'a"); globalThis.pwned = 1; ("',
  "a'); globalThis.pwned = 1; ('",
  "`${globalThis.pwned = 1}`",
  "\\",
  "line\nbreak",
  "\u2028\u2029",
  "</script><script>globalThis.pwned=1</script>",
  "*/ globalThis.pwned = 1; /*",
  "\0",
];

describe("code builder", () => {
  it("writes every interpolated string as a string literal that evaluates to itself", () => {
    for (const h of HOSTILE) {
      const s = new Scope();
      const out = compileModule<string>(_`return ${h};`, s, "t");
      expect(out).toBe(h);
    }
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
  });

  it("writes numbers, booleans, null, undefined and arrays as literals, exactly", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.string(), fc.array(fc.oneof(fc.double(), fc.string()))), (v) => {
        const out = compileModule<unknown>(_`return ${v};`, new Scope(), "t");
        expect(out).toEqual(v);
        if (typeof v === "number") expect(Object.is(out, v)).toBe(true);
      }),
    );
  });

  it("refuses to write an object or a function as a literal", () => {
    expect(() => lit({} as never)).toThrow(TypeError);
    expect(() => lit((() => 1) as never)).toThrow(TypeError);
    expect(() => lit(1n as never)).toThrow(TypeError);
  });

  it("pastes only checked names and code as written", () => {
    expect(_`${name("a")} + ${1}`.text).toBe("a + 1");
    expect(join([_`a`, _`b`], _` && `).text).toBe("a && b");
    for (const bad of ["a-b", "1a", "a b", "", "return", "undefined", "a;b", "__proto__.x"]) expect(() => name(bad)).toThrow(TypeError);
    expect(() => new (Code as unknown as new (t: string, k: symbol) => Code)("evil()", Symbol("x"))).toThrow(TypeError);
  });

  it("passes outside values as parameters under generated names, one name per value", () => {
    const s = new Scope();
    const f = (n: number): number => n * 2;
    const a = s.value("double", f);
    expect(s.value("other", f)).toBe(a);
    expect(a.text).toMatch(/^double\$\d+$/);
    expect(compileModule<number>(_`return ${a}(21);`, s, "t")).toBe(42);
  });

  it("percent-encodes the source URL, so ruleset text cannot end the comment", () => {
    const s = new Scope();
    const f = compileModule<() => string>(_`return function () { return new Error("x").stack; };`, s, "evil\nglobalThis.pwned = 1;//@1.0.0");
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined();
    expect(f?.()).toContain("credit-grading:///evil%0AglobalThis.pwned");
  });

  it("knows whether this platform allows generated code", () => {
    expect(allowsCodegen()).toBe(true);
  });
});

// ------------------------------------------------------------------ random programs
// Expressions over two number variables and one object, with every node kind; both backends
// must give the same value (Object.is) or both throw.
const a = variable("a");
const b = variable("b");
const o = variable("o");
const t = variable("t");
const arr = variable("arr");
const lits: fc.Arbitrary<Literal> = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ noNaN: false }), fc.constantFrom("a", "b", "", "toString"), fc.boolean(), fc.constant(null), fc.constant(undefined));
const leafExpr: fc.Arbitrary<Expr> = fc.oneof(
  lits.map(x.lit),
  fc.constantFrom(x.ref(a), x.ref(b), x.own(x.ref(o), "p"), x.own(x.ref(o), "toString"), x.own(x.ref(o), "q"), x.at(x.ref(arr), 1), x.at(x.ref(arr), 5)),
);
const { expr } = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafExpr,
    tie("expr").map(x.not),
    fc.tuple(tie("expr"), fc.constantFrom("number", "string", "boolean", "undefined", "object") as fc.Arbitrary<"number">).map(([e, is]) => x.typeIs(e, is)),
    fc.tuple(fc.constantFrom("+", "-", "*", "/", "%", "<", "<=", ">", ">=", "===", "!==") as fc.Arbitrary<"+">, tie("expr"), tie("expr")).map(([op, l, r]) => x.bin(op, l, r)),
    fc.array(tie("expr"), { maxLength: 3 }).map((xs) => ({ k: "and", xs }) as Expr),
    fc.array(tie("expr"), { maxLength: 3 }).map((xs) => ({ k: "or", xs }) as Expr),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, l, r]) => x.cond(c, l, r)),
    fc.tuple(tie("expr"), tie("expr")).map(([l, r]) => x.call(x.ext("max", Math.max), l, r)),
  ),
}));
const stmt: fc.Arbitrary<Stmt> = fc.oneof(
  expr.map((e) => s.set(t, x.bin("+", x.ref(t), e))),
  fc.tuple(expr, expr).map(([c, e]) => s.if(c, [s.set(t, e)], [s.set(t, x.lit(7))])),
  fc.tuple(expr, fc.array(lits, { minLength: 1, maxLength: 3 }), expr).map(([on, is, e]) => s.switch(on, [{ is, body: [s.set(t, e)] }], [s.set(t, x.lit("d"))])),
  fc.tuple(fc.integer({ min: 0, max: 3 }), expr).map(([n, c]) => {
    const i = variable("i");
    return s.for(i, x.lit(n), [s.if(c, [s.continue()]), s.set(t, x.bin("+", x.ref(t), x.ref(i)))]);
  }),
  expr.map((e) => s.if(e, [s.return(x.lit("early"))])),
  expr.map((e) => s.put(x.ref(arr), 0, e)),
);

describe("the two backends", () => {
  it("agree on random programs (values, early returns, loops, switches, own reads)", () => {
    fc.assert(
      fc.property(fc.array(stmt, { maxLength: 6 }), fc.double(), fc.integer(), fc.option(fc.record({ p: lits, q: lits }), { nil: null }), (body, av, bv, obj) => {
        const m: Module = { label: "random", fns: [{ name: "run", params: [a, b, o, arr], body: [s.set(t, x.lit(0)), ...body, s.return(x.ref(t))] }] };
        const gen = compileEmitted<{ run: (...args: unknown[]) => unknown }>(m)!;
        const clo = interpretModule<{ run: (...args: unknown[]) => unknown }>(m);
        const outcome = (f: (...args: unknown[]) => unknown): unknown => {
          const scratch = [1, "two"];
          try {
            return [f(av, bv, obj, scratch), scratch[0]];
          } catch (e) {
            return `throws ${(e as Error).name}`;
          }
        };
        const g = outcome(gen.run);
        const c = outcome(clo.run);
        const same = Array.isArray(g) && Array.isArray(c) ? g.length === c.length && g.every((v, i) => Object.is(v, c[i])) : g === c;
        expect(same, `generated ${String(g)} vs closures ${String(c)}`).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("emit readable source, one let for the locals and calls of sibling functions", () => {
    const n = variable("n");
    const m: Module = {
      label: "demo",
      fns: [
        { name: "twice", params: [n], body: [s.return(x.bin("*", x.ref(n), x.lit(2)))] },
        { name: "run", params: [n], body: [s.set(t, x.call(x.fn("twice"), x.ref(n))), s.return(x.ref(t))] },
      ],
    };
    expect(emittedSource(m)).toContain("let t0;");
    expect(compileEmitted<{ run(n: number): number }>(m)!.run(4)).toBe(8);
    expect(interpretModule<{ run(n: number): number }>(m).run(4)).toBe(8);
  });

  it("read own properties only, never a prototype's getter, in both backends", () => {
    const proto = { get p(): string { throw new Error("getter ran"); } };
    const subject = Object.create(proto) as Record<string, unknown>;
    subject["q"] = 3;
    const m: Module = { label: "own", fns: [{ name: "run", params: [o], body: [s.return(x.cond(x.isNil(x.own(x.ref(o), "p")), x.own(x.ref(o), "q"), x.lit(-1)))] }] };
    expect(compileEmitted<{ run(o: unknown): unknown }>(m)!.run(subject)).toBe(3);
    expect(interpretModule<{ run(o: unknown): unknown }>(m).run(subject)).toBe(3);
  });

  it("build objects with own data properties only: __proto__ and hostile keys are keys, no setter runs", () => {
    const keys = ["__proto__", "constructor", "toString", ...HOSTILE, "a"];
    const m: Module = { label: "obj", fns: [{ name: "run", params: [a], body: [s.return(x.obj([...keys.map((k, i) => [k, x.bin("+", x.ref(a), x.lit(i))] as const), ["a", x.lit("last")]]))] }] };
    let setterRan = false;
    Object.defineProperty(Object.prototype, "a", { set: () => (setterRan = true), configurable: true });
    try {
      for (const o of [compileEmitted<{ run(n: number): Record<string, unknown> }>(m)!.run(10), interpretModule<{ run(n: number): Record<string, unknown> }>(m).run(10)]) {
        expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
        expect(Object.keys(o)).toEqual(keys);
        expect(Object.hasOwn(o, "__proto__") && o["__proto__"]).toBe(10);
        expect(o["a"]).toBe("last");
      }
    } finally {
      delete (Object.prototype as Record<string, unknown>)["a"];
    }
    expect(setterRan).toBe(false);
  });

  it("refuse member calls and __proto__ writes", () => {
    const m: Module = { label: "bad", fns: [{ name: "run", params: [o], body: [s.do(x.call(x.get(x.ref(o), "f")))] }] };
    expect(() => compileEmitted(m)).toThrow(TypeError);
    expect(() => interpretModule(m)).toThrow(TypeError);
    const w: Module = { label: "bad", fns: [{ name: "run", params: [o], body: [s.putp(x.ref(o), "__proto__", x.lit(1))] }] };
    expect(() => compileEmitted(w)).toThrow(TypeError);
    expect(() => interpretModule(w)).toThrow(TypeError);
  });
});
