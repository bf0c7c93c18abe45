/**
 * The library under test, as hosts run it: the bundle `npm run bench` builds from `src/` with
 * tsup into `.tmp/bench-lib/` (plain esbuild output). Loading `src/` through tsx instead would
 * measure tsx's transform, which wraps every closure created at run time in a `__name` call
 * (keepNames) and slows per-call closures several-fold. `BENCH_LIB=src` loads `src/` anyway.
 * @module
 */
import { existsSync } from "node:fs";
import type * as Lib from "../src/index.js";

const built = new URL("../.tmp/bench-lib/index.js", import.meta.url);
const useSrc = process.env["BENCH_LIB"] === "src";
if (!useSrc && !existsSync(built)) {
  throw new Error("bench: .tmp/bench-lib/index.js is missing; run `npm run bench` (it builds it) or set BENCH_LIB=src");
}
/** The library: the built bundle, or `src/` with BENCH_LIB=src. */
export const lib = (await import(useSrc ? new URL("../src/index.ts", import.meta.url).href : built.href)) as typeof Lib;
/** Which build is measured. */
export const libSource = useSrc ? "src/ via tsx" : ".tmp/bench-lib/index.js (tsup bundle of src/)";
