/**
 * The hash-chained decision log: appended entries verify; an edited, dropped, reordered or
 * garbage line is found at its line; the NDJSON file storage round-trips and a reopened log
 * continues the chain.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileRuleset, DecisionLog, type DecisionRecord, GENESIS_HASH, type LogEntry, MemoryLogStorage, toDecisionRecord } from "../src/index.js";
import { FileLogStorage } from "../src/node/index.js";
import { recordsRuleset } from "./fixtures.js";

const compiled = compileRuleset(recordsRuleset());
const subject = { id: "s-1", inputs: { years: 6 } };
// years 6, no records: 12 + 50 + 30 = 92 → A.
const evaluation = compiled.evaluate(subject, { asOf: "2025-12-31" });
const records: DecisionRecord[] = ["2026-01-10", "2026-01-11", "2026-01-12"].map((d) => toDecisionRecord(evaluation, subject, { decidedAt: d }));

async function filled(): Promise<{ storage: MemoryLogStorage; log: DecisionLog; entries: LogEntry[] }> {
  const storage = new MemoryLogStorage();
  const log = new DecisionLog(storage);
  const entries: LogEntry[] = [];
  for (const r of records) entries.push(await log.append(r));
  return { storage, log, entries };
}

describe("DecisionLog", () => {
  it("chains entries from the genesis hash and verifies them", async () => {
    const { log, entries } = await filled();
    expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(entries[0]!.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
    expect(entries[2]!.prevHash).toBe(entries[1]!.hash);
    expect(await log.verify()).toEqual({ ok: true, entries: 3, head: entries[2]!.hash, problems: [] });
    expect((await log.entries()).map((e) => e.record.decidedAt)).toEqual(["2026-01-10", "2026-01-11", "2026-01-12"]);
  });

  it("an empty log verifies with the genesis head", async () => {
    expect(await new DecisionLog(new MemoryLogStorage()).verify()).toEqual({ ok: true, entries: 0, head: GENESIS_HASH, problems: [] });
  });

  it("finds an edited entry at its line", async () => {
    const { storage, log } = await filled();
    const e = JSON.parse(storage.stored[1]!) as LogEntry;
    storage.stored[1] = JSON.stringify({ ...e, record: { ...e.record, grade: "C" } });
    const v = await log.verify();
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => [p.line, p.code])).toEqual([[2, "EDITED"]]);
  });

  it("an edited entry whose own hash was recomputed breaks the chain at the next line", async () => {
    const { storage, log } = await filled();
    const first = JSON.parse(storage.stored[0]!) as LogEntry;
    const e = JSON.parse(storage.stored[1]!) as LogEntry;
    // A forger with the code re-chains the edited record as entry 2 after entry 1.
    const scratch = new MemoryLogStorage();
    scratch.append(storage.stored[0]!);
    const entry2 = await new DecisionLog(scratch).append({ ...e.record, grade: "C" });
    expect(entry2.prevHash).toBe(first.hash);
    storage.stored[1] = JSON.stringify(entry2);
    const v = await log.verify();
    expect(v.problems.map((p) => [p.line, p.code])).toEqual([[3, "BROKEN_CHAIN"]]);
  });

  it("finds a dropped entry", async () => {
    const { storage, log } = await filled();
    storage.stored.splice(1, 1);
    const v = await log.verify();
    expect(v.entries).toBe(2);
    expect(v.problems.map((p) => [p.line, p.code])).toEqual([
      [2, "BROKEN_CHAIN"],
      [2, "BAD_SEQUENCE"],
    ]);
  });

  it("finds reordered entries", async () => {
    const { storage, log } = await filled();
    [storage.stored[1], storage.stored[2]] = [storage.stored[2]!, storage.stored[1]!];
    const v = await log.verify();
    expect(v.problems.map((p) => [p.line, p.code])).toEqual([
      [2, "BROKEN_CHAIN"],
      [2, "BAD_SEQUENCE"],
      [3, "BROKEN_CHAIN"],
      [3, "BAD_SEQUENCE"],
    ]);
  });

  it("names a line that is not an entry", async () => {
    const { storage, log } = await filled();
    storage.stored.push("not json at all");
    storage.stored.push('{"seq":"x"}');
    const v = await log.verify();
    expect(v.entries).toBe(5);
    expect(v.problems).toEqual([
      { code: "BAD_LINE", path: [4], severity: "error", line: 4, message: "line 4: not JSON (a torn or edited line?)" },
      { code: "BAD_LINE", path: [5], severity: "error", line: 5, message: "line 5: not a log entry (seq, prevHash, record and hash expected)" },
    ]);
    // entries() skips what is not an entry.
    expect(await log.entries()).toHaveLength(3);
  });
});

describe("FileLogStorage", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "credit-grading-log-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads nothing before the first append", () => {
    expect([...new FileLogStorage(join(dir, "none.ndjson")).lines()]).toEqual([]);
  });

  it("round-trips entries as NDJSON, and a reopened log continues the chain", async () => {
    const path = join(dir, "decisions.ndjson");
    const log = new DecisionLog(new FileLogStorage(path));
    const e1 = await log.append(records[0]!);
    const e2 = await log.append(records[1]!);
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines).toHaveLength(3); // two lines and the final newline
    expect(lines[2]).toBe("");
    expect(JSON.parse(lines[0]!)).toEqual(e1);

    const reopened = new DecisionLog(new FileLogStorage(path));
    expect(await reopened.entries()).toEqual([e1, e2]);
    const e3 = await reopened.append(records[2]!);
    expect(e3.seq).toBe(3);
    expect(e3.prevHash).toBe(e2.hash);
    expect(await reopened.verify()).toEqual({ ok: true, entries: 3, head: e3.hash, problems: [] });
  });

  it("verify finds an entry edited in the file", async () => {
    const path = join(dir, "decisions.ndjson");
    const log = new DecisionLog(new FileLogStorage(path));
    for (const r of records) await log.append(r);
    writeFileSync(path, readFileSync(path, "utf8").replace('"grade":"A"', '"grade":"C"'));
    const v = await new DecisionLog(new FileLogStorage(path)).verify();
    expect(v.problems.map((p) => [p.line, p.code])).toEqual([[1, "EDITED"]]);
  });
});
