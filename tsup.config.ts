import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library: dual ESM/CJS with types, the pure main entry and credit-grading/node (files).
    // Cleaning spares the CLI bundles built beside it.
    entry: { index: "src/index.ts", node: "src/node/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: ["!cli.js", "!cli.js.map", "!cli-worker.js", "!cli-worker.js.map"],
    sourcemap: true,
    target: "node20",
    platform: "node",
  },
  {
    // The `credit-grading` command line: one ESM file with a shebang, no types (it is not imported),
    // and the worker thread of `evaluate --workers n`, which cli.js starts from beside itself
    // (`dist/cli-worker.js`). Each is self-contained (no shared chunks the library's clean could remove).
    entry: { cli: "src/cli/cli.ts", "cli-worker": "src/cli/worker.ts" },
    format: ["esm"],
    splitting: false,
    dts: false,
    clean: false,
    sourcemap: true,
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
