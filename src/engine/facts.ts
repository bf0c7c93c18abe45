/**
 * Derived facts for hosts (派生事实): a ruleset's fact definitions compiled once by the engine's
 * derivation (kernel/facts.ts, the same code `evaluate` runs) into a function from a subject's
 * credit records and an as-of date to the facts' values and the records left out.
 * @module
 */
import type { IsoDate } from "../base/date.js";
import type { ConditionDef } from "../format/condition.js";
import type { FactDef } from "../format/fact.js";
import type { CreditRecord, ExcludedRecord, PublicityPeriod, RecordTypeDef } from "../format/record.js";
import { realise } from "./codegen/realise.js";
import type { ConditionContext } from "./kernel/conditions.js";
import { deriveFn } from "./kernel/facts.js";
import { planFactDefs } from "./plan-facts.js";

/**
 * The facts derived for one subject, and the records that did not count.
 * @category Grading
 */
export interface DerivedFacts {
  /** Fact values by id (`null` for a missing value such as the max of nothing). */
  readonly values: Record<string, unknown>;
  /** Every record left out, and why. */
  readonly excluded: readonly ExcludedRecord[];
}

/**
 * A compiled derivation of a ruleset's facts.
 * @category Grading
 */
export type FactDeriver = (records: readonly CreditRecord[], asOf: IsoDate) => DerivedFacts;

/**
 * Compiles derived facts.
 * @param defs - The facts as written (validated).
 * @param types - The declared record types.
 * @param named - Named conditions usable in `where`.
 * @param options - The ruleset's publicity periods by severity, if its own; `codegen: false` for closures.
 * @returns A function from a subject's records and the as-of date to fact values.
 * @example
 * const derive = compileFacts([{ id: "penalties3y", from: "penalty", aggregate: "count", window: { last: "P3Y" } }], types, new Map());
 * derive([{ id: "p1", type: "penalty", date: "2024-05-01", severity: "serious" }], "2025-12-31").values.penalties3y; //=> 1
 * @category Grading
 */
export function compileFacts(
  defs: readonly FactDef[],
  types: readonly RecordTypeDef[],
  named: ReadonlyMap<string, ConditionDef>,
  options: { readonly publicity?: readonly PublicityPeriod[]; readonly codegen?: boolean } = {},
): FactDeriver {
  const facts = planFactDefs(defs, types, options.publicity);
  const ctx: ConditionContext = { named, extraFns: new Map() };
  const derive = deriveFn(ctx, new Set(types.map((t) => t.id)), facts, true);
  const { fns } = realise<{ deriveExplain(records: readonly CreditRecord[], asOf: string, st: { dv: unknown[]; excluded: ExcludedRecord[] }): void }>(
    { label: "facts", fns: [derive, ...ctx.extraFns.values()] },
    options.codegen !== false,
  );
  return (records, asOf) => {
    const st = { dv: new Array<unknown>(facts.ids.length).fill(undefined), excluded: [] as ExcludedRecord[] };
    fns.deriveExplain(records, asOf, st);
    const values = Object.create(null) as Record<string, unknown>;
    for (let i = 0; i < facts.ids.length; i++) values[facts.ids[i]!] = st.dv[i];
    return { values, excluded: st.excluded };
  };
}
