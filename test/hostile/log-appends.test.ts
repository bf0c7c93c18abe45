/**
 * Overlapping appends (issue #14, item 8): `Promise.all([1, 2, 3].map((i) => log.append(rec(i))))`
 * returned seq 1, 1, 1 (each append read the same tail), and two processes appending to one file
 * forked the chain. Appends to one log now run one after another, and FileLogStorage holds an
 * exclusive lock across processes while the log re-reads the file's last line and writes its own.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileRuleset, DecisionLog, type DecisionRecord, MemoryLogStorage, toDecisionRecord } from "../../src/index.js";
import { FileLogStorage } from "../../src/node/index.js";
import { recordsRuleset } from "../fixtures.js";

const compiled = compileRuleset(recordsRuleset());
const subject = { id: "s-1", inputs: { years: 6 } };
const evaluation = compiled.evaluate(subject, { asOf: "2025-12-31" });
const rec = (i: number): DecisionRecord => toDecisionRecord(evaluation, subject, { decidedAt: `2026-01-${String(i).padStart(2, "0")}` });

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "credit-grading-hostile-log-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("appends within one process", () => {
  for (const [name, storage] of [
    ["memory", () => new MemoryLogStorage()],
    ["file", () => new FileLogStorage(join(dir, "log.ndjson"))],
  ] as const) {
    it(`the reproduction (${name}): overlapping appends get seq 1, 2, 3 and one chain`, async () => {
      const log = new DecisionLog(storage());
      const entries = await Promise.all([1, 2, 3].map((i) => log.append(rec(i))));
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
      expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
      expect(entries[2]!.prevHash).toBe(entries[1]!.hash);
      expect(await log.verify()).toMatchObject({ ok: true, entries: 3 });
    });
  }

  it("two logs on one file in one process chain onto each other's entries", async () => {
    const path = join(dir, "log.ndjson");
    const a = new DecisionLog(new FileLogStorage(path));
    const b = new DecisionLog(new FileLogStorage(path));
    await Promise.all([1, 2, 3, 4, 5, 6].map((i) => (i % 2 === 0 ? a : b).append(rec(i))));
    const v = await a.verify();
    expect(v).toMatchObject({ ok: true, entries: 6 });
  });

  it("a failed append does not stop the ones after it", async () => {
    let fail = true;
    const inner = new MemoryLogStorage();
    const log = new DecisionLog({
      append: (line) => {
        if (fail) {
          fail = false;
          throw new Error("disk full");
        }
        inner.append(line);
      },
      lines: () => inner.lines(),
    });
    const [first, second] = await Promise.allSettled([log.append(rec(1)), log.append(rec(2))]);
    expect(first.status).toBe("rejected");
    expect(second).toMatchObject({ status: "fulfilled", value: { seq: 1 } });
  });
});

describe("appends from several processes", () => {
  it("four processes appending 15 entries each to one file leave one intact chain of 60", async () => {
    const path = join(dir, "shared.ndjson");
    const root = resolve(import.meta.dirname, "../..");
    const script = join(dir, "append.mts");
    writeFileSync(
      script,
      `import { compileRuleset, DecisionLog, toDecisionRecord } from ${JSON.stringify(join(root, "src/index.ts"))};
import { FileLogStorage } from ${JSON.stringify(join(root, "src/node/index.ts"))};
import { recordsRuleset } from ${JSON.stringify(join(root, "test/fixtures.ts"))};
const compiled = compileRuleset(recordsRuleset());
const subject = { id: process.argv[2], inputs: { years: 6 } };
const ev = compiled.evaluate(subject, { asOf: "2025-12-31" });
const log = new DecisionLog(new FileLogStorage(${JSON.stringify(path)}));
for (let i = 1; i <= 15; i++) await log.append(toDecisionRecord(ev, subject, { decidedAt: "2026-01-" + String(i).padStart(2, "0") }));
`,
    );
    const run = (id: string): Promise<number> =>
      new Promise((done, fail) => {
        const child = spawn(process.execPath, ["--import", "tsx", script, id], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
        child.on("error", fail);
        child.on("exit", (code) => done(code ?? -1));
      });
    const codes = await Promise.all(["p1", "p2", "p3", "p4"].map(run));
    expect(codes).toEqual([0, 0, 0, 0]);
    const log = new DecisionLog(new FileLogStorage(path));
    const v = await log.verify();
    expect(v.problems).toEqual([]);
    expect(v.entries).toBe(60);
    const entries = await log.entries();
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const bySubject = new Map<string, number>();
    for (const e of entries) bySubject.set(e.record.subjectId, (bySubject.get(e.record.subjectId) ?? 0) + 1);
    expect([...bySubject.values()]).toEqual([15, 15, 15, 15]);
  }, 120_000);
});
