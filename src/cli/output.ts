/**
 * The files a command writes (`evaluate -o`, `--rejects`): refused when one is the input or
 * both are one file (compared by device and inode, not by name), written to a temporary file
 * in the same folder and renamed over the final name only when the run succeeds, so a failed
 * run leaves no half-written result, and never truncates the input before it is read. Every
 * write error is a `CliError` (one line, exit 2), never an unhandled stream error.
 * @module
 */
import { chmodSync, createWriteStream, existsSync, fstatSync, openSync, realpathSync, renameSync, type Stats, statSync, unlinkSync, type WriteStream } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { Writable } from "node:stream";
import iconv from "iconv-lite";
import { CliError } from "./error.js";

/** Encodings of CSV results (`--output-encoding`): UTF-8, UTF-8 with a byte order mark, GB18030 (what Excel in China opens as is). */
export type OutputEncoding = "utf-8" | "utf-8-bom" | "gb18030";

/** The values `--output-encoding` takes. */
export const OUTPUT_ENCODINGS: readonly OutputEncoding[] = ["utf-8", "utf-8-bom", "gb18030"];

/** A file a command writes: the flag that named it and its path. */
export interface OutputFlag {
  readonly flag: string;
  readonly path: string;
}

// Temporary files not yet renamed or removed: removed when the process exits, or is interrupted.
const pending = new Set<string>();
const _removePending = (): void => {
  for (const p of pending) {
    try {
      unlinkSync(p);
    } catch {
      // already gone
    }
  }
  pending.clear();
};
process.on("exit", _removePending);
let _signalsWatched = false;
// On a signal, the temporary files go and the signal then ends the process as it would have.
function _watchSignals(): void {
  if (_signalsWatched) return;
  _signalsWatched = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      _removePending();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Refuses outputs that would destroy what is read or each other: an output that is the input
 * (a file, or stdin redirected from it), two outputs that are one file, or an output that is
 * stdout when results go to stdout. Files are compared by device and inode, so another name for
 * the same file (a link, `./x` for `x`) is caught; only regular files are compared (`/dev/null`
 * may take both).
 * @param input - The input path (`undefined` or `-` for stdin).
 * @param outputs - The output files.
 * @param stdoutTaken - Whether results are written to stdout.
 * @throws CliError naming both flags.
 */
export function refuseClashes(input: string | undefined, outputs: readonly OutputFlag[], stdoutTaken: boolean): void {
  const seen: { what: string; id: string }[] = [];
  const inputId = input === undefined || input === "-" ? _fdId(0) : _fileId(input);
  if (inputId !== undefined) seen.push({ what: `the input${input === undefined || input === "-" ? " (stdin)" : ` ${input}`}`, id: inputId });
  const stdoutId = stdoutTaken ? _fdId(1) : undefined;
  if (stdoutId !== undefined) seen.push({ what: "stdout", id: stdoutId });
  for (const o of outputs) {
    const id = _outputId(o.path);
    if (id === undefined) continue; // a device, a FIFO: written in place, may take both
    const clash = seen.find((s) => s.id === id);
    if (clash !== undefined) throw new CliError(`${o.flag} ${o.path} is the same file as ${clash.what}: give another file`);
    seen.push({ what: `${o.flag} ${o.path}`, id });
  }
}

/**
 * An output file being written: {@link Output.write} with back-pressure, {@link Output.close}
 * to finish it (renaming the temporary file over the final name), {@link Output.abort} to drop
 * it. Stdout is an output too, written in place.
 */
export class Output {
  private error: Error | undefined;
  private readonly waiters = new Set<(e: Error) => void>();
  private encode: ((s: string) => Uint8Array) | undefined;

  /**
   * @param stream - Where the bytes go.
   * @param name - The file's name for messages (`stdout` for stdout).
   * @param rename - The temporary file and the final name, when written beside it.
   */
  constructor(
    readonly stream: Writable,
    readonly name: string,
    private readonly rename?: { readonly temp: string; readonly final: string },
  ) {
    stream.on("error", (e: Error) => {
      this.error ??= e;
      for (const w of this.waiters) w(e);
    });
  }

  /**
   * Writes what follows in an encoding: UTF-8 with a byte order mark first (`utf-8-bom`), or
   * GB18030 (through iconv-lite: Node's TextEncoder writes UTF-8 only).
   * @param encoding - The encoding.
   */
  encoding(encoding: OutputEncoding): void {
    if (encoding === "utf-8-bom") this.stream.write("\uFEFF");
    this.encode = encoding === "gb18030" ? (t) => iconv.encode(t, "gb18030") : undefined;
  }

  /**
   * Writes a chunk, waiting for `drain` when the stream's buffer is full, so memory stays bounded.
   * @throws CliError when the stream has failed.
   */
  async write(chunk: string | Uint8Array): Promise<void> {
    const failed = this.error ?? this.stream.errored;
    if (failed) throw this._fail(failed);
    if (this.stream.write(typeof chunk === "string" && this.encode ? this.encode(chunk) : chunk)) return;
    await new Promise<void>((res, rej) => {
      const fail = (e: Error): void => {
        this.waiters.delete(fail);
        this.stream.off("drain", done);
        rej(this._fail(e));
      };
      const done = (): void => {
        this.waiters.delete(fail);
        res();
      };
      this.waiters.add(fail);
      this.stream.once("drain", done);
    });
  }

  /**
   * Ends the stream and waits for every byte to land ({@link Output.finish}), then renames a
   * file written beside its final name over it ({@link Output.commit}).
   * @throws CliError when a write failed.
   */
  async close(): Promise<void> {
    await this.finish();
    this.commit();
  }

  /**
   * Ends the stream and waits for every byte to land.
   * @throws CliError when a write failed.
   */
  async finish(): Promise<void> {
    const failed = this.error ?? this.stream.errored;
    if (failed) throw this._fail(failed);
    await new Promise<void>((res, rej) => {
      const fail = (e: Error): void => rej(this._fail(e));
      this.waiters.add(fail);
      // The callback is given the stream's error, which may come before the 'error' event.
      this.stream.end((e?: Error | null) => {
        this.waiters.delete(fail);
        const err = this.error ?? this.stream.errored ?? e;
        if (err) rej(this._fail(err));
        else res();
      });
    });
  }

  /**
   * Renames a file written beside its final name over it (nothing for one written in place).
   * @throws CliError when it cannot be renamed.
   */
  commit(): void {
    if (!this.rename) return;
    try {
      renameSync(this.rename.temp, this.rename.final);
    } catch (e) {
      throw this._fail(e as Error);
    }
    pending.delete(this.rename.temp);
  }

  /** Drops the output: the stream is destroyed and a temporary file removed (the final name is left as it was). */
  abort(): void {
    this.stream.destroy();
    if (this.rename) {
      try {
        unlinkSync(this.rename.temp);
      } catch {
        // already gone
      }
      pending.delete(this.rename.temp);
    }
  }

  private _fail(e: Error): CliError {
    return new CliError(`cannot write ${this.name}: ${e.message}`);
  }
}

/**
 * Opens an output file: a regular file (or a new one) is written to a temporary file beside it
 * (`.<name>.<pid>-<n>.tmp`, with the mode of the file it replaces) and renamed on
 * {@link Output.close}; anything else (`/dev/null`, a FIFO, a terminal) is written in place.
 * Opened synchronously, so a bad path is a clean exit 2 before any row is read.
 * @param path - The file named by the flag.
 * @returns The output.
 * @throws CliError when the file cannot be created.
 */
export function openOutput(path: string): Output {
  let st: ReturnType<typeof statSync> | undefined;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  try {
    if (st !== undefined && !st.isFile()) {
      if (st.isDirectory()) throw new Error("it is a folder");
      return new Output(_stream(openSync(path, "w")), path);
    }
    // A link is followed: the file it names is replaced, the link kept.
    const final = st !== undefined ? realpathSync(path) : path;
    const temp = join(dirname(final), `.${basename(final)}.${process.pid}-${++_count}.tmp`);
    const fd = openSync(temp, "wx");
    pending.add(temp);
    _watchSignals();
    if (st !== undefined) chmodSync(temp, st.mode & 0o7777);
    return new Output(_stream(fd), path, { temp, final });
  } catch (e) {
    // Named by the flag's path, not the temporary file's.
    const err = e as NodeJS.ErrnoException;
    throw new CliError(`cannot write ${path}: ${err.code === "ENOENT" ? `no folder ${dirname(path)}` : err.message.replace(/, \w+ '[^']*'$/, "")}`);
  }
}

let _count = 0;

// A 1 MiB buffer: the 64 KiB batches are handed over without waiting for each write to land
// (with the default 16 KiB every batch waited for `drain`, and the process sat idle meanwhile).
const _stream = (fd: number): WriteStream => createWriteStream("", { fd, highWaterMark: 1 << 20 });

// A regular file by device and inode; `undefined` for anything else, or nothing there.
function _regularId(stat: () => Stats): string | undefined {
  try {
    const s = stat();
    return s.isFile() ? `${s.dev}:${s.ino}` : undefined;
  } catch {
    return undefined;
  }
}

const _fileId = (path: string): string | undefined => _regularId(() => statSync(path));
const _fdId = (fd: number): string | undefined => _regularId(() => fstatSync(fd));
// An output: a regular file by device and inode, a file not there yet by its resolved path, else `undefined`.
const _outputId = (path: string): string | undefined => (existsSync(path) ? _fileId(path) : _newFileId(path));

// A file not there yet: its folder resolved (links followed) and its name.
function _newFileId(path: string): string {
  let dir = resolve(dirname(path));
  try {
    dir = realpathSync(dir);
  } catch {
    // a folder that does not exist: creating the file will fail and say so
  }
  return `new:${join(dir, basename(path))}`;
}
