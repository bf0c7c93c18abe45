/**
 * explain: for a rule that holds a subject down, the record that triggered it and the day it
 * stops counting; and the explanation wholly in the chosen language.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileRuleset } from "../src/index.js";
import { explainText } from "../src/cli/explain.js";
import { holdingTriggers } from "../src/cli/explain-triggers.js";

const read = (p: string): unknown => JSON.parse(readFileSync(fileURLToPath(new URL(`../${p}`, import.meta.url)), "utf8"));
const compiled = compileRuleset(read("rulesets/hlj-public-composite/1.1.0.json"));
const cases = read("rulesets/hlj-public-composite/1.1.0.golden.json") as { name: string; asOf: string; subject: { records?: unknown[] } }[];
const byName = (name: string) => cases.find((c) => c.name === name)!;

describe("the records behind a holding rule", () => {
  it("a cap by a windowed fact: the penalty counts until its one-year window ends", () => {
    // Golden case: p1 serious penalty 2025-01-01; fact seriousPenaltyLastYear has window last P1Y,
    // so p1 is inside while asOf < 2026-01-01: the last day it counts is 2025-12-31, before its
    // publicity ends.
    const c = byName("a serious penalty within the last year caps the grade at C");
    const e = compiled.evaluate(c.subject, { asOf: c.asOf });
    const [t] = holdingTriggers(e, compiled, c.subject, ["serious-penalty-last-year"]);
    expect(t).toMatchObject({ rule: "serious-penalty-last-year", fact: "seriousPenaltyLastYear", recordId: "p1", date: "2025-01-01", until: "2025-12-31", endsBy: "window" });
    const en = explainText(e, compiled, "en", "line 1", c.subject);
    expect(en).toContain("caps the grade at");
    expect(en).toContain("Rule serious-penalty-last-year is triggered by record p1 (penalty, 2025-01-01): counts until 2025-12-31 (then outside fact seriousPenaltyLastYear's window)");
    const zh = explainText(e, compiled, "zh", "第 1 行", c.subject);
    expect(zh).toContain("触发规则 serious-penalty-last-year 的记录：p1（penalty，2025-01-01），计入至 2025-12-31（超出事实 seriousPenaltyLastYear 的统计期后不再计入）");
  });

  it("a direct judgment by a list entry that does not expire by itself", () => {
    const c = byName("serious-dishonesty list: E even with a high score");
    const e = compiled.evaluate(c.subject, { asOf: c.asOf });
    expect(e.decidedBy).toBe("direct-judgment");
    const en = explainText(e, compiled, "en", undefined, c.subject);
    expect(en).toMatch(/Rule serious-dishonesty-list is triggered by record l1 \(list-entry, 2025-05-10\): does not expire by itself; credit repair may be applied for from \d{4}-\d{2}-\d{2}\./);
  });

  it("names no record without the subject, or for a rule fired by inputs", () => {
    const c = byName("a serious penalty within the last year caps the grade at C");
    const e = compiled.evaluate(c.subject, { asOf: c.asOf });
    expect(holdingTriggers(e, compiled, undefined, ["serious-penalty-last-year"])).toEqual([]);
    expect(explainText(e, compiled, "en")).not.toContain("triggered by record");
  });
});

describe("the explanation in Chinese", () => {
  it("words records left out and not-gradable reasons in Chinese", () => {
    const withLeftOut = cases
      .map((c) => ({ c, e: compiled.evaluate(c.subject, { asOf: c.asOf }) }))
      .find(({ e }) => e.excludedRecords.length > 0)!;
    const zh = explainText(withLeftOut.e, compiled, "zh", undefined, withLeftOut.c.subject);
    const part = zh.slice(zh.indexOf("未计入的信用记录"), zh.indexOf("对应措施"));
    expect(part).not.toMatch(/REPAIRED|REVOKED|PUBLICITY_ENDED|AFTER_AS_OF|UNDECLARED_TYPE|since/);
    expect(part).toMatch(/（自 \d{4}-\d{2}-\d{2} 起）/);
    // Not gradable: road transport with no safety data and no public composite grade (its golden case).
    const road = compileRuleset(read("rulesets/hlj-road-transport/1.0.0.json"));
    const rc = (read("rulesets/hlj-road-transport/1.0.0.golden.json") as typeof cases).find((c) => c.name.startsWith("no safety data and no public composite grade"))!;
    const e = road.evaluate(rc.subject, { asOf: rc.asOf });
    expect(e.grade).toBeNull();
    const text = explainText(e, road, "zh");
    expect(text).toContain("不予评价原因：指标");
    expect(text).not.toMatch(/not gradable|missing|matches no/);
  });
});
