/**
 * A worker thread of `credit-grading evaluate --workers n` (built as `dist/cli-worker.js`,
 * started by `dist/cli.js`): compiles the ruleset once, then grades the batches the main
 * thread sends, answering each with its result lines, rejections and counts.
 * @module
 */
import { parentPort, workerData } from "node:worker_threads";
import { compileRuleset } from "../index.js";
import { gradeBatch, rowGrader, type WorkerBatch, type WorkerInit, type WorkerReply } from "./evaluate.js";

const port = parentPort;
if (port === null) throw new Error("cli-worker.js is a worker thread of credit-grading evaluate --workers, not a program");
const init = workerData as WorkerInit;
const compiled = compileRuleset(init.ruleset);
if (compiled.ref.contentHash !== init.contentHash) {
  throw new Error(`the worker compiled ${compiled.ref.id}@${compiled.ref.version} to content hash ${compiled.ref.contentHash}, not ${init.contentHash}`);
}
const grade = rowGrader(compiled, init.asOf, { full: init.full, emit: init.emit, csv: init.csv, public: init.public });

port.on("message", (batch: WorkerBatch) => {
  let reply: WorkerReply;
  try {
    reply = { seq: batch.seq, ...gradeBatch(grade, batch, compiled) };
  } catch (e) {
    reply = { seq: batch.seq, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  port.postMessage(reply);
});
