/**
 * The limits of conditions written out (条件规模上限). A reference to a named condition stands for
 * the whole of it, so a few kilobytes of references can stand for a condition of 2^40 nodes, and
 * a chain of references for one nested thousands of levels deep. Each named condition is measured
 * once (references are followed through the ones already measured, never written out), and a
 * condition past {@link MAX_CONDITION_NODES} nodes or {@link MAX_CONDITION_DEPTH} levels, or a
 * cycle of references, is a diagnostic. Nothing here recurses along a reference or past the depth
 * limit, so any document is measured in time and stack linear in its size.
 *
 * Used by the ruleset checks (diagnostics), `compileCondition` and `toJsonRulesEngine` (errors).
 * @module
 */
import type { PathSegment } from "../base/diagnostic.js";
import type { ConditionDef } from "./condition.js";

/**
 * The most nodes a condition may have with the named conditions it refers to written out at each
 * use (a reference counts as a node, like in a trace); the rules and derived facts of a ruleset
 * together have the same limit.
 * @category Ruleset format
 */
export const MAX_CONDITION_NODES = 20_000;

/**
 * The deepest a condition may be nested with the named conditions it refers to written out: the
 * most nodes on a path from its top to a leaf, a reference counting as a node.
 * @category Ruleset format
 */
export const MAX_CONDITION_DEPTH = 32;

/** A problem found by measuring conditions. */
export interface ConditionLimitIssue {
  readonly code: "CONDITION_CYCLE" | "CONDITION_TOO_LARGE" | "CONDITION_TOO_DEEP";
  readonly path: PathSegment[];
  readonly message: string;
}

/** A condition measured: nodes and depth (each capped just past its limit), the facts its leaves read. */
export interface ConditionSize {
  readonly nodes: number;
  readonly depth: number;
  readonly facts: ReadonlySet<string>;
  /** Refers (directly or not) to a named condition that is in a cycle or past a limit. */
  readonly bad: boolean;
}

interface Local {
  nodes: number;
  depth: number;
  facts: Set<string>;
  refs: { target: string; level: number; path: PathSegment[] }[];
}

const cap = (n: number, max: number): number => Math.min(n, max + 1);

// The condition's own nodes, without following references; iterative, and nothing below the depth limit is visited.
function local(def: ConditionDef): Local {
  const out: Local = { nodes: 0, depth: 0, facts: new Set(), refs: [] };
  const stack: [ConditionDef, number, PathSegment[]][] = [[def, 1, []]];
  while (stack.length > 0) {
    const [d, level, path] = stack.pop()!;
    out.nodes = cap(out.nodes + 1, MAX_CONDITION_NODES);
    out.depth = Math.max(out.depth, level);
    if (level > MAX_CONDITION_DEPTH) continue;
    if ("all" in d) d.all.forEach((k, i) => stack.push([k, level + 1, [...path, "all", i]]));
    else if ("any" in d) d.any.forEach((k, i) => stack.push([k, level + 1, [...path, "any", i]]));
    else if ("not" in d) stack.push([d.not, level + 1, [...path, "not"]]);
    else if ("condition" in d) out.refs.push({ target: d.condition, level, path });
    else {
      out.facts.add(d.fact);
      const v: unknown = d.value;
      if (v !== null && typeof v === "object" && !Array.isArray(v) && Object.hasOwn(v, "fact")) out.facts.add(String((v as { fact: unknown }).fact));
    }
  }
  out.refs.reverse();
  return out;
}

/**
 * The named conditions of a document, each measured once, with the problems found among them;
 * {@link NamedConditionSizes.measure} then measures any condition that refers to them.
 */
export class NamedConditionSizes {
  /** Cycles, and named conditions past a limit, in declaration order (a named condition only referring to one of those is not reported again). */
  readonly issues: ConditionLimitIssue[] = [];
  private readonly sizes = new Map<string, ConditionSize>();
  private readonly issueOf = new Map<string, ConditionLimitIssue>();

  /**
   * @param named - The named conditions by id.
   * @param at - Where each named condition's condition is in the document (for the issues' paths).
   */
  constructor(
    private readonly named: ReadonlyMap<string, ConditionDef>,
    at: (id: string) => PathSegment[] = () => [],
  ) {
    const locals = new Map<string, Local>();
    for (const [id, def] of named) locals.set(id, local(def));
    const sccs = stronglyConnected(locals);
    const found = this.issueOf;
    for (const scc of sccs) {
      const only = scc[0]!;
      const cyclic = scc.length > 1 || locals.get(only)!.refs.some((r) => r.target === only);
      if (cyclic) {
        const members = new Set(scc);
        // The members of one cycle found share it (each starting at itself): one search per cycle, not per member.
        const cycles = new Map<string, { ring: string[]; at: number }>();
        for (const id of scc) {
          this.sizes.set(id, { nodes: MAX_CONDITION_NODES + 1, depth: MAX_CONDITION_DEPTH + 1, facts: new Set(), bad: true });
          if (!cycles.has(id)) {
            const ring = shortestCycle(id, members, locals);
            ring.forEach((m, at) => {
              if (!cycles.has(m)) cycles.set(m, { ring, at });
            });
          }
          const { ring, at: k } = cycles.get(id)!;
          const next = ring[(k + 1) % ring.length]!;
          const first = locals.get(id)!.refs.find((r) => r.target === next)!;
          found.set(id, { code: "CONDITION_CYCLE", path: [...at(id), ...first.path, "condition"], message: `named conditions refer to each other in a cycle: ${describeCycle(ring, k)}` });
        }
        continue;
      }
      const size = this.combine(locals.get(only)!);
      const where = at(only);
      if (!size.bad && size.nodes > MAX_CONDITION_NODES) {
        found.set(only, { code: "CONDITION_TOO_LARGE", path: where, message: `named condition "${only}" has ${tooLarge}` });
      } else if (!size.bad && size.depth > MAX_CONDITION_DEPTH) {
        found.set(only, { code: "CONDITION_TOO_DEEP", path: where, message: `named condition "${only}" is ${tooDeep}` });
      }
      this.sizes.set(only, found.has(only) ? { ...size, bad: true } : size);
    }
    for (const id of named.keys()) {
      const issue = found.get(id);
      if (issue) this.issues.push(issue);
    }
  }

  /**
   * Measures a condition that may refer to the named conditions.
   * @param def - The condition.
   * @returns Its size written out.
   */
  measure(def: ConditionDef): ConditionSize {
    return this.combine(local(def));
  }

  private combine(l: Local): ConditionSize {
    let { nodes, depth } = l;
    const facts = new Set(l.facts);
    let bad = false;
    for (const r of l.refs) {
      const t = this.sizes.get(r.target);
      if (t === undefined) continue; // not declared: the checks report it
      nodes = cap(nodes + t.nodes, MAX_CONDITION_NODES);
      depth = cap(Math.max(depth, r.level + t.depth), MAX_CONDITION_DEPTH);
      for (const f of t.facts) facts.add(f);
      bad ||= t.bad;
    }
    return { nodes, depth, facts, bad };
  }

  /**
   * The problem with one condition, if it is past a limit or refers to a named condition that
   * is (as an error message for a host's condition).
   * @param def - The condition.
   * @returns The problem, or undefined.
   */
  problem(def: ConditionDef): string | undefined {
    const size = this.measure(def);
    if (size.bad) {
      for (const id of reachable(def, this.named)) {
        const issue = this.issueOf.get(id);
        if (issue) return issue.message;
      }
    }
    if (size.nodes > MAX_CONDITION_NODES) return `the condition has ${tooLarge}`;
    if (size.depth > MAX_CONDITION_DEPTH) return `the condition is ${tooDeep}`;
    return undefined;
  }

  /**
   * The facts a named condition's leaves read, the named conditions it refers to followed.
   * @param id - The named condition.
   * @returns The facts (none for an unknown id or one in a cycle).
   */
  factsOf(id: string): ReadonlySet<string> {
    return this.sizes.get(id)?.facts ?? new Set();
  }
}

const tooLarge = `more than ${MAX_CONDITION_NODES} nodes with the named conditions it refers to written out at each use (the limit is ${MAX_CONDITION_NODES})`;
const tooDeep = `nested more than ${MAX_CONDITION_DEPTH} levels deep with the named conditions it refers to written out (the limit is ${MAX_CONDITION_DEPTH})`;

/**
 * Checks the conditions that are used (the derived facts' `where` clauses, then the rules'
 * conditions): each within the depth limit, and all of them together within the size limit.
 * A condition referring to a named condition already reported is not reported again.
 * @param sizes - The named conditions, measured.
 * @param uses - Each used condition with its path.
 * @returns The problems, in the order of the uses.
 */
export function conditionUseIssues(sizes: NamedConditionSizes, uses: readonly { def: ConditionDef; path: PathSegment[] }[]): ConditionLimitIssue[] {
  const out: ConditionLimitIssue[] = [];
  let total = 0;
  for (const { def, path } of uses) {
    const size = sizes.measure(def);
    if (size.bad) continue;
    if (size.depth > MAX_CONDITION_DEPTH) out.push({ code: "CONDITION_TOO_DEEP", path, message: `this condition is ${tooDeep}` });
    const before = total;
    total += size.nodes;
    if (before <= MAX_CONDITION_NODES && total > MAX_CONDITION_NODES) {
      out.push({
        code: "CONDITION_TOO_LARGE",
        path,
        message: `the conditions of the rules and derived facts have more than ${MAX_CONDITION_NODES} nodes in all with named conditions written out at each use (the limit is ${MAX_CONDITION_NODES}); this one brings them past it`,
      });
    }
  }
  return out;
}

/**
 * Every problem of size, depth and cycles among a ruleset's conditions, with paths into it.
 * @param r - The ruleset's named conditions, derived facts and rules.
 * @returns The problems and the measured named conditions.
 */
export function conditionLimitIssues(r: {
  readonly conditions?: readonly { readonly id: string; readonly conditions: ConditionDef }[] | undefined;
  readonly facts?: readonly object[] | undefined;
  readonly rules?: readonly { readonly conditions: ConditionDef }[] | undefined;
}): { issues: ConditionLimitIssue[]; sizes: NamedConditionSizes } {
  const named = new Map<string, ConditionDef>();
  const index = new Map<string, number>();
  r.conditions?.forEach((n, i) => {
    named.set(n.id, n.conditions);
    index.set(n.id, i);
  });
  const sizes = new NamedConditionSizes(named, (id) => ["conditions", index.get(id)!, "conditions"]);
  const uses: { def: ConditionDef; path: PathSegment[] }[] = [];
  r.facts?.forEach((f, i) => {
    if (Object.hasOwn(f, "where")) uses.push({ def: (f as { where: ConditionDef }).where, path: ["facts", i, "where"] });
  });
  r.rules?.forEach((rule, i) => uses.push({ def: rule.conditions, path: ["rules", i, "conditions"] }));
  return { issues: [...sizes.issues, ...conditionUseIssues(sizes, uses)], sizes };
}

// The named conditions a condition reaches, each once (iterative).
function reachable(def: ConditionDef, named: ReadonlyMap<string, ConditionDef>): string[] {
  const seen = new Set<string>();
  const todo = local(def).refs.map((r) => r.target);
  while (todo.length > 0) {
    const id = todo.pop()!;
    const t = named.get(id);
    if (seen.has(id) || t === undefined) continue;
    seen.add(id);
    for (const r of local(t).refs) todo.push(r.target);
  }
  return [...seen];
}

// Tarjan's strongly connected components, iterative; each component comes after every component it reaches.
function stronglyConnected(locals: ReadonlyMap<string, Local>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let next = 0;
  for (const root of locals.keys()) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const [v, i] = frame;
      if (i === 0 && !index.has(v)) {
        index.set(v, next);
        low.set(v, next++);
        stack.push(v);
        onStack.add(v);
      }
      const refs = locals.get(v)!.refs;
      if (i < refs.length) {
        frame[1]++;
        const w = refs[i]!.target;
        if (!locals.has(w)) continue;
        if (!index.has(w)) work.push([w, 0]);
        else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(v)!));
      if (low.get(v) === index.get(v)) {
        const scc: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          scc.push(w);
        } while (w !== v);
        out.push(scc);
      }
    }
  }
  return out;
}

// The shortest cycle from a member of a component back to it (breadth first), as the ids met, the member first.
function shortestCycle(start: string, members: ReadonlySet<string>, locals: ReadonlyMap<string, Local>): string[] {
  const from = new Map<string, string>();
  const queue = [start];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (const { target } of locals.get(v)!.refs) {
      if (target === start) {
        const path: string[] = [];
        for (let u = v; u !== start; u = from.get(u)!) path.push(u);
        return [start, ...path.reverse()];
      }
      if (members.has(target) && !from.has(target)) {
        from.set(target, v);
        queue.push(target);
      }
    }
  }
  return [start];
}

// The cycle through ring[at] as "a → b → a"; a long one shows its first four and last two members and its length.
function describeCycle(ring: readonly string[], at: number): string {
  const n = ring.length;
  const id = (k: number): string => ring[(at + k) % n]!;
  if (n <= 7) return Array.from({ length: n + 1 }, (_, k) => id(k)).join(" → ");
  return `${[id(0), id(1), id(2), id(3), "…", id(n - 2), id(n - 1), id(0)].join(" → ")} (${n} references)`;
}
