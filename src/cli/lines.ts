/**
 * The lines of a subject file, read as bytes: split at `\n`, `\r\n` or a lone `\r`, each line
 * at most `maxLineBytes` long (a longer one is dropped as it streams past and reported, so
 * memory stays bounded), and decoded in the file's encoding (编码: UTF-8 with or without a
 * byte order mark, UTF-16 LE/BE with one, GB18030/GBK as Excel in China saves CSV). A line
 * that is not valid in its encoding is reported, never turned silently into U+FFFD. Each byte
 * is looked at a bounded number of times, whatever the length of a line.
 * @module
 */
import { isAscii, isUtf8 } from "node:buffer";
import { TextDecoder } from "node:util";
import type { Readable } from "node:stream";

/** The encodings `--encoding` accepts: `auto` decides from a byte order mark, else from the text. */
export type InputEncoding = "auto" | "utf-8" | "utf-16le" | "utf-16be" | "gb18030";

/** The names `--encoding` takes, each with the encoding it means (`gbk` and `gb2312` are read as their superset GB18030). */
export const INPUT_ENCODINGS: Readonly<Record<string, InputEncoding>> = {
  auto: "auto",
  "utf-8": "utf-8",
  utf8: "utf-8",
  "utf-16le": "utf-16le",
  "utf-16be": "utf-16be",
  gb18030: "gb18030",
  gbk: "gb18030",
  gb2312: "gb18030",
};

/** How subject files are read: `--encoding` and `--max-line-bytes`. */
export interface ReadOptions {
  readonly encoding: InputEncoding;
  /** The longest line (and CSV record) read, in bytes of the input; longer ones are rejected. */
  readonly maxLineBytes: number;
}

/** The default `--max-line-bytes`: 16 MiB, far above any real subject, far below a runaway record. */
export const DEFAULT_MAX_LINE_BYTES = 16 << 20;

/** The defaults: encoding detected, lines up to 16 MiB. */
export const DEFAULT_READ_OPTIONS: ReadOptions = { encoding: "auto", maxLineBytes: DEFAULT_MAX_LINE_BYTES };

/** Why a line could not be read: `LINE_TOO_LONG` or `ENCODING_INVALID`, with a reason for a person. */
export interface LineProblem {
  readonly code: "LINE_TOO_LONG" | "ENCODING_INVALID";
  readonly reason: string;
}

/** The problem of a line not valid in its encoding. */
export const notValidIn = (encoding: InputEncoding): LineProblem => ({
  code: "ENCODING_INVALID",
  reason: encoding === "utf-8" ? "not valid UTF-8 (for a file in another encoding, give --encoding, e.g. gb18030)" : `not valid ${encoding.toUpperCase()} (--encoding)`,
});

/** The problem of a line longer than `--max-line-bytes`. */
export const lineTooLong = (max: number): LineProblem => ({ code: "LINE_TOO_LONG", reason: `line longer than ${max} bytes (--max-line-bytes)` });

/**
 * What `--encoding auto` decides from the first line that is not ASCII: UTF-8 when it is valid
 * UTF-8 (or valid in neither), else GB18030.
 * @param line - The line's bytes.
 */
export const autoEncoding = (line: Buffer): "utf-8" | "gb18030" => (isUtf8(line) || !_validIn("gb18030", line) ? "utf-8" : "gb18030");

/**
 * The lines completed by one chunk of input, numbered from `first` (1-based, consecutive).
 * A line with a problem has `problems[i]` set; its text is then the line decoded with U+FFFD
 * for what is not valid (kept so a CSV record's quotes stay in step), or, for a line too long,
 * only its first bytes (enough to tell NDJSON from CSV).
 */
export interface LineBatch {
  readonly first: number;
  readonly texts: string[];
  /** Each line's length in bytes of the input (without its ending). */
  readonly sizes: number[];
  /** Per line, its problem; `undefined` when every line of the batch is fine. */
  readonly problems: (LineProblem | undefined)[] | undefined;
}

// Bytes kept of a line too long, to sniff the format from.
const HEAD = 256;

type Decided = Exclude<InputEncoding, "auto">;

/**
 * Reads a stream of bytes as lines (see the module): yields the lines completed by each chunk.
 * A last line without an ending is kept when not empty.
 * @param stream - The input, giving Buffers.
 * @param options - The encoding and the longest line.
 * @returns The batches of lines, in order.
 */
export async function* readLines(stream: Readable, options: ReadOptions): AsyncGenerator<LineBatch> {
  const max = options.maxLineBytes;
  let encoding: InputEncoding = options.encoding;
  let width = 1; // bytes per code unit: 2 for UTF-16
  let lf = Buffer.from([0x0a]);
  let cr = Buffer.from([0x0d]);
  let started = false;
  let head: Buffer | undefined; // the first bytes, until a byte order mark can be told
  let odd: Buffer | undefined; // UTF-16: a code unit split between chunks
  let parts: Buffer[] = []; // the line being read, across chunks
  let partBytes = 0;
  let over = false; // the line being read is longer than max: its bytes are dropped
  let overHead: Buffer | undefined;
  let skipLf = false; // the previous chunk ended with \r: a \n opening this one belongs to it
  let lineNo = 0;
  let decoders: { fatal: TextDecoder; loose: TextDecoder } | undefined;

  const decideFrom = (e: Decided): void => {
    encoding = e;
    if (e === "utf-16le" || e === "utf-16be") {
      width = 2;
      lf = Buffer.from(e === "utf-16le" ? [0x0a, 0] : [0, 0x0a]);
      cr = Buffer.from(e === "utf-16le" ? [0x0d, 0] : [0, 0x0d]);
    }
    if (e !== "utf-8") decoders = { fatal: new TextDecoder(e, { fatal: true, ignoreBOM: true }), loose: new TextDecoder(e, { ignoreBOM: true }) };
  };
  // A byte order mark decides `auto` and is dropped.
  const start = (buf: Buffer): Buffer => {
    started = true;
    const has = (...bytes: number[]): boolean => bytes.every((b, i) => buf[i] === b);
    if ((encoding === "auto" || encoding === "utf-8") && has(0xef, 0xbb, 0xbf)) {
      decideFrom("utf-8");
      return buf.subarray(3);
    }
    if ((encoding === "auto" || encoding === "utf-16le") && has(0xff, 0xfe)) {
      decideFrom("utf-16le");
      return buf.subarray(2);
    }
    if ((encoding === "auto" || encoding === "utf-16be") && has(0xfe, 0xff)) {
      decideFrom("utf-16be");
      return buf.subarray(2);
    }
    if (encoding === "gb18030" && has(0x84, 0x31, 0x95, 0x33)) {
      decideFrom("gb18030");
      return buf.subarray(4);
    }
    if (encoding !== "auto") decideFrom(encoding);
    return buf;
  };

  const invalid = (): LineProblem => notValidIn(encoding);
  // One line's text, or its problem with the text decoded loosely.
  const decode = (bytes: Buffer): { text: string; problem?: LineProblem } => {
    if (encoding === "auto") {
      // Undecided until a line that is not ASCII: UTF-8 when it is valid UTF-8, else GB18030.
      if (isAscii(bytes)) return { text: bytes.toString("latin1") };
      decideFrom(autoEncoding(bytes));
    }
    if (encoding === "utf-8") return isUtf8(bytes) ? { text: bytes.toString("utf8") } : { text: bytes.toString("utf8"), problem: invalid() };
    try {
      return { text: decoders!.fatal.decode(bytes) };
    } catch {
      return { text: decoders!.loose.decode(bytes), problem: invalid() };
    }
  };

  // The next unit-aligned occurrence of a one-unit pattern at or after `from`.
  const find = (buf: Buffer, pat: Buffer, from: number): number => {
    for (let i = buf.indexOf(pat, from); ; i = buf.indexOf(pat, i + 1)) if (i < 0 || i % width === 0) return i;
  };

  const tooLong = (): LineProblem => lineTooLong(max);

  let batch: { first: number; texts: string[]; sizes: number[]; problems: (LineProblem | undefined)[] | undefined } = { first: 1, texts: [], sizes: [], problems: undefined };
  const emit = (text: string, size: number, problem: LineProblem | undefined): void => {
    lineNo++;
    if (problem !== undefined) (batch.problems ??= new Array<LineProblem | undefined>(batch.texts.length)).push(problem);
    else batch.problems?.push(undefined);
    batch.texts.push(text);
    batch.sizes.push(size);
  };
  // Ends the line being read with `tail` (the bytes of this chunk before its ending).
  const endLine = (tail: Buffer): void => {
    const size = partBytes + tail.length;
    if (over || size > max) {
      const headBytes = over ? overHead! : Buffer.concat([...parts, tail.subarray(0, HEAD)]).subarray(0, HEAD);
      emit(_looseText(encoding, headBytes), size, tooLong());
    } else {
      const bytes = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
      const d = decode(bytes);
      emit(d.text, size, d.problem);
    }
    parts = [];
    partBytes = 0;
    over = false;
    overHead = undefined;
  };
  // Keeps the unfinished end of a chunk, or only counts it once the line is too long.
  const keep = (rest: Buffer): void => {
    if (rest.length === 0) return;
    if (!over && partBytes + rest.length > max) {
      over = true;
      overHead = Buffer.concat([...parts, rest.subarray(0, HEAD)]).subarray(0, HEAD);
      parts = [];
    }
    partBytes += rest.length;
    if (!over) parts.push(rest);
  };

  // The lines begun and ended in one chunk, by their offsets: checked and decoded as one run of
  // bytes where the encoding allows (a line ending is one ASCII byte in UTF-8, so the run is
  // valid exactly when each of its lines is), then sliced, with no Buffer made per line.
  const starts: number[] = [];
  const ends: number[] = [];
  const whole = (buf: Buffer): void => {
    const n = starts.length;
    const from = starts[0]!;
    const to = ends[n - 1]!;
    const slice =
      encoding === "utf-8" && isUtf8(buf.subarray(from, to))
        ? "utf8"
        : encoding === "auto" && isAscii(buf.subarray(from, to))
          ? "latin1"
          : undefined;
    for (let i = 0; i < n; i++) {
      const a = starts[i]!;
      const b = ends[i]!;
      if (slice !== undefined && b - a <= max) emit(buf.toString(slice, a, b), b - a, undefined);
      else endLine(buf.subarray(a, b));
    }
    starts.length = 0;
    ends.length = 0;
  };

  const take = (chunk: Buffer): void => {
    let buf = odd === undefined ? chunk : Buffer.concat([odd, chunk]);
    odd = undefined;
    if (width === 2 && buf.length % 2 === 1) {
      odd = Buffer.from(buf.subarray(buf.length - 1));
      buf = buf.subarray(0, buf.length - 1);
    }
    if (buf.length === 0) return;
    let at = 0;
    if (skipLf && _startsWith(buf, 0, lf)) at = width;
    skipLf = false;
    // The next \r is looked up again only once passed (usually there is none: one scan).
    let nextCr = find(buf, cr, at);
    for (;;) {
      const nextLf = find(buf, lf, at);
      if (nextCr !== -1 && nextCr < at) nextCr = find(buf, cr, at);
      const end = nextCr === -1 ? nextLf : nextLf === -1 ? nextCr : Math.min(nextCr, nextLf);
      if (end === -1) break;
      if (partBytes > 0 || over) endLine(buf.subarray(at, end)); // the line began in an earlier chunk
      else {
        starts.push(at);
        ends.push(end);
      }
      if (end === nextCr && end === buf.length - width) {
        at = buf.length;
        skipLf = true;
        break;
      }
      at = end === nextCr && _startsWith(buf, end + width, lf) ? end + 2 * width : end + width;
    }
    if (starts.length > 0) whole(buf);
    keep(at === 0 ? buf : buf.subarray(at));
  };

  for await (const raw of stream as AsyncIterable<Buffer | string>) {
    let chunk = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
    if (!started) {
      head = head === undefined ? chunk : Buffer.concat([head, chunk]);
      if (head.length < 4) continue;
      chunk = start(head);
      head = undefined;
    }
    take(chunk);
    if (batch.texts.length > 0) {
      yield batch;
      batch = { first: lineNo + 1, texts: [], sizes: [], problems: undefined };
    }
  }
  if (!started && head !== undefined) take(start(head));
  if (odd !== undefined) keep(odd); // half a UTF-16 code unit: the last line is not valid
  if (partBytes > 0 || over) endLine(Buffer.alloc(0));
  if (batch.texts.length > 0) yield batch;
}

// Whether `pat` (one code unit) is at `at`.
const _startsWith = (buf: Buffer, at: number, pat: Buffer): boolean => buf.length >= at + pat.length && buf[at] === pat[0] && (pat.length === 1 || buf[at + 1] === pat[1]);

function _validIn(encoding: string, bytes: Buffer): boolean {
  try {
    new TextDecoder(encoding, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const _looseText = (encoding: InputEncoding, bytes: Buffer): string => new TextDecoder(encoding === "auto" ? "utf-8" : encoding).decode(bytes);
