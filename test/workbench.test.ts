/**
 * The workbench in a real browser: Debian's Chromium, headless, driven by playwright-core with a
 * fresh empty profile. Loads the committed page from disk (file://), checks a shipped ruleset,
 * breaks it and finds the diagnostic at its line and column (in the list and marked in the
 * editor), grades the example subjects and compares the distribution with the CLI's, opens an
 * explanation, and switches to Chinese.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWorkbench } from "../scripts/build-workbench.js";
import { validateRulesetText } from "../src/index.js";
import { type Chromium, launchChromium, replaceInEditor } from "./_workbench-browser.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const page_ = join(root, "docs", "workbench", "index.html");

let browser: Chromium | undefined;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchChromium("en-US");
  page = browser.page;
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(pathToFileURL(page_).href);
  await page.waitForSelector("body[data-ready=true]");
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const count = async (sel: string): Promise<number> => Number(await page.getAttribute(sel, "data-count"));

describe("the workbench page", () => {
  it("is current: docs/workbench/index.html is what scripts/build-workbench.ts builds", async () => {
    const { html } = await buildWorkbench();
    expect(readFileSync(page_, "utf8") === html, "docs/workbench/index.html is stale: run `npx tsx scripts/build-workbench.ts`").toBe(true);
  }, 60_000);

  it("opens with a shipped ruleset that has no diagnostics", async () => {
    expect(await page.inputValue("#ruleset-select")).toBe("hlj-public-composite@1.1.0");
    await page.waitForSelector("#diag-summary[data-count='0']");
    expect(await page.textContent("#rulebook")).toContain("hlj-public-composite");
    expect(errors).toEqual([]);
  });

  it("shows a broken ruleset's diagnostic at its line and column, marked in the editor", async () => {
    await replaceInEditor(page, '"input": "honours"', '"input": "honour"');
    const item = await page.waitForSelector("li.diag[data-code=UNKNOWN_INPUT]");
    const shipped = readFileSync(join(root, "rulesets/hlj-public-composite/1.1.0.json"), "utf8");
    const broken = shipped.replace('"input": "honours"', '"input": "honour"');
    // By hand: the line holding the edit, and the column where the value starts.
    const line = broken.slice(0, broken.indexOf('"input": "honour"')).split("\n").length;
    const column = broken.split("\n")[line - 1]!.indexOf('"honour"') + 1;
    expect(await item.getAttribute("data-line")).toBe(String(line));
    expect(await item.getAttribute("data-column")).toBe(String(column));
    expect(await item.textContent()).toContain('did you mean "honours"?');
    // The same as the library says for the same text.
    const d = validateRulesetText(broken).diagnostics.find((x) => x.code === "UNKNOWN_INPUT")!;
    expect([d.position!.line, d.position!.column]).toEqual([line, column]);
    // Marked in the editor: clicking the diagnostic scrolls to it, and an error underline
    // covers exactly the misspelt value.
    await item.click();
    const marked = await page.waitForSelector(".cm-lintRange-error");
    expect(await marked.textContent()).toBe('"honour"');
  });

  it("grades the example subjects with the same distribution as the CLI", async () => {
    await page.selectOption("#ruleset-select", "hlj-public-composite@1.1.0");
    await page.waitForSelector("#diag-summary[data-count='0']");
    await page.fill("#asof", "2025-12-31");
    await page.dispatchEvent("#asof", "change");
    await page.setInputFiles("#subjects-file", join(root, "examples/data/subjects.ndjson"));
    await page.waitForSelector("#distribution-table tr[data-grade=total][data-count='3000']");
    const cli = spawnSync(process.execPath, [join(root, "dist/cli.js"), "evaluate", "-r", "hlj-public-composite@1.1.0", "--as-of", "2025-12-31", "--summary", "--json", "examples/data/subjects.ndjson"], { cwd: root, encoding: "utf8" });
    const summary = JSON.parse(cli.stdout) as { rows: number; notGradable: number; rejected: number; distribution: Record<string, number> };
    expect(summary.rows).toBe(3000);
    for (const g of ["A", "B", "C", "D", "E"]) expect(await count(`#distribution-table tr[data-grade=${g}]`), g).toBe(summary.distribution[g]);
    expect(await count("#distribution-table tr[data-grade=not-gradable]")).toBe(summary.notGradable);
    expect(await count("#distribution-table tr[data-grade=rejected]")).toBe(summary.rejected);
    // The report of `credit-grading report`, for the same subjects: the example data are of
    // Heilongjiang (division codes 23…), named from the GB/T 2260 table, every graded row counted.
    const report = (await page.textContent("#report")) ?? "";
    expect(report).toContain("黑龙江省");
    expect(report).toContain(String(summary.rows - summary.rejected));
  }, 60_000);

  it("opens a subject's explanation, in English and in Chinese", async () => {
    const row = await page.waitForSelector("#subjects-table tr.subject.graded");
    const id = (await row.$$eval("td", (tds) => tds[1]!.textContent))!;
    await row.click();
    const en = (await page.textContent("#explanation"))!;
    expect(en).toContain(id);
    expect(en).toMatch(/Grade: [A-E]/);
    expect(en).toContain("Score:");
    await page.selectOption("#locale", "zh");
    const zh = (await page.textContent("#explanation"))!;
    expect(zh).toContain(id);
    expect(zh).toMatch(/等级：?\s*[A-E]/);
    expect(await page.textContent("h2[data-word=distribution]")).toBe("等级分布");
    await page.selectOption("#locale", "en");
  });

  it("completes property names from the ruleset JSON Schema", async () => {
    await page.evaluate(() => {
      type View = { state: { doc: { toString(): string } }; dispatch(t: unknown): void; focus(): void };
      const v = (globalThis as unknown as { workbench: { view: View } }).workbench.view;
      // A new key in the "scale" object: the schema allows min and max there.
      const at = v.state.doc.toString().indexOf('"scale": {') + '"scale": {'.length;
      v.dispatch({ changes: { from: at, insert: '\n    "ma' }, selection: { anchor: at + '\n    "ma'.length } });
      v.focus();
    });
    await page.keyboard.press("Control+Space");
    const options = await page.waitForSelector(".cm-tooltip-autocomplete");
    expect(await options.textContent()).toContain("max");
    await page.keyboard.press("Escape");
    await page.selectOption("#ruleset-select", "hlj-public-composite@1.0.0");
    await page.selectOption("#ruleset-select", "hlj-public-composite@1.1.0");
    await page.waitForSelector("#diag-summary[data-count='0']");
  });

  it("shows the diff and migration matrix against another version", async () => {
    await page.selectOption("#compare-select", "hlj-public-composite@1.0.0");
    expect(await page.textContent("#diff")).toContain("effective.from: 2022-01-01 → 2025-07-01");
    expect(await page.textContent("#migration")).toMatch(/1\.0\.0/);
    expect(errors).toEqual([]);
  });
});
