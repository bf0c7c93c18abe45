/**
 * The languages a rule book (规则书) is written in.
 * @module
 */

/**
 * The languages a rule book is rendered in.
 * @category Rule books
 */
export const RULEBOOK_LOCALES = ["zh", "en"] as const;

/**
 * A rule book language: `zh` (简体中文, the language regulators publish in) or `en`.
 * @category Rule books
 */
export type RulebookLocale = (typeof RULEBOOK_LOCALES)[number];
