/**
 * One module of the kernel language made runnable: emitted as JavaScript where the platform
 * and the host allow it, otherwise run by closures. Both give the same results.
 * @module
 */
import { compileEmitted } from "./emit.js";
import { interpretModule } from "./interpret.js";
import type { Module } from "./ir.js";

/**
 * A realised module: its functions, and which backend made them.
 * @category Grading
 */
export interface Realised<T> {
  /** The module's functions by name. */
  readonly fns: T;
  /** `true` when they are generated JavaScript, `false` when closures. */
  readonly generated: boolean;
}

/**
 * Makes a module of the kernel language runnable.
 * @param m - The module.
 * @param codegen - Whether generated code may be used (it still falls back where refused).
 * @returns The functions and the backend used.
 * @category Grading
 */
export function realise<T>(m: Module, codegen: boolean): Realised<T> {
  const emitted = codegen ? compileEmitted<T>(m) : undefined;
  return emitted === undefined ? { fns: interpretModule<T>(m), generated: false } : { fns: emitted, generated: true };
}
