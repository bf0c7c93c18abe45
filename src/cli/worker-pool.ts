/**
 * The worker-thread pool of `evaluate --workers n`: the main thread splits the input into
 * numbered batches, n worker threads (cli-worker.ts) grade them, and the answers are handed back
 * in input order with bounded memory.
 * @module
 */
import { Worker } from "node:worker_threads";
import type { CompiledRuleset } from "../index.js";
import { packBatch, type RowGraderOptions, type Tally, type WorkerInit, type WorkerReply } from "./evaluate.js";
import type { JsonLine, Rejection } from "./io.js";
import type { Row } from "./row.js";

/** Rows per batch sent to a worker thread (fewer for `--full`, whose lines are ~10× longer), and input characters at most. */
const WORKER_BATCH_ROWS = 1000;
const WORKER_BATCH_ROWS_FULL = 200;
const WORKER_BATCH_CHARS = 1 << 20;
/** Batches sent but not yet written, per worker: bounds memory (back-pressure on the input). */
const WORKER_IN_FLIGHT = 2;

/**
 * `evaluate --workers n`: the main thread reads and splits the input, sends numbered batches to
 * n worker threads (each compiles the ruleset once), and hands back the answers in input order.
 * At most `n × WORKER_IN_FLIGHT` batches are out (sent, not yet written): reading waits for
 * them, and they wait for a slow output (`onBatch` awaits its writes). The worker script is
 * resolved beside this module: `dist/cli-worker.js` next to the bundled `dist/cli.js`.
 * @param n - The number of worker threads.
 * @param compiled - The ruleset (each worker compiles it again from its document).
 * @param asOf - The as-of date.
 * @param options - `full`: whole evaluations per line; `emit`: whether result lines are wanted at all; `csv`: CSV rows.
 * @param batches - The input, read and split but not parsed (NDJSON lines are parsed in the workers).
 * @param onBatch - Called with each batch's result lines, rejections and counts, in input order.
 * @returns When every batch has been handed to `onBatch` and the workers have ended.
 * @throws Error when a worker fails or exits early.
 * @example
 * await evaluateInWorkers(4, compiled, "2025-12-31", { full: false, emit: true }, batches, async (r) => write(out, r.out));
 */
export async function evaluateInWorkers(
  n: number,
  compiled: CompiledRuleset,
  asOf: string,
  options: RowGraderOptions,
  batches: AsyncIterable<(Row | JsonLine)[]>,
  onBatch: (r: { out: string; rejects: readonly Rejection[]; tally: Tally }) => Promise<void>,
): Promise<void> {
  const here = import.meta.url;
  const script = new URL(here.endsWith(".ts") ? "./cli-worker.ts" : "./cli-worker.js", here);
  const init: WorkerInit = { ruleset: compiled.ruleset, contentHash: compiled.ref.contentHash, asOf, ...options };
  const done = new Map<number, WorkerReply>();
  const busy = new Array<number>(n).fill(0);
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let finished = false;
  const pool = Array.from({ length: n }, (_, i) => {
    // A worker holds the compiled ruleset and a batch or two: a small young generation and a
    // bounded old one make it collect early rather than let its heap grow (every thread's heap
    // counts in the process's RSS: about 85 MiB per worker without limits, about 65 with).
    const w = new Worker(script, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: 16, maxOldGenerationSizeMb: 64 } });
    w.on("message", (m: WorkerReply) => {
      busy[i]!--;
      if ("error" in m) failure ??= new Error(`worker thread ${i + 1}: ${m.error}`);
      else done.set(m.seq, m);
      signal();
    });
    w.on("error", (e: Error) => {
      failure ??= new Error(`worker thread ${i + 1}: ${e.stack ?? e.message}`);
      signal();
    });
    w.on("exit", (code) => {
      if (!finished) failure ??= new Error(`worker thread ${i + 1} exited (code ${code})`);
      signal();
    });
    return w;
  });
  let sent = 0;
  let written = 0;
  const writeReady = async (): Promise<void> => {
    for (let r = done.get(written); r !== undefined && !("error" in r); r = done.get(written)) {
      done.delete(written);
      written++;
      await onBatch(r);
    }
  };
  const waitForAnswer = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  const send = async (units: (Row | JsonLine)[]): Promise<void> => {
    for (;;) {
      await writeReady();
      if (failure) throw failure;
      let pick = -1;
      if (sent - written < n * WORKER_IN_FLIGHT) for (let i = 0; i < n; i++) if (busy[i]! < WORKER_IN_FLIGHT && (pick < 0 || busy[i]! < busy[pick]!)) pick = i;
      if (pick >= 0) {
        busy[pick]!++;
        pool[pick]!.postMessage(packBatch(sent++, units));
        return;
      }
      await waitForAnswer();
    }
  };
  try {
    const rowsPerBatch = options.full || options.public !== undefined ? WORKER_BATCH_ROWS_FULL : WORKER_BATCH_ROWS;
    let units: (Row | JsonLine)[] = [];
    let chars = 0;
    for await (const chunk of batches) {
      for (const u of chunk) {
        units.push(u);
        if (u.ok === "json") chars += u.text.length;
        if (units.length >= rowsPerBatch || chars >= WORKER_BATCH_CHARS) {
          await send(units);
          units = [];
          chars = 0;
        }
      }
    }
    if (units.length > 0) await send(units);
    for (;;) {
      await writeReady();
      if (failure) throw failure;
      if (written === sent) break;
      await waitForAnswer();
    }
  } finally {
    finished = true;
    await Promise.all(pool.map((w) => w.terminate()));
  }
}