/**
 * The default storage of the decision log: an NDJSON file, one entry per line, appended. Several
 * processes may append to one file: each append holds an exclusive lock on it (proper-lockfile:
 * a `<file>.lock` directory made atomically, its time refreshed while held, taken over once a
 * crashed holder has left it stale), and the log reads the file's last line under the lock.
 * @module
 */
import { appendFileSync, closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import lockfile from "proper-lockfile";
import { CreditGradingError } from "../base/errors.js";
import type { LogStorage } from "../decisions/decision-log.js";

// A lock left by a process that died is taken over after this long without a refresh.
const STALE_MS = 10_000;

/**
 * A decision-log storage in an NDJSON file, safe to share between processes.
 * @category Files
 */
export class FileLogStorage implements LogStorage {
  /** The file's path. */
  readonly path: string;

  /**
   * @param path - The NDJSON file (created on the first append).
   */
  constructor(path: string) {
    this.path = path;
  }

  /**
   * Appends one line to the file.
   * @throws CreditGradingError `LOG_CORRUPT` when the file's last line has no newline (a write cut
   * short): the new line would be glued onto it, so nothing is written.
   */
  append(line: string): void {
    this.#assertWhole(this.#size());
    appendFileSync(this.path, `${line}\n`, "utf8");
  }

  /** Every line of the file, in order (none when it does not exist yet). */
  lines(): Iterable<string> {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, "utf8").split("\n").filter((l) => l.length > 0);
  }

  /**
   * Runs `f` holding the file's lock, waiting for another holder (up to about a minute).
   * @param f - What to do under the lock.
   * @returns What `f` returns.
   * @throws CreditGradingError `LOG_LOCKED` when the lock is not had in time, or was lost while held.
   */
  async exclusive<T>(f: () => Promise<T>): Promise<T> {
    let lost: Error | undefined;
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(this.path, {
        realpath: false,
        stale: STALE_MS,
        retries: { retries: 600, factor: 1.1, minTimeout: 5, maxTimeout: 100, randomize: true },
        onCompromised: (e) => {
          lost = e;
        },
      });
    } catch (e) {
      throw new CreditGradingError("LOG_LOCKED", `decision log ${this.path}: could not lock it (${(e as Error).message})`, { cause: e });
    }
    try {
      const out = await f();
      if (lost) throw new CreditGradingError("LOG_LOCKED", `decision log ${this.path}: the lock was lost while appending (${lost.message}); run verify()`, { cause: lost });
      return out;
    } finally {
      if (!lost) await release();
    }
  }

  /**
   * The file's last line, read from its end.
   * @returns The line, or `undefined` for a file that is empty or does not exist.
   * @throws CreditGradingError `LOG_CORRUPT` when the last line has no newline.
   */
  lastLine(): string | undefined {
    let fd: number;
    try {
      fd = openSync(this.path, "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw e;
    }
    try {
      let end = fstatSync(fd).size;
      this.#assertWhole(end, fd);
      const byte = Buffer.alloc(1);
      // Skip empty lines at the end, as `lines` does.
      while (end > 0 && readSync(fd, byte, 0, 1, end - 1) === 1 && byte[0] === 0x0a) end--;
      const chunks: Buffer[] = [];
      for (let pos = end; pos > 0; ) {
        const len = Math.min(65_536, pos);
        const buf = Buffer.alloc(len);
        readSync(fd, buf, 0, len, pos - len);
        const nl = buf.lastIndexOf(0x0a);
        chunks.unshift(nl >= 0 ? buf.subarray(nl + 1) : buf);
        if (nl >= 0) break;
        pos -= len;
      }
      return end === 0 ? undefined : Buffer.concat(chunks).toString("utf8");
    } finally {
      closeSync(fd);
    }
  }

  #size(): number {
    try {
      return statSync(this.path).size;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw e;
    }
  }

  // A non-empty file must end with a newline: otherwise its last line was cut short.
  #assertWhole(size: number, fd?: number): void {
    if (size === 0) return;
    const own = fd ?? openSync(this.path, "r");
    try {
      const byte = Buffer.alloc(1);
      readSync(own, byte, 0, 1, size - 1);
      if (byte[0] === 0x0a) return;
    } finally {
      if (fd === undefined) closeSync(own);
    }
    const line = readFileSync(this.path, "utf8").split("\n").length;
    throw new CreditGradingError(
      "LOG_CORRUPT",
      `decision log ${this.path} line ${line}: no newline at its end (a write cut short?); nothing was appended: run verify() and repair the file`,
    );
  }
}
