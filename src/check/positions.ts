/**
 * Where a diagnostic is in the text its ruleset was read from: the JSON path mapped to an offset
 * with `jsonc-parser` (the parser behind VS Code's JSON support), then to a 1-based line and
 * column. A path that goes past what the text holds (a missing key) points at the deepest
 * value that exists, the object that lacks it.
 * @module
 */
import { type Node, parse, parseTree, type ParseError, printParseErrorCode } from "jsonc-parser";
import type { PathSegment, SourcePosition } from "../base/diagnostic.js";

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

/** A parsed text's positions: the syntax tree and the start of every line. */
export interface TextPositions {
  /** The position of a JSON path in the text. */
  at(path: readonly PathSegment[]): SourcePosition;
  /** The position of an offset in the text. */
  offsetAt(offset: number, length?: number): SourcePosition;
}

/**
 * Indexes a text for {@link TextPositions.at}.
 * @param text - The text (already without a byte-order mark).
 * @returns Its positions.
 */
export function textPositions(text: string): TextPositions {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const offsetAt = (offset: number, length = 0): SourcePosition => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo]! + 1, offset, length };
  };
  let tree: Node | undefined;
  const at = (path: readonly PathSegment[]): SourcePosition => {
    tree ??= parseTree(text, [], STRICT);
    let node = tree;
    if (node === undefined) return offsetAt(0);
    for (const seg of path) {
      const next = _child(node, seg);
      if (next === undefined) break;
      node = next;
    }
    return offsetAt(node.offset, node.length);
  };
  return { at, offsetAt };
}

function _child(node: Node, seg: PathSegment): Node | undefined {
  if (node.type === "array" && typeof seg === "number") return node.children?.[seg];
  if (node.type !== "object") return undefined;
  // The last property of a name wins, as in JSON.parse.
  let found: Node | undefined;
  for (const prop of node.children ?? []) if (prop.children?.[0]?.value === String(seg)) found = prop.children[1];
  return found;
}

/**
 * Where a text stops being JSON, and why, as `jsonc-parser` finds it with comments and trailing
 * commas refused (`JSON.parse` refuses what it refuses).
 * @param text - A text `JSON.parse` refused.
 * @returns The first syntax error's position and its kind (e.g. `PropertyNameExpected`), or the
 * start of the text when the parser finds none.
 */
export function syntaxErrorAt(text: string): { readonly position: SourcePosition; readonly what: string | undefined } {
  const errors: ParseError[] = [];
  parse(text, errors, STRICT);
  const first = errors[0];
  const positions = textPositions(text);
  return first === undefined
    ? { position: positions.offsetAt(0), what: undefined }
    : { position: positions.offsetAt(first.offset, first.length), what: printParseErrorCode(first.error) };
}
