/**
 * Building blocks of the benchmark's GoRules JDM graphs (`zen.ts`, `scorecard/zen.ts`) and the
 * engine that runs them. A graph here is a chain: input → expression nodes → a decision table
 * of bands (first hit) → a final expression node → output. Subjects are handed to ZEN as they
 * are (`{ id, inputs, records }`), so expressions read `inputs.x`: {@link chainGraph} prefixes
 * the declared input names.
 * @module
 */

/** An expression of a JDM expression node. */
export interface Expr {
  readonly id: string;
  readonly key: string;
  value: string;
}

let nextId = 0;
/**
 * An expression `key = value`.
 * @param key - The output field.
 * @param value - The ZEN expression.
 */
export const expr = (key: string, value: string): Expr => ({ id: `e${nextId++}`, key, value });
/**
 * A ZEN expression clamped to 0..1.
 * @param x - The expression.
 */
export const clamp01 = (x: string): string => `max([0, min([1, ${x}])])`;
/**
 * Bins with exclusive upper bounds, first match wins: `x < cut₁ ? s₁ : x < cut₂ ? s₂ : … : last`.
 * @param x - The value.
 * @param cuts - `[upper bound, score]` in order.
 * @param last - The score above the last bound.
 */
export const bins = (x: string, cuts: readonly (readonly [number, number])[], last: number): string =>
  cuts.reduceRight((acc, [lt, s]) => `(${x} < ${lt} ? ${s} : ${acc})`, String(last));

/** The benchmarks' bands (A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, else E) as a first-hit table from `score` to `scoreGrade`; a score below 0 means none. */
export const bandTable = {
  hitPolicy: "first",
  passThrough: true,
  inputs: [{ id: "i1", field: "score", name: "score" }],
  outputs: [{ id: "o1", field: "scoreGrade", name: "scoreGrade" }],
  rules: [
    { _id: "b0", i1: "< 0", o1: "null" },
    { _id: "b1", i1: ">= 90", o1: "'A'" },
    { _id: "b2", i1: ">= 75", o1: "'B'" },
    { _id: "b3", i1: ">= 60", o1: "'C'" },
    { _id: "b4", i1: ">= 40", o1: "'D'" },
    { _id: "b5", i1: "", o1: "'E'" },
  ],
};

/**
 * The chain input → expression nodes (pass-through) → band table → final expression node
 * (its expressions only) → output, with every bare mention of an input name read from `inputs`.
 * @param inputIds - The ruleset's input names.
 * @param stages - The expression nodes before banding, by name.
 * @param final - The expressions after banding.
 * @returns The decision content for `ZenEngine.createDecision`.
 */
export function chainGraph(inputIds: readonly string[], stages: Readonly<Record<string, Expr[]>>, final: Expr[]): Record<string, unknown> {
  const re = new RegExp(`(?<![.$'\\w])(${inputIds.join("|")})\\b`, "g");
  for (const list of [...Object.values(stages), final]) for (const e of list) e.value = e.value.replace(re, "inputs.$1");
  const node = (id: string, type: string, content?: unknown) => ({ id, type, name: id, position: { x: 0, y: 0 }, ...(content ? { content } : {}) });
  const nodes = [
    node("input", "inputNode"),
    ...Object.entries(stages).map(([id, expressions]) => node(id, "expressionNode", { passThrough: true, expressions })),
    node("band", "decisionTableNode", bandTable),
    node("final", "expressionNode", { passThrough: false, expressions: final }),
    node("output", "outputNode"),
  ];
  const edges = nodes.slice(1).map((n, i) => ({ id: `edge${i}`, sourceId: nodes[i]!.id, targetId: n.id, type: "edge" }));
  return { nodes, edges };
}

/** A loaded graph: evaluates one subject to the output of its final node. */
export type ZenDecision = (subject: unknown) => Promise<Record<string, unknown>>;

/**
 * Loads @gorules/zen-engine and returns a function that compiles a graph, or why it cannot.
 * It is not a devDependency: its optional platform packages are not all on the registry CI
 * reaches, which breaks `npm ci`; the bench script installs it without saving (package.json "bench").
 */
export async function loadZen(): Promise<{ decision: (graph: Record<string, unknown>) => ZenDecision } | { problem: string }> {
  try {
    const zenModule = "@gorules/zen-engine";
    const { ZenEngine } = (await import(zenModule)) as {
      ZenEngine: new () => { createDecision(content: never): { evaluate(input: never): Promise<{ result: unknown }> } };
    };
    const engine = new ZenEngine();
    return {
      decision: (graph) => {
        const d = engine.createDecision(graph as never);
        return async (s) => (await d.evaluate(s as never)).result as Record<string, unknown>;
      },
    };
  } catch (e) {
    return { problem: e instanceof Error ? e.message : String(e) };
  }
}
