/**
 * The browser the workbench is tested and photographed in (test/workbench.test.ts,
 * scripts/workbench-screenshots.ts): Debian's Chromium, headless, driven by playwright-core with a
 * fresh empty profile, and an edit of the page's editor.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Debian's Chromium (`apt-get install -y chromium`; `.ci/run` installs it). */
export const CHROMIUM = "/usr/bin/chromium";

// Without the background-networking flags Chromium's connections to Google's hosts are refused
// on a closed network, many at a time; --no-sandbox because CI runs as root.
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** A running Chromium with its first page; `close` ends it and removes its profile. */
export interface Chromium {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * Starts Chromium on a new empty profile, with a 1440×900 window.
 * @param locale - The browser's locale, e.g. `en-US` or `zh-CN`.
 * @returns The browser and its first page.
 */
export async function launchChromium(locale: string): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run installs it)`);
  const profile = mkdtempSync(join(tmpdir(), "credit-grading-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, locale, viewport: { width: 1440, height: 900 } });
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Replaces the first occurrence of `before` in the workbench's editor (workbench/main.ts puts the
 * editor view on `window.workbench`) with `after`, as a user's edit.
 * @param page - A page showing the workbench.
 * @param before - Text in the editor.
 * @param after - What to put in its place.
 */
export async function replaceInEditor(page: Page, before: string, after: string): Promise<void> {
  await page.evaluate(
    ([before, after]) => {
      type View = { state: { doc: { toString(): string } }; dispatch(t: unknown): void };
      const v = (globalThis as unknown as { workbench: { view: View } }).workbench.view;
      const at = v.state.doc.toString().indexOf(before);
      if (at < 0) throw new Error(`not in the editor: ${before}`);
      v.dispatch({ changes: { from: at, to: at + before.length, insert: after } });
    },
    [before, after] as const,
  );
}
