/**
 * Escape sequences in subject ids (issue #14, item 13): a subject id such as "\u001b[2J" reached
 * the terminal raw in rejection lines and in `explain`. The CLI's human-readable output shows
 * control characters escaped, through one helper (`printable`, src/cli/printable.ts).
 */
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { explainText } from "../../src/cli/explain.js";
import { printable } from "../../src/cli/printable.js";
import { compileRuleset } from "../../src/index.js";
import { weightsRuleset } from "../fixtures.js";

const HOSTILE_ID = "S-1\u001b[2J\u001b]0;owned\u0007\r\nrejected line 99 forged\u202e";
const RAW = /[\u0000-\u001f\u007f-\u009f\u202e]/;

describe("control characters in subject ids", () => {
  it("printable escapes every control character and nothing else", () => {
    expect(printable(HOSTILE_ID)).toBe("S-1\\u001b[2J\\u001b]0;owned\\u0007\\u000d\\u000arejected line 99 forged\\u202e");
    expect(printable("91310110666007217T 信用 ✓")).toBe("91310110666007217T 信用 ✓");
  });

  it("explain shows the id escaped", () => {
    const c = compileRuleset(weightsRuleset());
    const e = c.evaluate({ id: HOSTILE_ID, inputs: { years: 5, penalties: 1, honoured: false } }, { asOf: "2025-06-30" });
    const text = explainText(e, c, "en");
    expect(text.split("\n")[0]).toBe(printable(HOSTILE_ID));
    expect(text.replace(/\n/g, "")).not.toMatch(RAW);
  });

  const cli = resolve(import.meta.dirname, "../../dist/cli.js");
  it.skipIf(!existsSync(cli))("the CLI's rejection line shows the id escaped (built CLI)", () => {
    const dir = mkdtempSync(join(tmpdir(), "credit-grading-terminal-"));
    const ruleset = join(dir, "r.json");
    writeFileSync(ruleset, JSON.stringify(weightsRuleset()));
    const input = join(dir, "in.ndjson");
    writeFileSync(input, `${JSON.stringify({ id: HOSTILE_ID, inputs: { years: "five" } })}\n`);
    const r = spawnSync(process.execPath, [cli, "evaluate", "-r", ruleset, "--as-of", "2025-06-30", input], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    const rejection = r.stderr.split("\n").find((l) => l.includes("rejected line 1"));
    expect(rejection).toContain(printable(HOSTILE_ID));
    expect(r.stderr.replace(/\n/g, "")).not.toMatch(RAW);
  });
});
