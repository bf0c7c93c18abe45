/**
 * The library's version, recorded in every decision record (a test keeps it equal to package.json).
 * @module
 */

/**
 * This library's version.
 * @category Basics
 */
export const VERSION = "0.1.0";
