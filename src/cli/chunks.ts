/**
 * An NDJSON file cut into chunks of whole lines, for `evaluate --workers n`: the main thread
 * only reads bytes, cuts them after a line feed and counts the lines (so each chunk knows the
 * number of its first line); the worker threads decode, split, parse, grade and serialise them.
 * A chunk owns its `ArrayBuffer`, so it is transferred to a worker, not copied.
 *
 * Lines end as {@link readLines} ends them (`\n`, `\r\n` or a lone `\r`): a chunk is cut only
 * after a `\n`, so a `\r\n` is never split, and {@link chunkLines} splits a chunk's text the same
 * way. A UTF-8 byte order mark at the start of the file is dropped.
 * @module
 */
import { isUtf8 } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { CliError } from "./error.js";
import type { readLines } from "./io.js";

/** The longest line read from a file in chunks (a longer one ends the run with exit 2). */
export const MAX_LINE_BYTES = 16 << 20;

/** Bytes read per chunk (grown for a longer line, up to the largest line allowed). */
export const CHUNK_BYTES = 1 << 20;

/** A run of whole lines of the input, with where it sits in the file. */
export interface Chunk {
  /** The lines' bytes (a buffer of its own, to transfer). */
  readonly bytes: Buffer;
  /** The 1-based number of its first line. */
  readonly firstLine: number;
  /** How many lines it holds (blank ones too: they count in the numbering). */
  readonly lines: number;
  /** Its first byte's offset in the file. */
  readonly offset: number;
}

/**
 * Reads a file a chunk at a time. The next chunk is read only when the consumer asks for it,
 * so memory is bounded by the chunks the consumer holds.
 * @param path - The file.
 * @param maxLineBytes - The longest line accepted: a longer one ends reading with an error naming its line.
 * @throws CliError (exit 2) when the file cannot be read, or for a line over `maxLineBytes`.
 */
export async function* readChunks(path: string, maxLineBytes: number): AsyncGenerator<Chunk> {
  const file = await open(path, "r").catch((e: Error) => {
    throw new CliError(`cannot read ${path}: ${e.message}`);
  });
  try {
    let carry: Buffer = Buffer.alloc(0); // the unfinished last line of the previous read
    let firstLine = 1;
    let offset = 0; // of carry's first byte
    let size = CHUNK_BYTES;
    let eof = false;
    while (!eof || carry.length > 0) {
      // A buffer of its own (not from Node's shared pool), so it can be transferred.
      let buf: Buffer = Buffer.allocUnsafeSlow(Math.max(size, carry.length + CHUNK_BYTES));
      buf.set(carry);
      let filled = carry.length;
      while (filled < buf.length && !eof) {
        const { bytesRead } = await file.read(buf, filled, buf.length - filled, null).catch((e: Error) => {
          throw new CliError(`cannot read ${path}: ${e.message}`);
        });
        if (bytesRead === 0) eof = true;
        filled += bytesRead;
      }
      let start = 0;
      if (offset === 0 && filled >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
      const cut = eof ? filled : buf.lastIndexOf(10, filled - 1) + 1;
      if (cut <= start) {
        if (eof) break; // nothing but a byte order mark
        // No line end in a full buffer: the line is longer than the buffer.
        if (filled - start >= maxLineBytes) throw new CliError(`${path}: line ${firstLine} is longer than ${maxLineBytes} bytes`);
        carry = buf.subarray(0, filled);
        size = Math.min(size * 2, maxLineBytes + 1);
        continue;
      }
      const lines = countLines(buf, start, cut);
      // The chunk keeps its own buffer; the rest is copied into the next one.
      carry = Buffer.from(buf.subarray(cut, filled));
      buf = buf.subarray(start, cut);
      yield { bytes: buf, firstLine, lines, offset: offset + start };
      offset += cut;
      firstLine += lines;
      size = CHUNK_BYTES;
    }
  } finally {
    await file.close();
  }
}

/**
 * The number of lines in `bytes[start, end)` as {@link readLines} counts them: one per `\n`,
 * one per `\r` not followed by `\n`, and one for text after the last line end.
 */
export function countLines(bytes: Buffer, start: number, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10, start); i !== -1 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  for (let i = bytes.indexOf(13, start); i !== -1 && i < end; i = bytes.indexOf(13, i + 1)) if (i + 1 >= end || bytes[i + 1] !== 10) n++;
  const last = bytes[end - 1];
  if (end > start && last !== 10 && last !== 13) n++;
  return n;
}

const LINE_END = /\r\n|\r|\n/;

/**
 * A chunk's text split into its lines, as {@link readLines} splits them (the empty string after a
 * final line end is not a line).
 * @param text - The decoded chunk.
 * @returns Its lines, `chunk.lines` of them.
 */
export function chunkLines(text: string): string[] {
  const lines = text.includes("\r") ? text.split(LINE_END) : text.split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * The rows of a chunk's lines, numbered from `firstLine`; blank lines are skipped (they keep
 * their numbers), as the reader of a stream skips them.
 *
 * Decoding UTF-8 into two-byte strings is the costliest step of reading (see performance.md),
 * so a chunk that is valid UTF-8 is read as Latin-1 (each byte one character: a one-byte string,
 * about twice as fast), and in each line every run of bytes ≥ 0x80 — whole UTF-8 characters,
 * since the chunk is valid and lines end at ASCII bytes — is written as the JSON escapes of its
 * characters (`\uXXXX`, a surrogate pair beyond U+FFFF). JSON's structure is ASCII, and such a
 * run can stand only inside a string (anywhere else the line is not JSON either way), where the
 * escapes mean the very characters the bytes encode: `JSON.parse` gives the subject it gives for
 * the UTF-8 text, keys, `__proto__` and all. A line that does not parse is decoded and parsed as
 * usual, so its error message (with its positions) is the one of the UTF-8 text.
 * @param bytes - The chunk.
 * @param firstLine - The number of its first line.
 * @param row - One line's row from its text ({@link ndjsonRow}).
 * @param parsed - One line's row from its parsed subject.
 */
export function chunkRows<R>(bytes: Uint8Array, firstLine: number, row: (line: number, text: string) => R, parsed: (line: number, subject: unknown) => R): R[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows: R[] = [];
  if (!isUtf8(buf)) {
    const texts = chunkLines(buf.toString("utf8"));
    for (let i = 0; i < texts.length; i++) if (texts[i]!.trim() !== "") rows.push(row(firstLine + i, texts[i]!));
    return rows;
  }
  const texts = chunkLines(buf.toString("latin1"));
  for (let i = 0; i < texts.length; i++) {
    const latin = texts[i]!;
    let subject: unknown = FAILED;
    try {
      subject = JSON.parse(latin.replace(HIGH_RUNS, jsonEscapes));
    } catch {
      // decoded and parsed again below, for the error message
    }
    if (subject !== FAILED) rows.push(parsed(firstLine + i, subject));
    else {
      const text = Buffer.from(latin, "latin1").toString("utf8");
      if (text.trim() !== "") rows.push(row(firstLine + i, text));
    }
  }
  return rows;
}

const FAILED = Symbol("not parsed");
const HIGH_RUNS = /[\x80-\xff]+/g;
const HEX = "0123456789abcdef";
const escape = (c: number): string => `\\u${HEX[c >> 12]!}${HEX[(c >> 8) & 15]!}${HEX[(c >> 4) & 15]!}${HEX[c & 15]!}`;

/**
 * The JSON escapes of the characters that a run of valid UTF-8 bytes, read as Latin-1, encodes.
 * @param run - Whole UTF-8 characters, one byte a character.
 * @returns `\uXXXX` per character (two for one beyond U+FFFF).
 */
export function jsonEscapes(run: string): string {
  let out = "";
  for (let i = 0; i < run.length; ) {
    const b = run.charCodeAt(i);
    if (b < 0xe0) {
      out += escape(((b & 0x1f) << 6) | (run.charCodeAt(i + 1) & 0x3f));
      i += 2;
    } else if (b < 0xf0) {
      out += escape(((b & 0x0f) << 12) | ((run.charCodeAt(i + 1) & 0x3f) << 6) | (run.charCodeAt(i + 2) & 0x3f));
      i += 3;
    } else {
      const c = (((b & 0x07) << 18) | ((run.charCodeAt(i + 1) & 0x3f) << 12) | ((run.charCodeAt(i + 2) & 0x3f) << 6) | (run.charCodeAt(i + 3) & 0x3f)) - 0x10000;
      out += escape(0xd800 + (c >> 10)) + escape(0xdc00 + (c & 0x3ff));
      i += 4;
    }
  }
  return out;
}
/**
 * The format of a file given neither `--format` nor a telling extension, decided as the reader
 * decides it: NDJSON when its first line that is not blank starts with `{` (after a byte order
 * mark and spaces), CSV otherwise; `undefined` when the first 64 KiB hold no such line.
 * @param path - The file.
 */
export function sniffFormat(path: string): "ndjson" | "csv" | undefined {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(1 << 16);
    const text = buf.toString("utf8", 0, readSync(fd, buf, 0, buf.length, 0)).replace(/^\uFEFF/, "");
    const lines = text.split(/\r\n|\r|\n/);
    lines.pop(); // maybe cut short
    const first = lines.find((l) => l.trim() !== "");
    return first === undefined ? undefined : first.trimStart().startsWith("{") ? "ndjson" : "csv";
  } finally {
    closeSync(fd);
  }
}
