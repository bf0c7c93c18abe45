/** Diagnostics of a ruleset read from text carry line and column; unknown ids get a "did you mean". */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, validateRulesetText } from "../src/index.js";
import { closestName, didYouMean, editDistance } from "../src/base/suggest.js";

const shipped = readFileSync(fileURLToPath(new URL("../rulesets/hlj-public-composite/1.1.0.json", import.meta.url)), "utf8");
const lineOf = (text: string, needle: string): number => text.slice(0, text.indexOf(needle)).split("\n").length;

describe("positions", () => {
  it("points at the value a path names: line and 1-based column of the misspelt input", () => {
    const text = shipped.replace('"input": "honours"', '"input": "honour"');
    const d = validateRulesetText(text).diagnostics.find((x) => x.code === "UNKNOWN_INPUT")!;
    const line = lineOf(text, '"input": "honour"');
    const column = text.split("\n")[line - 1]!.indexOf('"honour"') + 1;
    expect(d.position).toMatchObject({ line, column, length: '"honour"'.length });
    expect(d.message).toBe('input "honour" is not declared in "inputs" (did you mean "honours"?)');
    expect(formatDiagnostic(d)).toContain(`(line ${line}, column ${column})`);
  });

  it("points at the object that lacks a missing key", () => {
    const text = '{\n  "formatVersion": 1,\n  "id": "x"\n}';
    const d = validateRulesetText(text).diagnostics;
    expect(d.length).toBeGreaterThan(0);
    for (const x of d) expect(x.position).toMatchObject({ line: 1, column: 1 });
  });

  it("NOT_JSON at the first syntax error, after a byte-order mark too", () => {
    const d = validateRulesetText('\ufeff{\n  "a": 1,\n  "b": }').diagnostics[0]!;
    expect(d.code).toBe("NOT_JSON");
    expect(d.position).toMatchObject({ line: 3, column: 8 });
    expect(d.message).toMatch(/^not valid JSON at line 3, column 8 \(ValueExpected\): /);
  });

  it("counts columns in UTF-16 code units, as editors do, after Chinese text on the same line", () => {
    // Compact JSON: one line, Chinese names before the misspelt value.
    const text = JSON.stringify(JSON.parse(shipped)).replace('"input":"honours"', '"input":"honour"');
    const d = validateRulesetText(text).diagnostics.find((x) => x.code === "UNKNOWN_INPUT")!;
    expect(/[\u4e00-\u9fff]/.test(text.slice(0, d.position!.offset))).toBe(true);
    expect(d.position!.line).toBe(1);
    expect(d.position!.column).toBe(d.position!.offset + 1);
    expect(text.slice(d.position!.offset, d.position!.offset + d.position!.length)).toBe('"honour"');
  });
});

describe("did you mean", () => {
  it("edit distance counts a swap of adjacent characters as one edit", () => {
    expect(editDistance("wieght", "weight")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests within a third of the name's length, nothing for short names or far ones", () => {
    expect(closestName("yearInOperation", ["honours", "yearsInOperation"])).toBe("yearsInOperation");
    expect(closestName("X", ["B", "C"])).toBeUndefined();
    expect(closestName("taxes", ["penalties"])).toBeUndefined();
    expect(closestName("Honours", ["honours"])).toBe("honours");
    expect(didYouMean("honour", ["honours"])).toBe(' (did you mean "honours"?)');
    expect(didYouMean("zzz", ["honours"])).toBe("");
  });

  it("on unknown measures, record types, fields and named conditions", () => {
    const doc = JSON.parse(shipped) as Record<string, any>;
    const text = JSON.stringify(doc).replace('"gaozhi-chengnuo"', '"gaozhi-chengnou"');
    const d = validateRulesetText(text).diagnostics.find((x) => x.code === "UNKNOWN_MEASURE")!;
    expect(d.message).toContain('(did you mean "gaozhi-chengnuo"?)');
    const facts = doc["facts"] as { from?: string; field?: string }[];
    const withFrom = facts.find((f) => f.from !== undefined)!;
    const from = withFrom.from!;
    withFrom.from = `${from}x`;
    const t2 = validateRulesetText(JSON.stringify(doc)).diagnostics.find((x) => x.code === "UNKNOWN_RECORD_TYPE")!;
    expect(t2.message).toContain(`(did you mean ${JSON.stringify(from)}?)`);
  });
});
