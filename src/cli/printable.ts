/**
 * Text for a terminal (CLI): control characters shown escaped, so that a subject id or a
 * ruleset's text cannot move the cursor, recolour, retitle or clear the terminal, or forge a
 * line (an escape sequence, a carriage return, a newline, a bidirectional override).
 * @module
 */

// C0 and C1 controls, DEL, and the Unicode line separators and bidirectional controls.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Shows every control character of a text as `\u` and four hex digits (`"\u001b[2J"` for an
 * escape sequence that would clear the screen); the rest is unchanged.
 * @param text - Any text.
 * @returns The text, safe to print as one line.
 */
export function printable(text: string): string {
  return text.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
