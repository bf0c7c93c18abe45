/**
 * Where `evaluate` writes a batch's result lines: UTF-8 bytes in one growing buffer. The compact
 * line is written straight into it as bytes (result-line.ts); any other line (a full evaluation,
 * a CSV row, a public result) arrives as text and is encoded into it. Building each line as a
 * string, joining a chunk's lines and encoding the whole cost ≈ 4.8 µs a scorecard subject,
 * writing the bytes ≈ 2.7 (performance.md, issue #16).
 * @module
 */

const utf8 = new TextEncoder();

/** A growing buffer of UTF-8 bytes, taken a batch at a time. */
export class ByteSink {
  /** The bytes; valid up to {@link ByteSink.pos}. Replaced by a larger one when it fills. */
  buf: Uint8Array;
  /** The number of bytes written since the last {@link ByteSink.take}. */
  pos = 0;

  /** @param size - The buffer's first size in bytes. */
  constructor(size = 1 << 20) {
    this.buf = new Uint8Array(Math.max(16, size));
  }

  /** Makes room for `n` more bytes (read `buf` again after calling it). */
  need(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  /** Appends the UTF-8 bytes of a string (at most 3 bytes per UTF-16 unit). */
  text(s: string): void {
    this.need(s.length * 3);
    this.pos += utf8.encodeInto(s, this.buf.subarray(this.pos)).written;
  }

  /** The bytes written since the last take, in a buffer of their own (to transfer), and empties the sink. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }
}
