/**
 * Helpers for texts written in Chinese and English (internal): picking one language, telling a
 * `{ zh, en }` text from other values, and signs written the way both languages print them.
 * Shared by the rule book, the ruleset diff and the migration report.
 * @module
 */
import type { BilingualName } from "./grade.js";

/**
 * The languages the library writes in: `zh` (简体中文) and `en`.
 * @category Basics
 */
export type Locale = "zh" | "en";

/**
 * Picks the text of one language from a Chinese and an English text.
 * @category Basics
 */
export type Translate = (zh: string, en: string) => string;

/**
 * A function that returns its Chinese or its English argument, by `locale`.
 * @param locale - The language to pick.
 * @returns The picker, e.g. `translator("en")("是", "yes")` is `"yes"`.
 * @category Basics
 */
export function translator(locale: Locale): Translate {
  return (zh, en) => (locale === "zh" ? zh : en);
}

/**
 * Whether a value is a `{ zh, en }` text and nothing else.
 * @param v - Any value.
 * @returns `true` for an object with exactly the string keys `zh` and `en`.
 * @category Basics
 */
export function isBilingual(v: unknown): v is BilingualName {
  if (typeof v !== "object" || v === null || Array.isArray(v) || Object.keys(v).length !== 2) return false;
  const o = v as Record<string, unknown>;
  return typeof o["zh"] === "string" && typeof o["en"] === "string";
}

/**
 * A number with its sign, minus as U+2212: `+3`, `−1.5`.
 * @param n - The number.
 * @returns The signed text.
 * @category Basics
 */
export function signed(n: number): string {
  return n < 0 ? `−${-n}` : `+${n}`;
}
