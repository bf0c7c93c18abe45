/**
 * The worker-thread pool of `evaluate --workers n`: the main thread hands out numbered jobs
 * (chunks of a file's bytes, or batches of lines it read), n worker threads (worker.ts) decode,
 * parse, grade and serialise them, and the answers are written back in input order with bounded
 * memory. A worker that stops is reported with the lines it held, never left as a silent gap.
 * @module
 */
import { Worker } from "node:worker_threads";
import type { CompiledRuleset } from "../index.js";
import { type Chunk, chunkBatch } from "./chunks.js";
import { CliError } from "./error.js";
import { packBatch, type RowGraderOptions, type Tally, type WorkerBatch, type WorkerBatchBody, type WorkerInit, type WorkerReply } from "./evaluate.js";
import type { JsonLine, Rejection } from "./io.js";
import type { Row } from "./row.js";

/** Rows per batch sent to a worker thread (fewer for `--full`, whose lines are ~10× longer), and input characters at most. */
const WORKER_BATCH_ROWS = 1000;
const WORKER_BATCH_ROWS_FULL = 200;
const WORKER_BATCH_CHARS = 1 << 20;
/** Jobs sent but not yet written, per worker: bounds memory (back-pressure on the input). */
const WORKER_IN_FLIGHT = 2;

/** Test hook (never set in use): a worker thread exits when it receives the job of this number. */
export const TEST_WORKER_EXIT_ENV = "CREDIT_GRADING_TEST_WORKER_EXIT_AT";

/** A job for a worker: its batch (numbered by the pool), what to transfer with it, and what it holds. */
export interface WorkerJob {
  readonly batch: WorkerBatchBody;
  /** Buffers moved to the worker rather than copied. */
  readonly transfer: readonly ArrayBuffer[];
  /** The number of its first line. */
  readonly firstLine: number;
  /** The lines (and bytes) it holds, named when its worker fails. */
  readonly holds: string;
}

/** A worker's answer for one job, in input order. */
export interface WorkerResult {
  /** The result lines: UTF-8 bytes, or text with `text`. */
  readonly out: Uint8Array | string;
  readonly rejects: readonly Rejection[];
  readonly tally: Tally;
}

/**
 * `evaluate --workers n`: sends the jobs to n worker threads (each compiles the ruleset once)
 * and hands back the answers in input order. At most `n × WORKER_IN_FLIGHT` jobs are out (sent,
 * not yet written): reading waits for them, and they wait for a slow output (`onResult` awaits
 * its writes). The worker script is resolved beside this module: `dist/cli-worker.js` next to
 * the bundled `dist/cli.js`.
 * @param n - The number of worker threads.
 * @param compiled - The ruleset (each worker compiles it again from its document).
 * @param asOf - The as-of date.
 * @param options - `full`: whole evaluations per line; `emit`: whether result lines are wanted at all; `csv`: CSV rows;
 *   `text`: result lines as text, for the main thread to encode (else UTF-8 bytes).
 * @param jobs - The input as jobs ({@link chunkJobs} or {@link lineJobs}).
 * @param onResult - Called with each job's result lines, rejections and counts, in input order.
 * @returns When every job has been handed to `onResult` and the workers have ended.
 * @throws CliError (exit 2) when a worker fails or stops, naming the lines it held.
 */
export async function evaluateInWorkers(
  n: number,
  compiled: CompiledRuleset,
  asOf: string,
  options: RowGraderOptions & { readonly text: boolean },
  jobs: AsyncIterable<WorkerJob>,
  onResult: (r: WorkerResult) => Promise<void>,
): Promise<void> {
  const here = import.meta.url;
  const script = new URL(here.endsWith(".ts") ? "./cli-worker.ts" : "./cli-worker.js", here);
  const init: WorkerInit = { ruleset: compiled.ruleset, contentHash: compiled.ref.contentHash, asOf, ...options };
  const done = new Map<number, WorkerResult>();
  // Per worker, the jobs it holds (sent, not answered), oldest first: what a failure names.
  const held = Array.from({ length: n }, () => [] as { seq: number; firstLine: number; holds: string }[]);
  // The first failure in input order, and the job it stopped at: every job before it is written
  // first (the other workers hold them), so the output ends exactly where the failure begins.
  let failure: Error | undefined;
  let failedAt = Number.POSITIVE_INFINITY;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let finished = false;
  const fail = (i: number, what: string): void => {
    const job = held[i]![0];
    const at = job?.seq ?? sent;
    if (failure === undefined || at < failedAt) {
      failure = new CliError(
        job === undefined
          ? `worker thread ${i + 1} ${what} between jobs: the lines before were written in order, none after`
          : `worker thread ${i + 1} ${what} while grading ${job.holds}: every line before line ${job.firstLine} was written in order, none of these or any later line`,
      );
      failedAt = at;
    }
    signal();
  };
  const pool = Array.from({ length: n }, (_, i) => {
    // A worker holds the compiled ruleset and a job or two (a 1 MiB chunk makes a few MiB of
    // short-lived objects). Every thread's heap counts in the process's RSS, which issue #16
    // bounds at 300 MB for any input: V8 rounds a young generation's semi-spaces to a power of two,
    // so 24 MiB gives 8 MiB semi-spaces (--workers 2 at 241–252 MiB peak on the 1 M-line scorecard)
    // and 25–48 MiB give 16 MiB ones (283–299 MiB, over 300 MB, for ≈ 10 % more speed); an old
    // generation under 64 MiB collects so often the pool slows by half (performance.md).
    const w = new Worker(script, { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: 24, maxOldGenerationSizeMb: 64 } });
    w.on("message", (m: WorkerReply) => {
      if ("error" in m) return fail(i, `failed (${m.error})`);
      held[i]!.shift();
      done.set(m.seq, m);
      signal();
    });
    w.on("error", (e: Error) => fail(i, `failed (${e.stack ?? e.message})`));
    w.on("exit", (code) => {
      if (!finished) fail(i, `stopped (exit code ${code})`);
    });
    return w;
  });
  let sent = 0;
  let written = 0;
  const writeReady = async (): Promise<void> => {
    for (let r = done.get(written); r !== undefined && written < failedAt; r = done.get(written)) {
      done.delete(written);
      written++;
      await onResult(r);
    }
  };
  const waitForAnswer = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  try {
    for await (const job of jobs) {
      for (;;) {
        await writeReady();
        if (failure && written >= failedAt) throw failure;
        let pick = -1;
        if (failure === undefined && sent - written < n * WORKER_IN_FLIGHT) {
          for (let i = 0; i < n; i++) if (held[i]!.length < WORKER_IN_FLIGHT && (pick < 0 || held[i]!.length < held[pick]!.length)) pick = i;
        }
        if (pick >= 0) {
          held[pick]!.push({ seq: sent, firstLine: job.firstLine, holds: job.holds });
          const batch: WorkerBatch = { seq: sent++, ...job.batch };
          pool[pick]!.postMessage(batch, [...job.transfer]);
          break;
        }
        await waitForAnswer();
      }
    }
    for (;;) {
      await writeReady();
      if (failure && written >= failedAt) throw failure;
      if (written === sent) break;
      await waitForAnswer();
    }
  } finally {
    finished = true;
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/**
 * Jobs of a file's chunks ({@link readChunks}): each chunk's bytes move to the worker, which
 * decodes and splits them itself.
 * @param chunks - The chunks, in order.
 * @param path - The file, as named in a failure.
 * @param maxLineBytes - The longest line allowed (`--max-line-bytes`).
 */
export async function* chunkJobs(chunks: AsyncIterable<Chunk>, path: string, maxLineBytes: number): AsyncGenerator<WorkerJob> {
  for await (const c of chunks) {
    const last = c.firstLine + Math.max(c.lines, 1) - 1;
    yield {
      batch: chunkBatch(c, maxLineBytes),
      transfer: [c.bytes.buffer as ArrayBuffer],
      firstLine: c.firstLine,
      holds: `lines ${c.firstLine}–${last} (bytes ${c.offset}–${c.offset + c.bytes.length - 1} of ${path})`,
    };
  }
}

/**
 * Jobs of lines read by the main thread (stdin, CSV): at most 1,000 rows (200 with `--full`)
 * or 1 MiB of NDJSON text each, packed by {@link packBatch}.
 * @param batches - The rows and unparsed NDJSON lines, in order.
 * @param full - Whether each line is a whole evaluation (`--full`).
 */
export async function* lineJobs(batches: AsyncIterable<(Row | JsonLine)[]>, full: boolean): AsyncGenerator<WorkerJob> {
  const rowsPerBatch = full ? WORKER_BATCH_ROWS_FULL : WORKER_BATCH_ROWS;
  let units: (Row | JsonLine)[] = [];
  let chars = 0;
  const job = (): WorkerJob => {
    const firstLine = units[0]!.line;
    const holds = `lines ${firstLine}–${units[units.length - 1]!.line}`;
    const batch = packBatch(units);
    units = [];
    chars = 0;
    return { batch, transfer: [], firstLine, holds };
  };
  for await (const chunk of batches) {
    for (const u of chunk) {
      units.push(u);
      if (u.ok === "json") chars += u.text.length;
      if (units.length >= rowsPerBatch || chars >= WORKER_BATCH_CHARS) yield job();
    }
  }
  if (units.length > 0) yield job();
}
