/** Reading subjects (src/cli/lines.ts, read.ts, csv.ts): lines as bytes, bounded, decoded; CSV records fed a line at a time. */
import { Readable } from "node:stream";
import fc from "fast-check";
import iconv from "iconv-lite";
import { describe, expect, it, vi } from "vitest";
import { _CsvRecords } from "../src/cli/csv.js";
import { DEFAULT_READ_OPTIONS, type LineBatch, type ReadOptions, readLines } from "../src/cli/lines.js";
import { readRows } from "../src/cli/read.js";
import type { Row } from "../src/cli/row.js";
import type { InputDef } from "../src/index.js";

const chunks = (...parts: (string | Buffer)[]): Readable => Readable.from(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : p)));
// Every byte its own chunk: splits every line ending, multi-byte character and UTF-16 code unit.
const bytewise = (b: Buffer): Readable => Readable.from(Array.from(b, (x) => Buffer.from([x])));

async function lines(stream: Readable, options: Partial<ReadOptions> = {}): Promise<{ line: number; text: string; code?: string }[]> {
  const out: { line: number; text: string; code?: string }[] = [];
  for await (const b of readLines(stream, { ...DEFAULT_READ_OPTIONS, ...options }) as AsyncGenerator<LineBatch>) {
    b.texts.forEach((text, i) => {
      const p = b.problems?.[i];
      out.push(p === undefined ? { line: b.first + i, text } : { line: b.first + i, text, code: p.code });
    });
  }
  return out;
}

async function rows(stream: Readable, format: "csv" | "ndjson" | undefined, options: Partial<ReadOptions> = {}): Promise<Row[]> {
  const out: Row[] = [];
  for await (const r of readRows(stream, format, INPUTS, { ...DEFAULT_READ_OPTIONS, ...options })) out.push(r);
  return out;
}

const INPUTS: InputDef[] = [
  { id: "years", type: "number" },
  { id: "sector", type: "category" },
] as InputDef[];

describe("lines", () => {
  it("ends a line at \\n, \\r\\n or a lone \\r, across chunk boundaries, keeping a last line without an ending", async () => {
    const text = "a\nb\r\nc\rd\r\r\ne";
    const expected = ["a", "b", "c", "d", "", "e"].map((t, i) => ({ line: i + 1, text: t }));
    expect(await lines(chunks(text))).toEqual(expected);
    expect(await lines(bytewise(Buffer.from(text)))).toEqual(expected);
    expect(await lines(chunks("a\r", "\nb\r", "c"))).toEqual([
      { line: 1, text: "a" },
      { line: 2, text: "b" },
      { line: 3, text: "c" },
    ]);
  });

  it("rejects a line longer than maxLineBytes as it streams past, and goes on", async () => {
    const long = "x".repeat(100);
    const out = await lines(chunks("ok\n", long.slice(0, 30), long.slice(30), "\nnext\n", `${long}\r\nlast`), { maxLineBytes: 50 });
    expect(out.map((l) => [l.line, l.code ?? l.text])).toEqual([
      [1, "ok"],
      [2, "LINE_TOO_LONG"],
      [3, "next"],
      [4, "LINE_TOO_LONG"],
      [5, "last"],
    ]);
    // The text kept of a line too long is its head, to tell NDJSON from CSV.
    expect(out[1]!.text.length).toBeLessThanOrEqual(256);
  });

  it("rejects a line that is not valid UTF-8, with its line number, instead of replacing it with U+FFFD", async () => {
    const out = await lines(chunks(Buffer.from([0x61, 0x0a, 0x62, 0xff, 0x63, 0x0a, 0xe4, 0xb8, 0xad, 0x0a])), { encoding: "utf-8" });
    expect(out).toEqual([
      { line: 1, text: "a" },
      { line: 2, text: "b\uFFFDc", code: "ENCODING_INVALID" },
      { line: 3, text: "中" },
    ]);
  });

  it("detects the encoding: a UTF-8 BOM, UTF-16 LE/BE by their BOM, else UTF-8 unless the first line not ASCII is GB18030", async () => {
    const text = "id,名称\n91,张三\r\n92,李四";
    const expected = [
      { line: 1, text: "id,名称" },
      { line: 2, text: "91,张三" },
      { line: 3, text: "92,李四" },
    ];
    const utf16be = Buffer.from(text, "utf16le").swap16();
    for (const [name, bytes] of [
      ["utf-8", Buffer.from(text)],
      ["utf-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
      ["utf-16le", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
      ["utf-16be", Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])],
      ["gb18030", iconv.encode(text, "gb18030")],
      ["gbk after ASCII lines", iconv.encode(`id,x\n1,a\n${text}`, "gbk")],
    ] as const) {
      const want = name === "gbk after ASCII lines" ? [{ line: 1, text: "id,x" }, { line: 2, text: "1,a" }, ...expected.map((e) => ({ ...e, line: e.line + 2 }))] : expected;
      expect(await lines(chunks(bytes)), name).toEqual(want);
      expect(await lines(bytewise(bytes)), `${name}, a byte at a time`).toEqual(want);
    }
    // Named explicitly, and a line not valid in the named encoding is rejected.
    expect(await lines(chunks(iconv.encode(text, "gb18030")), { encoding: "gb18030" })).toEqual(expected);
    expect(await lines(chunks(utf16be), { encoding: "utf-16be" })).toEqual(expected);
    expect((await lines(chunks(iconv.encode(text, "gb18030")), { encoding: "utf-8" }))[1]).toMatchObject({ line: 2, code: "ENCODING_INVALID" });
    expect((await lines(chunks(Buffer.from([0xff, 0xfe, 0x61, 0, 0x0a, 0, 0x00, 0xd8, 0x0a, 0]))))).toEqual([
      { line: 1, text: "a" },
      { line: 2, text: "\uFFFD", code: "ENCODING_INVALID" }, // an unpaired surrogate
    ]);
  });
});

describe("CSV records", () => {
  const split = (...ls: string[]): (string[] | undefined)[] => {
    const r = new _CsvRecords();
    return ls.map((l) => r.line(l));
  };

  it("keeps the documented RFC 4180 reading: quotes, doubled quotes, commas and line breaks in quoted fields", () => {
    expect(split('a,"b,c","d""e"')).toEqual([["a", "b,c", 'd"e']]);
    expect(split('  "x" ,y')).toEqual([["x ", "y"]]); // blanks before a quote dropped, text after the closing quote kept
    expect(split('a"b,"c"d"')).toEqual([['a"b', 'cd"']]); // a quote inside a field is text
    expect(split('1,"two', "", 'lines",3')).toEqual([undefined, undefined, ["1", "two\n\nlines", "3"]]);
    expect(split('"",""""')).toEqual([["", '"']]);
  });

  it("scans each line once however long a quoted field stays open (2 MB unterminated: linear, rejected by its line)", async () => {
    const spy = vi.spyOn(_CsvRecords.prototype, "line");
    const n = 350_000;
    const body = `id,years\nS-1,1\n"S-open,1\n${"S-x,1\n".repeat(n)}`;
    expect(body.length).toBeGreaterThan(2_000_000);
    const out = await rows(chunks(body), "csv", { maxLineBytes: 64 * 1024 });
    // One call per line, none repeated: the work is bounded by the input.
    expect(spy.mock.calls.length).toBeLessThanOrEqual(n + 3);
    spy.mockRestore();
    expect(out[0]).toMatchObject({ ok: true, line: 2 });
    // The open record grows to the limit and is rejected under its first line; reading goes on afresh.
    expect(out[1]).toMatchObject({ ok: false, line: 3, code: "LINE_TOO_LONG" });
    expect((out[1] as { reason: string }).reason).toContain("an unterminated quoted field?");
    expect(out.slice(2).every((r) => r.ok)).toBe(true);
    expect(out.length).toBeGreaterThan(n - 20_000);
    // Under the limit, the open quote runs to the end of the input: one rejection by its first line.
    const small = await rows(chunks('id,years\nS-1,1\n"S-open,1\nS-2,2\n'), "csv");
    expect(small.map((r) => [r.line, r.ok ? "ok" : r.code])).toEqual([
      [2, "ok"],
      [3, "CSV_INVALID"],
    ]);
  });

  it("rejects a CSV record with a line not valid in its encoding by the record's first line, keeping later records in step", async () => {
    const bytes = Buffer.concat([Buffer.from('id,sector\nS-1,"a\n'), Buffer.from([0x62, 0xff]), Buffer.from('"\nS-2,b\n')]);
    const out = await rows(chunks(bytes), "csv", { encoding: "utf-8" });
    expect(out.map((r) => [r.line, r.ok ? "ok" : `${r.code}: ${r.reason}`])).toEqual([
      [2, "ENCODING_INVALID: line 3: not valid UTF-8 (for a file in another encoding, give --encoding, e.g. gb18030)"],
      [4, "ok"],
    ]);
  });

  it("exits 2 when the header cannot be read", async () => {
    await expect(rows(chunks(Buffer.from([0x69, 0x64, 0xff, 0x0a])), "csv", { encoding: "utf-8" })).rejects.toThrow("CSV header, line 1: not valid UTF-8");
    await expect(rows(chunks(`id,${"x".repeat(100)}\n`), "csv", { maxLineBytes: 50 })).rejects.toThrow("CSV header, line 1: line longer than 50 bytes");
  });
});

describe("NDJSON", () => {
  it("rejects a line too long or not valid UTF-8 by its number, and reads on", async () => {
    const a = JSON.stringify({ id: "S-1" });
    const bytes = Buffer.concat([Buffer.from(`${a}\n{"id":"${"x".repeat(5000)}"}\n`), Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from(`${a}\n`)]);
    const out = await rows(chunks(bytes), undefined, { maxLineBytes: 1000 });
    expect(out.map((r) => [r.line, r.ok ? "ok" : r.code])).toEqual([
      [1, "ok"],
      [2, "LINE_TOO_LONG"],
      [3, "ENCODING_INVALID"],
      [4, "ok"],
    ]);
  });

  it("sniffs NDJSON from a first line too long to keep", async () => {
    const out = await rows(chunks(`{"id":"${"x".repeat(5000)}"}\n{"id":"S"}\n`), undefined, { maxLineBytes: 1000 });
    expect(out.map((r) => [r.line, r.ok ? "ok" : r.code])).toEqual([
      [1, "LINE_TOO_LONG"],
      [2, "ok"],
    ]);
  });
});

describe("properties", () => {
  const text = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', " ", "\n", "\r", "中", "😀"), maxLength: 80 });
  // Cut points into the bytes: the same input in arbitrary chunks.
  const cut = (b: Buffer, at: number[]): Buffer[] => {
    const points = [...new Set(at.map((x) => x % (b.length + 1)))].sort((x, y) => x - y);
    const out: Buffer[] = [];
    let from = 0;
    for (const p of points) {
      out.push(b.subarray(from, p));
      from = p;
    }
    out.push(b.subarray(from));
    return out.filter((c) => c.length > 0);
  };

  it("lines are the text split at \\n, \\r\\n and \\r however the bytes are chunked, in UTF-8 and UTF-16", async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.array(fc.nat(), { maxLength: 8 }), async (t, at) => {
        const want = t.split(/\r\n|\r|\n/);
        if (want.at(-1) === "") want.pop();
        const utf8 = Buffer.from(`a${t}`); // a first ASCII byte: no byte order mark to read
        const got = (await lines(Readable.from(cut(utf8, at)))).map((l) => l.text);
        expect(got.join("\u0000")).toBe(`a${want.join("\u0000")}`);
        const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`a${t}`, "utf16le")]);
        expect((await lines(Readable.from(cut(utf16, at)))).map((l) => l.text)).toEqual(got);
      }),
      { numRuns: 300 },
    );
  });

  it("CSV records fed a line at a time split as the whole record's text split at once (the reader's documented RFC 4180 reading)", () => {
    // The former reader: a record's lines joined by \n and split from the start.
    const reference = (record: string): string[] | undefined => {
      const out: string[] = [];
      let field = "";
      let quoted = false;
      for (let i = 0; i < record.length; i++) {
        const ch = record[i]!;
        if (quoted) {
          if (ch === '"') {
            if (record[i + 1] === '"') {
              field += '"';
              i++;
            } else quoted = false;
          } else field += ch;
        } else if (ch === '"' && field.trim() === "") {
          quoted = true;
          field = "";
        } else if (ch === ",") {
          out.push(field);
          field = "";
        } else field += ch;
      }
      if (quoted) return undefined;
      out.push(field);
      return out;
    };
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("a", ",", '"', " ", "\u3000", "中"), maxLength: 12 }), { minLength: 1, maxLength: 6 }), (ls) => {
        const r = new _CsvRecords();
        let pending: string | undefined;
        for (const l of ls) {
          const record = pending === undefined ? l : `${pending}\n${l}`;
          const want = reference(record);
          expect(r.line(l)).toEqual(want);
          pending = want === undefined ? record : undefined;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
