/**
 * An NDJSON file in UTF-8 cut into chunks of whole lines, for `evaluate` on a file: the main
 * thread only reads bytes, cuts them after a line end and counts the lines (so each chunk knows
 * the number of its first line); the chunk is then decoded, split, parsed, graded and serialised
 * at once — by a worker thread with `--workers n`. A chunk owns its `ArrayBuffer`, so it is
 * transferred to a worker, not copied.
 *
 * Lines are read as lines.ts reads them: they end at `\n`, `\r\n` or a lone `\r` (a chunk is cut
 * after a `\n`, or after a `\r` not last in what was read, so a `\r\n` is never split, and
 * {@link chunkLines} splits a chunk's text the same way); a UTF-8 byte order mark at the start
 * is dropped; a line longer than `--max-line-bytes` is passed over as it streams past and becomes
 * one `LINE_TOO_LONG` row; a line not valid UTF-8 becomes an `ENCODING_INVALID` row.
 * @module
 */
import { isAscii, isUtf8 } from "node:buffer";
import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { CliError } from "./error.js";
import { autoEncoding, type InputEncoding, lineTooLong, notValidIn } from "./lines.js";
import type { Row } from "./row.js";

/** Bytes read per chunk (grown for a longer line, up to the longest line allowed). */
export const CHUNK_BYTES = 1 << 20;

/** A run of whole lines of the input, with where it sits in the file. */
export interface Chunk {
  /** The lines' bytes (a buffer of its own, to transfer); empty for a line too long. */
  readonly bytes: Buffer;
  /** The 1-based number of its first line. */
  readonly firstLine: number;
  /** How many lines it holds (blank ones too: they count in the numbering). */
  readonly lines: number;
  /** Its first byte's offset in the file. */
  readonly offset: number;
  /** Its one line is longer than the longest allowed (its bytes were passed over). */
  readonly tooLong: boolean;
}

/**
 * Reads a file a chunk at a time. The next chunk is read only when the consumer asks for it,
 * so memory is bounded by the chunks the consumer holds (and a line by `maxLineBytes`).
 * @param path - The file.
 * @param maxLineBytes - The longest line read (`--max-line-bytes`).
 * @throws CliError (exit 2) when the file cannot be read.
 */
export async function* readChunks(path: string, maxLineBytes: number): AsyncGenerator<Chunk> {
  const fail = (e: Error): never => {
    throw new CliError(`cannot read ${path}: ${e.message}`);
  };
  const file = await open(path, "r").catch(fail);
  try {
    let carry: Buffer = Buffer.alloc(0); // the unfinished last line of the previous read
    let firstLine = 1;
    let offset = 0; // of carry's first byte
    let eof = false;
    const read = async (buf: Buffer, from: number): Promise<number> => {
      let filled = from;
      while (filled < buf.length && !eof) {
        const { bytesRead } = await file.read(buf, filled, buf.length - filled, null).catch(fail);
        if (bytesRead === 0) eof = true;
        filled += bytesRead;
      }
      return filled;
    };
    while (!eof || carry.length > 0) {
      // A buffer of its own (not from Node's shared pool), so it can be transferred; room for
      // the longest line allowed and its line end.
      const size = Math.min(Math.max(CHUNK_BYTES, carry.length * 2), maxLineBytes + 2 + CHUNK_BYTES);
      const buf: Buffer = Buffer.allocUnsafeSlow(Math.max(size, carry.length + 1));
      buf.set(carry);
      const filled = await read(buf, carry.length);
      const start = offset === 0 && filled >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      let cut = eof ? filled : buf.lastIndexOf(10, filled - 1) + 1;
      // No line feed: a lone \r ends a line too (not the last byte read: a \n may follow it).
      if (cut <= start && !eof) cut = buf.lastIndexOf(13, filled - 2) + 1;
      if (cut > start) {
        const lines = countLines(buf, start, cut);
        carry = Buffer.from(buf.subarray(cut, filled));
        yield { bytes: buf.subarray(start, cut), firstLine, lines, offset: offset + start, tooLong: false };
        offset += cut;
        firstLine += lines;
        continue;
      }
      if (filled === start) break; // nothing left but a byte order mark
      if (filled - start <= maxLineBytes + 1) {
        carry = buf.subarray(0, filled); // a long line, not too long yet: read on
        continue;
      }
      // Too long: pass over its bytes up to its line end, then one row says so.
      let skipped = filled - start;
      let rest: Buffer | undefined;
      while (rest === undefined) {
        const n = await read(buf, 0);
        const lf = buf.subarray(0, n).indexOf(10);
        const cr = buf.subarray(0, n).indexOf(13);
        const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
        if (end === -1) {
          skipped += n;
          if (eof) rest = Buffer.alloc(0);
          continue;
        }
        skipped += end;
        let after = end + 1;
        if (end === cr && after === n && !eof) {
          // \r last in what was read: a \n opening the next read belongs to it.
          const one = Buffer.allocUnsafe(1);
          const m = await read(one, 0);
          rest = m === 1 && one[0] !== 10 ? Buffer.from(one) : Buffer.alloc(0);
          skipped += m === 1 && one[0] === 10 ? 1 : 0;
          after = n;
        } else if (end === cr && buf[after] === 10) after++;
        rest ??= Buffer.from(buf.subarray(after, n));
        skipped += after - end;
      }
      yield { bytes: Buffer.alloc(0), firstLine, lines: 1, offset: offset + start, tooLong: true };
      offset += start + skipped;
      firstLine += 1;
      carry = rest;
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
 * their numbers), as the line reader skips them; a line longer than `maxLineBytes` or not valid
 * UTF-8 is its problem's row, as there.
 *
 * Decoding UTF-8 into two-byte strings is the costliest step of reading (see performance.md),
 * so a chunk that is valid UTF-8 is read as Latin-1 (each byte one character: a one-byte string,
 * about twice as fast), and in each line every run of bytes ≥ 0x80 — whole UTF-8 characters,
 * since the chunk is valid and lines end at ASCII bytes — is written as the JSON escapes of its
 * characters (`\\uXXXX`, a surrogate pair beyond U+FFFF). JSON's structure is ASCII, and such a
 * run can stand only inside a string (anywhere else the line is not JSON either way), where the
 * escapes mean the very characters the bytes encode: `JSON.parse` gives the subject it gives for
 * the UTF-8 text, keys, `__proto__` and all. A line that does not parse is decoded and parsed as
 * usual, so its error message (with its positions) is the one of the UTF-8 text.
 * @param chunk - The chunk's bytes, the number of its first line, the longest line allowed, and whether its one line was too long.
 * @param row - One line's row from its text (`ndjsonRow`).
 * @returns The rows.
 */
export function chunkRows(chunk: ChunkBatch, row: (line: number, text: string) => Row): Row[] {
  const { bytes, firstLine, maxLineBytes } = chunk;
  const problem = (line: number, p: { code: string; reason: string }): Row => ({ ok: false, line, subjectId: undefined, code: p.code, reason: p.reason });
  if (chunk.tooLong === true) return [problem(firstLine, lineTooLong(maxLineBytes))];
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows: Row[] = [];
  const valid = isUtf8(buf);
  const texts = chunkLines(buf.toString("latin1"));
  for (let i = 0; i < texts.length; i++) {
    const latin = texts[i]!;
    const line = firstLine + i;
    if (latin.length > maxLineBytes) {
      rows.push(problem(line, lineTooLong(maxLineBytes)));
      continue;
    }
    if (!valid && !isUtf8(Buffer.from(latin, "latin1"))) {
      rows.push(problem(line, notValidIn("utf-8")));
      continue;
    }
    let subject: unknown = FAILED;
    try {
      subject = JSON.parse(latin.replace(HIGH_RUNS, jsonEscapes));
    } catch {
      // decoded and parsed again below, for the error message
    }
    if (subject !== FAILED) rows.push({ ok: true, line, subject });
    else {
      const text = Buffer.from(latin, "latin1").toString("utf8");
      if (text.trim() !== "") rows.push(row(line, text));
    }
  }
  return rows;
}

/** A chunk as it is graded (by a worker thread, or in this one). */
export interface ChunkBatch {
  readonly bytes: Uint8Array;
  readonly firstLine: number;
  readonly maxLineBytes: number;
  readonly tooLong?: boolean;
}

/** A chunk as it is graded, with the longest line allowed. */
export const chunkBatch = (c: Chunk, maxLineBytes: number): ChunkBatch => ({ bytes: c.bytes, firstLine: c.firstLine, maxLineBytes, tooLong: c.tooLong });

/**
 * Whether a file is read as UTF-8 under `--encoding`, as lines.ts decides: `utf-8`, or `auto`
 * where the file starts with a UTF-8 byte order mark, or its first line that is not ASCII is
 * valid UTF-8 (or valid in neither UTF-8 nor GB18030), or every line is ASCII. Not a file that
 * starts with a UTF-16 byte order mark, nor one whose first non-ASCII line is GB18030.
 * @param path - The file.
 * @param encoding - `--encoding`.
 * @param maxLineBytes - The longest line: a longer first non-ASCII line decides nothing here (false).
 */
export function utf8File(path: string, encoding: InputEncoding, maxLineBytes: number): boolean {
  if (encoding === "utf-8") return true;
  if (encoding !== "auto") return false;
  const fd = openSync(path, "r");
  try {
    const block = Buffer.allocUnsafe(1 << 20);
    let n = readSync(fd, block, 0, block.length, 0);
    if (n >= 3 && block[0] === 0xef && block[1] === 0xbb && block[2] === 0xbf) return true;
    if (n >= 2 && ((block[0] === 0xff && block[1] === 0xfe) || (block[0] === 0xfe && block[1] === 0xff))) return false;
    // The first block that is not ASCII, and the line of its first byte ≥ 0x80.
    let at = 0;
    while (n > 0 && isAscii(block.subarray(0, n))) {
      at += n;
      n = readSync(fd, block, 0, block.length, at);
    }
    if (n === 0) return true;
    let high = 0;
    while (block[high]! < 0x80) high++;
    const pos = at + high;
    let from = pos;
    for (const b = Buffer.allocUnsafe(1); from > 0 && readSync(fd, b, 0, 1, from - 1) === 1 && b[0] !== 10 && b[0] !== 13; ) from--;
    const line = Buffer.allocUnsafe(maxLineBytes + 1);
    const got = readSync(fd, line, 0, line.length, from);
    let end = 0;
    while (end < got && line[end] !== 10 && line[end] !== 13) end++;
    if (end > maxLineBytes) return false;
    return autoEncoding(line.subarray(0, end)) === "utf-8";
  } finally {
    closeSync(fd);
  }
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
