/**
 * Screenshots of the workbench's main views into docs/workbench/, and its first render time
 * (navigation start to the first full render, measured by the page itself) over several cold
 * loads, for docs/workbench.md. Needs Debian's /usr/bin/chromium (and fonts-noto-cjk for the
 * Chinese text to show in the pictures).
 *
 *     npx tsx scripts/workbench-screenshots.ts
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("..", import.meta.url));
const html = join(root, "docs", "workbench", "index.html");
const url = pathToFileURL(html).href;
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const shot = (name: string): string => join(root, "docs", "workbench", name);

const profile = mkdtempSync(join(tmpdir(), "credit-grading-shots-"));
const context = await chromium.launchPersistentContext(profile, { executablePath: "/usr/bin/chromium", headless: true, args: ARGS, locale: "zh-CN", viewport: { width: 1440, height: 900 } });
try {
  const page = context.pages()[0] ?? (await context.newPage());
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
  // Diagnostics: a misspelt input, listed with line and column and underlined.
  await page.evaluate(() => {
    type View = { state: { doc: { toString(): string } }; dispatch(t: unknown): void };
    const v = (globalThis as unknown as { workbench: { view: View } }).workbench.view;
    const text = v.state.doc.toString();
    const at = text.indexOf('"input": "honours"') + '"input": '.length;
    v.dispatch({ changes: { from: at, to: at + '"honours"'.length, insert: '"honour"' } });
  });
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
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
