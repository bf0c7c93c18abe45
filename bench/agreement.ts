/**
 * Agreement before timing: every path must give the hand-written function's grade (and score,
 * where the hand-written function gives one) for every subject, JRE and ZEN on the subset;
 * `grade` and `evaluate` with `validate: false` and with `codegen: false` must give results
 * identical as JSON to the defaults (`maxReasons: 0` the same but for the reasons).
 * @module
 */
import type { Graders } from "./paths.js";
import { type Outcome, outcomeOf, type Subject } from "./workload.js";

/** What the check found. */
export interface Agreement {
  /** Up to 20 disagreements, worded. */
  readonly problems: string[];
  /** How many subjects got each grade (`null`: not gradable). */
  readonly grades: Record<string, number>;
}

/**
 * Checks every path against the hand-written function.
 * @param g - What grades the workload.
 * @param population - Every subject.
 * @param subset - Indexes of the JRE/ZEN subset in `population`.
 */
export async function checkAgreement(g: Graders, population: readonly Subject[], subset: readonly number[]): Promise<Agreement> {
  const { compiled, closures } = g;
  const opts = { asOf: g.asOf } as const;
  const trusted = { asOf: g.asOf, validate: false } as const;
  const bare = { asOf: g.asOf, validate: false, maxReasons: 0 } as const;
  // The hand-written answers are computed where needed, not held for the whole population:
  // 100,000 results surviving GCs would make V8 pretenure their allocation site, and the
  // hand-written function would then allocate in the old space in the timed passes too.
  const reference = (i: number) => outcomeOf(g.hand(population[i]!));
  const problems: string[] = [];
  const note = (p: string) => {
    if (problems.length < 20) problems.push(p);
  };
  const check = (path: string, i: number, got: Outcome) => {
    const want = reference(i);
    if (got.grade !== want.grade) note(`${path}: subject ${population[i]!.id} got grade ${got.grade}, hand-written ${want.grade}`);
    else if (want.score !== undefined && got.score !== want.score) note(`${path}: subject ${population[i]!.id} got score ${got.score}, hand-written ${want.score}`);
  };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const grades: Record<string, number> = {};
  for (let i = 0; i < population.length; i++) {
    const s = population[i]!;
    const lean = compiled.grade(s, opts);
    const full = compiled.evaluate(s, opts);
    check("grade", i, lean);
    check("evaluate", i, full);
    check("evaluate+trace", i, compiled.evaluate(s, { ...opts, trace: true }));
    if (lean.score !== full.score) note(`grade/evaluate scores differ for ${s.id}`);
    if (!same(compiled.grade(s, trusted), lean)) note(`grade with validate: false differs for ${s.id}`);
    if (!same({ ...compiled.grade(s, bare), reasons: lean.reasons }, lean)) note(`grade with maxReasons: 0 differs for ${s.id}`);
    if (!same(closures.grade(s, opts), lean)) note(`grade with codegen: false differs for ${s.id}`);
    if (!same(closures.evaluate(s, opts), full)) note(`evaluate with codegen: false differs for ${s.id}`);
    if (!same(compiled.evaluate(s, trusted), full)) note(`evaluate with validate: false differs for ${s.id}`);
    grades[String(lean.grade)] = (grades[String(lean.grade)] ?? 0) + 1;
  }
  for (const i of subset) {
    check("json-rules-engine", i, await g.jre(population[i]!));
    if (g.zen) check("zen-engine", i, await g.zen(population[i]!));
  }
  if (g.zen) {
    const zen = g.zen;
    const got = await Promise.all(subset.map((i) => zen(population[i]!)));
    got.forEach((o, k) => check("zen-engine batch", subset[k]!, o));
  }
  return { problems, grades };
}
