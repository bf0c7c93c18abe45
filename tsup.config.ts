import { defineConfig } from "tsup";

export default defineConfig([
  {
    // The library: dual ESM/CJS with types. Cleaning spares the CLI bundle built beside it.
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: ["!cli.js", "!cli.js.map"],
    sourcemap: true,
    target: "node20",
    platform: "node",
  },
  {
    // The `credit-grading` command line: one ESM file with a shebang, no types (it is not imported).
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    dts: false,
    clean: false,
    sourcemap: true,
    target: "node20",
    platform: "node",
    banner: { js: "#!/usr/bin/env node" },
  },
]);
