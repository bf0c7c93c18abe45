/**
 * Text from a ruleset (or a subject) made inert in the Markdown the library writes — rule books,
 * diffs — and in the HTML a Markdown renderer makes of it: the one escaping of the library.
 * @module
 */

const LINE_BREAKS = /\r\n?|[\n\u0085\u2028\u2029]/g;
const ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "\\|" };

/**
 * Escapes text for Markdown prose and table cells: no line break (a newline could start a
 * heading or a table row), no HTML (`<` and `>` as entities, `&` too), no link or link
 * definition (`]` escaped before `(`, `[` or `:`, which every link needs), no table cell break (`|` escaped),
 * and a start that cannot begin a heading, quote or list. Code spans written in a ruleset's
 * text stay (their content is literal to a renderer). What a reader sees rendered is the text.
 * @param text - Any text.
 * @returns The text, safe to place in Markdown.
 * @example
 * markdownText("<img src=x onerror=alert(1)>\n# Forged"); //=> "&lt;img src=x onerror=alert(1)&gt; # Forged"
 * markdownText("[click](javascript:alert(1))"); //=> "[click\\](javascript:alert(1))"
 * @category Basics
 */
export function markdownText(text: string): string {
  const out = text
    .replace(LINE_BREAKS, " ")
    .replace(/[\\<>&|]|\](?=[([:])/g, (c) => ESCAPES[c] ?? "\\]");
  if (/^[#>+=*-]/.test(out)) return `\\${out}`;
  return out.replace(/^(\d+)([.)])(?=\s|$)/, "$1\\$2");
}

/**
 * Text as a Markdown code span: fenced by more backticks than it contains in a row, on one line,
 * with `|` escaped for table cells (GitHub's tables honour `\|` inside code spans).
 * @param text - Any text.
 * @returns The code span.
 * @example
 * markdownCode("a`b"); //=> "`` a`b ``"
 * @category Basics
 */
export function markdownCode(text: string): string {
  const flat = text.replace(LINE_BREAKS, " ").replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return longest === 0 ? `${fence}${flat}${fence}` : `${fence} ${flat} ${fence}`;
}
