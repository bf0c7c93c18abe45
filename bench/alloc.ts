/**
 * Bytes allocated per call, and the size of what a call returns. Needs `node --expose-gc`.
 *
 * Allocated: after a full GC (and 20 ms for its concurrent work to settle),
 * `process.memoryUsage().heapUsed` is read, the function is called 200 times (its results
 * dropped), and `heapUsed` is read again. With no GC in between, the difference is every byte
 * the calls allocated on the V8 heap (new objects are bump-allocated and stay counted until a
 * GC). A window in which any GC ran (seen by a `PerformanceObserver` on `gc` entries) is thrown
 * away; 3 rounds of 9 windows, each round after a warm-up, and the median of all windows is
 * kept (so that neither a round that caught the code before the engine optimised it again nor
 * a stray window counts). The same loop with a call that allocates nothing, measured the same
 * way (the `memoryUsage()` object itself, 256 B), is subtracted.
 * On Node 20 x64 this gives exactly 40 B for `{ a, b }` and 72 B for `[x, y, z]`
 * ({@link selfCheck}).
 *
 * Result: after a full GC, 2,000 results are kept in a preallocated array, a full GC runs
 * again, and the growth of `heapUsed` ÷ their number is what one result holds on its own
 * (objects it shares with other results or the ruleset, such as the measures list, are not
 * counted); the median of 5 tries.
 *
 * "Beyond the result" is allocated − result: the garbage a call leaves.
 *
 * Measure before holding many results of the same function across GCs: V8 then pretenures
 * the allocation site, new results go straight to the old space, and `heapUsed` grows there
 * by allocation buffer, not by object (windows read anywhere from a third to eight times the
 * truth).
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
 * @returns Bytes per call, or `undefined` without `--expose-gc` or when every window met a GC.
 */
export async function allocation(call: (i: number) => unknown): Promise<Allocation | undefined> {
  if (!gc) return undefined;
  base ??= await steady((i) => i);
  const all = await steady(call);
  if (base === undefined || all === undefined) return undefined;
  const results = new Array<unknown>(N * 10).fill(null);
  const held: number[] = [];
  for (let w = 0; w < 5; w++) {
    gc();
    const h0 = heap();
    for (let i = 0; i < results.length; i++) results[i] = call(i);
    gc();
    held.push((heap() - h0) / results.length);
    results.fill(null);
  }
  return { allocated: (all - base) / N, result: median(held) };
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

// Calls per window (few enough that a window seldom meets a GC), windows per round, rounds.
const N = 200;
const WINDOWS = 9;
const ROUNDS = 3;
// The loop's own allocation per window (the memoryUsage() object), measured once.
let base: number | undefined;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Bytes a window of N calls allocates in the steady state: each round warms the function up and
// lets the code the engine optimises meanwhile be installed (code objects live on the heap too);
// the median of every window of every round stands against a round that caught the code before
// it was optimised again, and against a stray window.
async function steady(call: (i: number) => unknown): Promise<number | undefined> {
  const deltas: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < 20_000; i++) kept[i & 15] = call(i);
    await sleep(50);
    deltas.push(...(await windowDeltas(call)));
  }
  return deltas.length > 0 ? median(deltas) : undefined;
}

async function windowDeltas(call: (i: number) => unknown): Promise<number[]> {
  if (!observer) {
    observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcTimes.push(e.startTime);
    });
    observer.observe({ entryTypes: ["gc"] });
  }
  const deltas: number[] = [];
  for (let w = 0; w < WINDOWS; w++) {
    gc!();
    // Let the collector's concurrent work after the GC settle before reading.
    await sleep(20);
    const t0 = performance.now();
    const h0 = heap();
    for (let i = 0; i < N; i++) kept[i & 15] = call(i);
    const h1 = heap();
    const t1 = performance.now();
    kept.fill(undefined);
    // GC entries are delivered asynchronously: let them arrive before looking.
    await turn();
    await turn();
    if (!gcTimes.some((t) => t >= t0 && t <= t1)) deltas.push(h1 - h0);
  }
  return deltas;
}
