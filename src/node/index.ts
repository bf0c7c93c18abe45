/**
 * credit-grading/node: the parts of credit-grading that need Node.js — a registry loaded from a
 * folder of ruleset files, and a decision log stored in an NDJSON file. Everything else is in the
 * main entry, `credit-grading`, which is pure and also runs in a browser.
 *
 * @example
 * ```ts
 * import { loadRegistry } from "credit-grading/node";
 *
 * const registry = loadRegistry("rulesets");
 * registry.evaluate("hlj-public-composite", subject, { asOf: "2025-12-31" }).grade;
 * ```
 * @module credit-grading/node
 */
export { FileLogStorage } from "./decision-log-fs.js";
export { inspectRegistry, loadRegistry } from "./registry-fs.js";
export type { InspectRegistryOptions, RegistryInspection } from "./registry-fs.js";
export { reportCharts } from "./report-charts.js";
export type { ReportChart } from "./report-charts.js";
