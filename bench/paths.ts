/**
 * The timed paths of one workload. Each path's loop is written out on its own (not one loop
 * calling a path function), so that every loop's call site sees one callee, as a host's would;
 * every result feeds a checksum, so nothing is optimised away.
 * @module
 */
import type { CompiledRuleset } from "../src/index.js";
import type { Outcome, Subject } from "./workload.js";

/** What a workload is graded by. */
export interface Graders {
  /** The compiled ruleset (generated code when the platform allows it). */
  readonly compiled: CompiledRuleset;
  /** The same ruleset compiled with `{ codegen: false }`. */
  readonly closures: CompiledRuleset;
  /** The as-of date. */
  readonly asOf: string;
  /** The hand-written function. */
  readonly hand: (s: Subject) => string | null | Outcome;
  /** json-rules-engine. */
  readonly jre: (s: Subject) => Promise<Outcome>;
  /** ZEN, when it loaded. */
  readonly zen: ((s: Subject) => Promise<Outcome>) | undefined;
}

/** A timed path. */
export interface Path {
  /** The `--only` key. */
  readonly key: string;
  /** The label in the tables. */
  readonly label: string;
  /** The subjects it runs over (the whole population, or the JRE/ZEN subset). */
  readonly list: readonly Subject[];
  /** One pass over a list. */
  readonly run: (list: readonly Subject[]) => void | Promise<void>;
  /** One pass, keeping every result (for the retained-heap column). */
  readonly keep: (list: readonly Subject[]) => unknown[] | Promise<unknown[]>;
  /** One call on a subject by index, for the allocation measurement (synchronous paths). */
  readonly call?: (i: number) => unknown;
}

let sink = 0;
const consume = (g: string | null | undefined, score?: number | null) => {
  sink = (sink + (g ? g.charCodeAt(0) : 7) + (score ?? 0)) % 1_000_003;
};
/** The checksum every result fed; printed so that no work can be skipped. */
export const checksum = (): number => sink;

/**
 * The paths of a workload, in the order they are timed.
 * @param g - What grades the workload.
 * @param population - Every subject.
 * @param subset - The JRE/ZEN subset.
 */
export function pathsOf(g: Graders, population: readonly Subject[], subset: readonly Subject[]): Path[] {
  const { compiled, closures, hand, jre, zen } = g;
  const opts = { asOf: g.asOf } as const;
  // The bench population is valid (the agreement step checks that validate: false changes nothing).
  const trusted = { asOf: g.asOf, validate: false } as const;
  // No checks and no reason codes: what the hand-written function does (grade, score, rules, measures only).
  const bare = { asOf: g.asOf, validate: false, maxReasons: 0 } as const;
  const traced = { asOf: g.asOf, trace: true } as const;
  const at = (i: number) => population[i % population.length]!;
  const awaited = async (f: (s: Subject) => Promise<Outcome>, list: readonly Subject[]) => {
    const out: unknown[] = [];
    for (const s of list) out.push(await f(s));
    return out;
  };
  const paths: Path[] = [
    {
      key: "hand",
      label: "(e) hand-written JavaScript",
      list: population,
      run: (list) => {
        for (let i = 0; i < list.length; i++) {
          const r = hand(list[i]!);
          if (typeof r === "object" && r !== null) consume(r.grade, r.score);
          else consume(r);
        }
      },
      keep: (list) => list.map(hand),
      call: (i) => hand(at(i)),
    },
    {
      key: "grade",
      label: "(a) compiled.grade (validated, reason codes)",
      list: population,
      run: (list) => {
        for (let i = 0; i < list.length; i++) {
          const r = compiled.grade(list[i]!, opts);
          consume(r.grade, r.score);
        }
      },
      keep: (list) => list.map((s) => compiled.grade(s, opts)),
      call: (i) => compiled.grade(at(i), opts),
    },
    {
      key: "grade-nv",
      label: "(a) compiled.grade, validate: false",
      list: population,
      run: (list) => {
        for (let i = 0; i < list.length; i++) {
          const r = compiled.grade(list[i]!, trusted);
          consume(r.grade, r.score);
        }
      },
      keep: (list) => list.map((s) => compiled.grade(s, trusted)),
      call: (i) => compiled.grade(at(i), trusted),
    },
    {
      key: "grade-bare",
      label: "(a) compiled.grade, validate: false, maxReasons: 0 (like for like with (e))",
      list: population,
      run: (list) => {
        for (let i = 0; i < list.length; i++) {
          const r = compiled.grade(list[i]!, bare);
          consume(r.grade, r.score);
        }
      },
      keep: (list) => list.map((s) => compiled.grade(s, bare)),
      call: (i) => compiled.grade(at(i), bare),
    },
    {
      key: "grade-closures",
      label: "(a) compiled.grade, codegen: false (closures, no generated kernels)",
      list: population,
      run: (list) => {
        for (let i = 0; i < list.length; i++) {
          const r = closures.grade(list[i]!, opts);
          consume(r.grade, r.score);
        }
      },
      keep: (list) => list.map((s) => closures.grade(s, opts)),
    },
    {
      key: "evaluate",
      label: "(b) compiled.evaluate (full explanation)",
      list: population,
      run: (list) => {
        for (let i = 0; i < list.length; i++) {
          const r = compiled.evaluate(list[i]!, opts);
          consume(r.grade, r.indicators.length + r.reasons.length + (r.score ?? 0));
        }
      },
      keep: (list) => list.map((s) => compiled.evaluate(s, opts)),
    },
    {
      key: "evaluate-nv",
      label: "(b) compiled.evaluate, validate: false",
      list: population,
      run: (list) => {
        for (let i = 0; i < list.length; i++) {
          const r = compiled.evaluate(list[i]!, trusted);
          consume(r.grade, r.indicators.length + r.reasons.length + (r.score ?? 0));
        }
      },
      keep: (list) => list.map((s) => compiled.evaluate(s, trusted)),
    },
    {
      key: "trace",
      label: "(b) compiled.evaluate, trace: true",
      list: population,
      run: (list) => {
        for (let i = 0; i < list.length; i++) {
          const r = compiled.evaluate(list[i]!, traced);
          consume(r.grade, r.rules.length + (r.score ?? 0));
        }
      },
      keep: (list) => list.map((s) => compiled.evaluate(s, traced)),
    },
    {
      key: "jre",
      label: "(c) json-rules-engine 2-phase + hand-written scoring",
      list: subset,
      run: async (list) => {
        for (let i = 0; i < list.length; i++) consume((await jre(list[i]!)).grade);
      },
      keep: (list) => awaited(jre, list),
    },
  ];
  if (zen) {
    paths.push(
      {
        key: "zen",
        label: "(d) zen-engine, awaited one by one",
        list: subset,
        run: async (list) => {
          for (let i = 0; i < list.length; i++) consume((await zen(list[i]!)).grade);
        },
        keep: (list) => awaited(zen, list),
      },
      {
        key: "zen-batch",
        label: "(d) zen-engine, Promise.all per 100",
        list: subset,
        run: async (list) => {
          for (let i = 0; i < list.length; i += 100) for (const o of await Promise.all(list.slice(i, i + 100).map(zen))) consume(o.grade);
        },
        keep: (list) => Promise.all(list.map(zen)),
      },
    );
  }
  return paths;
}
