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
 * Where log lines live: append a line, read every line in order. Sync or async. A storage that
 * several processes share implements `exclusive` (and, to spare a read of every line at each
 * append, `lastLine`): the log then re-reads its last entry under the lock before each append.
 * @category Decisions
 */
export interface LogStorage {
  /** Appends one line (no newline in it). */
  append(line: string): void | Promise<void>;
  /** Every line appended so far, in order. */
  lines(): Iterable<string> | AsyncIterable<string>;
  /** Runs `f` holding an exclusive lock on the log, across processes; releases it after. */
  exclusive?<T>(f: () => Promise<T>): Promise<T>;
  /** The last line, or `undefined` when there is none; throws `LOG_CORRUPT` on a torn last line. */
  lastLine?(): string | undefined | Promise<string | undefined>;
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
 * What is wrong with a log line: `BAD_LINE`, not a log entry; `NOT_CANONICAL`, an entry but not
 * the exact bytes the log writes for it (a duplicate key, members outside the hashed content,
 * other formatting: what the line shows is not what was hashed); `EDITED`, the hash does not
 * match the content; `BROKEN_CHAIN`, prevHash is not the hash before (an entry dropped, inserted
 * or reordered); `BAD_SEQUENCE`, seq out of order.
 * @category Decisions
 */
export type LogProblemCode = "BAD_LINE" | "NOT_CANONICAL" | "EDITED" | "BROKEN_CHAIN" | "BAD_SEQUENCE";

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

const MEMBERS = ["seq", "prevHash", "record", "hash"];

// One line read: its entry (the four hashed members only), and what is wrong with it, if anything.
// A line is an entry only as the exact bytes `append` writes: JSON.stringify of the four members.
function readLine(line: string): { entry?: LogEntry; code?: "BAD_LINE" | "NOT_CANONICAL"; why?: string } {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return { code: "BAD_LINE", why: "not JSON (a torn or edited line?)" };
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return { code: "BAD_LINE", why: `not a log entry but ${v === null ? "null" : Array.isArray(v) ? "an array" : typeof v}` };
  const o = v as Record<string, unknown>;
  if (typeof o.seq !== "number" || typeof o.prevHash !== "string" || typeof o.hash !== "string" || typeof o.record !== "object" || o.record === null) {
    return { code: "BAD_LINE", why: "not a log entry (seq, prevHash, record and hash expected)" };
  }
  const entry: LogEntry = { seq: o.seq, prevHash: o.prevHash, record: o.record as DecisionRecord, hash: o.hash };
  const extra = Object.keys(o).filter((k) => !MEMBERS.includes(k));
  if (extra.length > 0) return { entry, code: "NOT_CANONICAL", why: `members outside the hashed content: ${extra.map((k) => JSON.stringify(k)).join(", ")}` };
  if (JSON.stringify(entry) !== line) return { entry, code: "NOT_CANONICAL", why: "not the exact bytes the log writes for this entry (a duplicate key, reordered members or other formatting)" };
  return { entry };
}

const corrupt = (where: string, why: string): CreditGradingError =>
  new CreditGradingError("LOG_CORRUPT", `decision log ${where}: ${why}; run verify() and repair the storage before appending`);

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

  // Appends one after another: two appends of one log never read the same tail.
  #queue: Promise<unknown> = Promise.resolve();

  async #tail(): Promise<{ seq: number; hash: string }> {
    if (this.#head) return this.#head;
    let last: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH };
    let n = 0;
    for await (const line of this.#storage.lines()) {
      n++;
      const { entry, why } = readLine(line);
      if (entry === undefined || why !== undefined) throw corrupt(`line ${n}`, why ?? "not a log entry");
      last = { seq: entry.seq, hash: entry.hash };
    }
    this.#head = last;
    return last;
  }

  // The tail as it is now in a shared storage (read under its lock): another process may have appended.
  async #freshTail(): Promise<{ seq: number; hash: string }> {
    if (this.#storage.lastLine === undefined) {
      this.#head = undefined;
      return this.#tail();
    }
    const line = await this.#storage.lastLine();
    if (line === undefined) return { seq: 0, hash: GENESIS_HASH };
    const { entry, why } = readLine(line);
    if (entry === undefined || why !== undefined) throw corrupt("last line", why ?? "not a log entry");
    return { seq: entry.seq, hash: entry.hash };
  }

  /**
   * Appends a decision, chained to the entry before. Appends to one log run one after another,
   * and a storage shared between processes is locked while the tail is read and the line written.
   * @param record - The decision record.
   * @returns The entry written.
   * @throws CreditGradingError `LOG_CORRUPT` when a line of the log is not an entry (the first
   * append reads them all; under a lock, the last line is read).
   */
  append(record: DecisionRecord): Promise<LogEntry> {
    const storage = this.#storage;
    const write = async (): Promise<LogEntry> => {
      const tail = storage.exclusive !== undefined ? await this.#freshTail() : await this.#tail();
      const seq = tail.seq + 1;
      const entry: LogEntry = { seq, prevHash: tail.hash, record, hash: entryHash(seq, tail.hash, record) };
      await storage.append(JSON.stringify(entry));
      this.#head = { seq, hash: entry.hash };
      return entry;
    };
    const next = this.#queue.then(() => (storage.exclusive !== undefined ? storage.exclusive(write) : write()));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Every entry, in order: its hashed members only.
   * @returns The entries (lines that are not entries, or not exactly as the log writes them, are
   * skipped; `verify` reports them).
   */
  async entries(): Promise<LogEntry[]> {
    const out: LogEntry[] = [];
    for await (const line of this.#storage.lines()) {
      const { entry, why } = readLine(line);
      if (entry !== undefined && why === undefined) out.push(entry);
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
      const { entry: e, code, why } = readLine(line);
      if (code !== undefined) problems.push(logProblem(n, code, `line ${n}: ${why}`));
      if (e === undefined) continue;
      if (entryHash(e.seq, e.prevHash, e.record) !== e.hash) problems.push(logProblem(n, "EDITED", `entry ${e.seq} does not match its hash`));
      if (e.prevHash !== prev) problems.push(logProblem(n, "BROKEN_CHAIN", `entry ${e.seq} chains to ${e.prevHash.slice(0, 19)}…, but the entry before has ${prev.slice(0, 19)}…`));
      if (e.seq !== expectSeq) problems.push(logProblem(n, "BAD_SEQUENCE", `entry at line ${n} has seq ${e.seq}, expected ${expectSeq}`));
      prev = e.hash;
      expectSeq = e.seq + 1;
    }
    return { ok: problems.length === 0, entries: n, head: prev, problems };
  }
}
