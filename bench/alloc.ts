/**
 * Bytes allocated per call, and the size of what a call returns. Needs `node --expose-gc`.
 *
 * Allocated: after a full GC, `process.memoryUsage().heapUsed` is read, a function is called
 * `n` times (its results dropped), and `heapUsed` is read again. With no GC in between, the
 * difference is every byte the calls allocated on the V8 heap (new objects are bump-allocated
 * and stay counted until a GC). A window in which any GC ran (seen by a `PerformanceObserver`
 * on `gc` entries) is thrown away; the median of the other windows is taken, less the same
 * loop's cost with a call that allocates nothing (the `memoryUsage()` object itself, 256 B).
 * Three rounds of 9 windows, each round after a warm-up, and the least round: code the engine
 * has not optimised yet (or has just deoptimised) allocates more than the steady state.
 * On Node 20 x64 this gives exactly 40 B for `{ a, b }` and 72 B for `[x, y, z]`
 * ({@link selfCheck}).
 *
 * Result: after a full GC, 10 × `n` results are kept in a preallocated array, a full GC runs
 * again, and the growth of `heapUsed` ÷ their number is what one result holds on its own
 * (objects it shares with other results or the ruleset, such as the measures list, are not
 * counted); the least of 5 tries.
 *
 * "Beyond the result" is allocated − result: the garbage a call leaves.
 * @module
 */
import { PerformanceObserver } from "node:perf_hooks";
import { median } from "./stats.js";

const gc = (globalThis as { gc?: () => void }).gc;
const gcTimes: number[] = [];
let observer: PerformanceObserver | undefined;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const heap = () => process.memoryUsage().heapUsed;
const kept: unknown[] = new Array<unknown>(16);

/** Bytes per call: allocated in all, and held by one result. */
export interface Allocation {
  readonly allocated: number;
  readonly result: number;
}

/**
 * Measures a function's allocation per call.
 * @param call - The function, called with 0, 1, 2, … (e.g. to pick the i-th subject).
 * @param n - Calls per window (small enough that a window seldom meets a GC).
 * @param windows - How many windows a round.
 * @param rounds - How many rounds, each after a warm-up.
 * @returns Bytes per call, or `undefined` without `--expose-gc` or when every window met a GC.
 */
export async function allocation(call: (i: number) => unknown, n = 200, windows = 9, rounds = 3): Promise<Allocation | undefined> {
  if (!gc) return undefined;
  const base = await allocatedPerWindow((i) => i, n, windows);
  const all: number[] = [];
  for (let r = 0; r < rounds; r++) {
    // Warm up, and let optimised code the engine compiles meanwhile be installed (code objects
    // live on the heap too, and would be counted).
    for (let i = 0; i < 20_000; i++) kept[i & 15] = call(i);
    for (let t = 0; t < 10; t++) await new Promise((resolve) => setTimeout(resolve, 5));
    const a = await allocatedPerWindow(call, n, windows);
    if (a !== undefined) all.push(a);
  }
  if (base === undefined || all.length === 0) return undefined;
  const results = new Array<unknown>(n * 10).fill(null);
  const held: number[] = [];
  for (let w = 0; w < 5; w++) {
    gc();
    const h0 = heap();
    for (let i = 0; i < results.length; i++) results[i] = call(i);
    gc();
    held.push((heap() - h0) / results.length);
    results.fill(null);
  }
  // Anything else that lands on the heap meanwhile (a compiled function) only adds: the least is the result.
  // Code not yet optimised allocates more (boxed numbers, feedback): the least round is the steady state.
  return { allocated: (Math.min(...all) - base) / n, result: Math.min(...held) };
}

/**
 * Checks the method on objects of known size: `{ a, b }` (40 B on x64) and `[x, y, z]` (72 B).
 * @returns The measured bytes per call of each, or `undefined` without `--expose-gc`.
 */
export async function selfCheck(): Promise<{ pair: number; triple: number } | undefined> {
  const pair = (i: number) => ({ a: i, b: i });
  const triple = (i: number) => [i, i, i];
  for (let i = 0; i < 100_000; i++) kept[i & 15] = [pair(i), triple(i)];
  const p = await allocation(pair);
  const t = await allocation(triple);
  return p && t ? { pair: p.allocated, triple: t.allocated } : undefined;
}

async function allocatedPerWindow(call: (i: number) => unknown, n: number, windows: number): Promise<number | undefined> {
  if (!observer) {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcTimes.push(e.startTime);
    });
    observer.observe({ entryTypes: ["gc"] });
  }
  const deltas: number[] = [];
  for (let w = 0; w < windows; w++) {
    gc!();
    await turn();
    const t0 = performance.now();
    const h0 = heap();
    for (let i = 0; i < n; i++) kept[i & 15] = call(i);
    const h1 = heap();
    const t1 = performance.now();
    kept.fill(undefined);
    // GC entries are delivered asynchronously: let them arrive before looking.
    await turn();
    await turn();
    if (!gcTimes.some((t) => t >= t0 && t <= t1)) deltas.push(h1 - h0);
  }
  return deltas.length > 0 ? median(deltas) : undefined;
}
