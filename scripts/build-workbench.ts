/**
 * Builds the workbench: workbench/main.ts bundled by esbuild for the browser (the library's
 * pure entry, CodeMirror 6, Chart.js and the shipped rulesets) into one self-contained HTML
 * file that works opened from disk. Writes dist/workbench/index.html (shipped in the package)
 * and docs/workbench/index.html; `test/workbench.test.ts` checks the committed copy is current.
 *
 *     npx tsx scripts/build-workbench.ts
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** The shipped rulesets as `{ key: "id@version", text }`, sorted, for the page's picker. */
function shippedRulesets(): { key: string; text: string }[] {
  const dir = join(root, "rulesets");
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(dir, d.name))
        .filter((f) => f.endsWith(".json") && !f.endsWith(".golden.json"))
        .map((f) => ({ key: `${d.name}@${f.slice(0, -".json".length)}`, text: readFileSync(join(dir, d.name, f), "utf8") })),
    )
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const shipped: Plugin = {
  name: "shipped-rulesets",
  setup(b) {
    b.onResolve({ filter: /^shipped-rulesets$/ }, () => ({ path: "shipped-rulesets", namespace: "shipped" }));
    b.onLoad({ filter: /.*/, namespace: "shipped" }, () => ({ contents: `export default ${JSON.stringify(shippedRulesets())};`, loader: "js" }));
  },
};

/**
 * Bundles the workbench into one HTML page.
 * @returns The page's text and the size of its script in bytes.
 */
export async function buildWorkbench(): Promise<{ html: string; scriptBytes: number }> {
  const out = await build({
    entryPoints: [join(root, "workbench", "main.ts")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    charset: "utf8",
    plugins: [shipped],
    logLevel: "silent",
  });
  // `</script` inside the bundle would end the inline script early.
  const script = out.outputFiles[0]!.text.replace(/<\/script/gi, "<\\/script");
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  const page = readFileSync(join(root, "workbench", "page.html"), "utf8");
  const html = page.replace("<!--VERSION-->", version).replace("/*SCRIPT*/", () => script);
  return { html, scriptBytes: Buffer.byteLength(script) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { html, scriptBytes } = await buildWorkbench();
  for (const dir of [join(root, "dist", "workbench"), join(root, "docs", "workbench")]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "index.html"), html);
  }
  process.stdout.write(`workbench: ${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB page (script ${(scriptBytes / 1024).toFixed(0)} KiB) → dist/workbench/index.html, docs/workbench/index.html\n`);
}
