/**
 * The generated derivation of facts (生成的事实推导) for the lean path: the one pass over a
 * subject's records of `compileFactSlots` (fact.ts) written out per ruleset, with the record
 * types as `switch` cases, each aggregate's state in its own local variable and its field read
 * by a fixed name. Windows, `where` conditions and the record lifetime stay the compiled
 * closures, called from the generated code. Same literals-only rules as _kernel.ts.
 * @module
 */
import { type FactPlan, noteExcluded } from "../../format/fact.js";
import type { IsoDate } from "../../base/date.js";
import type { CreditRecord, ExcludedRecord } from "../../format/record.js";
import { conditionFacts } from "../../format/condition.js";
import { isIsoDate } from "../../base/date.js";
import { build, jsLiteral, jsNumber } from "./kernel.js";
import { conditionExpression } from "./kernel-rules.js";

/**
 * The generated derivation: every fact into `out`; given `excluded`, every record left out is
 * pushed there too, in order, as `FactSlots.derive` does.
 */
export type GeneratedDerive = (records: readonly CreditRecord[], asOf: IsoDate, out: unknown[], excluded?: ExcludedRecord[]) => void;

/**
 * Generates the lean derivation of a ruleset's facts.
 * @param plan - What `compileFactSlots` compiled.
 * @returns The derivation, or `undefined` when code cannot be generated here.
 * @example
 * const derive = generateDerive(factSlots.plan);
 * derive?.(subject.records ?? [], "2025-12-31", derivedValues);
 */
export function generateDerive(plan: FactPlan): GeneratedDerive | undefined {
  const leaves: unknown[] = [];
  const source = deriveSource(plan, leaves);
  const width = new Set(plan.aggregates.flatMap((a) => (a.whereDef ? conditionFacts(a.whereDef, plan.named) : []))).size;
  const { lifetime } = plan;
  const deps: Record<string, unknown> = {
    hasOwn: Object.hasOwn,
    isIsoDate,
    w: new Array<unknown>(width).fill(undefined),
    EXB: lifetime.excludedBecause,
    NOTE: (r: CreditRecord, asOf: IsoDate, excluded: ExcludedRecord[]) => noteExcluded(lifetime, r, asOf, excluded),
  };
  [...new Set(plan.aggregates.map((a) => a.from))].forEach((type, j) => (deps[`EX${j}`] = plan.lifetime.excludedFor(type)));
  plan.aggregates.forEach((a, k) => {
    if (a.window) deps[`W${k}`] = a.window;
  });
  leaves.forEach((leaf, i) => (deps[`L${i}`] = leaf));
  return build<GeneratedDerive>(source, deps);
}

/**
 * The derivation's source text (see {@link generateDerive}); it uses `EX<j>` (the lifetime's
 * `excludedFor` the j-th record type read, in order of first use), `EXB` (its `excludedBecause`),
 * `NOTE` (lists a record left out), `hasOwn`, `isIsoDate`, `w` (a scratch array for the record fields a `where` reads),
 * `W<k>` (the window of aggregate k) and `L<i>` (the condition leaves appended to `leaves`).
 * A `where` condition is written as an expression over the record's own fields it reads.
 * @param plan - What `compileFactSlots` compiled.
 * @param leaves - Receives the compiled condition leaves the source calls.
 * @returns The source.
 * @example
 * deriveSource(plan, []).includes("switch (r.type)"); //=> true
 */
export function deriveSource(plan: FactPlan, leaves: unknown[]): string {
  const { aggregates, ratios } = plan;
  const n = aggregates.length;
  // The record fields the `where` conditions of each type read: read once per record, as own
  // properties (as the conditions' readFact does), into the scratch array `w`.
  const fields = new Map<string, string[]>();
  for (const a of aggregates) {
    const list = fields.get(a.from) ?? [];
    if (a.whereDef) for (const f of conditionFacts(a.whereDef, plan.named)) if (!list.includes(f)) list.push(f);
    fields.set(a.from, list);
  }
  const fieldsOf = (type: string): string[] => fields.get(type)!;
  const locals: string[] = [];
  const byType = new Map<string, string[]>();
  const outs: string[] = [];
  aggregates.forEach((a, k) => {
    const tests: string[] = [];
    // counted: records that count; repaired: repaired by asOf; all: every record up to asOf.
    tests.push(a.select === 0 ? "why === undefined" : a.select === 1 ? 'why === "REPAIRED"' : 'why !== "AFTER_AS_OF"');
    if (a.window) tests.push(`W${k}(r.date, asOf)`);
    if (a.whereDef) tests.push(conditionExpression(a.whereDef, plan.named, (f) => fieldsOf(a.from).indexOf(f), "w", leaves));
    const field = a.field === undefined ? undefined : jsLiteral(a.field);
    let update: string;
    switch (a.kind) {
      case 0:
      case 1:
        locals.push(`c${k} = 0`);
        update = `c${k}++;`;
        outs.push(a.kind === 0 ? `out[${k}] = c${k};` : `out[${k}] = c${k} > 0;`);
        break;
      case 2:
      case 3:
      case 4: {
        locals.push(`s${k} = 0`, `b${k} = 0`, `h${k} = 0`);
        const better = a.kind === 4 ? "<" : ">";
        update =
          field === undefined
            ? ""
            : `v = r[${field}]; if (typeof v === "number") { s${k} += v; if (h${k} === 0 || v ${better} b${k}) { b${k} = v; h${k} = 1; } }`;
        outs.push(a.kind === 2 ? `out[${k}] = s${k};` : `out[${k}] = h${k} === 1 ? b${k} : null;`);
        break;
      }
      default: {
        locals.push(`p${k} = undefined`);
        const cmp = a.kind === 5 ? ">" : "<";
        update = `if (p${k} === undefined || r.date ${cmp} p${k}.date || (r.date === p${k}.date && r.id ${cmp} p${k}.id)) p${k} = r;`;
        outs.push(`out[${k}] = p${k} === undefined ? null : ${field === undefined ? `p${k}` : `(p${k}[${field}] ?? null)`};`);
      }
    }
    const list = byType.get(a.from) ?? [];
    list.push(`if (${tests.join(" && ")}) { ${update} }`);
    byType.set(a.from, list);
  });
  const cases = [...byType].map(([type, lines], j) => [
    `case ${jsLiteral(type)}: {`,
    `  const why = EX${j}(r, asOf);`,
    "  if (why !== undefined && excluded !== undefined) NOTE(r, asOf, excluded);",
    '  if (why === "UNDECLARED_TYPE") break;',
    ...fieldsOf(type).map((f, j) => `  w[${j}] = hasOwn(r, ${jsLiteral(f)}) ? r[${jsLiteral(f)}] : undefined;`),
    ...lines.map((l) => `  ${l}`),
    "  break;",
    "}",
  ]);
  const ratioLines = ratios.map((r, k) => {
    const zero = r.whenZero === undefined ? "null" : jsNumber(r.whenZero);
    return `num = out[${r.num}]; den = out[${r.den}]; out[${n + k}] = typeof num !== "number" || typeof den !== "number" ? null : den === 0 ? ${zero} : num / den;`;
  });
  return [
    '"use strict";',
    "return function derive(records, asOf, out, excluded) {",
    `  let t, v, num, den${locals.map((l) => `, ${l}`).join("")};`,
    "  for (let i = 0; i < records.length; i++) {",
    "    const r = records[i];",
    "    switch (r.type) {",
    ...cases.flat().map((l) => `      ${l}`),
    // A record no aggregate reads matters only for the list of records left out.
    "      default:",
    "        if (excluded !== undefined && EXB(r, asOf) !== undefined) NOTE(r, asOf, excluded);",
    "    }",
    "  }",
    ...outs.map((l) => `  ${l}`),
    ...ratioLines.map((l) => `  ${l}`),
    "};",
  ].join("\n");
}
