/**
 * An append-only decision log whose entries are chained by hash: each entry carries the hash
 * of the one before, so an edited, dropped, inserted or reordered entry is found by `verify`.
 * Storage is a small interface (NDJSON lines); a host implements it for its own database.
 * @module
 */
import type { Issue } from "../base/diagnostic.js";
import type { DecisionRecord } from "./decision.js";
import { CreditGradingError } from "../base/errors.js";
import { hashJson } from "../base/hash.js";

/**
 * The hash the first entry chains to.
 * @category Decisions
 */
export const GENESIS_HASH = `sha256:${"0".repeat(64)}`;

/**
 * One line of the log.
 * @category Decisions
 */
export interface LogEntry {
  /** Position, from 1. */
  readonly seq: number;
  /** The hash of the entry before (the genesis hash for the first). */
  readonly prevHash: string;
  /** The decision. */
  readonly record: DecisionRecord;
  /** SHA-256 of the canonical JSON of seq, prevHash and record. */
  readonly hash: string;
}

/**
 * Where log lines live: append a line, read every line in order. Sync or async.
 * @category Decisions
 */
export interface LogStorage {
  /** Appends one line (no newline in it). */
  append(line: string): void | Promise<void>;
  /** Every line appended so far, in order. */
  lines(): Iterable<string> | AsyncIterable<string>;
}

/**
 * A problem `verify` found.
 * @category Decisions
 */
export interface LogProblem extends Issue<LogProblemCode> {
  /** The line (1-based) where it shows; the path is `[line]`. */
  readonly line: number;
}

/**
 * What is wrong with a log line: `BAD_LINE`, not a log entry; `EDITED`, the hash does not match
 * the content; `BROKEN_CHAIN`, prevHash is not the hash before (an entry dropped, inserted or
 * reordered); `BAD_SEQUENCE`, seq out of order.
 * @category Decisions
 */
export type LogProblemCode = "BAD_LINE" | "EDITED" | "BROKEN_CHAIN" | "BAD_SEQUENCE";

// A problem at a line of the log.
const logProblem = (line: number, code: LogProblemCode, message: string): LogProblem => ({ code, path: [line], message, severity: "error", line });

/**
 * The outcome of {@link DecisionLog.verify}.
 * @category Decisions
 */
export interface LogVerification {
  /** Whether the whole chain is intact. */
  readonly ok: boolean;
  /** Entries read. */
  readonly entries: number;
  /** The hash of the last entry (the head), to keep elsewhere as an anchor. */
  readonly head: string;
  /** Every problem found. */
  readonly problems: readonly LogProblem[];
}

const entryHash = (seq: number, prevHash: string, record: DecisionRecord): string =>
  hashJson({ seq, prevHash, record });

/**
 * An in-memory storage, for tests and short-lived hosts.
 * @category Decisions
 */
export class MemoryLogStorage implements LogStorage {
  /** The lines so far. */
  readonly stored: string[] = [];
  /** Appends a line. */
  append(line: string): void {
    this.stored.push(line);
  }
  /** Every line, in order. */
  lines(): Iterable<string> {
    return this.stored;
  }
}

/**
 * A hash-chained, append-only log of decision records.
 * @category Decisions
 */
export class DecisionLog {
  readonly #storage: LogStorage;
  #head: { seq: number; hash: string } | undefined;

  /**
   * @param storage - Where the lines live.
   */
  constructor(storage: LogStorage) {
    this.#storage = storage;
  }

  async #tail(): Promise<{ seq: number; hash: string }> {
    if (this.#head) return this.#head;
    let last: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH };
    let n = 0;
    for await (const line of this.#storage.lines()) {
      n++;
      let e: LogEntry;
      try {
        e = JSON.parse(line) as LogEntry;
      } catch {
        throw new CreditGradingError("LOG_CORRUPT", `decision log line ${n} is not a log entry; run verify() and repair the storage before appending`);
      }
      last = { seq: e.seq, hash: e.hash };
    }
    this.#head = last;
    return last;
  }

  /**
   * Appends a decision, chained to the entry before.
   * @param record - The decision record.
   * @returns The entry written.
   */
  async append(record: DecisionRecord): Promise<LogEntry> {
    const tail = await this.#tail();
    const seq = tail.seq + 1;
    const entry: LogEntry = { seq, prevHash: tail.hash, record, hash: entryHash(seq, tail.hash, record) };
    await this.#storage.append(JSON.stringify(entry));
    this.#head = { seq, hash: entry.hash };
    return entry;
  }

  /**
   * Every entry, in order.
   * @returns The entries (lines that are not entries are skipped; `verify` reports them).
   */
  async entries(): Promise<LogEntry[]> {
    const out: LogEntry[] = [];
    for await (const line of this.#storage.lines()) {
      try {
        out.push(JSON.parse(line) as LogEntry);
      } catch {
        // verify() names bad lines.
      }
    }
    return out;
  }

  /**
   * Re-computes every hash and checks the chain.
   * @returns Whether it is intact, the head hash and every problem.
   */
  async verify(): Promise<LogVerification> {
    const problems: LogProblem[] = [];
    let prev = GENESIS_HASH;
    let expectSeq = 1;
    let n = 0;
    for await (const line of this.#storage.lines()) {
      n++;
      let e: LogEntry;
      try {
        e = JSON.parse(line) as LogEntry;
        if (typeof e !== "object" || e === null || typeof e.hash !== "string" || typeof e.prevHash !== "string" || typeof e.seq !== "number") throw new Error("not an entry");
      } catch {
        problems.push(logProblem(n, "BAD_LINE", "not a log entry"));
        continue;
      }
      if (entryHash(e.seq, e.prevHash, e.record) !== e.hash) problems.push(logProblem(n, "EDITED", `entry ${e.seq} does not match its hash`));
      if (e.prevHash !== prev) problems.push(logProblem(n, "BROKEN_CHAIN", `entry ${e.seq} chains to ${e.prevHash.slice(0, 19)}…, but the entry before has ${prev.slice(0, 19)}…`));
      if (e.seq !== expectSeq) problems.push(logProblem(n, "BAD_SEQUENCE", `entry at line ${n} has seq ${e.seq}, expected ${expectSeq}`));
      prev = e.hash;
      expectSeq = e.seq + 1;
    }
    return { ok: problems.length === 0, entries: n, head: prev, problems };
  }
}
