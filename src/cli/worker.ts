/**
 * A worker thread of `credit-grading evaluate --workers n` (built as `dist/cli-worker.js`,
 * started by `dist/cli.js`): compiles the ruleset once, then grades the batches the main
 * thread sends, answering each with its result lines, rejections and counts.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { compileRuleset } from "../index.js";
import { gradeBatch, rowGrader, type WorkerBatch, type WorkerInit, type WorkerReply } from "./evaluate.js";
import { TEST_WORKER_EXIT_ENV } from "./worker-pool.js";

const port = parentPort;
if (port === null) throw new Error("cli-worker.js is a worker thread of credit-grading evaluate --workers, not a program");
const init = workerData as WorkerInit;
const compiled = compileRuleset(init.ruleset);
if (compiled.ref.contentHash !== init.contentHash) {
  throw new Error(`the worker compiled ${compiled.ref.id}@${compiled.ref.version} to content hash ${compiled.ref.contentHash}, not ${init.contentHash}`);
}
const grade = rowGrader(compiled, init.asOf, { full: init.full, emit: init.emit, csv: init.csv, public: init.public });

// A test hook (worker-pool.ts): the thread exits on receiving this job, as a crashed one would.
const exitAt = process.env[TEST_WORKER_EXIT_ENV];

port.on("message", (batch: WorkerBatch) => {
  if (exitAt !== undefined && batch.seq === Number(exitAt)) process.exit(70);
  let reply: WorkerReply;
  try {
    reply = { seq: batch.seq, ...gradeBatch(grade, batch, compiled, init.text) };
  } catch (e) {
    reply = { seq: batch.seq, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  // The result lines' buffer is moved, not copied.
  port.postMessage(reply, "out" in reply && typeof reply.out !== "string" ? [reply.out.buffer as ArrayBuffer] : []);
});
