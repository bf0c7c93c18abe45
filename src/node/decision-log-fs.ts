/**
 * The default storage of the decision log: an NDJSON file, one entry per line, appended.
 * @module
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import type { LogStorage } from "../decisions/decision-log.js";

/**
 * A decision-log storage in an NDJSON file.
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

  /** Appends one line to the file. */
  append(line: string): void {
    appendFileSync(this.path, `${line}\n`, "utf8");
  }

  /** Every line of the file, in order (none when it does not exist yet). */
  lines(): Iterable<string> {
    if (!existsSync(this.path)) return [];
    return readFileSync(this.path, "utf8").split("\n").filter((l) => l.length > 0);
  }
}
