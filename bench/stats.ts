/**
 * Small helpers of the benchmark's reports.
 * @module
 */

/**
 * The median.
 * @param xs - Numbers (at least one).
 */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * A time per subject for a table: whole ns below 10 µs, else µs with one decimal.
 * @param ns - Nanoseconds.
 */
export function fmt(ns: number): string {
  return ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${Math.round(ns)} ns`;
}

/**
 * Parses `--name=value` arguments.
 * @param argv - The arguments.
 */
export function parseArgs(argv: readonly string[]): Map<string, string> {
  return new Map(argv.map((a) => a.replace(/^--/, "").split("=") as [string, string]));
}
