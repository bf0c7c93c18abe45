/**
 * zod building blocks shared by the parts of the ruleset format.
 * @module
 */
import { z } from "zod";
import { GRADES } from "../base/grade.js";

/**
 * An identifier: a letter, then up to 63 letters, digits, `_`, `.` or `-`.
 * @category Ruleset format
 */
export const Id = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/)
  .describe("An identifier: a letter, then up to 63 letters, digits, '_', '.' or '-'.");

/**
 * A text in Chinese and English.
 * @category Ruleset format
 */
export const Bilingual = z
  .strictObject({
    zh: z.string().min(1).describe("Chinese text."),
    en: z.string().min(1).describe("English text."),
  })
  .describe("A text in Chinese and English.");

/**
 * A canonical grade.
 * @category Ruleset format
 */
export const GradeSchema = z.enum(GRADES).describe("A canonical grade, A (best) to E (worst).");
