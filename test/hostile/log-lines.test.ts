/**
 * Torn and ambiguous log lines (issue #14, item 9): a file without a final newline got the next
 * entry glued onto its last line; a `null` line made append throw a TypeError instead of
 * LOG_CORRUPT; `verify` accepted a line with a duplicate key placed before the real one, and
 * members outside the hashed content, which `entries()` returned. A line is now an entry only
 * as the exact bytes the log writes for it; nothing is repaired silently, and each problem names
 * its line and why.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileRuleset, CreditGradingError, DecisionLog, type DecisionRecord, MemoryLogStorage, toDecisionRecord } from "../../src/index.js";
import { FileLogStorage } from "../../src/node/index.js";
import { recordsRuleset } from "../fixtures.js";

const compiled = compileRuleset(recordsRuleset());
const subject = { id: "s-1", inputs: { years: 6 } };
const evaluation = compiled.evaluate(subject, { asOf: "2025-12-31" });
const rec = (i: number): DecisionRecord => toDecisionRecord(evaluation, subject, { decidedAt: `2026-01-${String(i).padStart(2, "0")}` });

async function twoLines(): Promise<string[]> {
  const storage = new MemoryLogStorage();
  const log = new DecisionLog(storage);
  await log.append(rec(1));
  await log.append(rec(2));
  return [...storage.stored];
}

async function rejection(p: Promise<unknown>): Promise<CreditGradingError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CreditGradingError) return e;
    throw e;
  }
  throw new Error("expected a rejection");
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "credit-grading-hostile-lines-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("a torn last line", () => {
  it("the reproduction: a file without a final newline is refused, unchanged, naming the line", async () => {
    const path = join(dir, "log.ndjson");
    const lines = await twoLines();
    const text = `${lines[0]}\n${lines[1]}`;
    writeFileSync(path, text);
    const e = await rejection(new DecisionLog(new FileLogStorage(path)).append(rec(3)));
    expect(e.code).toBe("LOG_CORRUPT");
    expect(e.message).toMatch(/line 2: no newline at its end/);
    expect(readFileSync(path, "utf8")).toBe(text);
    // The storage alone refuses too.
    expect(() => new FileLogStorage(path).append("{}")).toThrow(/line 2: no newline at its end/);
  });

  it("a line cut short in the middle is a BAD_LINE for verify and LOG_CORRUPT for append", async () => {
    const path = join(dir, "log.ndjson");
    const lines = await twoLines();
    writeFileSync(path, `${lines[0]}\n${lines[1]!.slice(0, 40)}\n`);
    const log = new DecisionLog(new FileLogStorage(path));
    const v = await log.verify();
    expect(v.problems.map((p) => [p.line, p.code])).toEqual([[2, "BAD_LINE"]]);
    const e = await rejection(log.append(rec(3)));
    expect(e.code).toBe("LOG_CORRUPT");
    expect(e.message).toMatch(/last line: not JSON/);
  });
});

describe("lines that are not entries", () => {
  for (const line of ["null", "[]", "7", '"x"', '{"seq":1}']) {
    it(`${line}: append is LOG_CORRUPT naming the line, never a TypeError (memory and file)`, async () => {
      const lines = await twoLines();
      const memory = new MemoryLogStorage();
      memory.stored.push(lines[0]!, line);
      const e = await rejection(new DecisionLog(memory).append(rec(3)));
      expect(e.code).toBe("LOG_CORRUPT");
      expect(e.message).toMatch(/^decision log line 2: not (a log entry|JSON)/);
      const path = join(dir, "log.ndjson");
      writeFileSync(path, `${lines[0]}\n${line}\n`);
      expect((await rejection(new DecisionLog(new FileLogStorage(path)).append(rec(3)))).code).toBe("LOG_CORRUPT");
    });
  }
});

describe("ambiguous lines", () => {
  it("the reproduction: a duplicate key before the real one is NOT_CANONICAL, and entries() leaves it out", async () => {
    const [first, second] = await twoLines();
    const forged = JSON.parse(second!) as { record: DecisionRecord };
    const shown = JSON.stringify({ ...forged.record, grade: "E" });
    // JSON.parse keeps the last "record": the hash checks out against it, while a reader of the text may see the first.
    const line = second!.replace('{"seq":2,', `{"seq":2,"record":${shown},`);
    const storage = new MemoryLogStorage();
    storage.stored.push(first!, line);
    const log = new DecisionLog(storage);
    const v = await log.verify();
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      { code: "NOT_CANONICAL", path: [2], line: 2, severity: "error", message: "line 2: not the exact bytes the log writes for this entry (a duplicate key, reordered members or other formatting)" },
    ]);
    expect((await log.entries()).map((e) => e.seq)).toEqual([1]);
  });

  it("members outside the hashed content are named, and never returned", async () => {
    const [first, second] = await twoLines();
    const storage = new MemoryLogStorage();
    storage.stored.push(first!, `${second!.slice(0, -1)},"approvedBy":"nobody"}`);
    const log = new DecisionLog(storage);
    const v = await log.verify();
    expect(v.problems.map((p) => [p.line, p.code, p.message])).toEqual([[2, "NOT_CANONICAL", 'line 2: members outside the hashed content: "approvedBy"']]);
    expect((await log.entries()).map((e) => e.seq)).toEqual([1]);
    expect((await rejection(log.append(rec(3)))).code).toBe("LOG_CORRUPT");
  });

  it("any change to the bytes of a line is found at that line", async () => {
    const lines = await twoLines();
    const edit = fc.oneof(
      // whitespace somewhere
      fc.nat().map((k) => (l: string) => {
        const at = 1 + (k % (l.length - 1));
        return `${l.slice(0, at)} ${l.slice(at)}`;
      }),
      // a member repeated before the first one
      fc.constantFrom("seq", "prevHash", "hash").map((key) => (l: string) => {
        const o = JSON.parse(l) as Record<string, unknown>;
        return `{${JSON.stringify(key)}:${JSON.stringify(o[key])},${l.slice(1)}`;
      }),
      // members reordered
      fc.constant((l: string) => {
        const o = JSON.parse(l) as Record<string, unknown>;
        return JSON.stringify({ hash: o.hash, seq: o.seq, prevHash: o.prevHash, record: o.record });
      }),
      // an extra member
      fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !["seq", "prevHash", "record", "hash"].includes(k)).map((k) => (l: string) => `${l.slice(0, -1)},${JSON.stringify(k)}:1}`),
    );
    await fc.assert(
      fc.asyncProperty(edit, fc.integer({ min: 0, max: 1 }), async (f, which) => {
        const changed = lines.map((l, i) => (i === which ? f(l) : l));
        fc.pre(changed[which] !== lines[which]);
        const storage = new MemoryLogStorage();
        storage.stored.push(...changed);
        const v = await new DecisionLog(storage).verify();
        expect(v.ok).toBe(false);
        expect(v.problems.some((p) => p.line === which + 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
