/**
 * Screenshots of the workbench's main views into docs/workbench/, and its first render time
 * (navigation start to the first full render, measured by the page itself) over several cold
 * loads, for docs/workbench.md. Needs Debian's /usr/bin/chromium (and fonts-noto-cjk for the
 * Chinese text to show in the pictures).
 *
 *     npx tsx scripts/workbench-screenshots.ts
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { launchChromium, replaceInEditor } from "../test/_workbench-browser.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const html = join(root, "docs", "workbench", "index.html");
const url = pathToFileURL(html).href;
const shot = (name: string): string => join(root, "docs", "workbench", name);

const browser = await launchChromium("zh-CN");
try {
  const { page } = browser;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    await page.goto(`${url}?run=${i}`);
    await page.waitForSelector("body[data-ready=true]");
    times.push(Number(await page.getAttribute("body", "data-first-render-ms")));
  }
  // Main view: a shipped ruleset with the example subjects graded and one explained.
  await page.setInputFiles("#subjects-file", join(root, "examples/data/subjects.ndjson"));
  await page.waitForSelector("#distribution-table tr[data-grade=total][data-count='3000']");
  await page.click("#subjects-table tr.subject.graded >> nth=3");
  await page.evaluate(() => {
    for (const el of (globalThis as unknown as { document: { querySelectorAll(s: string): { scrollTop: number }[] } }).document.querySelectorAll("#right, section")) el.scrollTop = 0;
  });
  await page.screenshot({ path: shot("main.png") });
  // The report of the graded subjects, as `credit-grading report` writes it, in Chinese.
  await page.locator("section:has(#report)").screenshot({ path: shot("report-zh.png") });
  // Diagnostics: a misspelt input, listed with line and column and underlined.
  await replaceInEditor(page, '"input": "honours"', '"input": "honour"');
  await (await page.waitForSelector("li.diag[data-code=UNKNOWN_INPUT]")).click();
  await page.waitForSelector(".cm-lintRange-error");
  await page.screenshot({ path: shot("diagnostics.png") });
  // English, explanation and comparison.
  await page.selectOption("#ruleset-select", "hlj-public-composite@1.1.0");
  await page.selectOption("#locale", "en");
  await page.selectOption("#compare-select", "hlj-public-composite@1.0.0");
  await page.click("#subjects-table tr.subject.graded >> nth=3");
  await page.locator("#explanation").screenshot({ path: shot("explanation-en.png") });
  await page.locator("#migration").scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot("compare-en.png") });
  const sorted = [...times].sort((a, b) => a - b);
  process.stdout.write(`page ${(statSync(html).size / 1024).toFixed(0)} KiB; first render ms over ${times.length} loads: ${times.join(", ")} (median ${sorted[Math.floor(sorted.length / 2)]})\n`);
} finally {
  await browser.close();
}
