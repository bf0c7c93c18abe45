/**
 * The generated checks (生成的校验): a ruleset's declared inputs read and checked by their fixed
 * names, and credit records checked against their declared types, written out once per ruleset
 * with the literals-only rules of _kernel.ts. A generated check only says "no issue" or "look
 * closer": the full checks of subject.ts word every issue.
 * @module
 */
import { isIsoDate } from "../../base/date.js";
import { RECORD_SEVERITIES, type RecordFieldDef, type RecordTypeDef } from "../../format/record.js";
import type { InputDef } from "../../format/ruleset-schema.js";
import { build, jsLiteral, jsNumber } from "./kernel.js";

/** The generated reading and checking of a ruleset's declared inputs. */
export interface InputKernel {
  /**
   * Reads the declared inputs into `iv` by their fixed names (own properties only). Returns
   * false, having read nothing, when the inputs object's prototype is neither `Object.prototype`
   * nor `null`: the caller then reads them itself.
   */
  readonly readInputs: (inputs: Readonly<Record<string, unknown>>, iv: unknown[]) => boolean;
  /**
   * Reads the declared inputs into `iv` as {@link InputKernel.readInputs} does and checks them:
   * true when every declared input is absent-and-optional or fits its declaration. False says
   * only "look closer": the caller then runs the full check, which finds and words each issue.
   */
  readonly checkInputs: (inputs: Readonly<Record<string, unknown>>, iv: unknown[]) => boolean;
}

const READ_DEPS = { OP: Object.prototype, getProto: Object.getPrototypeOf, hasOwn: Object.hasOwn, isFin: Number.isFinite, isInt: Number.isInteger };

/**
 * Generates the reading and checking of a ruleset's declared inputs.
 * @param inputs - The declared inputs, in declaration order.
 * @returns The kernel, or `undefined` when code cannot be generated here (`new Function` refused).
 * @example
 * const k = generateInputKernel([{ id: "n", type: "number", min: 0 }]);
 * k?.checkInputs({ n: -1 }, []); //=> false
 */
export function generateInputKernel(inputs: readonly InputDef[]): InputKernel | undefined {
  return build<InputKernel>(inputKernelSource(inputs), READ_DEPS);
}

/**
 * The input kernel's source text (the body of a function of `OP`, `getProto`, `hasOwn`,
 * `isFin` and `isInt`).
 * @param inputs - The declared inputs.
 * @returns The source.
 * @example
 * inputKernelSource([{ id: "n", type: "boolean" }]).includes('o["n"]'); //=> true
 */
export function inputKernelSource(inputs: readonly InputDef[]): string {
  // Own properties only. The object's prototype is Object.prototype or null (checked first), so
  // a name Object.prototype does not have can only be an own property; for a name it has (a
  // member such as "toString", or a polluted prototype) the own-property test decides, and a
  // getter on the prototype is never invoked.
  const reads = inputs.map((def, i) => {
    const name = jsLiteral(def.id);
    return `v = (${name} in OP) ? (hasOwn(o, ${name}) ? o[${name}] : undefined) : o[${name}]; iv[${i}] = v;`;
  });
  const checks = inputs.map((def, i) => {
    const absent = def.required === true ? "return false;" : "";
    return [reads[i]!, `if (v === undefined || v === null) { ${absent} } else {`, ...inputTest(def).map((t) => `  ${t}`), "}"];
  });
  const prologue = ["  const p = getProto(o);", "  if (p !== OP && p !== null) return false;", "  let v;"];
  return [
    '"use strict";',
    "function readInputs(o, iv) {",
    ...prologue,
    ...reads.map((r) => `  ${r}`),
    "  return true;",
    "}",
    "function checkInputs(o, iv) {",
    ...prologue,
    ...checks.flat().map((r) => `  ${r}`),
    "  return true;",
    "}",
    "return { readInputs, checkInputs };",
  ].join("\n");
}

// The statements returning false when a present value does not fit its declaration: the
// conditions of compileInputCheck (subject.ts), in the same order.
function inputTest(def: InputDef): string[] {
  switch (def.type) {
    case "number":
    case "score": {
      const tests = ['typeof v !== "number"', "!isFin(v)"];
      if (def.type === "number" && def.integer === true) tests.push("!isInt(v)");
      if (def.min !== undefined) tests.push(`v < ${jsNumber(def.min)}`);
      if (def.max !== undefined) tests.push(`v > ${jsNumber(def.max)}`);
      return [`if (${tests.join(" || ")}) return false;`];
    }
    case "boolean":
      return ['if (typeof v !== "boolean") return false;'];
    case "category":
      return [
        'if (typeof v !== "string") return false;',
        def.values.length === 0 ? "return false;" : `switch (v) { ${def.values.map((x) => `case ${jsLiteral(x)}:`).join(" ")} break; default: return false; }`,
      ];
  }
}

/**
 * Generates the check of one credit record against the declared record types, for rulesets that
 * are not strict (a strict ruleset also lists unknown fields: the full check runs). The check
 * returns true when the full check (subject.ts) would find no issue in the record but, possibly,
 * a duplicate id (which depends on the other records and is left to the caller); false says
 * only "look closer".
 * @param types - The declared record types.
 * @returns The check, or `undefined` when code cannot be generated here.
 * @example
 * const ok = generateRecordCheck([{ id: "penalty", name: { zh: "行政处罚", en: "penalty" } }]);
 * ok?.({ id: "p1", type: "penalty", date: "2025-01-02" }); //=> true
 */
export function generateRecordCheck(types: readonly RecordTypeDef[]): ((record: unknown) => boolean) | undefined {
  return build<(record: unknown) => boolean>(recordCheckSource(types), { ...READ_DEPS, isArray: Array.isArray, isIsoDate });
}

/**
 * The record check's source text (see {@link generateRecordCheck}).
 * @param types - The declared record types.
 * @returns The source.
 * @example
 * recordCheckSource([]).includes("isIsoDate(r.date)"); //=> true
 */
export function recordCheckSource(types: readonly RecordTypeDef[]): string {
  // A type declared twice: the full check's Map keeps the last declaration.
  const cases = [...new Map(types.map((t) => [t.id, t])).values()].map((t) => {
    const lines = [`case ${jsLiteral(t.id)}:`];
    if (t.severity === "required") lines.push("  if (sev === undefined || sev === null) return false;");
    for (const f of t.fields ?? []) {
      const name = jsLiteral(f.id);
      lines.push(
        `  v = hasOwn(r, ${name}) ? r[${name}] : undefined;`,
        `  if (v === undefined || v === null) { ${f.required === true ? "return false;" : ""} } else {`,
        ...fieldTest(f).map((x) => `    ${x}`),
        "  }",
      );
    }
    lines.push("  break;");
    return lines;
  });
  const severities = RECORD_SEVERITIES.map((x) => `sev !== ${jsLiteral(x)}`).join(" && ");
  return [
    '"use strict";',
    "return function checkRecord(r) {",
    "  if (r === null || typeof r !== \"object\" || isArray(r)) return false;",
    "  const id = r.id; if (typeof id !== \"string\" || id === \"\") return false;",
    "  const t = r.type; if (typeof t !== \"string\" || t === \"\") return false;",
    "  if (!isIsoDate(r.date)) return false;",
    "  let v;",
    ...["repairedAt", "revokedAt", "publicUntil"].map((k) => `  v = r.${k}; if (v !== undefined && v !== null && !isIsoDate(v)) return false;`),
    "  const sev = r.severity;",
    `  if (sev !== undefined && sev !== null && ${severities}) return false;`,
    '  if (hasOwn(r, "__proto__") || hasOwn(r, "constructor") || hasOwn(r, "prototype")) return false;',
    "  switch (t) {",
    ...cases.flat().map((x) => `  ${x}`),
    "  }",
    "  return true;",
    "};",
  ].join("\n");
}

// The statements returning false when a present field value does not fit its declaration
// (compileFieldCheck in subject.ts).
function fieldTest(f: RecordFieldDef): string[] {
  switch (f.type) {
    case "number":
    case "boolean":
      return inputTest({ id: f.id, type: f.type });
    case "category":
      return inputTest({ id: f.id, type: "category", values: f.values ?? [] });
    case "date":
      return ["if (!isIsoDate(v)) return false;"];
    case "string":
      return ['if (typeof v !== "string") return false;'];
  }
}
